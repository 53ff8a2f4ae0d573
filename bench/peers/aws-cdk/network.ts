// The peer's network: the VPC (public subnets, one private subnet per tier per AZ, each with its own
// route table, NAT as the config says, flow logs to a KMS-encrypted log group) and one S3 gateway
// endpoint per endpoint group on exactly its tiers' route tables, with an endpoint policy.
import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type { PeerGroup, PeerScenario } from "./scenario";

const NAT_COUNT = { single: 1, "per-az": Number.POSITIVE_INFINITY, none: 0 } as const;

/** The VPC of the scenario's network section. AZ names are fixed (`<region>a`, …) so that synth makes no lookup. */
export function scenarioVpc(stack: Stack, { config }: PeerScenario): ec2.Vpc {
  const { network, region, project } = config;
  const azs = [..."abcdef"].slice(0, network.azCount).map((letter) => `${region}${letter}`);
  const privateType = network.natGateways === "none" ? ec2.SubnetType.PRIVATE_ISOLATED : ec2.SubnetType.PRIVATE_WITH_EGRESS;
  const flowLogKey = new kms.Key(stack, "FlowLogsKey", {
    description: `${project} VPC flow logs`,
    alias: `alias/${project}-flow-logs`,
    enableKeyRotation: true,
    pendingWindow: Duration.days(30),
  });
  flowLogKey.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${region}.amazonaws.com`));
  const logGroup = new logs.LogGroup(stack, "FlowLogs", {
    logGroupName: `/vpc/${project}/flow-logs`,
    encryptionKey: flowLogKey,
    retention: logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  return new ec2.Vpc(stack, "Vpc", {
    ipAddresses: ec2.IpAddresses.cidr(network.cidr),
    availabilityZones: azs,
    natGateways: Math.min(NAT_COUNT[network.natGateways], network.azCount),
    subnetConfiguration: [
      { name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: network.subnetMask, mapPublicIpOnLaunch: false },
      ...network.tiers.map((tier) => ({ name: tier.name, subnetType: privateType, cidrMask: network.subnetMask })),
    ],
    // Our stack takes every rule off the default security group with a plain aws_default_security_group;
    // AWS CDK does it with a Lambda-backed custom resource, left out so that AWS CDK is not charged for a Lambda.
    restrictDefaultSecurityGroup: false,
    flowLogs: {
      all: {
        destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup),
        trafficType: ec2.FlowLogTrafficType.ALL,
        maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
      },
    },
  });
}

/** One S3 gateway endpoint per group, on its tiers' route tables, its policy limited to the bucket at the group's access. */
export function gatewayEndpoints(
  vpc: ec2.Vpc,
  bucket: s3.IBucket,
  scenario: PeerScenario,
): { group: PeerGroup; endpoint: ec2.GatewayVpcEndpoint }[] {
  const repoBucket = `arn:${Stack.of(vpc).partition}:s3:::${scenario.amazonLinuxRepoBucket}/*`;
  return scenario.groups.map((group) => {
    const endpoint = vpc.addGatewayEndpoint(`Endpoint-${group.name}`, {
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: group.tiers.map((tier) => ({ subnetGroupName: tier })),
    });
    endpoint.addToPolicy(
      new iam.PolicyStatement({
        sid: "ScriptBucketAccess",
        principals: [new iam.AnyPrincipal()],
        actions: [...group.actions],
        resources: [bucket.bucketArn, bucket.arnForObjects("*")],
      }),
    );
    if (group.amazonLinuxRepos) {
      endpoint.addToPolicy(
        new iam.PolicyStatement({
          sid: "AmazonLinuxRepositories",
          principals: [new iam.AnyPrincipal()],
          actions: ["s3:GetObject"],
          resources: [repoBucket],
        }),
      );
    }
    return { group, endpoint };
  });
}
