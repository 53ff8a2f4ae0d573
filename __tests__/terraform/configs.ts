/**
 * The configs `terraform validate` runs on, and the name templates' places in a synthesized stack:
 * every example config in config/, configs with every name at its longest accepted length, and a
 * fixed, seeded sample of fuzzed valid configs (half of them with their names stretched to the maximum).
 */
import fc from "fast-check";
import { join } from "node:path";
import { type LoadedScenario, loadScenario, parseScenario } from "../../config/load";
import {
  ALL_NAME_TEMPLATES,
  MAX_AZ_INDEX,
  NAME_MAX_LENGTH,
  NAMES,
  type NameParts,
  type NameTemplate,
  PROJECT_MAX_LENGTH,
} from "../../config/names";
import type { ScenarioConfig } from "../../config/schema";
import { validConfig } from "../reliability/arbitraries";
import { CONFIG_DIR, ROOT, type TerraformJson } from "../support/scenario";

export const FUZZ_SEED = 20261201;
export const FUZZ_RUNS = 12;

/** A config to validate: a short label (a Terraform module name), the scenario, and whether the synth-time guards must pass. */
export interface NamedScenario {
  readonly label: string;
  readonly scenario: LoadedScenario;
  /** The raw config, to print when Terraform refuses it. */
  readonly raw: unknown;
  /** Fuzzed configs may hold cross-field mistakes that only the guards refuse; Terraform must still accept them. */
  readonly guards: boolean;
}

export const EXAMPLE_FILES = ["default.json", "single-endpoint.json", "vpc-mode.json", "multi-endpoint.json"] as const;

/** `name`, then `-z…z`, to exactly `length` characters: distinct names stay distinct and end in a letter. */
export function stretch(name: string, length: number): string {
  return name.length >= length - 1 ? name : `${name}-${"z".repeat(length - name.length - 1)}`;
}

const longName = (seed: string) => stretch(seed, NAME_MAX_LENGTH);

/** The project at its longest accepted length. */
export const LONGEST_PROJECT = stretch("max-project", PROJECT_MAX_LENGTH);

/**
 * Every name at its longest: the project, three tiers, three endpoint groups and two instances at
 * the maximum length, six AZs with a NAT gateway each, IPv6, SSE-KMS and access logs.
 */
export const LONGEST_NAMES_CONFIG = {
  project: LONGEST_PROJECT,
  region: "eu-central-1",
  network: {
    cidr: "10.0.0.0/16",
    azCount: MAX_AZ_INDEX + 1,
    natGateways: "per-az",
    tiers: [{ name: longName("tier-web") }, { name: longName("tier-app") }, { name: longName("tier-ops") }],
  },
  bucket: { encryption: "kms", accessLogs: true },
  endpointGroups: [
    { name: longName("group-web"), tiers: [longName("tier-web")], access: "read" },
    { name: longName("group-app"), tiers: [longName("tier-app")], access: "read" },
    { name: longName("group-ops"), tiers: [longName("tier-ops")], access: "read-write" },
  ],
  instances: [
    { name: longName("instance-web"), tier: longName("tier-web"), az: MAX_AZ_INDEX },
    { name: longName("instance-ops"), tier: longName("tier-ops") },
  ],
};

/** A fuzzed config with the project, every tier, group and instance name stretched to the maximum. */
export function withLongestNames(raw: Record<string, unknown>): Record<string, unknown> {
  const config = structuredClone(raw) as {
    project: string;
    network: { tiers: Array<{ name: string }> };
    endpointGroups: Array<{ name: string; tiers: string[] }>;
    instances: Array<{ name: string; tier: string }>;
  };
  const tier = (name: string) => longName(name);
  config.project = stretch(config.project, PROJECT_MAX_LENGTH);
  config.network.tiers = config.network.tiers.map((t) => ({ ...t, name: tier(t.name) }));
  config.endpointGroups = config.endpointGroups.map((g) => ({ ...g, name: longName(g.name), tiers: g.tiers.map(tier) }));
  config.instances = config.instances.map((i) => ({ ...i, name: longName(i.name), tier: tier(i.tier) }));
  return config as unknown as Record<string, unknown>;
}

/** The fixed, seeded sample of fuzzed valid configs; every second one with its names at their longest. */
export function fuzzedConfigs(): Record<string, unknown>[] {
  return fc
    .sample(validConfig, { seed: FUZZ_SEED, numRuns: FUZZ_RUNS })
    .map((raw, i) => (i % 2 === 1 ? withLongestNames(raw as Record<string, unknown>) : (raw as Record<string, unknown>)));
}

