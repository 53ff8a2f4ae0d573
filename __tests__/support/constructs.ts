import type { Construct } from "constructs";
import { ScenarioConfigSchema } from "../../config/schema";
import { DeployerIdentity } from "../../modules/deployer-identity";
import { type EndpointGroupSpec, GatewayEndpoints } from "../../modules/gateway-endpoints";
import { Network, type NetworkProps } from "../../modules/network";
import { ScriptBucket, type ScriptBucketProps } from "../../modules/script-bucket";
import { policyOf, scenarioOf } from "./scenario";

/** The default scripts, hashed, as `loadScenario` finds them. */
export const SCRIPTS = scenarioOf().scripts;

/** The constructs most modules sit on: identity, a two-tier network, the bucket, and endpoints. */
export interface Base {
  readonly identity: DeployerIdentity;
  readonly network: Network;
  readonly bucket: ScriptBucket;
  readonly endpoints: GatewayEndpoints;
}

/** The network of the module tests: two tiers (app, ops) in two AZs behind one NAT gateway. */
export function networkProps(identity: DeployerIdentity, overrides: Partial<NetworkProps> = {}): NetworkProps {
  return {
    project: "mod",
    region: "us-east-1",
    identity,
    cidr: "10.0.0.0/16",
    azCount: 2,
    subnetMask: 24,
    natGateways: "single",
    tierNames: ["app", "ops"],
    flowLogRetentionDays: 365,
    ...overrides,
  };
}

export function buildBase(scope: Construct, options: { groups?: EndpointGroupSpec[]; bucket?: Partial<ScriptBucketProps> } = {}): Base {
  const identity = new DeployerIdentity(scope, "Deployer", { region: "us-east-1" });
  const network = new Network(scope, "Network", networkProps(identity));
  const bucket = new ScriptBucket(scope, "ScriptBucket", {
    project: "mod",
    identity,
    encryption: "kms",
    keyPrefix: "bootstrap/",
    scripts: SCRIPTS,
    ...options.bucket,
  });
  const endpoints = new GatewayEndpoints(scope, "Endpoints", {
    region: "us-east-1",
    network,
    bucket,
    // The config's default groups, from the one place they are declared.
    groups: options.groups ?? ScenarioConfigSchema.parse({ project: "mod", region: "us-east-1" }).endpointGroups,
  });
  return { identity, network, bucket, endpoints };
}

type Tf = { resource: Record<string, Record<string, Record<string, unknown>>> };

/** The only resource of a type whose name matches, parsed. */
export function resourceNamed(json: string, type: string, name: RegExp): Record<string, unknown> {
  const found = Object.entries((JSON.parse(json) as Tf).resource[type] ?? {}).filter(([key]) => name.test(key));
  if (found.length !== 1) throw new Error(`expected one ${type} matching ${name}, found ${found.length}`);
  return found[0][1];
}

/** The statements of a JSON policy attribute. */
export function statementsOf(resource: Record<string, unknown>, attribute = "policy"): Array<Record<string, unknown>> {
  return policyOf(resource, attribute).Statement;
}
