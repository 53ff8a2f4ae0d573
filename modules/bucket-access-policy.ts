import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { Construct } from "constructs";
import { S3_OBJECT_WRITE_PATTERNS } from "../analysis/aws-facts";
import { IDeployerIdentity } from "./deployer-identity";
import { IGatewayEndpoints } from "./gateway-endpoints";
import { INetwork } from "./network";
import { IamStatement, denyInsecureTransport, policyJson } from "./policy-document";
import type { ScenarioConfig } from "../config/schema";
import { IScriptBucket } from "./script-bucket";

/** `vpce`: only the scenario's endpoints (and trusted ones) reach the bucket; `vpc`: anything in the VPC. The config schema declares the values. */
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
 * endpoints (or VPC), except for the deployer and admins, matched by `aws:PrincipalArn`; and deny object
 * writes through endpoints whose group is read-only. It grants nothing: instance roles are allowed by
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
    const statements: IamStatement[] = [denyInsecureTransport(bucketArn), this.privatePathDeny(props)];
    const readOnly = props.endpoints.endpoints.filter((e) => !e.canWrite).map((e) => e.endpointId);
    if (readOnly.length > 0) {
      statements.push({
        Sid: "DenyWritesThroughReadOnlyEndpoints",
        Effect: "Deny",
        Principal: "*",
        Action: S3_OBJECT_WRITE_PATTERNS,
        Resource: `${bucketArn}/*`,
        Condition: { StringEquals: { "aws:SourceVpce": readOnly } },
      });
    }
    this.policy = new S3BucketPolicy(this, "Policy", {
      bucket: props.bucket.bucketId,
      policy: policyJson(statements),
      dependsOn: props.bucket.publicAccessBlock ? [props.bucket.publicAccessBlock] : undefined,
    });
  }

  private privatePathDeny(props: BucketAccessPolicyProps): IamStatement {
    const trusted = props.trustedEndpointIds ?? [];
    const notFromPrivatePath: Record<string, string[]> = props.mode === "vpce"
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
