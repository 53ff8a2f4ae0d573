// The peer's script bucket: SSE-KMS with a rotating key, versioned, public access blocked, owner-enforced,
// access logs to a second bucket, lifecycle hygiene; and its policy: TLS only (enforceSSL), deny outside
// the scenario's endpoints (or VPC) except the deployer and admins, deny through each endpoint the object
// changes its group is not granted.
import { Duration, RemovalPolicy, type Stack } from "aws-cdk-lib";
import type * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { PeerGroup, PeerScenario } from "./scenario";

const hygiene: s3.LifecycleRule[] = [
  { noncurrentVersionExpiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(7) },
];

/** The bucket and its key (undefined with `encryption: "s3"`). */
export function scriptBucket(stack: Stack, { config }: PeerScenario): { bucket: s3.Bucket; key?: kms.Key } {
  const { project, bucket: spec } = config;
  const key =
    spec.encryption === "kms"
      ? new kms.Key(stack, "ScriptKey", {
          description: `${project} boot scripts`,
          alias: `alias/${project}-scripts`,
          enableKeyRotation: true,
          pendingWindow: Duration.days(30),
        })
      : undefined;
  const shared = {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    versioned: true,
    lifecycleRules: hygiene,
    removalPolicy: RemovalPolicy.RETAIN,
  };
  // Server access log delivery does not support SSE-KMS on the target bucket.
  const accessLogs = spec.accessLogs
    ? new s3.Bucket(stack, "AccessLogs", { ...shared, encryption: s3.BucketEncryption.S3_MANAGED })
    : undefined;
  const bucket = new s3.Bucket(stack, "ScriptBucket", {
    ...shared,
    bucketName: spec.name,
    encryption: key ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
    encryptionKey: key,
    bucketKeyEnabled: key !== undefined,
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: accessLogs ? "scripts/" : undefined,
    // Our stack turns on EventBridge notifications with a plain aws_s3_bucket_notification; AWS CDK does it
    // with a Lambda-backed custom resource, left out so that AWS CDK is not charged for a Lambda.
  });
  return { bucket, key };
}

/** The bucket policy's denies beyond enforceSSL's TLS-only statement. */
export function lockDown(
  bucket: s3.Bucket,
  vpc: ec2.Vpc,
  endpoints: readonly { group: PeerGroup; endpoint: ec2.GatewayVpcEndpoint }[],
  { config }: PeerScenario,
  deployerArn: string,
): void {
  const { access } = config;
  const everyone = [new iam.AnyPrincipal()];
  const ids = endpoints.map((e) => e.endpoint.vpcEndpointId);
  const notFromPrivatePath =
    access.mode === "vpce"
      ? { "aws:SourceVpce": [...ids, ...access.trustedEndpointIds] }
      : { "aws:SourceVpc": [vpc.vpcId], ...(access.trustedEndpointIds.length > 0 ? { "aws:SourceVpce": access.trustedEndpointIds } : {}) };
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: access.mode === "vpce" ? "DenyOutsideScenarioEndpoints" : "DenyOutsideVpc",
      effect: iam.Effect.DENY,
      principals: everyone,
      actions: ["s3:*"],
      resources: [bucket.bucketArn, bucket.arnForObjects("*")],
      conditions: {
        StringNotEquals: notFromPrivatePath,
        ArnNotLike: { "aws:PrincipalArn": [deployerArn, ...access.adminPrincipalArns] },
      },
    }),
  );
  // As in our stack: endpoints with equal denies share one statement, in group order.
  const byDeny = new Map<string, { sid: string; actions: readonly string[]; ids: string[] }>();
  for (const { group, endpoint } of endpoints) {
    if (group.deniedWrites.length === 0) continue;
    const sid = group.readOnly ? "DenyWritesThroughReadOnlyEndpoints" : `DenyUngrantedWritesThrough${pascal(group.name)}`;
    const entry = byDeny.get(group.deniedWrites.join()) ?? { sid, actions: group.deniedWrites, ids: [] };
    entry.ids.push(endpoint.vpcEndpointId);
    byDeny.set(group.deniedWrites.join(), entry);
  }
  for (const { sid, actions, ids: through } of byDeny.values()) {
    bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid,
        effect: iam.Effect.DENY,
        principals: everyone,
        actions: [...actions],
        resources: [bucket.arnForObjects("*")],
        conditions: { StringEquals: { "aws:SourceVpce": through } },
      }),
    );
  }
}

function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}
