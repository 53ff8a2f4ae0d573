import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasStackTrace, runDist } from "../support/cli";
import { ROOT } from "../support/paths";
import { BASE, type LoadOutcome, PROBLEM_LINE, describeOutcome, fileOutcome, parseOutcome, snapshotTree } from "./problem-lines";

/**
 * The bad-config catalogue: every field of the README's config reference, broken in each way the
 * README and DESIGN §5 promise to catch. Each case names the JSON path that must open a problem
 * line and the key phrase of that line. Cases marked `spawn` also run through `dist/main.js`.
 */
interface BadConfig {
  readonly name: string;
  /** The parsed config; omitted when `fileText` or `configFile` gives the file instead. */
  readonly config?: unknown;
  /** The config file's text, written as is. */
  readonly fileText?: string;
  /** A VPCE_CONFIG value to use as is (e.g. a folder). */
  readonly configFile?: () => string;
  /** The JSON path that must start a problem line. */
  readonly path: string;
  /** The key phrase of that line (matched against the text after `path: `). */
  readonly phrase: RegExp;
  /** How many problems the config holds. @default 1 */
  readonly count?: number;
  /** Also run it through the real process. */
  readonly spawn?: boolean;
}

const WORK = mkdtempSync(join(tmpdir(), "vpce-bad-"));
// Configs written for the process resolve scriptsDir against their own folder: give it the real scripts.
cpSync(join(ROOT, "scripts"), join(WORK, "scripts"), { recursive: true });
const EMPTY_SCRIPTS = join(WORK, "empty-scripts");
mkdirSync(EMPTY_SCRIPTS);
const CONFIG_FOLDER = join(WORK, "a-folder.json");
mkdirSync(CONFIG_FOLDER);

const cfg = (partial: Record<string, unknown>): Record<string, unknown> => ({ ...BASE, ...partial });
const groups = (...list: Record<string, unknown>[]) => cfg({ endpointGroups: list });
const instance = (fields: Record<string, unknown>) => cfg({ instances: [{ name: "web", tier: "app", ...fields }] });
const s3Backend = (fields: Record<string, unknown>) =>
  cfg({ backend: { type: "s3", bucket: "tf-state-bkt", key: "vpce/terraform.tfstate", region: "us-east-1", ...fields } });
const NOT_OBJECT = /is not an object — give an object/;
const BAD_BUCKET = /is not valid — is not a valid S3 bucket name/;
const BAD_ARN = /is not valid — must be an IAM role or user ARN/;
const NAME_RULE = /is not valid — .*name must be lower-case letters, digits and hyphens, start with a letter and be at most 32 characters/;

