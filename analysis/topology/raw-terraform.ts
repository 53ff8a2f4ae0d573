/**
 * Flattens Terraform JSON (`*.tf.json`, `cdk.tf.json`) into raw resources and provider regions.
 * Accepts both the object form (`{"resource": {"type": {"name": {...}}}}`) and the array-of-blocks
 * form (`"resource": [ {type: [ {name: [ {...} ]} ]} ]`), and skips CDKTF `"//"` metadata.
 */
import type { RawResource } from "./model";
import { asBlocks, asRecord, asString, isExpression, setAttributes } from "./values";

/** Resources plus the regions of the AWS provider configurations. */
export interface RawTerraform {
  readonly resources: RawResource[];
  /** Region of the AWS provider without alias, when literal. */
  readonly defaultRegion?: string;
  /** Region per AWS provider alias (`west` for `aws.west`), when literal. */
  readonly aliasRegions: ReadonlyMap<string, string>;
}

const COMMENT = "//";

/** Reads the `resource` and `data` blocks and the `provider.aws` configurations of a Terraform JSON document. */
export function readRawTerraform(doc: Readonly<Record<string, unknown>>): RawTerraform {
  const resources = [...readBlocks(doc["resource"], "managed"), ...readBlocks(doc["data"], "data")];
  const { defaultRegion, aliasRegions } = readProviders(doc["provider"]);
  return defaultRegion === undefined ? { resources, aliasRegions } : { resources, defaultRegion, aliasRegions };
}

/** `[key, value]` pairs of an object or of every object in an array of objects, without `"//"`. */
function blockEntries(value: unknown): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((item) => blockEntries(item));
  const record = asRecord(value);
  if (record === undefined) return [];
  return Object.entries(record).filter(([key]) => key !== COMMENT);
}

function readBlocks(section: unknown, mode: RawResource["mode"]): RawResource[] {
  const resources: RawResource[] = [];
  for (const [type, byName] of blockEntries(section)) {
    for (const [name, body] of blockEntries(byName)) {
      const block = asBlocks(body)[0];
      if (block !== undefined) resources.push(toRaw(mode, type, name, block));
    }
  }
  return resources;
}

function toRaw(mode: RawResource["mode"], type: string, name: string, block: Record<string, unknown>): RawResource {
  const values = setAttributes(Object.fromEntries(Object.entries(block).filter(([key]) => key !== COMMENT)));
  const address = mode === "data" ? `data.${type}.${name}` : `${type}.${name}`;
  const repeated = "count" in block || "for_each" in block;
  const path = asString(asRecord(asRecord(block[COMMENT])?.["metadata"])?.["path"]);
  return path === undefined
    ? { address, mode, type, name, values, repeated }
    : { address, mode, type, name, values, repeated, constructPath: path };
}

function readProviders(section: unknown): { defaultRegion?: string; aliasRegions: Map<string, string> } {
  const aliasRegions = new Map<string, string>();
  let defaultRegion: string | undefined;
  for (const [provider, configs] of blockEntries(section)) {
    if (provider !== "aws") continue;
    for (const config of asBlocks(configs)) {
      const region = asString(config["region"]);
      if (region === undefined || isExpression(region)) continue;
      const alias = asString(config["alias"]);
      if (alias !== undefined) aliasRegions.set(alias, region);
      else defaultRegion ??= region;
    }
  }
  return defaultRegion === undefined ? { aliasRegions } : { defaultRegion, aliasRegions };
}
