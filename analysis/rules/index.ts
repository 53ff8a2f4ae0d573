/**
 * The security rule pack: `runRules(topology)` gives the findings of docs/DESIGN.md §5; `RULES` is the
 * registry (id, wording, severity, fix, SARIF help) with each rule's check.
 */
export { RULES, ruleById } from "./registry";
export { compareFindings, outcomesOf, runRules, type RunOptions } from "./run";
export { RuleStatus, SEVERITIES } from "./types";
export type { Finding, RegisteredRule, Rule, RuleArea, RuleDefinition, RuleOutcome, Severity } from "./types";
