/**
 * Every name the stacks build from config values, next to the limit of the attribute it feeds.
 *
 * The modules build these names only through the templates below, and `config/semantic.ts` checks
 * every template against the config, so a name that would not fit is a config problem naming the
 * field (before anything is synthesized), not a `terraform validate` or apply-time failure. The
 * longest accepted project, `PROJECT_MAX_LENGTH`, is derived from the templates (with every tier,
 * group and instance name at `NAME_MAX_LENGTH`). `__tests__/terraform/validate.test.ts` checks each
 * provider-enforced limit against the real provider: every such name at exactly its limit
 * validates, one character more does not.
 */
import type { ScenarioConfig } from "./schema";

/** The config values names are built from: the project, and one instance, tier, endpoint group or AZ index. */
export interface NameParts {
  readonly project: string;
  readonly instance: string;
  readonly tier: string;
  readonly group: string;
  readonly az: number;
}

export type NamePart = keyof NameParts;

/** Who refuses a name over the limit: the provider already at `terraform validate`, or only AWS at apply. */
type LimitCheckedBy = "provider" | "aws";

export interface NameTemplate<K extends NamePart = NamePart> {
  /** What the name is, for messages: "the flow-log IAM role's name_prefix". */
  readonly what: string;
  /** The attributes the name feeds, as `<resource type>.<attribute path>`, e.g. `aws_iam_role.name_prefix`, `aws_subnet.tags.Name`. */
  readonly feeds: readonly string[];
  /** The longest value the attribute takes, in characters. */
  readonly limit: number;
  readonly checkedBy: LimitCheckedBy;
  /** The config values the name is built from, `project` first. */
  readonly uses: readonly K[];
  readonly build: (parts: Pick<NameParts, K>) => string;
  /** Beginnings AWS reserves for this attribute. */
  readonly reservedPrefixes?: readonly string[];
  /**
   * Whether the stack builds this name for the config.
   * @default - always (for every instance, tier or group it uses)
   */
  readonly when?: (config: ScenarioConfig) => boolean;
}

/** Tier, endpoint group and instance names: at most this many characters (the schema's `nameField`). */
export const NAME_MAX_LENGTH = 32;
/** The largest AZ index: `network.azCount` is at most one more, and an instance's `az` at most this (the schema). */
export const MAX_AZ_INDEX = 5;

/** AWS limits of the attributes below (provider validators and the AWS API references). */
const LIMITS = {
  /** IAM role names are at most 64; a name_prefix leaves 26 characters for the unique suffix. */
  iamRoleNamePrefix: 64 - 26,
  iamRoleDescription: 1000,
  /** IAM instance profile names are at most 128; name_prefix leaves 26 for the suffix. */
  instanceProfileNamePrefix: 128 - 26,
  /** Security group names are at most 255; name_prefix leaves 26 for the suffix. */
  securityGroupNamePrefix: 255 - 26,
  securityGroupDescription: 255,
  /** Bucket names are at most 63; bucket_prefix leaves 26 for the suffix. */
  bucketPrefix: 63 - 26,
  kmsAliasName: 256,
  kmsKeyDescription: 8192,
  logGroupName: 512,
  /** Tag values on every taggable AWS resource. */
  tagValue: 256,
} as const;

/** Bucket names may not begin with these (S3 general purpose bucket naming rules). */
const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];

function template<K extends NamePart>(t: NameTemplate<K>): NameTemplate<K> {
  return t;
}

/** A `Name` (or other) tag value: at most 256 characters, enforced by AWS only. */
function tag<K extends NamePart>(
  what: string,
  feeds: readonly string[],
  uses: readonly K[],
  build: (parts: Pick<NameParts, K>) => string,
): NameTemplate<K> {
  return { what, feeds, limit: LIMITS.tagValue, checkedBy: "aws", uses, build };
}

/** The network's own names: built only when the stack creates the VPC (not with `network.existing`). */
function createdNetwork<K extends NamePart>(t: NameTemplate<K>): NameTemplate<K> {
  return { ...t, when: (config) => config.network.existing === undefined };
}

