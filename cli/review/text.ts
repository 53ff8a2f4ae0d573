/**
 * `--format text` (the default): per stack, a compact access table (origin × principal × action
 * → decision, with the deciding statement), the boot check per instance, findings by severity
 * and the cost note. ANSI color only when the caller says so (stdout is a TTY and NO_COLOR unset).
 */
import type { Severity } from "../../analysis/rules/types";
import { SEVERITIES } from "../../analysis/rules/types";
import { countBySeverity, type StackReview } from "./model";
import { actionsText, bootSummary, countActions, groupAccess, pathText, resourcesText } from "./present";

/** How to paint text. */
interface Paint {
  /** Green for Allow, red for ExplicitDeny, yellow for ImplicitDeny. */
  decision(decision: string, text: string): string;
  severity(severity: Severity, text: string): string;
  good(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const ESC = "\u001b[";
const ansi = (code: string) => (text: string) => `${ESC}${code}m${text}${ESC}0m`;
const COLOR: Paint = {
  decision: (decision, text) => (decision === "Allow" ? ansi("32")(text) : decision === "ExplicitDeny" ? ansi("31")(text) : ansi("33")(text)),
  severity: (severity, text) => ({ high: ansi("1;31"), medium: ansi("33"), low: ansi("36"), info: ansi("2") })[severity](text),
  good: ansi("32"),
  bold: ansi("1"),
  dim: ansi("2"),
};
const same = (text: string): string => text;
const PLAIN: Paint = { decision: (_d, text) => text, severity: (_s, text) => text, good: same, bold: same, dim: same };

/** Widest S3 ACTIONS cell; longer lists end in `+N more` (the json and markdown formats list them all). */
const ACTIONS_WIDTH = 40;

/** Renders every stack. */
export function renderText(reviews: readonly StackReview[], options: { color: boolean }): string {
  const paint = options.color ? COLOR : PLAIN;
  const blocks = reviews.map((review) => renderStack(review, paint));
  return `${blocks.join("\n")}${reviews.length > 1 ? `\n${overall(reviews)}\n` : ""}`;
}

function renderStack(review: StackReview, paint: Paint): string {
  const out: string[] = [paint.bold(`Stack ${review.stack}`) + paint.dim(`  (${review.file})`), ""];
  out.push(paint.bold("Access"), ...accessTable(review, paint), "");
  out.push(paint.bold("Boot check"), ...bootLines(review, paint), "");
  out.push(paint.bold(findingsHeading(review)), ...findingLines(review, paint), "");
  out.push(paint.bold("Cost"), `  ${review.cost.note}`, "");
  return out.join("\n");
}

function accessTable(review: StackReview, paint: Paint): string[] {
  const groups = groupAccess(review.report.access);
  const matrixActions = countActions(review.report.access);
  if (groups.length === 0) return ["  (no bucket, or nothing to evaluate)"];
  const header = ["ORIGIN", "PRINCIPAL", "S3 ACTIONS", "RESOURCE", "DECISION", "BECAUSE"];
  const rows = groups.map((group) => [group.origin, group.principal, actionsText(group.actions, matrixActions, ACTIONS_WIDTH), resourcesText(group.resources), group.decision, group.because]);
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

function bootLines(review: StackReview, paint: Paint): string[] {
  if (review.report.instances.length === 0) return ["  (no instances)"];
  return review.report.instances.flatMap((check) => {
    const { fetched, failures } = bootSummary(check);
    const verdict = check.canFetchScripts ? paint.good("ok  ") : paint.severity("high", "FAIL");
    const head = `  ${verdict} ${check.name}: ${check.canFetchScripts ? "can fetch" : "cannot fetch"} ${fetched} via ${pathText(check)}`;
    return [head, ...failures.map((failure) => `       ${failure}`)];
  });
}

function findingsHeading(review: StackReview): string {
  const counts = countBySeverity(review.findings);
  return `Findings (${review.findings.length}): ${SEVERITIES.map((severity) => `${counts[severity]} ${severity}`).join(", ")}`;
}

function findingLines(review: StackReview, paint: Paint): string[] {
  if (review.findings.length === 0) return ["  none"];
  return review.findings.flatMap((finding) => [
    `  ${paint.severity(finding.severity, finding.severity.padEnd(6))} ${finding.id}  ${finding.address}`,
    `         ${finding.message}`,
    `         ${paint.dim(`fix: ${finding.fix}`)}`,
  ]);
}

function overall(reviews: readonly StackReview[]): string {
  const counts = countBySeverity(reviews.flatMap((review) => review.findings));
  return `${reviews.length} stacks: ${SEVERITIES.map((severity) => `${counts[severity]} ${severity}`).join(", ")} findings`;
}