const CATALOGUE: readonly BadConfig[] = [
  // The document itself
  { name: "top level is an array", config: [], path: "(config)", phrase: /^\[\] is not an object/, spawn: true },
  { name: "top level is a string", config: "x", path: "(config)", phrase: /^"x" is not an object/ },
  { name: "top level is null", config: null, path: "(config)", phrase: /^null is not an object/ },
  { name: "top level is a number", config: 42, path: "(config)", phrase: /^42 is not an object/ },
  {
    name: "file is not JSON",
    fileText: "{ project: vpce",
    path: "VPCE_CONFIG",
    phrase: /is not valid JSON .* — fix the JSON syntax/,
    spawn: true,
  },
  { name: "file is empty", fileText: "", path: "VPCE_CONFIG", phrase: /is not valid JSON/, spawn: true },
  {
    name: "VPCE_CONFIG names a folder",
    configFile: () => CONFIG_FOLDER,
    path: "VPCE_CONFIG",
    phrase: /cannot read config file ".*a-folder\.json" \(EISDIR\)/,
    spawn: true,
  },
  {
    name: "unknown top-level field",
    config: cfg({ endpointGroup: [] }),
    path: "endpointGroup",
    phrase: /unknown field "endpointGroup" — remove it or use one of: project, region, network/,
  },
  // project, region
  { name: "project missing", config: { region: "us-east-1" }, path: "project", phrase: /is required/ },
  { name: "project not a string", config: cfg({ project: 42 }), path: "project", phrase: /^42 is not a string/ },
  {
    name: "project upper-case",
    config: cfg({ project: "Vpce-Demo" }),
    path: "project",
    phrase: /"Vpce-Demo" is not valid — must be 3-27 lower-case/,
  },
  { name: "project too short", config: cfg({ project: "ab" }), path: "project", phrase: /"ab" is not valid — must be 3-27/ },
  {
    name: "project too long",
    config: cfg({ project: "a".repeat(28) }),
    path: "project",
    phrase: new RegExp(
      `is 28 characters, but the flow-log IAM role's name_prefix "<project>-flow-logs-" allows ` +
        "at most 38 — use a project name of at most 27 characters",
    ),
  },
  { name: "project starts with a digit", config: cfg({ project: "1demo" }), path: "project", phrase: /starting with a letter/ },
  { name: "region missing", config: { project: "bad-cfg" }, path: "region", phrase: /is required/ },
  {
    name: "region not an AWS region",
    config: cfg({ region: "US-EAST-1" }),
    path: "region",
    phrase: /"US-EAST-1" is not valid — must be an AWS region/,
  },
  // network
  { name: "network not an object", config: cfg({ network: "big" }), path: "network", phrase: NOT_OBJECT },
  {
    name: "unknown field in network",
    config: cfg({ network: { cidrBlock: "10.0.0.0/16" } }),
    path: "network.cidrBlock",
    phrase: /unknown field "cidrBlock" — remove it or use one of: cidr, azCount/,
  },
  {
    name: "CIDR syntax",
    config: cfg({ network: { cidr: "10.0.0/16" } }),
    path: "network.cidr",
    phrase: /"10\.0\.0\/16" is not an IPv4 CIDR/,
  },
  {
    name: "CIDR octet above 255",
    config: cfg({ network: { cidr: "256.0.0.0/16" } }),
    path: "network.cidr",
    phrase: /"256\.0\.0\.0\/16" is not an IPv4 CIDR/,
  },
  {
    name: "CIDR prefix below /16",
    config: cfg({ network: { cidr: "10.0.0.0/12" } }),
    path: "network.cidr",
    phrase: /not an IPv4 CIDR between \/16 and \/28/,
  },
  {
    name: "CIDR prefix above /28",
    config: cfg({ network: { cidr: "10.0.0.0/29" } }),
    path: "network.cidr",
    phrase: /not an IPv4 CIDR between \/16 and \/28/,
  },
  {
    name: "CIDR with host bits",
    config: cfg({ network: { cidr: "10.0.5.0/16" } }),
    path: "network.cidr",
    phrase: /"10\.0\.5\.0\/16" has host bits set — use "10\.0\.0\.0\/16"/,
  },
  {
    name: "CIDR too small for its subnets",
    config: cfg({ network: { cidr: "10.0.0.0/23" } }),
    path: "network.cidr",
    phrase: /10\.0\.0\.0\/23 holds 2 \/24 subnets but the config needs 6/,
  },
  { name: "CIDR not a string", config: cfg({ network: { cidr: 10 } }), path: "network.cidr", phrase: /^10 is not a string/ },
  { name: "azCount zero", config: cfg({ network: { azCount: 0 } }), path: "network.azCount", phrase: /^0 is too small — give at least 1/ },
  { name: "azCount above 6", config: cfg({ network: { azCount: 7 } }), path: "network.azCount", phrase: /^7 is too big — give at most 6/ },
  { name: "azCount fractional", config: cfg({ network: { azCount: 1.5 } }), path: "network.azCount", phrase: /^1\.5 is not an integer/ },
  { name: "azCount a string", config: cfg({ network: { azCount: "2" } }), path: "network.azCount", phrase: /^"2" is not a number/ },
  {
    name: "natGateways unknown",
    config: cfg({ network: { natGateways: "double" } }),
    path: "network.natGateways",
    phrase: /"double" is not allowed — use one of "single", "per-az", "none"/,
  },
  {
    name: "subnetMask above 28",
    config: cfg({ network: { subnetMask: 29 } }),
    path: "network.subnetMask",
    phrase: /^29 is too big — give at most 28/,
  },
  {
    name: "subnetMask below 16",
    config: cfg({ network: { subnetMask: 15 } }),
    path: "network.subnetMask",
    phrase: /^15 is too small — give at least 16/,
  },
  {
    name: "subnetMask no longer than the CIDR's prefix",
    config: cfg({ network: { cidr: "10.0.0.0/24", subnetMask: 24 } }),
    path: "network.subnetMask",
    phrase: /\/24 does not fit inside the VPC's \/24 — use a value from 25 to 28/,
  },
  {
    name: "subnetMask leaves too few subnets for the AZs",
    config: cfg({ network: { cidr: "10.0.0.0/24", subnetMask: 28, azCount: 6 } }),
    path: "network.cidr",
    phrase: /holds 16 \/28 subnets but the config needs 18 \(6 public \+ 2 tiers × 6 AZs\)/,
  },
  {
    name: "tiers empty",
    config: cfg({ network: { tiers: [] } }),
    path: "network.tiers",
    phrase: /^\[\] is too small — give at least 1 item/,
  },
  {
    name: "tier not an object",
    config: cfg({ network: { tiers: ["app", { name: "ops" }] } }),
    path: "network.tiers[0]",
    phrase: NOT_OBJECT,
  },
  {
    name: "tier name upper-case",
    config: cfg({ network: { tiers: [{ name: "App" }, { name: "ops" }] } }),
    path: "network.tiers[0].name",
    phrase: NAME_RULE,
  },
  {
    name: "tier name starts with a digit",
    config: cfg({ network: { tiers: [{ name: "app" }, { name: "2ops" }] } }),
    path: "network.tiers[1].name",
    phrase: NAME_RULE,
  },
  {
    name: "tier name ends with a hyphen",
    config: cfg({ network: { tiers: [{ name: "app" }, { name: "ops-" }] } }),
    path: "network.tiers[1].name",
    phrase: NAME_RULE,
  },
  {
    name: "tier name longer than 32",
    config: cfg({ network: { tiers: [{ name: "app" }, { name: `o${"p".repeat(32)}` }] } }),
    path: "network.tiers[1].name",
    phrase: NAME_RULE,
  },
  {
    name: "unknown field in a tier",
    config: cfg({ network: { tiers: [{ name: "app", cidr: "10.0.1.0/24" }, { name: "ops" }] } }),
    path: "network.tiers[0].cidr",
    phrase: /unknown field "cidr" — remove it or use one of: name/,
  },
  {
    name: "duplicate tier names",
    config: cfg({ network: { tiers: [{ name: "app" }, { name: "app" }] }, endpointGroups: [{ name: "a", tiers: ["app"] }] }),
    path: "network.tiers[1].name",
    phrase: /tier "app" is already defined at network\.tiers\[0\] — give each tier a unique name/,
  },
  {
    name: "flow log retention not a CloudWatch value",
    config: cfg({ network: { flowLogRetentionDays: 30 } }),
    path: "network.flowLogRetentionDays",
    phrase: /^30 is not allowed — use one of 365, 400, 545, 731, 1827, 3653/,
  },
  {
    name: "ipv6 (not supported until proven by a deploy)",
    config: cfg({ network: { ipv6: true } }),
    path: "network.ipv6",
    phrase: /^unknown field "ipv6"/,
  },
  // bucket
  {
    name: "unknown field in bucket",
    config: cfg({ bucket: { versioning: false } }),
    path: "bucket.versioning",
    phrase: /unknown field "versioning" — remove it or use one of: name, region, encryption/,
  },
  { name: "bucket name upper-case", config: cfg({ bucket: { name: "MyScripts" } }), path: "bucket.name", phrase: BAD_BUCKET },
  { name: "bucket name with underscores", config: cfg({ bucket: { name: "my_scripts" } }), path: "bucket.name", phrase: BAD_BUCKET },
  { name: "bucket name too short", config: cfg({ bucket: { name: "ab" } }), path: "bucket.name", phrase: BAD_BUCKET },
  { name: "bucket name too long", config: cfg({ bucket: { name: "b".repeat(64) } }), path: "bucket.name", phrase: BAD_BUCKET },
  { name: "bucket name like an IP address", config: cfg({ bucket: { name: "192.168.5.4" } }), path: "bucket.name", phrase: BAD_BUCKET },
  { name: "bucket name with the xn-- prefix", config: cfg({ bucket: { name: "xn--scripts" } }), path: "bucket.name", phrase: BAD_BUCKET },
  {
    name: "bucket name with the sthree- prefix",
    config: cfg({ bucket: { name: "sthree-scripts" } }),
    path: "bucket.name",
    phrase: BAD_BUCKET,
  },
  {
    name: "bucket name with the -s3alias suffix",
    config: cfg({ bucket: { name: "scripts-s3alias" } }),
    path: "bucket.name",
    phrase: BAD_BUCKET,
  },
  {
    name: "bucket name with the --ol-s3 suffix",
    config: cfg({ bucket: { name: "scripts--ol-s3" } }),
    path: "bucket.name",
    phrase: BAD_BUCKET,
  },
  { name: "bucket name with two adjacent dots", config: cfg({ bucket: { name: "my..scripts" } }), path: "bucket.name", phrase: BAD_BUCKET },
  { name: "bucket name starting with a hyphen", config: cfg({ bucket: { name: "-scripts" } }), path: "bucket.name", phrase: BAD_BUCKET },
  {
    name: "bucket in another region",
    config: cfg({ bucket: { region: "eu-west-1" } }),
    path: "bucket.region",
    phrase: /bucket region "eu-west-1" differs from the stack region "us-east-1".* — remove bucket\.region or set it to "us-east-1"/,
  },
  {
    name: "bucket region not a region",
    config: cfg({ bucket: { region: "moon-base" } }),
    path: "bucket.region",
    phrase: /must be an AWS region/,
  },
  {
    name: "encryption unknown",
    config: cfg({ bucket: { encryption: "aes256" } }),
    path: "bucket.encryption",
    phrase: /"aes256" is not allowed — use one of "kms", "s3"/,
  },
  { name: "scriptsDir empty string", config: cfg({ bucket: { scriptsDir: "" } }), path: "bucket.scriptsDir", phrase: /^"" is too small/ },
  {
    name: "scriptsDir missing",
    config: cfg({ bucket: { scriptsDir: "no-such-dir" } }),
    path: "bucket.scriptsDir",
    phrase: /folder "no-such-dir" not found/,
    spawn: true,
  },
  {
    name: "scriptsDir is a file",
    config: cfg({ bucket: { scriptsDir: "package.json" } }),
    path: "bucket.scriptsDir",
    phrase: /folder "package\.json" not found/,
  },
  {
    name: "scriptsDir empty",
    config: cfg({ bucket: { scriptsDir: EMPTY_SCRIPTS } }),
    path: "bucket.scriptsDir",
    phrase: /holds no scripts — add at least one boot script/,
  },
  {
    name: "keyPrefix without a trailing slash",
    config: cfg({ bucket: { keyPrefix: "bootstrap" } }),
    path: "bucket.keyPrefix",
    phrase: /must be empty or end with '\/'/,
  },
  {
    name: "keyPrefix with a leading slash",
    config: cfg({ bucket: { keyPrefix: "/bootstrap/" } }),
    path: "bucket.keyPrefix",
    phrase: /must be empty or end with '\/'/,
  },
  {
    name: "accessLogs a string",
    config: cfg({ bucket: { accessLogs: "true" } }),
    path: "bucket.accessLogs",
    phrase: /^"true" is not a boolean/,
  },
  {
    name: "forceDestroy a number",
    config: cfg({ bucket: { forceDestroy: 1 } }),
    path: "bucket.forceDestroy",
    phrase: /^1 is not a boolean/,
  },
  // access
  {
    name: "unknown field in access",
    config: cfg({ access: { exemptDeployers: true } }),
    path: "access.exemptDeployers",
    phrase: /unknown field "exemptDeployers" — remove it or use one of: mode, adminPrincipalArns/,
  },
  {
    name: "access mode unknown",
    config: cfg({ access: { mode: "vpc-endpoint" } }),
    path: "access.mode",
    phrase: /"vpc-endpoint" is not allowed — use one of "vpce", "vpc"/,
  },
  {
    name: "the removed exemptDeployer field",
    config: cfg({ access: { exemptDeployer: false } }),
    path: "access.exemptDeployer",
    phrase: /unknown field "exemptDeployer"/,
  },
  {
    name: "adminPrincipalArns a string",
    config: cfg({ access: { adminPrincipalArns: "arn:aws:iam::111122223333:role/admin" } }),
    path: "access.adminPrincipalArns",
    phrase: /is not an array — give an array/,
  },
  {
    name: "admin ARN of a bucket",
    config: cfg({ access: { adminPrincipalArns: ["arn:aws:s3:::bucket"] } }),
    path: "access.adminPrincipalArns[0]",
    phrase: BAD_ARN,
  },
  {
    name: "admin ARN with a short account id",
    config: cfg({ access: { adminPrincipalArns: ["arn:aws:iam::111122223333:role/ok", "arn:aws:iam::12345:role/admin"] } }),
    path: "access.adminPrincipalArns[1]",
    phrase: BAD_ARN,
  },
  {
    name: "admin ARN of a group",
    config: cfg({ access: { adminPrincipalArns: ["arn:aws:iam::111122223333:group/admins"] } }),
    path: "access.adminPrincipalArns[0]",
    phrase: BAD_ARN,
  },
  {
    name: "trusted endpoint id of a VPC",
    config: cfg({ access: { trustedEndpointIds: ["vpc-1a2b3c4d"] } }),
    path: "access.trustedEndpointIds[0]",
    phrase: /must be a VPC endpoint id such as vpce-1a2b3c4d/,
  },
  {
    name: "trusted endpoint id of the wrong length",
    config: cfg({ access: { trustedEndpointIds: ["vpce-123"] } }),
    path: "access.trustedEndpointIds[0]",
    phrase: /must be a VPC endpoint id/,
  },
  // endpointGroups
  {
    name: "no endpoint groups",
    config: cfg({ endpointGroups: [] }),
    path: "endpointGroups",
    phrase: /^\[\] is too small — give at least 1 item/,
  },
  { name: "group name upper-case", config: groups({ name: "Readers", tiers: ["app"] }), path: "endpointGroups[0].name", phrase: NAME_RULE },
  {
    name: "group with no tiers",
    config: groups({ name: "a", tiers: [] }),
    path: "endpointGroups[0].tiers",
    phrase: /^\[\] is too small — give at least 1 item/,
  },
  {
    name: "group tier not a string",
    config: groups({ name: "a", tiers: [1] }),
    path: "endpointGroups[0].tiers[0]",
    phrase: /^1 is not a string/,
  },
  {
    name: "unknown tier in a group",
    config: groups({ name: "a", tiers: ["app", "db"] }),
    path: "endpointGroups[0].tiers[1]",
    phrase: /unknown tier "db" — define it in network\.tiers or use one of: app, ops/,
  },
  {
    name: "tier in two groups",
    config: groups({ name: "a", tiers: ["app"] }, { name: "b", tiers: ["app", "ops"] }),
    path: "endpointGroups[1].tiers[0]",
    phrase: /tier "app" is already routed to endpoint group "a"; a route table can carry one S3 endpoint route — remove it from one group/,
    spawn: true,
  },
  {
    name: "tier twice in one group",
    config: groups({ name: "a", tiers: ["app", "app"] }),
    path: "endpointGroups[0].tiers[1]",
    phrase: /tier "app" is listed twice in this group/,
  },
  {
    name: "duplicate group names",
    config: groups({ name: "a", tiers: ["app"] }, { name: "a", tiers: ["ops"] }),
    path: "endpointGroups[1].name",
    phrase: /endpoint group "a" is already defined at endpointGroups\[0\]/,
  },
  {
    name: "group access unknown",
    config: groups({ name: "a", tiers: ["app"], access: "write" }),
    path: "endpointGroups[0].access",
    phrase: /"write" is not allowed — use one of "read", "read-write"/,
  },
  {
    name: "group access an empty action list",
    config: groups({ name: "a", tiers: ["app"], access: { actions: [] } }),
    path: "endpointGroups[0].access.actions",
    phrase: /^\[\] is too small — give at least 1 item/,
  },
  {
    name: "group access a non-S3 action",
    config: groups({ name: "a", tiers: ["app"], access: { actions: ["s3:GetObject", "ec2:RunInstances"] } }),
    path: "endpointGroups[0].access.actions[1]",
    phrase: /"ec2:RunInstances" is not valid — must be an S3 action/,
  },
  {
    name: "group access an action with a space",
    config: groups({ name: "a", tiers: ["app"], access: { actions: ["s3:Get Object"] } }),
    path: "endpointGroups[0].access.actions[0]",
    phrase: /must be an S3 action/,
  },
  {
    name: "group access object without actions",
    config: groups({ name: "a", tiers: ["app"], access: {} }),
    path: "endpointGroups[0].access.actions",
    phrase: /is required/,
  },
  {
    name: "group access actions a string",
    config: groups({ name: "a", tiers: ["app"], access: { actions: "s3:GetObject" } }),
    path: "endpointGroups[0].access.actions",
    phrase: /"s3:GetObject" is not an array/,
  },
  {
    name: "unknown field in group access",
    config: groups({ name: "a", tiers: ["app"], access: { actions: ["s3:GetObject"], resources: ["*"] } }),
    path: "endpointGroups[0].access.resources",
    phrase: /unknown field "resources" — remove it or use one of: actions/,
  },
  {
    name: "unknown field in a group",
    config: groups({ name: "a", tiers: ["app"], routeTables: [] }),
    path: "endpointGroups[0].routeTables",
    phrase: /unknown field "routeTables" — remove it or use one of: name, tiers, access/,
  },
  {
    name: "amazonLinuxRepos a string",
    config: groups({ name: "a", tiers: ["app"], amazonLinuxRepos: "yes" }),
    path: "endpointGroups[0].amazonLinuxRepos",
    phrase: /^"yes" is not a boolean/,
  },
  // instances
  { name: "instances not an array", config: cfg({ instances: "web" }), path: "instances", phrase: /^"web" is not an array/ },
  { name: "instance without a name", config: cfg({ instances: [{ tier: "app" }] }), path: "instances[0].name", phrase: /is required/ },
  { name: "instance without a tier", config: cfg({ instances: [{ name: "web" }] }), path: "instances[0].tier", phrase: /is required/ },
  { name: "instance name with an underscore", config: instance({ name: "web_1" }), path: "instances[0].name", phrase: NAME_RULE },
  {
    name: "instance in an unknown tier",
    config: instance({ tier: "dmz" }),
    path: "instances[0].tier",
    phrase: /unknown tier "dmz" — define it in network\.tiers or use one of: app, ops/,
  },
  {
    name: "duplicate instance names",
    config: cfg({
      instances: [
        { name: "web", tier: "app" },
        { name: "web", tier: "ops" },
      ],
    }),
    path: "instances[1].name",
    phrase: /instance "web" is already defined at instances\[0\]/,
  },
  {
    name: "instance AZ beyond azCount",
    config: instance({ az: 2 }),
    path: "instances[0].az",
    phrase: /AZ index 2 does not exist with network\.azCount 2 — use 0 to 1/,
  },
  { name: "instance AZ negative", config: instance({ az: -1 }), path: "instances[0].az", phrase: /^-1 is too small — give at least 0/ },
  { name: "instance AZ above 5", config: instance({ az: 6 }), path: "instances[0].az", phrase: /^6 is too big — give at most 5/ },
  {
    name: "instance type malformed",
    config: instance({ instanceType: "t3micro" }),
    path: "instances[0].instanceType",
    phrase: /must be an EC2 instance type such as t3\.micro/,
  },
  { name: "AMI id malformed", config: instance({ ami: "ami-123" }), path: "instances[0].ami", phrase: /must be an AMI id/ },
  {
    name: "scripts empty",
    config: instance({ scripts: [] }),
    path: "instances[0].scripts",
    phrase: /^\[\] is too small — give at least 1 item/,
  },
  {
    name: "script not in scriptsDir",
    config: instance({ scripts: ["00-prepare.sh", "nope.sh"] }),
    path: "instances[0].scripts[1]",
    phrase: /script "nope\.sh" not found in "scripts" — add the file or use one of: 00-prepare\.sh, 10-app\.sh, 90-health\.sh/,
  },
  {
    name: "script name with a path",
    config: instance({ scripts: ["../etc/passwd"] }),
    path: "instances[0].scripts[0]",
    phrase: /must be a file name in bucket\.scriptsDir/,
  },
  {
    name: "internet egress without a NAT gateway",
    config: cfg({ network: { natGateways: "none" }, instances: [{ name: "web", tier: "app", internetEgress: true }] }),
    path: "instances[0].internetEgress",
    phrase: /internet egress needs a NAT gateway but network\.natGateways is "none"/,
  },
  {
    name: "root volume below 8 GB",
    config: instance({ rootVolumeSizeGb: 4 }),
    path: "instances[0].rootVolumeSizeGb",
    phrase: /^4 is too small — give at least 8/,
  },
  {
    name: "root volume above 16384 GB",
    config: instance({ rootVolumeSizeGb: 20000 }),
    path: "instances[0].rootVolumeSizeGb",
    phrase: /^20000 is too big — give at most 16384/,
  },
  {
    name: "terminationProtection a string",
    config: instance({ terminationProtection: "no" }),
    path: "instances[0].terminationProtection",
    phrase: /^"no" is not a boolean/,
  },
  {
    name: "unknown field in an instance",
    config: instance({ userData: "#!/bin/sh" }),
    path: "instances[0].userData",
    phrase: /unknown field "userData" — remove it or use one of: name, tier, az/,
  },
  // backend
  { name: "backend not an object", config: cfg({ backend: "local" }), path: "backend", phrase: NOT_OBJECT },
  {
    name: "local backend with an absolute path",
    config: cfg({ backend: { type: "local", path: "/var/state/terraform.tfstate" } }),
    path: "backend.path",
    phrase: /must be a relative path/,
  },
  {
    name: "local backend with a drive-letter path",
    config: cfg({ backend: { type: "local", path: "C:\\state\\terraform.tfstate" } }),
    path: "backend.path",
    phrase: /must be a relative path/,
  },
  {
    name: "unknown field in the local backend",
    config: cfg({ backend: { type: "local", bucket: "x" } }),
    path: "backend.bucket",
    phrase: /unknown field "bucket"/,
  },
  {
    name: "S3 backend without bucket",
    config: cfg({ backend: { type: "s3", key: "vpce/terraform.tfstate", region: "us-east-1" } }),
    path: "backend.bucket",
    phrase: /is required/,
  },
  {
    name: "S3 backend without key",
    config: cfg({ backend: { type: "s3", bucket: "tf-state-bkt", region: "us-east-1" } }),
    path: "backend.key",
    phrase: /is required/,
  },
  {
    name: "S3 backend without region",
    config: cfg({ backend: { type: "s3", bucket: "tf-state-bkt", key: "vpce/terraform.tfstate" } }),
    path: "backend.region",
    phrase: /is required/,
  },
  {
    name: "S3 backend key with a leading slash",
    config: s3Backend({ key: "/vpce/terraform.tfstate" }),
    path: "backend.key",
    phrase: /no leading '\/'/,
  },
  {
    name: "S3 backend bucket name invalid",
    config: s3Backend({ bucket: "State_Bucket" }),
    path: "backend.bucket",
    phrase: /is not a valid S3 bucket name/,
  },
  {
    name: "S3 backend lock table name invalid",
    config: s3Backend({ dynamodbTable: "x" }),
    path: "backend.dynamodbTable",
    phrase: /must be a DynamoDB table name/,
  },
  {
    name: "unknown field in the S3 backend",
    config: s3Backend({ lock: true }),
    path: "backend.lock",
    phrase: /unknown field "lock" — remove it or use one of: type, bucket, key, region/,
  },
  {
    name: "backend type unknown",
    config: cfg({ backend: { type: "gcs" } }),
    path: "backend.type",
    phrase: /"gcs" is not allowed — use one of "local", "s3"/,
  },
  { name: "backend type missing", config: cfg({ backend: { path: "state.tfstate" } }), path: "backend.type", phrase: /is required/ },
  // tags
  { name: "tags an array", config: cfg({ tags: ["team"] }), path: "tags", phrase: NOT_OBJECT },
  { name: "tag value a number", config: cfg({ tags: { owner: 1 } }), path: "tags.owner", phrase: /^1 is not a string/ },
  {
    name: "tag value longer than 256",
    config: cfg({ tags: { owner: "o".repeat(257) } }),
    path: "tags.owner",
    phrase: /is too big — give at most 256/,
  },
  {
    name: "tag key longer than 128",
    config: cfg({ tags: { [`k${"e".repeat(128)}`]: "v" } }),
    path: `tags.k${"e".repeat(128)}`,
    phrase: /^key "ke+.* is not allowed — .*must match pattern/,
  },
];

