import { z } from "zod";
import { DEFAULTS } from "./defaults";
import { ACCESS_LEVEL_ACTIONS } from "../analysis/access-levels";
import { documented } from "./field-doc";
import { MAX_AZ_INDEX, NAME_MAX_LENGTH, PROJECT_MAX_LENGTH } from "./names";

/**
 * The scenario config: a short, typed description of the article's architecture.
 * Every field except `project` and `region` has a default; unknown fields are errors.
 * Each field carries its documentation (`documented`); the README's config reference is generated
 * from it (`__tests__/support/config-reference.ts`), and a test fails when the two drift apart.
 */

const NAME = new RegExp(`^[a-z][a-z0-9-]{0,${NAME_MAX_LENGTH - 2}}[a-z0-9]$|^[a-z]$`);
const nameField = (what: string) =>
  z.string().regex(NAME, {
    message: `${what} must be lower-case letters, digits and hyphens, start with a letter and be at most ${NAME_MAX_LENGTH} characters`,
  });

/** A region such as `us-east-1`, `eu-central-2` or `us-gov-west-1`. */
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const regionField = z.string().regex(REGION, { message: "must be an AWS region such as us-east-1" });

/** An IAM role or user ARN, as used with aws:PrincipalArn. `*` and `?` are allowed (ArnLike). */
const PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov|-iso[a-z]?)?:iam::(\d{12}|\*):(role|user)\/[\w+=,.@/*?-]+$/;
/** A gateway endpoint id such as `vpce-1a2b3c4d` or `vpce-0123456789abcdef0`. */
const ENDPOINT_ID = /^vpce-([0-9a-f]{8}|[0-9a-f]{17})$/;
/** A VPC id such as `vpc-1a2b3c4d` or `vpc-0123456789abcdef0`. */
export const VPC_ID = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;
/** A subnet id such as `subnet-0123456789abcdef0`. */
export const SUBNET_ID = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
/** A route table id such as `rtb-0123456789abcdef0`. */
export const ROUTE_TABLE_ID = /^rtb-([0-9a-f]{8}|[0-9a-f]{17})$/;
/** An AMI id. */
const AMI_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;
/** An S3 action such as `s3:GetObject` or `s3:Get*`. */
const S3_ACTION = /^s3:[A-Za-z*?]+$/;

/** The script bucket's name rules (general purpose buckets). */
const BUCKET_NAME = new RegExp(
  String.raw`^(?!xn--|sthree-|amzn-s3-demo-)(?!.*(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$)` +
    String.raw`(?!\d+\.\d+\.\d+\.\d+$)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`,
);

const TierSchema = z.strictObject({
  name: documented(nameField("tier name"), {
    type: "`a-z 0-9 -`",
    notes: "One private subnet per AZ is created for it, each with its own route table",
  }),
});

const ExistingSubnetSchema = z.strictObject({
  subnetId: documented(z.string().regex(SUBNET_ID, { message: "must be a subnet id such as subnet-0123456789abcdef0" }), {
    type: "`subnet-…`",
  }),
  routeTableId: documented(z.string().regex(ROUTE_TABLE_ID, { message: "must be a route table id such as rtb-0123456789abcdef0" }), {
    type: "`rtb-…`",
    notes: "Explicitly associated with the subnet",
  }),
});

const ExistingNetworkSchema = z.strictObject({
  vpcId: documented(z.string().regex(VPC_ID, { message: "must be a VPC id such as vpc-0123456789abcdef0" }), {
    type: "`vpc-…`",
    notes: "What `aws:SourceVpc` must be in `vpc` mode; the plan checks that each subnet is in it",
  }),
  tiers: documented(z.record(z.string(), z.array(ExistingSubnetSchema).min(1)), {
    type: '`{ "<tier>": [ { "subnetId": "subnet-…", "routeTableId": "rtb-…" }, … ] }`',
    notes:
      "Every tier of `network.tiers`, each with one subnet per AZ (`network.azCount`), in AZ order; each " +
      "`routeTableId` must be explicitly associated with its subnet (the plan looks the pair up and fails " +
      "otherwise); tiers of different endpoint groups need different route tables",
  }),
});

export const NetworkSchema = z.strictObject({
  cidr: documented(z.string().default("10.0.0.0/16"), { type: "IPv4 CIDR `/16`–`/28`", notes: "Host bits must be zero" }),
  azCount: documented(
    z
      .number()
      .int()
      .min(1)
      .max(MAX_AZ_INDEX + 1)
      .default(2),
    {
      type: `1–${MAX_AZ_INDEX + 1}`,
      notes:
        "One subnet per tier per AZ. More than the region has available fails the plan, naming the region and both " +
        "numbers (a postcondition on `data.aws_availability_zones`)",
    },
  ),
  natGateways: documented(z.enum(["single", "per-az", "none"]).default("single"), {
    notes: "`none`: private route tables get no default route",
  }),
  subnetMask: documented(z.number().int().min(16).max(28).default(24), {
    type: "16–28",
    notes: "Every subnet's prefix length; the CIDR must hold `azCount × (tiers + 1)` of them",
  }),
  tiers: documented(
    z
      .array(TierSchema)
      .min(1)
      .default([{ name: "app" }, { name: "ops" }]),
    { type: '`{ "name": string }`', default: "`app`, `ops`", notes: "Private subnet tiers" },
  ),
  flowLogRetentionDays: documented(
    z.union([z.literal(365), z.literal(400), z.literal(545), z.literal(731), z.literal(1827), z.literal(3653)]).default(365),
    { notes: "VPC flow logs' CloudWatch log group retention" },
  ),
  existing: documented(ExistingNetworkSchema.optional(), {
    type: "object",
    default: "— (the stack creates the VPC)",
    notes:
      "Bring your own VPC (see [Bring your own VPC](#bring-your-own-vpc)): the stack creates no VPC, subnets, route " +
      "tables, NAT gateways or flow logs, and associates the endpoints with the given route tables. `cidr`, " +
      "`subnetMask`, `natGateways` and `flowLogRetentionDays` then describe nothing: setting one to other than its " +
      "default is an error; `azCount` still counts the AZs",
  }),
});

const BucketSchema = z.strictObject({
  name: documented(
    z.string().regex(BUCKET_NAME, { message: "is not a valid S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)" }).optional(),
    {
      type: "S3 bucket name",
      default: "generated from `<project>-scripts-`",
    },
  ),
  region: documented(regionField.optional(), { type: "AWS region", default: "the stack's", notes: "Must equal `region` if given" }),
  encryption: documented(z.enum(["kms", "s3"]).default("kms"), { notes: "`kms`: SSE-KMS with a rotating customer managed key" }),
  scriptsDir: documented(z.string().min(1).default("scripts"), { type: "path", notes: "Every file in it is uploaded" }),
  keyPrefix: documented(
    z
      .string()
      .regex(/^([A-Za-z0-9!_.*'()-]+\/)*$/, { message: "must be empty or end with '/' and hold only safe key characters" })
      .default("bootstrap/"),
    { type: "empty or ending in `/`" },
  ),
  accessLogs: documented(z.boolean().default(DEFAULTS.accessLogs), { notes: "Server access logs to a second bucket" }),
  forceDestroy: documented(z.boolean().default(DEFAULTS.forceDestroy), {
    notes: "Let `cdktf destroy` delete the buckets with their objects",
  }),
});

const AccessSchema = z.strictObject({
  mode: documented(z.enum(["vpce", "vpc"]).default("vpce"), {
    notes: "`vpce`: `aws:SourceVpce` must be a scenario (or trusted) endpoint; `vpc`: `aws:SourceVpc` must be the VPC",
  }),
  adminPrincipalArns: documented(z.array(z.string().regex(PRINCIPAL_ARN, { message: "must be an IAM role or user ARN" })).default([]), {
    type: "IAM role/user ARNs (`*`, `?` allowed)",
    notes:
      "Exempt from the private-path deny by `aws:PrincipalArn`, like the deployer (who always is: the lockout guard " +
      "refuses a stack that would lock it out)",
  }),
  trustedEndpointIds: documented(
    z.array(z.string().regex(ENDPOINT_ID, { message: "must be a VPC endpoint id such as vpce-1a2b3c4d" })).default([]),
    {
      type: "`vpce-…` ids",
      notes: "Endpoints outside this stack that may also reach the bucket",
    },
  ),
});

const codeList = (items: readonly string[]): string => items.map((item) => `\`${item}\``).join(", ");

const GroupAccessSchema = z.union([
  z.enum(["read", "read-write"]),
  z.strictObject({ actions: z.array(z.string().regex(S3_ACTION, { message: "must be an S3 action such as s3:GetObject" })).min(1) }),
]);

const EndpointGroupSchema = z.strictObject({
  name: documented(nameField("endpoint group name"), { type: "`a-z 0-9 -`" }),
  tiers: documented(z.array(z.string()).min(1), { type: "tier names", notes: "A tier belongs to one group only" }),
  access: documented(GroupAccessSchema.default("read"), {
    type: '`read` | `read-write` | `{ "actions": ["s3:…"] }`',
    notes:
      `\`read\` = ${codeList(ACCESS_LEVEL_ACTIONS.read)}; \`read-write\` = ` +
      `${codeList(ACCESS_LEVEL_ACTIONS["read-write"])}; or an explicit list (\`*\`, \`?\` allowed). The bucket ` +
      `policy denies through the group's endpoint every object-changing action it is not granted (see [Endpoint ` +
      `group access](#endpoint-group-access))`,
  }),
  amazonLinuxRepos: documented(z.boolean().default(DEFAULTS.amazonLinuxRepos), {
    notes: "Allow reading the region's AL2023 repository bucket",
  }),
});

const InstanceSchema = z.strictObject({
  name: documented(nameField("instance name"), { type: "`a-z 0-9 -`" }),
  tier: documented(z.string(), { type: "tier name" }),
  az: documented(z.number().int().min(0).max(MAX_AZ_INDEX).default(DEFAULTS.az), { type: "AZ index" }),
  instanceType: documented(
    z
      .string()
      .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { message: "must be an EC2 instance type such as t3.micro" })
      .default(DEFAULTS.instanceType),
    { type: "EC2 instance type", notes: "Graviton types (`t4g`…) get the arm64 AMI" },
  ),
  ami: documented(z.string().regex(AMI_ID, { message: "must be an AMI id such as ami-0123456789abcdef0" }).optional(), {
    type: "`ami-…`",
    default: "latest AL2023 from SSM",
    notes: "An explicit id is always followed: changing it replaces the instance",
  }),
  followLatestAmi: documented(z.boolean().default(DEFAULTS.followLatestAmi), {
    notes:
      "With the SSM AMI: `false` puts `ami` in `lifecycle.ignore_changes`, so a new AL2023 release replaces nothing on " +
      "the next apply (move an instance with `terraform apply -replace=…`); `true` replaces the instance whenever " +
      "a newer AMI is published. Conflicts with `ami`",
  }),
  scripts: documented(
    z
      .array(z.string().regex(/^[A-Za-z0-9._-]+$/, { message: "must be a file name in bucket.scriptsDir" }))
      .min(1)
      .optional(),
    {
      type: "file names in `scriptsDir`",
      default: "every file, in name order",
      notes: "Run order",
    },
  ),
  internetEgress: documented(z.boolean().default(DEFAULTS.internetEgress), { notes: "HTTPS to `0.0.0.0/0` via NAT; needs a NAT gateway" }),
  rootVolumeSizeGb: documented(z.number().int().min(8).max(16384).default(DEFAULTS.rootVolumeSizeGb), { type: "8–16384" }),
  terminationProtection: documented(z.boolean().default(DEFAULTS.terminationProtection), {
    notes: "Turn off and apply before `cdktf destroy`",
  }),
});

const BackendSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("local"),
    path: z
      .string()
      .regex(/^(?!\/)(?![A-Za-z]:)[^\0]+$/, { message: "must be a relative path so that the output is the same on every machine" })
      .optional(),
  }),
  z.strictObject({
    type: z.literal("s3"),
    bucket: z.string().regex(BUCKET_NAME, { message: "is not a valid S3 bucket name" }),
    key: z.string().regex(/^[^/].*\.tfstate$/, { message: "must be a key such as vpce-demo/terraform.tfstate (no leading '/')" }),
    region: regionField,
    useLockfile: z.boolean().default(true),
    dynamodbTable: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{3,255}$/, { message: "must be a DynamoDB table name" })
      .optional(),
    kmsKeyId: z.string().optional(),
  }),
]);

