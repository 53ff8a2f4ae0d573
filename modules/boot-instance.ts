import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Construct } from "constructs";
import { s3ViaService } from "../analysis/aws-facts";
import type { ScriptFile } from "../config/load";
import { problemAt } from "../config/problems";
import { UserDataTooLargeError, renderUserData } from "./cloud-init";
import type { IDeployerIdentity } from "./deployer-identity";
import type { IGatewayEndpoints } from "./gateway-endpoints";
import type { INetwork } from "./network";
import { type IamStatement, policyJson } from "./policy-document";
import type { IScriptBucket } from "./script-bucket";
import { terraformUserData } from "./terraform-text";
import { DEFAULTS } from "../config/defaults";
import { NAMES } from "../config/names";

/** Stands for the bucket name in rendered user data until the Terraform reference replaces it. */
const BUCKET_PLACEHOLDER = "@@BUCKET@@";

export interface BootInstanceProps {
  /** Name prefix for tags and generated names. */
  readonly project: string;
  /** Region of the stack; the runner downloads with `--region` (gateway endpoints are same-region only). */
  readonly region: string;
  /** The account, for the role's trust policy. */
  readonly identity: IDeployerIdentity;
  /** The VPC and the tier subnets the instance can go into. */
  readonly network: INetwork;
  /** Private tier the instance runs in. */
  readonly tier: string;
  /**
   * AZ index within the tier.
   * @default 0
   */
  readonly az?: number;
  /** The bucket that holds the scripts. */
  readonly bucket: IScriptBucket;
  /** The endpoints; the security group allows HTTPS to their S3 prefix list. */
  readonly endpoints: IGatewayEndpoints;
  /** The scripts to fetch and run, in order. */
  readonly scripts: readonly ScriptFile[];
  /**
   * @default "t3.micro"
   */
  readonly instanceType?: string;
  /**
   * AMI id.
   * @default - the latest Amazon Linux 2023 AMI from the public SSM parameter, for the instance type's architecture
   */
  readonly ami?: string;
  /**
   * With the default AMI (no `ami`), replace the instance whenever a newer Amazon Linux 2023 AMI is
   * published. Off, a new release changes nothing on the next apply (the AMI is in
   * `lifecycle.ignore_changes`, as terraform-aws-modules' `ignore_ami_changes`); taint or replace the
   * instance to move it. Conflicts with `ami`, which is always followed.
   * @default false
   */
  readonly followLatestAmi?: boolean;
  /**
   * Allow HTTPS egress to the internet through the NAT gateway.
   * @default false
   */
  readonly internetEgress?: boolean;
  /**
   * @default 8
   */
  readonly rootVolumeSizeGb?: number;
  /**
   * Refuse API termination (`terraform destroy` must turn it off first).
   * @default true
   */
  readonly terminationProtection?: boolean;
}

/**
 * An EC2 instance that boots from scripts in the bucket: private subnet, no public IP, IMDSv2 only,
 * encrypted root volume, a role that can read only its own scripts and decrypt only through S3,
 * a security group with no ingress and HTTPS egress to S3's prefix list, and cloud-init user data
 * that fetches, verifies and runs the scripts.
 */
