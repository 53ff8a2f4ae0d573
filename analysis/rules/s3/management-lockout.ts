/**
 * S3-010: a bucket policy Deny that stops the account's managers from managing the policy. The
 * managers are the deploying identity (`deployerArnRefs`) and every ARN the policy exempts by
 * `aws:PrincipalArn` (the configuration's admins); when the input names none of them, any role of
 * the account. For each, the evaluator decides s3:PutBucketPolicy and s3:DeleteBucketPolicy from
 * where a deployer works, outside the VPC (no `aws:SourceVpce` / `aws:SourceVpc`), over TLS: an
 * explicit Deny of the bucket policy locks them out, whatever its condition (an endpoint or VPC
 * allow-list, or none at all). AWS lets the bucket owner's root user get, put and delete the bucket
 * policy whatever it denies (S3 API Reference, PutBucketPolicy), so recovery needs the root user.
 * A Deny that turns on a key the configuration cannot give for the manager (aws:userid,
 * aws:PrincipalOrgID, aws:SourceIp, a tag, an account known only at apply) is UNKNOWN.
 */
import { BUCKET_POLICY_CHANGING_ACTIONS } from "../../access-levels";
import { exemptedPrincipalArns } from "../../access/policies";
import { arnAccount } from "../../policy/arn";
import type { NormalizedStatement } from "../../policy";
import type { Topology } from "../../topology/model";
import { isExpression } from "../../topology/values";
import { eachPolicy, type ReadDocument } from "../check";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import { askProbe, conditionKeys, rawStatements, statementName } from "../support/policy";
import { NO_BUCKET_POLICY, type PolicySubject } from "../support/policy-subjects";
import type { RuleOutcome } from "../types";

/** Condition keys whose value the probe knows for a manager outside the VPC. */
const KNOWN_KEYS = ["aws:sourcevpce", "aws:sourcevpc", "aws:principalarn", "aws:securetransport"];

/** A manager the rule probes, and how the finding names it. */
interface Manager {
  readonly arn: string;
  readonly account: string | undefined;
  readonly label: string;
}

/** What a manager's policy management from outside the VPC comes to. */
type Verdict =
  | { readonly kind: "locked"; readonly denies: readonly NormalizedStatement[] }
  | { readonly kind: "unknown"; readonly keys: readonly string[] }
  | { readonly kind: "free" };

export const managementLockout = eachPolicy("bucket-policy", { absent: NO_BUCKET_POLICY }, checkSubject);

function checkSubject(subject: PolicySubject, read: ReadDocument, topology: Topology): RuleOutcome {
  const { address } = subject;
  const verdicts = managersOf(topology, read).map((manager) => ({ manager, verdict: probe(manager, subject, read) }));
  const locked = verdicts.find((item) => item.verdict.kind === "locked");
  if (locked !== undefined && locked.verdict.kind === "locked")
    return nonCompliant(address, lockedDetail(locked.manager, locked.verdict.denies));
  const open = verdicts.find((item) => item.verdict.kind === "unknown");
  if (open !== undefined && open.verdict.kind === "unknown") {
    return unknown(
      address,
      `whether the bucket policy denies ${open.manager.label} s3:PutBucketPolicy from outside the VPC turns on ` +
        `${open.verdict.keys.join(", ")}, which the configuration does not give`,
    );
  }
  return compliant(address);
}

/** The deployers and the exempted admins; when the input names neither, any role of the account. */
function managersOf(topology: Topology, read: ReadDocument): Manager[] {
  const account = topology.accountRef;
  const deployers = topology.deployerArnRefs.map((arn): Manager => ({ arn, account, label: `the deploying identity ${arn}` }));
  const admins = exemptedPrincipalArns(rawStatements(read.document))
    .filter((arn) => !topology.deployerArnRefs.includes(arn))
    .map((arn): Manager => ({ arn, account: arnAccount(arn) ?? account, label: `the administrator ${arn}` }));
  if (deployers.length + admins.length > 0) return [...deployers, ...admins];
  return [
    {
      arn: `arn:aws:iam::${account ?? "111122223333"}:role/administrator`,
      account,
      label: "every principal of the account (the policy exempts none)",
    },
  ];
}

/** Asks the evaluator whether the bucket policy explicitly denies the manager's policy management from outside the VPC. */
function probe(manager: Manager, subject: PolicySubject, read: ReadDocument): Verdict {
  const context: Record<string, string> = { "aws:PrincipalArn": manager.arn, "aws:SecureTransport": "true" };
  if (manager.account !== undefined) context["aws:PrincipalAccount"] = manager.account;
  const denies = new Map<number, NormalizedStatement>();
  for (const action of BUCKET_POLICY_CHANGING_ACTIONS) {
    for (const resource of subject.bucketArns) {
      const answer = askProbe({ principal: manager.arn, action, resource, context, resourcePolicy: read.document });
      if (answer.kind === "refused" || answer.result.decision !== "ExplicitDeny") continue;
      for (const d of answer.result.decisive) {
        const statement = read.normalized.statements[d.index];
        if (d.policy === "resource" && statement !== undefined) denies.set(d.index, statement);
      }
    }
  }
  if (denies.size === 0) return { kind: "free" };
  const unknownKeys = unknowable([...denies.values()], manager);
  return unknownKeys.length === 0 ? { kind: "locked", denies: [...denies.values()] } : { kind: "unknown", keys: unknownKeys };
}

/** Keys of the denying statements the probe could not know; empty when one of them denies on known keys alone. */
function unknowable(denies: readonly NormalizedStatement[], manager: Manager): string[] {
  const known = [...KNOWN_KEYS, ...(manager.account !== undefined && !isExpression(manager.account) ? ["aws:principalaccount"] : [])];
  const perStatement = denies.map((statement) => [...new Set(conditionKeys(statement).filter((key) => !known.includes(key)))]);
  if (perStatement.some((keys) => keys.length === 0)) return [];
  return [...new Set(perStatement.flat())];
}

function lockedDetail(manager: Manager, denies: readonly NormalizedStatement[]): string {
  const when = (s: NormalizedStatement): string =>
    s.conditions.length === 0 ? "unconditionally" : `when ${s.conditions.map((c) => `${c.operator.name} ${c.key}`).join(" and ")}`;
  const how = denies.map((statement) => `${statementName(statement)} (${when(statement)})`).join(", ");
  return (
    `${how} denies ${manager.label} s3:PutBucketPolicy or s3:DeleteBucketPolicy from outside the VPC; recovery ` +
    `then needs the root user of the bucket owner's account, which can always get, put and delete the bucket policy`
  );
}
