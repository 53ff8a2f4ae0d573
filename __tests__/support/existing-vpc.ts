import type { ScenarioConfigInput } from "../../config/schema";

type NetworkInput = NonNullable<ScenarioConfigInput["network"]>;
type ExistingInput = NonNullable<NetworkInput["existing"]>;

/** An existing VPC with the default tiers (app, ops) in two AZs, each subnet with a route table of its own. */
export const EXISTING_VPC: { readonly vpcId: string; readonly tiers: Record<string, { subnetId: string; routeTableId: string }[]> } = {
  vpcId: "vpc-0a1b2c3d4e5f60789",
  tiers: {
    app: [
      { subnetId: "subnet-0aaa0000000000001", routeTableId: "rtb-0aaa0000000000001" },
      { subnetId: "subnet-0aaa0000000000002", routeTableId: "rtb-0aaa0000000000002" },
    ],
    ops: [
      { subnetId: "subnet-0bbb0000000000001", routeTableId: "rtb-0bbb0000000000001" },
      { subnetId: "subnet-0bbb0000000000002", routeTableId: "rtb-0bbb0000000000002" },
    ],
  },
};

/** The config's `network` for that VPC: the default tiers, with `existing`; `overrides` replace fields of `existing`. */
export function existingNetwork(overrides: Partial<ExistingInput> = {}): NetworkInput {
  return {
    tiers: [{ name: "app" }, { name: "ops" }],
    existing: { vpcId: EXISTING_VPC.vpcId, tiers: structuredClone(EXISTING_VPC.tiers), ...overrides },
  };
}
