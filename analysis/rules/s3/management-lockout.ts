/**
 * S3-010: a bucket policy Deny on `s3:*` (or on bucket policy management) for everyone unless
 * the request comes through an endpoint or VPC (`aws:SourceVpce` / `aws:SourceVpc`), with no
 * exemption on `aws:PrincipalArn`, `aws:PrincipalAccount` or `aws:userid` (nor a NotPrincipal):
 * the deployer and every administrator outside the VPC lose management of the bucket, and only
 * the account root user can repair it. When the configuration resolves the deploying identity
 * (`deployerArnRefs`), the evaluator also checks that this identity is really exempted.
 */
import type { NormalizedStatement } from "../../policy";
import type { PolicyStatement } from "../../policy/types";
import type { Topology } from "../../topology/model";
import { compliant, nonCompliant, notApplicable, unknown } from "../support/outcome";
import { conditionKeys, decide, rawStatements, statementCovers, statementName, type ReadPolicy } from "../support/policy";
import { policySubjects, type PolicySubject } from "../support/policy-subjects";
import type { RuleOutcome } from "../types";

const NETWORK_KEYS = ["aws:sourcevpce", "aws:sourcevpc"];
const EXEMPTION_KEYS = ["aws:principalarn", "aws:principalaccount", "aws:userid"];
const MANAGEMENT_ACTIONS = ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy"];

export function managementLockout(topology: Topology): RuleOutcome[] {
  return policySubjects(topology).map((subject) => checkSubject(topology, subject));
}

function checkSubject(topology: Topology, subject: PolicySubject): RuleOutcome {
  const { read, address } = subject;
  if (read.kind === "absent") return notApplicable(address, "no bucket policy");
  if (read.kind === "unknown") return unknown(address, read.reason);
  const raw = rawStatements(read.document);
  const network = read.normalized.statements.filter((s) => isNetworkDeny(s) && coversManagement(raw[s.index], subject));
  const bare = network.filter((s) => !hasExemption(s));
  if (bare.length > 0) {
    return nonCompliant(address, `${bare.map(statementName).join(", ")} denies ${keysOf(bare[0])} without a principal exemption`);
  }
  const byArnOnly = network.every((s) => conditionKeys(s).filter((key) => EXEMPTION_KEYS.includes(key)).every((key) => key === "aws:principalarn"));
  const deployer = byArnOnly ? lockedOutDeployer(topology, subject, read) : undefined;
  if (deployer !== undefined) return nonCompliant(address, `the deploying identity ${deployer} is not exempted`);
  return compliant(address);
}

/** A Deny for everyone that applies when the request is NOT from the listed endpoints or VPCs. */
function isNetworkDeny(statement: NormalizedStatement): boolean {
  const everyone = statement.principal === undefined || (!statement.principal.negated && statement.principal.value.everyone);
  const outside = statement.conditions.some((c) => NETWORK_KEYS.includes(c.key.toLowerCase()) && (c.operator.base.includes("Not") || c.operator.base === "Null"));
  return statement.effect === "Deny" && everyone && outside;
}

function coversManagement(raw: PolicyStatement | undefined, subject: PolicySubject): boolean {
  if (raw === undefined) return false;
  return MANAGEMENT_ACTIONS.some((action) => statementCovers(raw, action, subject.bucketArns) === true);
}

function hasExemption(statement: NormalizedStatement): boolean {
  return conditionKeys(statement).some((key) => EXEMPTION_KEYS.includes(key));
}

function keysOf(statement: NormalizedStatement | undefined): string {
  const keys = (statement?.conditions ?? []).filter((c) => NETWORK_KEYS.includes(c.key.toLowerCase()));
  return keys.map((c) => `${c.operator.name} ${c.key}`).join(" and ");
}

/** The deployer ref that a policy management call from outside the VPC would be denied for. */
function lockedOutDeployer(topology: Topology, subject: PolicySubject, read: Extract<ReadPolicy, { kind: "policy" }>): string | undefined {
  return topology.deployerArnRefs.find((arn) =>
    subject.bucketArns.some((resource) => {
      const context = { "aws:PrincipalArn": arn, "aws:SecureTransport": "true" };
      const result = decide({ action: "s3:PutBucketPolicy", resource, context, resourcePolicy: read.document });
      return result?.decision === "ExplicitDeny" && result.decisive.some((d) => {
        const statement = read.normalized.statements[d.index];
        return d.policy === "resource" && statement !== undefined && isNetworkDeny(statement);
      });
    }),
  );
}

