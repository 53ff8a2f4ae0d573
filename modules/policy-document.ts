/**
 * IAM policy JSON as typed data. Constructs build these and pass `toJson(...)` to Terraform;
 * cdktf tokens embedded in strings resolve to Terraform references such as `${aws_s3_bucket.x.arn}`.
 */
export interface IamStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | Readonly<Record<string, string | readonly string[]>>;
  readonly Action: string | readonly string[];
  /** Absent only in trust policies. */
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** Serializes statements as a 2012-10-17 policy document, with stable key order. */
export function policyJson(statements: readonly IamStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** Denies every request to a bucket and its objects that does not use TLS. */
export function denyInsecureTransport(bucketArn: string): IamStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}
