// The peer's boot instances: per instance a role (EC2 may assume it for this account only) allowed to read
// exactly its own boot scripts and to decrypt them through S3, its instance profile (made by ec2.Instance),
// a security group with HTTPS egress to S3's prefix list only, and multipart user data: a cloud-config part
// and a runner that fetches the scripts from the bucket, checks them against SHA-256 sums pinned at synth,
// and runs them in order.
import { CfnOutput, CfnParameter, type Stack } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as s3 from "aws-cdk-lib/aws-s3";
import { Asset } from "aws-cdk-lib/aws-s3-assets";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { PeerScenario } from "./scenario";

type Instance = PeerScenario["config"]["instances"][number];

/**
 * Stages every boot script as a file asset (hashed and copied into the output, the work our stack's
 * aws_s3_object sources cost) and returns each script's SHA-256. Uploading them into the script bucket
 * would take an s3-deployment BucketDeployment: a Lambda, its role and the 22 MB AWS CLI layer asset, left out
 * so that AWS CDK is not charged for a Lambda our stack has not.
 */
export function stageScripts(stack: Stack, scenario: PeerScenario): Map<string, string> {
  const names = new Set(Object.values(scenario.instanceScripts).flat());
  const sums = new Map<string, string>();
  for (const name of [...names].sort()) {
    const path = join(scenario.scriptsDir, name);
    new Asset(stack, `Script-${name}`, { path });
    sums.set(name, createHash("sha256").update(readFileSync(path)).digest("hex"));
  }
  return sums;
}

/** The boot instances of the config, with their outputs. */
export function bootInstances(
  stack: Stack,
  vpc: ec2.Vpc,
  target: { bucket: s3.IBucket; key?: kms.IKey; sums: Map<string, string> },
  scenario: PeerScenario,
): void {
  const { config } = scenario;
  // Our stack reads the id from an aws_prefix_list data source; AWS CDK has only a context lookup, which the bench must not make.
  const prefixListId = new CfnParameter(stack, "S3PrefixListId", { description: `The S3 prefix list of ${config.region}` }).valueAsString;
  for (const instance of config.instances) {
    const scripts = scenario.instanceScripts[instance.name] ?? [];
    const role = bootRole(stack, instance, scripts, target, config);
    const securityGroup = new ec2.SecurityGroup(stack, `${instance.name}-SecurityGroup`, {
      vpc,
      allowAllOutbound: false,
      description: `${config.project} ${instance.name}: no ingress; HTTPS egress to S3 through the gateway endpoint`,
    });
    securityGroup.addEgressRule(ec2.Peer.prefixList(prefixListId), ec2.Port.tcp(443), "HTTPS to S3 through the gateway endpoint");
    if (instance.internetEgress) securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), "HTTPS to the internet via NAT");
    const type = new ec2.InstanceType(instance.instanceType);
    const arm = type.architecture === ec2.InstanceArchitecture.ARM_64;
    const created = new ec2.Instance(stack, instance.name, {
      vpc,
      vpcSubnets: { subnetGroupName: instance.tier, availabilityZones: [vpc.availabilityZones[instance.az] ?? ""] },
      instanceType: type,
      instanceName: `${config.project}-${instance.name}`,
      machineImage: ec2.MachineImage.latestAmazonLinux2023({
        cpuType: arm ? ec2.AmazonLinuxCpuType.ARM_64 : ec2.AmazonLinuxCpuType.X86_64,
      }),
      role,
      securityGroup,
      userData: userData(instance, scripts, target, config),
      requireImdsv2: true,
      detailedMonitoring: true,
      disableApiTermination: instance.terminationProtection,
      ebsOptimized: true,
      associatePublicIpAddress: false,
      blockDevices: [
        {
          deviceName: "/dev/xvda",
          volume: ec2.BlockDeviceVolume.ebs(instance.rootVolumeSizeGb, {
            encrypted: true,
            volumeType: ec2.EbsDeviceVolumeType.GP3,
            deleteOnTermination: true,
          }),
        },
      ],
    });
    new CfnOutput(stack, `${instance.name}-InstanceId`, { value: created.instanceId });
    new CfnOutput(stack, `${instance.name}-RoleArn`, { value: role.roleArn });
  }
}

function bootRole(
  stack: Stack,
  instance: Instance,
  scripts: readonly string[],
  target: { bucket: s3.IBucket; key?: kms.IKey },
  config: PeerScenario["config"],
): iam.Role {
  const role = new iam.Role(stack, `${instance.name}-Role`, {
    assumedBy: new iam.ServicePrincipal("ec2.amazonaws.com", { conditions: { StringEquals: { "aws:SourceAccount": stack.account } } }),
    description: `Boot role of ${config.project} instance ${instance.name}: reads its own boot scripts only`,
  });
  role.addToPolicy(
    new iam.PolicyStatement({
      sid: "ReadOwnBootScripts",
      actions: ["s3:GetObject"],
      resources: scripts.map((name) => target.bucket.arnForObjects(`${config.bucket.keyPrefix}${name}`)),
    }),
  );
  if (target.key) {
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: "DecryptBootScriptsThroughS3",
        actions: ["kms:Decrypt"],
        resources: [target.key.keyArn],
        conditions: { StringEquals: { "kms:ViaService": `s3.${config.region}.amazonaws.com` } },
      }),
    );
  }
  return role;
}

function userData(
  instance: Instance,
  scripts: readonly string[],
  target: { bucket: s3.IBucket; sums: Map<string, string> },
  config: PeerScenario["config"],
): ec2.MultipartUserData {
  const cloudConfig = [
    "#cloud-config",
    `# Instance "${instance.name}": the boot scripts are fetched, verified and run by the runner in the next part.`,
    "output:",
    '  all: "| tee -a /var/log/cloud-init-output.log"',
    "package_update: false",
    "package_upgrade: false",
  ].join("\n");
  const runner = ec2.UserData.forLinux();
  runner.addCommands(
    "set -euo pipefail",
    "exec >>/var/log/bootstrap.log 2>&1",
    `work=/var/lib/bootstrap/${instance.name}`,
    'mkdir -p "$work" && cd "$work"',
  );
  for (const name of scripts) {
    const key = `${config.bucket.keyPrefix}${name}`;
    runner.addCommands(
      `for attempt in 1 2 3 4 5 6; do aws s3 cp --region ${config.region} "s3://${target.bucket.bucketName}/${key}" "${name}" && break; ` +
        `[ "$attempt" = 6 ] && exit 1; sleep $((2 ** (attempt - 1))); done`,
      `echo "${target.sums.get(name)}  ${name}" | sha256sum --check --strict`,
    );
  }
  for (const name of scripts) runner.addCommands(`env -i PATH="$PATH" HOME=/root BOOTSTRAP_INSTANCE=${instance.name} bash "./${name}"`);
  runner.addCommands("touch /var/lib/bootstrap/healthy");
  const multipart = new ec2.MultipartUserData();
  multipart.addPart(ec2.MultipartBody.fromRawBody({ contentType: 'text/cloud-config; charset="us-ascii"', body: cloudConfig }));
  multipart.addUserDataPart(runner, ec2.MultipartBody.SHELL_SCRIPT, true);
  return multipart;
}
