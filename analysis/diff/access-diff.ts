/**
 * The access diff (docs/DESIGN.md §5, `review NEW --baseline OLD`): what a change does to who can
 * reach the bucket. Pure: two typed analyses of the same stack (the access report and the rule
 * pack's findings) in, typed changes out. Rows are matched by their key (origin, principal,
 * action, resource) in a Map, so the diff is linear in the rows.
 */
import type { AccessDecision, AccessReport, AccessRow, Hop, InstanceBootCheck, Origin, PrincipalLabel, Reason } from "../access/types";
import type { Finding, Severity } from "../rules/types";

/** One side of a row: its decision, or `absent` when the row does not exist on that side. */
export type DiffSide = AccessDecision | "absent";

/** What one side of the diff knows about a stack: its access report and findings. */
export interface StackFacts {
  readonly stack: string;
  readonly report: AccessReport;
  readonly findings: readonly Finding[];
}

/** The reasons of a changed row on each side, the row's own `because`; null where the row is absent. */
interface BecausePair {
  readonly before: string | null;
  readonly after: string | null;
}

/** The typed reasons of a changed row on each side; null where the row is absent. */
interface ReasonPair {
  readonly before: Reason | null;
  readonly after: Reason | null;
}

/** A matrix row whose decision changed, or that appeared or disappeared. */
export interface AccessChange {
  readonly stack: string;
  readonly origin: Origin;
  /** The address of the origin's endpoint, when it is an endpoint of the input (on the new side, else the baseline). */
  readonly originAddress?: string;
  readonly principal: PrincipalLabel;
  readonly action: string;
  readonly resource: string;
  readonly before: DiffSide;
  readonly after: DiffSide;
  readonly because: BecausePair;
  readonly reasons: ReasonPair;
}

/** How a change moves access. */
export const ChangeKind = {
  /** Ends in Allow from anything else: someone can do what they could not. */
  WIDENING: "widening",
  /** Was Allow, now anything else. */
  NARROWING: "narrowing",
  /** Ends in Unknown from a deny or from no row: it may now be allowed, depending on a value the input does not give. */
  UNCERTAIN: "uncertain",
  /** Neither side allows nor turns Unknown (a deny turning into another deny, an Unknown into a deny, a denied row appearing). */
  OTHER: "other",
} as const;
export type ChangeKind = (typeof ChangeKind)[keyof typeof ChangeKind];

/** The boot check of one instance on one side. */
export interface BootState {
  readonly canFetchScripts: boolean;
  readonly path: readonly Hop[];
}

/** An instance whose boot check (can it fetch its scripts, by which path) changed, appeared or disappeared. */
export interface BootChange {
  readonly stack: string;
  readonly instance: string;
  readonly before: BootState | "absent";
  readonly after: BootState | "absent";
}

/** A finding, identified by rule id and address. */
export interface FindingChange {
  readonly stack: string;
  readonly id: string;
  readonly address: string;
  readonly severity: Severity;
  readonly message: string;
}

/** The diff of one stack, or of several. */
export interface AccessDiff {
  readonly changes: readonly AccessChange[];
  readonly boot: readonly BootChange[];
  readonly findings: { readonly added: readonly FindingChange[]; readonly removed: readonly FindingChange[] };
  /** Rows on both sides with the same decision. */
  readonly unchanged: number;
}

/** The kind of a change. */
export function changeKind(change: Pick<AccessChange, "before" | "after">): ChangeKind {
  if (change.after === "Allow" && change.before !== "Allow") return ChangeKind.WIDENING;
  if (change.before === "Allow" && change.after !== "Allow") return ChangeKind.NARROWING;
  if (change.after === "Unknown" && change.before !== "Unknown") return ChangeKind.UNCERTAIN;
  return ChangeKind.OTHER;
}

/**
 * Diffs one stack. `before` or `after` is undefined for a stack only one side has: every row then
 * appears or disappears. Order: the rows of `after` in report order, then those only `before` has.
 */
export function diffStack(stack: string, before: StackFacts | undefined, after: StackFacts | undefined): AccessDiff {
  const access = diffRows(stack, before?.report.access ?? [], after?.report.access ?? []);
  return {
    changes: access.changes,
    boot: diffBoot(stack, before?.report.instances ?? [], after?.report.instances ?? []),
    findings: diffFindings(stack, before?.findings ?? [], after?.findings ?? []),
    unchanged: access.unchanged,
  };
}

