/**
 * S3-002 (no default encryption configured) and S3-003 (default encryption is not SSE-KMS with a
 * customer managed key; not applicable to a server access log target, for which AWS documents SSE-S3 only). Read from
 * `aws_s3_bucket_server_side_encryption_configuration` or the
 * bucket's legacy inline block, else from the reader's model.
 */
import type { BucketModel, Topology } from "../../topology/model";
import { relationsOf } from "../../topology/relations";
import { UNRESOLVED, readBlock, readBlocks, readString, type Unresolved } from "../../topology/values";
import { eachSubject } from "../check";
import { accessLogSource, bucketCompanions } from "../support/buckets";
import { compliant, nonCompliant, notApplicable, unknown } from "../support/outcome";
import { unresolvedLink } from "../support/references";
import type { RuleOutcome } from "../types";

/** What a bucket's default encryption is, as far as the configuration says. */
export type BucketEncryption =
  | { readonly kind: "none" }
  | { readonly kind: "unknown"; readonly reason: string }
  | { readonly kind: "s3" }
  | { readonly kind: "kms"; readonly keyRef?: string };

export const defaultEncryptionConfigured = eachSubject("bucket", (bucket, topology): RuleOutcome => {
  const encryption = bucketEncryption(topology, bucket);
  if (encryption.kind === "unknown") return unknown(bucket.address, encryption.reason);
  if (encryption.kind === "none") return nonCompliant(bucket.address, "no server-side encryption configuration");
  return compliant(bucket.address);
});

export const customerManagedKey = eachSubject("bucket", (bucket, topology): RuleOutcome => {
  const encryption = bucketEncryption(topology, bucket);
  if (encryption.kind === "unknown") return unknown(bucket.address, encryption.reason);
  if (encryption.kind === "none") return notApplicable(bucket.address, "no default encryption (see S3-002)");
  const logging = accessLogSource(topology, bucket);
  if (encryption.kind === "s3" && logging !== undefined)
    return notApplicable(
      bucket.address,
      `server access log target of ${logging}: AWS documents SSE-S3 as the only default encryption supported there`,
    );
  if (encryption.kind === "s3") return nonCompliant(bucket.address, "default encryption is SSE-S3 (AES256)");
  if (encryption.keyRef === undefined) return nonCompliant(bucket.address, "SSE-KMS with the AWS managed key aws/s3");
  if (/alias\/aws\//.test(encryption.keyRef)) return nonCompliant(bucket.address, `SSE-KMS with the AWS managed key ${encryption.keyRef}`);
  return compliant(bucket.address);
});

/** The bucket's default encryption from its configuration resources, else from the model. */
function bucketEncryption(topology: Topology, bucket: BucketModel): BucketEncryption {
  const links = bucketCompanions(topology, bucket, "aws_s3_bucket_server_side_encryption_configuration");
  const inline = readBlock(relationsOf(topology).resourceAt(bucket.address)?.values["server_side_encryption_configuration"]);
  const ruleLists = [...links.linked.map((r) => r.values["rule"]), inline === UNRESOLVED ? UNRESOLVED : inline["rule"]];
  for (const rules of ruleLists) {
    const found = rules === UNRESOLVED ? UNRESOLVED : fromRules(rules);
    if (found === UNRESOLVED) return { kind: "unknown", reason: "the encryption rule is an expression" };
    if (found !== undefined) return found;
  }
  const why = unresolvedLink(links, "bucket");
  if (why !== undefined) return { kind: "unknown", reason: why };
  return fromModel(bucket);
}

/** Reads `rule { apply_server_side_encryption_by_default { sse_algorithm, kms_master_key_id } }`. */
function fromRules(rules: unknown): BucketEncryption | undefined | Unresolved {
  const blocks = readBlocks(rules);
  if (blocks === UNRESOLVED) return UNRESOLVED;
  for (const rule of blocks) {
    const defaults = readBlock(rule["apply_server_side_encryption_by_default"]);
    if (defaults === UNRESOLVED) return UNRESOLVED;
    const algorithm = readString(defaults["sse_algorithm"]);
    if (algorithm === UNRESOLVED) return UNRESOLVED;
    if (algorithm === "AES256") return { kind: "s3" };
    if (algorithm === undefined || !algorithm.startsWith("aws:kms")) continue;
    const key = defaults["kms_master_key_id"];
    return typeof key === "string" && key !== "" ? { kind: "kms", keyRef: key } : { kind: "kms" };
  }
  return undefined;
}

function fromModel(bucket: BucketModel): BucketEncryption {
  switch (bucket.encryption) {
    case "kms":
      return bucket.kmsKeyRef === undefined ? { kind: "kms" } : { kind: "kms", keyRef: bucket.kmsKeyRef };
    case "s3":
      return { kind: "s3" };
    case "unknown":
      return { kind: "unknown", reason: "the reader could not resolve the encryption settings" };
    default:
      return { kind: "none" };
  }
}
