/**
 * S3-001: the bucket has no public access block, or one of its four flags is not true.
 * An account-level `aws_s3_account_public_access_block` with all four flags covers every bucket.
 */
import type { BucketModel, RawResource, Topology } from "../../topology/model";
import { relationsOf } from "../../topology/relations";
import { UNRESOLVED, readBool } from "../../topology/values";
import { eachSubject } from "../check";
import { bucketCompanions } from "../support/buckets";
import { unresolvedLink } from "../support/references";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import type { RuleOutcome } from "../types";

const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"] as const;

export const publicAccessBlock = eachSubject("bucket", (bucket, topology) => {
  const account = relationsOf(topology)
    .resourcesOfType("aws_s3_account_public_access_block")
    .find((block) => flagsOf(block).every((v) => v === true));
  return account === undefined ? checkBucket(topology, bucket) : compliant(bucket.address, `account-wide block ${account.address}`);
});

function checkBucket(topology: Topology, bucket: BucketModel): RuleOutcome {
  const links = bucketCompanions(topology, bucket, "aws_s3_bucket_public_access_block");
  const block = links.linked[0];
  if (block === undefined) {
    const why = unresolvedLink(links, "bucket");
    if (why !== undefined) return unknown(bucket.address, why);
    return nonCompliant(bucket.address, "no aws_s3_bucket_public_access_block configures this bucket");
  }
  const flags = flagsOf(block);
  const off = FLAGS.filter((_, i) => flags[i] === false);
  if (off.length > 0) return nonCompliant(bucket.address, `${block.address} leaves ${off.join(", ")} off`);
  const symbolic = FLAGS.filter((_, i) => flags[i] === UNRESOLVED);
  if (symbolic.length > 0) return unknown(bucket.address, `${block.address} sets ${symbolic.join(", ")} from an expression`);
  return compliant(bucket.address);
}

/** The four flags; an unset flag is false (the provider's default). */
function flagsOf(block: RawResource): (boolean | typeof UNRESOLVED)[] {
  return FLAGS.map((flag) => readBool(block.values[flag], false));
}
