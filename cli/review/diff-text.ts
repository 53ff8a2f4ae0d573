/**
 * `review NEW --baseline OLD` (text, the default): the diff as sections of wrapped sentences,
 * fitted to the width like the review's text output (`text.ts`).
 */
import { isEmptyDiff, type FindingChange } from "../../analysis/diff/access-diff";
import type { DiffReview } from "./diff-model";
import { bootSentence, byKind, changeSentence, comparedLine, summaryLine, unchangedLine, unpairedLines } from "./diff-present";
import { DEFAULT_TEXT_WIDTH } from "./text";
import { wrap } from "./text-matrix";

const plain = (text: string): string => text;

/** Renders the diff; every line at most `width` characters. */
export function renderDiffText(review: DiffReview, width = DEFAULT_TEXT_WIDTH): string {
  const { diff } = review;
  const out = [
    "Access diff",
    ...wrap(comparedLine(review, plain), width, "  "),
    ...unpairedLines(review, plain).flatMap((line) => wrap(line, width, "  ")),
    "",
  ];
  if (isEmptyDiff(diff)) {
    out.push(...wrap(`No change to who can reach the bucket: ${unchangedLine(diff)}.`, width, "  "));
    return `${out.join("\n").trimEnd()}\n`;
  }
  const kinds = byKind(diff.changes);
  out.push(...wrap(summaryLine(review), width, "  "), "");
  section(
    out,
    width,
    `Widenings (${kinds.widening.length})`,
    kinds.widening.map((change) => changeSentence(change, plain)),
  );
  section(
    out,
    width,
    `Narrowings (${kinds.narrowing.length})`,
    kinds.narrowing.map((change) => changeSentence(change, plain)),
  );
  section(
    out,
    width,
    `Possible widenings (${kinds.uncertain.length}): now Unknown, on a value the input does not give`,
    kinds.uncertain.map((change) => changeSentence(change, plain)),
  );
  section(
    out,
    width,
    `Other access changes (${kinds.other.length})`,
    kinds.other.map((change) => changeSentence(change, plain)),
  );
  section(
    out,
    width,
    `Boot check (${diff.boot.length})`,
    diff.boot.map((change) => bootSentence(change, plain)),
  );
  section(out, width, `Findings added (${diff.findings.added.length})`, diff.findings.added.map(findingLine));
  section(out, width, `Findings removed (${diff.findings.removed.length})`, diff.findings.removed.map(findingLine));
  return `${out.join("\n").trimEnd()}\n`;
}

function section(out: string[], width: number, heading: string, items: readonly string[]): void {
  if (items.length === 0) return;
  out.push(...wrap(heading, width, ""), ...items.flatMap((item) => wrap(item, width, "  - ")), "");
}

function findingLine(finding: FindingChange): string {
  return `${finding.severity} ${finding.id} ${finding.address}: ${finding.message}`;
}
