/** NET-002: a security group allows all protocols and ports (`-1`) out to 0.0.0.0/0 or ::/0. */
import { UNRESOLVED } from "../../topology/values";
import { eachSubject } from "../check";
import { ANYWHERE, judgeRules, type RuleVerdict, type SecurityGroupRule } from "../support/security-groups";

const ALL_PROTOCOLS = ["-1", "all"];

export const noAllPortsEgress = eachSubject("security-group-rules", ({ address, rules }) => judgeRules(address, rules, judge));

function judge(rule: SecurityGroupRule): RuleVerdict {
  if (rule.direction === "ingress") return undefined;
  if (rule.direction === UNRESOLVED) return { unknown: "the rule type is an expression" };
  if (rule.cidrs === UNRESOLVED) return { unknown: "the destination ranges are an expression" };
  const open = rule.cidrs.filter((cidr) => ANYWHERE.includes(cidr));
  if (open.length === 0) return undefined;
  if (rule.protocol === UNRESOLVED) return { unknown: "the protocol is an expression" };
  return ALL_PROTOCOLS.includes(String(rule.protocol).toLowerCase()) ? { bad: `all traffic to ${open.join(", ")}` } : undefined;
}
