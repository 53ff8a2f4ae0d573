/**
 * The rule pack: every rule's id, wording, severity and fix, next to its check. Rules hold no
 * wording; findings are worded from here (see run.ts).
 */
import { amazonLinuxRepos } from "./endpoints/amazon-linux-repos";
import { endpointPolicyScoped } from "./endpoints/endpoint-policy-scope";
import { oneEndpointPerRouteTable } from "./endpoints/route-table-conflict";
import { bucketInEndpointRegion } from "./endpoints/same-region";
import { bucketPolicyChangeThroughEndpoint } from "./endpoints/bucket-policy-change";
import { detailedMonitoring } from "./ec2/detailed-monitoring";
import { imdsv2Required } from "./ec2/imdsv2";
import { hasInstanceProfile } from "./ec2/instance-profile";
import { noPublicIp } from "./ec2/public-ip";
import { s3CliRegion } from "./ec2/s3-cli-region";
import { noSecretsInUserData } from "./ec2/user-data-secrets";
import { volumesEncrypted } from "./ec2/volume-encryption";
import { noFullAdmin, noServiceWildcard } from "./iam/wildcard-admin";
import { keyRotation } from "./kms/key-rotation";
import { defaultSecurityGroupClosed } from "./network/default-security-group";
import { vpcFlowLogs } from "./network/flow-logs";
import { noAllPortsEgress } from "./network/open-egress";
import { noOpenIngress } from "./network/open-ingress";
import { ruleDescribed } from "./network/rule-description";
import { denyCoversObjects } from "./s3/deny-misses-objects";
import { customerManagedKey, defaultEncryptionConfigured } from "./s3/encryption";
import { endpointAllowList } from "./s3/endpoint-allow-list";
import { managementLockout } from "./s3/management-lockout";
import { aclsDisabled } from "./s3/object-ownership";
import { noPublicAllow } from "./s3/public-allow";
import { publicAccessBlock } from "./s3/public-access-block";
import { sourceIpWithEndpoints } from "./s3/source-ip-with-endpoints";
import { tlsOnly } from "./s3/tls-only";
import { versioningEnabled } from "./s3/versioning";
import type { RegisteredRule } from "./types";

const S3_DOCS = "https://docs.aws.amazon.com/AmazonS3/latest/userguide";
const VPC_DOCS = "https://docs.aws.amazon.com/vpc/latest";
const EC2_DOCS = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide";

