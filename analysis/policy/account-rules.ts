/**
 * AWS rules on who may call an action that no policy can change: they depend on
 * whether the caller belongs to the resource's account. One table per fact.
 *
 * - Bucket policy management (Amazon S3 API Reference, PutBucketPolicy,
 *   GetBucketPolicy, DeleteBucketPolicy — https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html):
 *   "If you are using an identity other than the root user of the AWS account
 *   that owns the bucket, the calling identity must have the PutBucketPolicy
 *   permissions on the specified bucket and belong to the bucket owner's
 *   account" (else 405 Method Not Allowed); and the root user of the bucket
 *   owner's account can always call them, "even if their bucket policy
 *   explicitly denies the root principal's access" — only VPC endpoint
 *   policies and AWS Organizations policies can block it.
 * - KMS (AWS KMS Developer Guide, "Allowing users in other accounts to use a KMS
 *   key" — https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html):
 *   cross-account permissions are effective only for the cryptographic
 *   operations and CreateGrant, DescribeKey, GetKeyRotationStatus,
 *   GetPublicKey, ListGrants, RetireGrant and RevokeGrant; for any other
 *   operation a principal of another account is refused even when the key
 *   policy and its identity policy both allow it.
 */
import { matchesWildcard } from "./wildcard";

/** An AWS rule outside the policies that decided a request. */
export type AccountRule =
  /** Bucket policy management by an identity of another account (or anonymous): refused (405). */
  | "bucket-owner-account-only"
  /** Bucket policy management by the bucket owner's root user: allowed whatever the bucket policy denies. */
  | "bucket-owner-root-user"
  /** A KMS operation that cannot be used from another account. */
  | "kms-key-account-only";

/** The actions only identities of the bucket owner's account can call, and its root user always can. */
export const BUCKET_POLICY_ACTIONS: readonly string[] = ["s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"];

/** The KMS operations whose cross-account permissions take effect; every other `kms:` action is same-account only. */
const KMS_CROSS_ACCOUNT_ACTIONS: readonly string[] = [
  // The cryptographic operations.
  "kms:Encrypt",
  "kms:Decrypt",
  "kms:ReEncrypt*",
  "kms:GenerateDataKey*",
  "kms:GenerateMac",
  "kms:VerifyMac",
  "kms:Sign",
  "kms:Verify",
  "kms:DeriveSharedSecret",
  // Key and grant operations that also work across accounts.
  "kms:CreateGrant",
  "kms:DescribeKey",
  "kms:GetKeyRotationStatus",
  "kms:GetPublicKey",
  "kms:ListGrants",
  "kms:RetireGrant",
  "kms:RevokeGrant",
];

/** True for s3:GetBucketPolicy, s3:PutBucketPolicy and s3:DeleteBucketPolicy (case-insensitive). */
export function isBucketPolicyAction(action: string): boolean {
  return BUCKET_POLICY_ACTIONS.some((name) => name.toLowerCase() === action.toLowerCase());
}

/** True for `kms:` actions. */
export function isKmsAction(action: string): boolean {
  return action.toLowerCase().startsWith("kms:");
}

/** True for a `kms:` action that a principal of another account can use when both policies allow it. */
export function kmsWorksCrossAccount(action: string): boolean {
  return KMS_CROSS_ACCOUNT_ACTIONS.some((pattern) => matchesWildcard(pattern, action, { ignoreCase: true }));
}
