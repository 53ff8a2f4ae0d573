import "../support/matchers";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Testing } from "cdktf";
import { DataAwsRouteTable } from "@cdktf/provider-aws/lib/data-aws-route-table";
import { DataAwsSubnet } from "@cdktf/provider-aws/lib/data-aws-subnet";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { BootInstance } from "../../modules/boot-instance";
import { DeployerIdentity } from "../../modules/deployer-identity";
import { GatewayEndpoints } from "../../modules/gateway-endpoints";
import { type ExistingNetworkProps, Network, type NetworkProps } from "../../modules/network";
import { ScriptBucket } from "../../modules/script-bucket";
import { SCRIPTS, networkProps } from "../support/constructs";
import { EXISTING_VPC } from "../support/existing-vpc";

function synthNetwork(overrides: Partial<NetworkProps> = {}): string {
  return Testing.synthScope((scope) => {
    const identity = new DeployerIdentity(scope, "Deployer", { region: "us-east-1" });
    new Network(scope, "Network", networkProps(identity, { project: "net", ...overrides }));
  });
}

function count(json: string, type: string): number {
  return Object.keys((JSON.parse(json) as { resource: Record<string, object> }).resource[type] ?? {}).length;
}

describe("Network", () => {
  test("gives every subnet its own route table, public and private", () => {
    // GIVEN two tiers in two AZs WHEN synthesized
    const json = synthNetwork();
    // THEN 2 public + 4 private subnets, each associated with a route table of its own
    expect(count(json, "aws_subnet")).toBe(6);
    expect(count(json, "aws_route_table")).toBe(6);
    expect(count(json, "aws_route_table_association")).toBe(6);
    const tables = Object.values(
      (JSON.parse(json) as { resource: { aws_route_table_association: Record<string, { route_table_id: string }> } }).resource
        .aws_route_table_association,
    ).map((a) => a.route_table_id);
    expect(new Set(tables).size).toBe(6);
  });

  test("carves tier subnets after the public ones, never with a public IP on launch", () => {
    const json = synthNetwork();
    expect(json).toHaveResourceWithProperties(Subnet, {
      cidr_block: "10.0.0.0/24",
      map_public_ip_on_launch: false,
      tags: { Name: "net-public-0", Tier: "public" },
    });
    expect(json).toHaveResourceWithProperties(Subnet, { cidr_block: "10.0.2.0/24", tags: { Name: "net-app-0", Tier: "app" } });
    expect(json).toHaveResourceWithProperties(Subnet, { cidr_block: "10.0.5.0/24", tags: { Name: "net-ops-1", Tier: "ops" } });
  });

  test.each([
    ["single", 1, 4],
    ["per-az", 2, 4],
    ["none", 0, 0],
  ] as const)("natGateways %s makes %i NAT gateway(s) and %i private default routes", (mode, nats, natRoutes) => {
    const json = synthNetwork({ natGateways: mode });
    expect(count(json, "aws_nat_gateway")).toBe(nats);
    const routes = Object.values(
      (JSON.parse(json) as { resource: { aws_route: Record<string, { nat_gateway_id?: string }> } }).resource.aws_route,
    );
    expect(routes.filter((r) => r.nat_gateway_id !== undefined)).toHaveLength(natRoutes);
  });

  test("per-az NAT: each private subnet routes through its own AZ's gateway", () => {
    const tf = JSON.parse(synthNetwork({ natGateways: "per-az" })) as {
      resource: { aws_route: Record<string, { nat_gateway_id?: string }> };
    };
    const az1 = Object.entries(tf.resource.aws_route).filter(([name]) => /_Az1_NatRoute/.test(name));
    expect(az1.every(([, r]) => /Nat_Az1_Gateway/.test(r.nat_gateway_id ?? ""))).toBe(true);
    expect(synthNetwork({ natGateways: "per-az" })).toHaveResource(NatGateway);
  });

  test("routes public subnets to the internet gateway only", () => {
    expect(synthNetwork()).toHaveResourceWithProperties(Route, {
      destination_cidr_block: "0.0.0.0/0",
      gateway_id: expect.stringMatching(/aws_internet_gateway/),
    });
  });

  test("closes the default security group and turns on flow logs to an encrypted log group", () => {
    const json = synthNetwork();
    expect(json).toHaveResourceWithProperties(DefaultSecurityGroup, { ingress: [], egress: [] });
    expect(json).toHaveResourceWithProperties(FlowLog, { traffic_type: "ALL", log_destination_type: "cloud-watch-logs" });
    const tf = JSON.parse(json) as {
      resource: {
        aws_cloudwatch_log_group: Record<string, { kms_key_id?: string; retention_in_days: number }>;
        aws_kms_key: Record<string, { enable_key_rotation: boolean }>;
      };
    };
    const group = Object.values(tf.resource.aws_cloudwatch_log_group)[0];
    expect(group.kms_key_id).toMatch(/aws_kms_key/);
    expect(group.retention_in_days).toBe(365);
    expect(Object.values(tf.resource.aws_kms_key)[0].enable_key_rotation).toBe(true);
  });

  test("appending a tier keeps the addresses and CIDRs of existing subnets", () => {
    const before = JSON.parse(synthNetwork()) as { resource: { aws_subnet: Record<string, { cidr_block: string }> } };
    const after = JSON.parse(synthNetwork({ tierNames: ["app", "ops", "db"] })) as typeof before;
    for (const [address, subnet] of Object.entries(before.resource.aws_subnet)) {
      expect(after.resource.aws_subnet[address]?.cidr_block).toBe(subnet.cidr_block);
    }
  });

  test("refuses a CIDR too small for its subnets, naming the construct", () => {
    expect(() => synthNetwork({ cidr: "10.0.0.0/23" })).toThrow(/Network: 10\.0\.0\.0\/23 holds 2 \/24 subnets but the config needs 6/);
  });
});