const S3_RULES: readonly RegisteredRule[] = [
  {
    id: "S3-001",
    area: "s3",
    severity: "high",
    check: publicAccessBlock,
    title: "Bucket public access block incomplete",
    condition: "The bucket has no public access block, or one of its four flags is off.",
    risk: "A later ACL or bucket policy can make the bucket or its objects public.",
    fix:
      "Add an aws_s3_bucket_public_access_block for the bucket with block_public_acls, block_public_policy, " +
      "ignore_public_acls and restrict_public_buckets all true.",
    help:
      "All four Block Public Access flags must be true on the bucket (or on the account, with " +
      "aws_s3_account_public_access_block). Unset flags default to false in the AWS provider.",
    helpUri: `${S3_DOCS}/access-control-block-public-access.html`,
  },
  {
    id: "S3-002",
    area: "s3",
    severity: "medium",
    check: defaultEncryptionConfigured,
    title: "Bucket default encryption not configured",
    condition: "The bucket has no server-side encryption configuration.",
    risk: "Encryption is left to the account default (SSE-S3): no key policy controls who can read the data, and no key use is logged.",
    fix:
      "Add an aws_s3_bucket_server_side_encryption_configuration with sse_algorithm aws:kms and a customer managed " +
      "key (bucket_key_enabled true).",
    help:
      "The configuration should state the bucket's default encryption instead of relying on the service default. " +
      "SSE-KMS with a customer managed key adds a second policy (the key policy) in front of the data.",
    helpUri: `${S3_DOCS}/default-bucket-encryption.html`,
  },
  {
    id: "S3-003",
    area: "s3",
    severity: "low",
    check: customerManagedKey,
    title: "Bucket not encrypted with a customer managed KMS key",
    condition: "The bucket's default encryption is SSE-S3 or the AWS managed key aws/s3, not SSE-KMS with a customer managed key.",
    risk:
      "Anyone the bucket policy and IAM allow can read the objects; there is no key policy to narrow readers, no " +
      "key-level audit, and no way to revoke by disabling the key.",
    fix:
      "Use sse_algorithm aws:kms with kms_master_key_id set to a customer managed aws_kms_key (rotation on), and " +
      "grant kms:Decrypt to readers with kms:ViaService s3.<region>.amazonaws.com.",
    help:
      "SSE-S3 and aws/s3 protect against disk theft only. A customer managed key makes decryption a separate " +
      "permission. Server access log target buckets are not applicable: AWS documents SSE-S3 as the only default " +
      "encryption supported there.",
    helpUri: `${S3_DOCS}/UsingKMSEncryption.html`,
  },
  {
    id: "S3-004",
    area: "s3",
    severity: "medium",
    check: versioningEnabled,
    title: "Bucket versioning not enabled",
    condition: "Versioning is not enabled on the bucket.",
    risk: "An overwritten or deleted boot script cannot be recovered, and a bad upload cannot be rolled back.",
    fix:
      "Add an aws_s3_bucket_versioning for the bucket with versioning_configuration.status Enabled (and a lifecycle " +
      "rule for noncurrent versions).",
    help: "Versioning keeps every version of an object, so that a tampered or deleted object can be restored.",
    helpUri: `${S3_DOCS}/Versioning.html`,
  },
  {
    id: "S3-005",
    area: "s3",
    severity: "medium",
    check: tlsOnly,
    title: "Bucket policy does not require TLS",
    condition: "No bucket policy statement denies requests with aws:SecureTransport false on both the bucket and its objects.",
    risk: "Clients can read or write the bucket over plain HTTP, exposing the data in transit.",
    fix:
      'Add a Deny statement for Principal "*", Action s3:*, Resource [bucket ARN, bucket ARN/*], Condition {"Bool": ' +
      '{"aws:SecureTransport": "false"}}.',
    help:
      "The deny must cover both the bucket ARN (bucket-level actions) and bucket/* (objects). The rule evaluates " +
      "the statement with the IAM evaluator for s3:ListBucket on the bucket and s3:GetObject on an object.",
    helpUri: `${S3_DOCS}/security-best-practices.html`,
  },
  {
    id: "S3-006",
    area: "s3",
    severity: "medium",
    check: aclsDisabled,
    title: "Bucket ACLs enabled",
    condition: "Object ownership is not pinned to BucketOwnerEnforced, or an ACL is set on the bucket.",
    risk: "ACLs are a second, easily overlooked way to grant access, including to other accounts and to everyone.",
    fix: "Add an aws_s3_bucket_ownership_controls with rule.object_ownership BucketOwnerEnforced and remove aws_s3_bucket_acl / acl.",
    help:
      "With BucketOwnerEnforced, ACLs are disabled and only policies decide access. New buckets default to it, but " +
      "only a configuration that pins it keeps it.",
    helpUri: `${S3_DOCS}/about-object-ownership.html`,
  },
  {
    id: "S3-007",
    area: "s3",
    severity: "medium",
    check: denyCoversObjects,
    title: "Bucket policy Deny does not cover objects",
    condition: "A bucket policy Deny on object actions names the bucket ARN but not bucket/*.",
    risk:
      "A Deny that names only the bucket ARN does not apply to objects: the objects stay readable and writable " +
      "wherever IAM allows, although the policy looks restrictive.",
    fix: "List both the bucket ARN and the bucket ARN followed by /* in the statement's Resource.",
    help:
      "Object actions (s3:GetObject, s3:PutObject, s3:DeleteObject) act on arn:aws:s3:::bucket/key. The rule asks " +
      "the IAM evaluator whether the statement matches such an action on the bucket ARN and on an object ARN.",
    helpUri: `${S3_DOCS}/example-bucket-policies.html`,
  },
  {
    id: "S3-008",
    area: "s3",
    severity: "medium",
    check: sourceIpWithEndpoints,
    title: "Bucket policy uses aws:SourceIp with VPC endpoints",
    condition: "The bucket policy tests aws:SourceIp while S3 gateway endpoints route traffic to S3.",
    risk:
      "Requests through a gateway endpoint carry the instance's private address, so aws:SourceIp never matches a " +
      "public range: an Allow on it never applies and a NotIpAddress Deny always does.",
    fix: "Use aws:SourceVpce (or aws:SourceVpc) for requests through the endpoints; keep aws:SourceIp only for callers on the internet.",
    help:
      "AWS documents that aws:SourceIp cannot be used to restrict requests that come through a VPC endpoint. (The " +
      "article's note names aws:sourceVpc here; that key does work through an endpoint.)",
    helpUri: `${VPC_DOCS}/privatelink/vpc-endpoints-s3.html`,
  },
  {
    id: "S3-009",
    area: "s3",
    severity: "medium",
    check: endpointAllowList,
    title: "Endpoint allow-list omits an endpoint in use",
    condition:
      "The bucket policy denies requests unless aws:SourceVpce is listed, and an S3 endpoint that routes an instance " +
      "using the bucket is not listed.",
    risk: "That instance's requests arrive through the unlisted endpoint and are denied: it cannot fetch its boot scripts.",
    fix:
      "Add the endpoint's id (e.g. ${aws_vpc_endpoint.<name>.id}) to the aws:SourceVpce values, or move the " +
      "instance's subnet to a listed endpoint's route tables.",
    help:
      "For each instance that names the bucket (user data or role policy), the rule follows subnet, route table " +
      "and endpoint, then evaluates s3:GetObject with aws:SourceVpce set to that endpoint against the bucket policy.",
    helpUri: `${S3_DOCS}/example-bucket-policies-vpc-endpoint.html`,
  },
  {
    id: "S3-010",
    area: "s3",
    severity: "high",
    check: managementLockout,
    title: "Bucket policy locks out its administrators",
    condition:
      "A bucket policy Deny applies to s3:PutBucketPolicy or s3:DeleteBucketPolicy for the deploying identity or an " +
      "administrator the policy exempts (any role of the account when it names none), outside the VPC: an endpoint " +
      "or VPC allow-list without their exemption, an unconditional Deny, or any other Deny that matches them.",
    risk:
      "The deployer (Terraform, CI) and the administrators outside the VPC lose management of the bucket, " +
      "including of this policy: only the bucket owner's root user can then get, put or delete it.",
    fix:
      'Add an exemption to the Deny, e.g. "ArnNotLike": {"aws:PrincipalArn": [<deployer role ARN>, <admin role ' +
      "ARNs>]}; resolve the deployer at plan time with aws_iam_session_context.issuer_arn.",
    help:
      "The rule asks the evaluator whether the bucket policy explicitly denies s3:PutBucketPolicy and " +
      "s3:DeleteBucketPolicy to each manager from outside the VPC (no aws:SourceVpce or aws:SourceVpc, over TLS). " +
      "AWS documents that the root user of the bucket owner's account can always get, put and delete the bucket " +
      "policy, even when it denies the root user, so recovery then needs the root user. A Deny that turns on a key " +
      "the configuration does not give for the manager (aws:userid, aws:PrincipalOrgID, aws:SourceIp, a tag, a " +
      "literal account against one known only at apply) is reported as unknown.",
    helpUri: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html",
  },
  {
    id: "S3-011",
    area: "s3",
    severity: "high",
    check: noPublicAllow,
    title: "Bucket policy allows everyone unconditionally",
    condition: 'A bucket policy Allow names Principal "*" and has no Condition.',
    risk: "Anyone on the internet, signed or not, gets the allowed actions (unless Block Public Access stops it).",
    fix: "Name the principals that need access, or add conditions (aws:SourceVpce, aws:PrincipalOrgID) that narrow the statement.",
    help: 'An unconditional Allow to "*" makes the bucket public for the listed actions.',
    helpUri: `${S3_DOCS}/access-control-block-public-access.html#access-control-block-public-access-policy-status`,
  },
];

