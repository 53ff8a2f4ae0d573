/**
 * S3-007: a bucket policy Deny on object actions names the bucket ARN but not `bucket/*`, so the
 * objects are not covered (a Deny that names only the bucket ARN does not apply to objects).
 */
import type { BucketModel, Topology } from "../../topology/model";
import { bucketArnForms, bucketPolicy, objectArnForms, policyAddress } from "../support/buckets";
import { compliant, nonCompliant, notApplicable, unknown } from "../support/outcome";
import { hasOpaqueResource, rawStatements, statementCovers, statementName } from "../support/policy";
import type { RuleOutcome } from "../types";

/** Object actions a Deny is most often meant to stop. */
const OBJECT_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"];

export function denyCoversObjects(topology: Topology): RuleOutcome[] {
  return topology.buckets.flatMap((bucket) => checkBucket(topology, bucket));
}

function checkBucket(topology: Topology, bucket: BucketModel): RuleOutcome[] {
  const read = bucketPolicy(topology, bucket);
  const address = policyAddress(bucket, read);
  if (read.kind === "unknown") return [unknown(address, read.reason)];
  if (read.kind === "absent") return [notApplicable(address, "no bucket policy")];
  const raw = rawStatements(read.document);
  const outcomes: RuleOutcome[] = [];
  for (const statement of read.normalized.statements.filter((s) => s.effect === "Deny")) {
    const rawStatement = raw[statement.index];
    if (rawStatement === undefined || hasOpaqueResource(rawStatement, [bucket.address])) continue;
    for (const action of OBJECT_ACTIONS) {
      const onBucket = statementCovers(rawStatement, action, bucketArnForms(topology, bucket));
      const onObjects = statementCovers(rawStatement, action, objectArnForms(topology, bucket));
      if (onBucket === undefined || onObjects === undefined) {
        outcomes.push(unknown(address, `${statementName(statement)} could not be evaluated`));
        break;
      }
      if (onBucket && !onObjects) {
        outcomes.push(nonCompliant(address, `${statementName(statement)} denies ${action} on the bucket ARN only`));
        break;
      }
    }
  }
  return outcomes.length > 0 ? outcomes : [compliant(address)];
}