describe("Network.fromExisting", () => {
  /** An existing VPC's network, its endpoints and one instance, as a library user wires them. */
  function synthExisting(tiers: ExistingNetworkProps["tiers"] = EXISTING_VPC.tiers): string {
    return Testing.synthScope((scope) => {
      const identity = new DeployerIdentity(scope, "Deployer", { region: "us-east-1" });
      const network = Network.fromExisting(scope, "Network", { vpcId: EXISTING_VPC.vpcId, tiers });
      const bucket = new ScriptBucket(scope, "ScriptBucket", {
        project: "byo",
        identity,
        encryption: "kms",
        keyPrefix: "bootstrap/",
        scripts: SCRIPTS,
      });
      const endpoints = new GatewayEndpoints(scope, "Endpoints", {
        region: "us-east-1",
        network,
        bucket,
        groups: [{ name: "readers", tiers: ["app"], access: "read" }],
      });
      new BootInstance(scope, "web", {
        project: "byo",
        region: "us-east-1",
        identity,
        network,
        bucket,
        endpoints,
        tier: "app",
        az: 1,
        scripts: SCRIPTS,
      });
    });
  }

  test("creates no VPC, subnets, route tables, NAT gateways, flow logs or default security group", () => {
    // GIVEN an existing VPC with two tiers in two AZs WHEN synthesized with endpoints and an instance
    const json = synthExisting();
    // THEN none of the network's own resources are in it
    for (const type of [
      "aws_vpc",
      "aws_subnet",
      "aws_route_table",
      "aws_route_table_association",
      "aws_route",
      "aws_nat_gateway",
      "aws_eip",
      "aws_internet_gateway",
      "aws_flow_log",
      "aws_default_security_group",
      "aws_cloudwatch_log_group",
    ]) {
      expect([type, count(json, type)]).toEqual([type, 0]);
    }
  });

  test("looks each subnet up in the VPC, and its route table by both ids, so that a wrong pair fails the plan", () => {
    const json = synthExisting();
    expect(json).toHaveDataSourceWithProperties(DataAwsSubnet, { id: "subnet-0aaa0000000000002", vpc_id: EXISTING_VPC.vpcId });
    expect(json).toHaveDataSourceWithProperties(DataAwsRouteTable, {
      route_table_id: "rtb-0bbb0000000000001",
      subnet_id: "subnet-0bbb0000000000001",
      vpc_id: EXISTING_VPC.vpcId,
    });
  });

  test(
    "the endpoint is associated with the literal route tables of its tiers, in the given VPC; the instance goes " + "into the given subnet",
    () => {
      const json = synthExisting();
      expect(json).toHaveResourceWithProperties(VpcEndpoint, {
        vpc_id: EXISTING_VPC.vpcId,
        route_table_ids: ["rtb-0aaa0000000000001", "rtb-0aaa0000000000002"],
      });
      expect(json).toHaveResourceWithProperties(Instance, { subnet_id: "subnet-0aaa0000000000002" });
      expect(json).toHaveResourceWithProperties(SecurityGroup, { vpc_id: EXISTING_VPC.vpcId });
    },
  );

  test("one route table for all of a tier's AZs is associated once", () => {
    const shared = [
      { subnetId: "subnet-0aaa0000000000001", routeTableId: "rtb-0aaa0000000000009" },
      { subnetId: "subnet-0aaa0000000000002", routeTableId: "rtb-0aaa0000000000009" },
    ];
    expect(synthExisting({ app: shared })).toHaveResourceWithProperties(VpcEndpoint, { route_table_ids: ["rtb-0aaa0000000000009"] });
  });

  test("tierSubnets gives the subnets of a tier in AZ order, and none for a tier it does not have", () => {
    Testing.synthScope((scope) => {
      const network = Network.fromExisting(scope, "Network", { vpcId: EXISTING_VPC.vpcId, tiers: EXISTING_VPC.tiers });
      expect(network.vpcId).toBe(EXISTING_VPC.vpcId);
      expect(network.tierSubnets("ops")).toEqual([
        { tier: "ops", az: 0, subnetId: "subnet-0bbb0000000000001", routeTableId: "rtb-0bbb0000000000001" },
        { tier: "ops", az: 1, subnetId: "subnet-0bbb0000000000002", routeTableId: "rtb-0bbb0000000000002" },
      ]);
      expect(network.tierSubnets("db")).toEqual([]);
    });
  });

  test("refuses ids that are not AWS ids of their kind, naming the construct, the tier and the AZ", () => {
    const swapped = [{ subnetId: "rtb-0aaa0000000000001", routeTableId: "subnet-0aaa0000000000001" }];
    expect(() => synthExisting({ app: swapped })).toThrow(
      /Network: tier "app" AZ 0: subnetId "rtb-0aaa0000000000001" is not a subnet id — use an id such as subnet-/,
    );
    expect(() => synthExisting({ app: swapped })).toThrow(
      /tier "app" AZ 0: routeTableId "subnet-0aaa0000000000001" is not a route table id/,
    );
    expect(() => synthExisting({ app: [] })).toThrow(/tier "app" has no subnets/);
  });
});
