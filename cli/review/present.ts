/**
 * Wording shared by the human formats (text and markdown): grouped access rows, short resource
 * names, boot check lines.
 */
import type { AccessRow, InstanceBootCheck } from "../../analysis/access/types";
import { shortName } from "../../analysis/diagram";
import { deniedByText, pathText, scriptBecause } from "../words/hops";

/** Access rows with the same origin, principal, decision and reason, merged; first-seen order. */
export interface AccessGroup {
  readonly origin: string;
  readonly principal: string;
  /** Actions in report order, without duplicates. */
  readonly actions: readonly string[];
  readonly decision: AccessRow["decision"];
  readonly because: string;
  /** Resources in report order, without duplicates. */
  readonly resources: readonly string[];
}

/**
 * Merges rows that differ only by action or resource (one row per script object, several actions
 * denied by the same statement), so that the human formats stay compact. Linear in the rows.
 */
export function groupAccess(rows: readonly AccessRow[]): AccessGroup[] {
  const groups = new Map<string, { group: AccessGroup; actions: Set<string>; resources: Set<string> }>();
  for (const row of rows) {
    const key = JSON.stringify([row.origin, row.principal, row.decision, row.because]);
    let found = groups.get(key);
    if (found === undefined) {
      const actions = new Set<string>();
      const resources = new Set<string>();
      found = {
        group: { origin: row.origin, principal: row.principal, decision: row.decision, because: row.because, actions: [], resources: [] },
        actions,
        resources,
      };
      groups.set(key, found);
    }
    found.actions.add(row.action);
    found.resources.add(row.resource);
  }
  return [...groups.values()].map(({ group, actions, resources }) => ({ ...group, actions: [...actions], resources: [...resources] }));
}

/**
 * `s3:GetObject, s3:PutObject` → `GetObject, PutObject`; `all N actions` when a group holds every
 * action of the matrix; with `maxChars`, the names that fit and `+N more`.
 */
export function actionsText(actions: readonly string[], matrixActions: number, maxChars = Infinity): string {
  if (actions.length > 2 && actions.length === matrixActions) return `all ${matrixActions} actions`;
  const names = actions.map((action) => action.replace(/^s3:/i, ""));
  const full = names.join(", ");
  if (full.length <= maxChars) return full;
  let shown = names.length - 1;
  const text = (count: number): string => `${names.slice(0, count).join(", ")} +${names.length - count} more`;
  while (shown > 1 && text(shown).length > maxChars) shown--;
  return text(shown);
}

/** How many distinct actions the report evaluates. */
export function countActions(rows: readonly AccessRow[]): number {
  return new Set(rows.map((row) => row.action)).size;
}

/** `${aws_s3_bucket.ScriptBucket_7411736E.arn}/bootstrap/a.sh` → `ScriptBucket/bootstrap/a.sh`; `arn:aws:s3:::b/k` → `b/k`. */
export function shortResource(resource: string): string {
  return resource
    .replace(/\$\{((?:data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\.(?:arn|bucket|id)\}/g, (_match, address: string) => shortName(address))
    .replace(/^arn:aws[a-z-]*:s3:::/, "");
}

/** Up to two resources, else the first and how many more. */
export function resourcesText(resources: readonly string[]): string {
  const short = resources.map(shortResource);
  return short.length <= 2 ? short.join(", ") : `${short[0] ?? ""} (+${short.length - 1} more)`;
}

/** `subnet ... → route table ... → endpoint readers`, or a dash when the path is unknown. */
export function bootPathText(check: InstanceBootCheck): string {
  return check.path.length === 0 ? "-" : pathText(check.path);
}

/** `3/3 scripts` and the scripts that cannot be fetched, with the hop that denied. */
export function bootSummary(check: InstanceBootCheck): { fetched: string; failures: string[] } {
  const allowed = check.scripts.filter((script) => script.decision === "Allow").length;
  const failures = check.scripts
    .filter((script) => script.decision !== "Allow")
    .map((script) => `${script.key}: ${script.decision} at ${deniedByText(script.deniedBy)} (${scriptBecause(check, script)})`);
  return { fetched: `${allowed}/${check.scripts.length} scripts`, failures };
}

/** The access matrix pivoted: one row per principal and origin, one column per action. */
export interface AccessMatrix {
  /** Actions in report order. */
  readonly actions: readonly string[];
  readonly rows: readonly AccessMatrixRow[];
}

/** One principal and origin: every report row of each action (one per resource). */
interface AccessMatrixRow {
  readonly principal: string;
  readonly origin: string;
  readonly cells: ReadonlyMap<string, readonly AccessRow[]>;
}

/** Pivots the rows (linear): principals and origins in first-seen order. */
export function pivotAccess(rows: readonly AccessRow[]): AccessMatrix {
  const actions: string[] = [];
  const seenActions = new Set<string>();
  const byKey = new Map<string, { principal: string; origin: string; cells: Map<string, AccessRow[]> }>();
  for (const row of rows) {
    if (!seenActions.has(row.action)) {
      seenActions.add(row.action);
      actions.push(row.action);
    }
    const key = `${row.principal}\u0000${row.origin}`;
    let entry = byKey.get(key);
    if (entry === undefined) {
      entry = { principal: row.principal, origin: row.origin, cells: new Map() };
      byKey.set(key, entry);
    }
    const list = entry.cells.get(row.action) ?? [];
    list.push(row);
    entry.cells.set(row.action, list);
  }
  const byPrincipal = new Map<string, AccessMatrixRow[]>();
  for (const entry of byKey.values()) {
    const list = byPrincipal.get(entry.principal) ?? [];
    list.push(entry);
    byPrincipal.set(entry.principal, list);
  }
  return { actions, rows: [...byPrincipal.values()].flat() };
}

/** How a person reads a decision: allowed, denied (explicitly or because nothing allows it), or unknown. */
export type Verdict = "allowed" | "denied" | "unknown";

/** The verdict of one decision; anything but the three AWS outcomes (a decision that rests on an unknown value) is unknown. */
export function verdictOf(decision: string): Verdict {
  if (decision === "Allow") return "allowed";
  if (decision === "ExplicitDeny" || decision === "ImplicitDeny") return "denied";
  return "unknown";
}

/** `s3:GetObject` → `GetObject`. */
export function shortAction(action: string): string {
  return action.replace(/^s3:/i, "");
}
