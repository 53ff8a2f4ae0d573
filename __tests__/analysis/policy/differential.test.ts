/**
 * Differential test against @cloud-copilot/iam-simulate (a dev-only oracle) on
 * random simple policies whose semantics are uncontroversial: real S3 and KMS
 * actions on matching resource types; identity, bucket/key and endpoint
 * policies; same-account, cross-account and anonymous callers, with the bucket's
 * account stated as `resourceAccount` or as `aws:ResourceAccount`; account-root
 * delegation; string, Bool, IP and Null conditions; NotPrincipal naming roles,
 * users and sessions. An account root in NotPrincipal is left out on purpose:
 * there the oracle exempts the whole account, while the AWS documentation says
 * only the root user is exempted
 * (AWS JSON policy elements: NotPrincipal —
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
 */
import { anonymousPrincipal, runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import fc from "fast-check";
import { evaluate, type Decision, type EvaluationInput, type PolicyDocument, type PolicyStatement } from "../../../analysis/policy";
import {
  ACCOUNT,
  BUCKET,
  KEY_ARN,
  OBJECT,
  OTHER_ACCOUNT,
  OTHER_ROLE_ARN,
  OTHER_SESSION_ARN,
  ROLE_ARN,
  ROOT_ARN,
  SESSION_ARN,
  USER_ARN,
  VPCE,
} from "./fixtures";

const REQUESTS = [
  { action: "s3:GetObject", resource: OBJECT },
  { action: "s3:PutObject", resource: `${BUCKET}/uploads/a.txt` },
  { action: "s3:ListBucket", resource: BUCKET },
  { action: "kms:Decrypt", resource: KEY_ARN },
];
const CALLERS: { principal: string; context: Record<string, string> }[] = [
  { principal: SESSION_ARN, context: { "aws:PrincipalArn": ROLE_ARN } },
  { principal: USER_ARN, context: { "aws:PrincipalArn": USER_ARN } },
  { principal: OTHER_SESSION_ARN, context: { "aws:PrincipalArn": OTHER_ROLE_ARN } },
  { principal: "anonymous", context: {} },
];
const ACTION_PATTERNS = ["kms:Decrypt", "kms:*", "s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:*", "s3:Get*", "s3:*Object", "*"];
const RESOURCE_PATTERNS = ["arn:aws:kms:*", BUCKET, `${BUCKET}/*`, OBJECT, `${BUCKET}/uploads/*`, "*", "arn:aws:s3:::other/*"];
const BUCKET_PRINCIPALS = [
  "*",
  { AWS: ROOT_ARN },
  { AWS: ACCOUNT },
  { AWS: ROLE_ARN },
  { AWS: USER_ARN },
  { AWS: OTHER_ROLE_ARN },
  { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` },
];
const NOT_PRINCIPALS = [{ AWS: ROLE_ARN }, { AWS: [USER_ARN, SESSION_ARN] }, { AWS: OTHER_SESSION_ARN }];
const CONDITIONS: Record<string, Record<string, unknown>>[] = [
  { StringEquals: { "aws:SourceVpce": VPCE } },
  { StringNotEquals: { "aws:SourceVpce": [VPCE, "vpce-2b3c4d5e"] } },
  { StringEqualsIfExists: { "aws:SourceVpce": VPCE } },
  { Bool: { "aws:SecureTransport": "false" } },
  { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
  { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
  { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/*" } },
  { Null: { "aws:SourceVpce": "true" } },
];
const CONTEXTS: Record<string, string>[] = [
  {},
  { "aws:SourceVpce": VPCE, "aws:SecureTransport": "true" },
  { "aws:SourceVpce": "vpce-2b3c4d5e", "aws:SecureTransport": "false" },
  { "aws:SourceIp": "203.0.113.10", "aws:SecureTransport": "true" },
  { "aws:SourceIp": "198.51.100.7" },
];

/** A statement; `kind` says whether it needs a Principal (bucket/key) or `"*"` (gateway endpoint). */
function statementArb(kind: "identity" | "resource" | "endpoint"): fc.Arbitrary<PolicyStatement> {
  return fc
    .record({
      Effect: fc.oneof({ arbitrary: fc.constant<"Allow">("Allow"), weight: 3 }, { arbitrary: fc.constant<"Deny">("Deny"), weight: 1 }),
      Action: fc.subarray(ACTION_PATTERNS, { minLength: 1, maxLength: 2 }),
      Resource: fc.subarray(RESOURCE_PATTERNS, { minLength: 1, maxLength: 2 }),
      Principal: fc.constantFrom<unknown>(...BUCKET_PRINCIPALS),
      NotPrincipal: fc.option(fc.constantFrom<unknown>(...NOT_PRINCIPALS), { nil: undefined, freq: 2 }),
      Condition: fc.option(fc.constantFrom(...CONDITIONS), { nil: undefined, freq: 2 }),
    })
    .map(({ Principal, NotPrincipal, Condition, ...rest }) => {
      const statement = withPrincipal(rest, kind, Principal, NotPrincipal);
      return Condition === undefined ? statement : { ...statement, Condition };
    });
}

function withPrincipal(statement: PolicyStatement, kind: string, principal: unknown, notPrincipal: unknown): PolicyStatement {
  if (kind === "identity") return statement;
  if (kind === "endpoint") return { ...statement, Principal: "*" };
  // NotPrincipal is supported with Deny only.
  if (notPrincipal !== undefined && statement.Effect === "Deny") return { ...statement, NotPrincipal: notPrincipal };
  return { ...statement, Principal: principal };
}

const documentArb = (kind: "identity" | "resource" | "endpoint"): fc.Arbitrary<PolicyDocument> =>
  fc.array(statementArb(kind), { minLength: 1, maxLength: 3 }).map((statements) => ({ Version: "2012-10-17", Statement: statements }));

/**
 * How the request states the resource's account: S3 ARNs carry none, so either `resourceAccount`
 * or the `aws:ResourceAccount` context key, naming the callers' first account or the other one.
 * A KMS key ARN carries its account (ACCOUNT), which is then stated alike.
 */
const OWNERS = [
  { account: ACCOUNT, stated: "field" },
  { account: OTHER_ACCOUNT, stated: "field" },
  { account: ACCOUNT, stated: "context" },
  { account: OTHER_ACCOUNT, stated: "context" },
] as const;

const inputArb: fc.Arbitrary<EvaluationInput> = fc
  .record({
    target: fc.constantFrom(...REQUESTS),
    caller: fc.constantFrom(...CALLERS),
    context: fc.constantFrom(...CONTEXTS),
    owner: fc.constantFrom(...OWNERS),
    identityPolicies: fc.array(documentArb("identity"), { maxLength: 2 }),
    resourcePolicy: fc.option(documentArb("resource"), { nil: null, freq: 3 }),
    endpointPolicy: fc.option(documentArb("endpoint"), { nil: null, freq: 2 }),
  })
  .map(({ target, caller, context, owner, identityPolicies, resourcePolicy, endpointPolicy }) => {
    const account = target.resource === KEY_ARN ? ACCOUNT : owner.account;
    const merged = { ...caller.context, ...context };
    const request =
      owner.stated === "field"
        ? { principal: caller.principal, ...target, resourceAccount: account, context: merged }
        : { principal: caller.principal, ...target, context: { ...merged, "aws:ResourceAccount": account } };
    return { request, identityPolicies, resourcePolicy, endpointPolicy };
  });

/** The resource account the evaluator reads from the input, for the oracle. */
function resourceAccountOf(input: EvaluationInput): string {
  const fromContext = input.request.context["aws:ResourceAccount"];
  return input.request.resourceAccount ?? (typeof fromContext === "string" ? fromContext : ACCOUNT);
}

const ORACLE_DECISIONS: Record<string, Decision> = { Allowed: "Allow", ImplicitlyDenied: "ImplicitDeny", ExplicitlyDenied: "ExplicitDeny" };

async function oracle(input: EvaluationInput): Promise<Decision> {
  const simulation: Simulation = {
    request: {
      principal: input.request.principal === "anonymous" ? anonymousPrincipal : input.request.principal,
      action: input.request.action,
      resource: { resource: input.request.resource, accountId: resourceAccountOf(input) },
      contextVariables: input.request.context,
    },
    // The oracle refuses identity policies for anonymous requests; the evaluator ignores them.
    identityPolicies:
      input.request.principal === "anonymous" ? [] : input.identityPolicies.map((policy, i) => ({ name: `identity-${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: input.resourcePolicy ?? undefined,
    vpcEndpointPolicies: input.endpointPolicy === null ? undefined : [{ name: "endpoint", policy: input.endpointPolicy }],
  };
  const response = await runSimulation(simulation, {});
  if (response.resultType === "error") throw new Error(`oracle rejected the input: ${JSON.stringify(response.errors)}`);
  const decision = ORACLE_DECISIONS[response.overallResult];
  if (decision === undefined) throw new Error(`unexpected oracle result ${response.overallResult}`);
  return decision;
}

describe("differential test against @cloud-copilot/iam-simulate", () => {
  it("agrees on random simple identity, bucket, key and endpoint policies, same- and cross-account (seed 42)", async () => {
    await fc.assert(
      fc.asyncProperty(inputArb, async (input) => {
        expect(evaluate(input).decision).toBe(await oracle(input));
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
