/**
 * The access analysis contract (docs/DESIGN.md §5, `review --format json`): who can do what to the
 * bucket, from where, and why; and whether each instance can fetch its boot scripts.
 */
import type { AccountRule, Decision } from "../policy/types";

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
  /** The Terraform address of the origin's endpoint, when it is an endpoint of the input. */
  readonly originAddress?: string;
  readonly principal: PrincipalLabel;
  readonly action: string;
  /** ARN or Terraform reference expression of the bucket or object. */
  readonly resource: string;
  readonly decision: AccessDecision;
  /** What decided, for code to act on (`because` words it for people). */
  readonly reason: Reason;
  /** Which statement of which policy decided, e.g. `bucket policy statement "DenyOutsideScenarioEndpoints" (Deny)`. */
  readonly because: string;
}

/** A policy a reason names: its kind, the Terraform address that holds it (when the input has one), and its display label. */
export interface PolicyRef {
  /** `key` is a KMS key policy; `resource` the bucket policy. */
  readonly kind: "identity" | "resource" | "endpoint" | "key";
  readonly address?: string;
  readonly label: string;
}

/** One statement that decided: its policy, its `Sid` (or index when it has none) and its effect. */
export interface StatementRef {
  readonly policy: PolicyRef;
  readonly index: number;
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
}

/** What decided a request, typed. */
export type Reason =
  /**
   * Statements decided: the Deny statements of an explicit deny, or the granting statements and the
   * endpoint gate of an allow. For an object on an SSE-KMS bucket, `kms` is the reason of the KMS hop
   * S3 makes once these statements allow; when it refuses, the request's decision is its decision.
   */
  | { readonly kind: "statements"; readonly statements: readonly StatementRef[]; readonly kms?: KmsReason }
  /** No statement allows it: `gate` is the hop that failed to allow, when one is known. */
  | { readonly kind: "implicit-deny"; readonly gate?: Gate }
  /** An AWS rule outside the policies decided (analysis/policy/account-rules.ts). */
  | { readonly kind: "rule"; readonly rule: AccountRule; readonly kms?: KmsReason }
  /** The decision turns on a value the input does not give: which value. */
  | { readonly kind: "unknown"; readonly value: string }
  /** No route from the instance's subnet reaches S3. */
  | { readonly kind: "no-route" };

/** The KMS hop's reason for an object read or write on an SSE-KMS bucket (`kms:Decrypt`, `kms:GenerateDataKey`). */
interface KmsReason {
  readonly action: string;
  readonly reason: Reason;
}

/**
 * The gate that refused a request, for code to act on (the cli words it for people): the route, one
 * of the policies on the way (endpoint, bucket, role, KMS key), or a rule of AWS's. A route's steps
 * are {@link Hop}s; a gate is where along them the request stopped.
 */
export const Gate = {
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
  /** The evaluator refuses the request itself (a malformed principal ARN). */
  REQUEST: "request",
  /** S3 lets only identities of the bucket owner's account call the action. */
  BUCKET_OWNER_ACCOUNT: "bucket-owner-account",
  /** A KMS operation that cannot be used from another account. */
  KMS_KEY_ACCOUNT: "kms-key-account",
  /** A value the input does not give. */
  UNKNOWN_VALUE: "unknown-value",
} as const;
export type Gate = (typeof Gate)[keyof typeof Gate];

/** The gate that refused a request, and the policy there when it is a policy with a label of its own (an endpoint's). */
export interface DeniedBy {
  readonly gate: Gate;
  readonly policy?: PolicyRef;
}

export interface ScriptFetch {
  readonly key: string;
  readonly decision: AccessDecision;
  /** The hop that denied, when not allowed and known: route, endpoint policy, bucket policy, role policy, KMS, ... */
  readonly deniedBy?: DeniedBy;
  readonly reason: Reason;
  /** The policies' reason; absent when no route reaches S3 (the instance's path says why). */
  readonly because?: string;
}

/** What a hop of an instance's route is: a resource on the way to S3, or `none` where the route ends short of it. */
export const HopKind = {
  SUBNET: "subnet",
  ROUTE_TABLE: "route-table",
  ENDPOINT: "endpoint",
  NAT: "nat",
  INTERNET_GATEWAY: "internet-gateway",
  NONE: "none",
} as const;
export type HopKind = (typeof HopKind)[keyof typeof HopKind];

/** Why a route ends short of S3 (a hop of kind `none`). */
export const RouteGap = {
  /** The instance names no subnet. */
  NO_SUBNET: "no-subnet",
  /** The instance's subnet is not in the input (`label` is its reference target). */
  SUBNET_OUTSIDE_INPUT: "subnet-outside-input",
  /** The subnet's route table is not in the input. */
  NO_ROUTE_TABLE: "no-route-table",
  /** The route table has no S3 endpoint and no default route to a gateway. */
  NO_ROUTE: "no-route",
  /**
   * A looked-up route table of an existing VPC that no S3 endpoint of the input is associated with. Its
   * other routes are not in Terraform JSON: whether they lead to a NAT gateway or nowhere, such a
   * request carries no `aws:SourceVpce`.
   */
  NO_ENDPOINT_ROUTE_OUTSIDE_INPUT: "no-endpoint-route-outside-input",
} as const;
export type RouteGap = (typeof RouteGap)[keyof typeof RouteGap];

/**
 * One hop of an instance's route to S3: its kind, the Terraform address when the input has one, and
 * its display name (a subnet's tier, an endpoint's group, a gateway's address or literal id). Two
 * endpoint hops in a row are a conflict AWS refuses (two S3 endpoint routes on one route table).
 */
export interface Hop {
  readonly kind: HopKind;
  readonly address?: string;
  readonly label: string;
  /** For kind `none`: why the route ends there. */
  readonly gap?: RouteGap;
}

export interface InstanceBootCheck {
  readonly name: string;
  readonly canFetchScripts: boolean;
  /** The hops: subnet, route table, then the endpoint (or NAT or internet gateway), or where the route ends. */
  readonly path: readonly Hop[];
  readonly scripts: readonly ScriptFetch[];
}

export interface AccessReport {
  readonly stack: string;
  readonly access: readonly AccessRow[];
  readonly instances: readonly InstanceBootCheck[];
}