const ENDPOINT_RULES: readonly RegisteredRule[] = [
  {
    id: "VPCE-001",
    area: "endpoints",
    severity: "medium",
    check: endpointPolicyScoped,
    title: "S3 endpoint policy allows full access",
    condition: "The S3 gateway endpoint has no policy (full access by default), or a statement allows s3:* on every resource to everyone.",
    risk: "Instances behind the endpoint can reach any bucket of any account, e.g. to move data out to an attacker's bucket.",
    fix: "Set an endpoint policy that allows only the actions needed on the scenario bucket (and the Amazon Linux repository bucket).",
    help:
      "Endpoint policies never grant; they are an extra gate that must also allow. Gateway endpoint policies " +
      'require Principal "*", narrowed by conditions.',
    helpUri: `${VPC_DOCS}/privatelink/vpc-endpoints-access.html`,
  },
  {
    id: "VPCE-002",
    area: "endpoints",
    severity: "medium",
    check: oneEndpointPerRouteTable,
    title: "Route table carries two S3 endpoints",
    condition: "A route table is associated with two S3 gateway endpoints.",
    risk: "A route table holds one route per S3 prefix list: AWS refuses the second association and the apply fails half-way.",
    fix: "Associate each route table with one S3 endpoint only (one endpoint group per tier).",
    help: "Per-tier privilege with several endpoints works because each subnet has its own route table; tiers must not share one.",
    helpUri: `${VPC_DOCS}/privatelink/gateway-endpoints.html`,
  },
  {
    id: "VPCE-003",
    area: "endpoints",
    severity: "medium",
    check: bucketInEndpointRegion,
    title: "Bucket in another region than its endpoint",
    condition: "A bucket served by an S3 gateway endpoint (named in its policy or used by an instance behind it) is in another region.",
    risk:
      "Gateway endpoints reach their own region only: requests for that bucket bypass the endpoint (through the " +
      "NAT or nowhere) and an endpoint-only bucket policy denies them.",
    fix: "Create the bucket in the endpoint's region, or reach it through an interface endpoint or another path.",
    help: "The endpoint's region comes from its service name com.amazonaws.<region>.s3, the bucket's from its provider.",
    helpUri: `${VPC_DOCS}/privatelink/vpc-endpoints-s3.html`,
  },
  {
    id: "VPCE-004",
    area: "endpoints",
    severity: "info",
    check: amazonLinuxRepos,
    title: "Endpoint policy blocks the Amazon Linux repositories",
    condition:
      "Instances behind the S3 endpoint run Amazon Linux or call dnf/yum, and the endpoint policy does not allow " +
      "s3:GetObject on al2023-repos-<region>-de612dc2/*.",
    risk: "Package installs and updates fail behind the narrow endpoint policy.",
    fix: 'Add an endpoint policy statement allowing s3:GetObject on arn:aws:s3:::al2023-repos-<region>-de612dc2/* (Principal "*").',
    help:
      "Amazon Linux 2023 serves its package repositories from a regional S3 bucket, so dnf goes through the S3 " +
      "gateway endpoint. The rule evaluates the endpoint policy for that object with the IAM evaluator.",
    helpUri: `${VPC_DOCS}/privatelink/vpc-endpoints-s3.html`,
  },
  {
    id: "VPCE-005",
    area: "endpoints",
    severity: "high",
    check: bucketPolicyChangeThroughEndpoint,
    title: "Bucket policy can be changed through an S3 endpoint",
    condition:
      "An S3 gateway endpoint's policy allows s3:PutBucketPolicy or s3:DeleteBucketPolicy on a bucket (e.g. an " +
      "endpoint group granted s3:*), and the bucket policy does not deny it through that endpoint.",
    risk:
      "Any account principal inside the VPC whose identity policy allows it (a compromised instance role with " +
      "s3:*) can rewrite or delete the bucket policy from inside the VPC, lifting the lockdown it enforces.",
    fix:
      "Grant the endpoint group only the object and list actions it needs (not s3:*, s3:Put* or s3:*BucketPolicy), " +
      "and manage the bucket policy from outside the VPC as the exempt deployer.",
    help:
      "Bucket policy management belongs to the deployer and the administrators, who are exempt from the " +
      "private-path deny and manage the bucket from outside the VPC. The rule evaluates s3:PutBucketPolicy and " +
      "s3:DeleteBucketPolicy end to end for an account principal allowed s3:* by its identity policy, through each " +
      "endpoint: endpoint policy, bucket policy and identity policy.",
    helpUri: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html",
  },
];

