/**
 * VPCE-005: an S3 endpoint lets account principals change or delete the bucket policy through it
 * (`s3:PutBucketPolicy` / `s3:DeleteBucketPolicy`), e.g. because its group is granted `s3:*`. Decided
 * end to end by the access analyzer for the worst-case insider (an account principal whose identity
 * policy allows `s3:*`) through each endpoint to each bucket under review: anyone inside the VPC with
 * such a role can then lift the lockdown the bucket policy is for.
 */
import { BUCKET_POLICY_CHANGING_ACTIONS } from "../../access-levels";
import { eachSubject } from "../check";
import type { EndpointReachSubject } from "../subjects";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import type { RuleOutcome } from "../types";

export const bucketPolicyChangeThroughEndpoint = eachSubject("endpoint-reach", checkPair);

function checkPair({ reach, pair }: EndpointReachSubject): RuleOutcome {
  const address = pair.endpoint.address;
  const checks = BUCKET_POLICY_CHANGING_ACTIONS.map((action) => reach.check(pair, action));
  const allowed = checks.filter((check) => check.verdict.decision === "Allow");
  // An allow that rests on a policy the analysis could not read (e.g. AWS's full-access default assumed) is not definite.
  const notes = [
    ...new Set(checks.filter((check) => check.verdict.decision !== "ExplicitDeny").flatMap((check) => check.verdict.unresolved)),
  ];
  if (notes.length > 0) return unknown(address, notes.join("; "));
  if (allowed.length === 0) return compliant(address);
  const actions = allowed.map((check) => check.action).join(" and ");
  return nonCompliant(
    address,
    `account principals can call ${actions} on ${pair.bucket.address} through endpoint ${pair.endpoint.name}: ` +
      `${allowed[0]?.verdict.because ?? ""}`,
  );
}
