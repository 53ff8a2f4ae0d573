/** EC2 instances: subnet, instance profile → role, user data, security groups. */
import { constructName, distinctNames, nameWithKey, refOf, refsOf, type BuildContext } from "./context";
import type { InstanceModel, RawResource } from "./model";
import { asString, isExpression, tagValue } from "./values";

/** Reads the instances. */
export function buildInstances(context: BuildContext): InstanceModel[] {
  return distinctNames(context.resolver.ofType("aws_instance").map((instance) => toInstance(context, instance)));
}

function toInstance(context: BuildContext, instance: RawResource): InstanceModel {
  const { values } = instance;
  const subnetRef = refOf(context, values["subnet_id"], ["aws_subnet"]);
  const roleAddress = roleOfProfile(context, values["iam_instance_profile"]);
  const userData = userDataOf(values);
  const groups = [...asList(values["vpc_security_group_ids"]), ...asList(values["security_groups"])];
  return {
    address: instance.address,
    name: constructName(instance) ?? tagValue(values, "Name") ?? nameWithKey(instance),
    securityGroupRefs: refsOf(context, groups, ["aws_security_group"]),
    values,
    ...(subnetRef === undefined ? {} : { subnetRef }),
    ...(roleAddress === undefined ? {} : { roleAddress }),
    ...(userData === undefined ? {} : { userData }),
  };
}

function roleOfProfile(context: BuildContext, profileValue: unknown): string | undefined {
  const profile = context.resolver.resolveOne(profileValue, ["aws_iam_instance_profile"]);
  if (profile === undefined) return undefined;
  return context.resolver.resolveOne(profile.values["role"], ["aws_iam_role"])?.address;
}

/** `user_data` as written, or `user_data_base64` decoded when it is a literal. */
function userDataOf(values: Readonly<Record<string, unknown>>): string | undefined {
  const plain = asString(values["user_data"]);
  if (plain !== undefined) return plain;
  const encoded = asString(values["user_data_base64"]);
  if (encoded === undefined || isExpression(encoded)) return encoded;
  return Buffer.from(encoded, "base64").toString("utf8");
}

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}
