/**
 * The `because` sentences: which statement of which policy decided, or which gate failed to allow;
 * and the typed reasons they are worded from, for code to act on.
 */
import type { AccountRule, DecisiveStatement, EvaluationResult } from "../policy/types";
import type { PolicyRef, Reason, StatementRef } from "./types";

/** The policies of one evaluation, by kind (identity by index). */
export interface PolicyLabels {
  readonly identity: readonly PolicyRef[];
  readonly resource?: PolicyRef;
  readonly endpoint?: PolicyRef;
}

/** The statements that decided an allow or an explicit deny, each with its policy and effect. */
function decisiveStatements(result: EvaluationResult, labels: PolicyLabels): StatementRef[] {
  const effect = result.decision === "Allow" ? "Allow" : "Deny";
  return result.decisive.map(
    (statement): StatementRef => ({
      policy: policyOf(statement, labels),
      index: statement.index,
      ...(statement.sid === undefined || statement.sid === "" ? {} : { sid: statement.sid }),
      effect,
    }),
  );
}

/** The typed reason of an allow or an explicit deny. */
export function statementsReason(result: EvaluationResult, labels: PolicyLabels): Reason {
  return { kind: "statements", statements: decisiveStatements(result, labels) };
}

function policyOf(statement: DecisiveStatement, labels: PolicyLabels): PolicyRef {
  if (statement.policy === "identity") return labels.identity[statement.policyIndex ?? 0] ?? { kind: "identity", label: "identity policy" };
  if (statement.policy === "resource") return labels.resource ?? { kind: "resource", label: "resource policy" };
  return labels.endpoint ?? { kind: "endpoint", label: "endpoint policy" };
}

/**
 * `bucket policy (aws_s3_bucket_policy.x) statement "DenyOutsideScenarioEndpoints"` (the Sid marked by `quote`), or `…
 * statement #2` without a Sid.
 */
export function statementName(statement: StatementRef, quote: (sid: string) => string = (sid) => `"${sid}"`): string {
  return `${statement.policy.label} statement ${statement.sid === undefined ? `#${statement.index}` : quote(statement.sid)}`;
}

/** `bucket policy (aws_s3_bucket_policy.x) statement "DenyOutsideScenarioEndpoints" (Deny)`. */
function describeStatement(statement: StatementRef): string {
  return `${statementName(statement)} (${statement.effect})`;
}

/**
 * What the statements of an allow or an explicit deny did, named by `name`: `by A and B, through C`
 * (the grants, then the endpoint policy's gate) or `by D (and 2 more Deny statements)`; empty when
 * there are none.
 */
export function decidedBy(statements: readonly StatementRef[], name: (statement: StatementRef) => string = describeStatement): string {
  const [first, ...more] = statements;
  if (first === undefined) return "";
  if (first.effect === "Deny")
    return more.length === 0
      ? `by ${name(first)}`
      : `by ${name(first)} (and ${more.length} more Deny statement${more.length === 1 ? "" : "s"})`;
  const grants = statements.filter((statement) => statement.policy.kind !== "endpoint").map((statement) => name(statement));
  const gate = statements.find((statement) => statement.policy.kind === "endpoint");
  return `by ${grants.join(" and ")}${gate === undefined ? "" : `, through ${name(gate)}`}`;
}

/** The sentence for an explicit deny or an allow. */
export function describeDecision(result: EvaluationResult, labels: PolicyLabels): string {
  const by = decidedBy(decisiveStatements(result, labels));
  if (result.decision === "ExplicitDeny") return by === "" ? "denied" : `denied ${by}`;
  // An allow names its grants even when there are none to name, as it always has.
  return `allowed ${by === "" ? "by " : by}`;
}

/** The sentence for an implicit deny where no identity or resource policy statement grants. */
export function noGrant(action: string, labels: PolicyLabels, resourceWord: string): string {
  const where = [...labels.identity, labels.resource].flatMap((policy) => (policy === undefined ? [] : [policy.label]));
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
  if (rule === "bucket-owner-root-user")
    return `allowed: the bucket owner's root user can always call ${action}, whatever the bucket policy denies`;
  if (rule === "bucket-owner-account-only") return `only identities of ${owner} can call ${action}, whatever the policies allow`;
  return `${action} cannot be used from another account than the key's, whatever the key policy and identity policies allow`;
}

/** The sentence for a cross-account request that its identity policy allows but the bucket policy does not. */
export function crossAccountNoGrant(action: string, principalAccount: string, resource: PolicyRef | undefined): string {
  const policy = resource?.label ?? "bucket policy (there is none)";
  return (
    `a principal of another account (${principalAccount}) also needs the bucket policy to allow ${action}, and no ` +
    `statement in the ${policy} does`
  );
}
