/**
 * The evaluator, case by case against documented AWS semantics. Every case
 * cites the AWS documentation page it comes from.
 */
import { evaluate, type Decision, type DecisiveStatement } from "../../../analysis/policy";
import {
  ACCOUNT,
  allow,
  ARTICLE_VPCE_BUCKET_POLICY,
  BUCKET,
  deny,
  FULL_ACCESS_ENDPOINT,
  input,
  KEY_ARN,
  OBJECT,
  OTHER_ACCOUNT,
  OTHER_ROLE_ARN,
  OTHER_SESSION_ARN,
  policy,
  ROLE_ARN,
  ROOT_ARN,
  SESSION_ARN,
  USER_ARN,
  VPC,
  VPCE,
  type Scenario,
} from "./fixtures";

interface Case {
  name: string;
  given: Scenario;
  decision: Decision;
  decisive?: DecisiveStatement[];
}

const id = (policyIndex: number, index: number, sid?: string): DecisiveStatement =>
  sid === undefined ? { policy: "identity", policyIndex, index } : { policy: "identity", policyIndex, index, sid };
const res = (index: number, sid?: string): DecisiveStatement =>
  sid === undefined ? { policy: "resource", index } : { policy: "resource", index, sid };
const ep = (index: number, sid?: string): DecisiveStatement =>
  sid === undefined ? { policy: "endpoint", index } : { policy: "endpoint", index, sid };

const readScripts = policy(allow("s3:GetObject", `${BUCKET}/*`, { Sid: "ReadScripts" }));
const s3All = policy(allow("s3:*", [BUCKET, `${BUCKET}/*`]));
const everyone = { Principal: "*" };
const aws = (...arns: string[]) => ({ Principal: { AWS: arns.length === 1 ? arns[0] : arns } });
const viaEndpoint = { "aws:PrincipalArn": ROLE_ARN, "aws:SourceVpce": VPCE, "aws:SourceVpc": VPC };
const viaNat = { "aws:PrincipalArn": ROLE_ARN, "aws:SourceIp": "203.0.113.10" };

const basics: Case[] = [
  // Policy evaluation logic — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
  { name: "denies implicitly when no policy allows", given: {}, decision: "ImplicitDeny", decisive: [] },
  // Policy evaluation logic — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
  {
    name: "allows what an identity policy allows",
    given: { identity: [readScripts] },
    decision: "Allow",
    decisive: [id(0, 0, "ReadScripts")],
  },
  // Policy evaluation logic — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
  {
    name: "an explicit deny in the identity policy overrides its allow",
    given: { identity: [policy(allow("s3:*", "*"), deny("s3:GetObject", OBJECT, { Sid: "NoBoot" }))] },
    decision: "ExplicitDeny",
    decisive: [id(0, 1, "NoBoot")],
  },
  // Policy evaluation logic — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
  {
    name: "an explicit deny in the bucket policy overrides an identity allow",
    given: { identity: [s3All], resource: policy(deny("s3:*", `${BUCKET}/*`, everyone)) },
    decision: "ExplicitDeny",
    decisive: [res(0)],
  },
  // Policy evaluation logic — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
  {
    name: "an explicit deny in the endpoint policy overrides identity and bucket allows",
    given: { identity: [s3All], endpoint: policy(allow("*", "*", everyone), deny("s3:GetObject", "*", everyone)) },
    decision: "ExplicitDeny",
    decisive: [ep(1)],
  },
  // Policy evaluation logic — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
  {
    name: "lists every matching Deny statement across policies",
    given: { identity: [policy(deny("s3:Get*", "*"))], resource: policy(deny("s3:*", "*", everyone), deny("*", OBJECT, everyone)) },
    decision: "ExplicitDeny",
    decisive: [id(0, 0), res(0), res(1)],
  },
  // Policy evaluation logic — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
  {
    name: "names the identity policy that allowed by its index",
    given: { identity: [policy(allow("s3:PutObject", "*")), readScripts] },
    decision: "Allow",
    decisive: [id(1, 0, "ReadScripts")],
  },
  // Policy evaluation logic — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
  {
    name: "an allow for another action does not allow",
    given: { identity: [policy(allow("s3:PutObject", "*"))] },
    decision: "ImplicitDeny",
    decisive: [],
  },
];

const singleAccount: Case[] = [
  // Policy evaluation for requests within a single account —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
  {
    name: "the DenyS3Logs statement denies carlossalazar his logs bucket although AllowS3Self allows it",
    given: {
      request: {
        principal: USER_ARN,
        action: "s3:PutObject",
        resource: "arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar-logs/a.log",
        context: {},
      },
      identity: [
        policy(
          allow("s3:*", ["arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar/*", "arn:aws:s3:::amzn-s3-demo-bucket-carlossalazar"], {
            Sid: "AllowS3Self",
          }),
          deny("s3:*", "arn:aws:s3:::*log*", { Sid: "DenyS3Logs" }),
        ),
      ],
    },
    decision: "ExplicitDeny",
    decisive: [id(0, 1, "DenyS3Logs")],
  },
  // Policy evaluation for requests within a single account —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
  {
    name: "a bucket policy naming the user allows without any identity policy",
    given: { request: { principal: USER_ARN, context: {} }, resource: policy(allow("s3:GetObject", `${BUCKET}/*`, aws(USER_ARN))) },
    decision: "Allow",
    decisive: [res(0)],
  },
  // Policy evaluation for requests within a single account —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
  {
    name: "an identity allow suffices when the bucket policy says nothing about the request",
    given: { identity: [readScripts], resource: policy(allow("s3:PutObject", `${BUCKET}/*`, aws(ROLE_ARN))) },
    decision: "Allow",
    decisive: [id(0, 0, "ReadScripts")],
  },
  // Policy evaluation for requests within a single account —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
  {
    name: "lists both the identity and the bucket statements when both allow",
    given: { identity: [readScripts], resource: policy(allow("s3:GetObject", `${BUCKET}/*`, { ...aws(ROLE_ARN), Sid: "Boot" })) },
    decision: "Allow",
    decisive: [id(0, 0, "ReadScripts"), res(0, "Boot")],
  },
  // Policy evaluation for requests within a single account —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
  {
    name: "a request without resourceAccount is a same-account request",
    given: { request: { resourceAccount: undefined }, resource: policy(allow("s3:GetObject", `${BUCKET}/*`, aws(ROLE_ARN))) },
    decision: "Allow",
    decisive: [res(0)],
  },
];

