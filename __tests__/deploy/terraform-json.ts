/**
 * Reading `terraform show -json` (state and plan) and the synthesized JSON: state resources,
 * the resolution of `${...}` references in synthesized strings against the state, and plan changes.
 */
import { isDeepStrictEqual } from "node:util";
import type { Json, JsonObject } from "./workspace";

/** One resource (or data source) of `terraform show -json` state. */
export interface StateResource {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly values: JsonObject;
  readonly depends_on?: readonly string[];
}

/** One entry of a plan's `resource_changes`. */
export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly mode: "managed" | "data";
  readonly change: { readonly actions: readonly string[]; readonly before: Json; readonly after: Json; readonly after_unknown: Json };
}

/** The root module's resources of a `terraform show -json` document (state or plan's prior state). */
export function stateResources(show: JsonObject): StateResource[] {
  const values = show.values as { root_module?: { resources?: StateResource[] } } | undefined;
  return values?.root_module?.resources ?? [];
}

/** The managed resources of a state, by address. */
export function byAddress(resources: readonly StateResource[]): Map<string, StateResource> {
  return new Map(resources.map((r) => [r.address, r]));
}

/** Reads `values` at a dotted attribute path (`arn`, `issuer_arn`, `root_block_device.0.kms_key_id`). */
function attributeAt(values: Json, path: readonly string[]): Json | undefined {
  let current: Json | undefined = values;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = Array.isArray(current) ? current[Number(part)] : current[part];
  }
  return current;
}

/** The value of a reference like `aws_s3_bucket.X.arn` or `data.aws_iam_session_context.Y.issuer_arn`. */
export function referenceValue(reference: string, resources: Map<string, StateResource>): string {
  const parts = reference.split(".");
  const addressLength = parts[0] === "data" ? 3 : 2;
  const resource = resources.get(parts.slice(0, addressLength).join("."));
  const value = resource ? attributeAt(resource.values, parts.slice(addressLength)) : undefined;
  if (typeof value !== "string")
    throw new Error(`cannot resolve \${${reference}} from the state (not a string attribute of a resource in it)`);
  return value;
}

/**
 * Evaluates a synthesized Terraform template string that only interpolates plain references:
 * `$${` and `%%{` are the literal `${` and `%{`; anything but a reference is refused.
 */
export function resolveTemplate(template: string, resources: Map<string, StateResource>): string {
  let out = "";
  for (let i = 0; i < template.length; i++) {
    const two = template.slice(i, i + 3);
    if (two === "$${" || two === "%%{") {
      out += two.slice(1);
      i += 2;
      continue;
    }
    if (template.startsWith("%{", i)) throw new Error(`template directive at ${i} is not supported`);
    if (!template.startsWith("${", i)) {
      out += template[i];
      continue;
    }
    const end = template.indexOf("}", i);
    const reference = template.slice(i + 2, end);
    if (!/^(data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+(\.[a-z0-9_]+)+$/.test(reference)) throw new Error(`not a plain reference: \${${reference}}`);
    out += referenceValue(reference, resources);
    i = end;
  }
  return out;
}

/** A synthesized value with every string's references resolved (lists and objects recursively). */
export function resolveValue(value: Json, resources: Map<string, StateResource>): Json {
  if (typeof value === "string") return resolveTemplate(value, resources);
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, resources));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v, resources)]));
  return value;
}

/** Keys sorted at every level, so that two JSON documents compare by content. */
export function canonical(value: Json): Json {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical(value[k])]),
    );
  return value;
}

/** The plan's changes other than no-op and data reads. */
export function realChanges(plan: JsonObject): ResourceChange[] {
  const changes = (plan.resource_changes ?? []) as unknown as ResourceChange[];
  return changes.filter(
    (c) => c.mode === "managed" && !(c.change.actions.length === 1 && (c.change.actions[0] === "no-op" || c.change.actions[0] === "read")),
  );
}

/** A plan's configuration expressions of a resource, by address (root module only). */
export function configExpressions(plan: JsonObject): Map<string, JsonObject> {
  const root = (plan.configuration as { root_module?: { resources?: { address: string; expressions?: JsonObject }[] } }).root_module;
  return new Map((root?.resources ?? []).map((r) => [r.address, r.expressions ?? {}]));
}

/**
 * The attribute paths the configuration sets whose refreshed value (`before`) differs from the
 * planned one (`after`), skipping values unknown until apply. Nested blocks are followed where
 * the configuration sets them.
 */
export function configuredDifferences(change: ResourceChange, expressions: JsonObject): string[] {
  const found: string[] = [];
  const walk = (expr: Json, before: Json | undefined, after: Json | undefined, unknown: Json | undefined, path: string): void => {
    if (unknown === true) return;
    const isBlock = Array.isArray(expr) && expr.every((e) => e !== null && typeof e === "object" && !Array.isArray(e));
    if (isBlock && Array.isArray(expr)) {
      for (const [i, e] of expr.entries()) walk(e, pick(before, i), pick(after, i), pick(unknown, i), path);
      return;
    }
    if (expr !== null && typeof expr === "object" && !Array.isArray(expr) && !("constant_value" in expr) && !("references" in expr)) {
      for (const key of Object.keys(expr))
        walk(expr[key], pick(before, key), pick(after, key), pick(unknown, key), path ? `${path}.${key}` : key);
      return;
    }
    if (!isDeepStrictEqual(before ?? null, after ?? null)) found.push(path);
  };
  walk(expressions, change.change.before, change.change.after, change.change.after_unknown, "");
  return [...new Set(found)];
}

function pick(value: Json | undefined, key: string | number): Json | undefined {
  if (value === null || value === undefined || typeof value !== "object") return undefined;
  return Array.isArray(value) ? value[Number(key)] : value[String(key)];
}
