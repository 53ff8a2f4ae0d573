/**
 * Lockout check: can the administrator (the deploying identity, or a given ARN) still manage the
 * bucket from outside the VPC after the bucket policy is applied?
 */
import { BUCKET_POLICY_ACTIONS } from "../access-levels";
import type { AccessDecision } from "./types";
import type { Topology } from "../topology/model";
import { Decider } from "./decide";
import { INTERNET_ORIGIN } from "./origins";
import { adminPrincipal } from "./principals";
import { scopeOf } from "./scope";
import { representativeObject } from "./scripts";

/** What the administrator must keep from outside the VPC to manage the bucket: every bucket policy action (read, change, delete), and uploading scripts. */
const ADMIN_MANAGEMENT_ACTIONS = [...BUCKET_POLICY_ACTIONS, "s3:PutObject"] as const;

/** One management action's decision. */
interface ManagementCheck {
  readonly action: string;
  readonly resource: string;
  readonly decision: AccessDecision;
  readonly because: string;
}

/** What the administrator can do to one bucket from the internet. */
export interface ManagementAccess {
  readonly bucketAddress: string;
  /** The administrator's ARN as `aws:PrincipalArn` carries it. */
  readonly principalArn: string;
  readonly canManage: boolean;
  readonly checks: readonly ManagementCheck[];
}

/**
 * For each bucket under review, whether the administrator keeps {@link ADMIN_MANAGEMENT_ACTIONS} from the
 * internet. `principalArn` defaults to the deployer (`deployerArnRefs[0]`), the same admin as the
 * access matrix.
 */
export function adminManagementAccess(topology: Topology, principalArn?: string): ManagementAccess[] {
  const scope = scopeOf(topology);
  const decider = new Decider(scope);
  const principal = adminPrincipal(scope, principalArn);
  return scope.buckets.map((bucket) => {
    const checks = ADMIN_MANAGEMENT_ACTIONS.map((action): ManagementCheck => {
      const resource = action === "s3:PutObject" ? representativeObject(bucket).arn : bucket.arnRef;
      const verdict = decider.decide({ principal, origin: INTERNET_ORIGIN, action, resource, bucket });
      return { action, resource, decision: verdict.decision, because: verdict.because };
    });
    return { bucketAddress: bucket.address, principalArn: principal.context["aws:PrincipalArn"] ?? principal.arn, canManage: checks.every((check) => check.decision === "Allow"), checks };
  });
}
