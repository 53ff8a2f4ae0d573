/**
 * The evaluator on AWS rules that depend on the resource's account rather than
 * on the policies: bucket policy management, the resource account of S3
 * requests, and KMS operations across accounts. Every case cites its page.
 */
import { evaluate, type AccountRule, type Decision, type DecisiveStatement } from "../../../analysis/policy";
import {
  ACCOUNT,
  allow,
  BUCKET,
  deny,
  input,
  KEY_ARN,
  OBJECT,
  OTHER_ACCOUNT,
  OTHER_ROLE_ARN,
  OTHER_SESSION_ARN,
  policy,
  ROLE_ARN,
  ROOT_ARN,
  VPCE,
  type Scenario,
} from "./fixtures";

interface Case {
  name: string;
  given: Scenario;
  decision: Decision;
  decisive?: DecisiveStatement[];
  rule?: AccountRule;
  assumed?: { resourceAccount: string };
}

const res = (index: number): DecisiveStatement => ({ policy: "resource", index });
const everyone = { Principal: "*" };
const aws = (arn: string) => ({ Principal: { AWS: arn } });
const s3All = policy(allow("s3:*", "*"));
const OTHER_ROOT = `arn:aws:iam::${OTHER_ACCOUNT}:root`;
const putPolicy = { action: "s3:PutBucketPolicy", resource: BUCKET };
const fromOther = { principal: OTHER_SESSION_ARN, context: { "aws:PrincipalArn": OTHER_ROLE_ARN } };

// Amazon S3 API Reference, PutBucketPolicy / GetBucketPolicy / DeleteBucketPolicy —
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html
const bucketPolicyManagement: Case[] = [
  {
    name: "an anonymous PutBucketPolicy is refused even under a bucket policy that allows everyone s3:*",
    given: {
      request: { ...putPolicy, principal: "anonymous", context: {} },
      resource: policy(allow("s3:*", [BUCKET, `${BUCKET}/*`], everyone)),
    },
    decision: "ImplicitDeny",
    rule: "bucket-owner-account-only",
  },
  {
    name: "a role of another account cannot PutBucketPolicy although its identity policy and the bucket policy both allow it",
    given: {
      request: { ...putPolicy, ...fromOther },
      identity: [s3All],
      resource: policy(allow("s3:PutBucketPolicy", BUCKET, aws(OTHER_ROLE_ARN))),
    },
    decision: "ImplicitDeny",
    rule: "bucket-owner-account-only",
  },
  {
    name: "a role of another account cannot GetBucketPolicy either",
    given: {
      request: { action: "s3:GetBucketPolicy", resource: BUCKET, ...fromOther },
      identity: [s3All],
      resource: policy(allow("s3:*", BUCKET, aws(OTHER_ROOT))),
    },
    decision: "ImplicitDeny",
    rule: "bucket-owner-account-only",
  },
  {
    name: "the root user of another account cannot DeleteBucketPolicy",
    given: {
      request: { action: "s3:deletebucketpolicy", resource: BUCKET, principal: OTHER_ROOT, context: {} },
      identity: [s3All],
      resource: policy(allow("s3:*", BUCKET, aws(OTHER_ROOT))),
    },
    decision: "ImplicitDeny",
    rule: "bucket-owner-account-only",
  },
  {
    name: "an explicit Deny still decides for another account's caller (403 before 405)",
    given: { request: { ...putPolicy, ...fromOther }, identity: [s3All], resource: policy(deny("s3:*", BUCKET, everyone)) },
    decision: "ExplicitDeny",
    decisive: [res(0)],
  },
  {
    name: "a role of the owner's account with an identity allow may PutBucketPolicy",
    given: { request: putPolicy, identity: [s3All] },
    decision: "Allow",
  },
  {
    name: "the owner's root user may PutBucketPolicy although the bucket policy denies s3:* to everyone",
    given: {
      request: { ...putPolicy, principal: ROOT_ARN, context: {} },
      resource: policy(deny("s3:*", [BUCKET, `${BUCKET}/*`], everyone)),
    },
    decision: "Allow",
    decisive: [],
    rule: "bucket-owner-root-user",
  },
  {
    name: "the owner's root user may DeleteBucketPolicy although the bucket policy denies the root user by name",
    given: {
      request: { action: "s3:DeleteBucketPolicy", resource: BUCKET, principal: ROOT_ARN, context: {} },
      resource: policy(deny("s3:*", BUCKET, aws(ROOT_ARN))),
    },
    decision: "Allow",
    rule: "bucket-owner-root-user",
  },
  {
    name: "the owner's root user may GetBucketPolicy from outside the endpoints the policy requires",
    given: {
      request: { action: "s3:GetBucketPolicy", resource: BUCKET, principal: ROOT_ARN, context: {} },
      resource: policy(deny("s3:*", [BUCKET, `${BUCKET}/*`], { ...everyone, Condition: { StringNotEquals: { "aws:SourceVpce": VPCE } } })),
    },
    decision: "Allow",
    rule: "bucket-owner-root-user",
  },
  {
    name: "a VPC endpoint policy can still block the owner's root user",
    given: {
      request: { ...putPolicy, principal: ROOT_ARN, context: { "aws:SourceVpce": VPCE } },
      endpoint: policy(allow("s3:GetObject", "*", everyone)),
    },
    decision: "ImplicitDeny",
  },
  {
    name: "a Deny in a VPC endpoint policy still denies the owner's root user",
    given: {
      request: { ...putPolicy, principal: ROOT_ARN, context: { "aws:SourceVpce": VPCE } },
      endpoint: policy(allow("*", "*", everyone), deny("s3:PutBucketPolicy", "*", everyone)),
    },
    decision: "ExplicitDeny",
  },
  {
    name: "the root user's exception covers only the bucket policy actions: a Deny on GetObject still denies it",
    given: { request: { principal: ROOT_ARN, context: {} }, resource: policy(deny("s3:*", `${BUCKET}/*`, everyone)) },
    decision: "ExplicitDeny",
  },
];

