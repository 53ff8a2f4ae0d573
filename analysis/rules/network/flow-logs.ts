/** NET-004: a VPC has no `aws_flow_log`, so there is no record of its traffic for an investigation. */
import type { RawResource, Topology } from "../../topology/model";
import { eachSubject } from "../check";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import { linksTo, unresolvedLink } from "../support/references";
import type { RuleOutcome } from "../types";

export const vpcFlowLogs = eachSubject("vpc", checkVpc);

function checkVpc(vpc: RawResource, topology: Topology): RuleOutcome {
  const links = linksTo(topology, "aws_flow_log", "vpc_id", { address: vpc.address, type: "aws_vpc" });
  if (links.linked.length > 0) return compliant(vpc.address);
  const why = unresolvedLink(links, "VPC");
  if (why !== undefined) return unknown(vpc.address, why);
  return nonCompliant(vpc.address, "no aws_flow_log for this VPC");
}
