/** NET-001: a security group allows ingress from 0.0.0.0/0 or ::/0. */
import { UNRESOLVED } from "../../topology/values";
import { eachSubject } from "../check";
import { ANYWHERE, judgeRules, type RuleVerdict, type SecurityGroupRule } from "../support/security-groups";

export const noOpenIngress = eachSubject("security-group-rules", ({ address, rules }) => judgeRules(address, rules, judge));

function judge(rule: SecurityGroupRule): RuleVerdict {
  if (rule.direction === "egress") return undefined;
  if (rule.direction === UNRESOLVED) return { unknown: "the rule type is an expression" };
  if (rule.cidrs === UNRESOLVED) return { unknown: "the source ranges are an expression" };
  const open = rule.cidrs.filter((cidr) => ANYWHERE.includes(cidr));
  return open.length === 0 ? undefined : { bad: `ingress from ${open.join(", ")}` };
}
