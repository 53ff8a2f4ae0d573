/**
 * Wording of the access diff shared by its human formats (text, markdown, SARIF messages): one
 * sentence per changed row, the boot check and finding lines, the summary line.
 */
import {
  changeKind,
  ChangeKind,
  type AccessChange,
  type AccessDiff,
  type BootChange,
  type BootState,
  type DiffSide,
} from "../../analysis/diff/access-diff";
import { statementName } from "../../analysis/access/because";
import type { Reason, StatementRef } from "../../analysis/access/types";
import type { DiffReview } from "./diff-model";
import { pathText } from "../words/hops";
import { shortResource } from "./present";

/** How a format marks a name (markdown: inline code; text: as is). */
export type Quote = (text: string) => string;

/** The changes of each kind, in diff order. */
export function byKind(changes: readonly AccessChange[]): Record<ChangeKind, AccessChange[]> {
  const kinds: Record<ChangeKind, AccessChange[]> = { widening: [], narrowing: [], uncertain: [], other: [] };
  for (const change of changes) kinds[changeKind(change)].push(change);
  return kinds;
}

/**
 * The sentence for one change, e.g. "This change lets `account-principal` `s3:PutObject` on
 * `ScriptBucket/bootstrap/*` via `endpoint:readers` (before: denied by …; after: allowed by …)".
 * With `why: "difference"` it names what made the difference instead, when the typed reasons tell
 * (see {@link difference}): "… (bucket policy statement `DenyWritesThroughReadOnlyEndpoints` no longer applies)".
 */
export function changeSentence(change: AccessChange, quote: Quote, why: "both" | "difference" = "both"): string {
  const what = `${quote(change.principal)} ${quote(change.action)} on ${quote(shortResource(change.resource))} via ${quote(change.origin)}`;
  const made = why === "difference" ? difference(change, quote) : undefined;
  const reasons = made ?? `${side("before", change.before, change.because.before)}; ${side("after", change.after, change.because.after)}`;
  switch (changeKind(change)) {
    case ChangeKind.WIDENING:
      return `This change lets ${what} (${reasons}).`;
    case ChangeKind.NARROWING:
      return `This change stops ${what} (${reasons}).`;
    case ChangeKind.UNCERTAIN:
      return `This change may let ${what} (${reasons}).`;
    case ChangeKind.OTHER:
      return `${what}: ${change.before} → ${change.after} (${reasons}).`;
  }
}

/**
 * What made the difference between the two sides of a row, from their typed reasons: the Deny
 * statements that decided before and do not now ("… no longer applies"), else the Allow statements
 * that decide now and did not before ("… now allows"). Undefined when a side is absent or Unknown,
 * or when neither fits: the two reasons then say it.
 */
function difference(change: AccessChange, quote: Quote): string | undefined {
  const { before, after } = change.reasons;
  if (before === null || after === null || change.after === "Unknown") return undefined;
  const was = decidingStatements(before);
  const now = decidingStatements(after);
  const gone =
    change.before === "ExplicitDeny"
      ? was.filter((statement) => statement.effect === "Deny" && !now.some((other) => sameStatement(statement, other)))
      : [];
  if (gone.length > 0) return `${namesOf(gone, quote)} no longer ${gone.length === 1 ? "applies" : "apply"}`;
  const added =
    change.after === "Allow"
      ? now.filter((statement) => statement.effect === "Allow" && !was.some((other) => sameStatement(statement, other)))
      : [];
  if (added.length > 0) return `${namesOf(added, quote)} now ${added.length === 1 ? "allows" : "allow"}`;
  return undefined;
}

/** The statements a reason names, the KMS hop's included. */
function decidingStatements(reason: Reason): readonly StatementRef[] {
  if (reason.kind !== "statements" && reason.kind !== "rule") return [];
  const own = reason.kind === "statements" ? reason.statements : [];
  return reason.kms === undefined ? own : [...own, ...decidingStatements(reason.kms.reason)];
}

/** The same statement of the same policy on both sides: by policy kind and address (else label), and Sid (else index). */
function sameStatement(a: StatementRef, b: StatementRef): boolean {
  const policy = (statement: StatementRef): string => `${statement.policy.kind} ${statement.policy.address ?? statement.policy.label}`;
  const name = (statement: StatementRef): string => statement.sid ?? `#${statement.index}`;
  return policy(a) === policy(b) && name(a) === name(b);
}

/** `bucket policy statement `X``, `… and endpoint policy of readers statement #0`. */
function namesOf(statements: readonly StatementRef[], quote: Quote): string {
  const names = statements.map((statement) => statementName(statement, quote));
  return names.length === 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1] ?? ""}`;
}

/** One side's reason; the reasons say their decision ("allowed by", "denied by", "no statement … allows", "depends on"). */
function side(name: string, decision: DiffSide, because: string | null): string {
  return decision === "absent" || because === null ? `${name}: no such row` : `${name}: ${because}`;
}

/** `web: before, can fetch its scripts via subnet … → endpoint readers; after, cannot fetch …` (or `no such instance`). */
export function bootSentence(change: BootChange, quote: Quote): string {
  return `${quote(change.instance)}: before, ${bootState(change.before, "no such instance")}; after, ${bootState(
    change.after,
    "no such instance",
  )}.`;
}

function bootState(state: BootState | "absent", absent: string): string {
  if (state === "absent") return absent;
  const path = state.path.length === 0 ? "-" : pathText(state.path);
  return `${state.canFetchScripts ? "can fetch its scripts" : "cannot fetch its scripts"} via ${path}`;
}

/** The one-line summary: counts of each kind of change, and the unchanged rows. */
export function summaryLine(review: DiffReview): string {
  const kinds = byKind(review.diff.changes);
  const { diff } = review;
  const parts = [
    count(kinds.widening.length, "widening"),
    count(kinds.narrowing.length, "narrowing"),
    count(kinds.uncertain.length, "possible widening"),
    count(kinds.other.length, "other access change"),
    count(diff.boot.length, "boot check change"),
    `${diff.findings.added.length} finding${diff.findings.added.length === 1 ? "" : "s"} added, ${diff.findings.removed.length} removed`,
  ];
  return `${parts.join(", ")}; ${unchangedLine(diff)}.`;
}

/** `N rows unchanged`. */
export function unchangedLine(diff: AccessDiff): string {
  return `${diff.unchanged} row${diff.unchanged === 1 ? "" : "s"} unchanged`;
}

/** What was compared with what, as one sentence. */
export function comparedLine(review: DiffReview, quote: Quote): string {
  if (review.planBefore === undefined) return `Comparing ${quote(review.current)} with the baseline ${quote(review.baseline)}.`;
  const head = `Comparing the plan ${quote(review.current)} after apply (planned values) with before it`;
  if (review.planBefore === "none") return `${head}. ${NO_BEFORE}`;
  return `${head} (${review.planBefore === "prior_state" ? "its prior state" : "the before values of its resource changes"}).`;
}

/** Said when a plan has nothing before it. */
export const NO_BEFORE =
  "The plan has no prior state and no before values in its resource changes (it creates every resource): every row appears.";

/** Stacks only one side has, as sentences. */
export function unpairedLines(review: DiffReview, quote: Quote): string[] {
  return review.stacks.flatMap((pair) => {
    if (pair.baseline === undefined) return [`Stack ${quote(pair.stack)} is new: every row of it appears.`];
    if (pair.current === undefined) return [`Stack ${quote(pair.stack)} is gone: every row of it disappears.`];
    return [];
  });
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
