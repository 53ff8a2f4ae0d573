import { ALL_NAME_TEMPLATES, type NamePart, type NameParts, type NameTemplate, pattern } from "./names";
import { type Problem, jsonPath, showValue } from "./problems";
import { type ExistingNetworkConfig, NetworkSchema, type ScenarioConfig } from "./schema";
import { planSubnets } from "./subnet-plan";

/**
 * Cross-field checks that a schema cannot express: names that must exist or be unique,
 * route tables on two S3 endpoints, regions, and CIDR capacity. Returns every problem found.
 */
export function semanticProblems(config: ScenarioConfig): Problem[] {
  return [
    ...duplicateNames(config.network.tiers, "network.tiers", "tier"),
    ...duplicateNames(config.endpointGroups, "endpointGroups", "endpoint group"),
    ...duplicateNames(config.instances, "instances", "instance"),
    ...groupTierProblems(config),
    ...instanceProblems(config),
    ...regionProblems(config),
    ...capacityProblems(config),
    ...existingNetworkProblems(config),
    ...nameLengthProblems(config),
    ...reservedPrefixProblems(config),
  ];
}

function duplicateNames(items: readonly { name: string }[], path: string, what: string): Problem[] {
  const seen = new Map<string, number>();
  return items.flatMap((item, i) => {
    const first = seen.get(item.name);
    if (first === undefined) {
      seen.set(item.name, i);
      return [];
    }
    return [
      {
        path: `${path}[${i}].name`,
        problem: `${what} "${item.name}" is already defined at ${path}[${first}]`,
        fix: `give each ${what} a unique name`,
      },
    ];
  });
}

function unknownTier(config: ScenarioConfig, path: string, tier: string): Problem {
  const known = config.network.tiers.map((t) => t.name).join(", ");
  return { path, problem: `unknown tier "${tier}"`, fix: `define it in network.tiers or use one of: ${known}` };
}

function groupTierProblems(config: ScenarioConfig): Problem[] {
  const tiers = new Set(config.network.tiers.map((t) => t.name));
  const owner = new Map<string, string>();
  return config.endpointGroups.flatMap((group, g) =>
    group.tiers.flatMap((tier, t): Problem[] => {
      const path = `endpointGroups[${g}].tiers[${t}]`;
      if (!tiers.has(tier)) return [unknownTier(config, path, tier)];
      const routedTo = owner.get(tier);
      if (routedTo !== undefined) {
        const where = routedTo === group.name ? "listed twice in this group" : `already routed to endpoint group "${routedTo}"`;
        return [
          { path, problem: `tier "${tier}" is ${where}; a route table can carry one S3 endpoint route`, fix: "remove it from one group" },
        ];
      }
      owner.set(tier, group.name);
      return [];
    }),
  );
}

function instanceProblems(config: ScenarioConfig): Problem[] {
  const tiers = new Set(config.network.tiers.map((t) => t.name));
  return config.instances.flatMap((instance, i): Problem[] => {
    const problems: Problem[] = [];
    if (!tiers.has(instance.tier)) problems.push(unknownTier(config, `instances[${i}].tier`, instance.tier));
    if (instance.az >= config.network.azCount) {
      problems.push({
        path: `instances[${i}].az`,
        problem: `AZ index ${instance.az} does not exist with network.azCount ${config.network.azCount}`,
        fix: `use 0 to ${config.network.azCount - 1}`,
      });
    }
    if (instance.followLatestAmi && instance.ami !== undefined) {
      problems.push({
        path: `instances[${i}].followLatestAmi`,
        problem: `followLatestAmi is true but the instance has the explicit ami "${instance.ami}", which is always followed`,
        fix: "remove ami to follow the latest Amazon Linux 2023, or remove followLatestAmi",
      });
    }
    if (instance.internetEgress && config.network.natGateways === "none" && config.network.existing === undefined) {
      problems.push({
        path: `instances[${i}].internetEgress`,
        problem: 'internet egress needs a NAT gateway but network.natGateways is "none"',
        fix: 'set internetEgress to false or natGateways to "single"',
      });
    }
    return problems;
  });
}

function regionProblems(config: ScenarioConfig): Problem[] {
  const bucketRegion = config.bucket.region;
  if (bucketRegion === undefined || bucketRegion === config.region) return [];
  return [
    {
      path: "bucket.region",
      problem:
        `bucket region "${bucketRegion}" differs from the stack region "${config.region}"; S3 gateway endpoints ` +
        `reach same-region buckets only`,
      fix: `remove bucket.region or set it to "${config.region}"`,
    },
  ];
}

function capacityProblems(config: ScenarioConfig): Problem[] {
  // An existing VPC's subnets are carved already.
  if (config.network.existing !== undefined) return [];
  const plan = planSubnets(config.network);
  return Array.isArray(plan) ? plan : [];
}

