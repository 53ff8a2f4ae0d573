/**
 * Compares two `review --format json` documents of the same stack (synthesized JSON, plan, state):
 * the access matrix, the boot check and the findings, with differences named exactly.
 */
import { isDeepStrictEqual } from "node:util";
import type { Json, JsonObject } from "./workspace";
import type { StateResource } from "./terraform-json";

/** One access-matrix row, as the review's JSON contract has it. */
export interface AccessRow {
  readonly origin: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly decision: string;
  readonly because: string;
}

/** One finding. */
export interface Finding {
  readonly id: string;
  readonly severity: string;
  readonly address: string;
  readonly message: string;
}

/** The parts of one stack's review that the suite compares. */
export interface StackReview {
  readonly access: readonly AccessRow[];
  readonly instances: readonly JsonObject[];
  readonly findings: readonly Finding[];
}

/** The single stack of a review document. */
export function onlyStack(review: JsonObject): StackReview {
  const stacks = review.stacks as unknown as StackReview[];
  if (stacks.length !== 1) throw new Error(`expected one stack in the review, found ${stacks.length}`);
  return stacks[0];
}

/** `ID address` of each finding, sorted. */
export function findingKeys(review: StackReview): string[] {
  return review.findings.map((f) => `${f.id} ${f.address}`).sort();
}

/** Findings in `b` but not `a` (`+`) and in `a` but not `b` (`-`). */
export function findingDelta(a: StackReview, b: StackReview): string[] {
  const before = new Set(findingKeys(a));
  const after = new Set(findingKeys(b));
  return [
    ...[...after].filter((k) => !before.has(k)).map((k) => `+ ${k}`),
    ...[...before].filter((k) => !after.has(k)).map((k) => `- ${k}`),
  ].sort();
}

/** The first difference between two values, as a short sentence, or undefined when equal. */
export function firstDifference(label: string, a: Json | readonly unknown[], b: Json | readonly unknown[]): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${label}: ${a.length} entries against ${b.length}`;
    const index = a.findIndex((item, i) => !isDeepStrictEqual(item, b[i]));
    return `${label}[${index}]: ${JSON.stringify(a[index])} against ${JSON.stringify(b[index])}`;
  }
  return `${label}: ${JSON.stringify(a)} against ${JSON.stringify(b)}`;
}

/** The shapes of values that apply generates and that stood for one reference before. */
const GENERATED: Readonly<Record<string, RegExp>> = { arn: /^arn:/, id: /^[a-z]+-[0-9a-f]{8,17}$/ };

/**
 * Replaces, in every string of a review, the values that became known at apply (ARNs, ids,
 * names of managed resources) by the reference that stood for them before apply, longest first.
 * Only ARNs and EC2-style ids (`vpce-0a1b…`) are mapped back: they are unique per resource, so
 * the mapping is one-to-one (an object's id is its key, which the review shows as it is).
 */
export function unresolve(review: StackReview, resources: readonly StateResource[]): StackReview {
  const pairs: [string, string][] = [];
  for (const r of resources) {
    if (r.mode !== "managed") continue;
    for (const attr of ["arn", "id"]) {
      const value = r.values[attr];
      if (typeof value === "string" && GENERATED[attr].test(value) && !pairs.some(([v]) => v === value))
        pairs.push([value, `\${${r.address}.${attr}}`]);
    }
  }
  // An object's ARN is its bucket's ARN + "/key", which the plan's review already spells that way.
  const derived = (value: string): boolean => pairs.some(([other]) => other !== value && value.startsWith(`${other}/`));
  const mapped = pairs.filter(([value]) => !derived(value));
  mapped.sort((x, y) => y[0].length - x[0].length);
  const swap = (text: string): string => mapped.reduce((t, [value, ref]) => t.split(value).join(ref), text);
  return {
    access: review.access.map((row) => ({ ...row, resource: swap(row.resource), because: swap(row.because) })),
    instances: review.instances,
    findings: review.findings,
  };
}

/**
 * The plan's matrix with each row that the synthesized JSON leaves `Unknown` taken from the JSON: a
 * plan knows values the JSON leaves to apply (the account, read by a data source at plan time), so
 * such a row may become definite there. Every other row must then be equal.
 */
export function refinedByPlan(plan: readonly AccessRow[], json: readonly AccessRow[]): readonly AccessRow[] {
  if (plan.length !== json.length) return plan;
  const same = (a: AccessRow, b: AccessRow): boolean =>
    a.origin === b.origin && a.principal === b.principal && a.action === b.action && a.resource === b.resource;
  return plan.map((row, i) => (json[i].decision === "Unknown" && same(row, json[i]) ? json[i] : row));
}

/** The matrix without its explanations: origin, principal, action, resource, decision. */
export function decisions(review: StackReview): string[] {
  return review.access.map((r) => `${r.origin} | ${r.principal} | ${r.action} | ${r.resource} | ${r.decision}`);
}

/** The boot check without its explanations: name, canFetchScripts, path. */
export function bootCheck(review: StackReview): Json[] {
  return review.instances.map((i) => ({ name: i.name, canFetchScripts: i.canFetchScripts, path: i.path }));
}
