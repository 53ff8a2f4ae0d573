/** How rules name and find a bucket: its ARN forms, its companions, its policy. */
import { partitionOf } from "../../aws-facts";
import type { BucketModel, PolicyRead, Topology } from "../../topology/model";
import { unresolvedPolicy } from "../../topology/policy-read";
import { relationsOf } from "../../topology/relations";
import { UNRESOLVED, isExpression, readBlock } from "../../topology/values";
import { linksTo, refersTo, unresolvedLink, type LinkTarget, type Links } from "./references";

/** The bucket's literal name, when the configuration writes one. */
function literalBucketName(topology: Topology, bucket: BucketModel): string | undefined {
  const written = relationsOf(topology).resourceAt(bucket.address)?.values["bucket"];
  if (typeof written === "string" && written !== "" && !isExpression(written)) return written;
  return bucket.nameRef !== "" && !isExpression(bucket.nameRef) ? bucket.nameRef : undefined;
}

/** The link target for companions such as `aws_s3_bucket_versioning.bucket`. */
export function bucketTarget(topology: Topology, bucket: BucketModel): LinkTarget {
  const name = literalBucketName(topology, bucket);
  return { address: bucket.address, type: "aws_s3_bucket", literals: name === undefined ? [] : [name] };
}

/** Companion resources of `type` that configure this bucket (attribute `bucket`). */
export function bucketCompanions(topology: Topology, bucket: BucketModel, type: string): Links {
  return linksTo(topology, type, "bucket", bucketTarget(topology, bucket));
}

/**
 * Every way a policy may write the bucket's ARN: the model's ref, `${<address>.arn}`,
 * `arn:aws:s3:::${<address>.id}` / `.bucket`, and the literal ARN.
 */
export function bucketArnForms(topology: Topology, bucket: BucketModel): string[] {
  const partition = partitionOf(bucket.region ?? topology.region ?? "");
  const name = literalBucketName(topology, bucket);
  const forms = [
    bucket.arnRef,
    `\${${bucket.address}.arn}`,
    `arn:${partition}:s3:::\${${bucket.address}.id}`,
    `arn:${partition}:s3:::\${${bucket.address}.bucket}`,
    ...(name === undefined ? [] : [`arn:${partition}:s3:::${name}`]),
  ];
  return [...new Set(forms.filter((form) => form !== ""))];
}

/** A representative object of the bucket in each ARN form (one of its uploaded keys if any). */
export function objectArnForms(topology: Topology, bucket: BucketModel): string[] {
  const key = bucket.objectKeys.find((k) => !isExpression(k)) ?? "rules-probe/object";
  return bucketArnForms(topology, bucket).map((arn) => `${arn}/${key}`);
}

/** Texts that identify the bucket inside user data or another policy. */
export function bucketMentions(topology: Topology, bucket: BucketModel): string[] {
  const name = literalBucketName(topology, bucket);
  return [`${bucket.address}.`, `${bucket.address}[`, ...(name === undefined || name.length < 3 ? [] : [name])];
}

/**
 * The bucket policy as the rules see it. When the reader found none but an
 * `aws_s3_bucket_policy` names a bucket through an unresolvable expression, the policy may be
 * this bucket's: `unknown`.
 */
export function bucketPolicy(topology: Topology, bucket: BucketModel): PolicyRead {
  const read = bucket.policy;
  if (read.state !== "absent") return read;
  const why = unresolvedLink(bucketCompanions(topology, bucket, "aws_s3_bucket_policy"), "bucket");
  return why === undefined ? read : unresolvedPolicy(bucket.address, why);
}

/** Where findings about the bucket's policy go: the policy resource if there is one. */
export function policyAddress(bucket: BucketModel, read: PolicyRead): string {
  return read.state === "absent" ? bucket.address : read.address;
}

/** The `aws_s3_bucket_logging` (or legacy inline `logging`) that writes server access logs to this bucket. */
export function accessLogSource(topology: Topology, bucket: BucketModel): string | undefined {
  const target = bucketTarget(topology, bucket);
  const separate = linksTo(topology, "aws_s3_bucket_logging", "target_bucket", target).linked[0];
  if (separate !== undefined) return separate.address;
  const inline = relationsOf(topology)
    .resourcesOfType("aws_s3_bucket")
    .find((source) => {
      const logging = readBlock(source.values["logging"]);
      return (
        logging !== UNRESOLVED &&
        (refersTo(logging["target_bucket"], bucket.address) || (target.literals ?? []).includes(String(logging["target_bucket"])))
      );
    });
  return inline?.address;
}
