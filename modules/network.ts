import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DataAwsRouteTable } from "@cdktf/provider-aws/lib/data-aws-route-table";
import { DataAwsSubnet } from "@cdktf/provider-aws/lib/data-aws-subnet";
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
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { type Problem, ProblemsError } from "../config/problems";
import { planSubnets } from "../config/subnet-plan";
import type { IDeployerIdentity } from "./deployer-identity";
import { EncryptionKey } from "./encryption-key";
import { policyJson } from "./policy-document";
import { NAMES } from "../config/names";
import { ROUTE_TABLE_ID, SUBNET_ID, VPC_ID, type ScenarioConfig } from "../config/schema";

/** How many NAT gateways carry the private tiers' internet traffic. The config schema declares the values. */
export type NatGatewayMode = ScenarioConfig["network"]["natGateways"];

export interface NetworkProps {
  /** Name prefix for tags and log groups. */
  readonly project: string;
  /** Region of the stack, for the flow log key policy. */
  readonly region: string;
  /** The account, for the flow log key and role policies. */
  readonly identity: IDeployerIdentity;
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

/** One private subnet of a tier, in one AZ, and the route table it uses. */
export interface TierSubnet {
  /** The tier's name. */
  readonly tier: string;
  /** AZ index within the tier: 0 is the first AZ. */
  readonly az: number;
  /** The subnet's id, `subnet-…`: where an instance of the tier in this AZ goes. */
  readonly subnetId: string;
  /** The id of the route table associated with the subnet, `rtb-…`: the tier's S3 gateway endpoint is associated with it. */
  readonly routeTableId: string;
}

/**
 * The VPC and its private tiers, as the endpoints, the bucket policy and the instances use them
 * (as aws-cdk's `IVpc`). `new Network(...)` builds one; `Network.fromExisting(...)` names one that exists.
 */
export interface INetwork {
  /** The VPC's id, `vpc-…`: what `aws:SourceVpc` carries for requests through its endpoints. */
  readonly vpcId: string;
  /** The private subnets of a tier, in AZ order (index = AZ index); empty for a tier the network does not have. */
  tierSubnets(tier: string): readonly TierSubnet[];
}

/** One private subnet of a tier with the route table that only it uses. */
export interface PrivateSubnet extends TierSubnet {
  readonly subnet: Subnet;
  readonly routeTable: RouteTable;
}

/** A subnet of an existing VPC and the route table explicitly associated with it. */
export interface ExistingSubnet {
  /** The subnet's id, `subnet-…`. */
  readonly subnetId: string;
  /**
   * The id of the route table explicitly associated with the subnet, `rtb-…`. The plan looks the pair up
   * (`data.aws_route_table` by both ids) and fails when the subnet is not associated with it; a subnet
   * that only uses the VPC's main route table is not found that way: give it a route table of its own.
   */
  readonly routeTableId: string;
}

export interface ExistingNetworkProps {
  /** The VPC's id, `vpc-…`. */
  readonly vpcId: string;
  /**
   * Each private tier's subnets in AZ order: the first is AZ 0 (what `BootInstance`'s `az` picks).
   * Tiers of different endpoint groups need different route tables: a route table carries one S3 endpoint route.
   */
  readonly tiers: Readonly<Record<string, readonly ExistingSubnet[]>>;
}

/**
 * The VPC of the scenario: a public subnet per AZ behind an internet gateway, NAT gateway(s),
 * private tiers with one route table per subnet, a closed default security group, and flow logs.
 */
export class Network extends Construct implements INetwork {
  /**
   * A VPC that exists already, with its private tiers' subnets and route tables. It creates nothing: no VPC,
   * subnets, route tables, NAT gateways, flow logs or default security group rules (those stay the VPC
   * owner's). It only looks each subnet (in the VPC) and its route table (associated with the subnet) up at
   * plan time, so that a wrong id fails the plan, and so that the review and the guards, which read the
   * synthesized Terraform JSON, know which route table each subnet uses.
   */
  public static fromExisting(scope: Construct, id: string, props: ExistingNetworkProps): INetwork {
    return new ExistingNetwork(scope, id, props);
  }

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
        postcondition: [
          {
            condition: `\${length(self.names) >= ${props.azCount}}`,
            errorMessage:
              `network.azCount is ${props.azCount} but region ${props.region} has only ` +
              `\${length(self.names)} available AZs (\${join(", ", self.names)}); use an azCount of at most ` +
              `\${length(self.names)}.`,
          },
        ],
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
    new DefaultSecurityGroup(this, "DefaultSecurityGroup", {
      vpcId: this.vpcId,
      ingress: [],
      egress: [],
      tags: { Name: NAMES.defaultSecurityGroupName.build(props) },
    });

