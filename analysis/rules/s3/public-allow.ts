/** S3-011: the bucket policy has an Allow for Principal `*` with no Condition: anyone, even unsigned, gets those actions. */
import { eachPolicy, type ReadDocument } from "../check";
import { compliant, nonCompliant } from "../support/outcome";
import { principalIsEveryone, statementName } from "../support/policy";
import { NO_BUCKET_POLICY, type PolicySubject } from "../support/policy-subjects";
import type { RuleOutcome } from "../types";

export const noPublicAllow = eachPolicy("bucket-policy", { absent: NO_BUCKET_POLICY }, checkSubject);

function checkSubject({ address }: PolicySubject, read: ReadDocument): RuleOutcome {
  const open = read.normalized.statements.filter((s) => s.effect === "Allow" && principalIsEveryone(s) && s.conditions.length === 0);
  if (open.length === 0) return compliant(address);
  return nonCompliant(
    address,
    `${open.map(statementName).join(", ")} allows ${open.flatMap((s) => s.action.value).join(", ")} to everyone`,
  );
}
