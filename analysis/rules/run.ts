/**
 * Runs the rule pack over a topology and words the outcomes as findings (docs/DESIGN.md §5).
 *
 * - The engine iterates: each rule part names a subject kind, and is asked once per subject of that
 *   kind (computed once per topology, see subjects.ts); a kind with no subjects gives no outcome.
 * - NON_COMPLIANT becomes a finding with the rule's registry severity.
 * - UNKNOWN (a value the rule cannot resolve) becomes an `info` finding with the same rule id,
 *   saying what could not be resolved, unless `unknown: "drop"` is given. It never counts as
 *   compliant, and never raises the severity.
 * - COMPLIANT and NOT_APPLICABLE produce nothing.
 * - Several outcomes of one rule at one address merge into the worst of them (details joined).
 * - A rule that throws (a bug: rules must not) yields an UNKNOWN for the stack, never a crash.
 *
 * Findings are sorted by severity (high first), then id, address and message.
 */
import type { Topology } from "../topology/model";
import { RULES } from "./registry";
import { subjectsOf } from "./subjects";
import { worstPerAddress } from "./support/outcome";
import { RuleStatus, SEVERITIES, type Finding, type RegisteredRule, type RuleOutcome, type SubjectCheck } from "./types";

/** Options for {@link runRules}. */
export interface RunOptions {
  /**
   * What to do with UNKNOWN outcomes.
   * @default "info" - report them as info findings
   */
  readonly unknown?: "info" | "drop";
  /**
   * The rules to run.
   * @default - the whole pack ({@link RULES})
   */
  readonly rules?: readonly RegisteredRule[];
}

/** Runs every rule and returns the findings, sorted. */
export function runRules(topology: Topology, options: RunOptions = {}): Finding[] {
  const rules = options.rules ?? RULES;
  const findings = rules.flatMap((rule) => outcomesOf(rule, topology).flatMap((outcome) => toFinding(rule, outcome, options)));
  return dedupe(findings).sort(compareFindings);
}

/** The outcomes of one rule over every subject it judges, one per address (the worst), with a thrown error turned into UNKNOWN. */
export function outcomesOf(rule: RegisteredRule, topology: Topology): RuleOutcome[] {
  const checks: readonly SubjectCheck[] = "judge" in rule.check ? [rule.check] : rule.check;
  try {
    return worstPerAddress(
      checks.flatMap((check) => subjectsOf(topology, check.subject).flatMap((subject) => check.judge(subject, topology))),
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [{ address: topology.name, status: RuleStatus.UNKNOWN, detail: `the rule failed on this input (${reason})` }];
  }
}

function toFinding(rule: RegisteredRule, outcome: RuleOutcome, options: RunOptions): Finding[] {
  if (outcome.status === RuleStatus.NON_COMPLIANT) {
    return [
      { id: rule.id, severity: rule.severity, address: outcome.address, message: violationMessage(rule, outcome.detail), fix: rule.fix },
    ];
  }
  if (outcome.status !== RuleStatus.UNKNOWN || options.unknown === "drop") return [];
  const message = `Not evaluated (${rule.title}): ${outcome.detail ?? "a value is not known before apply"}.`;
  return [{ id: rule.id, severity: "info", address: outcome.address, message, fix: `Check by hand once the value is known: ${rule.fix}` }];
}

/** `<title>: <detail>. <risk>`, or `<condition> <risk>` when the rule gave no detail. */
function violationMessage(rule: RegisteredRule, detail: string | undefined): string {
  return detail === undefined ? `${rule.condition} ${rule.risk}` : `${rule.title}: ${detail}. ${rule.risk}`;
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = JSON.stringify([finding.id, finding.severity, finding.address, finding.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Severity (high first), then id, address and message: a total, deterministic order. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    compareText(a.id, b.id) ||
    compareText(a.address, b.address) ||
    compareText(a.message, b.message)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
