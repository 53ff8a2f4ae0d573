/** NET-003: a security group rule has no description, so reviewers cannot tell why it exists. */
import { UNRESOLVED } from "../../topology/values";
import { eachSubject } from "../check";
import { judgeRules, type RuleVerdict, type SecurityGroupRule } from "../support/security-groups";

export const ruleDescribed = eachSubject("security-group-rules", ({ address, rules }) => judgeRules(address, rules, judge));

function judge(rule: SecurityGroupRule): RuleVerdict {
  if (rule.description === UNRESOLVED) return { unknown: "the description is an expression" };
  return rule.description === undefined || rule.description === "" ? { bad: "no description" } : undefined;
}