/** Writes a catalogue case where `dist/main.js` can read it, and returns its VPCE_CONFIG. */
function configFileFor(entry: BadConfig, index: number): string {
  if (entry.configFile) return entry.configFile();
  const file = join(WORK, `case-${index}.json`);
  writeFileSync(file, entry.fileText ?? JSON.stringify(entry.config));
  return file;
}

function inProcess(entry: BadConfig, index: number): LoadOutcome {
  return "config" in entry ? parseOutcome(entry.config) : fileOutcome(configFileFor(entry, index));
}

function expectNamed(lines: readonly string[], path: string, phrase: RegExp): void {
  const named = lines.filter((line) => line.startsWith(`${path}: `));
  expect(named).not.toEqual([]);
  expect(named.some((line) => phrase.test(line.slice(path.length + 2)))).toBe(true);
}

describe("bad configs: one problem line per problem, naming the JSON path, the value and the fix", () => {
  test("the catalogue covers at least 45 distinct cases, each with a unique name", () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(45);
    expect(new Set(CATALOGUE.map((c) => c.name)).size).toBe(CATALOGUE.length);
    // One process per distinct path through main: file read, JSON parse, schema, cross-field check, scripts folder.
    expect(CATALOGUE.filter((c) => c.spawn).length).toBeGreaterThanOrEqual(6);
  });

  test.each(CATALOGUE.map((entry, index) => [entry.name, entry, index] as const))(
    "%s → a ProblemsError naming its path",
    (_name, entry, index) => {
      // GIVEN a bad config WHEN it is loaded in-process
      const outcome = inProcess(entry, index);
      // THEN it is refused with a ProblemsError, never another exception
      if (outcome.kind !== "problems") throw new Error(`expected problems, got: ${describeOutcome(outcome)}`);
      // AND every line reads `path: problem — fix`, one of them at the exact path with the key phrase
      for (const line of outcome.lines) expect(line).toMatch(PROBLEM_LINE);
      expectNamed(outcome.lines, entry.path, entry.phrase);
      expect(outcome.lines).toHaveLength(entry.count ?? 1);
    },
  );

  test("a scriptsDir holding a dangling symlink is a clean outcome, never a raw file-system error", () => {
    // GIVEN a scripts folder with one script and one symlink to nothing
    const dir = join(WORK, "dangling-scripts");
    mkdirSync(dir);
    writeFileSync(join(dir, "00-run.sh"), "#!/bin/sh\ntrue\n");
    symlinkSync(join(dir, "gone.sh"), join(dir, "10-gone.sh"));
    // WHEN it is loaded THEN it either loads (the link skipped) or is a problem naming bucket.scriptsDir
    const outcome = parseOutcome({ ...BASE, bucket: { scriptsDir: dir } });
    if (outcome.kind === "crash") throw new Error(describeOutcome(outcome));
    if (outcome.kind === "problems") expect(outcome.problems.every((p) => p.path.startsWith("bucket.scriptsDir"))).toBe(true);
  });

  test("an unknown field whose name holds a line break is still reported on one line", () => {
    const outcome = parseOutcome({ ...BASE, "bad\nkey": 1 });
    if (outcome.kind !== "problems") throw new Error(describeOutcome(outcome));
    expect(outcome.lines).toHaveLength(1);
    expect(outcome.lines[0]).not.toContain("\n");
  });
});

