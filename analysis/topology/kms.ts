/** KMS keys and their key policies (inline `policy`, or `aws_kms_key_policy`, which wins). */
import type { BuildContext } from "./context";
import type { Address, KmsKeyModel, PolicyRead, RawResource } from "./model";
import { readPolicy } from "./policies";
import { unresolvedPolicy } from "./policy-read";
import { asBoolean } from "./values";

/** Reads the KMS keys. */
export function buildKmsKeys(context: BuildContext): KmsKeyModel[] {
  const separate = new Map<Address, PolicyRead>();
  for (const resource of context.resolver.ofType("aws_kms_key_policy")) {
    const key = context.resolver.resolveOne(resource.values["key_id"], ["aws_kms_key"]);
    if (key !== undefined) separate.set(key.address, keyPolicyResource(context, resource));
  }
  return context.resolver.ofType("aws_kms_key").map((key) => toKey(context, key, separate.get(key.address)));
}

/** The KMS key a value (key id, key ARN or alias) stands for, following `aws_kms_alias.target_key_id`. */
export function resolveKmsKey(context: BuildContext, value: unknown): RawResource | undefined {
  const target = context.resolver.resolveOne(value, ["aws_kms_key", "aws_kms_alias"]);
  if (target?.type !== "aws_kms_alias") return target;
  return context.resolver.resolveOne(target.values["target_key_id"], ["aws_kms_key"]);
}

/** The policy of an `aws_kms_key_policy`; one without a policy does not stand for AWS's default key policy. */
function keyPolicyResource(context: BuildContext, resource: RawResource): PolicyRead {
  const read = readPolicy(resource.values["policy"], resource.address, "resource", context.reader);
  return read.state === "absent" ? unresolvedPolicy(resource.address, "the aws_kms_key_policy has no policy") : read;
}

function toKey(context: BuildContext, key: RawResource, separate: PolicyRead | undefined): KmsKeyModel {
  return {
    address: key.address,
    arnRef: context.resolver.ref(key, "arn"),
    idRef: context.resolver.ref(key, "id"),
    rotation: asBoolean(key.values["enable_key_rotation"]) ?? false,
    policy: separate ?? readPolicy(key.values["policy"], key.address, "resource", context.reader),
  };
}
