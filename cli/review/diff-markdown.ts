/**
 * `review NEW --baseline OLD --format markdown`: the pull-request comment. One sentence per
 * widening, the narrowings apart, other access changes, boot check and finding changes, and the
 * unchanged rows in one line.
 */
import { isEmptyDiff, type FindingChange } from "../../analysis/diff/access-diff";
import type { DiffReview } from "./diff-model";
import { bootSentence, byKind, changeSentence, comparedLine, summaryLine, unchangedLine, unpairedLines } from "./diff-present";

/** Renders the comment, with a trailing newline. */
export function renderDiffMarkdown(review: DiffReview): string {
  const { diff } = review;
  const kinds = byKind(diff.changes);
  const out = ["# Access diff", "", comparedLine(review, code), ""];
  const unpaired = unpairedLines(review, code);
  if (unpaired.length > 0) out.push(...unpaired, "");
  if (isEmptyDiff(diff)) {
    out.push(`No change to who can reach the bucket: ${unchangedLine(diff)}.`);
    return `${out.join("\n").trimEnd()}\n`;
  }
  out.push(summaryLine(review), "");
  section(
    out,
    `Widenings (${kinds.widening.length})`,
    kinds.widening.map((change) => changeSentence(change, code, "difference")),
  );
  section(
    out,
    `Narrowings (${kinds.narrowing.length})`,
    kinds.narrowing.map((change) => changeSentence(change, code, "difference")),
  );
  section(
    out,
    `Possible widenings (${kinds.uncertain.length}): now Unknown, on a value the input does not give`,
    kinds.uncertain.map((change) => changeSentence(change, code, "difference")),
  );
  collapsed(
    out,
    `Other access changes (${kinds.other.length}): neither side allows`,
    kinds.other.map((change) => changeSentence(change, code, "difference")),
  );
  section(
    out,
    `Boot check (${diff.boot.length})`,
    diff.boot.map((change) => bootSentence(change, code)),
  );
  section(out, `Findings added (${diff.findings.added.length})`, diff.findings.added.map(findingLine));
  section(out, `Findings removed (${diff.findings.removed.length})`, diff.findings.removed.map(findingLine));
  return `${out.join("\n").trimEnd()}\n`;
}

/** A `##` section with one bullet per item; nothing when there is none. */
function section(out: string[], heading: string, items: readonly string[]): void {
  if (items.length === 0) return;
  out.push(`## ${heading}`, "", ...items.map((item) => `- ${oneLine(item)}`), "");
}

/** Like {@link section}, folded: changes between two denials matter less to a reviewer. */
function collapsed(out: string[], summary: string, items: readonly string[]): void {
  if (items.length === 0) return;
  out.push(`<details><summary>${summary}</summary>`, "", ...items.map((item) => `- ${oneLine(item)}`), "", "</details>", "");
}

function findingLine(finding: FindingChange): string {
  const severity = finding.severity === "high" ? "**high**" : finding.severity;
  return `${severity} ${code(finding.id)} ${code(finding.address)}: ${finding.message}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}

/** Inline code; backticks inside are doubled around. */
function code(text: string): string {
  const body = oneLine(text);
  return body.includes("`") ? `\`\` ${body} \`\`` : `\`${body}\``;
}
