/**
 * S3-007: a bucket policy Deny on object actions names the bucket ARN but not `bucket/*`, so the
 * objects are not covered (a Deny that names only the bucket ARN does not apply to objects).
 */
import type { NormalizedStatement } from "../../policy";
import type { PolicyStatement } from "../../policy/types";
import { eachPolicy, type ReadDocument } from "../check";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import { rawStatements, resourcesOf, statementCovers, statementName } from "../support/policy";
import { isOpaqueResource, NO_BUCKET_POLICY, type PolicySubject } from "../support/policy-subjects";
import type { RuleOutcome } from "../types";

/** Object actions a Deny is most often meant to stop. */
const OBJECT_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"];

export const denyCoversObjects = eachPolicy("bucket-policy", { absent: NO_BUCKET_POLICY }, checkSubject);

function checkSubject(subject: PolicySubject, read: ReadDocument): RuleOutcome[] {
  const { address } = subject;
  const raw = rawStatements(read.document);
  const outcomes = read.normalized.statements
    .filter((s) => s.effect === "Deny")
    .flatMap((statement) => {
      const rawStatement = raw[statement.index];
      if (rawStatement === undefined || resourcesOf(rawStatement).some((r) => isOpaqueResource(subject, r))) return [];
      return judgeStatement(subject, statement, rawStatement);
    });
  return outcomes.length > 0 ? outcomes : [compliant(address)];
}

function judgeStatement(subject: PolicySubject, statement: NormalizedStatement, raw: PolicyStatement): RuleOutcome[] {
  for (const action of OBJECT_ACTIONS) {
    const onBucket = statementCovers(raw, action, subject.bucketArns);
    const onObjects = statementCovers(raw, action, subject.objectArns);
    if (onBucket === undefined || onObjects === undefined)
      return [unknown(subject.address, `${statementName(statement)} could not be evaluated`)];
    if (onBucket && !onObjects)
      return [nonCompliant(subject.address, `${statementName(statement)} denies ${action} on the bucket ARN only`)];
  }
  return [];
}
