/** EC2-007: detailed monitoring is off (`monitoring` is not true): metrics come every 5 minutes only. */
import type { InstanceModel } from "../../topology/model";
import { UNRESOLVED, readBool } from "../../topology/values";
import { eachSubject } from "../check";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import type { RuleOutcome } from "../types";

export const detailedMonitoring = eachSubject("instance", checkInstance);

function checkInstance(instance: InstanceModel): RuleOutcome {
  const monitoring = readBool(instance.values["monitoring"], false);
  if (monitoring === UNRESOLVED) return unknown(instance.address, "monitoring is an expression");
  if (monitoring) return compliant(instance.address);
  if (instance.values["monitoring"] === undefined && instance.values["launch_template"] !== undefined) {
    return unknown(instance.address, "monitoring may come from the launch template");
  }
  return nonCompliant(instance.address, "monitoring is not enabled");
}