const EC2_RULES: readonly RegisteredRule[] = [
  {
    id: "EC2-001",
    area: "ec2",
    severity: "high",
    check: imdsv2Required,
    title: "IMDSv2 not required",
    condition: "The instance does not set metadata_options.http_tokens to required.",
    risk: "IMDSv1 answers unauthenticated GETs: an SSRF in any service on the instance can steal the role's credentials.",
    fix: 'Set metadata_options { http_tokens = "required", http_put_response_hop_limit = 1 }.',
    help: "IMDSv2 needs a session token obtained with a PUT, which SSRF and open proxies do not forward.",
    helpUri: `${EC2_DOCS}/configuring-instance-metadata-service.html`,
  },
  {
    id: "EC2-002",
    area: "ec2",
    severity: "high",
    check: noPublicIp,
    title: "Instance gets a public IP",
    condition: "The instance gets a public IPv4 address: associate_public_ip_address is true, or its subnet maps public IPs on launch.",
    risk: "The instance is reachable from the internet, and its traffic to S3 can bypass the NAT and endpoint design.",
    fix: "Set associate_public_ip_address = false and launch the instance in a private subnet with map_public_ip_on_launch false.",
    help:
      "Instances in this design reach S3 through the gateway endpoint and the internet through the NAT only; they " +
      "need no public address. Without a subnet, an instance launches in a default subnet, which maps public IPs.",
    helpUri: `${EC2_DOCS}/using-instance-addressing.html`,
  },
  {
    id: "EC2-003",
    area: "ec2",
    severity: "medium",
    check: volumesEncrypted,
    title: "EBS volume not encrypted",
    condition: "The instance's root or EBS block device, or an aws_ebs_volume, is not encrypted.",
    risk: "Data at rest and snapshots shared by mistake are readable without a key permission.",
    fix: "Set encrypted = true on root_block_device and each ebs_block_device (or enable aws_ebs_encryption_by_default).",
    help: "Unset, encryption depends on the AMI's snapshot and the account default, which the configuration does not control.",
    helpUri: "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",
  },
  {
    id: "EC2-004",
    area: "ec2",
    severity: "low",
    check: hasInstanceProfile,
    title: "Instance has no instance profile",
    condition: "The instance has no IAM instance profile.",
    risk: "Without role credentials the instance cannot sign requests to the bucket; long-lived keys tend to end up in user data instead.",
    fix: "Attach an aws_iam_instance_profile whose role allows only what the instance needs (its own script keys).",
    help: "Role credentials from the metadata service rotate automatically and can be narrowed per instance.",
    helpUri: `${EC2_DOCS}/iam-roles-for-amazon-ec2.html`,
  },
  {
    id: "EC2-005",
    area: "ec2",
    severity: "medium",
    check: s3CliRegion,
    title: "User data calls S3 without --region",
    condition: "The user data runs aws s3 or aws s3api without --region, and sets no AWS_REGION / AWS_DEFAULT_REGION.",
    risk:
      "The request may go to another region's S3 endpoint, which a gateway endpoint does not serve: it leaves " +
      "through the NAT or fails, and an endpoint-only bucket policy denies it, so the boot breaks.",
    fix: "Pass --region <bucket region> to every aws s3 / aws s3api call (or export AWS_DEFAULT_REGION first).",
    help: "Gateway endpoints are same-region only. The rule reads the user data line by line (continuations joined, comments skipped).",
    helpUri: `${VPC_DOCS}/privatelink/vpc-endpoints-s3.html`,
  },
  {
    id: "EC2-006",
    area: "ec2",
    severity: "high",
    check: noSecretsInUserData,
    title: "Secret in user data",
    condition: "The user data contains an AWS access key id, aws_secret_access_key, a private key block or a literal password=.",
    risk:
      "User data is readable by anyone allowed ec2:DescribeInstanceAttribute and by every process on the instance " +
      "through the metadata service, and it lands in the Terraform state.",
    fix: "Remove the secret; use the instance role, and read other secrets at boot from SSM Parameter Store or Secrets Manager.",
    help:
      "Patterns: AKIA/ASIA followed by 16 upper-case letters or digits, aws_secret_access_key, -----BEGIN ... " +
      "PRIVATE KEY-----, password= followed by a literal (values read from $VAR are ignored).",
    helpUri: `${EC2_DOCS}/user-data.html`,
  },
  {
    id: "EC2-007",
    area: "ec2",
    severity: "low",
    check: detailedMonitoring,
    title: "Detailed monitoring off",
    condition: "The instance does not enable detailed monitoring.",
    risk: "Metrics arrive every 5 minutes only, so short anomalies and failed boots show late.",
    fix: "Set monitoring = true.",
    help: "Detailed monitoring publishes instance metrics every minute.",
    helpUri: `${EC2_DOCS}/manage-detailed-monitoring.html`,
  },
];

