/** Reads Terraform JSON (`cdk.tf.json`, any `*.tf.json`) into a Topology. */
import { buildTopology } from "./build";
import { TopologyInputError } from "./errors";
import type { Address, Topology } from "./model";
import { readRawTerraform } from "./raw-terraform";
import { asRecord, asString } from "./values";

/** Top-level keys of Terraform JSON; a document needs at least one of them. */
const TERRAFORM_JSON_KEYS = ["resource", "data", "terraform", "provider", "module", "variable", "output", "locals"] as const;

/** Top-level keys of `terraform show -json` output (plan or state), which Terraform JSON never has. */
const PLAN_KEYS = ["planned_values", "resource_changes", "prior_state", "values", "configuration"] as const;

/**
 * Reads any Terraform JSON document. Never throws on valid Terraform JSON, however unusual.
 * @throws TopologyInputError when the document is not Terraform JSON at all
 */
export function readTerraformJson(doc: unknown, name: string): Topology {
  const record = asRecord(doc);
  if (record === undefined) throw new TopologyInputError(`${name}: not Terraform JSON (expected a JSON object, got ${describe(doc)})`);
  if (!TERRAFORM_JSON_KEYS.some((key) => key in record)) {
    const planKey = PLAN_KEYS.find((key) => key in record);
    if (planKey !== undefined) {
      throw new TopologyInputError(
        `${name}: looks like a plan but has no format_version: it has "${planKey}" but no "format_version" string at ` +
          `the top level; pass the whole output of terraform show -json, not a part of it`,
      );
    }
    throw new TopologyInputError(`${name}: not Terraform JSON (no ${TERRAFORM_JSON_KEYS.join("/")} block at the top level)`);
  }
  const raw = readRawTerraform(record);
  const resourceRegions = new Map<Address, string>();
  for (const resource of raw.resources) {
    const alias = providerAlias(resource.values["provider"]);
    const region = alias === undefined ? undefined : raw.aliasRegions.get(alias);
    if (region !== undefined) resourceRegions.set(resource.address, region);
  }
  const base = { name, format: "terraform-json" as const, resources: raw.resources, resourceRegions };
  return buildTopology(raw.defaultRegion === undefined ? base : { ...base, defaultRegion: raw.defaultRegion });
}

/** `aws.west` or `${aws.west}` gives `west`. */
function providerAlias(value: unknown): string | undefined {
  const text = asString(value)
    ?.replace(/^\$\{(.*)\}$/, "$1")
    .trim();
  return text?.startsWith("aws.") === true ? text.slice(4) : undefined;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? "a string" : `a ${typeof value}`;
}