    const publicScope = new Construct(this, "Public");
    const igw = new InternetGateway(publicScope, "InternetGateway", { vpcId: this.vpcId, tags: { Name: NAMES.vpcName.build(props) } });
    const publicSubnets = plan.publicCidrs.map((cidr, az) => {
      const azScope = new Construct(publicScope, `Az${az}`);
      const subnet = new Subnet(azScope, "Subnet", {
        vpcId: this.vpcId,
        cidrBlock: cidr,
        availabilityZone: zone(az),
        mapPublicIpOnLaunch: false,
        tags: { Name: NAMES.publicSubnetName.build({ project: props.project, az }), Tier: "public" },
      });
      const routeTable = new RouteTable(azScope, "RouteTable", {
        vpcId: this.vpcId,
        tags: { Name: NAMES.publicSubnetName.build({ project: props.project, az }) },
      });
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
      const eip = new Eip(azScope, "Eip", {
        domain: "vpc",
        tags: { Name: NAMES.natName.build({ project: props.project, az }) },
        dependsOn: [igw],
      });
      return new NatGateway(azScope, "Gateway", {
        allocationId: eip.allocationId,
        subnetId: subnet.id,
        tags: { Name: NAMES.natName.build({ project: props.project, az }) },
      });
    });
  }

  private createPrivateSubnet(
    scope: Construct,
    props: NetworkProps,
    at: { tier: string; az: number; cidr: string; zone: string },
  ): PrivateSubnet {
    const azScope = new Construct(scope, `Az${at.az}`);
    const name = NAMES.privateSubnetName.build({ project: props.project, tier: at.tier, az: at.az });
    const subnet = new Subnet(azScope, "Subnet", {
      vpcId: this.vpcId,
      cidrBlock: at.cidr,
      availabilityZone: at.zone,
      mapPublicIpOnLaunch: false,
      tags: { Name: name, Tier: NAMES.tierTag.build(at) },
    });
    const routeTable = new RouteTable(azScope, "RouteTable", { vpcId: this.vpcId, tags: { Name: name, Tier: NAMES.tierTag.build(at) } });
    new RouteTableAssociation(azScope, "Association", { subnetId: subnet.id, routeTableId: routeTable.id });
    const nat = this.natGateways[Math.min(at.az, this.natGateways.length - 1)];
    if (nat) new Route(azScope, "NatRoute", { routeTableId: routeTable.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id });
    return { tier: at.tier, az: at.az, subnet, routeTable, subnetId: subnet.id, routeTableId: routeTable.id };
  }

