/**
 * How a rule says what it judges: `eachSubject(kind, judge)` judges every subject of a kind;
 * `eachPolicy(kind, options, judge)` judges the policy every subject of a policy-bearing kind carries,
 * with "not applicable", "absent" and "unresolved" decided here, once, before the rule sees a document.
 */
import type { Topology } from "../topology/model";
import type { SubjectTypes } from "./subjects";
import { notApplicable, unknown } from "./support/outcome";
import type { PolicyRead } from "../topology/model";
import { unjudgeable, whyUnjudgeable, type UsableRead } from "./support/policy";
import type { RuleOutcome, SubjectCheck, SubjectKind, Verdict } from "./types";

/** What a rule says about one subject: one outcome, several (at several addresses), or none. */
export type Judged = RuleOutcome | readonly RuleOutcome[];

/** A policy that was read: what a policy rule judges. */
export type ReadDocument = UsableRead;

/** The kinds whose subjects carry a policy (`read`). */
export type PolicyKind = { [K in SubjectKind]: SubjectTypes[K] extends { readonly read: PolicyRead } ? K : never }[SubjectKind];

interface PolicyBearing {
  readonly address: string;
  readonly read: PolicyRead;
}

/** A rule part that judges each subject of `kind`. */
export function eachSubject<K extends SubjectKind>(kind: K, judge: (subject: SubjectTypes[K], topology: Topology) => Judged): SubjectCheck {
  return { subject: kind, judge: (subject, topology) => listOf(judge(subject as SubjectTypes[K], topology)) };
}

/** How {@link eachPolicy} treats a subject before its policy is judged. */
export interface PolicyCheckOptions<K extends PolicyKind> {
  /** Why the rule does not apply to the subject, asked first: NOT_APPLICABLE with that reason, whatever the policy. */
  readonly skip?: (subject: SubjectTypes[K], topology: Topology) => string | undefined;
  /**
   * The verdict on a subject that has no policy.
   * @default - not applicable
   */
  readonly absent?: Verdict;
}

/**
 * A rule part that judges the policy of each subject of `kind`: a policy that cannot be read is
 * UNKNOWN with the reason, a missing one gets the `absent` verdict, and `judge` sees read documents only.
 */
export function eachPolicy<K extends PolicyKind>(
  kind: K,
  options: PolicyCheckOptions<K>,
  judge: (subject: SubjectTypes[K], policy: ReadDocument, topology: Topology) => Judged,
): SubjectCheck {
  return {
    subject: kind,
    judge: (raw, topology) => {
      const subject = raw as SubjectTypes[K];
      const { address, read } = subject as SubjectTypes[K] & PolicyBearing;
      const skipped = options.skip?.(subject, topology);
      if (skipped !== undefined) return [notApplicable(address, skipped)];
      if (unjudgeable(read)) return [unknown(address, whyUnjudgeable(read))];
      if (read.state === "absent") return [options.absent === undefined ? notApplicable(address) : { address, ...options.absent }];
      return listOf(judge(subject, read, topology));
    },
  };
}

function listOf(judged: Judged): readonly RuleOutcome[] {
  return "status" in judged ? [judged] : judged;
}
