/**
 * Types of the security rule pack (cdk-nag model): a rule declares the kind of subject it judges and
 * judges one subject at a time; the engine computes the subjects, iterates, and handles absent and
 * unresolved policies once. Its wording and severity live in the registry, never in the rule.
 */
import type { Address, Topology } from "../topology/model";

/** How bad a violation is. `info` is also used for rules that could not be evaluated. */
export type Severity = "high" | "medium" | "low" | "info";

/** Severities from the worst down; findings sort in this order. */
export const SEVERITIES: readonly Severity[] = ["high", "medium", "low", "info"];

/** The verdict of a rule on one resource. */
export const RuleStatus = {
  /** The resource satisfies the rule. */
  COMPLIANT: "COMPLIANT",
  /** The resource violates the rule: becomes a finding with the rule's severity. */
  NON_COMPLIANT: "NON_COMPLIANT",
  /** The rule does not apply to the resource (e.g. an asymmetric KMS key for rotation). */
  NOT_APPLICABLE: "NOT_APPLICABLE",
  /** A value the rule needs cannot be resolved (a `${var.x}`, a `${jsonencode(...)}` policy). */
  UNKNOWN: "UNKNOWN",
} as const;
export type RuleStatus = (typeof RuleStatus)[keyof typeof RuleStatus];

/** One verdict of one rule. */
export interface RuleOutcome {
  /** Terraform address of the resource the verdict is about. */
  readonly address: Address;
  readonly status: RuleStatus;
  /** Facts behind the verdict (which statement, which value), for the finding's message. */
  readonly detail?: string;
}

/** A verdict without its address: the engine puts it on the subject. */
export type Verdict = Pick<RuleOutcome, "status" | "detail">;

/**
 * The kinds of subject a rule can judge (the engine computes each kind's subjects once per topology,
 * see subjects.ts):
 * - `stack`: the whole stack, one subject;
 * - `bucket`: each bucket of the configuration;
 * - `bucket-policy`: each bucket's policy, and each `aws_s3_bucket_policy` of a bucket defined elsewhere;
 * - `endpoint`: each S3 gateway endpoint, with its policy;
 * - `endpoint-bucket`: each endpoint with each bucket;
 * - `endpoint-reach`: each endpoint with each bucket under review, as the access analyzer reaches it;
 * - `instance`, `ebs-volume`, `kms-key`, `route-table`, `vpc`: each one of them;
 * - `identity-policy`: each identity policy (role, user and group policies, inline ones included);
 * - `policy-attachment`: each attachment of a policy to a role, user or group;
 * - `security-group-rules`: each resource holding security group rules, with its rules.
 */
export type SubjectKind =
  | "stack"
  | "bucket"
  | "bucket-policy"
  | "endpoint"
  | "endpoint-bucket"
  | "endpoint-reach"
  | "instance"
  | "ebs-volume"
  | "kms-key"
  | "route-table"
  | "vpc"
  | "identity-policy"
  | "policy-attachment"
  | "security-group-rules";

/** One part of a rule: the kind of subject it judges, and how it judges one (built with check.ts). */
export interface SubjectCheck {
  readonly subject: SubjectKind;
  /** The outcomes for one subject of that kind; pure, never throws, UNKNOWN for what it cannot resolve. */
  readonly judge: (subject: unknown, topology: Topology) => readonly RuleOutcome[];
}

/** A rule: one subject check, or one per kind for a rule that judges several kinds (instances and volumes). */
type Rule = SubjectCheck | readonly SubjectCheck[];

/** Where a rule looks; used to group rules in the registry and in SARIF. */
type RuleArea = "s3" | "endpoints" | "ec2" | "network" | "iam" | "kms";

/** A rule's registry entry: everything a reader or a SARIF consumer needs to know about it. */
interface RuleDefinition {
  /** Stable id such as `S3-010`; a rename is a breaking change for suppressions and SARIF baselines. */
  readonly id: string;
  readonly area: RuleArea;
  /** Short name, e.g. "Bucket policy locks out its administrators" (SARIF `shortDescription`). */
  readonly title: string;
  /** One sentence describing the violating condition. */
  readonly condition: string;
  /** One sentence on what can go wrong. */
  readonly risk: string;
  readonly severity: Severity;
  /** What to change. */
  readonly fix: string;
  /** Longer help for SARIF (`help.text`): why the rule exists and how it decides. */
  readonly help: string;
  /** AWS documentation behind the rule (SARIF `helpUri`). */
  readonly helpUri: string;
}

/** A rule with its registry entry. */
export interface RegisteredRule extends RuleDefinition {
  readonly check: Rule;
}

/** A finding, exactly as in `review --format json` (docs/DESIGN.md §5). */
export interface Finding {
  readonly id: string;
  readonly severity: Severity;
  readonly address: Address;
  readonly message: string;
  readonly fix: string;
}
