import "../support/matchers";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { Testing } from "cdktf";
import { ProblemsError } from "../../config/problems";
import { BootInstance, type BootInstanceProps } from "../../modules/boot-instance";
import { SCRIPTS, buildBase, resourceNamed, statementsOf } from "../support/constructs";

function synthInstance(overrides: Partial<BootInstanceProps> = {}, encryption: "kms" | "s3" = "kms"): string {
  return Testing.synthScope((scope) => {
    const base = buildBase(scope, { bucket: { encryption } });
    new BootInstance(scope, "web", {
      project: "mod",
      region: "us-east-1",
      ...base,
      tier: "app",
      scripts: SCRIPTS.slice(0, 2),
      ...overrides,
    });
  });
}

describe("BootInstance", () => {
  const json = synthInstance();

  test("runs in the tier's private subnet with no public IP, IMDSv2 only, an encrypted root volume", () => {
    expect(json).toHaveResourceWithProperties(Instance, {
      subnet_id: expect.stringMatching(/aws_subnet\.Network_app_Az0_Subnet/),
      associate_public_ip_address: false,
      metadata_options: expect.objectContaining({ http_tokens: "required", http_endpoint: "enabled", http_put_response_hop_limit: 1 }),
      root_block_device: expect.objectContaining({ encrypted: true }),
      monitoring: true,
      ebs_optimized: true,
      disable_api_termination: true,
    });
  });

  test("its role reads only its own script objects and decrypts only through S3", () => {
    const statements = statementsOf(resourceNamed(json, "aws_iam_role_policy", /^web_RolePolicy/));
    expect(statements[0]).toMatchObject({ Sid: "ReadOwnBootScripts", Action: "s3:GetObject" });
    expect(statements[0].Resource).toEqual([
      expect.stringMatching(/\.arn}\/bootstrap\/00-prepare\.sh$/),
      expect.stringMatching(/\.arn}\/bootstrap\/10-app\.sh$/),
    ]);
    expect(statements[1]).toMatchObject({
      Action: "kms:Decrypt",
      Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
    });
    expect(synthInstance({}, "s3")).toHaveResourceWithProperties(IamRolePolicy, { policy: expect.not.stringMatching(/kms:Decrypt/) });
  });

  test("its security group has no ingress and HTTPS egress to the S3 prefix list only, each rule described", () => {
    expect(json).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, {
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
      prefix_list_id: expect.stringMatching(/data\.aws_prefix_list/),
      description: expect.stringMatching(/S3/),
    });
    expect(json).not.toMatch(/aws_vpc_security_group_ingress_rule|aws_security_group_rule/);
    expect(resourceNamed(json, "aws_security_group", /^web_SecurityGroup/)).not.toHaveProperty("ingress");
    expect(json).not.toMatch(/HttpsToInternet/);
    expect(synthInstance({ internetEgress: true })).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, {
      cidr_ipv4: "0.0.0.0/0",
      from_port: 443,
      description: expect.stringMatching(/NAT/),
    });
  });

  test("takes the AL2023 AMI from the public SSM parameter for the instance type's architecture, unless an id is given", () => {
    expect(json).toHaveDataSourceWithProperties(DataAwsSsmParameter, {
      name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    });
    expect(synthInstance({ instanceType: "t4g.micro" })).toHaveDataSourceWithProperties(DataAwsSsmParameter, {
      name: expect.stringMatching(/arm64$/),
    });
    const pinned = synthInstance({ ami: "ami-0123456789abcdef0" });
    expect(pinned).toHaveResourceWithProperties(Instance, { ami: "ami-0123456789abcdef0" });
    expect(pinned).not.toHaveDataSource(DataAwsSsmParameter);
  });

  test("a new AL2023 release replaces nothing by default (ami in ignore_changes); followLatestAmi and an explicit ami are followed", () => {
    expect(json).toHaveResourceWithProperties(Instance, { lifecycle: { ignore_changes: ["ami"] } });
    expect(resourceNamed(synthInstance({ followLatestAmi: true }), "aws_instance", /^web_Instance/)).not.toHaveProperty("lifecycle");
    expect(resourceNamed(synthInstance({ ami: "ami-0123456789abcdef0" }), "aws_instance", /^web_Instance/)).not.toHaveProperty("lifecycle");
  });

  test("user data fetches with --region, pins SHA-256s, and references the bucket, with shell ${ escaped for Terraform", () => {
    const userData = String(resourceNamed(json, "aws_instance", /^web_Instance/).user_data);
    expect(userData).toMatch(/^Content-Type: multipart\/mixed/);
    expect(userData).toContain('readonly REGION="us-east-1"');
    expect(userData).toMatch(/aws s3 cp [^\n]* --region "\$\$\{REGION\}"/);
    for (const script of SCRIPTS.slice(0, 2)) expect(userData).toContain(script.sha256);
    expect(userData).not.toContain(SCRIPTS[2].sha256);
    // The only live interpolation is the bucket name; everything else is a literal `$${`.
    expect(userData.match(/(?<!\$)\$\{[^}]*\}/g)).toEqual([expect.stringMatching(/^\$\{aws_s3_bucket\.ScriptBucket_\w+\.bucket\}$/)]);
    expect(userData).not.toContain("@@BUCKET@@");
  });

  test("boots only after its scripts are uploaded", () => {
    const instance = resourceNamed(json, "aws_instance", /^web_Instance/);
    expect(instance.depends_on).toEqual([expect.stringMatching(/00-preparesh_Object/), expect.stringMatching(/10-appsh_Object/)]);
  });

  test("refuses user data over EC2's 16 KB limit as a user error naming the instance and its size", () => {
    const many = Array.from({ length: 150 }, (_, i) => ({
      fileName: `script-with-a-rather-long-descriptive-name-${i}.sh`,
      absolutePath: "/nonexistent",
      sha256: "a".repeat(64),
    }));
    expect(() => synthInstance({ scripts: many })).toThrow(ProblemsError);
    expect(() => synthInstance({ scripts: many })).toThrow(
      /^stack\/web: user data is \d{5} bytes, over EC2's limit of 16384 bytes — give the instance fewer boot scripts/,
    );
  });

  test("refuses an AZ index the tier does not have", () => {
    expect(() => synthInstance({ az: 5 })).toThrow(/web: tier "app" has no subnet in AZ 5/);
  });
});
