/** NET-004: a VPC has no `aws_flow_log`, so there is no record of its traffic for an investigation. */
import type { RawResource, Topology } from "../../topology/model";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import { linksTo } from "../support/references";
import { resourcesOfType } from "../support/terraform";
import type { RuleOutcome } from "../types";

export function vpcFlowLogs(topology: Topology): RuleOutcome[] {
  return resourcesOfType(topology, "aws_vpc").map((vpc) => checkVpc(topology, vpc));
}

function checkVpc(topology: Topology, vpc: RawResource): RuleOutcome {
  const { linked, unresolved } = linksTo(topology, "aws_flow_log", "vpc_id", { address: vpc.address, type: "aws_vpc" });
  if (linked.length > 0) return compliant(vpc.address);
  const maybe = unresolved[0];
  if (maybe !== undefined) return unknown(vpc.address, `${maybe.address} names its VPC through an expression`);
  return nonCompliant(vpc.address, "no aws_flow_log for this VPC");
}