describe("three independent problems → three lines", () => {
  // The README's example: CIDR capacity, a tier in two groups, an instance in an unknown tier.
  const THREE = {
    ...BASE,
    network: { cidr: "10.0.0.0/23" },
    endpointGroups: [
      { name: "readers", tiers: ["app"] },
      { name: "publishers", tiers: ["app", "ops"] },
    ],
    instances: [{ name: "web", tier: "dmz" }],
  };
  const THREE_PATHS = ["endpointGroups[1].tiers[0]", "instances[0].tier", "network.cidr"];

  test("in-process: cross-field problems are all reported at once", () => {
    const outcome = parseOutcome(THREE);
    if (outcome.kind !== "problems") throw new Error(describeOutcome(outcome));
    expect(outcome.problems.map((p) => p.path).sort()).toEqual(THREE_PATHS);
    for (const line of outcome.lines) expect(line).toMatch(PROBLEM_LINE);
  });

  test("in-process: schema problems in three different sections are all reported at once", () => {
    const outcome = parseOutcome({ ...BASE, region: "mars", network: { azCount: 0 }, backend: { type: "local", path: "/abs.tfstate" } });
    if (outcome.kind !== "problems") throw new Error(describeOutcome(outcome));
    expect(outcome.problems.map((p) => p.path).sort()).toEqual(["backend.path", "network.azCount", "region"]);
  });

  test("through dist/main.js: three `error:` lines, exit 1, no stack trace", () => {
    const file = join(WORK, "three.json");
    writeFileSync(file, JSON.stringify(THREE));
    const outdir = join(WORK, "three.out");
    const run = runDist("main.js", [], { env: { VPCE_CONFIG: file, CDKTF_OUTDIR: outdir } });
    expect(run.status).toBe(1);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines.map((line) => /^error: ([^:]+):/.exec(line)?.[1]).sort()).toEqual(THREE_PATHS);
    expect(hasStackTrace(run.stderr)).toBe(false);
    expect(readdirSync(WORK).filter((name) => name.startsWith("three.out"))).toEqual([]);
  });
});