/** A Terraform version constraint such as `~> 6.25` or `>= 6.25, < 7.0`. */
const VERSION_CONSTRAINT = new RegExp(
  String.raw`^\s*(?:(?:=|!=|>=?|<=?|~>)\s*)?v?\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?\s*` +
    String.raw`(?:,\s*(?:(?:=|!=|>=?|<=?|~>)\s*)?v?\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?\s*)*$`,
);

/** The hashicorp/aws constraint by default: the version @cdktf/provider-aws's bindings were generated for, and its later 6.x releases. */
const DEFAULT_AWS_PROVIDER_VERSION = "~> 6.25";

export const ScenarioConfigSchema = z.strictObject({
  // The length limit is the generated names' (config/names.ts), checked in config/semantic.ts with the name that would not fit.
  project: documented(
    z.string().regex(/^[a-z][a-z0-9-]+[a-z0-9]$/, {
      message: `must be 3-${PROJECT_MAX_LENGTH} lower-case letters, digits and hyphens, starting with a letter`,
    }),
    {
      type: `string, 3–${PROJECT_MAX_LENGTH} of \`a-z 0-9 -\``,
      notes:
        `Names the stack, tags, generated resource names; ${PROJECT_MAX_LENGTH} is what the tightest of them ` +
        `allows (the flow-log role's \`name_prefix\` \`<project>-flow-logs-\`, at most 38). May not begin with ` +
        `\`sg-\` (with instances), nor \`xn--\`, \`sthree-\` or \`amzn-s3-demo-\` (with a generated bucket name)`,
    },
  ),
  region: documented(regionField, { type: "AWS region", notes: "Gateway endpoints are same-region only" }),
  network: documented(NetworkSchema.default(NetworkSchema.parse({})), { type: "object", default: "see its fields" }),
  bucket: documented(BucketSchema.default(BucketSchema.parse({})), { type: "object", default: "see its fields" }),
  access: documented(AccessSchema.default(AccessSchema.parse({})), { type: "object", default: "see its fields" }),
  endpointGroups: documented(
    z
      .array(EndpointGroupSchema)
      .min(1)
      .default([
        { name: "readers", tiers: ["app"], access: "read", amazonLinuxRepos: DEFAULTS.amazonLinuxRepos },
        { name: "publishers", tiers: ["ops"], access: "read-write", amazonLinuxRepos: DEFAULTS.amazonLinuxRepos },
      ]),
    {
      type: "objects, below",
      default: "`readers` (`app`, read), `publishers` (`ops`, read-write)",
      notes: "At least one; one S3 gateway endpoint each",
    },
  ),
  instances: documented(z.array(InstanceSchema).default([InstanceSchema.parse({ name: "web", tier: "app" })]), {
    type: "objects, below",
    default: "one `web` instance in `app`",
  }),
  backend: documented(BackendSchema.default({ type: "local" }), {
    type: '`{ "type": "local", "path"? }` | `{ "type": "s3", "bucket", "key", "region", "useLockfile"?, "dynamodbTable"?, "kmsKeyId"? }`',
    default: "local, `terraform.<project>.tfstate` beside `cdktf.out`",
    notes:
      "Local paths must be relative, and resolve against the folder that holds `cdktf.out` (see [Where state " +
      "lives](#where-state-lives)); S3 state is encrypted and locked (`use_lockfile`, default `true`, needs " +
      "Terraform ≥ 1.10; or a DynamoDB table)",
  }),
  awsProviderVersion: documented(
    z
      .string()
      .regex(VERSION_CONSTRAINT, { message: 'must be a Terraform version constraint such as "~> 6.25" or ">= 6.25, < 7.0"' })
      .default(DEFAULT_AWS_PROVIDER_VERSION),
    {
      type: "Terraform version constraint",
      notes:
        "The hashicorp/aws constraint in `required_providers`; `terraform init` writes the exact version it picked to " +
        "`.terraform.lock.hcl`. The bindings (`@cdktf/provider-aws` 21.22.1) are generated for 6.25",
    },
  ),
  tags: documented(z.record(z.string().regex(/^[\w .:/=+@-]{1,128}$/), z.string().max(256)).default({}), {
    type: "string map",
    notes: "Added to the provider's default tags",
  }),
});

/** The config as written by the user. */
export type ScenarioConfigInput = z.input<typeof ScenarioConfigSchema>;
/** The config with every default filled in. */
export type ScenarioConfig = z.output<typeof ScenarioConfigSchema>;
export type TierConfig = z.output<typeof TierSchema>;
export type ExistingNetworkConfig = z.output<typeof ExistingNetworkSchema>;
export type EndpointGroupConfig = z.output<typeof EndpointGroupSchema>;
export type GroupAccess = z.output<typeof GroupAccessSchema>;
export type InstanceConfig = z.output<typeof InstanceSchema>;
export type BackendConfig = z.output<typeof BackendSchema>;
