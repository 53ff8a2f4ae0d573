/**
 * Buckets with their bucket policy (`aws_s3_bucket_policy`, or the inline `policy` of old-style
 * buckets), default encryption (`aws_s3_bucket_server_side_encryption_configuration` or inline) and
 * uploaded object keys (`aws_s3_object`, `aws_s3_bucket_object`).
 */
import { bucketIdentity } from "./canonical";
import type { BuildContext } from "./context";
import { resolveKmsKey } from "./kms";
import type { Address, BucketModel, PolicyRead, RawResource } from "./model";
import { readPolicy } from "./policies";
import { asString, firstBlock, isExpression, pushTo } from "./values";

const BUCKET = ["aws_s3_bucket"];
const OBJECT_TYPES = ["aws_s3_object", "aws_s3_bucket_object"];

interface Encryption {
  readonly encryption: BucketModel["encryption"];
  readonly kmsKeyRef?: string;
}

/** Reads the buckets. */
export function buildBuckets(context: BuildContext): BucketModel[] {
  const policies = attachedPolicies(context);
  const encryptions = separateEncryption(context);
  const objectKeys = uploadedKeys(context);
  return context.resolver.ofType("aws_s3_bucket").map((bucket) => {
    const region = context.regionOf(bucket);
    const identity = bucketIdentity(bucket, context.partition);
    const policy = policies.get(bucket.address) ?? readPolicy(bucket.values["policy"], bucket.address, "resource", context.reader);
    const encryption = encryptions.get(bucket.address) ?? encryptionOf(context, bucket.values["server_side_encryption_configuration"]);
    return {
      address: bucket.address,
      ...identity,
      encryption: encryption.encryption,
      objectKeys: objectKeys.get(bucket.address) ?? [],
      policy,
      ...(region === undefined ? {} : { region }),
      ...(encryption.kmsKeyRef === undefined ? {} : { kmsKeyRef: encryption.kmsKeyRef }),
    };
  });
}

function attachedPolicies(context: BuildContext): Map<Address, PolicyRead> {
  const byBucket = new Map<Address, PolicyRead>();
  for (const resource of context.resolver.ofType("aws_s3_bucket_policy")) {
    const bucket = context.resolver.resolveOne(resource.values["bucket"], BUCKET);
    if (bucket !== undefined)
      byBucket.set(bucket.address, readPolicy(resource.values["policy"], resource.address, "resource", context.reader));
  }
  return byBucket;
}

function separateEncryption(context: BuildContext): Map<Address, Encryption> {
  const byBucket = new Map<Address, Encryption>();
  for (const resource of context.resolver.ofType("aws_s3_bucket_server_side_encryption_configuration")) {
    const bucket = context.resolver.resolveOne(resource.values["bucket"], BUCKET);
    if (bucket !== undefined) byBucket.set(bucket.address, encryptionOf(context, resource.values));
  }
  return byBucket;
}

/** Encryption from a block holding `rule { apply_server_side_encryption_by_default { ... } }`; "none" when nothing is configured. */
function encryptionOf(context: BuildContext, holder: unknown): Encryption {
  const rule = firstBlock(firstBlock(holder)?.["rule"]);
  const defaults = firstBlock(rule?.["apply_server_side_encryption_by_default"]);
  const algorithm = asString(defaults?.["sse_algorithm"]);
  if (algorithm === undefined) return { encryption: firstBlock(holder) === undefined ? "none" : "unknown" };
  if (isExpression(algorithm)) return { encryption: "unknown" };
  if (!algorithm.startsWith("aws:kms")) return { encryption: algorithm === "AES256" ? "s3" : "unknown" };
  const keyValue = defaults?.["kms_master_key_id"];
  const key = resolveKmsKey(context, keyValue);
  const kmsKeyRef = key !== undefined ? context.resolver.ref(key, "arn") : asString(keyValue);
  return kmsKeyRef === undefined || kmsKeyRef === "" ? { encryption: "kms" } : { encryption: "kms", kmsKeyRef };
}

function uploadedKeys(context: BuildContext): Map<Address, string[]> {
  const byBucket = new Map<Address, string[]>();
  for (const type of OBJECT_TYPES) {
    for (const object of context.resolver.ofType(type)) {
      const bucket: RawResource | undefined = context.resolver.resolveOne(object.values["bucket"], BUCKET);
      const key = asString(object.values["key"]);
      if (bucket !== undefined && key !== undefined) pushTo(byBucket, bucket.address, key);
    }
  }
  return byBucket;
}
