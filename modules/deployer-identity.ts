import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamSessionContext } from "@cdktf/provider-aws/lib/data-aws-iam-session-context";
import { Construct } from "constructs";
import { partitionOf } from "../analysis/aws-facts";

/** The account and the identity that applies the plan, as the other constructs use them. */
export interface IDeployerIdentity {
  /** The account that owns the stack's resources. */
  readonly accountId: string;
  /** The deployer's IAM role or user ARN, as `aws:PrincipalArn` sees it; the bucket policy exempts it (lockout guard). */
  readonly principalArn: string;
  /** ARN partition, e.g. `aws`. */
  readonly partition: string;
  /** The account root ARN, which in a resource policy delegates to the account's IAM policies. */
  readonly accountRootArn: string;
}

export interface DeployerIdentityProps {
  /** Region of the stack; fixes the ARN partition. */
  readonly region: string;
}

/**
 * Who applies the plan, resolved at plan time: `aws_caller_identity` gives the caller's ARN,
 * `aws_iam_session_context` turns an assumed-role session ARN into the role ARN (its issuer),
 * which is what `aws:PrincipalArn` carries for a role session.
 */
export class DeployerIdentity extends Construct implements IDeployerIdentity {
  /** The account that owns the stack's resources. */
  public readonly accountId: string;
  /** The deployer's IAM role or user ARN, as `aws:PrincipalArn` sees it. */
  public readonly principalArn: string;
  /** ARN partition, e.g. `aws`. */
  public readonly partition: string;

  constructor(scope: Construct, id: string, props: DeployerIdentityProps) {
    super(scope, id);
    const caller = new DataAwsCallerIdentity(this, "Caller");
    const session = new DataAwsIamSessionContext(this, "Session", { arn: caller.arn });
    this.accountId = caller.accountId;
    this.principalArn = session.issuerArn;
    this.partition = partitionOf(props.region);
  }

  /** The account root ARN, which in a resource policy delegates to the account's IAM policies. */
  public get accountRootArn(): string {
    return `arn:${this.partition}:iam::${this.accountId}:root`;
  }
}
