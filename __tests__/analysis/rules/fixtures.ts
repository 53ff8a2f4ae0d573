/**
 * A small, secure Terraform JSON configuration of the article's scenario (one tier, one S3
 * gateway endpoint, one instance fetching its boot script), and helpers to run one rule on it.
 * Tests start from `secureDoc()` and break one thing. Topologies come from the real reader.
 */
import { ruleById } from "../../../analysis/rules/registry";
import { outcomesOf } from "../../../analysis/rules/run";
import type { RuleOutcome, RuleStatus } from "../../../analysis/rules/types";
import { readTerraformJson } from "../../../analysis/topology";
import type { Topology } from "../../../analysis/topology/model";

export type Block = Record<string, unknown>;
export type Blocks = Record<string, Record<string, Block>>;

/** Terraform JSON as written: provider, resources and data sources. */
export interface TerraformDoc {
  provider: { aws: Block[] };
  resource: Blocks;
  data: Blocks;
}

export const BUCKET_ARN = "${aws_s3_bucket.scripts.arn}";
export const BUCKET_POLICY = "aws_s3_bucket_policy.scripts";
export const ENDPOINT = "aws_vpc_endpoint.readers";
export const INSTANCE = "aws_instance.web";
export const DEPLOYER = "${data.aws_iam_session_context.deployer.issuer_arn}";

export const TLS_DENY = {
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};
export const ENDPOINT_DENY = {
  Sid: "DenyOutsideScenarioEndpoints",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
  Condition: { StringNotEquals: { "aws:SourceVpce": ["${aws_vpc_endpoint.readers.id}"] }, ArnNotLike: { "aws:PrincipalArn": [DEPLOYER] } },
};
export const SCRIPT_ACCESS = {
  Sid: "ScriptBucketAccess",
  Effect: "Allow",
  Principal: "*",
  Action: ["s3:GetObject", "s3:ListBucket"],
  Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
};
export const AL2023_ACCESS = {
  Sid: "AmazonLinuxRepositories",
  Effect: "Allow",
  Principal: "*",
  Action: "s3:GetObject",
  Resource: "arn:aws:s3:::al2023-repos-us-east-1-de612dc2/*",
};

export const USER_DATA = [
  "#!/bin/bash",
  "set -euo pipefail",
  "dnf install -y jq",
  "# fetch through the gateway endpoint",
  'aws s3 cp "s3://${aws_s3_bucket.scripts.bucket}/bootstrap/boot.sh" /tmp/boot.sh \\',
  "  --region us-east-1 --only-show-errors",
  'DB_PASSWORD="$(aws ssm get-parameter --name db --with-decryption --region us-east-1 --query Parameter.Value --output text)"',
  "bash /tmp/boot.sh",
].join("\n");

