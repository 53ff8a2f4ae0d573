import { z } from "zod";
import { NAME_MAX_LENGTH, PROJECT_MAX_LENGTH } from "./names";

/**
 * The scenario config: a short, typed description of the article's architecture.
 * Every field except `project` and `region` has a default; unknown fields are errors.
 * The README's "Config reference" documents each field; keep the two in step.
 */

const NAME = new RegExp(`^[a-z][a-z0-9-]{0,${NAME_MAX_LENGTH - 2}}[a-z0-9]$|^[a-z]$`);
const nameField = (what: string) =>
  z.string().regex(NAME, {
    message: `${what} must be lower-case letters, digits and hyphens, start with a letter and be at most ${NAME_MAX_LENGTH} characters`,
  });

/** A region such as `us-east-1`, `eu-central-2` or `us-gov-west-1`. */
export const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const regionField = z.string().regex(REGION, { message: "must be an AWS region such as us-east-1" });

/** An IAM role or user ARN, as used with aws:PrincipalArn. `*` and `?` are allowed (ArnLike). */
export const PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov|-iso[a-z]?)?:iam::(\d{12}|\*):(role|user)\/[\w+=,.@/*?-]+$/;
/** A gateway endpoint id such as `vpce-1a2b3c4d` or `vpce-0123456789abcdef0`. */
export const ENDPOINT_ID = /^vpce-([0-9a-f]{8}|[0-9a-f]{17})$/;
/** An AMI id. */
export const AMI_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;
/** An S3 action such as `s3:GetObject` or `s3:Get*`. */
export const S3_ACTION = /^s3:[A-Za-z*?]+$/;

/** The script bucket's name rules (general purpose buckets). */
export const BUCKET_NAME = /^(?!xn--|sthree-|amzn-s3-demo-)(?!.*(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$)(?!\d+\.\d+\.\d+\.\d+$)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export const TierSchema = z.strictObject({
  /** Tier name; one private subnet per AZ is created for it, each with its own route table. */
  name: nameField("tier name"),
});

export const NetworkSchema = z.strictObject({
  cidr: z.string().default("10.0.0.0/16"),
  azCount: z.number().int().min(1).max(6).default(2),
  natGateways: z.enum(["single", "per-az", "none"]).default("single"),
  subnetMask: z.number().int().min(16).max(28).default(24),
  tiers: z.array(TierSchema).min(1).default([{ name: "app" }, { name: "ops" }]),
  flowLogRetentionDays: z
    .union([z.literal(365), z.literal(400), z.literal(545), z.literal(731), z.literal(1827), z.literal(3653)])
    .default(365),
});

export const BucketSchema = z.strictObject({
  name: z.string().regex(BUCKET_NAME, { message: "is not a valid S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)" }).optional(),
  region: regionField.optional(),
  encryption: z.enum(["kms", "s3"]).default("kms"),
  scriptsDir: z.string().min(1).default("scripts"),
  keyPrefix: z
    .string()
    .regex(/^([A-Za-z0-9!_.*'()-]+\/)*$/, { message: "must be empty or end with '/' and hold only safe key characters" })
    .default("bootstrap/"),
  accessLogs: z.boolean().default(true),
  forceDestroy: z.boolean().default(false),
});

export const AccessSchema = z.strictObject({
  mode: z.enum(["vpce", "vpc"]).default("vpce"),
  adminPrincipalArns: z.array(z.string().regex(PRINCIPAL_ARN, { message: "must be an IAM role or user ARN" })).default([]),
  trustedEndpointIds: z.array(z.string().regex(ENDPOINT_ID, { message: "must be a VPC endpoint id such as vpce-1a2b3c4d" })).default([]),
});

export const GroupAccessSchema = z.union([
  z.enum(["read", "read-write"]),
  z.strictObject({ actions: z.array(z.string().regex(S3_ACTION, { message: "must be an S3 action such as s3:GetObject" })).min(1) }),
]);

export const EndpointGroupSchema = z.strictObject({
  name: nameField("endpoint group name"),
  tiers: z.array(z.string()).min(1),
  access: GroupAccessSchema.default("read"),
  amazonLinuxRepos: z.boolean().default(true),
});

export const InstanceSchema = z.strictObject({
  name: nameField("instance name"),
  tier: z.string(),
  az: z.number().int().min(0).max(5).default(0),
  instanceType: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, { message: "must be an EC2 instance type such as t3.micro" }).default("t3.micro"),
  ami: z.string().regex(AMI_ID, { message: "must be an AMI id such as ami-0123456789abcdef0" }).optional(),
  followLatestAmi: z.boolean().default(false),
  scripts: z.array(z.string().regex(/^[A-Za-z0-9._-]+$/, { message: "must be a file name in bucket.scriptsDir" })).min(1).optional(),
  internetEgress: z.boolean().default(false),
  rootVolumeSizeGb: z.number().int().min(8).max(16384).default(8),
  terminationProtection: z.boolean().default(true),
});

export const BackendSchema = z.discriminatedUnion("type", [
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
    dynamodbTable: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, { message: "must be a DynamoDB table name" }).optional(),
    kmsKeyId: z.string().optional(),
  }),
]);

/** A Terraform version constraint such as `~> 6.25` or `>= 6.25, < 7.0`. */
export const VERSION_CONSTRAINT = /^\s*(?:(?:=|!=|>=?|<=?|~>)\s*)?v?\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?\s*(?:,\s*(?:(?:=|!=|>=?|<=?|~>)\s*)?v?\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?\s*)*$/;

/** The hashicorp/aws constraint by default: the version @cdktf/provider-aws's bindings were generated for, and its later 6.x releases. */
export const DEFAULT_AWS_PROVIDER_VERSION = "~> 6.25";

export const ScenarioConfigSchema = z.strictObject({
  // The length limit is the generated names' (config/names.ts), checked in config/semantic.ts with the name that would not fit.
  project: z.string().regex(/^[a-z][a-z0-9-]+[a-z0-9]$/, {
    message: `must be 3-${PROJECT_MAX_LENGTH} lower-case letters, digits and hyphens, starting with a letter`,
  }),
  region: regionField,
  network: NetworkSchema.default(NetworkSchema.parse({})),
  bucket: BucketSchema.default(BucketSchema.parse({})),
  access: AccessSchema.default(AccessSchema.parse({})),
  endpointGroups: z.array(EndpointGroupSchema).min(1).default([
    { name: "readers", tiers: ["app"], access: "read", amazonLinuxRepos: true },
    { name: "publishers", tiers: ["ops"], access: "read-write", amazonLinuxRepos: true },
  ]),
  instances: z.array(InstanceSchema).default([InstanceSchema.parse({ name: "web", tier: "app" })]),
  backend: BackendSchema.default({ type: "local" }),
  awsProviderVersion: z
    .string()
    .regex(VERSION_CONSTRAINT, { message: 'must be a Terraform version constraint such as "~> 6.25" or ">= 6.25, < 7.0"' })
    .default(DEFAULT_AWS_PROVIDER_VERSION),
  tags: z.record(z.string().regex(/^[\w .:/=+@-]{1,128}$/), z.string().max(256)).default({}),
});

/** The config as written by the user. */
export type ScenarioConfigInput = z.input<typeof ScenarioConfigSchema>;
/** The config with every default filled in. */
export type ScenarioConfig = z.output<typeof ScenarioConfigSchema>;
export type TierConfig = z.output<typeof TierSchema>;
export type EndpointGroupConfig = z.output<typeof EndpointGroupSchema>;
export type GroupAccess = z.output<typeof GroupAccessSchema>;
export type InstanceConfig = z.output<typeof InstanceSchema>;
export type BackendConfig = z.output<typeof BackendSchema>;
