import {
  AL2023_ACCESS,
  BUCKET_ARN,
  ENDPOINT,
  ENDPOINT_DENY,
  SCRIPT_ACCESS,
  TLS_DENY,
  block,
  policyJson,
  put,
  setBucketPolicy,
} from "../fixtures";
import type { RuleCase } from "./describe";

const ROUTE_TABLE = "aws_route_table.app";

/** The endpoint group granted s3:* on the bucket (D1 of issue #12). */
const GRANT_ALL = { ...SCRIPT_ACCESS, Action: "s3:*" };
/** A bucket policy deny of policy changes through the readers endpoint. */
const DENY_POLICY_CHANGES = {
  Sid: "DenyPolicyChangesThroughEndpoints",
  Effect: "Deny",
  Principal: "*",
  Action: ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy"],
  Resource: BUCKET_ARN,
  Condition: { StringEquals: { "aws:SourceVpce": ["${aws_vpc_endpoint.readers.id}"] } },
};

export const ENDPOINT_CASES: RuleCase[] = [
  {
    id: "VPCE-001",
    name: "no endpoint policy",
    change: (d) => {
      delete block(d, "aws_vpc_endpoint", "readers")["policy"];
    },
    address: ENDPOINT,
    status: "NON_COMPLIANT",
    detail: /default allows every S3 action/,
  },
  {
    id: "VPCE-001",
    name: "s3:* on *",
    change: (d) => {
      block(d, "aws_vpc_endpoint", "readers")["policy"] = policyJson({
        Sid: "All",
        Effect: "Allow",
        Principal: "*",
        Action: "s3:*",
        Resource: "*",
      });
    },
    address: ENDPOINT,
    status: "NON_COMPLIANT",
    detail: /"All" allows s3:\*/,
  },
  {
    id: "VPCE-001",
    name: "s3:* on * narrowed by a condition",
    change: (d) => {
      block(d, "aws_vpc_endpoint", "readers")["policy"] = policyJson({
        Effect: "Allow",
        Principal: "*",
        Action: "s3:*",
        Resource: "*",
        Condition: { StringEquals: { "aws:PrincipalAccount": "111122223333" } },
      });
    },
    address: ENDPOINT,
    status: "COMPLIANT",
  },
  {
    id: "VPCE-001",
    name: "the policy is a variable",
    change: (d) => {
      block(d, "aws_vpc_endpoint", "readers")["policy"] = "${var.endpoint_policy}";
    },
    address: ENDPOINT,
    status: "UNKNOWN",
  },

  {
    id: "VPCE-002",
    name: "two S3 endpoints on one route table",
    change: (d) =>
      put(d, "aws_vpc_endpoint", "writers", {
        vpc_id: "${aws_vpc.main.id}",
        service_name: "com.amazonaws.us-east-1.s3",
        route_table_ids: ["${aws_route_table.app.id}"],
        tags: { Name: "writers" },
      }),
    address: ROUTE_TABLE,
    status: "NON_COMPLIANT",
    detail: /readers and writers/,
  },
  {
    id: "VPCE-002",
    name: "an association resource adds the second",
    change: (d) => {
      put(d, "aws_vpc_endpoint", "writers", {
        vpc_id: "${aws_vpc.main.id}",
        service_name: "com.amazonaws.us-east-1.s3",
        tags: { Name: "writers" },
      });
      put(d, "aws_vpc_endpoint_route_table_association", "w", {
        vpc_endpoint_id: "${aws_vpc_endpoint.writers.id}",
        route_table_id: "${aws_route_table.app.id}",
      });
    },
    address: ROUTE_TABLE,
    status: "NON_COMPLIANT",
  },
  {
    id: "VPCE-002",
    name: "route tables from a variable",
    change: (d) => {
      block(d, "aws_vpc_endpoint", "readers")["route_table_ids"] = "${var.route_table_ids}";
    },
    address: ENDPOINT,
    status: "UNKNOWN",
  },

  {
    id: "VPCE-003",
    name: "bucket in another region",
    change: (d) => {
      d.provider.aws.push({ alias: "west", region: "us-west-2" });
      block(d, "aws_s3_bucket", "scripts")["provider"] = "aws.west";
    },
    address: ENDPOINT,
    status: "NON_COMPLIANT",
    detail: /us-west-2, the endpoint in us-east-1/,
  },
  {
    id: "VPCE-003",
    name: "the provider region is a variable",
    change: (d) => {
      d.provider.aws = [{ region: "${var.region}" }];
    },
    address: ENDPOINT,
    status: "UNKNOWN",
    detail: /region/,
  },

  {
    id: "VPCE-004",
    name: "no Amazon Linux repository statement",
    change: (d) => {
      block(d, "aws_vpc_endpoint", "readers")["policy"] = policyJson(SCRIPT_ACCESS);
    },
    address: ENDPOINT,
    status: "NON_COMPLIANT",
    detail: /al2023-repos-us-east-1-de612dc2 is not allowed; needed by web/,
  },
  {
    id: "VPCE-004",
    name: "the repository of another region",
    change: (d) => {
      block(d, "aws_vpc_endpoint", "readers")["policy"] = policyJson(SCRIPT_ACCESS, {
        ...AL2023_ACCESS,
        Resource: "arn:aws:s3:::al2023-repos-eu-west-1-de612dc2/*",
      });
    },
    address: ENDPOINT,
    status: "NON_COMPLIANT",
  },
  {
    id: "VPCE-004",
    name: "no instance needs packages",
    change: (d) => {
      block(d, "aws_vpc_endpoint", "readers")["policy"] = policyJson(SCRIPT_ACCESS);
      const web = block(d, "aws_instance", "web");
      web["ami"] = "ami-0123456789abcdef0";
      web["user_data"] = "#!/bin/bash\necho hi\n";
    },
    address: ENDPOINT,
    status: "NOT_APPLICABLE",
  },
  {
    id: "VPCE-004",
    name: "cloud-config packages on another AMI",
    change: (d) => {
      block(d, "aws_vpc_endpoint", "readers")["policy"] = policyJson(SCRIPT_ACCESS);
      const web = block(d, "aws_instance", "web");
      web["ami"] = "ami-0123456789abcdef0";
      web["user_data"] = "#cloud-config\npackages:\n  - jq\n";
    },
    address: ENDPOINT,
    status: "NON_COMPLIANT",
  },
  {
    id: "VPCE-004",
    name: "the policy is a jsonencode",
    change: (d) => {
      block(d, "aws_vpc_endpoint", "readers")["policy"] = "${jsonencode(local.endpoint_policy)}";
    },
    address: ENDPOINT,
    status: "UNKNOWN",
  },

  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html: any identity of the bucket owner's
  // account allowed by the policies can call it.
  {
    id: "VPCE-005",
    name: "the endpoint group is granted s3:* on the bucket",
    change: (d) => {
      block(d, "aws_vpc_endpoint", "readers")["policy"] = policyJson(GRANT_ALL, AL2023_ACCESS);
    },
    address: ENDPOINT,
    status: "NON_COMPLIANT",
    detail: new RegExp(
      "account principals can call s3:PutBucketPolicy and s3:DeleteBucketPolicy on " +
        String.raw`aws_s3_bucket\.scripts through endpoint readers: allowed by .*endpoint policy of readers ` +
        'statement "ScriptBucketAccess"',
    ),
  },
  {
    id: "VPCE-005",
    name: "no endpoint policy: AWS's full-access default",
    change: (d) => {
      delete block(d, "aws_vpc_endpoint", "readers")["policy"];
    },
    address: ENDPOINT,
    status: "NON_COMPLIANT",
    detail: /s3:PutBucketPolicy and s3:DeleteBucketPolicy/,
  },
  {
    id: "VPCE-005",
    name: "only s3:DeleteBucketPolicy is granted",
    change: (d) => {
      block(d, "aws_vpc_endpoint", "readers")["policy"] = policyJson({
        ...SCRIPT_ACCESS,
        Action: ["s3:GetObject", "s3:DeleteBucketPolicy"],
      });
    },
    address: ENDPOINT,
    status: "NON_COMPLIANT",
    detail: /can call s3:DeleteBucketPolicy on/,
  },
  {
    id: "VPCE-005",
    name: "s3:* granted, but the bucket policy denies policy changes through the endpoint",
    change: (d) => {
      block(d, "aws_vpc_endpoint", "readers")["policy"] = policyJson(GRANT_ALL, AL2023_ACCESS);
      setBucketPolicy(d, policyJson(TLS_DENY, ENDPOINT_DENY, DENY_POLICY_CHANGES));
    },
    address: ENDPOINT,
    status: "COMPLIANT",
  },
  {
    id: "VPCE-005",
    name: "the endpoint policy is a variable",
    change: (d) => {
      block(d, "aws_vpc_endpoint", "readers")["policy"] = "${var.endpoint_policy}";
    },
    address: ENDPOINT,
    status: "UNKNOWN",
    detail: /endpoint policy of readers is unresolved/,
  },
  {
    id: "VPCE-005",
    name: "s3:* granted and the bucket policy is a variable",
    change: (d) => {
      block(d, "aws_vpc_endpoint", "readers")["policy"] = policyJson(GRANT_ALL);
      setBucketPolicy(d, "${var.bucket_policy}");
    },
    address: ENDPOINT,
    status: "UNKNOWN",
    detail: /bucket policy is unresolved/,
  },
];
