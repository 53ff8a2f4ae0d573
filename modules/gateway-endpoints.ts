import { DataAwsPrefixList } from "@cdktf/provider-aws/lib/data-aws-prefix-list";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Construct } from "constructs";
import { ACCESS_LEVEL_ACTIONS } from "../analysis/access-levels";
import { al2023RepoBucket, partitionOf, s3ServiceName } from "../analysis/aws-facts";
import { problemAt } from "../config/problems";
import type { INetwork } from "./network";
import { type IamStatement, policyJson } from "./policy-document";
import type { IScriptBucket } from "./script-bucket";
import { DEFAULTS } from "../config/defaults";
import { NAMES } from "../config/names";
import type { GroupAccess } from "../config/schema";

/**
 * What an endpoint group may do to the script bucket: read (Get, List), read-write (plus Put), or exact actions. The
 * config schema declares the forms.
 */
export type EndpointAccess = GroupAccess;

export interface EndpointGroupSpec {
  /** Group name; names the endpoint. */
  readonly name: string;
  /**
   * Private tiers whose route tables this endpoint is associated with.
   * A route table may carry one S3 endpoint route only, so a tier belongs to one group.
   */
  readonly tiers: readonly string[];
  /** The group's access to the script bucket, enforced by the endpoint policy. */
  readonly access: EndpointAccess;
  /**
   * Also allow reading the region's Amazon Linux 2023 repository bucket, without which `dnf` fails.
   * @default true
   */
  readonly amazonLinuxRepos?: boolean;
}

/** One endpoint group's S3 gateway endpoint, as the bucket policy sees it. */
export interface IGroupEndpoint {
  /** The endpoint group's name. */
  readonly group: string;
  /** The endpoint's id, `vpce-…`: what `aws:SourceVpce` carries for requests through it. */
  readonly endpointId: string;
  /**
   * The S3 actions (patterns allowed) its policy allows on the script bucket. The bucket policy denies
   * through this endpoint every object-changing action they do not cover.
   */
  readonly actions: readonly string[];
}

/** One S3 gateway endpoint and what it was made for. */
export interface GroupEndpoint extends IGroupEndpoint {
  readonly endpoint: VpcEndpoint;
}

/** The S3 gateway endpoints of the endpoint groups, as the bucket policy and the instances use them. */
export interface IGatewayEndpoints {
  /** One endpoint per endpoint group, in group order. */
  readonly endpoints: readonly IGroupEndpoint[];
  /** The regional S3 prefix list that every S3 gateway endpoint routes; for security group rules. */
  readonly prefixListId: string;
}

export interface GatewayEndpointsProps {
  /** Region of the stack: gateway endpoints reach same-region buckets only. */
  readonly region: string;
  /** The VPC, and the route tables of each tier. */
  readonly network: INetwork;
  /** The bucket the endpoint policies allow. */
  readonly bucket: IScriptBucket;
  /** One endpoint per group; a tier belongs to one group only. */
  readonly groups: readonly EndpointGroupSpec[];
}

/**
 * One S3 gateway endpoint per endpoint group, each associated with exactly its tiers' route tables
 * and with an endpoint policy limited to the script bucket at the group's access.
 */
export class GatewayEndpoints extends Construct implements IGatewayEndpoints {
  public readonly endpoints: readonly GroupEndpoint[];
  /** The regional S3 prefix list that every S3 gateway endpoint routes; for security group rules. */
  public readonly prefixListId: string;

  constructor(scope: Construct, id: string, props: GatewayEndpointsProps) {
    super(scope, id);
    this.prefixListId = new DataAwsPrefixList(this, "S3PrefixList", { name: s3ServiceName(props.region) }).id;
    this.endpoints = props.groups.map((group) => {
      const actions = actionsFor(group.access);
      const endpoint = new VpcEndpoint(this, group.name, {
        vpcId: props.network.vpcId,
        serviceName: s3ServiceName(props.region),
        vpcEndpointType: "Gateway",
        // A set: an existing VPC's tier may give all its AZs one route table.
        routeTableIds: [...new Set(group.tiers.flatMap((tier) => props.network.tierSubnets(tier).map((s) => s.routeTableId)))],
        policy: policyJson(endpointStatements(props, group, actions)),
        tags: { Name: NAMES.endpointName.build({ group: group.name }), EndpointGroup: NAMES.endpointName.build({ group: group.name }) },
      });
      return { group: group.name, endpoint, endpointId: endpoint.id, actions };
    });
  }

  /** The endpoint of a group. */
  public forGroup(name: string): GroupEndpoint {
    const found = this.endpoints.find((e) => e.group === name);
    if (!found)
      throw problemAt(this.node.path, `no endpoint group "${name}"`, `use one of: ${this.endpoints.map((e) => e.group).join(", ")}`);
    return found;
  }
}

/** The S3 actions a group's access allows: the access-level table's for `read` and `read-write`. */
export function actionsFor(access: EndpointAccess): readonly string[] {
  return typeof access === "string" ? ACCESS_LEVEL_ACTIONS[access] : access.actions;
}

function endpointStatements(props: GatewayEndpointsProps, group: EndpointGroupSpec, actions: readonly string[]): IamStatement[] {
  const statements: IamStatement[] = [
    {
      Sid: "ScriptBucketAccess",
      Effect: "Allow",
      Principal: "*",
      Action: actions,
      Resource: [props.bucket.bucketArn, `${props.bucket.bucketArn}/*`],
    },
  ];
  if (group.amazonLinuxRepos ?? DEFAULTS.amazonLinuxRepos) {
    statements.push({
      Sid: "AmazonLinuxRepositories",
      Effect: "Allow",
      Principal: "*",
      Action: "s3:GetObject",
      Resource: `arn:${partitionOf(props.region)}:s3:::${al2023RepoBucket(props.region)}/*`,
    });
  }
  return statements;
}