// Cross-account policy evaluation logic —
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
// and AWS global condition context keys, aws:ResourceAccount —
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount
const resourceAccount: Case[] = [
  {
    name: "aws:ResourceAccount in the context makes an identity-only allow of another account's role insufficient",
    given: {
      request: { ...fromOther, resourceAccount: undefined, context: { ...fromOther.context, "aws:ResourceAccount": ACCOUNT } },
      identity: [s3All],
    },
    decision: "ImplicitDeny",
  },
  {
    name: "with no resource account stated, the principal's own account is assumed, and the result says so",
    given: { request: { ...fromOther, resourceAccount: undefined }, identity: [s3All] },
    decision: "Allow",
    assumed: { resourceAccount: OTHER_ACCOUNT },
  },
  {
    name: "a same-account request without a stated resource account reports the assumption too",
    given: { request: { resourceAccount: undefined }, identity: [policy(allow("s3:GetObject", `${BUCKET}/*`))] },
    decision: "Allow",
    assumed: { resourceAccount: ACCOUNT },
  },
  {
    name: "an anonymous request needs no resource account: nothing is assumed",
    given: {
      request: { principal: "anonymous", resourceAccount: undefined, context: {} },
      resource: policy(allow("s3:GetObject", `${BUCKET}/*`, everyone)),
    },
    decision: "Allow",
  },
  {
    name: "a KMS key ARN carries its account: a key policy naming another account's role is not enough without its identity policy",
    given: {
      request: { action: "kms:Decrypt", resource: KEY_ARN, ...fromOther, resourceAccount: undefined },
      resource: policy(allow("kms:Decrypt", "*", aws(OTHER_ROLE_ARN))),
    },
    decision: "ImplicitDeny",
  },
  {
    name: "the stated resource account is in the context as aws:ResourceAccount for conditions",
    given: { identity: [policy(allow("s3:GetObject", "*", { Condition: { StringEquals: { "aws:ResourceAccount": ACCOUNT } } }))] },
    decision: "Allow",
  },
  {
    name: "a Deny on another aws:ResourceAccount does not hit a request to the stated account",
    given: {
      identity: [
        policy(allow("s3:GetObject", "*"), deny("s3:*", "*", { Condition: { StringNotEquals: { "aws:ResourceAccount": ACCOUNT } } })),
      ],
    },
    decision: "Allow",
  },
];

// AWS KMS Developer Guide, "Allowing users in other accounts to use a KMS key" —
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
const bothAllow = (action: string): Scenario => ({
  request: { action, resource: KEY_ARN, ...fromOther },
  identity: [policy(allow("kms:*", KEY_ARN))],
  resource: policy(allow("kms:*", "*", aws(OTHER_ROOT))),
});
const kmsAcrossAccounts: Case[] = [
  ...[
    "kms:Decrypt",
    "kms:ReEncryptFrom",
    "kms:GenerateDataKeyPairWithoutPlaintext",
    "kms:Sign",
    "kms:CreateGrant",
    "kms:DescribeKey",
    "kms:GetKeyRotationStatus",
    "kms:RevokeGrant",
  ].map(
    (action): Case => ({
      name: `another account may use ${action} when the key policy and its identity policy both allow it`,
      given: bothAllow(action),
      decision: "Allow",
    }),
  ),
  ...["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:EnableKeyRotation", "kms:GetKeyPolicy", "kms:TagResource"].map(
    (action): Case => ({
      name: `another account cannot use ${action} even when both policies allow it`,
      given: bothAllow(action),
      decision: "ImplicitDeny",
      rule: "kms-key-account-only",
    }),
  ),
  {
    name: "the key's own account may use kms:PutKeyPolicy when the key policy allows it",
    given: { request: { action: "kms:PutKeyPolicy", resource: KEY_ARN }, resource: policy(allow("kms:*", "*", aws(ROLE_ARN))) },
    decision: "Allow",
  },
];

