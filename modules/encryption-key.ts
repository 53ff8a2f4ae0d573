import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import type { IDeployerIdentity } from "./deployer-identity";
import { type IamStatement, policyJson } from "./policy-document";

/** A KMS key, as the constructs that grant its use see it. */
export interface IEncryptionKey {
  /** The key's ARN, for policies and `kms_key_id` arguments. */
  readonly keyArn: string;
}

export interface EncryptionKeyProps {
  /** What the key protects; becomes the key description. */
  readonly description: string;
  /** Alias name, starting with `alias/`. */
  readonly alias: string;
  /** The account that administers the key through IAM. */
  readonly identity: IDeployerIdentity;
  /**
   * Extra key policy statements, e.g. for a service principal such as CloudWatch Logs.
   * @default - none: only the account, through IAM policies
   */
  readonly extraStatements?: readonly IamStatement[];
}

/**
 * A customer managed KMS key with yearly rotation and a 30-day deletion window. Its key policy
 * delegates to the account's IAM policies, so principals still need an identity policy that allows use.
 */
export class EncryptionKey extends Construct implements IEncryptionKey {
  public readonly key: KmsKey;
  public readonly keyArn: string;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const delegate: IamStatement = {
      Sid: "AccountAdministersThroughIam",
      Effect: "Allow",
      Principal: { AWS: props.identity.accountRootArn },
      Action: "kms:*",
      Resource: "*",
    };
    this.key = new KmsKey(this, "Key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policyJson([delegate, ...(props.extraStatements ?? [])]),
    });
    new KmsAlias(this, "Alias", { name: props.alias, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;
  }
}
