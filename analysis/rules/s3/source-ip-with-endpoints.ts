/**
 * S3-008: the bucket policy conditions on `aws:SourceIp` while S3 gateway endpoints route S3
 * traffic. Requests through an endpoint carry the instance's private address, so the key never
 * matches a public range there: an Allow on it never applies, a NotIpAddress Deny always does.
 */
import type { Topology } from "../../topology/model";
import { compliant, nonCompliant, notApplicable, unknown } from "../support/outcome";
import { conditionKeys, statementName, unjudgeable, whyUnjudgeable } from "../support/policy";
import { policySubjects, type PolicySubject } from "../support/policy-subjects";
import type { RuleOutcome } from "../types";

export function sourceIpWithEndpoints(topology: Topology): RuleOutcome[] {
  return policySubjects(topology).map((subject) => checkSubject(topology, subject));
}

function checkSubject(topology: Topology, subject: PolicySubject): RuleOutcome {
  const { read, address } = subject;
  if (read.state === "absent") return notApplicable(address, "no bucket policy");
  if (topology.endpoints.length === 0) return notApplicable(address, "no S3 gateway endpoint in the configuration");
  if (unjudgeable(read)) return unknown(address, whyUnjudgeable(read));
  const users = read.normalized.statements.filter((s) => conditionKeys(s).includes("aws:sourceip"));
  if (users.length === 0) return compliant(address);
  const names = users.map(statementName).join(", ");
  return nonCompliant(address, `${names} test aws:SourceIp, and ${topology.endpoints.map((e) => e.name).join(", ")} route S3 traffic`);
}
