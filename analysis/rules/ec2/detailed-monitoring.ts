/** EC2-007: detailed monitoring is off (`monitoring` is not true): metrics come every 5 minutes only. */
import type { InstanceModel, Topology } from "../../topology/model";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import { UNRESOLVED, readBool } from "../support/terraform";
import type { RuleOutcome } from "../types";

export function detailedMonitoring(topology: Topology): RuleOutcome[] {
  return topology.instances.map(checkInstance);
}

function checkInstance(instance: InstanceModel): RuleOutcome {
  const monitoring = readBool(instance.values["monitoring"], false);
  if (monitoring === UNRESOLVED) return unknown(instance.address, "monitoring is an expression");
  if (monitoring) return compliant(instance.address);
  if (instance.values["monitoring"] === undefined && instance.values["launch_template"] !== undefined) {
    return unknown(instance.address, "monitoring may come from the launch template");
  }
  return nonCompliant(instance.address, "monitoring is not enabled");
}
