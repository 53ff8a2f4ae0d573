/**
 * The access diff's half of the command: reads NEW and OLD (`--baseline`) or a plan's before and
 * after (`--diff`), analyzes each input once, pairs their stacks by name and diffs them; renders the
 * diff and says how to exit. Errors are {@link ReviewInputError}s naming which input and why.
 */
import { changeKind, ChangeKind, diffStack, joinDiffs } from "../../analysis/diff/access-diff";
import { planBefore } from "../../analysis/diff/plan-before";
import { detectInput } from "../../analysis/topology";
import { renderDiffJson } from "./diff-json";
import { renderDiffMarkdown } from "./diff-markdown";
import type { DiffFormat, DiffReview, StackPair } from "./diff-model";
import { NO_BEFORE } from "./diff-present";
import { renderDiffSarif } from "./diff-sarif";
import { renderDiffText } from "./diff-text";
import { ReviewInputError, resolveInput, type StackInput } from "./input";
import { atOrAbove, type FailOn, type StackReview, type SuppressionReport } from "./model";

/** What to compare. */
export interface DiffRequest {
  /** NEW: any accepted input; the plan for `--diff`. */
  readonly input: string;
  /** OLD (`--baseline`); undefined for `--diff`. */
  readonly baseline?: string;
  /** Accept a side with no S3 bucket. */
  readonly allowEmpty: boolean;
}

/** How the command reads and checks one input; the review's own functions (`run.ts`). */
export interface DiffSteps {
  /** Analyzes one document. */
  readonly analyze: (input: StackInput) => StackReview;
  /** Refuses an input in which no stack holds a bucket, unless `--allow-empty`. */
  readonly requireBucket: (input: string, reviews: readonly StackReview[]) => void;
}

/** The diff, with the notes for stderr. */
export interface DiffOutcome {
  readonly review: DiffReview;
  readonly notes: readonly string[];
}

/**
 * Reads, analyzes and diffs.
 * @throws ReviewInputError naming the NEW or baseline input (or the plan) and what is wrong with it
 */
export function runDiff(request: DiffRequest, cwd: string, steps: DiffSteps): DiffOutcome {
  if (request.baseline === undefined) return planDiff(request, cwd, steps);
  const current = side("NEW input", () => readSide(request.input, request, cwd, steps));
  const baseline = side("baseline input", () => readSide(request.baseline ?? "", request, cwd, steps));
  const notes = [
    `comparing ${request.input} (${stacks(current.length)}) with the baseline ${request.baseline} (${stacks(baseline.length)})`,
  ];
  return { review: diffReview(request.input, request.baseline, pairStacks(baseline, current)), notes };
}

/** `--diff`: the plan's planned values against its prior state (or its changes' before values). */
function planDiff(request: DiffRequest, cwd: string, steps: DiffSteps): DiffOutcome {
  const inputs = resolveInput(request.input, cwd);
  const [plan] = inputs;
  if (inputs.length !== 1 || plan === undefined || detectInput(plan.doc) !== "plan") {
    const what = inputs.length === 1 && plan !== undefined ? plan.file : request.input;
    throw new ReviewInputError(
      what,
      `--diff compares the before and after of one terraform show -json plan, and this is ${
        inputs.length === 1 ? "Terraform JSON" : `a folder of ${inputs.length} stacks`
      }; to compare two inputs, pass --baseline OLD instead`,
    );
  }
  const before = planBefore(plan.doc);
  if ("reason" in before) throw new ReviewInputError(plan.file, `--diff needs a saved plan: ${before.reason}`);
  const after = steps.analyze(plan);
  if (!request.allowEmpty) steps.requireBucket(request.input, [after]);
  const prior = steps.analyze({ name: plan.name, file: plan.file, text: "", doc: before.doc });
  const notes = [
    `reading ${request.input}: after apply from its planned values, before from ${before.source === "none" ? "nothing" : before.source}`,
  ];
  if (before.source === "none") notes.push(NO_BEFORE);
  return {
    review: {
      ...diffReview(request.input, request.input, [{ stack: after.stack, baseline: prior, current: after }]),
      planBefore: before.source,
    },
    notes,
  };
}

