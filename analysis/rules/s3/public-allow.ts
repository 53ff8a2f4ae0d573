/** S3-011: the bucket policy has an Allow for Principal `*` with no Condition: anyone, even unsigned, gets those actions. */
import type { BucketModel, Topology } from "../../topology/model";
import { bucketPolicy, policyAddress } from "../support/buckets";
import { compliant, nonCompliant, notApplicable, unknown } from "../support/outcome";
import { principalIsEveryone, statementName } from "../support/policy";
import type { RuleOutcome } from "../types";

export function noPublicAllow(topology: Topology): RuleOutcome[] {
  return topology.buckets.map((bucket) => checkBucket(topology, bucket));
}

function checkBucket(topology: Topology, bucket: BucketModel): RuleOutcome {
  const read = bucketPolicy(topology, bucket);
  const address = policyAddress(bucket, read);
  if (read.kind === "absent") return notApplicable(address, "no bucket policy");
  if (read.kind === "unknown") return unknown(address, read.reason);
  const open = read.normalized.statements.filter((s) => s.effect === "Allow" && principalIsEveryone(s) && s.conditions.length === 0);
  if (open.length === 0) return compliant(address);
  return nonCompliant(address, `${open.map(statementName).join(", ")} allows ${open.flatMap((s) => s.action.value).join(", ")} to everyone`);
}
