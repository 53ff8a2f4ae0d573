import { Problem } from "./problems";
import { ScenarioConfig } from "./schema";
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
    return [{ path: `${path}[${i}].name`, problem: `${what} "${item.name}" is already defined at ${path}[${first}]`, fix: `give each ${what} a unique name` }];
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
        return [{ path, problem: `tier "${tier}" is ${where}; a route table can carry one S3 endpoint route`, fix: "remove it from one group" }];
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
      problems.push({ path: `instances[${i}].az`, problem: `AZ index ${instance.az} does not exist with network.azCount ${config.network.azCount}`, fix: `use 0 to ${config.network.azCount - 1}` });
    }
    if (instance.internetEgress && config.network.natGateways === "none") {
      problems.push({ path: `instances[${i}].internetEgress`, problem: 'internet egress needs a NAT gateway but network.natGateways is "none"', fix: 'set internetEgress to false or natGateways to "single"' });
    }
    return problems;
  });
}

function regionProblems(config: ScenarioConfig): Problem[] {
  const bucketRegion = config.bucket.region;
  if (bucketRegion === undefined || bucketRegion === config.region) return [];
  return [{
    path: "bucket.region",
    problem: `bucket region "${bucketRegion}" differs from the stack region "${config.region}"; S3 gateway endpoints reach same-region buckets only`,
    fix: `remove bucket.region or set it to "${config.region}"`,
  }];
}

function capacityProblems(config: ScenarioConfig): Problem[] {
  const plan = planSubnets(config.network);
  return Array.isArray(plan) ? plan : [];
}
