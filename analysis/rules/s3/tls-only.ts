/**
 * S3-005: the bucket policy has no Deny for requests without TLS (`aws:SecureTransport` false)
 * that covers both the bucket and its objects.
 */
import type { BucketModel, Topology } from "../../topology/model";
import { bucketArnForms, bucketPolicy, objectArnForms, policyAddress } from "../support/buckets";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import { conditionValueTexts, hasOpaqueResource, rawStatements, statementCovers } from "../support/policy";
import type { RuleOutcome } from "../types";

export function tlsOnly(topology: Topology): RuleOutcome[] {
  return topology.buckets.map((bucket) => checkBucket(topology, bucket));
}

function checkBucket(topology: Topology, bucket: BucketModel): RuleOutcome {
  const read = bucketPolicy(topology, bucket);
  const address = policyAddress(bucket, read);
  if (read.kind === "unknown") return unknown(address, read.reason);
  if (read.kind === "absent") return nonCompliant(address, "the bucket has no bucket policy");
  const raw = rawStatements(read.document);
  const tlsDenies = read.normalized.statements.filter(
    (s) => s.effect === "Deny" && conditionValueTexts(s, "aws:SecureTransport").some((v) => v.toLowerCase() === "false"),
  );
  let unreadable = false;
  for (const statement of tlsDenies) {
    const rawStatement = raw[statement.index];
    if (rawStatement === undefined) continue;
    const objects = statementCovers(rawStatement, "s3:GetObject", objectArnForms(topology, bucket));
    const bucketLevel = statementCovers(rawStatement, "s3:ListBucket", bucketArnForms(topology, bucket));
    if (objects === true && bucketLevel === true) return compliant(address);
    unreadable ||= objects === undefined || bucketLevel === undefined || hasOpaqueResource(rawStatement, [bucket.address]);
  }
  if (unreadable) return unknown(address, "a TLS deny statement could not be evaluated");
  const partial = tlsDenies.length > 0 ? "the aws:SecureTransport deny does not cover both the bucket and its objects" : "no statement denies aws:SecureTransport false";
  return nonCompliant(address, partial);
}
