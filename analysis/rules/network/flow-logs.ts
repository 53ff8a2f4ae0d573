/** NET-004: a VPC has no `aws_flow_log`, so there is no record of its traffic for an investigation. */
import type { RawResource, Topology } from "../../topology/model";
import { eachSubject } from "../check";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import { linksTo } from "../support/references";
import type { RuleOutcome } from "../types";

export const vpcFlowLogs = eachSubject("vpc", checkVpc);

function checkVpc(vpc: RawResource, topology: Topology): RuleOutcome {
  const { linked, unresolved } = linksTo(topology, "aws_flow_log", "vpc_id", { address: vpc.address, type: "aws_vpc" });
  if (linked.length > 0) return compliant(vpc.address);
  const maybe = unresolved[0];
  if (maybe !== undefined) return unknown(vpc.address, `${maybe.address} names its VPC through an expression`);
  return nonCompliant(vpc.address, "no aws_flow_log for this VPC");
}