const NETWORK_RULES: readonly RegisteredRule[] = [
  {
    id: "NET-001",
    area: "network",
    severity: "high",
    check: noOpenIngress,
    title: "Security group open to the internet",
    condition: "A security group allows ingress from 0.0.0.0/0 or ::/0.",
    risk: "Anyone on the internet can reach the listed ports of every instance in the group.",
    fix: "Remove the rule, or narrow the source to known ranges or security groups; use SSM Session Manager instead of open SSH.",
    help: "Checks inline ingress blocks, aws_security_group_rule (type ingress) and aws_vpc_security_group_ingress_rule.",
    helpUri: `${VPC_DOCS}/userguide/vpc-security-groups.html`,
  },
  {
    id: "NET-002",
    area: "network",
    severity: "medium",
    check: noAllPortsEgress,
    title: "Security group allows all egress to the internet",
    condition: "A security group allows all protocols and ports (-1) out to 0.0.0.0/0 or ::/0.",
    risk: "A compromised instance can send data anywhere over any protocol, around the S3 endpoint and its policy.",
    fix:
      "Allow only the egress needed, e.g. TCP 443 to the S3 prefix list (data.aws_prefix_list), and HTTPS to the " +
      "internet only when required.",
    help: "Checks inline egress blocks, aws_security_group_rule (type egress) and aws_vpc_security_group_egress_rule with protocol -1.",
    helpUri: `${VPC_DOCS}/userguide/security-group-rules.html`,
  },
  {
    id: "NET-003",
    area: "network",
    severity: "low",
    check: ruleDescribed,
    title: "Security group rule without description",
    condition: "A security group rule has no description.",
    risk: "Reviewers cannot tell why the rule exists, so stale openings stay.",
    fix: "Give every ingress and egress rule a description saying what it is for.",
    help: "Applies to inline rules and to rule resources.",
    helpUri: `${VPC_DOCS}/userguide/security-group-rules.html`,
  },
  {
    id: "NET-004",
    area: "network",
    severity: "medium",
    check: vpcFlowLogs,
    title: "VPC flow logs off",
    condition: "The VPC has no aws_flow_log.",
    risk: "There is no record of the VPC's traffic to investigate an incident or spot exfiltration.",
    fix: "Add an aws_flow_log for the VPC (traffic_type ALL) to CloudWatch Logs or S3.",
    help: "Flow logs record accepted and rejected connections at the network interfaces of the VPC.",
    helpUri: `${VPC_DOCS}/userguide/flow-logs.html`,
  },
  {
    id: "NET-005",
    area: "network",
    severity: "medium",
    check: defaultSecurityGroupClosed,
    title: "Default security group not closed",
    condition: "The VPC's default security group is not adopted by an aws_default_security_group with no rules.",
    risk:
      "Resources launched without a security group land in the default one, which lets its members talk to each " +
      "other and out to the internet.",
    fix: "Add an aws_default_security_group for the VPC with no ingress and no egress rules.",
    help:
      "Terraform removes every rule of the default group it adopts, then creates the rules written, so an adopted " +
      "group with none is closed.",
    helpUri: `${VPC_DOCS}/userguide/default-security-group.html`,
  },
];

