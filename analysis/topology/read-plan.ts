/**
 * Reads `terraform show -json` output (a saved plan, or a state) into a Topology. Resources come
 * from `planned_values` (and data sources read at plan time from `prior_state`), or from `values`
 * for a state. Values known only after apply are taken from the configuration's references.
 */
import { buildTopology } from "./build";
import { TopologyInputError } from "./errors";
import type { Address, RawResource, Topology } from "./model";
import { configAddress, MAX_MODULE_DEPTH, readPlanConfiguration, type PlanConfiguration } from "./plan-config";
import { fillUnknowns } from "./plan-values";
import { splitAddress } from "./references";
import { unknownValue } from "./unknown";
import { asRecord, asString, setAttributes } from "./values";

export interface PlannedResource {
  readonly raw: Record<string, unknown>;
  /** Address of the module instance holding it, with a trailing dot (`module.a[0].`), or "". */
  readonly modulePrefix: string;
}

/**
 * Reads plan (or state) JSON as printed by `terraform show -json`.
 * @throws TopologyInputError when the document is not such output
 */
export function readPlanJson(doc: unknown, name: string): Topology {
  const plan = asRecord(doc);
  if (plan === undefined || typeof plan["format_version"] !== "string") {
    throw new TopologyInputError(`${name}: not terraform show -json output (no "format_version" string at the top level)`);
  }
  const major = plan["format_version"].split(".")[0];
  if (major !== "0" && major !== "1")
    throw new TopologyInputError(`${name}: unsupported plan format_version ${plan["format_version"]} (this reader knows 0.x and 1.x)`);
  const config = readPlanConfiguration(plan["configuration"], plan["variables"]);
  const unknowns = afterUnknown(plan["resource_changes"]);
  const planned = plannedResources(plan);
  const resources = planned.map((resource) => toRaw(resource, config, unknowns));
  const resourceRegions = new Map<Address, string>();
  for (const resource of planned) {
    const address = asString(resource.raw["address"]) ?? "";
    const key = config.resources.get(configAddress(address))?.providerKey;
    const region = key === undefined ? undefined : config.providerRegions.get(key);
    if (region !== undefined) resourceRegions.set(address, region);
  }
  const defaultRegion = config.providerRegions.get("aws");
  const base = { name, format: "plan" as const, resources, resourceRegions };
  return buildTopology(defaultRegion === undefined ? base : { ...base, defaultRegion });
}

/** Planned resources, plus data sources only the prior state holds; a state's `values` when there is no plan. */
function plannedResources(plan: Record<string, unknown>): PlannedResource[] {
  const root = asRecord(asRecord(plan["planned_values"])?.["root_module"]) ?? asRecord(asRecord(plan["values"])?.["root_module"]);
  const resources = moduleResources(root);
  const seen = new Set(resources.map((resource) => asString(resource.raw["address"])));
  const prior = moduleResources(asRecord(asRecord(asRecord(plan["prior_state"])?.["values"])?.["root_module"]));
  for (const resource of prior) {
    if (resource.raw["mode"] === "data" && !seen.has(asString(resource.raw["address"]))) resources.push(resource);
  }
  return resources;
}

/** Every resource of a plan's or state's module tree, each with the address of its module. */
export function moduleResources(root: Record<string, unknown> | undefined): PlannedResource[] {
  return collect(root, "", 0);
}

function collect(module: Record<string, unknown> | undefined, prefix: string, depth: number): PlannedResource[] {
  if (module === undefined || depth > MAX_MODULE_DEPTH) return [];
  const own = (Array.isArray(module["resources"]) ? module["resources"] : []).flatMap((item) => {
    const raw = asRecord(item);
    return raw !== undefined && typeof raw["address"] === "string" && typeof raw["type"] === "string"
      ? [{ raw, modulePrefix: prefix }]
      : [];
  });
  const children = (Array.isArray(module["child_modules"]) ? module["child_modules"] : []).flatMap((item) => {
    const child = asRecord(item);
    const address = asString(child?.["address"]);
    return address === undefined ? [] : collect(child, `${address}.`, depth + 1);
  });
  return [...own, ...children];
}

function afterUnknown(changes: unknown): Map<Address, unknown> {
  const byAddress = new Map<Address, unknown>();
  for (const item of Array.isArray(changes) ? changes : []) {
    const change = asRecord(item);
    const address = asString(change?.["address"]);
    if (address !== undefined) byAddress.set(address, asRecord(change?.["change"])?.["after_unknown"]);
  }
  return byAddress;
}

function toRaw(resource: PlannedResource, config: PlanConfiguration, unknowns: Map<Address, unknown>): RawResource {
  const { raw, modulePrefix } = resource;
  const address = asString(raw["address"]) ?? "";
  const mode = raw["mode"] === "data" ? "data" : "managed";
  const type = asString(raw["type"]) ?? "";
  const name = asString(raw["name"]) ?? address;
  const expressions = config.resources.get(configAddress(address))?.expressions;
  const key = splitAddress(address).key;
  const referrer = key === undefined ? { prefix: modulePrefix } : { prefix: modulePrefix, key };
  const values = setAttributes(fillUnknowns(asRecord(raw["values"]) ?? {}, unknowns.get(address), expressions, referrer));
  return {
    address,
    mode,
    type,
    name,
    values: type === "aws_instance" ? withUserDataText(values, expressions) : values,
    repeated: raw["index"] !== undefined,
  };
}

/**
 * The AWS provider keeps only the SHA-1 hex of an instance's `user_data` in plans and states; the
 * text is the configuration's constant when it has one, else unknown (never the hash read as a script).
 */
function withUserDataText(
  values: Record<string, unknown>,
  expressions: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const planned = values["user_data"];
  if (typeof planned !== "string" || !/^[0-9a-f]{40}$/.test(planned)) return values;
  const constant = asRecord(expressions?.["user_data"])?.["constant_value"];
  if (typeof constant === "string") return { ...values, user_data: constant };
  const why =
    expressions === undefined
      ? "a state holds only its SHA-1 hash"
      : "the plan holds only its SHA-1 hash, and its configuration is an expression";
  return { ...values, user_data: unknownValue(`user data: ${why}`) };
}