/** Joins per-stack diffs in the given order. */
export function joinDiffs(diffs: readonly AccessDiff[]): AccessDiff {
  return {
    changes: diffs.flatMap((diff) => diff.changes),
    boot: diffs.flatMap((diff) => diff.boot),
    findings: { added: diffs.flatMap((diff) => diff.findings.added), removed: diffs.flatMap((diff) => diff.findings.removed) },
    unchanged: diffs.reduce((sum, diff) => sum + diff.unchanged, 0),
  };
}

/** True when the diff holds no change of any kind. */
export function isEmptyDiff(diff: AccessDiff): boolean {
  return diff.changes.length === 0 && diff.boot.length === 0 && diff.findings.added.length === 0 && diff.findings.removed.length === 0;
}

function diffRows(
  stack: string,
  before: readonly AccessRow[],
  after: readonly AccessRow[],
): { changes: AccessChange[]; unchanged: number } {
  const old = keyed(before, rowKey);
  const changes: AccessChange[] = [];
  let unchanged = 0;
  for (const [key, row] of keyed(after, rowKey)) {
    const was = old.get(key);
    old.delete(key);
    if (was?.decision === row.decision) unchanged++;
    else changes.push(change(stack, was, row));
  }
  for (const row of old.values()) changes.push(change(stack, row, undefined));
  return { changes, unchanged };
}

function change(stack: string, before: AccessRow | undefined, after: AccessRow | undefined): AccessChange {
  const row = (after ?? before) as AccessRow;
  const originAddress = after?.originAddress ?? before?.originAddress;
  return {
    stack,
    origin: row.origin,
    ...(originAddress === undefined ? {} : { originAddress }),
    principal: row.principal,
    action: row.action,
    resource: row.resource,
    before: before?.decision ?? "absent",
    after: after?.decision ?? "absent",
    because: { before: before?.because ?? null, after: after?.because ?? null },
    reasons: { before: before?.reason ?? null, after: after?.reason ?? null },
  };
}

function diffBoot(stack: string, before: readonly InstanceBootCheck[], after: readonly InstanceBootCheck[]): BootChange[] {
  const old = keyed(before, (check) => check.name);
  const changes: BootChange[] = [];
  for (const [name, check] of keyed(after, (c) => c.name)) {
    const was = old.get(name);
    old.delete(name);
    if (was === undefined || !sameBoot(was, check))
      changes.push({ stack, instance: check.name, before: was === undefined ? "absent" : bootState(was), after: bootState(check) });
  }
  for (const check of old.values()) changes.push({ stack, instance: check.name, before: bootState(check), after: "absent" });
  return changes;
}

function sameBoot(a: InstanceBootCheck, b: InstanceBootCheck): boolean {
  return a.canFetchScripts === b.canFetchScripts && a.path.length === b.path.length && a.path.every((hop, i) => sameHop(hop, b.path[i]));
}

function sameHop(a: Hop, b: Hop | undefined): boolean {
  return b !== undefined && a.kind === b.kind && a.address === b.address && a.label === b.label && a.gap === b.gap;
}

function bootState(check: InstanceBootCheck): BootState {
  return { canFetchScripts: check.canFetchScripts, path: check.path };
}

function diffFindings(stack: string, before: readonly Finding[], after: readonly Finding[]): AccessDiff["findings"] {
  const key = (finding: Finding): string => `${finding.id}\u0000${finding.address}`;
  const old = keyed(before, key);
  const added: FindingChange[] = [];
  for (const [k, finding] of keyed(after, key)) if (!old.delete(k)) added.push(findingChange(stack, finding));
  return { added, removed: [...old.values()].map((finding) => findingChange(stack, finding)) };
}

function findingChange(stack: string, finding: Finding): FindingChange {
  return { stack, id: finding.id, address: finding.address, severity: finding.severity, message: finding.message };
}

function rowKey(row: AccessRow): string {
  return `${row.origin}\u0000${row.principal}\u0000${row.action}\u0000${row.resource}`;
}

/** Items by key, in order; a repeated key gets its occurrence number, so that no item is lost. */
function keyed<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const base = keyOf(item);
    let key = base;
    for (let n = 2; map.has(key); n++) key = `${base}\u0000${n}`;
    map.set(key, item);
  }
  return map;
}
