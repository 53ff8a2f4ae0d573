/**
 * Security group rules from every place Terraform can write them, in one shape: inline
 * `ingress`/`egress` blocks of `aws_security_group` and `aws_default_security_group`,
 * `aws_security_group_rule`, and `aws_vpc_security_group_ingress_rule` / `_egress_rule`.
 */
import type { Address, RawResource, Topology } from "../../topology/model";
import { relationsOf } from "../../topology/relations";
import { UNRESOLVED, readBlocks, readString, readStrings, type Unresolved } from "../../topology/values";
import { compliant, nonCompliant, unknown } from "./outcome";
import type { RuleOutcome } from "../types";

type Direction = "ingress" | "egress";

export interface SecurityGroupRule {
  /** The resource that holds the rule (the group itself for inline rules). */
  readonly address: Address;
  /** `ingress[0]`, or the rule resource's name. */
  readonly label: string;
  readonly direction: Direction | Unresolved;
  readonly protocol: string | undefined | Unresolved;
  readonly cidrs: readonly string[] | Unresolved;
  readonly description: string | undefined | Unresolved;
}

/** The open-to-the-internet ranges. */
export const ANYWHERE = ["0.0.0.0/0", "::/0"];

/** Every security group rule in the configuration. */
export function securityGroupRules(topology: Topology): SecurityGroupRule[] {
  const ofType = (type: string): readonly RawResource[] => relationsOf(topology).resourcesOfType(type);
  const groups = [...ofType("aws_security_group"), ...ofType("aws_default_security_group")];
  return [
    ...groups.flatMap((group) => [...inlineRules(group, "ingress"), ...inlineRules(group, "egress")]),
    ...ofType("aws_security_group_rule").map(classicRule),
    ...ofType("aws_vpc_security_group_ingress_rule").map((r) => vpcRule(r, "ingress")),
    ...ofType("aws_vpc_security_group_egress_rule").map((r) => vpcRule(r, "egress")),
  ];
}

function inlineRules(group: RawResource, direction: Direction): SecurityGroupRule[] {
  const blocks = readBlocks(group.values[direction]);
  if (blocks === UNRESOLVED) {
    return [{ address: group.address, label: direction, direction, protocol: UNRESOLVED, cidrs: UNRESOLVED, description: UNRESOLVED }];
  }
  return blocks.map((block, i) => ({
    address: group.address,
    label: `${direction}[${i}]`,
    direction,
    protocol: readString(block["protocol"]),
    cidrs: joinCidrs(block["cidr_blocks"], block["ipv6_cidr_blocks"]),
    description: readString(block["description"]),
  }));
}

function classicRule(rule: RawResource): SecurityGroupRule {
  const type = readString(rule.values["type"]);
  const direction = type === "ingress" || type === "egress" ? type : UNRESOLVED;
  const cidrs = joinCidrs(rule.values["cidr_blocks"], rule.values["ipv6_cidr_blocks"]);
  return {
    address: rule.address,
    label: rule.name,
    direction,
    protocol: readString(rule.values["protocol"]),
    cidrs,
    description: readString(rule.values["description"]),
  };
}

function vpcRule(rule: RawResource, direction: Direction): SecurityGroupRule {
  const cidrs = joinCidrs(rule.values["cidr_ipv4"], rule.values["cidr_ipv6"]);
  return {
    address: rule.address,
    label: rule.name,
    direction,
    protocol: readString(rule.values["ip_protocol"]),
    cidrs,
    description: readString(rule.values["description"]),
  };
}

function joinCidrs(ipv4: unknown, ipv6: unknown): string[] | Unresolved {
  const four = readStrings(ipv4);
  const six = readStrings(ipv6);
  return four === UNRESOLVED || six === UNRESOLVED ? UNRESOLVED : [...four, ...six];
}

/** The verdict of one rule: a violation (with its detail), unknown (with why), or fine. */
export type RuleVerdict = { readonly bad: string } | { readonly unknown: string } | undefined;

/** The outcome for one resource holding rules: the worst verdict of its rules (violations first). */
export function judgeRules(
  address: Address,
  rules: readonly SecurityGroupRule[],
  judge: (rule: SecurityGroupRule) => RuleVerdict,
): RuleOutcome {
  const verdicts = rules.map((rule) => ({ rule, verdict: judge(rule) }));
  const bad = verdicts.flatMap(({ rule, verdict }) => (verdict !== undefined && "bad" in verdict ? [`${rule.label}: ${verdict.bad}`] : []));
  if (bad.length > 0) return nonCompliant(address, bad.join("; "));
  const open = verdicts.flatMap(({ rule, verdict }) =>
    verdict !== undefined && "unknown" in verdict ? [`${rule.label}: ${verdict.unknown}`] : [],
  );
  return open.length > 0 ? unknown(address, open.join("; ")) : compliant(address);
}