/** The network settings the stack has no use for with `network.existing`, and what it then does not create. */
const NOT_WITH_EXISTING = [
  { field: "cidr", creates: "no VPC" },
  { field: "subnetMask", creates: "no subnets" },
  { field: "natGateways", creates: "no NAT gateways (the existing route tables keep their routes)" },
  { field: "flowLogRetentionDays", creates: "no flow logs (an existing VPC's flow logs are its owner's)" },
] as const;
const NETWORK_DEFAULTS = NetworkSchema.parse({});

/**
 * `network.existing`: settings for a VPC the stack would create, tiers that do not match
 * `network.tiers`, a subnet count per tier other than `azCount`, a subnet given twice, and a route
 * table shared by tiers of different endpoint groups (it would carry two S3 endpoint routes).
 */
function existingNetworkProblems(config: ScenarioConfig): Problem[] {
  const existing = config.network.existing;
  if (existing === undefined) return [];
  const conflicts = NOT_WITH_EXISTING.flatMap(({ field, creates }): Problem[] => {
    const value = config.network[field];
    if (value === NETWORK_DEFAULTS[field]) return [];
    return [
      {
        path: `network.${field}`,
        problem: `${showValue(value)} is set, but network.existing brings its own VPC and the stack creates ${creates}`,
        fix: `remove network.${field}`,
      },
    ];
  });
  // Tiers that are not in network.tiers are reported once, as such.
  const known = Object.fromEntries(Object.entries(existing.tiers).filter(([tier]) => config.network.tiers.some((t) => t.name === tier)));
  return [...conflicts, ...existingTierProblems(config, existing), ...existingIdProblems(config, { ...existing, tiers: known })];
}

function existingTierProblems(config: ScenarioConfig, existing: ExistingNetworkConfig): Problem[] {
  const names = config.network.tiers.map((t) => t.name);
  const { azCount } = config.network;
  const unknown = Object.keys(existing.tiers)
    .filter((tier) => !names.includes(tier))
    .map(
      (tier): Problem => ({
        path: jsonPath(["network", "existing", "tiers", tier]),
        problem: `tier "${tier}" is not in network.tiers`,
        fix: `use one of: ${names.join(", ")}, or add { "name": "${tier}" } to network.tiers`,
      }),
    );
  const missing = config.network.tiers.flatMap((tier, i): Problem[] =>
    existing.tiers[tier.name] !== undefined
      ? []
      : [
          {
            path: "network.existing.tiers",
            problem: `tier "${tier.name}" (network.tiers[${i}]) has no subnets here`,
            fix:
              `add "${tier.name}": [ { "subnetId": "subnet-…", "routeTableId": "rtb-…" } ] with one entry per AZ ` +
              `(network.azCount ${azCount}), or remove the tier from network.tiers`,
          },
        ],
  );
  const counts = Object.entries(existing.tiers).flatMap(([tier, subnets]): Problem[] =>
    subnets.length === azCount || !names.includes(tier)
      ? []
      : [
          {
            path: jsonPath(["network", "existing", "tiers", tier]),
            problem: `tier "${tier}" has ${subnets.length} subnet${subnets.length === 1 ? "" : "s"} but network.azCount is ${azCount}`,
            fix: `give one { "subnetId", "routeTableId" } per AZ, in AZ order, or set network.azCount to ${subnets.length}`,
          },
        ],
  );
  return [...unknown, ...missing, ...counts];
}

function existingIdProblems(config: ScenarioConfig, existing: ExistingNetworkConfig): Problem[] {
  const groupOf = new Map(config.endpointGroups.flatMap((group) => group.tiers.map((tier) => [tier, group.name] as const)));
  const routesTo = (tier: string) => (groupOf.has(tier) ? `routes to endpoint group "${groupOf.get(tier)}"` : "is in no endpoint group");
  const subnets = new Map<string, string>();
  const tables = new Map<string, { tier: string; path: string }>();
  const problems: Problem[] = [];
  for (const [tier, given] of Object.entries(existing.tiers)) {
    given.forEach((subnet, az) => {
      const at = jsonPath(["network", "existing", "tiers", tier, az]);
      const first = subnets.get(subnet.subnetId);
      if (first !== undefined)
        problems.push({
          path: `${at}.subnetId`,
          problem: `subnet "${subnet.subnetId}" is already given at ${first}`,
          fix: "give each tier and AZ its own subnet",
        });
      else subnets.set(subnet.subnetId, at);
      const owner = tables.get(subnet.routeTableId);
      if (owner === undefined) tables.set(subnet.routeTableId, { tier, path: at });
      else if (owner.tier !== tier && groupOf.get(owner.tier) !== groupOf.get(tier)) {
        problems.push({
          path: `${at}.routeTableId`,
          problem:
            `route table "${subnet.routeTableId}" is also tier "${owner.tier}"'s (${owner.path}), which ` +
            `${routesTo(owner.tier)}, while tier "${tier}" ${routesTo(tier)}; a route table can carry one S3 ` +
            `endpoint route`,
          fix: "give the tiers of different endpoint groups their own route tables",
        });
      }
    });
  }
  return problems;
}

