/**
 * `--format markdown`: the text report as markdown tables for a pull request comment, with the
 * diagram in a ```mermaid block so that GitHub renders it. Suppressed findings are listed apart,
 * after the active ones, with their reasons.
 */
import { SEVERITIES, type Severity } from "../../analysis/rules/types";
import { renderMermaid } from "./mermaid";
import { countBySeverity, sourceText, type StackReview } from "./model";
import { actionsText, bootSummary, countActions, groupAccess, bootPathText, pivotAccess, resourcesText } from "./present";

/** Renders every stack under one heading. */
export function renderMarkdown(reviews: readonly StackReview[]): string {
  const counts = countBySeverity(reviews.flatMap((review) => review.findings));
  const suppressed = reviews.reduce((sum, review) => sum + review.suppressed.length, 0);
  const summary =
    SEVERITIES.map((severity) => `${counts[severity]} ${severity}`).join(", ") + (suppressed === 0 ? "" : `; ${suppressed} suppressed`);
  const head = [`# Plan review`, "", `${reviews.length} stack${reviews.length === 1 ? "" : "s"}; findings: ${summary}.`, ""];
  return `${[...head, ...reviews.flatMap(renderStack)].join("\n").trimEnd()}\n`;
}

function renderStack(review: StackReview): string[] {
  return [
    `## Stack \`${review.stack}\``,
    "",
    `Input: \`${review.file}\``,
    "",
    "### Access matrix",
    "",
    ...accessTable(review),
    "",
    "### Boot check",
    "",
    ...bootTable(review),
    "",
    "### Findings",
    "",
    ...findingsTable(review),
    "",
    ...suppressedTable(review),
    "### Diagram",
    "",
    "Private subnets → route tables → S3 gateway endpoint (private path, red) or NAT gateway " +
      "in a public subnet → internet gateway (old path, blue) → bucket. An edge into a route " +
      "target carries what the instances behind it may do (`any role:` where none is); an edge " +
      "into the bucket, what any role of the account may do on that path; dashed when every " +
      "evaluated action is denied.",
    "",
    "```mermaid",
    renderMermaid([review.diagram]).trimEnd(),
    "```",
    "",
    "### Cost",
    "",
    review.cost.note,
    "",
  ];
}

/** The pivoted matrix (✅ Allow, ⛔ explicit deny, ➖ implicit deny, ❔ unknown), then the deciding statements in a collapsed section. */
function accessTable(review: StackReview): string[] {
  const groups = groupAccess(review.report.access);
  if (groups.length === 0) return ["No bucket access to evaluate."];
  const matrix = pivotAccess(review.report.access);
  const matrixActions = countActions(review.report.access);
  const pivot = table(
    ["Principal", "Origin", ...matrix.actions.map((action) => action.replace(/^s3:/i, ""))],
    matrix.rows.map((row) => [
      code(row.principal),
      code(row.origin),
      ...matrix.actions.map((action) => symbol((row.cells.get(action) ?? []).map((cell) => cell.decision))),
    ]),
  );
  const why = table(
    ["Principal", "Origin", "S3 actions", "Resource", "Decision", "Because"],
    groups.map((group) => [
      code(group.principal),
      code(group.origin),
      actionsText(group.actions, matrixActions),
      code(resourcesText(group.resources)),
      decision(group.decision),
      cell(group.because),
    ]),
  );
  return [
    ...pivot,
    "",
    "✅ Allow · ⛔ explicit deny · ➖ implicit deny (nothing allows it) · ❔ unknown (the reason says which value is not known)",
    "",
    "<details><summary>Why: the deciding statement of each decision</summary>",
    "",
    ...why,
    "",
    "</details>",
  ];
}

/** One matrix cell: the decision of every resource of the action, mixed when they differ. */
function symbol(decisions: readonly string[]): string {
  const unique = [...new Set(decisions)];
  if (unique.length === 0) return "";
  if (unique.length > 1) return `mixed: ${unique.map((d) => `${decisions.filter((x) => x === d).length} ${d}`).join(", ")}`;
  return unique[0] === "Allow" ? "✅" : unique[0] === "ExplicitDeny" ? "⛔" : unique[0] === "ImplicitDeny" ? "➖" : "❔";
}

function bootTable(review: StackReview): string[] {
  if (review.report.instances.length === 0) return ["No instances."];
  return table(
    ["Instance", "Fetches its scripts", "Path", "Denied"],
    review.report.instances.map((check) => {
      const { fetched, failures } = bootSummary(check);
      return [
        code(check.name),
        `${check.canFetchScripts ? "yes" : "**no**"} (${fetched})`,
        cell(bootPathText(check)),
        failures.length === 0 ? "" : cell(failures.join("; ")),
      ];
    }),
  );
}

function findingsTable(review: StackReview): string[] {
  if (review.findings.length === 0) return ["None."];
  return table(
    ["Severity", "Rule", "Resource", "Finding", "Fix"],
    review.findings.map((finding) => [
      severityCell(finding.severity),
      code(finding.id),
      code(finding.address),
      cell(finding.message),
      cell(finding.fix),
    ]),
  );
}

/** The suppressed findings under their own heading, with the reason and where it was given; nothing when none is. */
function suppressedTable(review: StackReview): string[] {
  if (review.suppressed.length === 0) return [];
  const rows = review.suppressed.map(({ finding, suppression }) => [
    severityCell(finding.severity),
    code(finding.id),
    code(finding.address),
    cell(finding.message),
    `${cell(suppression.reason)} (${code(sourceText(suppression.source))})`,
  ]);
  return [`#### Suppressed (${review.suppressed.length})`, "", ...table(["Severity", "Rule", "Resource", "Finding", "Reason"], rows), ""];
}

function severityCell(severity: Severity): string {
  return severity === "high" ? "**high**" : severity;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((row) => `| ${row.join(" | ")} |`)];
}

function decision(value: string): string {
  return value === "Allow" ? "Allow" : `**${value}**`;
}

/** A table cell: pipes escaped, on one line. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}

/** Inline code; backticks inside are doubled around. */
function code(text: string): string {
  const body = cell(text);
  return body.includes("`") ? `\`\` ${body} \`\`` : `\`${body}\``;
}
