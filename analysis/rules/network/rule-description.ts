/** NET-003: a security group rule has no description, so reviewers cannot tell why it exists. */
import type { Topology } from "../../topology/model";
import { outcomesByResource, securityGroupRules, type RuleVerdict, type SecurityGroupRule } from "../support/security-groups";
import { UNRESOLVED } from "../support/terraform";
import type { RuleOutcome } from "../types";

export function ruleDescribed(topology: Topology): RuleOutcome[] {
  return outcomesByResource(securityGroupRules(topology), judge);
}

function judge(rule: SecurityGroupRule): RuleVerdict {
  if (rule.description === UNRESOLVED) return { unknown: "the description is an expression" };
  return rule.description === undefined || rule.description === "" ? { bad: "no description" } : undefined;
}
