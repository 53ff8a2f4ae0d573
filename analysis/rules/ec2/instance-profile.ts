/** EC2-004: the instance has no IAM instance profile, so it has no role credentials of its own. */
import type { InstanceModel } from "../../topology/model";
import { isExpression } from "../../topology/values";
import { eachSubject } from "../check";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import type { RuleOutcome } from "../types";

export const hasInstanceProfile = eachSubject("instance", checkInstance);

function checkInstance(instance: InstanceModel): RuleOutcome {
  const profile = instance.values["iam_instance_profile"];
  if (instance.roleAddress !== undefined) return compliant(instance.address);
  if (typeof profile === "string" && isExpression(profile) && !/aws_iam_instance_profile\./.test(profile))
    return unknown(instance.address, "iam_instance_profile is an expression");
  if (typeof profile === "string" && profile !== "") return compliant(instance.address);
  if (instance.values["launch_template"] !== undefined)
    return unknown(instance.address, "the instance profile may come from the launch template");
  if (profile !== undefined && profile !== null && profile !== "") return unknown(instance.address, "iam_instance_profile is not a string");
  return nonCompliant(instance.address, "no iam_instance_profile");
}
