/**
 * The `because` sentences: which statement of which policy decided, or which gate failed to allow.
 */
import type { AccountRule, DecisiveStatement, EvaluationResult } from "../policy/types";

/** The labels of the policies of one evaluation, by kind (identity by index). */
export interface PolicyLabels {
  readonly identity: readonly string[];
  readonly resource?: string;
  readonly endpoint?: string;
}

/** `bucket policy (aws_s3_bucket_policy.x) statement "DenyOutsideScenarioEndpoints" (Deny)`. */
export function describeStatement(statement: DecisiveStatement, labels: PolicyLabels, effect: "Allow" | "Deny"): string {
  const name = statement.sid === undefined || statement.sid === "" ? `statement #${statement.index}` : `statement "${statement.sid}"`;
  return `${policyLabel(statement, labels)} ${name} (${effect})`;
}

/** The label of the policy a decisive statement belongs to. */
export function policyLabel(statement: DecisiveStatement, labels: PolicyLabels): string {
  if (statement.policy === "identity") return labels.identity[statement.policyIndex ?? 0] ?? "identity policy";
  if (statement.policy === "resource") return labels.resource ?? "resource policy";
  return labels.endpoint ?? "endpoint policy";
}

/** The sentence for an explicit deny or an allow. */
export function describeDecision(result: EvaluationResult, labels: PolicyLabels): string {
  if (result.decision === "ExplicitDeny") {
    const [first, ...more] = result.decisive;
    const head = first === undefined ? "denied" : `denied by ${describeStatement(first, labels, "Deny")}`;
    return more.length === 0 ? head : `${head} (and ${more.length} more Deny statement${more.length === 1 ? "" : "s"})`;
  }
  const grants = result.decisive.filter((statement) => statement.policy !== "endpoint").map((statement) => describeStatement(statement, labels, "Allow"));
  const gate = result.decisive.find((statement) => statement.policy === "endpoint");
  const through = gate === undefined ? "" : `, through ${describeStatement(gate, labels, "Allow")}`;
  return `allowed by ${grants.join(" and ")}${through}`;
}

/** The sentence for an implicit deny where no identity or resource policy statement grants. */
export function noGrant(action: string, labels: PolicyLabels, resourceWord: string): string {
  const where = [...labels.identity, labels.resource].filter((label): label is string => label !== undefined);
  if (where.length === 0) return `nothing allows ${action}: no identity policy and no ${resourceWord}`;
  return `no statement in the ${where.join(" or the ")} allows ${action}`;
}

/** Adds notes on policies the analysis could not use. */
export function withNotes(sentence: string, notes: readonly string[]): string {
  return notes.length === 0 ? sentence : `${sentence} [${notes.join("; ")}]`;
}

/**
 * The sentence for a decision made by an AWS rule outside the policies (analysis/policy/account-rules.ts).
 * It names no account id: the same stack's JSON holds a reference where its plan holds the id, and
 * the two reviews must read alike.
 */
export function ruleSentence(rule: AccountRule, action: string): string {
  const owner = "the bucket owner's account";
  if (rule === "bucket-owner-root-user") return `allowed: the bucket owner's root user can always call ${action}, whatever the bucket policy denies`;
  if (rule === "bucket-owner-account-only") return `only identities of ${owner} can call ${action}, whatever the policies allow`;
  return `${action} cannot be used from another account than the key's, whatever the key policy and identity policies allow`;
}

/** The sentence for a cross-account request that its identity policy allows but the bucket policy does not. */
export function crossAccountNoGrant(action: string, principalAccount: string, resourceLabel: string | undefined): string {
  const policy = resourceLabel ?? "bucket policy (there is none)";
  return `a principal of another account (${principalAccount}) also needs the bucket policy to allow ${action}, and no statement in the ${policy} does`;
}
