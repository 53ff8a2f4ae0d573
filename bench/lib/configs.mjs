// Generates the scale configs: N endpoint groups, each routing its own private tier.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** The group counts of the scale table. */
export const GROUP_COUNTS = [1, 10, 50, 100];

const pad = (i) => String(i).padStart(3, "0");

/**
 * A config with `groups` tiers and `groups` endpoint groups (one tier each, alternating read and
 * read-write so that the bucket policy's per-endpoint denies grow too) and a fixed two instances,
 * so that the scale table isolates the cost per group. 2 AZs × (100 tiers + 1 public) = 202 /24
 * subnets fit in the /16. `scriptsDir` is absolute: relative paths would resolve against the
 * temp folder the config is written to.
 */
export function scaleConfig(groups, scriptsDir) {
  const tiers = Array.from({ length: groups }, (_, i) => ({ name: `t${pad(i)}` }));
  return {
    project: `bench-g${groups}`,
    region: "us-east-1",
    network: { cidr: "10.0.0.0/16", azCount: 2, subnetMask: 24, natGateways: "single", tiers },
    bucket: { encryption: "kms", scriptsDir, keyPrefix: "bootstrap/" },
    access: { mode: "vpce", adminPrincipalArns: [], trustedEndpointIds: [] },
    endpointGroups: tiers.map((tier, i) => ({
      name: `g${pad(i)}`,
      tiers: [tier.name],
      access: i % 2 === 0 ? "read" : "read-write",
    })),
    instances: [
      { name: "web", tier: tiers[0].name, az: 0 },
      { name: "worker", tier: tiers[groups - 1].name, az: 1 },
    ],
    backend: { type: "local" },
  };
}

/** Writes one config per group count into `dir`; returns `{ groups, path }` for each. */
export function writeScaleConfigs(dir, scriptsDir) {
  return GROUP_COUNTS.map((groups) => {
    const path = join(dir, `groups-${groups}.json`);
    writeFileSync(path, `${JSON.stringify(scaleConfig(groups, scriptsDir), null, 2)}\n`);
    return { groups, path };
  });
}

/**
 * The change the diff benchmark reviews: the `groups` config with the tiers of its first two groups
 * swapped, so that tier t000 (instance web's) moves from g000 (read) to g001 (read-write) and t001
 * the other way. Every group keeps one tier; the project, and so the stack name, stays the same, so
 * that the two synth outputs pair as one stack.
 */
function swappedTiersConfig(groups, scriptsDir) {
  const config = scaleConfig(groups, scriptsDir);
  const [first, second, ...rest] = config.endpointGroups;
  return { ...config, endpointGroups: [{ ...first, tiers: second.tiers }, { ...second, tiers: first.tiers }, ...rest] };
}

/** Writes the diff benchmark's NEW config into `dir`; returns `{ groups, path }`. */
export function writeSwappedTiersConfig(dir, scriptsDir, groups) {
  const path = join(dir, `groups-${groups}-swapped.json`);
  writeFileSync(path, `${JSON.stringify(swappedTiersConfig(groups, scriptsDir), null, 2)}\n`);
  return { groups, path };
}