/** A policy document as the JSON text CDKTF writes. */
export function policyJson(...statements: object[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

const bucketRef = "${aws_s3_bucket.scripts.id}";

/** The secure configuration; tests work on copies (see {@link secureDoc}). */
const SECURE_DOC: TerraformDoc = {
  provider: { aws: [{ region: "us-east-1" }] },
  data: {
    aws_caller_identity: { me: {} },
    aws_iam_session_context: { deployer: { arn: "${data.aws_caller_identity.me.arn}" } },
    aws_ssm_parameter: { al2023: { name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64" } },
    aws_prefix_list: { s3: { name: "com.amazonaws.us-east-1.s3" } },
  },
  resource: {
    aws_vpc: { main: { cidr_block: "10.0.0.0/16" } },
    aws_flow_log: { main: { vpc_id: "${aws_vpc.main.id}", traffic_type: "ALL", log_destination_type: "cloud-watch-logs" } },
    aws_default_security_group: { main: { vpc_id: "${aws_vpc.main.id}", ingress: [], egress: [] } },
    aws_subnet: { app: { vpc_id: "${aws_vpc.main.id}", cidr_block: "10.0.2.0/24", map_public_ip_on_launch: false } },
    aws_route_table: { app: { vpc_id: "${aws_vpc.main.id}" } },
    aws_route_table_association: { app: { subnet_id: "${aws_subnet.app.id}", route_table_id: "${aws_route_table.app.id}" } },
    aws_vpc_endpoint: {
      readers: {
        vpc_id: "${aws_vpc.main.id}",
        service_name: "com.amazonaws.us-east-1.s3",
        vpc_endpoint_type: "Gateway",
        route_table_ids: ["${aws_route_table.app.id}"],
        policy: policyJson(SCRIPT_ACCESS, AL2023_ACCESS),
        tags: { Name: "readers" },
      },
    },
    aws_kms_key: { scripts: { enable_key_rotation: true } },
    aws_s3_bucket: { scripts: { bucket_prefix: "scripts-" } },
    aws_s3_bucket_public_access_block: {
      scripts: {
        bucket: bucketRef,
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      },
    },
    aws_s3_bucket_server_side_encryption_configuration: {
      scripts: {
        bucket: bucketRef,
        rule: [
          {
            apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: "${aws_kms_key.scripts.arn}" },
            bucket_key_enabled: true,
          },
        ],
      },
    },
    aws_s3_bucket_versioning: { scripts: { bucket: bucketRef, versioning_configuration: { status: "Enabled" } } },
    aws_s3_bucket_ownership_controls: { scripts: { bucket: bucketRef, rule: { object_ownership: "BucketOwnerEnforced" } } },
    aws_s3_bucket_policy: { scripts: { bucket: bucketRef, policy: policyJson(TLS_DENY, ENDPOINT_DENY) } },
    aws_s3_object: { boot: { bucket: bucketRef, key: "bootstrap/boot.sh", source: "boot.sh" } },
    aws_iam_role: {
      web: { assume_role_policy: policyJson({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }) },
    },
    aws_iam_role_policy: {
      web: {
        role: "${aws_iam_role.web.id}",
        policy: policyJson(
          { Sid: "ReadOwnBootScripts", Effect: "Allow", Action: "s3:GetObject", Resource: `${BUCKET_ARN}/bootstrap/boot.sh` },
          {
            Sid: "Decrypt",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: "${aws_kms_key.scripts.arn}",
            Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
          },
        ),
      },
    },
    aws_iam_instance_profile: { web: { role: "${aws_iam_role.web.name}" } },
    aws_security_group: { web: { vpc_id: "${aws_vpc.main.id}", description: "web: no ingress" } },
    aws_vpc_security_group_egress_rule: {
      https_to_s3: {
        security_group_id: "${aws_security_group.web.id}",
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        prefix_list_id: "${data.aws_prefix_list.s3.id}",
        description: "HTTPS to S3 through the gateway endpoint",
      },
    },
    aws_instance: {
      web: {
        ami: "${data.aws_ssm_parameter.al2023.insecure_value}",
        instance_type: "t3.micro",
        subnet_id: "${aws_subnet.app.id}",
        iam_instance_profile: "${aws_iam_instance_profile.web.name}",
        associate_public_ip_address: false,
        monitoring: true,
        vpc_security_group_ids: ["${aws_security_group.web.id}"],
        metadata_options: { http_tokens: "required", http_endpoint: "enabled" },
        root_block_device: { encrypted: true },
        user_data: USER_DATA,
      },
    },
  },
};

/** A fresh copy of the secure configuration. */
export function secureDoc(): TerraformDoc {
  return structuredClone(SECURE_DOC);
}

/** The configuration after a change. */
export function secureDocWith(change: (doc: TerraformDoc) => void): TerraformDoc {
  const doc = secureDoc();
  change(doc);
  return doc;
}

/** The topology of a document, through the real reader. */
export function topologyOf(doc: unknown, name = "fixture"): Topology {
  return readTerraformJson(doc, name);
}

/** The outcomes of one rule on a document. */
export function outcomes(id: string, doc: unknown): RuleOutcome[] {
  const rule = ruleById(id);
  if (rule === undefined) throw new Error(`no rule ${id}`);
  return outcomesOf(rule, topologyOf(doc));
}

/** The outcomes of one rule at one address. */
export function outcomesAt(id: string, doc: unknown, address: string): RuleOutcome[] {
  return outcomes(id, doc).filter((outcome) => outcome.address === address);
}

/** The single status of one rule at one address (throws when there is not exactly one). */
export function statusAt(id: string, doc: unknown, address: string): RuleStatus {
  const found = outcomesAt(id, doc, address);
  if (found.length !== 1) throw new Error(`${id} at ${address}: expected one outcome, got ${JSON.stringify(outcomes(id, doc))}`);
  return (found[0] as RuleOutcome).status;
}

/** The bucket policy's statements, replaced. */
export function setBucketPolicy(doc: TerraformDoc, policy: string): void {
  (doc.resource["aws_s3_bucket_policy"] as Record<string, Block>)["scripts"] = { bucket: bucketRef, policy };
}

/** A resource block of the document (for in-place changes). */
export function block(doc: TerraformDoc, type: string, name: string): Block {
  const found = doc.resource[type]?.[name];
  if (found === undefined) throw new Error(`no ${type}.${name}`);
  return found;
}

/** Adds or replaces a resource block. */
export function put(doc: TerraformDoc, type: string, name: string, values: Block): void {
  doc.resource[type] = { ...(doc.resource[type] ?? {}), [name]: values };
}

/** Removes a resource block. */
export function remove(doc: TerraformDoc, type: string, name: string): void {
  delete doc.resource[type]?.[name];
}
