/**
 * What the review computes for one stack, shared by every formatter.
 */
import type { AccessReport } from "../../analysis/access/types";
import type { CostEstimate } from "../../analysis/cost";
import type { Diagram } from "../../analysis/diagram";
import type { Finding, Severity } from "../../analysis/rules/types";
import type { SuppressedFinding, Suppression } from "../../analysis/suppressions";
import type { Topology } from "../../analysis/topology/model";

/** The review of one stack (one input document). */
export interface StackReview {
  readonly stack: string;
  /** The input file, relative to the working directory when inside it (SARIF `artifactLocation.uri`). */
  readonly file: string;
  /** The input text, for locating resource blocks. */
  readonly text: string;
  readonly topology: Topology;
  readonly report: AccessReport;
  /** The active findings: those no suppression matches. */
  readonly findings: readonly Finding[];
  /** The findings a suppression acknowledges, each with that suppression. */
  readonly suppressed: readonly SuppressedFinding<ReviewSuppression>[];
  readonly cost: CostEstimate;
  readonly diagram: Diagram;
}

/** Where a suppression was given: an entry of a review config file, or a `--suppress` flag. */
export type SuppressionSource = { readonly kind: "file"; readonly file: string; readonly index: number } | { readonly kind: "flag" };

/** A suppression as the review was given it. */
export interface ReviewSuppression extends Suppression {
  readonly source: SuppressionSource;
}

/** What the machine formats say about suppressions; undefined when none was given, so that their output stays as without. */
export interface SuppressionReport {
  /** The suppressions that matched no finding (stale ones). */
  readonly unused: readonly ReviewSuppression[];
}

/** Where a suppression was given, for people: `vpce-review.json suppressions[1]`, or `--suppress`. */
export function sourceText(source: SuppressionSource): string {
  return source.kind === "file" ? `${source.file} suppressions[${source.index}]` : "--suppress";
}

/** Why a suppression is stale, as one sentence naming it and where it was given. */
export function unusedSuppressionText(suppression: ReviewSuppression): string {
  const where = suppression.stack === undefined ? "" : ` in stack ${suppression.stack}`;
  return (
    `unused suppression ${suppression.rule} ${suppression.address}${where} (${sourceText(suppression.source)}) ` +
    `matches no finding; remove it, or correct its rule or address`
  );
}

/** The output formats. */
export const FORMATS = ["text", "markdown", "json", "sarif", "mermaid", "dot"] as const;
export type Format = (typeof FORMATS)[number];

/** The exit codes of `review` (`run.ts` says when each is used). */
export const ExitCode = { OK: 0, FINDINGS: 1, USAGE: 2, INTERNAL: 3 } as const;

/** Severities `--fail-on` accepts, worst first. */
export const FAIL_ON_LEVELS = ["high", "medium", "low"] as const;
export type FailOn = (typeof FAIL_ON_LEVELS)[number];

const RANK: Readonly<Record<Severity, number>> = { high: 0, medium: 1, low: 2, info: 3 };

/** True when `severity` is at or above `threshold` (high > medium > low > info). */
export function atOrAbove(severity: Severity, threshold: FailOn): boolean {
  return RANK[severity] <= RANK[threshold];
}

/** Counts findings per severity, worst first. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}