const IDENTITY_RULES: readonly RegisteredRule[] = [
  {
    id: "IAM-001",
    area: "iam",
    severity: "high",
    check: noFullAdmin,
    title: "Identity policy grants full admin",
    condition: 'An identity policy allows every action (Action "*", or a NotAction) on Resource "*", or AdministratorAccess is attached.',
    risk: "Whoever holds the role or user controls the whole account, including the bucket, its policy and its key.",
    fix: "Grant the specific actions on the specific resources the principal needs.",
    help:
      "Checks aws_iam_policy, aws_iam_role_policy, aws_iam_user_policy, aws_iam_group_policy, role inline_policy " +
      "blocks, the reader's role policies and policy attachments.",
    helpUri: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
  },
  {
    id: "IAM-002",
    area: "iam",
    severity: "medium",
    check: noServiceWildcard,
    title: "Identity policy grants a whole service",
    condition: 'An identity policy allows service:* on Resource "*".',
    risk: "The principal can use every action of the service on every resource of it, e.g. s3:* reads and deletes every bucket.",
    fix: "List the actions needed and the resources they act on.",
    help: "A service-wide wildcard on every resource is admin over that service.",
    helpUri: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
  },
  {
    id: "KMS-001",
    area: "kms",
    severity: "medium",
    check: keyRotation,
    title: "KMS key rotation off",
    condition: "A symmetric customer managed KMS key does not enable automatic rotation.",
    risk: "The same key material protects data indefinitely, so a leaked key stays useful.",
    fix: "Set enable_key_rotation = true on the aws_kms_key.",
    help: "Automatic rotation creates new key material yearly (or at rotation_period_in_days) and keeps old material for decryption.",
    helpUri: "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
  },
];

/** Every rule of the pack, in id order within each area. */
export const RULES: readonly RegisteredRule[] = [...S3_RULES, ...ENDPOINT_RULES, ...EC2_RULES, ...NETWORK_RULES, ...IDENTITY_RULES];

/** The registry entry of a rule id, if it exists. */
export function ruleById(id: string): RegisteredRule | undefined {
  return RULES.find((rule) => rule.id === id);
}
