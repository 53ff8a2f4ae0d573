import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { ProblemsError } from "../config/problems";
import { planSubnets } from "../config/subnet-plan";
import { DeployerIdentity } from "./deployer-identity";
import { EncryptionKey } from "./encryption-key";
import { policyJson } from "./policy-document";
import { NAMES } from "../config/names";
import type { ScenarioConfig } from "../config/schema";

/** How many NAT gateways carry the private tiers' internet traffic. The config schema declares the values. */
export type NatGatewayMode = ScenarioConfig["network"]["natGateways"];

export interface NetworkProps {
  /** Name prefix for tags and log groups. */
  readonly project: string;
  /** Region of the stack, for the flow log key policy. */
  readonly region: string;
  /** The account, for the flow log key and role policies. */
  readonly identity: DeployerIdentity;
  /** IPv4 CIDR of the VPC, /16 to /28. */
  readonly cidr: string;
  /** Number of availability zones; each tier gets one subnet per AZ. */
  readonly azCount: number;
  /** Prefix length of every subnet. Must leave room for (tiers + 1) × azCount subnets. */
  readonly subnetMask: number;
  /**
   * `single`: one NAT gateway in the first AZ; `per-az`: one per AZ, each private subnet uses its own AZ's;
   * `none`: private route tables have no default route.
   */
  readonly natGateways: NatGatewayMode;
  /** Private subnet tiers, in order. Appending a tier never moves an existing subnet. */
  readonly tierNames: readonly string[];
  /** Retention of the VPC flow log group, in days. */
  readonly flowLogRetentionDays: number;
}

/** One private subnet of a tier with the route table that only it uses. */
export interface PrivateSubnet {
  readonly tier: string;
  readonly az: number;
  readonly subnet: Subnet;
  readonly routeTable: RouteTable;
}

/**
 * The VPC of the scenario: a public subnet per AZ behind an internet gateway, NAT gateway(s),
 * private tiers with one route table per subnet, a closed default security group, and flow logs.
 */
export class Network extends Construct {
  public readonly vpc: Vpc;
  public readonly vpcId: string;
  public readonly privateSubnets: readonly PrivateSubnet[];
  public readonly natGateways: readonly NatGateway[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const plan = planSubnets({ ...props, tiers: props.tierNames.map((name) => ({ name })) });
    if (Array.isArray(plan)) throw new ProblemsError(plan.map((p) => ({ ...p, path: this.node.path })));
    const azs = new DataAwsAvailabilityZones(this, "Zones", {
      state: "available",
      // element() wraps around: without this, a seventh subnet would silently land in the first AZ again.
      lifecycle: {
        postcondition: [{
          condition: `\${length(self.names) >= ${props.azCount}}`,
          errorMessage: `network.azCount is ${props.azCount} but region ${props.region} has only \${length(self.names)} available AZs (\${join(", ", self.names)}); use an azCount of at most \${length(self.names)}.`,
        }],
      },
    });
    const zone = (az: number) => Fn.element(azs.names, az);

    this.vpc = new Vpc(this, "Vpc", {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: NAMES.vpcName.build(props) },
    });
    this.vpcId = this.vpc.id;
    new DefaultSecurityGroup(this, "DefaultSecurityGroup", { vpcId: this.vpcId, ingress: [], egress: [], tags: { Name: NAMES.defaultSecurityGroupName.build(props) } });

    const publicScope = new Construct(this, "Public");
    const igw = new InternetGateway(publicScope, "InternetGateway", { vpcId: this.vpcId, tags: { Name: NAMES.vpcName.build(props) } });
    const publicSubnets = plan.publicCidrs.map((cidr, az) => {
      const azScope = new Construct(publicScope, `Az${az}`);
      const subnet = new Subnet(azScope, "Subnet", { vpcId: this.vpcId, cidrBlock: cidr, availabilityZone: zone(az), mapPublicIpOnLaunch: false, tags: { Name: NAMES.publicSubnetName.build({ project: props.project, az }), Tier: "public" } });
      const routeTable = new RouteTable(azScope, "RouteTable", { vpcId: this.vpcId, tags: { Name: NAMES.publicSubnetName.build({ project: props.project, az }) } });
      new RouteTableAssociation(azScope, "Association", { subnetId: subnet.id, routeTableId: routeTable.id });
      new Route(azScope, "InternetRoute", { routeTableId: routeTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });
      return subnet;
    });

