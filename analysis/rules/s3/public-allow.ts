/** S3-011: the bucket policy has an Allow for Principal `*` with no Condition: anyone, even unsigned, gets those actions. */
import type { Topology } from "../../topology/model";
import { compliant, nonCompliant, notApplicable, unknown } from "../support/outcome";
import { principalIsEveryone, statementName, unjudgeable, whyUnjudgeable } from "../support/policy";
import { policySubjects, type PolicySubject } from "../support/policy-subjects";
import type { RuleOutcome } from "../types";

export function noPublicAllow(topology: Topology): RuleOutcome[] {
  return policySubjects(topology).map(checkSubject);
}

function checkSubject(subject: PolicySubject): RuleOutcome {
  const { read, address } = subject;
  if (read.state === "absent") return notApplicable(address, "no bucket policy");
  if (unjudgeable(read)) return unknown(address, whyUnjudgeable(read));
  const open = read.normalized.statements.filter((s) => s.effect === "Allow" && principalIsEveryone(s) && s.conditions.length === 0);
  if (open.length === 0) return compliant(address);
  return nonCompliant(address, `${open.map(statementName).join(", ")} allows ${open.flatMap((s) => s.action.value).join(", ")} to everyone`);
}
