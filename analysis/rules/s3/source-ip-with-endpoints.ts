/**
 * S3-008: the bucket policy conditions on `aws:SourceIp` while the bucket is reached through S3
 * gateway endpoints. Requests through an endpoint carry the instance's private address, so the
 * key never matches a public range there: an Allow on it never applies, a NotIpAddress Deny
 * always does.
 */
import type { BucketModel, Topology } from "../../topology/model";
import { bucketPolicy, policyAddress } from "../support/buckets";
import { compliant, nonCompliant, notApplicable, unknown } from "../support/outcome";
import { conditionKeys, statementName } from "../support/policy";
import type { RuleOutcome } from "../types";

export function sourceIpWithEndpoints(topology: Topology): RuleOutcome[] {
  return topology.buckets.map((bucket) => checkBucket(topology, bucket));
}

function checkBucket(topology: Topology, bucket: BucketModel): RuleOutcome {
  const read = bucketPolicy(topology, bucket);
  const address = policyAddress(bucket, read);
  if (read.kind === "absent") return notApplicable(address, "no bucket policy");
  if (topology.endpoints.length === 0) return notApplicable(address, "no S3 gateway endpoint in the configuration");
  if (read.kind === "unknown") return unknown(address, read.reason);
  const users = read.normalized.statements.filter((s) => conditionKeys(s).includes("aws:sourceip"));
  if (users.length === 0) return compliant(address);
  const names = users.map(statementName).join(", ");
  return nonCompliant(address, `${names} test aws:SourceIp, and ${topology.endpoints.map((e) => e.name).join(", ")} route S3 traffic`);
}
