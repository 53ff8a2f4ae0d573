/**
 * S3-005: the bucket policy has no Deny for requests without TLS (`aws:SecureTransport` false)
 * that covers both the bucket and its objects.
 */
import type { Topology } from "../../topology/model";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import { conditionValueTexts, rawStatements, resourcesOf, statementCovers, unjudgeable, whyUnjudgeable } from "../support/policy";
import { isOpaqueResource, policySubjects, type PolicySubject } from "../support/policy-subjects";
import type { RuleOutcome } from "../types";

export function tlsOnly(topology: Topology): RuleOutcome[] {
  return policySubjects(topology).map(checkSubject);
}

function checkSubject(subject: PolicySubject): RuleOutcome {
  const { read, address } = subject;
  if (unjudgeable(read)) return unknown(address, whyUnjudgeable(read));
  if (read.state === "absent") return nonCompliant(address, "the bucket has no bucket policy");
  const raw = rawStatements(read.document);
  const tlsDenies = read.normalized.statements.filter(
    (s) => s.effect === "Deny" && conditionValueTexts(s, "aws:SecureTransport").some((v) => v.toLowerCase() === "false"),
  );
  let unreadable = false;
  for (const statement of tlsDenies) {
    const rawStatement = raw[statement.index];
    if (rawStatement === undefined) continue;
    const objects = statementCovers(rawStatement, "s3:GetObject", subject.objectArns);
    const bucketLevel = statementCovers(rawStatement, "s3:ListBucket", subject.bucketArns);
    if (objects === true && bucketLevel === true) return compliant(address);
    const opaque = resourcesOf(rawStatement).some((resource) => isOpaqueResource(subject, resource));
    unreadable ||= objects === undefined || bucketLevel === undefined || opaque;
  }
  if (unreadable) return unknown(address, "a TLS deny statement could not be evaluated");
  const partial = tlsDenies.length > 0 ? "the aws:SecureTransport deny does not cover both the bucket and its objects" : "no statement denies aws:SecureTransport false";
  return nonCompliant(address, partial);
}
