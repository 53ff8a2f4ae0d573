import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, S3Backend, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { resolve } from "node:path";
import type { BackendConfig, ScenarioConfigInput } from "../config/schema";
import { type LoadedScenario, parseScenario } from "../config/load";
import { problemAt } from "../config/problems";
import { BootInstance } from "../modules/boot-instance";
import { BucketAccessPolicy } from "../modules/bucket-access-policy";
import { DeployerIdentity } from "../modules/deployer-identity";
import { GatewayEndpoints } from "../modules/gateway-endpoints";
import { type INetwork, Network } from "../modules/network";
import { ScenarioGuards } from "../modules/scenario-guards";
import { ScriptBucket } from "../modules/script-bucket";

/** A stack from a scenario already loaded and validated by `loadScenario` or `parseScenario`. */
export interface ScenarioStackFromScenario {
  /** A validated config with its scripts, from `loadScenario` or `parseScenario`. */
  readonly scenario: LoadedScenario;
  readonly config?: never;
  readonly baseDir?: never;
}

/** A stack from a config object, validated like a config file (every problem at once, as a `ProblemsError`). */
export interface ScenarioStackFromConfig {
  /** The config, as it would be written in a config file; unknown fields are type errors. */
  readonly config: ScenarioConfigInput;
  /**
   * The folder that relative paths in the config (`bucket.scriptsDir`) resolve against.
   * @default process.cwd()
   */
  readonly baseDir?: string;
  readonly scenario?: never;
}

/** Either `{ scenario }` or `{ config, baseDir? }`. */
export type ScenarioStackProps = ScenarioStackFromScenario | ScenarioStackFromConfig;

/**
 * The article's scenario: a VPC with private tiers behind NAT, the script bucket, one S3 gateway
 * endpoint per endpoint group, the bucket policy, and the boot instances. Composition only.
 */
export class ScenarioStack extends TerraformStack {
  /** The VPC: built by the stack, or with `network.existing` the given one (`Network.fromExisting`). */
  public readonly network: INetwork;
  public readonly bucket: ScriptBucket;
  public readonly endpoints: GatewayEndpoints;
  public readonly bucketPolicy: BucketAccessPolicy;
  public readonly instances: readonly BootInstance[];

  constructor(scope: Construct, id: string, props: ScenarioStackProps) {
    super(scope, id);
    const { config, instanceScripts, scripts } = scenarioFrom(this, props);
    const { project, region } = config;
    new AwsProvider(this, "Aws", { region, defaultTags: [{ tags: { Project: project, ManagedBy: "cdktf", ...config.tags } }] });
    configureBackend(this, project, config.backend);
    // A constraint, not the bindings' exact pin, so that `terraform init` takes a mirror or a newer
    // patch; the lock file then pins the exact version.
    this.addOverride("terraform.required_providers.aws.version", config.awsProviderVersion);

    const identity = new DeployerIdentity(this, "Deployer", { region });
    const { existing, ...network } = config.network;
    this.network = existing
      ? Network.fromExisting(this, "Network", existing)
      : new Network(this, "Network", { project, region, identity, ...network, tierNames: network.tiers.map((t) => t.name) });
    this.bucket = new ScriptBucket(this, "ScriptBucket", {
      project,
      identity,
      bucketName: config.bucket.name,
      encryption: config.bucket.encryption,
      keyPrefix: config.bucket.keyPrefix,
      scripts,
      accessLogs: config.bucket.accessLogs,
      forceDestroy: config.bucket.forceDestroy,
    });
    this.endpoints = new GatewayEndpoints(this, "Endpoints", {
      region,
      network: this.network,
      bucket: this.bucket,
      groups: config.endpointGroups,
    });
    this.bucketPolicy = new BucketAccessPolicy(this, "BucketPolicy", {
      bucket: this.bucket,
      endpoints: this.endpoints,
      network: this.network,
      mode: config.access.mode,
      trustedEndpointIds: config.access.trustedEndpointIds,
      deployer: identity,
      adminPrincipalArns: config.access.adminPrincipalArns,
    });
    const instancesScope = new Construct(this, "Instances");
    this.instances = config.instances.map(
      (instance) =>
        new BootInstance(instancesScope, instance.name, {
          ...instance,
          project,
          region,
          identity,
          network: this.network,
          bucket: this.bucket,
          endpoints: this.endpoints,
          scripts: instanceScripts[instance.name],
        }),
    );
    this.node.addValidation(new ScenarioGuards(this));
    addOutputs(this);
  }
}

