import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { AssetType, type ITerraformDependable, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import type { ScriptFile } from "../config/load";
import { problemAt } from "../config/problems";
import type { IDeployerIdentity } from "./deployer-identity";
import { EncryptionKey, type IEncryptionKey } from "./encryption-key";
import { denyInsecureTransport, policyJson } from "./policy-document";
import { DEFAULTS } from "../config/defaults";
import { NAMES } from "../config/names";
import type { ScenarioConfig } from "../config/schema";

/** Server-side encryption of the script bucket. The config schema declares the values. */
export type BucketEncryption = ScenarioConfig["bucket"]["encryption"];

/** The bucket that holds the boot scripts, as the endpoints, the bucket policy and the instances use it. */
export interface IScriptBucket {
  /** The bucket's name, e.g. for `aws s3 cp s3://<bucketName>/…`. */
  readonly bucketName: string;
  /** The bucket's Terraform id (S3 makes it the name); bucket-level resources such as the bucket policy attach to it. */
  readonly bucketId: string;
  /** The bucket's ARN, for policies. */
  readonly bucketArn: string;
  /**
   * The customer managed key of the bucket's default encryption; instance roles get `kms:Decrypt` on it through S3.
   * @default - none: SSE-S3
   */
  readonly encryptionKey?: IEncryptionKey;
  /**
   * What a bucket policy must be applied after (S3 refuses concurrent changes to the public access block and the policy).
   * @default - nothing
   */
  readonly publicAccessBlock?: ITerraformDependable;
  /** The S3 key of a script. */
  objectKey(fileName: string): string;
  /** The ARN of a script object. */
  objectArn(fileName: string): string;
  /** The uploaded object of a script, for `dependsOn`: an instance boots only once its scripts are in place. */
  scriptObject(fileName: string): ITerraformDependable;
}

export interface ScriptBucketProps {
  /** Name prefix for generated names. */
  readonly project: string;
  /** The account, for the KMS key policy and the access-log delivery condition. */
  readonly identity: IDeployerIdentity;
  /**
   * Exact bucket name.
   * @default - a unique name generated from `<project>-scripts-`
   */
  readonly bucketName?: string;
  /** `kms`: SSE-KMS with a rotating customer managed key; `s3`: SSE-S3. */
  readonly encryption: BucketEncryption;
  /** Boot scripts to upload, each once, as `<keyPrefix><fileName>`. */
  readonly scripts: readonly ScriptFile[];
  /** Key prefix of the uploaded scripts: empty or ending in `/`. */
  readonly keyPrefix: string;
  /**
   * Deliver S3 server access logs to a second, locked-down bucket.
   * @default true
   */
  readonly accessLogs?: boolean;
  /**
   * Let `terraform destroy` delete a bucket that still holds objects.
   * @default false
   */
  readonly forceDestroy?: boolean;
}

/**
 * The bucket that holds the boot scripts: public access blocked, owner-enforced ownership, versioned,
 * encrypted, with lifecycle rules, access logs and EventBridge notifications of changes. Its access policy is `BucketAccessPolicy`'s job.
 */
export class ScriptBucket extends Construct implements IScriptBucket {
  public readonly bucket: S3Bucket;
  public readonly bucketArn: string;
  public readonly bucketName: string;
  public readonly bucketId: string;
  /** The public access block; a bucket policy must be applied after it. */
  public readonly publicAccessBlock: S3BucketPublicAccessBlock;
  /** The customer managed key, when `encryption` is `kms`. */
  public readonly encryptionKey?: EncryptionKey;
  private readonly objects = new Map<string, S3Object>();
  private readonly keyPrefix: string;

  constructor(scope: Construct, id: string, props: ScriptBucketProps) {
    super(scope, id);
    this.keyPrefix = props.keyPrefix;
    this.bucket = new S3Bucket(this, "Bucket", {
      bucket: props.bucketName,
      bucketPrefix: props.bucketName ? undefined : NAMES.scriptBucketPrefix.build(props),
      forceDestroy: props.forceDestroy ?? DEFAULTS.forceDestroy,
    });
    this.bucketArn = this.bucket.arn;
    this.bucketName = this.bucket.bucket;
    this.bucketId = this.bucket.id;
    this.publicAccessBlock = lockDown(this, this.bucket);
    if (props.encryption === "kms") {
      this.encryptionKey = new EncryptionKey(this, "Key", {
        description: NAMES.scriptKeyDescription.build(props),
        alias: NAMES.scriptKeyAlias.build(props),
        identity: props.identity,
      });
    }
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket: this.bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: this.encryptionKey
            ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.encryptionKey.keyArn }
            : { sseAlgorithm: "AES256" },
          bucketKeyEnabled: this.encryptionKey !== undefined,
        },
      ],
    });
    // Every change to a boot script becomes an EventBridge event, for audit and alerting.
    new S3BucketNotification(this, "Notifications", { bucket: this.bucket.id, eventbridge: true });
    if (props.accessLogs ?? DEFAULTS.accessLogs) this.createAccessLogs(props);
    this.uploadScripts(props.scripts);
  }

  /** The S3 key of a script. */
  public objectKey(fileName: string): string {
    return `${this.keyPrefix}${fileName}`;
  }

  /** The ARN of a script object. */
  public objectArn(fileName: string): string {
    return `${this.bucketArn}/${this.objectKey(fileName)}`;
  }

  /** The uploaded object of a script, for `dependsOn`. */
  public scriptObject(fileName: string): S3Object {
    const object = this.objects.get(fileName);
    if (!object) throw problemAt(this.node.path, `script "${fileName}" was not uploaded`, "add it to the scripts folder");
    return object;
  }

  private uploadScripts(scripts: readonly ScriptFile[]): void {
    const scope = new Construct(this, "Scripts");
    for (const script of scripts) {
      const fileScope = new Construct(scope, script.fileName);
      const asset = new TerraformAsset(fileScope, "Asset", { path: script.absolutePath, type: AssetType.FILE });
      this.objects.set(
        script.fileName,
        new S3Object(fileScope, "Object", {
          bucket: this.bucket.id,
          key: this.objectKey(script.fileName),
          source: asset.path,
          sourceHash: script.sha256,
          contentType: "text/x-shellscript",
          serverSideEncryption: this.encryptionKey ? "aws:kms" : "AES256",
          kmsKeyId: this.encryptionKey?.keyArn,
        }),
      );
    }
  }

  private createAccessLogs(props: ScriptBucketProps): void {
    const scope = new Construct(this, "AccessLogs");
    const logs = new S3Bucket(scope, "Bucket", {
      bucketPrefix: NAMES.logBucketPrefix.build(props),
      forceDestroy: props.forceDestroy ?? DEFAULTS.forceDestroy,
    });
    const block = lockDown(scope, logs);
    // Server access log delivery does not support SSE-KMS on the target bucket.
    new S3BucketServerSideEncryptionConfigurationA(scope, "Encryption", {
      bucket: logs.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    });
    const deliveryPolicy = new S3BucketPolicy(scope, "Policy", {
      bucket: logs.id,
      dependsOn: [block],
      policy: policyJson([
        denyInsecureTransport(logs.arn),
        {
          Sid: "S3ServerAccessLogDelivery",
          Effect: "Allow",
          Principal: { Service: "logging.s3.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${logs.arn}/*`,
          Condition: { ArnLike: { "aws:SourceArn": this.bucketArn }, StringEquals: { "aws:SourceAccount": props.identity.accountId } },
        },
      ]),
    });
    // S3 validates the target's log-delivery permission when logging is turned on (InvalidTargetBucketForLogging),
    // so the target's policy must exist first.
    new S3BucketLoggingA(this, "Logging", {
      bucket: this.bucket.id,
      targetBucket: logs.id,
      targetPrefix: "scripts/",
      dependsOn: [deliveryPolicy],
    });
  }
}

/** Blocks public access, enforces bucket-owner ownership, turns on versioning and lifecycle hygiene. */
function lockDown(scope: Construct, bucket: S3Bucket): S3BucketPublicAccessBlock {
  const block = new S3BucketPublicAccessBlock(scope, "PublicAccessBlock", {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, "Ownership", { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
  new S3BucketVersioningA(scope, "Versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
  new S3BucketLifecycleConfiguration(scope, "Lifecycle", {
    bucket: bucket.id,
    rule: [
      {
        id: "expire-noncurrent-and-abort-uploads",
        status: "Enabled",
        filter: [{ prefix: "" }],
        noncurrentVersionExpiration: [{ noncurrentDays: 90 }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
    ],
  });
  return block;
}
