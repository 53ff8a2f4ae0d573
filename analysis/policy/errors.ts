import type { PolicyKind } from "./types";

/**
 * A malformed policy document or request. The message names the policy kind,
 * the statement index and Sid, and the field, e.g.
 * `resourcePolicy.Statement[0].Action: Action and NotAction are both present (statement Sid "Deny")`.
 */
export class PolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyError";
  }
}

/** Where a policy document sits in the evaluation input. */
export interface PolicyLocation {
  readonly kind: PolicyKind;
  /** Index in `identityPolicies`; only for identity policies. */
  readonly policyIndex?: number;
}

/** The JSON path of a policy in the evaluation input, e.g. `identityPolicies[2]`. */
export function policyPath(location: PolicyLocation): string {
  if (location.kind === "identity") {
    return `identityPolicies[${location.policyIndex ?? 0}]`;
  }
  return location.kind === "resource" ? "resourcePolicy" : "endpointPolicy";
}

/** Builds the one-line error for a problem in one statement's field. */
export function statementError(
  location: PolicyLocation,
  index: number,
  sid: string | undefined,
  field: string,
  problem: string,
): PolicyError {
  const suffix = sid === undefined ? "" : ` (statement Sid "${sid}")`;
  const fieldPath = field === "" ? "" : `.${field}`;
  return new PolicyError(`${policyPath(location)}.Statement[${index}]${fieldPath}: ${problem}${suffix}`);
}

/** Describes a JSON value's type for error messages ("a number", "an array", "null"). */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return type === "object" ? "an object" : `a ${type} (${JSON.stringify(value)})`;
}