/** The scenario of either form of the props; plain JavaScript callers get a clear error for neither or both. */
function scenarioFrom(stack: TerraformStack, props: ScenarioStackProps): LoadedScenario {
  const given: { scenario?: LoadedScenario; config?: unknown; baseDir?: string } = props ?? {};
  const fix = "pass { config } (a config object, with an optional baseDir) or { scenario } (from loadScenario or parseScenario)";
  if (given.scenario !== undefined && given.config !== undefined)
    throw problemAt(stack.node.path, "ScenarioStack got both config and scenario", fix);
  if (given.scenario !== undefined) return given.scenario;
  if (given.config === undefined) throw problemAt(stack.node.path, "ScenarioStack got neither config nor scenario", fix);
  return parseScenario(given.config, resolve(given.baseDir ?? process.cwd()), `config of stack ${stack.node.path}`);
}

/**
 * What a deploy made, for `cdktf output`, `terraform output -json` and other stacks. Output names
 * are a contract like construct ids: per-group and per-instance values are maps keyed by name.
 */
function addOutputs(stack: ScenarioStack): void {
  const byName = <T>(items: readonly T[], key: (item: T) => string, value: (item: T) => string) =>
    Object.fromEntries(items.map((item) => [key(item), value(item)]));
  const outputs: Record<string, { value: unknown; description: string }> = {
    vpc_id: { value: stack.network.vpcId, description: "The VPC" },
    endpoint_ids: {
      value: byName(
        stack.endpoints.endpoints,
        (e) => e.group,
        (e) => e.endpointId,
      ),
      description: "The S3 gateway endpoint of each endpoint group (aws:SourceVpce)",
    },
    bucket_name: { value: stack.bucket.bucketName, description: "The script bucket" },
    bucket_arn: { value: stack.bucket.bucketArn, description: "The script bucket's ARN" },
    instance_ids: {
      value: byName(
        stack.instances,
        (i) => i.node.id,
        (i) => i.instance.id,
      ),
      description: "Each boot instance",
    },
    role_arns: {
      value: byName(
        stack.instances,
        (i) => i.node.id,
        (i) => i.role.arn,
      ),
      description: "Each boot instance's role (aws:PrincipalArn)",
    },
  };
  if (stack.bucket.encryptionKey)
    outputs.kms_key_arn = { value: stack.bucket.encryptionKey.keyArn, description: "The bucket's customer managed KMS key" };
  for (const [id, output] of Object.entries(outputs)) new TerraformOutput(stack, id, output);
}

/**
 * Terraform runs in `<outdir>/stacks/<stack>/`; this leads from there to the folder that holds the
 * output folder (the project root for `cdktf.out`). Local state lives there, outside anything a synth
 * replaces, at a path that is the same on every machine.
 */
export const STATE_ROOT_FROM_STACK_DIR = "../../..";

/** Local state beside the output folder by default; or S3 with locking. */
function configureBackend(stack: TerraformStack, project: string, backend: BackendConfig): void {
  if (backend.type === "local") {
    new LocalBackend(stack, {
      path: `${STATE_ROOT_FROM_STACK_DIR}/${backend.path ?? `terraform.${project}.tfstate`}`,
      // Per project, so that two stacks' non-default workspaces never share a folder.
      workspaceDir: `${STATE_ROOT_FROM_STACK_DIR}/terraform.${project}.tfstate.d`,
    });
    return;
  }
  const s3 = new S3Backend(stack, {
    bucket: backend.bucket,
    key: backend.key,
    region: backend.region,
    encrypt: true,
    kmsKeyId: backend.kmsKeyId,
    dynamodbTable: backend.dynamodbTable,
  });
  // cdktf 0.21 predates S3-native locking (Terraform >= 1.10), so its props lack `use_lockfile`.
  if (backend.useLockfile) s3.addOverride("use_lockfile", true);
}
