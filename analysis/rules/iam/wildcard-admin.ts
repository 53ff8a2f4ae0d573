/**
 * IAM-001: an identity policy allows every action (`Action: "*"`, or any `NotAction`) on
 * `Resource: "*"`, or the AWS managed AdministratorAccess policy is attached: full admin.
 * IAM-002: an identity policy allows a whole service (`service:*`) on `Resource: "*"`.
 */
import type { NormalizedStatement } from "../../policy";
import type { Topology } from "../../topology/model";
import { identityPolicies } from "../support/identity-policies";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import { policyText, statementName, unjudgeable, whyUnjudgeable } from "../support/policy";
import { resourcesOfType } from "../support/terraform";
import type { RuleOutcome } from "../types";

const ATTACHMENTS = ["aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_policy_attachment"];
const ADMINISTRATOR_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

export function noFullAdmin(topology: Topology): RuleOutcome[] {
  const attached = ATTACHMENTS.flatMap((type) => resourcesOfType(topology, type))
    .filter((r) => typeof r.values["policy_arn"] === "string" && ADMINISTRATOR_ACCESS.test(r.values["policy_arn"]))
    .map((r) => nonCompliant(r.address, "attaches AdministratorAccess"));
  return [...judgePolicies(topology, isFullAdmin), ...attached];
}

export function noServiceWildcard(topology: Topology): RuleOutcome[] {
  return judgePolicies(topology, isServiceWildcard);
}

/** One outcome per policy: the statements that match `bad`, or unknown when unreadable. */
function judgePolicies(topology: Topology, bad: (statement: NormalizedStatement) => string | undefined): RuleOutcome[] {
  return identityPolicies(topology).map(({ address, read }) => {
    if (unjudgeable(read)) return unknown(address, whyUnjudgeable(read));
    if (read.state === "absent") return compliant(address);
    const found = read.normalized.statements.flatMap((s) => {
      const what = bad(s);
      return what === undefined ? [] : [`${statementName(s)} allows ${what} on *`];
    });
    return found.length === 0 ? compliant(address) : nonCompliant(address, found.join("; "));
  });
}

function onEverything(statement: NormalizedStatement): boolean {
  return statement.effect === "Allow" && !statement.resource.negated && statement.resource.value.some((r) => policyText(r) === "*");
}

function isFullAdmin(statement: NormalizedStatement): string | undefined {
  if (!onEverything(statement)) return undefined;
  if (statement.action.negated) return `every action except ${statement.action.value.join(", ")}`;
  return statement.action.value.includes("*") ? "*" : undefined;
}

function isServiceWildcard(statement: NormalizedStatement): string | undefined {
  if (!onEverything(statement) || statement.action.negated) return undefined;
  const services = statement.action.value.filter((action) => /^[A-Za-z0-9-]+:\*$/.test(action));
  return services.length === 0 ? undefined : services.join(", ");
}
