import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Gate, HopKind } from "../../analysis/access/types";
import { guardViolations } from "../../analysis/guards";
import { readTerraformJson } from "../../analysis/topology";
import { BootInstance } from "../../modules/boot-instance";
import { BucketAccessPolicy } from "../../modules/bucket-access-policy";
import type { EndpointGroupSpec } from "../../modules/gateway-endpoints";
import { buildBase, SCRIPTS } from "../support/constructs";

/** The topology of a scenario built from the constructs, without the guards (so that it synthesizes). */
function topologyOf(groups: EndpointGroupSpec[], exemptDeployer = true) {
  const stack = new TerraformStack(Testing.app(), "unguarded");
  new AwsProvider(stack, "Aws", { region: "us-east-1" });
  const base = buildBase(stack, { groups });
  new BucketAccessPolicy(stack, "BucketPolicy", { ...base, mode: "vpce", deployer: exemptDeployer ? base.identity : undefined });
  new BootInstance(stack, "web", { project: "g", region: "us-east-1", ...base, tier: "app", scripts: SCRIPTS });
  return readTerraformJson(JSON.parse(Testing.synth(stack)), "unguarded");
}

describe("guardViolations: typed, for code to act on (cli/words/guards.ts words them)", () => {
  test("GIVEN the secure scenario WHEN guarded THEN there is no violation", () => {
    expect(guardViolations(topologyOf([{ name: "readers", tiers: ["app"], access: "read" }]))).toEqual([]);
  });

  test(
    "GIVEN an instance whose tier is in no endpoint group WHEN guarded THEN a boot violation with its NAT hop and " +
      "the refusing bucket policy",
    () => {
      const [violation, ...rest] = guardViolations(topologyOf([{ name: "publishers", tiers: ["ops"], access: "read-write" }]));
      expect(rest).toEqual([]);
      if (violation?.kind !== "boot") throw new Error(`expected a boot violation, got ${violation?.kind}`);
      expect(violation.address).toMatch(/^aws_instance\./);
      expect(violation.script.key).toBe("bootstrap/00-prepare.sh");
      expect(violation.script.deniedBy?.gate).toBe(Gate.BUCKET_POLICY);
      expect(violation.check.path.map((hop) => hop.kind)).toEqual([HopKind.SUBNET, HopKind.ROUTE_TABLE, HopKind.NAT]);
      expect(violation.route?.endpoints).toEqual([]);
    },
  );

  test("GIVEN a bucket policy that exempts no manager WHEN guarded THEN the lockout rule's violation, by rule id", () => {
    const violations = guardViolations(topologyOf([{ name: "readers", tiers: ["app"], access: "read" }], false));
    expect(violations.map((v) => (v.kind === "rule" ? v.rule.id : v.kind))).toEqual(["S3-010"]);
  });
});
