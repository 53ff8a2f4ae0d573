/**
 * Edge labels of the review diagram, read from the access report's rows (the matrix), never
 * from a list of actions: what the instances behind a route may do through it, and what an
 * origin (an endpoint, the NAT, the internet) lets any role of the account do to the bucket.
 */
import type { AccessRow } from "./access/types";
import type { BucketModel } from "./topology/model";

/**
 * Which origin a route target's rows have: the address of an endpoint of the input, else the
 * origin itself (`nat`, `internet`).
 */
export type OriginKey = string;

/** The origin key of a row. */
function originKey(row: Pick<AccessRow, "origin" | "originAddress">): OriginKey {
  return row.originAddress ?? row.origin;
}

/** Rows by origin key, then principal, then action: decisions in report order. */
export type RowIndex = Map<OriginKey, Map<string, Map<string, AccessRow["decision"][]>>>;

/** The worst-case insider of the report: an account role whose identity policy allows `s3:*`. */
const INSIDER = "account-principal";

/** Instance names shown before a route edge's actions; more are counted. */
const NAMES_SHOWN = 2;

export function indexRows(rows: readonly AccessRow[]): RowIndex {
  const index: RowIndex = new Map();
  for (const row of rows) {
    const origin = originKey(row);
    const byPrincipal = index.get(origin) ?? new Map<string, Map<string, AccessRow["decision"][]>>();
    index.set(origin, byPrincipal);
    const byAction = byPrincipal.get(row.principal) ?? new Map<string, AccessRow["decision"][]>();
    byPrincipal.set(row.principal, byAction);
    const decisions = byAction.get(row.action) ?? [];
    decisions.push(row.decision);
    byAction.set(row.action, decisions);
  }
  return index;
}

/** True when the row's resource is the bucket or one of its objects, by ARN ref, literal ARN or name. */
export function aboutBucket(row: AccessRow, bucket: BucketModel): boolean {
  const forms = [bucket.arnRef, `\${${bucket.address}.arn}`, bucket.nameRef];
  return forms.some((form) => row.resource === form || row.resource.startsWith(`${form}/`));
}

/** Allowed and denied actions of an edge, and who they are for (the label's prefix). */
export interface EdgeActions {
  readonly allowed: string[];
  readonly denied: string[];
  readonly prefix: string;
}

const NONE: EdgeActions = { allowed: [], denied: [], prefix: "" };

/**
 * What the named instances may do through `origin`: an action counts as allowed for an instance
 * when every row for it (each script object) is Allow, and for the edge when it is allowed for at
 * least one of them. Without instances, the insider's rows stand in (`any role:`).
 */
export function routeEdgeActions(rows: RowIndex, origin: OriginKey, instances: readonly string[]): EdgeActions {
  if (instances.length === 0) return grantsOf(rows, origin);
  const actions = allowedFor(
    rows,
    origin,
    instances.map((name) => `instance:${name}`),
  );
  const shown = instances.slice(0, NAMES_SHOWN).join(", ") + (instances.length > NAMES_SHOWN ? ` +${instances.length - NAMES_SHOWN}` : "");
  return actions.allowed.length + actions.denied.length === 0 ? NONE : { ...actions, prefix: `${shown}: ` };
}

/**
 * What `origin` lets any role of the account do: the insider's rows, which pass the endpoint
 * policy and the bucket policy with an identity policy that allows everything. This is the label
 * of the edge into the bucket, so that it agrees with the endpoint's grants whatever the roles
 * behind it may do. Without insider rows (an analyzer that evaluates none), no label.
 */
export function grantsOf(rows: RowIndex, origin: OriginKey): EdgeActions {
  const actions = allowedFor(rows, origin, [INSIDER]);
  return actions.allowed.length + actions.denied.length === 0 ? NONE : { ...actions, prefix: "any role: " };
}

function allowedFor(rows: RowIndex, origin: OriginKey, principals: readonly string[]): { allowed: string[]; denied: string[] } {
  const byPrincipal = rows.get(origin);
  if (byPrincipal === undefined) return { allowed: [], denied: [] };
  const allowed = new Set<string>();
  const evaluated: string[] = [];
  for (const principal of principals) {
    for (const [action, decisions] of byPrincipal.get(principal) ?? []) {
      if (!evaluated.includes(action)) evaluated.push(action);
      if (decisions.every((decision) => decision === "Allow")) allowed.add(action);
    }
  }
  return {
    allowed: evaluated.filter((action) => allowed.has(action)).map(shortAction),
    denied: evaluated.filter((action) => !allowed.has(action)).map(shortAction),
  };
}

/** `s3:GetObject` → `GetObject`. */
function shortAction(action: string): string {
  return action.replace(/^s3:/i, "");
}