const groups: Record<string, Case[]> = { bucketPolicyManagement, resourceAccount, kmsAcrossAccounts };

describe("evaluate: AWS rules that depend on the resource's account", () => {
  for (const [group, cases] of Object.entries(groups)) {
    describe(group, () => {
      it.each(cases)("$name", ({ given, decision, decisive, rule, assumed }) => {
        // GIVEN the scenario's request and policies WHEN evaluated
        const result = evaluate(input(given));
        // THEN the decision, the AWS rule that decided (if any) and the stated assumption match AWS's documentation
        expect(result.decision).toBe(decision);
        if (decisive !== undefined) expect(result.decisive).toEqual(decisive);
        expect(result.rule).toBe(rule);
        expect(result.assumed).toEqual(assumed);
      });
    });
  }
});

describe("evaluate: the resource account stated twice", () => {
  it("GIVEN resourceAccount and aws:ResourceAccount that disagree WHEN evaluated THEN it throws naming both", () => {
    const given = input({ request: { context: { "aws:ResourceAccount": OTHER_ACCOUNT } } });
    expect(() => evaluate(given)).toThrow(
      new RegExp(
        String.raw`request\.context\["aws:ResourceAccount"\]: account "444455556666" disagrees with ` +
          String.raw`request\.resourceAccount \(account "111122223333"\)`,
      ),
    );
  });

  it("GIVEN a KMS key ARN of one account and resourceAccount of another WHEN evaluated THEN it throws naming the resource", () => {
    const given = input({ request: { action: "kms:Decrypt", resource: KEY_ARN, resourceAccount: OTHER_ACCOUNT } });
    expect(() => evaluate(given)).toThrow(/request\.resource: account "111122223333" disagrees/);
  });
});

// IAM identifiers (ARNs) — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
describe("evaluate: malformed ARNs are errors naming the field, not silent non-matches", () => {
  const bad = "arn:aws:iam:111122223333:role/x";
  it.each([
    [
      "the request principal",
      input({ request: { principal: bad } }),
      /^request\.principal: "arn:aws:iam:111122223333:role\/x" is not a well-formed ARN.*6 colon-separated fields\), got 5/,
    ],
    [
      "a bucket policy Principal",
      input({ resource: policy(allow("s3:GetObject", OBJECT, aws(bad))) }),
      /^resourcePolicy\.Statement\[0\]\.Principal\.AWS: "arn:aws:iam:111122223333:role\/x" is not a well-formed ARN/,
    ],
    [
      "the second entry of a NotPrincipal list",
      input({ resource: policy(deny("s3:*", OBJECT, { NotPrincipal: { AWS: [ROLE_ARN, bad] } })) }),
      /^resourcePolicy\.Statement\[0\]\.NotPrincipal\.AWS\[1\]: "arn:aws:iam:111122223333:role\/x"/,
    ],
    [
      "an endpoint policy Principal",
      input({ endpoint: policy(allow("s3:*", "*", aws(bad))) }),
      /^endpointPolicy\.Statement\[0\]\.Principal\.AWS:/,
    ],
    [
      "an IAM ARN with an 11-digit account",
      input({ resource: policy(allow("s3:GetObject", OBJECT, aws("arn:aws:iam::11112222333:role/x"))) }),
      /12-digit account id, got "11112222333"/,
    ],
  ])("GIVEN a malformed ARN in %s WHEN evaluated THEN it throws naming the path and the value", (_where, given, message) => {
    expect(() => evaluate(given)).toThrow(message);
  });

  it.each([
    ["a Terraform reference", "arn:aws:iam::${data.aws_caller_identity.me.account_id}:role/x"],
    ["a CloudFront origin access identity", "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL"],
    ["an account id", ACCOUNT],
  ])("GIVEN %s as a Principal WHEN evaluated THEN it is accepted", (_what, principal) => {
    expect(() => evaluate(input({ resource: policy(allow("s3:GetObject", OBJECT, aws(principal))) }))).not.toThrow();
  });
});