export class BootInstance extends Construct {
  public readonly instance: Instance;
  public readonly role: IamRole;
  public readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: BootInstanceProps) {
    super(scope, id);
    const az = props.az ?? DEFAULTS.az;
    const instanceType = props.instanceType ?? DEFAULTS.instanceType;
    const placement = props.network.tierSubnets(props.tier)[az];
    if (!placement) throw problemAt(this.node.path, `tier "${props.tier}" has no subnet in AZ ${az}`, "pick an existing tier and AZ index");
    this.role = this.createRole(props);
    const profile = new IamInstanceProfile(this, "Profile", {
      namePrefix: NAMES.instanceProfile.build({ project: props.project, instance: id }),
      role: this.role.name,
    });
    this.securityGroup = this.createSecurityGroup(props);
    const userData = this.renderUserData(props);
    this.instance = new Instance(this, "Instance", {
      ami: props.ami ?? this.latestAmazonLinux(instanceType),
      instanceType,
      subnetId: placement.subnetId,
      vpcSecurityGroupIds: [this.securityGroup.id],
      iamInstanceProfile: profile.name,
      associatePublicIpAddress: false,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" },
      rootBlockDevice: {
        encrypted: true,
        volumeType: "gp3",
        volumeSize: props.rootVolumeSizeGb ?? DEFAULTS.rootVolumeSizeGb,
        deleteOnTermination: true,
      },
      monitoring: true,
      ebsOptimized: true,
      disableApiTermination: props.terminationProtection ?? DEFAULTS.terminationProtection,
      userData: terraformUserData(userData, { [BUCKET_PLACEHOLDER]: props.bucket.bucketName }),
      userDataReplaceOnChange: true,
      tags: { Name: NAMES.instanceName.build({ project: props.project, instance: id }), Tier: NAMES.tierTag.build(props) },
      // Boot only once the scripts are in place: the runner retries, but not for minutes.
      dependsOn: props.scripts.map((s) => props.bucket.scriptObject(s.fileName)),
      // Each new AL2023 release changes the SSM parameter; without this every apply would replace every instance.
      lifecycle: props.ami === undefined && !(props.followLatestAmi ?? DEFAULTS.followLatestAmi) ? { ignoreChanges: ["ami"] } : undefined,
    });
  }

  /** The cloud-init user data; more than EC2's 16 KB is a user error naming the instance. */
  private renderUserData(props: BootInstanceProps): string {
    try {
      return renderUserData({
        instanceName: this.node.id,
        region: props.region,
        bucketName: BUCKET_PLACEHOLDER,
        scripts: props.scripts.map((s) => ({ fileName: s.fileName, key: props.bucket.objectKey(s.fileName), sha256: s.sha256 })),
      });
    } catch (error) {
      if (!(error instanceof UserDataTooLargeError)) throw error;
      throw problemAt(
        this.node.path,
        `user data is ${error.sizeBytes} bytes, over EC2's limit of ${error.limitBytes} bytes`,
        "give the instance fewer boot scripts (instances[].scripts), or shorter script names and key prefix",
      );
    }
  }

  private createRole(props: BootInstanceProps): IamRole {
    const role = new IamRole(this, "Role", {
      namePrefix: NAMES.bootRole.build(props),
      description: NAMES.bootRoleDescription.build({ project: props.project, instance: this.node.id }),
      assumeRolePolicy: policyJson([
        {
          Sid: "Ec2AssumesRole",
          Effect: "Allow",
          Principal: { Service: "ec2.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": props.identity.accountId } },
        },
      ]),
    });
    const statements: IamStatement[] = [
      {
        Sid: "ReadOwnBootScripts",
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: props.scripts.map((s) => props.bucket.objectArn(s.fileName)),
      },
    ];
    if (props.bucket.encryptionKey) {
      statements.push({
        Sid: "DecryptBootScriptsThroughS3",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: props.bucket.encryptionKey.keyArn,
        Condition: { StringEquals: { "kms:ViaService": s3ViaService(props.region) } },
      });
    }
    new IamRolePolicy(this, "RolePolicy", { role: role.id, policy: policyJson(statements) });
    return role;
  }

  private createSecurityGroup(props: BootInstanceProps): SecurityGroup {
    const group = new SecurityGroup(this, "SecurityGroup", {
      namePrefix: NAMES.securityGroup.build({ project: props.project, instance: this.node.id }),
      description: NAMES.securityGroupDescription.build({ project: props.project, instance: this.node.id }),
      vpcId: props.network.vpcId,
      tags: { Name: NAMES.instanceName.build({ project: props.project, instance: this.node.id }) },
    });
    new VpcSecurityGroupEgressRule(this, "HttpsToS3", {
      securityGroupId: group.id,
      description: "HTTPS to S3 through the gateway endpoint (S3 prefix list)",
      ipProtocol: "tcp",
      fromPort: 443,
      toPort: 443,
      prefixListId: props.endpoints.prefixListId,
    });
    if (props.internetEgress) {
      new VpcSecurityGroupEgressRule(this, "HttpsToInternet", {
        securityGroupId: group.id,
        description: "HTTPS to the internet through the NAT gateway",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "0.0.0.0/0",
      });
    }
    return group;
  }

  private latestAmazonLinux(instanceType: string): string {
    // Graviton families carry a "g" after the generation digit: t4g, m7g, c7gn, r8g.
    const arch = /^[a-z]+\d+g/.test(instanceType) ? "arm64" : "x86_64";
    return new DataAwsSsmParameter(this, "Ami", { name: `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch}` })
      .insecureValue;
  }
}
