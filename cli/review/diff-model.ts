/**
 * What `review NEW --baseline OLD` and `review PLAN --diff` compute, shared by the diff formatters:
 * the typed diff of `analysis/diff`, the stacks it paired and the inputs it read.
 */
import type { AccessDiff } from "../../analysis/diff/access-diff";
import type { PlanBeforeSource } from "../../analysis/diff/plan-before";
import type { StackReview } from "./model";

/** One stack of the diff: its review on each side, undefined on a side that has no such stack. */
export interface StackPair {
  readonly stack: string;
  readonly baseline?: StackReview;
  readonly current?: StackReview;
}

/** The diff with what it was made from. */
export interface DiffReview {
  /** NEW as given on the command line. */
  readonly current: string;
  /** OLD as given (`--baseline`), or the plan file again for `--diff`. */
  readonly baseline: string;
  /** For `--diff`: where the plan's before came from. */
  readonly planBefore?: PlanBeforeSource;
  readonly stacks: readonly StackPair[];
  readonly diff: AccessDiff;
}

/** The formats of the diff. */
export const DIFF_FORMATS = ["text", "markdown", "json", "sarif"] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];
