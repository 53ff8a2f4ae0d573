/**
 * fast-check generators for evaluator inputs over the article's scenario: a
 * small vocabulary of actions, resources, principals and conditions, so that
 * random policies often match random requests.
 */
import fc from "fast-check";
import type { ContextValue, EvaluationInput, PolicyDocument, PolicyStatement } from "../../../analysis/policy";
import {
  ACCOUNT,
  BUCKET,
  OBJECT,
  OTHER_ACCOUNT,
  OTHER_ROLE_ARN,
  OTHER_SESSION_ARN,
  ROLE_ARN,
  ROOT_ARN,
  SESSION_ARN,
  USER_ARN,
  VPC,
  VPCE,
} from "./fixtures";

export const ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "kms:Decrypt"];
const ACTION_PATTERNS = [...ACTIONS, "s3:*", "s3:Get*", "*", "s3:?utObject"];
const RESOURCES = [OBJECT, BUCKET, `${BUCKET}/other.sh`, "arn:aws:s3:::other/x"];
const RESOURCE_PATTERNS = [BUCKET, `${BUCKET}/*`, OBJECT, "*", "arn:aws:s3:::other/*", `${BUCKET}/\${aws:username}*`];
const PRINCIPALS = [
  "*",
  { AWS: ROLE_ARN },
  { AWS: ROOT_ARN },
  { AWS: ACCOUNT },
  { AWS: OTHER_ROLE_ARN },
  { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` },
  { AWS: SESSION_ARN },
];

const CONDITIONS: Record<string, Record<string, unknown>>[] = [
  { StringEquals: { "aws:SourceVpce": VPCE } },
  { StringNotEquals: { "aws:SourceVpce": [VPCE, "vpce-2b3c4d5e"] } },
  { StringNotEqualsIfExists: { "aws:SourceVpc": VPC } },
  { Bool: { "aws:SecureTransport": "false" } },
  { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
  { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
  { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/ec2-*" } },
  { "ForAnyValue:StringEquals": { "aws:TagKeys": "team" } },
  { "ForAllValues:StringLike": { "aws:TagKeys": ["team", "cost-*"] } },
  { Null: { "aws:SourceVpce": "true" } },
  { StringLike: { "s3:prefix": "home/${aws:username}/*" } },
  { StringEquals: { "aws:SourceVpce": VPCE }, Bool: { "aws:SecureTransport": true } },
];

const CONTEXT_ENTRIES: [string, ContextValue][] = [
  ["aws:SourceVpce", VPCE],
  ["aws:SourceVpc", VPC],
  ["aws:SecureTransport", "true"],
  ["aws:SourceIp", "203.0.113.10"],
  ["aws:PrincipalArn", ROLE_ARN],
  ["aws:TagKeys", ["team", "cost-center"]],
  ["aws:username", "carlossalazar"],
  ["s3:prefix", "home/carlossalazar/a"],
];

/** A statement for a policy of the given kind (identity statements name no principal). */
export function statementArb(kind: "identity" | "resource" | "endpoint", effect?: "Allow" | "Deny"): fc.Arbitrary<PolicyStatement> {
  return fc
    .record({
      // Mostly Allow statements and few conditions, so that a fair share of random inputs is allowed.
      Effect: effect === undefined ? weighted<"Allow" | "Deny">(["Allow", 3], ["Deny", 1]) : fc.constant(effect),
      Action: fc.subarray(ACTION_PATTERNS, { minLength: 1, maxLength: 3 }),
      Resource: fc.subarray(RESOURCE_PATTERNS, { minLength: 1, maxLength: 2 }),
      Principal: fc.constantFrom<unknown>(...PRINCIPALS),
      Condition: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: fc.constantFrom(...CONDITIONS), weight: 2 }),
    })
    .map(({ Principal, Condition, ...rest }) => {
      const withPrincipal: PolicyStatement = kind === "identity" ? rest : { ...rest, Principal };
      return Condition === undefined ? withPrincipal : { ...withPrincipal, Condition };
    });
}

function weighted<T>(...choices: [T, number][]): fc.Arbitrary<T> {
  return fc.oneof(...choices.map(([value, weight]) => ({ arbitrary: fc.constant(value), weight })));
}

function documentArb(kind: "identity" | "resource" | "endpoint"): fc.Arbitrary<PolicyDocument> {
  return fc.array(statementArb(kind), { maxLength: 4 }).map((statements) => ({ Version: "2012-10-17", Statement: statements }));
}

/** A complete evaluator input with unique Sids, so that decisive statements can be compared across reorderings. */
export const inputArb: fc.Arbitrary<EvaluationInput> = fc
  .record({
    principal: weighted([SESSION_ARN, 4], [USER_ARN, 1], [OTHER_SESSION_ARN, 2], [ROOT_ARN, 1], ["anonymous", 1]),
    action: weighted(...ACTIONS.map((action, i): [string, number] => [action, i === 0 ? 4 : 1])),
    resource: weighted(...RESOURCES.map((resource, i): [string, number] => [resource, i === 0 ? 4 : 1])),
    resourceAccount: weighted<string | undefined>([undefined, 2], [ACCOUNT, 2], [OTHER_ACCOUNT, 1]),
    context: fc.subarray(CONTEXT_ENTRIES).map((entries) => Object.fromEntries(entries)),
    identityPolicies: fc.array(documentArb("identity"), { maxLength: 2 }),
    resourcePolicy: fc.option(documentArb("resource"), { nil: null }),
    endpointPolicy: fc.option(documentArb("endpoint"), { nil: null, freq: 2 }),
  })
  .map(({ principal, action, resource, resourceAccount, context, ...policies }) => {
    const request =
      resourceAccount === undefined ? { principal, action, resource, context } : { principal, action, resource, resourceAccount, context };
    return withUniqueSids({ request, ...policies });
  });

function withUniqueSids(input: EvaluationInput): EvaluationInput {
  let next = 0;
  const tag = (doc: PolicyDocument): PolicyDocument => ({ ...doc, Statement: statements(doc).map((s) => ({ ...s, Sid: `S${next++}` })) });
  return {
    ...input,
    identityPolicies: input.identityPolicies.map(tag),
    resourcePolicy: input.resourcePolicy === null ? null : tag(input.resourcePolicy),
    endpointPolicy: input.endpointPolicy === null ? null : tag(input.endpointPolicy),
  };
}

/** The statements of a document as an array. */
export function statements(doc: PolicyDocument): PolicyStatement[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}
