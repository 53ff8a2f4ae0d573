import "../support/matchers";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Testing } from "cdktf";
import { DeployerIdentity } from "../../modules/deployer-identity";
import { ScriptBucket, type ScriptBucketProps } from "../../modules/script-bucket";
import { SCRIPTS, resourceNamed, statementsOf } from "../support/constructs";

function synthBucket(overrides: Partial<ScriptBucketProps> = {}): string {
  return Testing.synthScope((scope) => {
    const identity = new DeployerIdentity(scope, "Deployer", { region: "us-east-1" });
    new ScriptBucket(scope, "ScriptBucket", {
      project: "bkt",
      identity,
      encryption: "kms",
      keyPrefix: "bootstrap/",
      scripts: SCRIPTS,
      ...overrides,
    });
  });
}

describe("ScriptBucket", () => {
  const json = synthBucket();

  test("blocks all four kinds of public access and enforces bucket-owner ownership", () => {
    expect(json).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(json).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: "BucketOwnerEnforced" } });
    expect(json).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: "Enabled" } });
  });

  test("encrypts with a rotating customer managed key by default", () => {
    expect(json).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(json).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: "aws:kms",
            kms_master_key_id: expect.stringMatching(/aws_kms_key\.ScriptBucket_Key/),
          },
          bucket_key_enabled: true,
        },
      ],
    });
  });

  test("SSE-S3 on request, without a key", () => {
    const sse = synthBucket({ encryption: "s3" });
    expect(sse).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }],
    });
    expect(sse).not.toHaveResource(KmsKey);
  });

  test("uploads each script once under the key prefix, with its SHA-256 as source_hash and a relative asset path", () => {
    for (const script of SCRIPTS) {
      expect(json).toHaveResourceWithProperties(S3Object, {
        key: `bootstrap/${script.fileName}`,
        source_hash: script.sha256,
        source: expect.stringMatching(new RegExp(`^assets/.*/${script.fileName.replace(".", "\\.")}$`)),
        server_side_encryption: "aws:kms",
      });
    }
  });

  test("sends every change to EventBridge", () => {
    expect(json).toHaveResourceWithProperties(S3BucketNotification, {
      eventbridge: true,
      bucket: expect.stringMatching(/aws_s3_bucket\.ScriptBucket_\w+\.id/),
    });
  });

  test("generates a unique name from the project unless one is given", () => {
    expect(json).toHaveResourceWithProperties(S3Bucket, { bucket_prefix: "bkt-scripts-", force_destroy: false });
    expect(synthBucket({ bucketName: "my-scripts-bucket" })).toHaveResourceWithProperties(S3Bucket, { bucket: "my-scripts-bucket" });
  });

  test("delivers access logs to a locked-down bucket that only the S3 logging service may write, over TLS", () => {
    const policy = resourceNamed(json, "aws_s3_bucket_policy", /AccessLogs/);
    const statements = statementsOf(policy);
    expect(statements.map((s) => s.Sid)).toEqual(["DenyInsecureTransport", "S3ServerAccessLogDelivery"]);
    expect(statements[1]).toMatchObject({
      Principal: { Service: "logging.s3.amazonaws.com" },
      Condition: { ArnLike: { "aws:SourceArn": expect.stringMatching(/aws_s3_bucket\.ScriptBucket_\w+\.arn/) } },
    });
    expect(synthBucket({ accessLogs: false })).not.toMatch(/AccessLogs/);
  });

  test("turns logging on only after the log bucket's delivery policy exists (S3 checks it: InvalidTargetBucketForLogging)", () => {
    const logging = resourceNamed(json, "aws_s3_bucket_logging", /Logging/);
    expect(logging.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\.ScriptBucket_AccessLogs_Policy_\w+$/)]);
  });

  test("an unknown script is a clear error", () => {
    Testing.synthScope((scope) => {
      const identity = new DeployerIdentity(scope, "Deployer", { region: "us-east-1" });
      const bucket = new ScriptBucket(scope, "B", { project: "bkt", identity, encryption: "s3", keyPrefix: "", scripts: SCRIPTS });
      expect(() => bucket.scriptObject("missing.sh")).toThrow(/script "missing\.sh" was not uploaded/);
    });
  });
});
