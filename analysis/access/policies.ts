/**
 * Policies as the analyzer uses them: a read policy's document with a label for `because`, or a
 * note saying why it is left out (unresolved in the input, or malformed).
 */
import type { PolicyDocument, PolicyStatement } from "../policy/types";
import type { PolicyRead } from "../topology/model";

/** A policy document with the words that name it in a `because` sentence. */
export interface LabeledPolicy {
  readonly document: PolicyDocument;
  /** E.g. `bucket policy (aws_s3_bucket_policy.x)`, `endpoint policy of readers`. */
  readonly label: string;
  /** The address of the resource or data block that holds it, when the input has one. */
  readonly address?: string;
}

/** The labeled document of a read the evaluator accepts; undefined when it is absent, unresolved or malformed. */
export function labeled(read: PolicyRead, label: string): LabeledPolicy | undefined {
  return read.state === "ok" ? { document: read.document, label, address: read.address } : undefined;
}

/**
 * The note for a policy the input holds but the analysis cannot use, which is then left out;
 * undefined when it is absent or usable. An unresolved one also makes any decision it could change
 * unknown (see {@link documentUnknown}); a malformed one does not: AWS refuses it at apply, so the
 * policy is absent.
 */
export function leftOutNote(read: PolicyRead, label: string): string | undefined {
  if (read.state === "unresolved") return `${label} is unresolved (${read.reason})`;
  if (read.state === "malformed") return `${label} is malformed (${read.problem})`;
  return undefined;
}

/** True when the input does not give the policy's document: it may hold any statement. */
export function documentUnknown(read: PolicyRead): boolean {
  return read.state === "unresolved";
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

/** The statements of a policy the evaluator accepts; none otherwise. */
export function statementsOf(read: PolicyRead): PolicyStatement[] {
  if (read.state !== "ok") return [];
  return Array.isArray(read.document.Statement) ? read.document.Statement : [read.document.Statement];
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
        for (const value of Array.isArray(values) ? values : [values])
          if (typeof value === "string" && !/[*?]/.test(value)) arns.add(value);
      }
    }
  }
  return [...arns];
}