const accountDelegation: Case[] = [
  // AWS JSON policy elements: Principal (AWS account principals) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  {
    name: "a bucket policy naming the account root grants nothing to a role by itself",
    given: { resource: policy(allow("s3:*", `${BUCKET}/*`, aws(ROOT_ARN))) },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // AWS JSON policy elements: Principal (AWS account principals) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  {
    name: "a bucket policy naming the account root lets the identity policy decide",
    given: { identity: [readScripts], resource: policy(allow("s3:*", `${BUCKET}/*`, aws(ROOT_ARN))) },
    decision: "Allow",
    decisive: [id(0, 0, "ReadScripts")],
  },
  // AWS JSON policy elements: Principal (AWS account principals) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  {
    name: "a bare 12-digit account id delegates like the root ARN",
    given: { resource: policy(allow("s3:*", `${BUCKET}/*`, aws(ACCOUNT))) },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // AWS JSON policy elements: Principal (AWS account principals) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  {
    name: "a Deny naming the account root denies the account's roles",
    given: { identity: [readScripts], resource: policy(deny("s3:*", `${BUCKET}/*`, aws(ROOT_ARN))) },
    decision: "ExplicitDeny",
    decisive: [res(0)],
  },
  // AWS JSON policy elements: Principal (AWS account principals) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  {
    name: "a bucket policy naming the account root allows the root user itself",
    given: { request: { principal: ROOT_ARN, context: {} }, resource: policy(allow("s3:*", `${BUCKET}/*`, aws(ROOT_ARN))) },
    decision: "Allow",
    decisive: [res(0)],
  },
];

const principals: Case[] = [
  // AWS JSON policy elements: Principal (All principals) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  {
    name: 'Principal "*" allows anonymous requests',
    given: { request: { principal: "anonymous", context: {} }, resource: policy(allow("s3:GetObject", `${BUCKET}/*`, everyone)) },
    decision: "Allow",
    decisive: [res(0)],
  },
  // AWS JSON policy elements: Principal (All principals) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  {
    name: 'Principal {"AWS": "*"} allows anonymous requests too',
    given: { request: { principal: "anonymous", context: {} }, resource: policy(allow("s3:GetObject", `${BUCKET}/*`, aws("*"))) },
    decision: "Allow",
    decisive: [res(0)],
  },
  // AWS JSON policy elements: Principal (All principals) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  {
    name: "an anonymous request is not allowed by identity policies",
    given: { request: { principal: "anonymous", context: {} }, identity: [s3All] },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // AWS JSON policy elements: Principal (All principals) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  {
    name: "an anonymous request is not matched by a bucket policy naming the account",
    given: { request: { principal: "anonymous", context: {} }, resource: policy(allow("s3:GetObject", `${BUCKET}/*`, aws(ROOT_ARN))) },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // AWS JSON policy elements: Principal (IAM role principals) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  {
    name: "a bucket policy naming the role allows its sessions (aws:PrincipalArn is the role)",
    given: { resource: policy(allow("s3:GetObject", `${BUCKET}/*`, aws(ROLE_ARN))) },
    decision: "Allow",
    decisive: [res(0)],
  },
  // AWS JSON policy elements: Principal (IAM role principals) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  {
    name: "a role ARN with a path matches the session by role name when aws:PrincipalArn is absent",
    given: {
      request: { context: {} },
      resource: policy(allow("s3:GetObject", `${BUCKET}/*`, aws(`arn:aws:iam::${ACCOUNT}:role/boot/ec2-boot`))),
    },
    decision: "Allow",
    decisive: [res(0)],
  },
  // AWS JSON policy elements: Principal (IAM role principals) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  {
    name: "a bucket policy naming another role does not match",
    given: { resource: policy(allow("s3:GetObject", `${BUCKET}/*`, aws(`arn:aws:iam::${ACCOUNT}:role/ci`))) },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // AWS JSON policy elements: Principal (Role session principals) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  {
    name: "a bucket policy naming the session ARN matches that session",
    given: { resource: policy(allow("s3:GetObject", `${BUCKET}/*`, aws(SESSION_ARN))) },
    decision: "Allow",
    decisive: [res(0)],
  },
  // AWS JSON policy elements: Principal (IAM role principals) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  {
    name: "a role of the same name in another account does not match",
    given: {
      request: { context: {} },
      resource: policy(allow("s3:GetObject", `${BUCKET}/*`, aws(`arn:aws:iam::${OTHER_ACCOUNT}:role/ec2-boot`))),
    },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // AWS JSON policy elements: Principal (AWS service principals) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  {
    name: "a bucket policy naming a service principal allows that service",
    given: {
      request: { principal: "cloudtrail.amazonaws.com", action: "s3:PutObject", context: {} },
      resource: policy(allow("s3:PutObject", `${BUCKET}/*`, { Principal: { Service: "cloudtrail.amazonaws.com" } })),
    },
    decision: "Allow",
    decisive: [res(0)],
  },
];

