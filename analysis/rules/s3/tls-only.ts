/**
 * S3-005: the bucket policy has no Deny for requests without TLS (`aws:SecureTransport` false)
 * that covers both the bucket and its objects.
 */
import { eachPolicy, type ReadDocument } from "../check";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import { conditionValueTexts, rawStatements, resourcesOf, statementCovers } from "../support/policy";
import { isOpaqueResource, type PolicySubject } from "../support/policy-subjects";
import { RuleStatus, type RuleOutcome } from "../types";

export const tlsOnly = eachPolicy(
  "bucket-policy",
  { absent: { status: RuleStatus.NON_COMPLIANT, detail: "the bucket has no bucket policy" } },
  checkSubject,
);

function checkSubject(subject: PolicySubject, read: ReadDocument): RuleOutcome {
  const { address } = subject;
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
  const partial =
    tlsDenies.length > 0
      ? "the aws:SecureTransport deny does not cover both the bucket and its objects"
      : "no statement denies aws:SecureTransport false";
  return nonCompliant(address, partial);
}
