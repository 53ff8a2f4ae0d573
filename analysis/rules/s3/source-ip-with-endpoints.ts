/**
 * S3-008: the bucket policy conditions on `aws:SourceIp` while S3 gateway endpoints route S3
 * traffic. Requests through an endpoint carry the instance's private address, so the key never
 * matches a public range there: an Allow on it never applies, a NotIpAddress Deny always does.
 */
import type { Topology } from "../../topology/model";
import { eachPolicy, type ReadDocument } from "../check";
import { compliant, nonCompliant } from "../support/outcome";
import { conditionKeys, statementName } from "../support/policy";
import { NO_BUCKET_POLICY, type PolicySubject } from "../support/policy-subjects";
import type { RuleOutcome } from "../types";

export const sourceIpWithEndpoints = eachPolicy(
  "bucket-policy",
  {
    skip: (_subject, topology) => (topology.endpoints.length === 0 ? "no S3 gateway endpoint in the configuration" : undefined),
    absent: NO_BUCKET_POLICY,
  },
  checkSubject,
);

function checkSubject({ address }: PolicySubject, read: ReadDocument, topology: Topology): RuleOutcome {
  const users = read.normalized.statements.filter((s) => conditionKeys(s).includes("aws:sourceip"));
  if (users.length === 0) return compliant(address);
  const names = users.map(statementName).join(", ");
  return nonCompliant(address, `${names} test aws:SourceIp, and ${topology.endpoints.map((e) => e.name).join(", ")} route S3 traffic`);
}
