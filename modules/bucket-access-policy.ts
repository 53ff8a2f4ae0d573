import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { Construct } from "constructs";
import { OBJECT_CHANGING_ACTIONS, compactDeny, ungrantedObjectChanges } from "../analysis/access-levels";
import type { IDeployerIdentity } from "./deployer-identity";
import type { IGatewayEndpoints, IGroupEndpoint } from "./gateway-endpoints";
import type { INetwork } from "./network";
import { type IamStatement, denyInsecureTransport, policyJson } from "./policy-document";
import type { ScenarioConfig } from "../config/schema";
import type { IScriptBucket } from "./script-bucket";

/**
 * `vpce`: only the scenario's endpoints (and trusted ones) reach the bucket; `vpc`: anything in the VPC. The config
 * schema declares the values.
 */
export type AccessMode = ScenarioConfig["access"]["mode"];

export interface BucketAccessPolicyProps {
  /** The bucket the policy protects. */
  readonly bucket: IScriptBucket;
  /** The scenario's endpoints: the private path in `vpce` mode, and which of them are read-only. */
  readonly endpoints: IGatewayEndpoints;
  /** The VPC: the private path in `vpc` mode. */
  readonly network: INetwork;
  /** How requests are tied to the private path: `aws:SourceVpce` or `aws:SourceVpc`. */
  readonly mode: AccessMode;
  /**
   * Endpoints outside this stack that may also reach the bucket, e.g. another VPC's in the same region.
   * @default - none
   */
  readonly trustedEndpointIds?: readonly string[];
  /**
   * The identity that applies the plan keeps management access from anywhere (lockout guard).
   * Leave unset only when `adminPrincipalArns` holds who manages the bucket.
   * @default - the deployer is not exempt
   */
  readonly deployer?: IDeployerIdentity;
  /**
   * Further role or user ARNs (ArnLike patterns) exempt from the private-path deny.
   * @default - none
   */
  readonly adminPrincipalArns?: readonly string[];
}

/**
 * The script bucket's policy: TLS only; deny every request that does not come through the scenario's
 * endpoints (or VPC), except for the deployer and admins, matched by `aws:PrincipalArn`; and deny through
 * each endpoint exactly the object-changing actions its group is not granted. It grants nothing: instance roles are allowed by
 * their identity policies, which the endpoint policies further narrow.
 */
export class BucketAccessPolicy extends Construct {
  public readonly policy: S3BucketPolicy;
  /** The principal ARNs exempt from the private-path deny. */
  public readonly exemptPrincipalArns: readonly string[];

  constructor(scope: Construct, id: string, props: BucketAccessPolicyProps) {
    super(scope, id);
    this.exemptPrincipalArns = [...(props.deployer ? [props.deployer.principalArn] : []), ...(props.adminPrincipalArns ?? [])];
    const { bucketArn } = props.bucket;
    const statements: IamStatement[] = [
      denyInsecureTransport(bucketArn),
      this.privatePathDeny(props),
      ...ungrantedWriteDenies(props.endpoints.endpoints, bucketArn),
    ];
    this.policy = new S3BucketPolicy(this, "Policy", {
      bucket: props.bucket.bucketId,
      policy: policyJson(statements),
      dependsOn: props.bucket.publicAccessBlock ? [props.bucket.publicAccessBlock] : undefined,
    });
  }

  private privatePathDeny(props: BucketAccessPolicyProps): IamStatement {
    const trusted = props.trustedEndpointIds ?? [];
    const notFromPrivatePath: Record<string, string[]> =
      props.mode === "vpce"
        ? { "aws:SourceVpce": [...props.endpoints.endpoints.map((e) => e.endpointId), ...trusted] }
        : { "aws:SourceVpc": [props.network.vpcId], ...(trusted.length > 0 ? { "aws:SourceVpce": [...trusted] } : {}) };
    const condition: Record<string, Record<string, string[]>> = { StringNotEquals: notFromPrivatePath };
    if (this.exemptPrincipalArns.length > 0) condition.ArnNotLike = { "aws:PrincipalArn": [...this.exemptPrincipalArns] };
    return {
      Sid: props.mode === "vpce" ? "DenyOutsideScenarioEndpoints" : "DenyOutsideVpc",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [props.bucket.bucketArn, `${props.bucket.bucketArn}/*`],
      Condition: condition,
    };
  }
}

/** The Sid of the deny for endpoints granted no object-changing action at all. */
const READ_ONLY_SID = "DenyWritesThroughReadOnlyEndpoints";

/**
 * Per-endpoint privilege, derived from what each endpoint is granted (analysis/access-levels.ts): deny
 * through an endpoint every object-changing action its group's actions do not cover, so that an identity
 * policy cannot widen it, and never an action the group is granted. Endpoints with equal denies share
 * one statement, in group order.
 */
function ungrantedWriteDenies(endpoints: readonly IGroupEndpoint[], bucketArn: string): IamStatement[] {
  const byDeny = new Map<string, { denied: string[]; groups: string[]; endpointIds: string[] }>();
  for (const endpoint of endpoints) {
    const denied = ungrantedObjectChanges(endpoint.actions);
    if (denied.length === 0) continue;
    const key = denied.join(",");
    const entry = byDeny.get(key) ?? { denied, groups: [], endpointIds: [] };
    entry.groups.push(endpoint.group);
    entry.endpointIds.push(endpoint.endpointId);
    byDeny.set(key, entry);
  }
  const sids = new Set<string>();
  return [...byDeny.values()].map(({ denied, groups, endpointIds }) => ({
    Sid: uniqueSid(
      sids,
      denied.length === OBJECT_CHANGING_ACTIONS.length ? READ_ONLY_SID : `DenyUngrantedWritesThrough${pascalCase(groups[0] ?? "")}`,
    ),
    Effect: "Deny",
    Principal: "*",
    Action: compactDeny(denied),
    Resource: `${bucketArn}/*`,
    Condition: { StringEquals: { "aws:SourceVpce": endpointIds } },
  }));
}

/** `read-only-2` → `ReadOnly2`: Sids are letters and digits only. */
function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}

/** The Sid, numbered when taken (two group names can share a PascalCase form, e.g. `a-1` and `a1`). */
function uniqueSid(taken: Set<string>, sid: string): string {
  let unique = sid;
  for (let n = 2; taken.has(unique); n++) unique = `${sid}${n}`;
  taken.add(unique);
  return unique;
}
