/**
 * Policies as the analyzer uses them: a document the evaluator accepts, with a label for `because`,
 * or a note saying why it is left out (unresolved in the input, or malformed).
 */
import { normalizePolicy, PolicyError } from "../policy";
import type { PolicyDocument, PolicyKind, PolicyStatement } from "../policy/types";
import type { FoundPolicy } from "../topology/model";

/** A policy document with the words that name it in a `because` sentence. */
export interface LabeledPolicy {
  readonly document: PolicyDocument;
  /** E.g. `bucket policy (aws_s3_bucket_policy.x)`, `endpoint policy of readers`. */
  readonly label: string;
  /** The address of the resource or data block that holds it, when the input has one. */
  readonly address?: string;
}

/** A found policy made usable: the labeled document, or why there is none. */
export interface UsablePolicy {
  readonly policy?: LabeledPolicy;
  /** Set when the input holds a policy the analysis cannot use; it is then treated as absent. */
  readonly unresolved?: string;
  /**
   * True when that policy's document is not known from the input (a reference or expression left
   * unresolved), so any decision it could change is unknown. A malformed document is not: AWS
   * refuses it at apply, so the policy is absent.
   */
  readonly documentUnknown?: boolean;
}

const checked = new WeakMap<object, string | null>();

/** The document of a found policy when the evaluator accepts it; unresolved or malformed ones become a note. */
export function usable(found: FoundPolicy | undefined, kind: PolicyKind, label: string): UsablePolicy {
  if (found === undefined) return {};
  if (found.document === null) return found.unresolved === undefined ? {} : { unresolved: `${label} is unresolved (${found.unresolved})`, documentUnknown: true };
  const problem = malformation(found.document, kind);
  if (problem !== null) return { unresolved: `${label} is malformed (${problem})` };
  return { policy: { document: found.document, label, address: found.address } };
}

/** The evaluator's complaint about a document, or null when it is well-formed; memoized per document. */
function malformation(document: PolicyDocument, kind: PolicyKind): string | null {
  const cached = checked.get(document);
  if (cached !== undefined) return cached;
  let problem: string | null = null;
  try {
    normalizePolicy(document, { kind });
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    problem = error.message;
  }
  checked.set(document, problem);
  return problem;
}

/**
 * AWS's default endpoint policy when none is given: full access. As a resource policy it grants
 * everyone everything, so that only the other policies can still refuse.
 */
export const FULL_ACCESS: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }],
};

/** An identity policy that allows everything. */
export const ALLOW_ALL: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

/** An identity policy that denies everything. */
export const DENY_ALL: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "*", Resource: "*" }] };

/** The statements of a well-formed found policy (one the evaluator accepts); none otherwise. */
export function statementsOf(found: FoundPolicy | undefined, kind: PolicyKind): PolicyStatement[] {
  const document = usable(found, kind, "").policy?.document;
  if (document === undefined) return [];
  return Array.isArray(document.Statement) ? document.Statement : [document.Statement];
}

/**
 * ARNs that Deny statements exempt through negated `aws:PrincipalArn` conditions (`ArnNotLike`,
 * `ArnNotEquals`, `StringNotEquals`, `StringNotLike`, with or without `IfExists`), in order, without
 * patterns (`*`, `?`): the deployer and the configured `access.adminPrincipalArns`.
 */
export function exemptedPrincipalArns(statements: readonly PolicyStatement[]): string[] {
  const arns = new Set<string>();
  for (const item of statements) {
    if (item.Effect !== "Deny") continue;
    for (const [operator, byKey] of Object.entries(item.Condition ?? {})) {
      if (!/^(Arn|String)Not(Like|Equals)(IfExists)?$/.test(operator)) continue;
      for (const [key, values] of Object.entries(byKey)) {
        if (key.toLowerCase() !== "aws:principalarn") continue;
        for (const value of Array.isArray(values) ? values : [values]) if (typeof value === "string" && !/[*?]/.test(value)) arns.add(value);
      }
    }
  }
  return [...arns];
}
