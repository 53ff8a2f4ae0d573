/**
 * The bucket policies the S3 policy rules judge: one per bucket of the configuration, plus every
 * `aws_s3_bucket_policy` whose bucket is not defined here (an existing bucket, named literally or
 * through a data source or variable), so that a lockout on an external bucket is still reported.
 */
import type { Address, BucketModel, PolicyRead, RawResource, Topology } from "../../topology/model";
import { relationsOf } from "../../topology/relations";
import { isExpression } from "../../topology/values";
import { bucketArnForms, bucketPolicy, bucketTarget, objectArnForms, policyAddress } from "./buckets";
import { rawStatements, readPolicyAttribute, resourcesOf } from "./policy";
import { refersTo } from "./references";
import { RuleStatus, type Verdict } from "../types";

/** A bucket policy and the ARNs of the bucket it protects. */
export interface PolicySubject {
  /** Where findings go: the policy resource, else the bucket. */
  readonly address: Address;
  /** The bucket, when the configuration defines it. */
  readonly bucket?: BucketModel;
  readonly read: PolicyRead;
  /** Every way a statement may write the bucket's ARN. */
  readonly bucketArns: readonly string[];
  /** A representative object ARN in each of those ways. */
  readonly objectArns: readonly string[];
  /** Addresses whose references name the bucket (a Resource naming anything else is opaque). */
  readonly names: readonly Address[];
}

const PROBE_KEY = "rules-probe/object";

/** The verdict of a rule that judges what a bucket policy says, on a bucket that has none. */
export const NO_BUCKET_POLICY: Verdict = { status: RuleStatus.NOT_APPLICABLE, detail: "no bucket policy" };

/** Every bucket policy subject of the configuration (the `bucket-policy` subjects of the rules). */
export function policySubjects(topology: Topology): PolicySubject[] {
  const modeled = topology.buckets.map((bucket): PolicySubject => {
    const read = bucketPolicy(topology, bucket);
    const common = { address: policyAddress(bucket, read), bucket, read, names: [bucket.address] };
    return { ...common, bucketArns: bucketArnForms(topology, bucket), objectArns: objectArnForms(topology, bucket) };
  });
  const orphans = relationsOf(topology)
    .resourcesOfType("aws_s3_bucket_policy")
    .filter((policy) => !isModeled(topology, policy, modeled))
    .map(orphanSubject);
  return [...modeled, ...orphans];
}

function isModeled(topology: Topology, policy: RawResource, modeled: readonly PolicySubject[]): boolean {
  if (modeled.some((subject) => subject.address === policy.address)) return true;
  const value = policy.values["bucket"];
  return topology.buckets.some(
    (bucket) => refersTo(value, bucket.address) || (bucketTarget(topology, bucket).literals ?? []).includes(String(value)),
  );
}

/** An external bucket: its ARN from a literal name, else as the policy itself writes it. */
function orphanSubject(policy: RawResource): PolicySubject {
  const read = readPolicyAttribute(policy.values["policy"], policy.address, "resource");
  const name = policy.values["bucket"];
  const bucketArns = typeof name === "string" && name !== "" && !isExpression(name) ? [`arn:aws:s3:::${name}`] : arnsWrittenIn(read);
  return { address: policy.address, read, bucketArns, objectArns: bucketArns.map((arn) => `${arn}/${PROBE_KEY}`), names: [] };
}

/** Bucket ARNs the policy names: `X` and the `X` of `X/*`. */
function arnsWrittenIn(read: PolicyRead): string[] {
  if (read.state !== "ok") return [];
  const resources = rawStatements(read.document).flatMap(resourcesOf);
  const arns = resources.map((r) => (r.endsWith("/*") ? r.slice(0, -2) : r)).filter((r) => r !== "*" && !r.includes("/"));
  return [...new Set(arns)];
}

/** True when a Resource entry is an expression that names neither the bucket nor one of its ARN forms. */
export function isOpaqueResource(subject: PolicySubject, resource: string): boolean {
  if (!isExpression(resource)) return false;
  if (subject.names.some((address) => refersTo(resource, address))) return false;
  return !subject.bucketArns.some((arn) => resource === arn || resource.startsWith(`${arn}/`));
}