const notPrincipal: Case[] = [
  // AWS JSON policy elements: NotPrincipal (IAM user in the same or a different account) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
  {
    name: "Deny with NotPrincipal exempts the named user",
    given: {
      request: { principal: `arn:aws:iam::${OTHER_ACCOUNT}:user/Bob`, context: {} },
      identity: [s3All],
      resource: policy(
        deny("s3:*", [BUCKET, `${BUCKET}/*`], {
          NotPrincipal: { AWS: [`arn:aws:iam::${OTHER_ACCOUNT}:user/Bob`, `arn:aws:iam::${OTHER_ACCOUNT}:root`] },
        }),
        allow("s3:GetObject", `${BUCKET}/*`, aws(`arn:aws:iam::${OTHER_ACCOUNT}:user/Bob`)),
      ),
    },
    decision: "Allow",
    decisive: [id(0, 0), res(1)],
  },
  // AWS JSON policy elements: NotPrincipal (IAM user in the same or a different account) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
  {
    name: "Deny with NotPrincipal denies everyone else in the exempted user's account",
    given: {
      request: { principal: `arn:aws:iam::${OTHER_ACCOUNT}:user/Alice`, context: {} },
      identity: [s3All],
      resource: policy(
        deny("s3:*", [BUCKET, `${BUCKET}/*`], {
          NotPrincipal: { AWS: [`arn:aws:iam::${OTHER_ACCOUNT}:user/Bob`, `arn:aws:iam::${OTHER_ACCOUNT}:root`] },
        }),
      ),
    },
    decision: "ExplicitDeny",
    decisive: [res(0)],
  },
  // AWS JSON policy elements: NotPrincipal — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
  {
    name: "an account root in NotPrincipal does not exempt the account's roles",
    given: { identity: [s3All], resource: policy(deny("s3:*", `${BUCKET}/*`, { NotPrincipal: { AWS: ROOT_ARN } })) },
    decision: "ExplicitDeny",
    decisive: [res(0)],
  },
  // AWS JSON policy elements: NotPrincipal — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
  {
    name: "an account root in NotPrincipal exempts the root user itself",
    given: {
      request: { principal: ROOT_ARN, context: {} },
      identity: [s3All],
      resource: policy(deny("s3:*", `${BUCKET}/*`, { NotPrincipal: { AWS: ROOT_ARN } })),
    },
    decision: "Allow",
    decisive: [id(0, 0)],
  },
  // AWS JSON policy elements: NotPrincipal (IAM role in the same or different account) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
  {
    name: "NotPrincipal naming the role, its session and the account exempts the session",
    given: {
      request: { principal: OTHER_SESSION_ARN, context: { "aws:PrincipalArn": OTHER_ROLE_ARN } },
      identity: [s3All],
      resource: policy(
        deny("s3:*", `${BUCKET}/*`, { NotPrincipal: { AWS: [OTHER_SESSION_ARN, OTHER_ROLE_ARN, `arn:aws:iam::${OTHER_ACCOUNT}:root`] } }),
        allow("s3:GetObject", `${BUCKET}/*`, aws(OTHER_ROLE_ARN)),
      ),
    },
    decision: "Allow",
    decisive: [id(0, 0), res(1)],
  },
  // AWS JSON policy elements: NotPrincipal — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
  {
    name: "Deny with NotPrincipal applies to anonymous requests",
    given: {
      request: { principal: "anonymous", context: {} },
      resource: policy(allow("s3:GetObject", `${BUCKET}/*`, everyone), deny("s3:*", `${BUCKET}/*`, { NotPrincipal: { AWS: ROLE_ARN } })),
    },
    decision: "ExplicitDeny",
    decisive: [res(1)],
  },
];

