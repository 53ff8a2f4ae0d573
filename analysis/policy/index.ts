/**
 * The IAM policy evaluator: identity, bucket, KMS key and VPC endpoint policies.
 * Pure TypeScript, no I/O; see {@link evaluate} for the decision logic.
 */
export type {
  AccountRule,
  Assumptions,
  ContextValue,
  Decision,
  DecisiveStatement,
  EvaluationInput,
  EvaluationRequest,
  EvaluationResult,
  PolicyDocument,
  PolicyKind,
  PolicyStatement,
} from "./types";
export { evaluate } from "./evaluate";
export { PolicyError } from "./errors";
export { ask, resultOf, type Answer } from "./ask";
export { validateEvaluationInput } from "./input";
export { BUCKET_POLICY_ACTIONS, isBucketPolicyAction, KMS_CROSS_ACCOUNT_ACTIONS, kmsWorksCrossAccount } from "./account-rules";
export { normalizePolicy, POLICY_VERSION } from "./normalize";
export type { NormalizedCondition, NormalizedPolicy, NormalizedStatement } from "./normalize";
export type { Negatable } from "./fields";
export type { PolicyLocation } from "./errors";
export { matchesWildcard, matchesArn } from "./wildcard";
export { parseConditionOperator } from "./conditions";
export type { ConditionOperator, SetQualifier } from "./conditions";
export type { PrincipalElement, PrincipalEntry, PrincipalType } from "./principal";
export type { PolicyString, PolicyStringPart } from "./variables";