    this.natGateways = this.createNatGateways(props, publicSubnets, igw);
    this.privateSubnets = props.tierNames.flatMap((tier) => {
      const tierScope = new Construct(this, tier);
      return plan.tierCidrs[tier].map((cidr, az) => this.createPrivateSubnet(tierScope, props, { tier, az, cidr, zone: zone(az) }));
    });
    this.createFlowLogs(props);
  }

  /** The private subnets of one tier, in AZ order. */
  public tierSubnets(tier: string): readonly PrivateSubnet[] {
    return this.privateSubnets.filter((s) => s.tier === tier);
  }

  private createNatGateways(props: NetworkProps, publicSubnets: readonly Subnet[], igw: InternetGateway): NatGateway[] {
    const count = { single: 1, "per-az": props.azCount, none: 0 }[props.natGateways];
    const natScope = new Construct(this, "Nat");
    return publicSubnets.slice(0, count).map((subnet, az) => {
      const azScope = new Construct(natScope, `Az${az}`);
      const eip = new Eip(azScope, "Eip", { domain: "vpc", tags: { Name: NAMES.natName.build({ project: props.project, az }) }, dependsOn: [igw] });
      return new NatGateway(azScope, "Gateway", { allocationId: eip.allocationId, subnetId: subnet.id, tags: { Name: NAMES.natName.build({ project: props.project, az }) } });
    });
  }

  private createPrivateSubnet(scope: Construct, props: NetworkProps, at: { tier: string; az: number; cidr: string; zone: string }): PrivateSubnet {
    const azScope = new Construct(scope, `Az${at.az}`);
    const name = NAMES.privateSubnetName.build({ project: props.project, tier: at.tier, az: at.az });
    const subnet = new Subnet(azScope, "Subnet", { vpcId: this.vpcId, cidrBlock: at.cidr, availabilityZone: at.zone, mapPublicIpOnLaunch: false, tags: { Name: name, Tier: NAMES.tierTag.build(at) } });
    const routeTable = new RouteTable(azScope, "RouteTable", { vpcId: this.vpcId, tags: { Name: name, Tier: NAMES.tierTag.build(at) } });
    new RouteTableAssociation(azScope, "Association", { subnetId: subnet.id, routeTableId: routeTable.id });
    const nat = this.natGateways[Math.min(at.az, this.natGateways.length - 1)];
    if (nat) new Route(azScope, "NatRoute", { routeTableId: routeTable.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id });
    return { tier: at.tier, az: at.az, subnet, routeTable };
  }

  private createFlowLogs(props: NetworkProps): void {
    const scope = new Construct(this, "FlowLogs");
    const { identity, region } = props;
    const logGroupArnPattern = `arn:${identity.partition}:logs:${region}:${identity.accountId}:log-group:*`;
    const key = new EncryptionKey(scope, "Key", {
      description: NAMES.flowLogKeyDescription.build(props),
      alias: NAMES.flowLogKeyAlias.build(props),
      identity,
      extraStatements: [{
        Sid: "CloudWatchLogsEncryptsFlowLogs",
        Effect: "Allow",
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        Resource: "*",
        Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": logGroupArnPattern } },
      }],
    });
    const logGroup = new CloudwatchLogGroup(scope, "LogGroup", { name: NAMES.flowLogGroup.build(props), retentionInDays: props.flowLogRetentionDays, kmsKeyId: key.keyArn });
    const role = new IamRole(scope, "Role", {
      namePrefix: NAMES.flowLogRole.build(props),
      assumeRolePolicy: policyJson([{
        Sid: "FlowLogsService",
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": identity.accountId } },
      }]),
    });
    new IamRolePolicy(scope, "RolePolicy", {
      role: role.id,
      policy: policyJson([{
        Sid: "WriteFlowLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [logGroup.arn, `${logGroup.arn}:*`],
      }]),
    });
    new FlowLog(scope, "FlowLog", { vpcId: this.vpcId, trafficType: "ALL", logDestination: logGroup.arn, logDestinationType: "cloud-watch-logs", iamRoleArn: role.arn, maxAggregationInterval: 60 });
  }
}
