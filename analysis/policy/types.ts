/**
 * Public types of the IAM policy evaluator. Other parts of the project (the
 * access analyzer, the rule pack, the `evaluate` CLI) code against these names.
 */

import type { AccountRule } from "./account-rules";

export type { AccountRule } from "./account-rules";

/** The outcome of evaluating one request, in AWS's words. */
export type Decision = "Allow" | "ImplicitDeny" | "ExplicitDeny";

/** Which policy a statement belongs to. */
export type PolicyKind = "identity" | "resource" | "endpoint";

/** One statement of an IAM policy document, as written by the user. */
export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/** An IAM policy document (identity policy, bucket/key policy or endpoint policy). */
export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

/** A request context value: single-valued keys carry a string, multivalued keys an array. */
export type ContextValue = string | string[];

/** The request being authorized. */
export interface EvaluationRequest {
  /** ARN of the calling principal, or `"anonymous"` for an unsigned request. */
  principal: string;
  /** The API action, e.g. `s3:GetObject`. */
  action: string;
  /** ARN of the resource, e.g. `arn:aws:s3:::bucket/key`. */
  resource: string;
  /**
   * Account that owns the resource. S3 ARNs carry no account, so state it here or as the
   * `aws:ResourceAccount` context key; a KMS key ARN carries it.
   * @default - the principal's account (a same-account request), reported in the result's `assumed`
   */
  resourceAccount?: string;
  /**
   * Request context keys (`aws:SourceVpce`, `aws:PrincipalArn`, ...); key names are case-insensitive.
   * When absent, `aws:PrincipalAccount` is taken from the principal ARN, and so is
   * `aws:PrincipalArn` except for role sessions, where it must be given as the role ARN.
   */
  context: Record<string, ContextValue>;
}

/** Everything the evaluator needs to decide one request. */
export interface EvaluationInput {
  request: EvaluationRequest;
  /** Identity-based policies attached to the principal (ignored for anonymous requests). */
  identityPolicies: PolicyDocument[];
  /** The resource-based policy (bucket policy, or key policy for `kms:` actions); null when none. */
  resourcePolicy: PolicyDocument | null;
  /** The VPC endpoint policy; non-null means the request went through that endpoint. */
  endpointPolicy: PolicyDocument | null;
}

/** A statement that decided the outcome. */
export interface DecisiveStatement {
  policy: PolicyKind;
  /** Statement index within its policy. */
  index: number;
  /** Index of the identity policy in `identityPolicies`; only for `policy: "identity"`. */
  policyIndex?: number;
  sid?: string;
}

/** Values the evaluator had to assume because the input did not state them. */
interface Assumptions {
  /** The resource's account, taken to be the principal's own (or `"the principal's account"` when that is unknown too). */
  resourceAccount?: string;
}

/** The decision and the statements that made it. */
export interface EvaluationResult {
  decision: Decision;
  /**
   * ExplicitDeny: every matching Deny statement. Allow: the Allow statements that granted,
   * plus the endpoint policy's allowing statements when an endpoint policy applies.
   * ImplicitDeny: always empty.
   */
  decisive: DecisiveStatement[];
  /**
   * Set when an AWS rule outside the policies decided (see `account-rules.ts`): bucket policy
   * management from another account (ImplicitDeny) or by the owner's root user (Allow), or a KMS
   * operation that cannot be used across accounts (ImplicitDeny).
   */
  rule?: AccountRule;
  /** Set when the decision depends on a value the input did not state. */
  assumed?: Assumptions;
}
