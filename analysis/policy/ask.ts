/**
 * The one way the analysis asks the evaluator, with one error rule:
 * - a {@link PolicyError} is the evaluator refusing the request: a malformed principal ARN, a policy
 *   document AWS would refuse. The answer is then `refused`, with the evaluator's message naming
 *   the field, the value and the fix;
 * - any other error is a bug in the analysis, and is rethrown.
 *
 * A refused request is allowed by nothing: where a decision is needed, it counts as an implicit
 * deny with no decisive statement ({@link resultOf}).
 */
import { PolicyError } from "./errors";
import { evaluate } from "./evaluate";
import type { EvaluationInput, EvaluationResult } from "./types";

/** What the evaluator says about one request: its decision, or why it refuses the request. */
export type Answer =
  | { readonly kind: "decided"; readonly result: EvaluationResult }
  | { readonly kind: "refused"; readonly problem: string };

/** Evaluates one request; a PolicyError becomes a `refused` answer, any other error is rethrown. */
export function ask(input: EvaluationInput): Answer {
  try {
    return { kind: "decided", result: evaluate(input) };
  } catch (error) {
    if (error instanceof PolicyError) return { kind: "refused", problem: error.message };
    throw error;
  }
}

const REFUSED: EvaluationResult = { decision: "ImplicitDeny", decisive: [] };

/** The result an answer stands for: a refused request is an implicit deny with no decisive statement. */
export function resultOf(answer: Answer): EvaluationResult {
  return answer.kind === "decided" ? answer.result : REFUSED;
}
