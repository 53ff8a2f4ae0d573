/**
 * The IAM policy evaluator: identity, bucket, KMS key and VPC endpoint policies.
 * Pure TypeScript, no I/O; see {@link evaluate} for the decision logic.
 */
export type {
  AccountRule,
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
export { normalizePolicy } from "./normalize";
export type { NormalizedPolicy, NormalizedStatement } from "./normalize";
export { matchesWildcard } from "./wildcard";
