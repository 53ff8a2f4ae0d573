/**
 * The typed topology model read from Terraform JSON (any `cdk.tf.json` or `*.tf.json`) or from
 * `terraform show -json` plan output. Pure data: no cdktf, no I/O.
 *
 * Values that Terraform only knows at apply time stay symbolic. Each entity carries `ref`, the
 * expression other resources use for its id (e.g. `${aws_vpc_endpoint.readers.id}`), so that a
 * synthesized policy naming that expression can be evaluated as an opaque string.
 */
import type { NormalizedPolicy } from "../policy/normalize";
import type { PolicyDocument } from "../policy/types";

/** A Terraform resource address such as `aws_s3_bucket.ScriptBucket_7411736E` or `data.aws_caller_identity.me`. */
export type Address = string;

/** One resource or data block, as read: its address, type, name and attribute values. */
export interface RawResource {
  readonly address: Address;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  /** Attribute values as written (Terraform expressions stay strings such as `${aws_vpc.x.id}`). */
  readonly values: Readonly<Record<string, unknown>>;
  /** True when the block has `count` or `for_each`: it may stand for zero or many resources. */
  readonly repeated: boolean;
  /** CDKTF construct path from the block's `"//"` metadata (e.g. `vpce-demo/Instances/web/Instance`), when present. */
  readonly constructPath?: string;
}

/**
 * A policy as read from the input, decided once when it is read (`topology/policy-read.ts`):
 * - `absent`: there is none (for an endpoint, AWS's default full access);
 * - `unresolved`: the input holds one but does not give its document (a `${jsonencode(...)}`, a
 *   variable, a value known only after apply), so any decision it could change is unknown;
 * - `malformed`: the document is given, but the evaluator's normalizer refuses it, as AWS does at
 *   apply: the access analysis treats it as absent, with a note;
 * - `ok`: a document the evaluator accepts, with its normalized form.
 *
 * `address` is the resource or data block that holds the policy (or would hold it, when absent).
 */
export type PolicyRead =
  | { readonly state: "absent"; readonly address: Address }
  | { readonly state: "unresolved"; readonly address: Address; readonly reason: string }
  | { readonly state: "malformed"; readonly address: Address; readonly document: PolicyDocument; readonly problem: string }
  | { readonly state: "ok"; readonly address: Address; readonly document: PolicyDocument; readonly normalized: NormalizedPolicy };

export interface RouteModel {
  readonly destination: string; // "0.0.0.0/0", "::/0", a CIDR, or a prefix list id/ref
  /** What the route points at, as a reference expression or id. */
  readonly target: string;
  readonly targetKind: "nat" | "igw" | "endpoint" | "other";
  /** Address of the target when the input holds it (`aws_internet_gateway.x`), for display. */
  readonly targetAddress?: Address;
  /** Address of the `aws_route` resource, or of the route table for inline routes. */
  readonly address: Address;
}

export interface RouteTableModel {
  readonly address: Address;
  readonly ref: string;
  readonly vpcRef?: string;
  readonly routes: readonly RouteModel[];
  /** Refs of the subnets associated with this route table. */
  readonly subnetRefs: readonly string[];
}

export interface SubnetModel {
  readonly address: Address;
  readonly ref: string;
  readonly vpcRef?: string;
  readonly cidr?: string;
  readonly availabilityZone?: string;
  readonly mapPublicIpOnLaunch: boolean;
  /** Ref of the route table associated with this subnet, if any. */
  readonly routeTableRef?: string;
  /** `Tier` or `Name` tag, for display. */
  readonly label: string;
}

export interface S3EndpointModel {
  readonly address: Address;
  readonly ref: string;
  /** Display name: the `EndpointGroup` or `Name` tag, else the resource name. */
  readonly name: string;
  readonly vpcRef?: string;
  /** Region parsed from the service name `com.amazonaws.<region>.s3`. */
  readonly region?: string;
  readonly routeTableRefs: readonly string[];
  /** Absent means AWS's default full access. */
  readonly policy: PolicyRead;
}

export interface BucketModel {
  readonly address: Address;
  /** Expression or literal for the bucket ARN, e.g. `${aws_s3_bucket.x.arn}`. */
  readonly arnRef: string;
  /** Expression or literal for the bucket name. */
  readonly nameRef: string;
  readonly region?: string;
  /** The bucket policy (`aws_s3_bucket_policy` or inline `policy`). */
  readonly policy: PolicyRead;
  /** KMS key ref used for default encryption, if SSE-KMS. */
  readonly kmsKeyRef?: string;
  readonly encryption: "kms" | "s3" | "none" | "unknown";
  /** Object keys uploaded by `aws_s3_object` resources. */
  readonly objectKeys: readonly string[];
}

export interface KmsKeyModel {
  readonly address: Address;
  readonly arnRef: string;
  readonly idRef: string;
  readonly rotation: boolean;
  /** The key policy (`aws_kms_key_policy` or inline `policy`); absent means AWS's default key policy. */
  readonly policy: PolicyRead;
}

export interface RoleModel {
  readonly address: Address;
  /** Expression or literal for the role ARN, as `aws:PrincipalArn` carries it. */
  readonly arnRef: string;
  readonly nameRef: string;
  /** Inline, attached (`aws_iam_role_policy`, `aws_iam_role_policy_attachment` → `aws_iam_policy`) identity policies. */
  readonly policies: readonly PolicyRead[];
  /** Managed policy ARNs attached that are not defined in the input (e.g. AWS managed). */
  readonly externalPolicyArns: readonly string[];
}

export interface InstanceModel {
  readonly address: Address;
  /** Display name: the construct id / `Name` tag / resource name. */
  readonly name: string;
  readonly subnetRef?: string;
  /** Address of the role behind the instance profile, if found. */
  readonly roleAddress?: Address;
  readonly userData?: string;
  readonly securityGroupRefs: readonly string[];
  readonly values: Readonly<Record<string, unknown>>;
}

/** The model of one Terraform configuration (one stack). */
export interface Topology {
  /** Stack name (folder under `cdktf.out/stacks`) or file name. */
  readonly name: string;
  readonly format: "terraform-json" | "plan";
  /** Region of the default AWS provider, when literal. */
  readonly region?: string;
  readonly resources: readonly RawResource[];
  readonly vpcRefs: readonly string[];
  readonly subnets: readonly SubnetModel[];
  readonly routeTables: readonly RouteTableModel[];
  readonly natGatewayRefs: readonly string[];
  readonly internetGatewayRefs: readonly string[];
  readonly endpoints: readonly S3EndpointModel[];
  readonly buckets: readonly BucketModel[];
  readonly kmsKeys: readonly KmsKeyModel[];
  readonly roles: readonly RoleModel[];
  readonly instances: readonly InstanceModel[];
  /**
   * ARNs that stand for the deploying identity: e.g. `${data.aws_iam_session_context.x.issuer_arn}`
   * when the input resolves the caller at plan time.
   */
  readonly deployerArnRefs: readonly string[];
  /** The account id expression or literal, e.g. `${data.aws_caller_identity.x.account_id}`. */
  readonly accountRef?: string;
}
