/**
 * What the review computes for one stack, shared by every formatter.
 */
import type { AccessReport } from "../../analysis/access/types";
import type { CostEstimate } from "../../analysis/cost";
import type { Diagram } from "../../analysis/diagram";
import type { Finding, Severity } from "../../analysis/rules/types";
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
  readonly findings: readonly Finding[];
  readonly cost: CostEstimate;
  readonly diagram: Diagram;
}

/** The output formats. */
export const FORMATS = ["text", "markdown", "json", "sarif", "mermaid", "dot"] as const;
export type Format = (typeof FORMATS)[number];

/** Formats whose stdout is one machine-readable document and nothing else. */
export const MACHINE_FORMATS: ReadonlySet<Format> = new Set<Format>(["json", "sarif", "mermaid", "dot"]);

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
