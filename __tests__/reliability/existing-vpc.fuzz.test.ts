import fc from "fast-check";
import { analyzeAccess } from "../../analysis/access";
import { readTerraformJson } from "../../analysis/topology";
import { parseScenario } from "../../config/load";
import { printedErrorLines } from "../support/cli";
import { ROOT, synthScenario } from "../support/scenario";
import { validConfig } from "./arbitraries";

/**
 * Existing-VPC fuzzing: the valid configs of `validConfig`, moved into an existing VPC (each tier's
 * subnets and route tables given as literal ids). Each is either a clean synth, where every instance
 * boots through its own tier's endpoint, or a clean guard refusal of instances that cannot fetch
 * their scripts, among them every instance whose tier is in no endpoint group. Fixed seed, bounded
 * runs, never a time budget.
 */
const SEED = 20261201;

type Raw = Record<string, unknown> & {
  network: Record<string, unknown> & { tiers: { name: string }[]; azCount: number };
  endpointGroups: { tiers: string[] }[];
};

/** The id of kind `prefix` for tier t, AZ az: 17 hex digits, unique per tier and AZ. */
const idOf = (prefix: string, t: number, az: number) => `${prefix}-0${t.toString(16).padStart(8, "0")}${az.toString(16).padStart(8, "0")}`;

/** The config with its network replaced by an existing VPC; `shareWithinGroup` gives a group's tiers one route table per AZ. */
function inExistingVpc(raw: Raw, shareWithinGroup: boolean): Raw {
  const { tiers, azCount } = raw.network;
  const groupIndex = (tier: string) => raw.endpointGroups.findIndex((g) => g.tiers.includes(tier));
  const existing = {
    vpcId: "vpc-0a1b2c3d4e5f60789",
    tiers: Object.fromEntries(
      tiers.map((tier, t) => [
        tier.name,
        Array.from({ length: azCount }, (_, az) => {
          const group = groupIndex(tier.name);
          const table = shareWithinGroup && group >= 0 ? 100 + group : t;
          return { subnetId: idOf("subnet", t, az), routeTableId: idOf("rtb", table, az) };
        }),
      ]),
    ),
  };
  return { ...raw, network: { tiers, azCount, existing } };
}

describe("fuzzing configs in an existing VPC", () => {
  test(
    "random tiers, groups and instances → a clean synth where each instance boots through its tier's endpoint, or a " +
      "boot refusal naming the instance",
    () => {
      const outcomes = { synthesized: 0, refused: 0 };
      fc.assert(
        fc.property(validConfig, fc.boolean(), (generated, shareWithinGroup) => {
          // GIVEN a valid config moved into an existing VPC WHEN loaded THEN the loader accepts it
          const raw = inExistingVpc(generated as Raw, shareWithinGroup);
          const scenario = parseScenario(raw, ROOT, "fuzz");
          const groupOf = new Map(scenario.config.endpointGroups.flatMap((g) => g.tiers.map((tier) => [tier, g.name] as const)));
          const withoutEndpoint = scenario.config.instances
            .filter((instance) => !groupOf.has(instance.tier))
            .map((instance) => instance.name);
          let synth;
          try {
            synth = synthScenario(scenario);
          } catch (error) {
            // THEN a refusal is one clean line per instance that cannot fetch its scripts, naming each instance without an endpoint
            const lines = printedErrorLines(error);
            for (const line of lines)
              expect(line).toMatch(/^\[[^\]]+\] aws_instance\.\S+: instance "[^"]+" cannot fetch its boot script .+ — .+$/);
            const refused = lines.map((line) => /instance "([^"]+)"/.exec(line)?.[1]);
            expect(refused).toEqual(expect.arrayContaining(withoutEndpoint));
            outcomes.refused += 1;
            return;
          }
          outcomes.synthesized += 1;
          expect(withoutEndpoint).toEqual([]);
          // THEN nothing of the network is created, and each instance boots through its own tier's endpoint
          for (const type of ["aws_vpc", "aws_subnet", "aws_route_table", "aws_nat_gateway"])
            expect(synth.tf.resource[type]).toBeUndefined();
          const report = analyzeAccess(readTerraformJson(JSON.parse(synth.json), scenario.config.project));
          for (const instance of scenario.config.instances) {
            const check = report.instances.find((i) => i.name === instance.name);
            expect(check?.canFetchScripts).toBe(true);
            expect(check?.path[check.path.length - 1]).toMatchObject({ kind: "endpoint", label: groupOf.get(instance.tier) });
          }
        }),
        { seed: SEED, numRuns: 12, endOnFailure: true },
      );
      // The generator must reach synthesis, and the guard must be exercised.
      expect(outcomes.synthesized).toBeGreaterThanOrEqual(4);
      expect(outcomes.refused).toBeGreaterThanOrEqual(1);
    },
  );
});
