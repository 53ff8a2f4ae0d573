/** EC2-001: the instance does not require IMDSv2 (`metadata_options.http_tokens` is not `required`). */
import type { InstanceModel } from "../../topology/model";
import { UNRESOLVED, readBlock, readString } from "../../topology/values";
import { eachSubject } from "../check";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import type { RuleOutcome } from "../types";

export const imdsv2Required = eachSubject("instance", checkInstance);

function checkInstance(instance: InstanceModel): RuleOutcome {
  const options = readBlock(instance.values["metadata_options"]);
  if (options === UNRESOLVED) return unknown(instance.address, "metadata_options is an expression");
  const endpoint = readString(options["http_endpoint"]);
  const tokens = readString(options["http_tokens"]);
  if (endpoint === "disabled") return compliant(instance.address, "the metadata service is disabled");
  if (tokens === UNRESOLVED || endpoint === UNRESOLVED) return unknown(instance.address, "metadata_options is set from an expression");
  if (tokens === "required") return compliant(instance.address);
  if (tokens === undefined && instance.values["launch_template"] !== undefined) {
    return unknown(instance.address, "metadata options come from the launch template");
  }
  return nonCompliant(instance.address, `http_tokens is ${tokens ?? "unset (IMDSv1 allowed unless the AMI requires v2)"}`);
}
