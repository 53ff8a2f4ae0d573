/**
 * `--format json`: exactly the docs/DESIGN.md §5 shape,
 * `{ "stacks": [ { "stack", "access", "instances", "findings" } ] }`, plus `file` and `cost`
 * at stack level.
 */
import type { StackReview } from "./model";

/** Renders the JSON document, with a trailing newline. */
export function renderJson(reviews: readonly StackReview[]): string {
  const stacks = reviews.map((review) => ({
    stack: review.stack,
    file: review.file,
    access: review.report.access,
    instances: review.report.instances,
    findings: review.findings.map(({ id, severity, address, message, fix }) => ({ id, severity, address, message, fix })),
    cost: review.cost,
  }));
  return `${JSON.stringify({ stacks }, null, 2)}\n`;
}
