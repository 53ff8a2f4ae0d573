/**
 * The `configuration` part of `terraform show -json` output: resource expressions by address
 * (module calls flattened, `module.a.aws_x.y`), and provider configurations with their region.
 */
import type { Address } from "./model";
import { asRecord, asString } from "./values";

/** A configured resource block: its expressions and provider configuration key. */
interface ConfigResource {
  readonly expressions: Readonly<Record<string, unknown>>;
  readonly providerKey?: string;
}

/** The configuration, indexed. */
export interface PlanConfiguration {
  /** By configuration address without instance keys, e.g. `module.net.aws_subnet.a`. */
  readonly resources: ReadonlyMap<Address, ConfigResource>;
  /** Literal region per provider configuration key (`aws`, `aws.west`, `module.m:aws`). */
  readonly providerRegions: ReadonlyMap<string, string>;
}

/** Indexes `configuration`; `variables` (the plan's input variable values) resolve `var.x` regions. */
export function readPlanConfiguration(configuration: unknown, variables: unknown): PlanConfiguration {
  const config = asRecord(configuration);
  const resources = new Map<Address, ConfigResource>();
  collectModule(asRecord(config?.["root_module"]), "", resources, 0);
  return { resources, providerRegions: providerRegions(asRecord(config?.["provider_config"]), asRecord(variables)) };
}

/** Strips instance keys from an address: `module.a[0].aws_x.y["k"]` gives `module.a.aws_x.y`. */
export function configAddress(address: Address): Address {
  return address.replace(/\[(?:\d+|"(?:[^"\\]|\\.)*")\]/g, "");
}

/** How deep module trees (calls and instances) are followed in a plan or state: deeper ones are hostile or broken input. */
export const MAX_MODULE_DEPTH = 32;

function collectModule(
  module: Record<string, unknown> | undefined,
  prefix: string,
  into: Map<Address, ConfigResource>,
  depth: number,
): void {
  if (module === undefined || depth > MAX_MODULE_DEPTH) return;
  for (const item of Array.isArray(module["resources"]) ? module["resources"] : []) {
    const resource = asRecord(item);
    const address = asString(resource?.["address"]);
    if (resource === undefined || address === undefined) continue;
    const providerKey = asString(resource["provider_config_key"]);
    const expressions = asRecord(resource["expressions"]) ?? {};
    into.set(prefix + address, providerKey === undefined ? { expressions } : { expressions, providerKey });
  }
  for (const [name, call] of Object.entries(asRecord(module["module_calls"]) ?? {})) {
    collectModule(asRecord(asRecord(call)?.["module"]), `${prefix}module.${name}.`, into, depth + 1);
  }
}

function providerRegions(
  providers: Record<string, unknown> | undefined,
  variables: Record<string, unknown> | undefined,
): Map<string, string> {
  const regions = new Map<string, string>();
  for (const [key, value] of Object.entries(providers ?? {})) {
    const region = asRecord(asRecord(asRecord(value)?.["expressions"])?.["region"]);
    const constant = asString(region?.["constant_value"]);
    const references = region?.["references"];
    const variable = Array.isArray(references) ? asString(references[0]) : undefined;
    const fromVariable = variable?.startsWith("var.") === true ? asString(asRecord(variables?.[variable.slice(4)])?.["value"]) : undefined;
    const resolved = constant ?? fromVariable;
    if (resolved !== undefined && resolved !== "") regions.set(key, resolved);
  }
  return regions;
}