  private createFlowLogs(props: NetworkProps): void {
    const scope = new Construct(this, "FlowLogs");
    const { identity, region } = props;
    const logGroupArnPattern = `arn:${identity.partition}:logs:${region}:${identity.accountId}:log-group:*`;
    const key = new EncryptionKey(scope, "Key", {
      description: NAMES.flowLogKeyDescription.build(props),
      alias: NAMES.flowLogKeyAlias.build(props),
      identity,
      extraStatements: [
        {
          Sid: "CloudWatchLogsEncryptsFlowLogs",
          Effect: "Allow",
          Principal: { Service: `logs.${region}.amazonaws.com` },
          Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          Resource: "*",
          Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": logGroupArnPattern } },
        },
      ],
    });
    const logGroup = new CloudwatchLogGroup(scope, "LogGroup", {
      name: NAMES.flowLogGroup.build(props),
      retentionInDays: props.flowLogRetentionDays,
      kmsKeyId: key.keyArn,
    });
    const role = new IamRole(scope, "Role", {
      namePrefix: NAMES.flowLogRole.build(props),
      assumeRolePolicy: policyJson([
        {
          Sid: "FlowLogsService",
          Effect: "Allow",
          Principal: { Service: "vpc-flow-logs.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": identity.accountId } },
        },
      ]),
    });
    new IamRolePolicy(scope, "RolePolicy", {
      role: role.id,
      policy: policyJson([
        {
          Sid: "WriteFlowLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [logGroup.arn, `${logGroup.arn}:*`],
        },
      ]),
    });
    new FlowLog(scope, "FlowLog", {
      vpcId: this.vpcId,
      trafficType: "ALL",
      logDestination: logGroup.arn,
      logDestinationType: "cloud-watch-logs",
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
    });
  }
}

/** The network of `Network.fromExisting`: lookups only. */
class ExistingNetwork extends Construct implements INetwork {
  public readonly vpcId: string;
  private readonly subnets: readonly TierSubnet[];

  constructor(scope: Construct, id: string, props: ExistingNetworkProps) {
    super(scope, id);
    const problems = existingProblems(this.node.path, props);
    if (problems.length > 0) throw new ProblemsError(problems);
    this.vpcId = props.vpcId;
    this.subnets = Object.entries(props.tiers).flatMap(([tier, subnets]) => {
      const tierScope = new Construct(this, tier);
      return subnets.map((given, az): TierSubnet => {
        const azScope = new Construct(tierScope, `Az${az}`);
        new DataAwsSubnet(azScope, "Subnet", { id: given.subnetId, vpcId: props.vpcId });
        new DataAwsRouteTable(azScope, "RouteTable", { routeTableId: given.routeTableId, subnetId: given.subnetId, vpcId: props.vpcId });
        return { tier, az, subnetId: given.subnetId, routeTableId: given.routeTableId };
      });
    });
  }

  public tierSubnets(tier: string): readonly TierSubnet[] {
    return this.subnets.filter((s) => s.tier === tier);
  }
}

/** Ids that are neither tokens nor AWS ids of their kind, and tiers without subnets. */
function existingProblems(path: string, props: ExistingNetworkProps): Problem[] {
  const check = (where: string, value: string, pattern: RegExp, what: string, example: string): Problem[] =>
    Token.isUnresolved(value) || pattern.test(value)
      ? []
      : [{ path, problem: `${where} ${JSON.stringify(value)} is not ${what}`, fix: `use an id such as ${example}` }];
  const tiers = Object.entries(props.tiers);
  return [
    ...check("vpcId", props.vpcId, VPC_ID, "a VPC id", "vpc-0123456789abcdef0"),
    ...(tiers.length === 0 ? [{ path, problem: "no tiers given", fix: "give at least one tier with its subnets" }] : []),
    ...tiers.flatMap(([tier, subnets]) => [
      ...(subnets.length === 0
        ? [{ path, problem: `tier "${tier}" has no subnets`, fix: "give one { subnetId, routeTableId } per AZ" }]
        : []),
      ...subnets.flatMap((s, az) => [
        ...check(`tier "${tier}" AZ ${az}: subnetId`, s.subnetId, SUBNET_ID, "a subnet id", "subnet-0123456789abcdef0"),
        ...check(`tier "${tier}" AZ ${az}: routeTableId`, s.routeTableId, ROUTE_TABLE_ID, "a route table id", "rtb-0123456789abcdef0"),
      ]),
    ]),
  ];
}
