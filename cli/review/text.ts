/**
 * `--format text` (the default): per stack, the access matrix (principal × origin by action, with
 * numbered reasons; every row under `--verbose`), the boot check per instance, findings by
 * severity (then the suppressed ones, with their reasons) and the cost note, fitted to a width.
 * ANSI color only when the caller says so (stdout is a TTY and NO_COLOR unset).
 */
import type { Finding, Severity } from "../../analysis/rules/types";
import { SEVERITIES } from "../../analysis/rules/types";
import { countBySeverity, sourceText, type StackReview } from "./model";
import { bootPathText, bootSummary, shortAction, shortResource } from "./present";
import { matrixLines, wrap } from "./text-matrix";

/** How to paint text. */
interface Paint {
  /** Green for Allow, red for ExplicitDeny, yellow for ImplicitDeny, magenta for an unknown decision. */
  decision(decision: string, text: string): string;
  severity(severity: Severity, text: string): string;
  good(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const ESC = "\u001b[";
const ansi = (code: string) => (text: string) => `${ESC}${code}m${text}${ESC}0m`;
const COLOR: Paint = {
  decision: (decision, text) =>
    decision === "Allow"
      ? ansi("32")(text)
      : decision === "ExplicitDeny"
        ? ansi("31")(text)
        : decision === "ImplicitDeny"
          ? ansi("33")(text)
          : ansi("35")(text),
  severity: (severity, text) => ({ high: ansi("1;31"), medium: ansi("33"), low: ansi("36"), info: ansi("2") })[severity](text),
  good: ansi("32"),
  bold: ansi("1"),
  dim: ansi("2"),
};
const same = (text: string): string => text;
const PLAIN: Paint = { decision: (_d, text) => text, severity: (_s, text) => text, good: same, bold: same, dim: same };

/** How to lay the text out. */
export interface TextOptions {
  /** ANSI colors (stdout is a TTY and NO_COLOR is unset). */
  readonly color: boolean;
  /**
   * Widest line, in characters: the terminal's columns, or 100 in a pipe. The verbose access list
   * is the one part that is not fitted: it has one line per row.
   * @default 100
   */
  readonly width?: number;
  /**
   * List every access row on its own line instead of the matrix.
   * @default false
   */
  readonly verbose?: boolean;
}

/** The width of a pipe, and of a terminal that does not say. */
export const DEFAULT_TEXT_WIDTH = 100;

/** Renders every stack. */
export function renderText(reviews: readonly StackReview[], options: TextOptions): string {
  const paint = options.color ? COLOR : PLAIN;
  const layout = { width: options.width ?? DEFAULT_TEXT_WIDTH, verbose: options.verbose ?? false };
  const blocks = reviews.map((review) => renderStack(review, paint, layout));
  return `${blocks.join("\n")}${reviews.length > 1 ? `\n${overall(reviews)}\n` : ""}`;
}

interface Layout {
  readonly width: number;
  readonly verbose: boolean;
}

function renderStack(review: StackReview, paint: Paint, layout: Layout): string {
  const out: string[] = [...wrap(`Stack ${review.stack}  (${review.file})`, layout.width, "").map((line) => paint.bold(line)), ""];
  out.push(paint.bold("Access"), ...accessLines(review, paint, layout), "");
  out.push(paint.bold("Boot check"), ...bootLines(review, paint, layout.width), "");
  out.push(paint.bold(findingsHeading(review)), ...findingLines(review, paint, layout.width), "");
  if (review.suppressed.length > 0)
    out.push(paint.bold(`Suppressed findings (${review.suppressed.length})`), ...suppressedLines(review, paint, layout.width), "");
  out.push(paint.bold("Cost"), ...wrap(review.cost.note, layout.width, "  "), "");
  return out.join("\n");
}

function accessLines(review: StackReview, paint: Paint, layout: Layout): string[] {
  if (review.report.access.length === 0) return ["  (no bucket, or nothing to evaluate)"];
  if (!layout.verbose)
    return [
      ...matrixLines(review.report.access, layout.width, paint.decision),
      "",
      ...wrap("Run with --verbose for one line per row, with its resource.", layout.width, "  "),
    ];
  return everyRow(review, paint);
}

/** `--verbose`: one line per access row, resource and reason in full. */
function everyRow(review: StackReview, paint: Paint): string[] {
  const header = ["ORIGIN", "PRINCIPAL", "ACTION", "RESOURCE", "DECISION", "BECAUSE"];
  const rows = review.report.access.map((row) => [
    row.origin,
    row.principal,
    shortAction(row.action),
    shortResource(row.resource),
    row.decision,
    row.because,
  ]);
  const widths = header.slice(0, 5).map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: readonly string[], decide: (text: string) => string): string =>
    `  ${cells
      .map((cell, column) => {
        if (column === 5) return cell;
        const padded = cell.padEnd(widths[column] ?? 0);
        return column === 4 ? decide(padded) : padded;
      })
      .join("  ")}`.trimEnd();
  return [paint.dim(line(header, same)), ...rows.map((row) => line(row, (padded) => paint.decision(row[4] ?? "", padded)))];
}

function bootLines(review: StackReview, paint: Paint, width: number): string[] {
  if (review.report.instances.length === 0) return ["  (no instances)"];
  return review.report.instances.flatMap((check) => {
    const { fetched, failures } = bootSummary(check);
    const verdict = check.canFetchScripts ? paint.good("ok  ") : paint.severity("high", "FAIL");
    const [first = "", ...rest] = wrap(
      `${check.name}: ${check.canFetchScripts ? "can fetch" : "cannot fetch"} ${fetched} via ${bootPathText(check)}`,
      width,
      "       ",
    );
    return [`  ${verdict} ${first.trimStart()}`, ...rest, ...failures.flatMap((failure) => wrap(failure, width, "       "))];
  });
}

function findingsHeading(review: StackReview): string {
  const counts = countBySeverity(review.findings);
  return (
    `Findings (${review.findings.length}): ` +
    `${SEVERITIES.map((severity) => `${counts[severity]} ${severity}`).join(", ")}${suppressedCount(review.suppressed.length, "; ")}`
  );
}

function findingLines(review: StackReview, paint: Paint, width: number): string[] {
  if (review.findings.length === 0) return ["  none"];
  return review.findings.flatMap((finding) => [
    ...findingHead(finding, paint),
    ...wrap(finding.message, width, "         "),
    ...wrap(`fix: ${finding.fix}`, width, "         ").map((line) => paint.dim(line)),
  ]);
}

/** Suppressed findings: each with the reason it is acknowledged and where the suppression was given, instead of the fix. */
function suppressedLines(review: StackReview, paint: Paint, width: number): string[] {
  return review.suppressed.flatMap(({ finding, suppression }) => [
    ...findingHead(finding, paint),
    ...wrap(finding.message, width, "         "),
    ...wrap(`suppressed: ${suppression.reason} (${sourceText(suppression.source)})`, width, "         ").map((line) => paint.dim(line)),
  ]);
}

function findingHead(finding: Finding, paint: Paint): string[] {
  return [`  ${paint.severity(finding.severity, finding.severity.padEnd(6))} ${finding.id}  ${finding.address}`];
}

/** `; 2 suppressed` after the counts, nothing when none is. */
function suppressedCount(count: number, separator: string): string {
  return count === 0 ? "" : `${separator}${count} suppressed`;
}

function overall(reviews: readonly StackReview[]): string {
  const counts = countBySeverity(reviews.flatMap((review) => review.findings));
  const suppressed = reviews.reduce((sum, review) => sum + review.suppressed.length, 0);
  return (
    `${reviews.length} stacks: ${SEVERITIES.map((severity) => `${counts[severity]} ${severity}`).join(", ")} ` +
    `findings${suppressedCount(suppressed, ", ")}`
  );
}
