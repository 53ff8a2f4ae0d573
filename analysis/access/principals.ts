/**
 * The principals of the access matrix: each instance's role session, the administrator (the
 * deploying identity), the worst-case insider of the account, and anonymous callers.
 */
import { arnAccount } from "../policy/arn";
import type { PolicyDocument } from "../policy/types";
import type { InstanceModel, PolicyRead, RoleModel } from "../topology/model";
import type { PrincipalLabel } from "./types";
import { documentUnknown, exemptedPrincipalArns, labeled, leftOutNote, statementsOf, type LabeledPolicy } from "./policies";
import { bucketKey, type AccessScope } from "./scope";

/** Who makes the requests of a row, ready for the evaluator. */
export interface PrincipalSpec {
  readonly label: PrincipalLabel;
  /** The request's principal: an ARN, or `anonymous`. */
  readonly arn: string;
  /** `aws:PrincipalArn` / `aws:PrincipalAccount`, when the principal is signed. */
  readonly context: Readonly<Record<string, string>>;
  readonly identityPolicies: readonly LabeledPolicy[];
  /** Identity policies the analysis had to leave out, with why. */
  readonly unresolved: readonly string[];
  /** True when some identity policy is not known from the input (unresolved, or a managed policy outside it). */
  readonly identityUnknown?: boolean;
  readonly instance?: InstanceModel;
  readonly role?: RoleModel;
}

const ROLE_ARN = /^arn:([^:]+):iam::([^:]+):role\/(?:.*\/)?([^/]+)$/;

/** The principal of an instance with a role: a session of that role. */
export function instancePrincipal(scope: AccessScope, instance: InstanceModel, role: RoleModel): PrincipalSpec {
  const roleName = literalOr(role.nameRef, instance.name);
  const several = role.policies.length > 1;
  const label = (policy: PolicyRead): string => `identity policy of role ${roleName}${several ? ` (${policy.address})` : ""}`;
  return {
    label: `instance:${instance.name}`,
    arn: `arn:${scope.partition}:sts::${scope.account}:assumed-role/${role.nameRef}/i-0000`,
    context: { "aws:PrincipalArn": role.arnRef, "aws:PrincipalAccount": scope.account },
    identityPolicies: role.policies.flatMap((policy) => labeled(policy, label(policy)) ?? []),
    unresolved: [...role.policies.flatMap((policy) => leftOutNote(policy, label(policy)) ?? []), ...externalNote(role)],
    identityUnknown: role.policies.some(documentUnknown) || role.externalPolicyArns.length > 0,
    instance,
    role,
  };
}

/**
 * The administrator, allowed `s3:*` and `kms:*`: the given ARN, else the deploying identity, else
 * the first ARN the bucket policy exempts, else a role of the account.
 */
export function adminPrincipal(scope: AccessScope, adminArn?: string): PrincipalSpec {
  const arn =
    adminArn ??
    scope.topology.deployerArnRefs[0] ??
    exemptedArns(scope)[0] ??
    `arn:${scope.partition}:iam::${scope.account}:role/administrator`;
  return administrator(scope, arn, "admin");
}

/**
 * The other administrators: each ARN the bucket policy exempts by `aws:PrincipalArn` (the config's
 * `access.adminPrincipalArns`) apart from the deployer and the `admin` row's, as `admin:<arn>`,
 * allowed `s3:*` and `kms:*` by their identity policy. Patterns with `*` or `?` name no one principal
 * and get no row.
 */
export function configuredAdmins(scope: AccessScope): PrincipalSpec[] {
  const taken = new Set([...scope.topology.deployerArnRefs, adminPrincipal(scope).context["aws:PrincipalArn"]]);
  return exemptedArns(scope)
    .filter((arn) => !taken.has(arn))
    .map((arn) => administrator(scope, arn, `admin:${arn}`));
}

function administrator(scope: AccessScope, arn: string, label: PrincipalLabel): PrincipalSpec {
  const document: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Sid: "Administrator", Effect: "Allow", Action: ["s3:*", "kms:*"], Resource: "*" }],
  };
  return {
    ...signedAs(scope, arn, label),
    identityPolicies: [{ document, label: "administrator identity policy (s3:*, kms:* on *)" }],
    unresolved: [],
  };
}

/** The worst-case insider: any role of the account whose identity policy allows `s3:*` and the use of the bucket keys. */
export function insiderPrincipal(scope: AccessScope): PrincipalSpec {
  const keys = scope.buckets.flatMap((bucket) => bucketKey(scope, bucket)?.arnRef ?? []);
  const statements: PolicyDocument["Statement"] = [{ Sid: "AnyS3", Effect: "Allow", Action: "s3:*", Resource: "*" }];
  if (keys.length > 0)
    statements.push({
      Sid: "UseBucketKeys",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*", "kms:DescribeKey"],
      Resource: [...new Set(keys)],
    });
  const document: PolicyDocument = { Version: "2012-10-17", Statement: statements };
  const arn = `arn:${scope.partition}:iam::${scope.account}:role/any-insider`;
  return {
    ...signedAs(scope, arn, "account-principal"),
    identityPolicies: [{ document, label: "insider identity policy (s3:*, use of the bucket key)" }],
    unresolved: [],
  };
}

/** An unsigned request. */
export function anonymousPrincipal(): PrincipalSpec {
  return { label: "anonymous", arn: "anonymous", context: {}, identityPolicies: [], unresolved: [] };
}

/**
 * ARNs the buckets' policies exempt from their Denies by `aws:PrincipalArn` (see {@link exemptedPrincipalArns}), e.g.
 * configured admins.
 */
function exemptedArns(scope: AccessScope): string[] {
  return exemptedPrincipalArns(scope.buckets.flatMap((bucket) => statementsOf(bucket.policy)));
}

/** A signed principal for an ARN: a role ARN acts through a session of that role; anything else as itself. */
function signedAs(scope: AccessScope, arn: string, label: PrincipalLabel): Pick<PrincipalSpec, "label" | "arn" | "context"> {
  const role = ROLE_ARN.exec(arn);
  // A user or role ARN names its account (perhaps another than the bucket's); a bare expression is taken as the deployer's.
  const account = role?.[2] ?? arnAccount(arn) ?? scope.account;
  const session = label.startsWith("admin:") ? "admin" : label;
  const principal = role === null ? arn : `arn:${role[1]}:sts::${account}:assumed-role/${role[3]}/${session}`;
  return { label, arn: principal, context: { "aws:PrincipalArn": arn, "aws:PrincipalAccount": account } };
}

function externalNote(role: RoleModel): string[] {
  return role.externalPolicyArns.length === 0
    ? []
    : [`managed policies outside the input are not evaluated (${role.externalPolicyArns.join(", ")})`];
}

function literalOr(value: string, fallback: string): string {
  return value.includes("${") ? fallback : value;
}
