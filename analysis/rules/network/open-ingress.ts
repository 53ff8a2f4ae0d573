/** NET-001: a security group allows ingress from 0.0.0.0/0 or ::/0. */
import type { Topology } from "../../topology/model";
import { ANYWHERE, outcomesByResource, securityGroupRules, type RuleVerdict, type SecurityGroupRule } from "../support/security-groups";
import { UNRESOLVED } from "../support/terraform";
import type { RuleOutcome } from "../types";

export function noOpenIngress(topology: Topology): RuleOutcome[] {
  return outcomesByResource(securityGroupRules(topology), judge);
}

function judge(rule: SecurityGroupRule): RuleVerdict {
  if (rule.direction === "egress") return undefined;
  if (rule.direction === UNRESOLVED) return { unknown: "the rule type is an expression" };
  if (rule.cidrs === UNRESOLVED) return { unknown: "the source ranges are an expression" };
  const open = rule.cidrs.filter((cidr) => ANYWHERE.includes(cidr));
  return open.length === 0 ? undefined : { bad: `ingress from ${open.join(", ")}` };
}
