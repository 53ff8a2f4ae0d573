/**
 * VPCE-001: an S3 gateway endpoint has no policy (AWS's default is full access) or a policy
 * that allows `s3:*` (or `*`) on every resource to everyone, with no condition.
 */
import { eachPolicy, type ReadDocument } from "../check";
import type { EndpointSubject } from "../subjects";
import { compliant, nonCompliant } from "../support/outcome";
import { policyText, principalIsEveryone, statementName } from "../support/policy";
import { RuleStatus, type RuleOutcome } from "../types";
import type { NormalizedStatement } from "../../policy";

const ALL_S3 = /^(\*|s3:\*)$/i;
const ALL_RESOURCES = /^(\*|arn:aws[a-z-]*:s3:::\*)$/;

export const endpointPolicyScoped = eachPolicy(
  "endpoint",
  { absent: { status: RuleStatus.NON_COMPLIANT, detail: "no endpoint policy: the default allows every S3 action on every bucket" } },
  checkEndpoint,
);

function checkEndpoint({ endpoint }: EndpointSubject, read: ReadDocument): RuleOutcome {
  const open = read.normalized.statements.filter(isFullAccess);
  if (open.length === 0) return compliant(endpoint.address);
  return nonCompliant(endpoint.address, `${open.map(statementName).join(", ")} allows s3:* on every resource`);
}

function isFullAccess(statement: NormalizedStatement): boolean {
  if (statement.effect !== "Allow" || !principalIsEveryone(statement) || statement.conditions.length > 0) return false;
  const actions = !statement.action.negated && statement.action.value.some((a) => ALL_S3.test(a));
  const text = statement.resource.value.map(policyText);
  return actions && !statement.resource.negated && text.some((r) => ALL_RESOURCES.test(r));
}