/** Every config to validate, in a fixed order with unique labels. */
export function scenariosToValidate(): NamedScenario[] {
  const examples = EXAMPLE_FILES.map((file): NamedScenario => {
    const scenario = file === "default.json" ? loadScenario({}) : loadScenario({ VPCE_CONFIG: join(CONFIG_DIR, file) });
    return { label: `example_${file.replace(/\W/g, "_")}`, scenario, raw: file, guards: true };
  });
  const longestProject = { project: LONGEST_PROJECT, region: "us-east-1" };
  const longest: NamedScenario[] = [
    { label: "longest_project", scenario: parseScenario(longestProject, ROOT, "longest project"), raw: longestProject, guards: true },
    {
      label: "longest_names",
      scenario: parseScenario(LONGEST_NAMES_CONFIG, ROOT, "longest names"),
      raw: LONGEST_NAMES_CONFIG,
      guards: true,
    },
  ];
  const fuzzed = fuzzedConfigs().map(
    (raw, i): NamedScenario => ({
      label: `fuzz_${String(i).padStart(2, "0")}`,
      scenario: parseScenario(raw, ROOT, `fuzzed config ${i}`),
      raw,
      guards: false,
    }),
  );
  return [...examples, ...longest, ...fuzzed];
}

/** Every value a template takes for a config: one per combination of the config values it is built from. */
export function renderings(t: NameTemplate, config: ScenarioConfig): Array<{ parts: NameParts; value: string }> {
  const values: Record<keyof NameParts, readonly (string | number)[]> = {
    project: [config.project],
    instance: config.instances.map((x) => x.name),
    tier: config.network.tiers.map((x) => x.name),
    group: config.endpointGroups.map((x) => x.name),
    az: Array.from({ length: config.network.azCount }, (_, az) => az),
  };
  const empty: NameParts = { project: "", instance: "", tier: "", group: "", az: 0 };
  const combos = t.uses.reduce<NameParts[]>((acc, part) => acc.flatMap((c) => values[part].map((v) => ({ ...c, [part]: v }))), [empty]);
  return combos.map((parts) => ({ parts, value: t.build(parts) }));
}

/** The value at `<attribute path>` (e.g. `tags.Name`) of a resource body, and a setter for it. */
function at(body: Record<string, unknown>, path: readonly string[]): { value: unknown; set: (v: string) => void } {
  const parent = path
    .slice(0, -1)
    .reduce<Record<string, unknown> | undefined>((node, key) => node?.[key] as Record<string, unknown> | undefined, body);
  const last = path[path.length - 1];
  return {
    value: parent?.[last],
    set: (v) => {
      if (parent) parent[last] = v;
    },
  };
}

/** One place a template's name lands in a stack: the resource address, the attribute and the parts it was built from. */
export interface NamePlace {
  readonly address: string;
  readonly attribute: string;
  readonly parts: NameParts;
  readonly set: (value: string) => void;
}

/** Where each rendering of a template appears in the stack, per attribute it feeds. */
export function placesOf(t: NameTemplate, config: ScenarioConfig, tf: TerraformJson): Map<string, NamePlace[]> {
  const byValue = new Map(renderings(t, config).map((r) => [r.value, r.parts]));
  return new Map(
    t.feeds.map((feed) => {
      const [type, ...path] = feed.split(".");
      const places = Object.entries(tf.resource[type] ?? {}).flatMap(([name, body]): NamePlace[] => {
        const { value, set } = at(body, path);
        const parts = typeof value === "string" ? byValue.get(value) : undefined;
        return parts ? [{ address: `${type}.${name}`, attribute: path.join("."), parts, set }] : [];
      });
      return [feed, places];
    }),
  );
}

/** The template's name for these parts with the project padded so that the name is exactly `length` characters. */
export function nameOfLength(t: NameTemplate, parts: NameParts, length: number): string {
  const fixed = t.build({ ...parts, project: "" }).length;
  if (!t.uses.includes("project") || length - fixed < 1)
    throw new Error(`${t.what}: cannot stretch "${t.build(parts)}" to ${length} characters through the project`);
  return t.build({ ...parts, project: `p${"a".repeat(length - fixed - 1)}` });
}

/** The templates whose limit the provider enforces at `terraform validate`. */
export const PROVIDER_CHECKED: ReadonlyArray<[string, NameTemplate]> = Object.entries(
  NAMES as unknown as Record<string, NameTemplate>,
).filter(([, t]) => t.checkedBy === "provider");
export { ALL_NAME_TEMPLATES };
