/**
 * Facts about AWS names that both the constructs and the analysis need. Pure: no cdktf, no I/O.
 */
import { matchesWildcard } from "./policy/wildcard";

/** The ARN partition of a region: `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** The service name of the regional S3 gateway endpoint, e.g. `com.amazonaws.us-east-1.s3`. */
export function s3ServiceName(region: string): string {
  return `com.amazonaws.${region}.s3`;
}

/** The bucket that serves the region's Amazon Linux 2023 package repositories to `dnf`. */
export function al2023RepoBucket(region: string): string {
  return `al2023-repos-${region}-de612dc2`;
}

/** The `kms:ViaService` value for S3 calling KMS on a requester's behalf. */
export function s3ViaService(region: string): string {
  return `s3.${region}.amazonaws.com`;
}

/** Actions that read objects or list the bucket. */
export const S3_READ_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"] as const;
/** Actions that a read-write endpoint group adds to read. */
export const S3_WRITE_ACTIONS = ["s3:PutObject", "s3:AbortMultipartUpload"] as const;
/**
 * Patterns that cover every object-changing action; a Deny on these through a read-only
 * endpoint keeps that endpoint read-only whatever an identity policy allows.
 */
export const S3_OBJECT_WRITE_PATTERNS = ["s3:PutObject*", "s3:DeleteObject*", "s3:AbortMultipartUpload", "s3:RestoreObject", "s3:ReplicateObject", "s3:ReplicateDelete"] as const;

/** Concrete actions that change objects; used to tell whether a set of action patterns can write. */
const OBJECT_WRITE_ACTIONS = ["s3:PutObject", "s3:PutObjectAcl", "s3:PutObjectTagging", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:AbortMultipartUpload", "s3:RestoreObject", "s3:ReplicateObject"];

/** True when any of the action patterns (with `*`/`?`, case-insensitive) covers an object write. */
export function grantsObjectWrite(actionPatterns: readonly string[]): boolean {
  return actionPatterns.some((pattern) => OBJECT_WRITE_ACTIONS.some((action) => matchesWildcard(pattern, action, { ignoreCase: true })));
}
