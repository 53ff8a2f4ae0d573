/**
 * The review of one synthesized stack, for the matchers: the same analysis as `npm run review`
 * (topology reader, access analyzer, rule pack), on `Testing.synth` or `Testing.synthScope` output
 * or a parsed Terraform (or plan) JSON document. No cdktf here, so that loading the matchers stays cheap.
 */
import { analyzeAccess } from "../analysis/access";
import type { AccessReport } from "../analysis/access/types";
import { runRules } from "../analysis/rules/run";
import type { Finding } from "../analysis/rules/types";
import { readAny } from "../analysis/topology";

/** What the matchers accept: a JSON string (`Testing.synth`, `Testing.synthScope`) or its parse. */
export type SynthInput = string | object;

/** The access matrix, boot check and findings of one stack. */
export interface SynthReview {
  readonly report: AccessReport;
  readonly findings: readonly Finding[];
}

/** The name the analysis gives the stack in its messages. */
const STACK_NAME = "synthesized stack";

/** One entry: a test usually asserts several things on the same synth. */
let last: { input: unknown; review: SynthReview } | undefined;

/**
 * Reviews a synthesized stack.
 * @throws TypeError when the input is neither a JSON string nor an object
 * @throws TopologyInputError when it is not Terraform JSON (or plan JSON)
 */
export function reviewSynth(input: unknown): SynthReview {
  if (last !== undefined && last.input === input) return last.review;
  const topology = readAny(parseInput(input), STACK_NAME);
  const review = { report: analyzeAccess(topology), findings: runRules(topology) };
  // Objects may be changed between two assertions; strings cannot.
  last = typeof input === "string" ? { input, review } : undefined;
  return review;
}

function parseInput(input: unknown): unknown {
  if (typeof input === "string") {
    try {
      return JSON.parse(input);
    } catch (error) {
      throw new TypeError(
        `expected the Terraform JSON of a stack (the string Testing.synth(stack) returns), but it is not JSON: ${(error as Error).message}`,
      );
    }
  }
  if (input !== null && typeof input === "object" && typeof (input as { toTerraform?: unknown }).toTerraform === "function") {
    throw new TypeError("expected the Terraform JSON of a stack, but got the stack itself: pass Testing.synth(stack)");
  }
  if (input !== null && typeof input === "object" && !Array.isArray(input)) return input;
  throw new TypeError(
    `expected the Terraform JSON of a stack (Testing.synth(stack), Testing.synthScope(...) or its JSON.parse), but got ` +
      `${input === null ? "null" : Array.isArray(input) ? "an array" : typeof input}`,
  );
}
