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
