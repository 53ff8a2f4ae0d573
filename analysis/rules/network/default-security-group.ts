/**
 * NET-005: the VPC's default security group is not closed: no `aws_default_security_group`
 * adopts it, or the one that does keeps rules. (Terraform removes every rule of the default
 * group it adopts, then creates the rules written, so an adopted group with none is closed.)
 */
import type { RawResource, Topology } from "../../topology/model";
import { UNRESOLVED, readBlocks } from "../../topology/values";
import { eachSubject } from "../check";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import { linksTo, unresolvedLink } from "../support/references";
import type { RuleOutcome } from "../types";

export const defaultSecurityGroupClosed = eachSubject("vpc", checkVpc);

function checkVpc(vpc: RawResource, topology: Topology): RuleOutcome {
  const links = linksTo(topology, "aws_default_security_group", "vpc_id", { address: vpc.address, type: "aws_vpc" });
  const group = links.linked[0];
  if (group === undefined) {
    const why = unresolvedLink(links, "VPC");
    if (why !== undefined) return unknown(vpc.address, why);
    return nonCompliant(vpc.address, "no aws_default_security_group closes the default group");
  }
  const ingress = readBlocks(group.values["ingress"]);
  const egress = readBlocks(group.values["egress"]);
  if (ingress === UNRESOLVED || egress === UNRESOLVED) return unknown(vpc.address, `${group.address} sets its rules from an expression`);
  if (ingress.length + egress.length === 0) return compliant(vpc.address);
  return nonCompliant(vpc.address, `${group.address} keeps ${ingress.length} ingress and ${egress.length} egress rule(s)`);
}