export const NAMES = {
  // Network
  vpcName: createdNetwork(
    tag(
      "the VPC's and internet gateway's Name tag",
      ["aws_vpc.tags.Name", "aws_internet_gateway.tags.Name"],
      ["project"],
      ({ project }) => project,
    ),
  ),
  defaultSecurityGroupName: createdNetwork(
    tag(
      "the default security group's Name tag",
      ["aws_default_security_group.tags.Name"],
      ["project"],
      ({ project }) => `${project}-default-closed`,
    ),
  ),
  publicSubnetName: createdNetwork(
    tag(
      "a public subnet's Name tag",
      ["aws_subnet.tags.Name", "aws_route_table.tags.Name"],
      ["project", "az"],
      ({ project, az }) => `${project}-public-${az}`,
    ),
  ),
  natName: createdNetwork(
    tag(
      "a NAT gateway's Name tag",
      ["aws_eip.tags.Name", "aws_nat_gateway.tags.Name"],
      ["project", "az"],
      ({ project, az }) => `${project}-nat-${az}`,
    ),
  ),
  privateSubnetName: createdNetwork(
    tag(
      "a private subnet's Name tag",
      ["aws_subnet.tags.Name", "aws_route_table.tags.Name"],
      ["project", "tier", "az"],
      ({ project, tier, az }) => `${project}-${tier}-${az}`,
    ),
  ),
  flowLogKeyDescription: createdNetwork(
    template({
      what: "the flow-log KMS key's description",
      feeds: ["aws_kms_key.description"],
      limit: LIMITS.kmsKeyDescription,
      checkedBy: "provider",
      uses: ["project"],
      build: ({ project }) => `${project} VPC flow logs`,
    }),
  ),
  flowLogKeyAlias: createdNetwork(
    template({
      what: "the flow-log KMS key's alias",
      feeds: ["aws_kms_alias.name"],
      limit: LIMITS.kmsAliasName,
      checkedBy: "aws",
      uses: ["project"],
      build: ({ project }) => `alias/${project}-flow-logs`,
    }),
  ),
  flowLogGroup: createdNetwork(
    template({
      what: "the flow-log CloudWatch log group's name",
      feeds: ["aws_cloudwatch_log_group.name"],
      limit: LIMITS.logGroupName,
      checkedBy: "provider",
      uses: ["project"],
      build: ({ project }) => `/vpc/${project}/flow-logs`,
    }),
  ),
  flowLogRole: createdNetwork(
    template({
      what: "the flow-log IAM role's name_prefix",
      feeds: ["aws_iam_role.name_prefix"],
      limit: LIMITS.iamRoleNamePrefix,
      checkedBy: "provider",
      uses: ["project"],
      build: ({ project }) => `${project}-flow-logs-`,
    }),
  ),
  // Script bucket
  scriptBucketPrefix: template({
    what: "the script bucket's bucket_prefix",
    feeds: ["aws_s3_bucket.bucket_prefix"],
    limit: LIMITS.bucketPrefix,
    checkedBy: "provider",
    uses: ["project"],
    build: ({ project }) => `${project}-scripts-`,
    reservedPrefixes: RESERVED_BUCKET_PREFIXES,
    when: (c) => c.bucket.name === undefined,
  }),
  logBucketPrefix: template({
    what: "the access-log bucket's bucket_prefix",
    feeds: ["aws_s3_bucket.bucket_prefix"],
    limit: LIMITS.bucketPrefix,
    checkedBy: "provider",
    uses: ["project"],
    build: ({ project }) => `${project}-logs-`,
    reservedPrefixes: RESERVED_BUCKET_PREFIXES,
    when: (c) => c.bucket.accessLogs,
  }),
  scriptKeyDescription: template({
    what: "the script bucket's KMS key description",
    feeds: ["aws_kms_key.description"],
    limit: LIMITS.kmsKeyDescription,
    checkedBy: "provider",
    uses: ["project"],
    build: ({ project }) => `${project} boot scripts`,
    when: (c) => c.bucket.encryption === "kms",
  }),
  scriptKeyAlias: template({
    what: "the script bucket's KMS key alias",
    feeds: ["aws_kms_alias.name"],
    limit: LIMITS.kmsAliasName,
    checkedBy: "aws",
    uses: ["project"],
    build: ({ project }) => `alias/${project}-scripts`,
    when: (c) => c.bucket.encryption === "kms",
  }),
  // Endpoints
  endpointName: tag(
    "an endpoint's Name and EndpointGroup tags",
    ["aws_vpc_endpoint.tags.Name", "aws_vpc_endpoint.tags.EndpointGroup"],
    ["group"],
    ({ group }) => group,
  ),
  // Boot instances
  bootRole: template({
    what: "the boot IAM role's name_prefix",
    feeds: ["aws_iam_role.name_prefix"],
    limit: LIMITS.iamRoleNamePrefix,
    checkedBy: "provider",
    uses: ["project"],
    build: ({ project }) => `${project}-boot-`,
  }),
  bootRoleDescription: template({
    what: "the boot IAM role's description",
    feeds: ["aws_iam_role.description"],
    limit: LIMITS.iamRoleDescription,
    checkedBy: "provider",
    uses: ["project", "instance"],
    build: ({ project, instance }) => `Boot role of ${project} instance ${instance}: reads its own boot scripts only`,
  }),
  instanceProfile: template({
    what: "the instance profile's name_prefix",
    feeds: ["aws_iam_instance_profile.name_prefix"],
    limit: LIMITS.instanceProfileNamePrefix,
    checkedBy: "provider",
    uses: ["project", "instance"],
    build: ({ project, instance }) => `${project}-${instance}-`,
  }),
  instanceName: tag(
    "the instance's and its security group's Name tag",
    ["aws_instance.tags.Name", "aws_security_group.tags.Name"],
    ["project", "instance"],
    ({ project, instance }) => `${project}-${instance}`,
  ),
  securityGroup: template({
    what: "the instance security group's name_prefix",
    feeds: ["aws_security_group.name_prefix"],
    limit: LIMITS.securityGroupNamePrefix,
    checkedBy: "provider",
    uses: ["project", "instance"],
    build: ({ project, instance }) => `${project}-${instance}-`,
    reservedPrefixes: ["sg-"],
  }),
  securityGroupDescription: template({
    what: "the instance security group's description",
    feeds: ["aws_security_group.description"],
    limit: LIMITS.securityGroupDescription,
    checkedBy: "provider",
    uses: ["project", "instance"],
    build: ({ project, instance }) => `${project} ${instance}: no ingress; HTTPS egress to S3 through the gateway endpoint`,
  }),
  /** Tier values of subnets, route tables and instances. */
  tierTag: tag(
    "the Tier tag",
    ["aws_subnet.tags.Tier", "aws_route_table.tags.Tier", "aws_instance.tags.Tier"],
    ["tier"],
    ({ tier }) => tier,
  ),
};

/** Every template, for checks that walk them all. */
export const ALL_NAME_TEMPLATES: readonly NameTemplate[] = Object.values(NAMES) as unknown as readonly NameTemplate[];

/** The template with `<project>`, `<instance>`, ... in place of the values, for messages. */
export function pattern(t: NameTemplate): string {
  const parts = { project: "<project>", instance: "<instance>", tier: "<tier>", group: "<group>", az: "<az>" };
  return t.build(parts as unknown as NameParts);
}

/**
 * The longest `project` that fits every template whatever the other names are (each at
 * `NAME_MAX_LENGTH`, the AZ index at its largest): the schema's documented maximum.
 */
export const PROJECT_MAX_LENGTH: number = Math.min(
  ...ALL_NAME_TEMPLATES.filter((t) => t.uses.includes("project")).map((t) => {
    const longest: NameParts = {
      project: "",
      instance: "i".repeat(NAME_MAX_LENGTH),
      tier: "t".repeat(NAME_MAX_LENGTH),
      group: "g".repeat(NAME_MAX_LENGTH),
      az: MAX_AZ_INDEX,
    };
    return t.limit - t.build(longest).length;
  }),
);
