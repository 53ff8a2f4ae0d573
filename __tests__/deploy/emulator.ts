/**
 * What moto cannot serve (emulator-gaps.json) and the suite's explicit answers to it: the emulator
 * override file, lifting the bucket policy around object refreshes, the probes that prove each
 * error gap still exists, and the raw re-plan's differences that prove each read-back gap does.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Json, JsonObject } from "./workspace";
import type { StateResource } from "./terraform-json";

/** A finding a gap or its workaround causes: rule id, and `self` or the attribute whose reference names the resource. */
export interface ReviewEffect {
  readonly rule: string;
  readonly on: string;
}

/** One entry of emulator-gaps.json. */
export interface EmulatorGap {
  readonly id: string;
  readonly kind: "api-error" | "read-back";
  readonly resourceType: string;
  readonly attribute?: string;
  readonly api: string;
  readonly error?: string;
  readonly effect: string;
  readonly workaround:
    | { readonly kind: "override"; readonly set: JsonObject }
    | { readonly kind: "ignore-changes" }
    | { readonly kind: "lift-bucket-policy" }
    /** A second apply right after the first sets what moto dropped (through the provider's own update call). */
    | { readonly kind: "converge-apply" };
  /** How to show that the gap still exists: an aws CLI call whose error appears in moto's log or the CLI's stderr. */
  readonly probe?: { readonly args: readonly string[]; readonly expectIn: "moto-log" | "cli-stderr" };
  /** The findings the workaround makes the review report: on the resource itself (`self`) or on the one an attribute references. */
  readonly reviewEffect?: readonly ReviewEffect[];
  /** The findings the gap's read-back value makes the review of the applied state report. */
  readonly stateReviewEffect?: readonly ReviewEffect[];
}

export const GAPS_FILE = join(__dirname, "emulator-gaps.json");

/** The gaps, as listed in emulator-gaps.json. */
export function loadGaps(): readonly EmulatorGap[] {
  return (JSON.parse(readFileSync(GAPS_FILE, "utf8")) as { gaps: EmulatorGap[] }).gaps;
}

/** The resource types a synthesized stack declares. */
export function resourceTypes(tfJson: JsonObject): Set<string> {
  return new Set(Object.keys((tfJson.resource ?? {}) as JsonObject));
}

/** The gaps that concern a stack: those whose resource type it declares. */
export function gapsFor(gaps: readonly EmulatorGap[], tfJson: JsonObject): EmulatorGap[] {
  const types = resourceTypes(tfJson);
  return gaps.filter((gap) => types.has(gap.resourceType));
}

/** The provider's retries against moto (see emulatorOverride). */
const EMULATOR_MAX_RETRIES = 6;

/**
 * The emulator-only override file for a stack: provider settings for moto, then each gap's
 * workaround on every resource of its type. `withIgnoreChanges: false` leaves out the read-back
 * workarounds, for the raw re-plan.
 *
 * Path-style S3, and `max_retries` (which the SDK counts as attempts) of `EMULATOR_MAX_RETRIES`:
 * enough to ride out the SDK's intermittent "use of closed network connection" on a 200 answer
 * (aws/aws-sdk-go-v2#2737, which the SDK retries; two attempts both lost it once in CI), few enough
 * that a new gap fails within seconds of backoff, not the minutes of the provider's default 25.
 */
export function emulatorOverride(tfJson: JsonObject, gaps: readonly EmulatorGap[], withIgnoreChanges: boolean): JsonObject {
  const resources: { [type: string]: { [name: string]: JsonObject } } = {};
  const declared = (tfJson.resource ?? {}) as { [type: string]: JsonObject };
  for (const gap of gapsFor(gaps, tfJson)) {
    for (const name of Object.keys(declared[gap.resourceType] ?? {})) {
      const block = ((resources[gap.resourceType] ??= {})[name] ??= {});
      if (gap.workaround.kind === "override") Object.assign(block, gap.workaround.set);
      if (gap.workaround.kind === "ignore-changes" && withIgnoreChanges && gap.attribute) {
        const lifecycle = (block.lifecycle ??= { ignore_changes: [] }) as { ignore_changes: Json[] };
        lifecycle.ignore_changes.push(gap.attribute);
      }
    }
  }
  return {
    "//":
      "Written by the deploy suite, in its temporary copy only: settings for the moto emulator and the workarounds " +
      "listed in __tests__/deploy/emulator-gaps.json.",
    provider: { aws: [{ s3_use_path_style: true, max_retries: EMULATOR_MAX_RETRIES }] },
    resource: resources,
  };
}

/** The placeholders a probe may use, resolved from the applied state. */
export function probeValues(resources: readonly StateResource[]): Map<string, string> {
  const values = new Map<string, string>();
  const first = (type: string): StateResource | undefined => resources.find((r) => r.mode === "managed" && r.type === type);
  const instance = first("aws_instance");
  if (instance) values.set("{aws_instance.id}", String(instance.values.id));
  const object = first("aws_s3_object");
  if (object) {
    values.set("{aws_s3_object.key}", String(object.values.key));
    values.set("{script-bucket}", String(object.values.bucket));
  }
  const logBucket = resources.find((r) => r.mode === "managed" && r.type === "aws_s3_bucket" && r.values.bucket !== object?.values.bucket);
  if (logBucket) values.set("{log-bucket}", String(logBucket.values.bucket));
  return values;
}

/** A probe string with its placeholders filled in; throws on one it cannot fill. */
export function fillPlaceholders(gap: EmulatorGap, text: string, values: Map<string, string>): string {
  return text.replace(/\{[a-z0-9_.-]+\}/g, (placeholder) => {
    const value = values.get(placeholder);
    if (value === undefined) throw new Error(`gap ${gap.id}: no value for probe placeholder ${placeholder}`);
    return value;
  });
}

/** The size of a file now, to read only what is appended after it. */
export function sizeOf(file: string): number {
  return statSync(file).size;
}

/** What was appended to a file since `offset`. */
export function appendedSince(file: string, offset: number): string {
  return readFileSync(file).subarray(offset).toString("utf8");
}