describe("bad configs through the real process (dist/main.js)", () => {
  const outdir = join(WORK, "cdktf.out");
  let before: Record<string, string> = {};

  beforeAll(() => {
    // A previous good synth that a bad config must leave byte for byte as it was.
    const good = runDist("main.js", [], { env: { VPCE_CONFIG: "", CDKTF_OUTDIR: outdir } });
    expect(good.stderr).toBe("");
    expect(good.status).toBe(0);
    before = snapshotTree(outdir);
    expect(Object.keys(before)).toContain(join("stacks", "vpce-demo", "cdk.tf.json"));
  });

  const spawned = CATALOGUE.map((entry, index) => [entry.name, entry, index] as const).filter(([, entry]) => entry.spawn);
  test.each(spawned)("%s → exit 1, `error:` lines naming the path, no stack trace, cdktf.out untouched", (_name, entry, index) => {
    const run = runDist("main.js", [], { env: { VPCE_CONFIG: configFileFor(entry, index), CDKTF_OUTDIR: outdir } });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    for (const line of lines) expect(line).toMatch(/^error: /);
    expectNamed(
      lines.map((line) => line.slice("error: ".length)),
      entry.path,
      entry.phrase,
    );
    expect(hasStackTrace(run.stderr)).toBe(false);
    expect(snapshotTree(outdir)).toEqual(before);
    expect(readdirSync(WORK).filter((name) => name.includes(".staging-") || name.includes(".retired-"))).toEqual([]);
  });
});