const crossAccount: Case[] = [
  // Cross-account policy evaluation logic —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
  {
    name: "cross-account: an identity allow alone is not enough",
    given: { request: { principal: OTHER_SESSION_ARN, context: {} }, identity: [s3All] },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // Cross-account policy evaluation logic —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
  {
    name: "cross-account: a bucket policy allow alone is not enough",
    given: {
      request: { principal: OTHER_SESSION_ARN, context: {} },
      resource: policy(allow("s3:GetObject", `${BUCKET}/*`, aws(OTHER_ROLE_ARN))),
    },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // Cross-account policy evaluation logic —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
  {
    name: "cross-account: identity and bucket policy both allowing allows",
    given: {
      request: { principal: OTHER_SESSION_ARN, context: {} },
      identity: [s3All],
      resource: policy(allow("s3:GetObject", `${BUCKET}/*`, aws(OTHER_ROLE_ARN))),
    },
    decision: "Allow",
    decisive: [id(0, 0), res(0)],
  },
  // Cross-account policy evaluation logic —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
  {
    name: "cross-account: a bucket policy naming the trusted account plus an identity allow allows",
    given: {
      request: { principal: OTHER_SESSION_ARN, context: {} },
      identity: [s3All],
      resource: policy(allow("s3:GetObject", `${BUCKET}/*`, aws(`arn:aws:iam::${OTHER_ACCOUNT}:root`))),
    },
    decision: "Allow",
    decisive: [id(0, 0), res(0)],
  },
  // Cross-account policy evaluation logic —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
  {
    name: "cross-account: a bucket policy naming the trusted account without an identity allow denies",
    given: {
      request: { principal: OTHER_SESSION_ARN, context: {} },
      resource: policy(allow("s3:GetObject", `${BUCKET}/*`, aws(OTHER_ACCOUNT))),
    },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // Cross-account policy evaluation logic —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
  {
    name: "cross-account: an explicit deny in the trusted account's identity policy wins",
    given: {
      request: { principal: OTHER_SESSION_ARN, context: {} },
      identity: [policy(allow("s3:*", "*"), deny("s3:GetObject", "*"))],
      resource: policy(allow("s3:GetObject", `${BUCKET}/*`, aws(OTHER_ROLE_ARN))),
    },
    decision: "ExplicitDeny",
    decisive: [id(0, 1)],
  },
  // Cross-account policy evaluation logic —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
  {
    name: "aws:PrincipalAccount gives the account of a symbolic principal",
    given: {
      request: { principal: "${aws_iam_role.web.arn}", context: { "aws:PrincipalAccount": ACCOUNT } },
      resource: policy(allow("s3:GetObject", `${BUCKET}/*`, aws("${aws_iam_role.web.arn}"))),
    },
    decision: "Allow",
    decisive: [res(0)],
  },
];

const kmsDecrypt = { action: "kms:Decrypt", resource: KEY_ARN };
const enableIam = allow("kms:*", "*", { ...aws(ROOT_ARN), Sid: "Enable IAM User Permissions" });
const kmsIdentity = policy(allow("kms:Decrypt", KEY_ARN, { Sid: "Decrypt" }));

const kms: Case[] = [
  // AWS KMS Default key policy (Allows access to the AWS account and enables IAM policies) —
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
  {
    name: "KMS: the root statement of the key policy enables the identity policy",
    given: { request: kmsDecrypt, identity: [kmsIdentity], resource: policy(enableIam) },
    decision: "Allow",
    decisive: [id(0, 0, "Decrypt"), res(0, "Enable IAM User Permissions")],
  },
  // AWS KMS Key policies — https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
  {
    name: "KMS: an identity allow does not count when the key policy does not enable IAM",
    given: {
      request: kmsDecrypt,
      identity: [kmsIdentity],
      resource: policy(allow("kms:*", "*", aws(`arn:aws:iam::${ACCOUNT}:role/key-admin`))),
    },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // AWS KMS Key policies — https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
  {
    name: "KMS: without a key policy an identity allow grants nothing",
    given: { request: kmsDecrypt, identity: [kmsIdentity] },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // AWS KMS Default key policy (Allows key users to use the KMS key) —
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
  {
    name: "KMS: a key policy naming the role allows it without an identity policy",
    given: { request: kmsDecrypt, resource: policy(allow(["kms:Decrypt", "kms:GenerateDataKey*"], "*", aws(ROLE_ARN))) },
    decision: "Allow",
    decisive: [res(0)],
  },
  // AWS KMS Default key policy — https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
  {
    name: "KMS: the root statement alone grants nothing",
    given: { request: kmsDecrypt, resource: policy(enableIam) },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // AWS KMS Key policies — https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
  {
    name: "KMS: a Deny in the key policy wins",
    given: { request: kmsDecrypt, identity: [kmsIdentity], resource: policy(enableIam, deny("kms:Decrypt", "*", everyone)) },
    decision: "ExplicitDeny",
    decisive: [res(1)],
  },
  // AWS KMS Allowing users in other accounts to use a KMS key —
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
  {
    name: "KMS cross-account: key policy naming the external account plus its identity policy allows",
    given: {
      request: { ...kmsDecrypt, principal: OTHER_SESSION_ARN, context: {} },
      identity: [kmsIdentity],
      resource: policy(enableIam, allow("kms:Decrypt", "*", aws(`arn:aws:iam::${OTHER_ACCOUNT}:root`))),
    },
    decision: "Allow",
    decisive: [id(0, 0, "Decrypt"), res(1)],
  },
  // AWS KMS Allowing users in other accounts to use a KMS key —
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
  {
    name: "KMS cross-account: the key policy alone is not enough",
    given: {
      request: { ...kmsDecrypt, principal: OTHER_SESSION_ARN, context: {} },
      resource: policy(allow("kms:Decrypt", "*", aws(OTHER_ROLE_ARN))),
    },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // AWS KMS kms:ViaService — https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
  {
    name: "KMS: kms:ViaService lets the instance decrypt through S3",
    given: {
      request: { ...kmsDecrypt, context: { "aws:PrincipalArn": ROLE_ARN, "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
      identity: [
        policy(allow("kms:Decrypt", KEY_ARN, { Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } })),
      ],
      resource: policy(enableIam),
    },
    decision: "Allow",
    decisive: [id(0, 0), res(0, "Enable IAM User Permissions")],
  },
  // AWS KMS kms:ViaService — https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
  {
    name: "KMS: kms:ViaService refuses a direct call",
    given: {
      request: kmsDecrypt,
      identity: [
        policy(allow("kms:Decrypt", KEY_ARN, { Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } })),
      ],
      resource: policy(enableIam),
    },
    decision: "ImplicitDeny",
    decisive: [],
  },
];

const readersEndpoint = policy(allow(["s3:GetObject", "s3:ListBucket"], [BUCKET, `${BUCKET}/*`], { ...everyone, Sid: "Readers" }));

const endpoints: Case[] = [
  // Control access to VPC endpoints using endpoint policies (Default endpoint policy) —
  // https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
  {
    name: "the default endpoint policy lets an identity allow through and is listed",
    given: { request: { context: viaEndpoint }, identity: [readScripts], endpoint: FULL_ACCESS_ENDPOINT },
    decision: "Allow",
    decisive: [id(0, 0, "ReadScripts"), ep(0)],
  },
  // Control access to VPC endpoints using endpoint policies — https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
  {
    name: "an endpoint policy never grants on its own",
    given: { request: { context: viaEndpoint }, endpoint: FULL_ACCESS_ENDPOINT },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // Gateway endpoints for Amazon S3 (Control access using endpoint policies) —
  // https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html
  {
    name: "an endpoint policy for another bucket blocks an identity allow",
    given: {
      request: { context: viaEndpoint },
      identity: [s3All],
      endpoint: policy(allow("s3:*", ["arn:aws:s3:::other", "arn:aws:s3:::other/*"], everyone)),
    },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // Gateway endpoints for Amazon S3 (Control access using endpoint policies) —
  // https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html
  {
    name: "a read-only endpoint policy blocks PutObject",
    given: { request: { action: "s3:PutObject", context: viaEndpoint }, identity: [s3All], endpoint: readersEndpoint },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // Gateway endpoints for Amazon S3 (Control access using endpoint policies) —
  // https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html
  {
    name: "a read-only endpoint policy passes GetObject",
    given: { request: { context: viaEndpoint }, identity: [s3All], endpoint: readersEndpoint },
    decision: "Allow",
    decisive: [id(0, 0), ep(0, "Readers")],
  },
  // Control access to VPC endpoints using endpoint policies (Principals for gateway endpoints) —
  // https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
  {
    name: "a gateway endpoint policy naming the account lets only the root user through",
    given: { request: { context: viaEndpoint }, identity: [s3All], endpoint: policy(allow("s3:*", "*", aws(ACCOUNT))) },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // Control access to VPC endpoints using endpoint policies (Principals for gateway endpoints) —
  // https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
  {
    name: "a gateway endpoint policy narrowed with aws:PrincipalArn passes that role",
    given: {
      request: { context: viaEndpoint },
      identity: [s3All],
      endpoint: policy(allow("s3:*", "*", { ...everyone, Condition: { ArnEquals: { "aws:PrincipalArn": ROLE_ARN } } })),
    },
    decision: "Allow",
    decisive: [id(0, 0), ep(0)],
  },
  // Control access to VPC endpoints using endpoint policies (Principals for gateway endpoints) —
  // https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
  {
    name: "a gateway endpoint policy narrowed with aws:PrincipalArn blocks other roles",
    given: {
      request: { context: viaEndpoint },
      identity: [s3All],
      endpoint: policy(
        allow("s3:*", "*", { ...everyone, Condition: { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/ci` } } }),
      ),
    },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // Control access to VPC endpoints using endpoint policies — https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
  {
    name: "a bucket-policy allow also needs the endpoint policy's allow",
    given: {
      request: { context: viaEndpoint },
      resource: policy(allow("s3:GetObject", `${BUCKET}/*`, aws(ROLE_ARN))),
      endpoint: readersEndpoint,
    },
    decision: "Allow",
    decisive: [res(0), ep(0, "Readers")],
  },
];

const articleVpce: Case[] = [
  // Controlling access from VPC endpoints with bucket policies (Restricting access to a specific VPC endpoint) —
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html
  {
    name: "the article's bucket policy allows through the named endpoint given an identity allow",
    given: {
      request: { context: viaEndpoint },
      identity: [readScripts],
      resource: ARTICLE_VPCE_BUCKET_POLICY,
      endpoint: FULL_ACCESS_ENDPOINT,
    },
    decision: "Allow",
    decisive: [id(0, 0, "ReadScripts"), ep(0)],
  },
  // Controlling access from VPC endpoints with bucket policies (Restricting access to a specific VPC endpoint) —
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html
  {
    name: "the article's bucket policy denies NAT traffic, which carries no aws:SourceVpce",
    given: { request: { context: viaNat }, identity: [readScripts], resource: ARTICLE_VPCE_BUCKET_POLICY },
    decision: "ExplicitDeny",
    decisive: [res(0, "Access-to-specific-VPCE-only")],
  },
  // Controlling access from VPC endpoints with bucket policies (Restricting access to a specific VPC endpoint) —
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html
  {
    name: "the article's bucket policy denies another endpoint",
    given: {
      request: { context: { ...viaEndpoint, "aws:SourceVpce": "vpce-other" } },
      identity: [readScripts],
      resource: ARTICLE_VPCE_BUCKET_POLICY,
      endpoint: FULL_ACCESS_ENDPOINT,
    },
    decision: "ExplicitDeny",
    decisive: [res(0, "Access-to-specific-VPCE-only")],
  },
  // Controlling access from VPC endpoints with bucket policies (Restricting access to a specific VPC) —
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html
  {
    name: "the aws:SourceVpc variant allows through any endpoint of the VPC",
    given: {
      request: { context: viaEndpoint },
      identity: [readScripts],
      resource: policy(deny("s3:*", [BUCKET, `${BUCKET}/*`], { ...everyone, Condition: { StringNotEquals: { "aws:sourceVpc": VPC } } })),
      endpoint: FULL_ACCESS_ENDPOINT,
    },
    decision: "Allow",
    decisive: [id(0, 0, "ReadScripts"), ep(0)],
  },
  // Controlling access from VPC endpoints with bucket policies (Restricting access to a specific VPC) —
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html
  {
    name: "the aws:SourceVpc variant denies NAT traffic",
    given: {
      request: { context: viaNat },
      identity: [readScripts],
      resource: policy(deny("s3:*", [BUCKET, `${BUCKET}/*`], { ...everyone, Condition: { StringNotEquals: { "aws:sourceVpc": VPC } } })),
    },
    decision: "ExplicitDeny",
    decisive: [res(0)],
  },
  // Controlling access from VPC endpoints with bucket policies —
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html
  {
    name: "a Deny naming only the bucket ARN does not cover objects",
    given: {
      request: { context: viaNat },
      identity: [readScripts],
      resource: policy(deny("s3:*", BUCKET, { ...everyone, Condition: { StringNotEquals: { "aws:SourceVpce": VPCE } } })),
    },
    decision: "Allow",
    decisive: [id(0, 0, "ReadScripts")],
  },
  // Controlling access from VPC endpoints with bucket policies —
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html
  {
    name: "a Deny naming only the bucket ARN covers ListBucket on the bucket",
    given: {
      request: { action: "s3:ListBucket", resource: BUCKET, context: viaNat },
      identity: [s3All],
      resource: policy(deny("s3:*", BUCKET, { ...everyone, Condition: { StringNotEquals: { "aws:SourceVpce": VPCE } } })),
    },
    decision: "ExplicitDeny",
    decisive: [res(0)],
  },
  // Controlling access from VPC endpoints with bucket policies —
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html
  {
    name: "StringNotEquals with two endpoints is NOR: the second endpoint is allowed",
    given: {
      request: { context: { ...viaEndpoint, "aws:SourceVpce": "vpce-2b3c4d5e" } },
      identity: [readScripts],
      resource: policy(
        deny("s3:*", `${BUCKET}/*`, { ...everyone, Condition: { StringNotEquals: { "aws:SourceVpce": [VPCE, "vpce-2b3c4d5e"] } } }),
      ),
    },
    decision: "Allow",
    decisive: [id(0, 0, "ReadScripts")],
  },
  // AWS global condition context keys (aws:SourceIp) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip
  {
    name: "an aws:SourceIp allow never matches through an endpoint (no aws:SourceIp there)",
    given: {
      request: { context: viaEndpoint },
      resource: policy(allow("s3:GetObject", `${BUCKET}/*`, { ...everyone, Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/16" } } })),
      endpoint: FULL_ACCESS_ENDPOINT,
    },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // AWS global condition context keys (aws:SourceIp) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip
  {
    name: "a NotIpAddress aws:SourceIp deny blocks every request through an endpoint",
    given: {
      request: { context: viaEndpoint },
      identity: [readScripts],
      resource: policy(deny("s3:*", `${BUCKET}/*`, { ...everyone, Condition: { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } } })),
      endpoint: FULL_ACCESS_ENDPOINT,
    },
    decision: "ExplicitDeny",
    decisive: [res(0)],
  },
  // AWS global condition context keys (aws:SourceIp) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip
  {
    name: "an aws:SourceIp allow matches a request from that public range",
    given: {
      request: { principal: "anonymous", context: { "aws:SourceIp": "203.0.113.10" } },
      resource: policy(
        allow("s3:GetObject", `${BUCKET}/*`, { ...everyone, Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } } }),
      ),
    },
    decision: "Allow",
    decisive: [res(0)],
  },
  // Controlling access from VPC endpoints with bucket policies —
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html
  {
    name: "a per-endpoint privilege deny blocks PutObject from the readers endpoint",
    given: {
      request: { action: "s3:PutObject", context: viaEndpoint },
      identity: [s3All],
      resource: policy(
        deny(["s3:PutObject", "s3:DeleteObject"], `${BUCKET}/*`, {
          ...everyone,
          Sid: "ReadOnlyEndpoints",
          Condition: { StringEquals: { "aws:SourceVpce": VPCE } },
        }),
      ),
    },
    decision: "ExplicitDeny",
    decisive: [res(0, "ReadOnlyEndpoints")],
  },
  // Controlling access from VPC endpoints with bucket policies —
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html
  {
    name: "the lockout guard exempts the admin via aws:PrincipalArn outside the endpoint",
    given: {
      request: {
        principal: `arn:aws:sts::${ACCOUNT}:assumed-role/terraform/ci`,
        action: "s3:PutBucketPolicy",
        resource: BUCKET,
        context: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/terraform` },
      },
      identity: [s3All],
      resource: policy(
        deny("s3:*", [BUCKET, `${BUCKET}/*`], {
          ...everyone,
          Condition: {
            StringNotEquals: { "aws:SourceVpce": VPCE },
            ArnNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/terraform` },
          },
        }),
      ),
    },
    decision: "Allow",
    decisive: [id(0, 0)],
  },
  // Controlling access from VPC endpoints with bucket policies —
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html
  {
    name: "the lockout guard still denies other principals outside the endpoint",
    given: {
      request: { context: viaNat },
      identity: [s3All],
      resource: policy(
        deny("s3:*", [BUCKET, `${BUCKET}/*`], {
          ...everyone,
          Condition: {
            StringNotEquals: { "aws:SourceVpce": VPCE },
            ArnNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/terraform` },
          },
        }),
      ),
    },
    decision: "ExplicitDeny",
    decisive: [res(0)],
  },
  // Amazon S3 bucket policy examples (Managing access based on HTTP or HTTPS requests) —
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html
  {
    name: "a TLS-only deny blocks plain HTTP (aws:SecureTransport false)",
    given: {
      request: { context: { ...viaEndpoint, "aws:SecureTransport": "false" } },
      identity: [readScripts],
      resource: policy(deny("s3:*", `${BUCKET}/*`, { ...everyone, Condition: { Bool: { "aws:SecureTransport": false } } })),
    },
    decision: "ExplicitDeny",
    decisive: [res(0)],
  },
  // Amazon S3 bucket policy examples (Managing access based on HTTP or HTTPS requests) —
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html
  {
    name: "a TLS-only deny lets HTTPS through",
    given: {
      request: { context: { ...viaEndpoint, "aws:SecureTransport": "true" } },
      identity: [readScripts],
      resource: policy(deny("s3:*", `${BUCKET}/*`, { ...everyone, Condition: { Bool: { "aws:SecureTransport": "false" } } })),
    },
    decision: "Allow",
    decisive: [id(0, 0, "ReadScripts")],
  },
];

const terraform: Case[] = [
  // Controlling access from VPC endpoints with bucket policies (synthesized with Terraform references, docs/DESIGN.md
  // §1) — https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html
  {
    name: "a Terraform endpoint reference compares as an opaque literal (same reference)",
    given: {
      request: { resource: "${aws_s3_bucket.scripts.arn}/boot.sh", context: { "aws:SourceVpce": "${aws_vpc_endpoint.readers.id}" } },
      identity: [policy(allow("s3:GetObject", "${aws_s3_bucket.scripts.arn}/*"))],
      resource: policy(
        deny("s3:*", ["${aws_s3_bucket.scripts.arn}", "${aws_s3_bucket.scripts.arn}/*"], {
          ...everyone,
          Condition: { StringNotEquals: { "aws:SourceVpce": "${aws_vpc_endpoint.readers.id}" } },
        }),
      ),
    },
    decision: "Allow",
    decisive: [id(0, 0)],
  },
  // Controlling access from VPC endpoints with bucket policies (synthesized with Terraform references, docs/DESIGN.md
  // §1) — https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html
  {
    name: "a Terraform endpoint reference does not match another endpoint's reference",
    given: {
      request: { resource: "${aws_s3_bucket.scripts.arn}/boot.sh", context: { "aws:SourceVpce": "${aws_vpc_endpoint.publishers.id}" } },
      identity: [policy(allow("s3:GetObject", "${aws_s3_bucket.scripts.arn}/*"))],
      resource: policy(
        deny("s3:*", "${aws_s3_bucket.scripts.arn}/*", {
          ...everyone,
          Condition: { StringNotEquals: { "aws:SourceVpce": "${aws_vpc_endpoint.readers.id}" } },
        }),
      ),
    },
    decision: "ExplicitDeny",
    decisive: [res(0)],
  },
  // IAM policy elements: Variables and tags (a Terraform reference is not a policy variable) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  {
    name: "a `*` inside a Terraform reference is not a wildcard",
    given: { request: { resource: "${aws_s3_bucket.b[0].arn}" }, identity: [policy(allow("s3:GetObject", "${aws_s3_bucket.b[*].arn}"))] },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // AWS JSON policy elements: Principal (synthesized with Terraform references) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  {
    name: "a Terraform role reference in Principal matches a session whose aws:PrincipalArn carries it",
    given: {
      request: { context: { "aws:PrincipalArn": "${aws_iam_role.web.arn}" } },
      resource: policy(allow("s3:GetObject", `${BUCKET}/*`, aws("${aws_iam_role.web.arn}"))),
    },
    decision: "Allow",
    decisive: [res(0)],
  },
];

const actionsAndResources: Case[] = [
  // IAM JSON policy elements: Action — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
  { name: "s3:* matches every S3 action", given: { identity: [policy(allow("s3:*", "*"))] }, decision: "Allow", decisive: [id(0, 0)] },
  // IAM JSON policy elements: Action — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
  {
    name: '"*" matches every action of every service',
    given: { request: { action: "kms:Decrypt", resource: KEY_ARN }, identity: [policy(allow("*", "*"))], resource: policy(enableIam) },
    decision: "Allow",
    decisive: [id(0, 0), res(0, "Enable IAM User Permissions")],
  },
  // IAM JSON policy elements: Action (action names are case-insensitive) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
  {
    name: "action names in policies are case-insensitive",
    given: { identity: [policy(allow("S3:getobject", "*"))] },
    decision: "Allow",
    decisive: [id(0, 0)],
  },
  // IAM JSON policy elements: Action (action names are case-insensitive) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
  {
    name: "action names in requests are case-insensitive",
    given: { request: { action: "S3:GETOBJECT" }, identity: [policy(allow("s3:GetObject", "*"))] },
    decision: "Allow",
    decisive: [id(0, 0)],
  },
  // IAM JSON policy elements: Action — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
  {
    name: "s3:Get* does not match s3:PutObject",
    given: { request: { action: "s3:PutObject" }, identity: [policy(allow("s3:Get*", "*"))] },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // IAM JSON policy elements: Action — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
  {
    name: "? matches exactly one character in an action",
    given: { identity: [policy(allow("s3:?etObject", "*"))] },
    decision: "Allow",
    decisive: [id(0, 0)],
  },
  // IAM JSON policy elements: Action — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
  {
    name: "an s3 wildcard does not match another service",
    given: { request: { action: "s3express:GetObject" }, identity: [policy(allow("s3:*", "*"))] },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // IAM JSON policy elements: NotAction — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
  {
    name: "Allow with NotAction allows actions outside the list",
    given: { identity: [policy({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })] },
    decision: "Allow",
    decisive: [id(0, 0)],
  },
  // IAM JSON policy elements: NotAction — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
  {
    name: "Allow with NotAction does not allow the listed actions",
    given: {
      request: { action: "iam:CreateUser", resource: "*" },
      identity: [policy({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })],
    },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // IAM JSON policy elements: NotResource — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
  {
    name: "Deny with NotResource denies everything outside the listed resources",
    given: {
      request: { resource: "arn:aws:s3:::other/x" },
      identity: [s3All, policy({ Effect: "Deny", Action: "s3:*", NotResource: `${BUCKET}/*` })],
    },
    decision: "ExplicitDeny",
    decisive: [id(1, 0)],
  },
  // IAM JSON policy elements: NotResource — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
  {
    name: "Deny with NotResource spares the listed resources",
    given: { identity: [s3All, policy({ Effect: "Deny", Action: "s3:*", NotResource: `${BUCKET}/*` })] },
    decision: "Allow",
    decisive: [id(0, 0)],
  },
  // IAM JSON policy elements: Resource (ARNs are case-sensitive) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
  {
    name: "resource ARNs are case-sensitive",
    given: { identity: [policy(allow("s3:GetObject", "arn:aws:s3:::My_Secure_Bucket/*"))] },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // IAM JSON policy elements: Resource (wildcards) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
  {
    name: "* in a resource spans slashes",
    given: { request: { resource: `${BUCKET}/a/b/c.sh` }, identity: [readScripts] },
    decision: "Allow",
    decisive: [id(0, 0, "ReadScripts")],
  },
  // IAM JSON policy elements: Resource (wildcards) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
  {
    name: "? in a resource matches exactly one character",
    given: { request: { resource: `${BUCKET}/boot.sh` }, identity: [policy(allow("s3:GetObject", `${BUCKET}/boot.s?`))] },
    decision: "Allow",
    decisive: [id(0, 0)],
  },
  // IAM JSON policy elements: Resource (wildcards) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
  {
    name: "? in a resource does not match two characters",
    given: { request: { resource: `${BUCKET}/boot.shh` }, identity: [policy(allow("s3:GetObject", `${BUCKET}/boot.s?`))] },
    decision: "ImplicitDeny",
    decisive: [],
  },
  // IAM JSON policy elements: Resource (wildcards) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
  {
    name: "* in a resource spans colons",
    given: {
      request: { action: "kms:Decrypt", resource: KEY_ARN },
      identity: [policy(allow("kms:Decrypt", "arn:aws:kms:*"))],
      resource: policy(enableIam),
    },
    decision: "Allow",
    decisive: [id(0, 0), res(0, "Enable IAM User Permissions")],
  },
];

const conditions: Case[] = [
  // Conditions with multiple context keys or values —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
  {
    name: "several values for one key are OR",
    given: {
      identity: [policy(allow("s3:GetObject", "*", { Condition: { StringEquals: { "aws:SourceVpce": ["vpce-x", VPCE] } } }))],
      request: { context: viaEndpoint },
    },
    decision: "Allow",
  },
  // Conditions with multiple context keys or values —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
  {
    name: "several keys in one operator are AND",
    given: {
      identity: [
        policy(allow("s3:GetObject", "*", { Condition: { StringEquals: { "aws:SourceVpce": VPCE, "aws:SourceVpc": "vpc-other" } } })),
      ],
      request: { context: viaEndpoint },
    },
    decision: "ImplicitDeny",
  },
  // Conditions with multiple context keys or values —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
  {
    name: "several operators are AND",
    given: {
      identity: [
        policy(
          allow("s3:GetObject", "*", { Condition: { StringEquals: { "aws:SourceVpce": VPCE }, Bool: { "aws:SecureTransport": "true" } } }),
        ),
      ],
      request: { context: viaEndpoint },
    },
    decision: "ImplicitDeny",
  },
  // IAM JSON policy elements: Condition (condition key names are not case-sensitive) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
  {
    name: "condition key names are case-insensitive",
    given: {
      identity: [policy(allow("s3:GetObject", "*", { Condition: { StringEquals: { "AWS:SOURCEVPCE": VPCE } } }))],
      request: { context: viaEndpoint },
    },
    decision: "Allow",
  },
  // IAM JSON policy elements: Condition operators (String condition operators) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
  {
    name: "StringEquals values compare case-sensitively",
    given: {
      identity: [policy(allow("s3:GetObject", "*", { Condition: { StringEquals: { "aws:SourceVpce": VPCE.toUpperCase() } } }))],
      request: { context: viaEndpoint },
    },
    decision: "ImplicitDeny",
  },
  // IAM JSON policy elements: Condition operators (...IfExists) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
  {
    name: "StringEqualsIfExists is true when the key is missing",
    given: {
      identity: [policy(allow("s3:GetObject", "*", { Condition: { StringEqualsIfExists: { "aws:SourceVpce": VPCE } } }))],
      request: { context: viaNat },
    },
    decision: "Allow",
  },
  // Single-valued vs. multivalued context keys (ForAnyValue) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
  {
    name: "ForAnyValue on a missing key is false",
    given: { identity: [policy(allow("s3:GetObject", "*", { Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": "team" } } }))] },
    decision: "ImplicitDeny",
  },
  // Single-valued vs. multivalued context keys (ForAllValues) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
  {
    name: "ForAllValues on a missing key is true",
    given: { identity: [policy(allow("s3:GetObject", "*", { Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": "team" } } }))] },
    decision: "Allow",
  },
  // IAM JSON policy elements: Condition operators (Condition operator to check existence of condition keys) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
  {
    name: 'Null "true" denies requests without aws:SourceVpce',
    given: {
      identity: [s3All],
      resource: policy(deny("s3:*", `${BUCKET}/*`, { ...everyone, Condition: { Null: { "aws:SourceVpce": "true" } } })),
      request: { context: viaNat },
    },
    decision: "ExplicitDeny",
  },
  // IAM JSON policy elements: Condition operators (Numeric condition operators) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
  {
    name: "NumericLessThanEquals with a numeric policy value compares numbers",
    given: {
      request: { action: "s3:ListBucket", resource: BUCKET, context: { "s3:max-keys": "10" } },
      identity: [policy(allow("s3:ListBucket", BUCKET, { Condition: { NumericLessThanEquals: { "s3:max-keys": 10 } } }))],
    },
    decision: "Allow",
  },
  // IAM JSON policy elements: Condition operators (Date condition operators) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
  {
    name: "DateLessThan on aws:CurrentTime expires access",
    given: {
      request: { context: { "aws:CurrentTime": "2026-01-01T00:00:00Z" } },
      identity: [policy(allow("s3:GetObject", "*", { Condition: { DateLessThan: { "aws:CurrentTime": "2025-12-31T23:59:59Z" } } }))],
    },
    decision: "ImplicitDeny",
  },
  // IAM JSON policy elements: Condition operators (Condition operators) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
  {
    name: "a non-negated operator on a missing key does not allow",
    given: {
      identity: [policy(allow("s3:GetObject", "*", { Condition: { StringLike: { "aws:userid": "AROA*" } } }))],
      request: { context: {} },
    },
    decision: "ImplicitDeny",
  },
];

const variables: Case[] = [
  // IAM policy elements: Variables and tags (Using variables in policies) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  {
    name: "${aws:username} in a resource resolves from the request",
    given: {
      request: { principal: USER_ARN, resource: `${BUCKET}/home/carlossalazar/notes.txt`, context: { "aws:username": "carlossalazar" } },
      identity: [policy(allow("s3:GetObject", `${BUCKET}/home/\${aws:username}/*`))],
    },
    decision: "Allow",
  },
  // IAM policy elements: Variables and tags (Using variables in policies) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  {
    name: "${aws:username} does not reach another user's home",
    given: {
      request: { principal: USER_ARN, resource: `${BUCKET}/home/bob/notes.txt`, context: { "aws:username": "carlossalazar" } },
      identity: [policy(allow("s3:GetObject", `${BUCKET}/home/\${aws:username}/*`))],
    },
    decision: "ImplicitDeny",
  },
  // IAM policy elements: Variables and tags (Policy variables with no value) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  {
    name: "an unresolvable variable makes an Allow statement not match",
    given: {
      request: { resource: `${BUCKET}/home/ec2-boot/x` },
      identity: [policy(allow("s3:GetObject", `${BUCKET}/home/\${aws:username}/*`))],
    },
    decision: "ImplicitDeny",
  },
  // IAM policy elements: Variables and tags (Policy variables with no value) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  {
    name: "an unresolvable variable makes a Deny statement not match either",
    given: { identity: [readScripts, policy({ Effect: "Deny", Action: "s3:*", NotResource: `${BUCKET}/home/\${aws:username}/*` })] },
    decision: "Allow",
  },
  // IAM policy elements: Variables and tags (Specifying default values) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  {
    name: "a variable default is used when the key is missing",
    given: {
      request: { resource: `${BUCKET}/home/shared/x` },
      identity: [policy(allow("s3:GetObject", `${BUCKET}/home/\${aws:username, 'shared'}/*`))],
    },
    decision: "Allow",
  },
  // IAM policy elements: Variables and tags (Using variables in policies: Version 2012-10-17) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  {
    name: "with Version 2008-10-17 a variable is literal text",
    given: {
      request: { resource: `${BUCKET}/home/carlossalazar/x`, context: { "aws:username": "carlossalazar" } },
      identity: [{ Version: "2008-10-17", Statement: [allow("s3:GetObject", `${BUCKET}/home/\${aws:username}/*`)] }],
    },
    decision: "ImplicitDeny",
  },
  // IAM policy elements: Variables and tags (Special characters) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  {
    name: "${*} is a literal asterisk, not a wildcard",
    given: { request: { resource: `${BUCKET}/anything` }, identity: [policy(allow("s3:GetObject", `${BUCKET}/\${*}`))] },
    decision: "ImplicitDeny",
  },
  // IAM policy elements: Variables and tags (Special characters) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  {
    name: "${*} matches an object literally named *",
    given: { request: { resource: `${BUCKET}/*` }, identity: [policy(allow("s3:GetObject", `${BUCKET}/\${*}`))] },
    decision: "Allow",
  },
  // IAM policy elements: Variables and tags (Tags as policy variables) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
  {
    name: "${aws:PrincipalTag/team} resolves case-insensitively in a condition value",
    given: {
      request: { context: { "aws:principaltag/Team": "boot", "s3:prefix": "boot/" } },
      identity: [policy(allow("s3:GetObject", "*", { Condition: { StringLike: { "s3:prefix": "${aws:PrincipalTag/team}/*" } } }))],
    },
    decision: "Allow",
  },
];

const principalKeys: Case[] = [
  // AWS global condition context keys (aws:PrincipalArn) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
  {
    name: "aws:PrincipalArn of an IAM user is its ARN even when the caller leaves it out",
    given: {
      request: { principal: USER_ARN, context: {} },
      identity: [s3All],
      resource: policy(deny("s3:*", `${BUCKET}/*`, { ...everyone, Condition: { ArnNotEquals: { "aws:PrincipalArn": USER_ARN } } })),
    },
    decision: "Allow",
    decisive: [id(0, 0)],
  },
  // AWS global condition context keys (aws:PrincipalAccount) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount
  {
    name: "aws:PrincipalAccount comes from the principal ARN when the caller leaves it out",
    given: {
      request: { context: {} },
      resource: policy(
        allow("s3:GetObject", `${BUCKET}/*`, { ...everyone, Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } }),
      ),
    },
    decision: "Allow",
    decisive: [res(0)],
  },
  // AWS global condition context keys (aws:PrincipalArn: for a role session, the role ARN) —
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
  {
    name: "a role session's aws:PrincipalArn defaults to its role's ARN when the caller leaves it out",
    given: {
      request: { context: {} },
      resource: policy(allow("s3:GetObject", `${BUCKET}/*`, { ...everyone, Condition: { ArnEquals: { "aws:PrincipalArn": ROLE_ARN } } })),
    },
    decision: "Allow",
    decisive: [res(0)],
  },
  // Same page: the role ARN keeps its path, which only the caller can give.
  {
    name: "an aws:PrincipalArn given in the context (a role with a path) wins over the derived one",
    given: {
      request: { context: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/boot/ec2-boot` } },
      resource: policy(allow("s3:GetObject", `${BUCKET}/*`, { ...everyone, Condition: { ArnEquals: { "aws:PrincipalArn": ROLE_ARN } } })),
    },
    decision: "ImplicitDeny",
    decisive: [],
  },
];

const groups: Record<string, Case[]> = {
  basics,
  singleAccount,
  accountDelegation,
  principals,
  notPrincipal,
  crossAccount,
  principalKeys,
  kms,
  endpoints,
  articleVpce,
  terraform,
  actionsAndResources,
  conditions,
  variables,
};

describe("evaluate: documented AWS semantics", () => {
  for (const [group, cases] of Object.entries(groups)) {
    describe(group, () => {
      it.each(cases)("$name", ({ given, decision, decisive }) => {
        // GIVEN the scenario's request and policies WHEN evaluated
        const result = evaluate(input(given));
        // THEN the decision (and, where stated, the decisive statements) match AWS's documentation
        expect(result.decision).toBe(decision);
        if (decisive !== undefined) expect(result.decisive).toEqual(decisive);
        if (decision === "ImplicitDeny") expect(result.decisive).toEqual([]);
      });
    });
  }

  it("has at least 70 documented cases", () => {
    expect(Object.values(groups).flat().length).toBeGreaterThanOrEqual(70);
  });
});