/** A config value that a generated name is built from, and where it is in the config. */
interface NameSource {
  readonly part: NamePart;
  readonly value: string;
  readonly path: string;
}

/** Each part of a name, with its article, for fixes: "use an instance name of at most …". */
const PART_LABEL: Record<NamePart, string> = {
  project: "a project name",
  instance: "an instance name",
  tier: "a tier name",
  group: "an endpoint group name",
  az: "an AZ index",
};

/** The config values each part of a name can take. */
function nameSources(config: ScenarioConfig): Record<Exclude<NamePart, "az">, readonly NameSource[]> {
  return {
    project: [{ part: "project", value: config.project, path: "project" }],
    instance: config.instances.map((x, i) => ({ part: "instance", value: x.name, path: `instances[${i}].name` })),
    tier: config.network.tiers.map((x, i) => ({ part: "tier", value: x.name, path: `network.tiers[${i}].name` })),
    group: config.endpointGroups.map((x, i) => ({ part: "group", value: x.name, path: `endpointGroups[${i}].name` })),
  };
}

/** Every combination of config values a template is built from, with the largest AZ index. */
function combinations(t: NameTemplate, config: ScenarioConfig): Array<{ parts: NameParts; sources: readonly NameSource[] }> {
  if (t.when && !t.when(config)) return [];
  const sources = nameSources(config);
  const base: NameParts = { project: config.project, instance: "", tier: "", group: "", az: config.network.azCount - 1 };
  return t.uses.reduce<Array<{ parts: NameParts; sources: readonly NameSource[] }>>(
    (acc, part) =>
      part === "az"
        ? acc
        : acc.flatMap((c) => sources[part].map((s) => ({ parts: { ...c.parts, [part]: s.value }, sources: [...c.sources, s] }))),
    [{ parts: base, sources: [] }],
  );
}

/**
 * Names built from config values (config/names.ts) that would exceed the limit of the attribute
 * they feed. The problem names the most specific field in the name (an instance, tier or group
 * name, else the project) and, per field, the tightest limit only: one line per field.
 */
function nameLengthProblems(config: ScenarioConfig): Problem[] {
  const worst = new Map<string, { max: number; problem: Problem }>();
  for (const t of ALL_NAME_TEMPLATES) {
    for (const { parts, sources } of combinations(t, config)) {
      const length = t.build(parts).length;
      if (length <= t.limit) continue;
      const blamed = sources[sources.length - 1];
      const max = t.limit - (length - blamed.value.length);
      const previous = worst.get(blamed.path);
      if (previous && previous.max <= max) continue;
      worst.set(blamed.path, { max, problem: nameTooLong(t, blamed, config.project, length, max) });
    }
  }
  return [...worst.values()].map((w) => w.problem);
}

function nameTooLong(t: NameTemplate, blamed: NameSource, project: string, length: number, max: number): Problem {
  const label = PART_LABEL[blamed.part];
  const is = `${showValue(blamed.value)} is ${blamed.value.length} characters`;
  if (blamed.part === "project") {
    return {
      path: blamed.path,
      problem: `${is}, but ${t.what} "${pattern(t)}" allows at most ${t.limit}`,
      fix: `use ${label} of at most ${max} characters`,
    };
  }
  return {
    path: blamed.path,
    problem:
      `${is}; with project ${showValue(project)}, ${t.what} "${pattern(t)}" would be ${length} characters, over ` +
      `its limit of ${t.limit}`,
    fix: max > 0 ? `use ${label} of at most ${max} characters, or a shorter project` : "use a shorter project",
  };
}

/** Names built from config values that would begin with a prefix AWS reserves for the attribute; blames the value the name begins with. */
function reservedPrefixProblems(config: ScenarioConfig): Problem[] {
  const found = new Map<string, Problem>();
  for (const t of ALL_NAME_TEMPLATES) {
    for (const { parts, sources } of combinations(t, config)) {
      const name = t.build(parts);
      const reserved = t.reservedPrefixes?.find((prefix) => name.startsWith(prefix));
      const blamed = sources[0];
      if (reserved === undefined || found.has(blamed.path)) continue;
      found.set(blamed.path, {
        path: blamed.path,
        problem: `${showValue(blamed.value)} makes ${t.what} "${pattern(t)}" begin with "${reserved}", which AWS reserves`,
        fix: `use ${PART_LABEL[blamed.part]} that does not begin with "${reserved}"`,
      });
    }
  }
  return [...found.values()];
}
