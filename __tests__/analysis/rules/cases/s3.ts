import { BUCKET_ARN, BUCKET_POLICY, DEPLOYER, ENDPOINT_DENY, TLS_DENY, block, policyJson, put, remove, setBucketPolicy } from "../fixtures";
import type { RuleCase } from "./describe";

const BUCKET = "aws_s3_bucket.scripts";
const OPAQUE_POLICY = "${jsonencode(local.bucket_policy)}";

export const S3_CASES: RuleCase[] = [
  {
    id: "S3-001",
    name: "no public access block",
    change: (d) => remove(d, "aws_s3_bucket_public_access_block", "scripts"),
    address: BUCKET,
    status: "NON_COMPLIANT",
    detail: /no aws_s3_bucket_public_access_block/,
  },
  {
    id: "S3-001",
    name: "restrict_public_buckets off",
    change: (d) => {
      block(d, "aws_s3_bucket_public_access_block", "scripts")["restrict_public_buckets"] = false;
    },
    address: BUCKET,
    status: "NON_COMPLIANT",
    detail: /restrict_public_buckets/,
  },
  {
    id: "S3-001",
    name: "an unset flag defaults to false",
    change: (d) => {
      delete block(d, "aws_s3_bucket_public_access_block", "scripts")["ignore_public_acls"];
    },
    address: BUCKET,
    status: "NON_COMPLIANT",
    detail: /ignore_public_acls/,
  },
  {
    id: "S3-001",
    name: "a flag from a variable",
    change: (d) => {
      block(d, "aws_s3_bucket_public_access_block", "scripts")["block_public_policy"] = "${var.block}";
    },
    address: BUCKET,
    status: "UNKNOWN",
    detail: /block_public_policy/,
  },
  {
    id: "S3-001",
    name: "the block names its bucket through a variable",
    change: (d) => {
      block(d, "aws_s3_bucket_public_access_block", "scripts")["bucket"] = "${var.bucket}";
    },
    address: BUCKET,
    status: "UNKNOWN",
  },
  {
    id: "S3-001",
    name: "a block linked with the resource. prefix",
    change: (d) => {
      block(d, "aws_s3_bucket_public_access_block", "scripts")["bucket"] = "${resource.aws_s3_bucket.scripts.id}";
    },
    address: BUCKET,
    status: "COMPLIANT",
  },
  {
    id: "S3-001",
    name: "an account-wide block covers it",
    change: (d) => {
      remove(d, "aws_s3_bucket_public_access_block", "scripts");
      put(d, "aws_s3_account_public_access_block", "all", {
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    },
    address: BUCKET,
    status: "COMPLIANT",
  },

  {
    id: "S3-002",
    name: "no encryption configuration",
    change: (d) => remove(d, "aws_s3_bucket_server_side_encryption_configuration", "scripts"),
    address: BUCKET,
    status: "NON_COMPLIANT",
  },
  {
    id: "S3-002",
    name: "the rule block is an expression",
    change: (d) => {
      block(d, "aws_s3_bucket_server_side_encryption_configuration", "scripts")["rule"] = "${var.rules}";
    },
    address: BUCKET,
    status: "UNKNOWN",
  },

  {
    id: "S3-003",
    name: "SSE-S3",
    change: (d) => {
      block(d, "aws_s3_bucket_server_side_encryption_configuration", "scripts")["rule"] = [
        { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
      ];
    },
    address: BUCKET,
    status: "NON_COMPLIANT",
    detail: /SSE-S3/,
  },
  {
    id: "S3-003",
    name: "SSE-KMS with the AWS managed key",
    change: (d) => {
      block(d, "aws_s3_bucket_server_side_encryption_configuration", "scripts")["rule"] = [
        { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" } },
      ];
    },
    address: BUCKET,
    status: "NON_COMPLIANT",
    detail: /aws\/s3/,
  },
  {
    id: "S3-003",
    name: "an SSE-S3 server access log target",
    change: (d) => {
      put(d, "aws_s3_bucket", "logs", { bucket_prefix: "logs-" });
      put(d, "aws_s3_bucket_server_side_encryption_configuration", "logs", {
        bucket: "${aws_s3_bucket.logs.id}",
        rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }],
      });
      put(d, "aws_s3_bucket_logging", "scripts", {
        bucket: "${aws_s3_bucket.scripts.id}",
        target_bucket: "${aws_s3_bucket.logs.id}",
        target_prefix: "scripts/",
      });
    },
    address: "aws_s3_bucket.logs",
    status: "NOT_APPLICABLE",
    detail: /server access log target of aws_s3_bucket_logging\.scripts/,
  },
  {
    id: "S3-003",
    name: "the algorithm from a variable",
    change: (d) => {
      block(d, "aws_s3_bucket_server_side_encryption_configuration", "scripts")["rule"] = [
        { apply_server_side_encryption_by_default: { sse_algorithm: "${var.sse}" } },
      ];
    },
    address: BUCKET,
    status: "UNKNOWN",
  },

  {
    id: "S3-004",
    name: "versioning suspended",
    change: (d) => {
      block(d, "aws_s3_bucket_versioning", "scripts")["versioning_configuration"] = { status: "Suspended" };
    },
    address: BUCKET,
    status: "NON_COMPLIANT",
    detail: /Suspended/,
  },
  {
    id: "S3-004",
    name: "no versioning resource",
    change: (d) => remove(d, "aws_s3_bucket_versioning", "scripts"),
    address: BUCKET,
    status: "NON_COMPLIANT",
  },
  {
    id: "S3-004",
    name: "the status from a variable",
    change: (d) => {
      block(d, "aws_s3_bucket_versioning", "scripts")["versioning_configuration"] = { status: "${var.versioning}" };
    },
    address: BUCKET,
    status: "UNKNOWN",
  },
  {
    id: "S3-004",
    name: "legacy inline versioning",
    change: (d) => {
      remove(d, "aws_s3_bucket_versioning", "scripts");
      block(d, "aws_s3_bucket", "scripts")["versioning"] = [{ enabled: true }];
    },
    address: BUCKET,
    status: "COMPLIANT",
  },

  {
    id: "S3-005",
    name: "no TLS deny",
    change: (d) => setBucketPolicy(d, policyJson(ENDPOINT_DENY)),
    address: BUCKET_POLICY,
    status: "NON_COMPLIANT",
    detail: /no statement denies/,
  },
  {
    id: "S3-005",
    name: "TLS deny on the bucket ARN only",
    change: (d) => setBucketPolicy(d, policyJson({ ...TLS_DENY, Resource: BUCKET_ARN }, ENDPOINT_DENY)),
    address: BUCKET_POLICY,
    status: "NON_COMPLIANT",
    detail: /does not cover/,
  },
  {
    id: "S3-005",
    name: "no bucket policy",
    change: (d) => remove(d, "aws_s3_bucket_policy", "scripts"),
    address: BUCKET,
    status: "NON_COMPLIANT",
  },
  {
    id: "S3-005",
    name: "the policy is a jsonencode",
    change: (d) => setBucketPolicy(d, OPAQUE_POLICY),
    address: BUCKET_POLICY,
    status: "UNKNOWN",
  },
  {
    id: "S3-005",
    name: "the TLS deny names the bucket through a variable",
    change: (d) => setBucketPolicy(d, policyJson({ ...TLS_DENY, Resource: ["${var.bucket_arn}", "${var.bucket_arn}/*"] })),
    address: BUCKET_POLICY,
    status: "UNKNOWN",
  },

  {
    id: "S3-006",
    name: "ObjectWriter ownership",
    change: (d) => {
      block(d, "aws_s3_bucket_ownership_controls", "scripts")["rule"] = { object_ownership: "ObjectWriter" };
    },
    address: BUCKET,
    status: "NON_COMPLIANT",
    detail: /ObjectWriter/,
  },
  {
    id: "S3-006",
    name: "an ACL resource",
    change: (d) => put(d, "aws_s3_bucket_acl", "scripts", { bucket: "${aws_s3_bucket.scripts.id}", acl: "private" }),
    address: BUCKET,
    status: "NON_COMPLIANT",
    detail: /aws_s3_bucket_acl/,
  },
  {
    id: "S3-006",
    name: "ownership from a variable",
    change: (d) => {
      block(d, "aws_s3_bucket_ownership_controls", "scripts")["rule"] = { object_ownership: "${var.ownership}" };
    },
    address: BUCKET,
    status: "UNKNOWN",
  },

  {
    id: "S3-007",
    name: "endpoint deny names the bucket only",
    change: (d) => setBucketPolicy(d, policyJson(TLS_DENY, { ...ENDPOINT_DENY, Resource: BUCKET_ARN })),
    address: BUCKET_POLICY,
    status: "NON_COMPLIANT",
    detail: /DenyOutsideScenarioEndpoints.*bucket ARN only/,
  },
  {
    id: "S3-007",
    name: "a deny on bucket-level actions needs no bucket/*",
    change: (d) =>
      setBucketPolicy(
        d,
        policyJson(TLS_DENY, ENDPOINT_DENY, { Effect: "Deny", Principal: "*", Action: "s3:PutBucketPolicy", Resource: BUCKET_ARN }),
      ),
    address: BUCKET_POLICY,
    status: "COMPLIANT",
  },
  {
    id: "S3-007",
    name: "the policy is a variable",
    change: (d) => setBucketPolicy(d, "${var.policy}"),
    address: BUCKET_POLICY,
    status: "UNKNOWN",
  },

  {
    id: "S3-008",
    name: "aws:SourceIp with an endpoint",
    change: (d) =>
      setBucketPolicy(
        d,
        policyJson(TLS_DENY, ENDPOINT_DENY, {
          Sid: "Office",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111122223333:root" },
          Action: "s3:GetObject",
          Resource: `${BUCKET_ARN}/*`,
          Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
        }),
      ),
    address: BUCKET_POLICY,
    status: "NON_COMPLIANT",
    detail: /Office.*aws:SourceIp/,
  },
  {
    id: "S3-008",
    name: "aws:SourceIp without endpoints",
    change: (d) => {
      remove(d, "aws_vpc_endpoint", "readers");
      setBucketPolicy(d, policyJson({ ...TLS_DENY, Condition: { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } } }));
    },
    address: BUCKET_POLICY,
    status: "NOT_APPLICABLE",
  },
  {
    id: "S3-008",
    name: "the policy is a jsonencode",
    change: (d) => setBucketPolicy(d, OPAQUE_POLICY),
    address: BUCKET_POLICY,
    status: "UNKNOWN",
  },

  {
    id: "S3-009",
    name: "the allow-list names another endpoint",
    change: (d) =>
      setBucketPolicy(
        d,
        policyJson(TLS_DENY, {
          ...ENDPOINT_DENY,
          Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" }, ArnNotLike: { "aws:PrincipalArn": DEPLOYER } },
        }),
      ),
    address: BUCKET_POLICY,
    status: "NON_COMPLIANT",
    detail: /endpoint readers \(instance web\)/,
  },
  {
    id: "S3-009",
    name: "the allow-list is a variable",
    change: (d) =>
      setBucketPolicy(
        d,
        policyJson(TLS_DENY, {
          ...ENDPOINT_DENY,
          Condition: { StringNotEquals: { "aws:SourceVpce": "${var.vpce_ids}" }, ArnNotLike: { "aws:PrincipalArn": DEPLOYER } },
        }),
      ),
    address: BUCKET_POLICY,
    status: "UNKNOWN",
    detail: /var\.vpce_ids/,
  },
  {
    id: "S3-009",
    name: "the VPC form allows the endpoint's VPC",
    change: (d) =>
      setBucketPolicy(
        d,
        policyJson(TLS_DENY, {
          ...ENDPOINT_DENY,
          Condition: { StringNotEquals: { "aws:SourceVpc": "${aws_vpc.main.id}" }, ArnNotLike: { "aws:PrincipalArn": DEPLOYER } },
        }),
      ),
    address: BUCKET_POLICY,
    status: "NOT_APPLICABLE",
  },

  // S3 API Reference, PutBucketPolicy — https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html: only
  // the owner's root user keeps bucket policy management whatever the policy denies.
  {
    id: "S3-010",
    name: "the endpoint deny has no principal exemption",
    change: (d) =>
      setBucketPolicy(
        d,
        policyJson(TLS_DENY, { ...ENDPOINT_DENY, Condition: { StringNotEquals: { "aws:SourceVpce": "${aws_vpc_endpoint.readers.id}" } } }),
      ),
    address: BUCKET_POLICY,
    status: "NON_COMPLIANT",
    detail: new RegExp(
      String.raw`"DenyOutsideScenarioEndpoints" \(when StringNotEquals aws:SourceVpce\) denies the ` +
        String.raw`deploying identity \$\{data\.aws_iam_session_context\.deployer\.issuer_arn\} ` +
        "s3:PutBucketPolicy.*recovery then needs the root user",
    ),
  },
  {
    id: "S3-010",
    name: "a VPC deny with no exemption",
    change: (d) =>
      setBucketPolicy(
        d,
        policyJson(TLS_DENY, { ...ENDPOINT_DENY, Condition: { StringNotEquals: { "aws:sourceVpc": "${aws_vpc.main.id}" } } }),
      ),
    address: BUCKET_POLICY,
    status: "NON_COMPLIANT",
    detail: /aws:sourceVpc/,
  },
  {
    id: "S3-010",
    name: "an unconditional Deny of s3:* to everyone",
    change: (d) =>
      setBucketPolicy(
        d,
        policyJson(TLS_DENY, ENDPOINT_DENY, {
          Sid: "Freeze",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
        }),
      ),
    address: BUCKET_POLICY,
    status: "NON_COMPLIANT",
    detail: /"Freeze" \(unconditionally\) denies the deploying identity/,
  },
  {
    id: "S3-010",
    name: "an unconditional Deny of DeleteBucketPolicy only",
    change: (d) =>
      setBucketPolicy(
        d,
        policyJson(TLS_DENY, ENDPOINT_DENY, {
          Sid: "KeepPolicy",
          Effect: "Deny",
          Principal: { AWS: "*" },
          Action: "s3:DeleteBucketPolicy",
          Resource: BUCKET_ARN,
        }),
      ),
    address: BUCKET_POLICY,
    status: "NON_COMPLIANT",
    detail: /KeepPolicy/,
  },
  {
    id: "S3-010",
    name: "a deny on policy management only",
    change: (d) =>
      setBucketPolicy(
        d,
        policyJson(TLS_DENY, ENDPOINT_DENY, {
          Sid: "Guard",
          Effect: "Deny",
          Principal: "*",
          Action: ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy"],
          Resource: BUCKET_ARN,
          Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } },
        }),
      ),
    address: BUCKET_POLICY,
    status: "NON_COMPLIANT",
    detail: /Guard/,
  },
  {
    id: "S3-010",
    name: "the exemption misses the deployer",
    change: (d) =>
      setBucketPolicy(
        d,
        policyJson(TLS_DENY, {
          ...ENDPOINT_DENY,
          Condition: {
            StringNotEquals: { "aws:SourceVpce": "${aws_vpc_endpoint.readers.id}" },
            ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/admin" },
          },
        }),
      ),
    address: BUCKET_POLICY,
    status: "NON_COMPLIANT",
    detail: /deploying identity/,
  },
  {
    id: "S3-010",
    name: "an exempted administrator denied by another statement",
    change: (d) =>
      setBucketPolicy(
        d,
        policyJson(
          TLS_DENY,
          {
            ...ENDPOINT_DENY,
            Condition: {
              StringNotEquals: { "aws:SourceVpce": "${aws_vpc_endpoint.readers.id}" },
              ArnNotLike: { "aws:PrincipalArn": [DEPLOYER, "arn:aws:iam::111122223333:role/admin"] },
            },
          },
          {
            Sid: "NotOps",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutBucketPolicy",
            Resource: BUCKET_ARN,
            Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/admin" } },
          },
        ),
      ),
    address: BUCKET_POLICY,
    status: "NON_COMPLIANT",
    detail: /"NotOps" \(when ArnLike aws:PrincipalArn\) denies the administrator arn:aws:iam::111122223333:role\/admin/,
  },
  {
    id: "S3-010",
    name: "the deployer and the administrators are exempted",
    change: (d) =>
      setBucketPolicy(
        d,
        policyJson(TLS_DENY, {
          ...ENDPOINT_DENY,
          Condition: {
            StringNotEquals: { "aws:SourceVpce": "${aws_vpc_endpoint.readers.id}" },
            ArnNotLike: { "aws:PrincipalArn": [DEPLOYER, "arn:aws:iam::111122223333:role/admin"] },
          },
        }),
      ),
    address: BUCKET_POLICY,
    status: "COMPLIANT",
  },
  {
    id: "S3-010",
    name: "an exemption of the deployer's own account",
    change: (d) =>
      setBucketPolicy(
        d,
        policyJson(TLS_DENY, {
          ...ENDPOINT_DENY,
          Condition: {
            StringNotEquals: {
              "aws:SourceVpce": "${aws_vpc_endpoint.readers.id}",
              "aws:PrincipalAccount": "${data.aws_caller_identity.me.account_id}",
            },
          },
        }),
      ),
    address: BUCKET_POLICY,
    status: "COMPLIANT",
  },
  {
    id: "S3-010",
    name: "an exemption of a literal account while the deployer's is known only at apply",
    change: (d) =>
      setBucketPolicy(
        d,
        policyJson(TLS_DENY, {
          ...ENDPOINT_DENY,
          Condition: { StringNotEquals: { "aws:SourceVpce": "${aws_vpc_endpoint.readers.id}", "aws:PrincipalAccount": "111122223333" } },
        }),
      ),
    address: BUCKET_POLICY,
    status: "UNKNOWN",
    detail: /turns on aws:principalaccount/,
  },
  {
    id: "S3-010",
    name: "a Deny outside the organization",
    change: (d) =>
      setBucketPolicy(
        d,
        policyJson(TLS_DENY, ENDPOINT_DENY, {
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
          Condition: { StringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } },
        }),
      ),
    address: BUCKET_POLICY,
    status: "UNKNOWN",
    detail: /aws:principalorgid/,
  },
  {
    id: "S3-010",
    name: "a TLS-only Deny is no lockout",
    change: (d) => setBucketPolicy(d, policyJson(TLS_DENY, ENDPOINT_DENY)),
    address: BUCKET_POLICY,
    status: "COMPLIANT",
  },
  {
    id: "S3-010",
    name: "a deny only through the endpoint is no lockout",
    change: (d) =>
      setBucketPolicy(
        d,
        policyJson(TLS_DENY, {
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
          Condition: { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } },
        }),
      ),
    address: BUCKET_POLICY,
    status: "COMPLIANT",
  },
  {
    id: "S3-010",
    name: "the policy is a jsonencode",
    change: (d) => setBucketPolicy(d, OPAQUE_POLICY),
    address: BUCKET_POLICY,
    status: "UNKNOWN",
  },
  {
    id: "S3-010",
    name: "a malformed principal ARN in the policy",
    change: (d) =>
      setBucketPolicy(
        d,
        policyJson(TLS_DENY, ENDPOINT_DENY, {
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam:111122223333:role/x" },
          Action: "s3:GetObject",
          Resource: `${BUCKET_ARN}/*`,
        }),
      ),
    address: BUCKET_POLICY,
    status: "UNKNOWN",
    detail: /Statement\[2\]\.Principal\.AWS: "arn:aws:iam:111122223333:role\/x" is not a well-formed ARN/,
  },

  {
    id: "S3-011",
    name: "an unconditional public read",
    change: (d) =>
      setBucketPolicy(
        d,
        policyJson(TLS_DENY, ENDPOINT_DENY, {
          Sid: "PublicRead",
          Effect: "Allow",
          Principal: "*",
          Action: "s3:GetObject",
          Resource: `${BUCKET_ARN}/*`,
        }),
      ),
    address: BUCKET_POLICY,
    status: "NON_COMPLIANT",
    detail: /PublicRead.*s3:GetObject/,
  },
  {
    id: "S3-011",
    name: "{AWS: *} is everyone too",
    change: (d) =>
      setBucketPolicy(
        d,
        policyJson(TLS_DENY, ENDPOINT_DENY, { Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:ListBucket", Resource: BUCKET_ARN }),
      ),
    address: BUCKET_POLICY,
    status: "NON_COMPLIANT",
  },
  {
    id: "S3-011",
    name: "a conditioned Allow to * is not public",
    change: (d) =>
      setBucketPolicy(
        d,
        policyJson(TLS_DENY, ENDPOINT_DENY, {
          Effect: "Allow",
          Principal: "*",
          Action: "s3:GetObject",
          Resource: `${BUCKET_ARN}/*`,
          Condition: { StringEquals: { "aws:SourceVpce": "${aws_vpc_endpoint.readers.id}" } },
        }),
      ),
    address: BUCKET_POLICY,
    status: "COMPLIANT",
  },
  {
    id: "S3-011",
    name: "the policy is a jsonencode",
    change: (d) => setBucketPolicy(d, OPAQUE_POLICY),
    address: BUCKET_POLICY,
    status: "UNKNOWN",
  },
];
