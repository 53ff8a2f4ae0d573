/**
 * The access analysis contract (docs/DESIGN.md §5, `review --format json`): who can do what to the
 * bucket, from where, and why; and whether each instance can fetch its boot scripts.
 */
import { Decision } from "../policy/types";

/**
 * Where a request comes from: through an S3 gateway endpoint of the input (`endpoint:<group>`) or a
 * trusted endpoint outside it (`endpoint:<vpce-id>`, from the bucket policy's `aws:SourceVpce`
 * allow-list), out through the NAT gateway, or from outside the VPC.
 */
export type Origin = `endpoint:${string}` | "nat" | "internet";

/**
 * Who makes the request: an instance's role, the deployer (`admin`), each other administrator the
 * bucket policy exempts (`admin:<arn>`, the config's `access.adminPrincipalArns`), the worst-case
 * insider, or an unsigned caller.
 */
export type PrincipalLabel = `instance:${string}` | "admin" | `admin:${string}` | "account-principal" | "anonymous";

/**
 * The decision of a matrix row: AWS's three, or `Unknown` when it turns on a value the input does
 * not give (a plan's value known only after apply, a template over a variable, the bucket's account
 * against a literal principal account, the policy of a trusted endpoint outside the input);
 * `because` then says which value and what each gives.
 */
export type AccessDecision = Decision | "Unknown";

export interface AccessRow {
  readonly origin: Origin;
  readonly principal: PrincipalLabel;
  readonly action: string;
  /** ARN or Terraform reference expression of the bucket or object. */
  readonly resource: string;
  readonly decision: AccessDecision;
  /** Which statement of which policy decided, e.g. `bucket policy statement "DenyOutsideScenarioEndpoints" (Deny)`. */
  readonly because: string;
}

/** The kind of hop that refused a request, for code to act on (`deniedBy` words it for people). */
export const DenyingHop = {
  /** No route from the subnet reaches S3. */
  ROUTE: "route",
  ENDPOINT_POLICY: "endpoint-policy",
  BUCKET_POLICY: "bucket-policy",
  /** The caller's identity (role) policy. */
  ROLE_POLICY: "role-policy",
  KMS_KEY_POLICY: "kms-key-policy",
  /** The key policy leaves KMS to IAM and the role policy does not allow it. */
  KMS_ROLE_POLICY: "kms-role-policy",
  /** No role: the requests are unsigned. */
  INSTANCE_PROFILE: "instance-profile",
} as const;
export type DenyingHop = (typeof DenyingHop)[keyof typeof DenyingHop];

export interface ScriptFetch {
  readonly key: string;
  readonly decision: AccessDecision;
  /** The hop that denied, when not allowed: route, endpoint policy, bucket policy, role policy, KMS. */
  readonly deniedBy?: string;
  /** The kind of that hop, when not allowed. */
  readonly deniedAt?: DenyingHop;
  readonly because: string;
}

export interface InstanceBootCheck {
  readonly name: string;
  readonly canFetchScripts: boolean;
  /** Human-readable hops: `subnet ...`, `route table ...`, `endpoint readers` (or `nat`). */
  readonly path: readonly string[];
  readonly scripts: readonly ScriptFetch[];
}

export interface AccessReport {
  readonly stack: string;
  readonly access: readonly AccessRow[];
  readonly instances: readonly InstanceBootCheck[];
}
