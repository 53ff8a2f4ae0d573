/**
 * Facts about AWS names that both the constructs and the analysis need. Pure: no cdktf, no I/O.
 * Which S3 actions read or change what lives in access-levels.ts.
 */
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
