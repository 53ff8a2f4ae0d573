/** NET-003: a security group rule has no description, so reviewers cannot tell why it exists. */
import type { Topology } from "../../topology/model";
import { outcomesByResource, securityGroupRules, type RuleVerdict, type SecurityGroupRule } from "../support/security-groups";
import type { RuleOutcome } from "../types";

export function ruleDescribed(topology: Topology): RuleOutcome[] {
  return outcomesByResource(securityGroupRules(topology), judge);
}

/** A description from an expression counts as present. */
function judge(rule: SecurityGroupRule): RuleVerdict {
  return rule.description === undefined || rule.description === "" ? { bad: "no description" } : undefined;
}
