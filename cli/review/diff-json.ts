/**
 * `review NEW --baseline OLD --format json`: the diff's JSON contract (docs/DESIGN.md §5, "Access
 * diff"): `changes: [{ stack, origin, principal, action, resource, before, after, because }]` with
 * `before`/`after` a decision or `"absent"` and `because: { before, after }` (each row's own reason,
 * null on a side where the row is absent); `boot: [{ stack, instance, before, after }]` with each
 * side `{ canFetchScripts, path }` or `"absent"`; `findings: { added, removed }` (by rule id and
 * address); `unchanged` (rows with the same decision on both sides); `stacks` (which file each
 * paired stack came from, `"absent"` where a side has no such stack); `planBefore` for `--diff`.
 * When suppressions were given, the findings of both sides are the active ones, and the document
 * adds `unusedSuppressions` as the review's JSON does (`json.ts`).
 */
import type { BootState } from "../../analysis/diff/access-diff";
import type { DiffReview } from "./diff-model";
import { unusedEntry } from "./json";
import type { SuppressionReport } from "./model";
import { pathWords } from "../words/hops";

/** Renders the JSON document, with a trailing newline. */
export function renderDiffJson(review: DiffReview, suppressions?: SuppressionReport): string {
  const { diff } = review;
  const document = {
    ...(review.planBefore === undefined ? {} : { planBefore: review.planBefore }),
    stacks: review.stacks.map((pair) => ({
      stack: pair.stack,
      baseline: pair.baseline?.file ?? "absent",
      new: pair.current?.file ?? "absent",
    })),
    changes: diff.changes.map(({ stack, origin, principal, action, resource, before, after, because }) => ({
      stack,
      origin,
      principal,
      action,
      resource,
      before,
      after,
      because: { before: because.before, after: because.after },
    })),
    boot: diff.boot.map(({ stack, instance, before, after }) => ({ stack, instance, before: bootSide(before), after: bootSide(after) })),
    findings: diff.findings,
    unchanged: diff.unchanged,
    ...(suppressions === undefined ? {} : { unusedSuppressions: suppressions.unused.map(unusedEntry) }),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** One side of a boot change, its path worded: `{ canFetchScripts, path }` or `"absent"`. */
function bootSide(state: BootState | "absent") {
  return state === "absent" ? state : { canFetchScripts: state.canFetchScripts, path: pathWords(state.path) };
}
