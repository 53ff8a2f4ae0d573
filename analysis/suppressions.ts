/**
 * Suppressions: findings acknowledged with a reason (docs/DESIGN.md §5, "Suppressions"). Pure:
 * findings and suppressions in; the findings that stay active, the suppressed ones with the
 * suppression that matched each, and the suppressions that matched nothing, out. Reading them from
 * a file or a flag is the CLI's work (`cli/review/review-config.ts`, `cli/review/suppress-flag.ts`).
 */
import { matchesWildcard } from "./policy/wildcard";
import type { Finding } from "./rules/types";

/** An acknowledgement of the findings of one rule on one resource (or on the resources a pattern names). */
export interface Suppression {
  /** The rule id, exactly: `S3-004`. */
  readonly rule: string;
  /**
   * The Terraform address, exactly (`aws_s3_bucket.ScriptBucket_7411736E`, `aws_instance.web[0]`),
   * or a pattern with the wildcards of IAM policies (`policy/wildcard.ts`): `*` matches any run of
   * characters, `?` exactly one (`aws_s3_bucket.*`).
   */
  readonly address: string;
  /** Why the finding is accepted; never empty (SARIF `justification`). */
  readonly reason: string;
  /**
   * The stack whose findings it applies to.
   * @default - every stack
   */
  readonly stack?: string;
}

/** A finding with the suppression that acknowledged it (the first that matches, in the order given). */
export interface SuppressedFinding<S extends Suppression = Suppression> {
  readonly finding: Finding;
  readonly suppression: S;
}

/** The findings of one stack, split by the suppressions. */
export interface SuppressionOutcome<S extends Suppression = Suppression> {
  /** Findings no suppression matches, in their order. */
  readonly active: readonly Finding[];
  /** Findings a suppression matches, in their order. */
  readonly suppressed: readonly SuppressedFinding<S>[];
}

/** The findings of one stack's review, after suppression. */
export interface StackSuppressions<S extends Suppression = Suppression> {
  readonly stack: string;
  readonly suppressed: readonly SuppressedFinding<S>[];
}

/** Splits the findings of `stack` into active and suppressed ones. */
export function suppressFindings<S extends Suppression>(
  stack: string,
  findings: readonly Finding[],
  suppressions: readonly S[],
): SuppressionOutcome<S> {
  const applicable = suppressions.filter((suppression) => appliesTo(suppression, stack));
  if (applicable.length === 0) return { active: findings, suppressed: [] };
  const active: Finding[] = [];
  const suppressed: SuppressedFinding<S>[] = [];
  for (const finding of findings) {
    const suppression = applicable.find((candidate) => matches(candidate, finding));
    if (suppression === undefined) active.push(finding);
    else suppressed.push({ finding, suppression });
  }
  return { active, suppressed };
}

/**
 * The suppressions that match no finding of any stack given: stale ones, whose finding was fixed
 * or whose rule or address is wrong. A suppression that matches a finding another suppression
 * acknowledged first is in use too. Every finding a suppression matches is suppressed, so it is
 * enough to look at the suppressed ones.
 */
export function unusedSuppressions<S extends Suppression>(suppressions: readonly S[], stacks: readonly StackSuppressions[]): S[] {
  return suppressions.filter(
    (suppression) =>
      !stacks.some((stack) => appliesTo(suppression, stack.stack) && stack.suppressed.some(({ finding }) => matches(suppression, finding))),
  );
}

function appliesTo(suppression: Suppression, stack: string): boolean {
  return suppression.stack === undefined || suppression.stack === stack;
}

function matches(suppression: Suppression, finding: Finding): boolean {
  return suppression.rule === finding.id && matchesWildcard(suppression.address, finding.address);
}