function readSide(input: string, request: DiffRequest, cwd: string, steps: DiffSteps): StackReview[] {
  const reviews = resolveInput(input, cwd).map(steps.analyze);
  if (!request.allowEmpty) steps.requireBucket(input, reviews);
  return reviews;
}

/** Runs `read`, naming the side in its input errors: `NEW input new.json: not valid JSON (...)`. */
function side<T>(label: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ReviewInputError) throw new ReviewInputError(`${label} ${error.file}`, error.reason);
    throw error;
  }
}

/**
 * Pairs stacks by name: NEW's in order, then those only OLD has. Two single-stack inputs are the
 * same stack whatever their names (`new.tf.json` and `old.tf.json`), named as in NEW.
 */
function pairStacks(baseline: readonly StackReview[], current: readonly StackReview[]): StackPair[] {
  const [onlyBaseline] = baseline;
  const [onlyCurrent] = current;
  if (baseline.length === 1 && current.length === 1 && onlyBaseline !== undefined && onlyCurrent !== undefined) {
    return [{ stack: onlyCurrent.stack, baseline: onlyBaseline, current: onlyCurrent }];
  }
  const old = new Map(baseline.map((review) => [review.stack, review]));
  const pairs: StackPair[] = current.map((review) => {
    const was = old.get(review.stack);
    old.delete(review.stack);
    return was === undefined ? { stack: review.stack, current: review } : { stack: review.stack, baseline: was, current: review };
  });
  return [...pairs, ...[...old.values()].map((review) => ({ stack: review.stack, baseline: review }))];
}

function diffReview(current: string, baseline: string, pairs: readonly StackPair[]): DiffReview {
  return { current, baseline, stacks: pairs, diff: joinDiffs(pairs.map((pair) => diffStack(pair.stack, pair.baseline, pair.current))) };
}

/** Renders the diff in one format; `suppressions` is what JSON and SARIF add when suppressions were given. */
export function renderDiff(
  review: DiffReview,
  format: DiffFormat,
  width: number,
  toolVersion: string,
  suppressions?: SuppressionReport,
): string {
  switch (format) {
    case "text":
      return renderDiffText(review, width);
    case "markdown":
      return renderDiffMarkdown(review);
    case "json":
      return renderDiffJson(review, suppressions);
    case "sarif":
      return renderDiffSarif(review, toolVersion, suppressions);
  }
}

/**
 * The gates: `--fail-on-widening` (a change that ends in Allow) and `--fail-on` (an active finding
 * the change adds at or above a severity; suppressed findings are in neither side's findings).
 */
export function diffGates(
  review: DiffReview,
  gates: { readonly failOnWidening: boolean; readonly failOn?: FailOn },
): { failed: boolean; notes: string[] } {
  const notes: string[] = [];
  let failed = false;
  if (gates.failOnWidening) {
    const widenings = review.diff.changes.filter((change) => changeKind(change) === ChangeKind.WIDENING).length;
    notes.push(
      widenings === 0 ? "no widening" : `${widenings} widening${widenings === 1 ? "" : "s"} (a change that ends in Allow): exit 1`,
    );
    failed ||= widenings > 0;
  }
  if (gates.failOn !== undefined) {
    const threshold = gates.failOn;
    const added = review.diff.findings.added.filter((finding) => atOrAbove(finding.severity, threshold)).length;
    notes.push(
      added === 0
        ? `no finding added at or above ${threshold}`
        : `${added} finding${added === 1 ? "" : "s"} added at or above ${threshold}: exit 1`,
    );
    failed ||= added > 0;
  }
  return { failed, notes };
}

function stacks(count: number): string {
  return `${count} stack${count === 1 ? "" : "s"}`;
}
