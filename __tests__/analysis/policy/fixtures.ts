/**
 * Builders shared by the evaluator tests: the article's scenario accounts,
 * principals and bucket, and a terse way to write policies.
 */
import type { ContextValue, EvaluationInput, EvaluationRequest, PolicyDocument, PolicyStatement } from "../../../analysis/policy";

export const ACCOUNT = "111122223333";
export const OTHER_ACCOUNT = "444455556666";
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/ec2-boot`;
export const SESSION_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/ec2-boot/i-0abc`;
export const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/carlossalazar`;
export const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
export const OTHER_ROLE_ARN = `arn:aws:iam::${OTHER_ACCOUNT}:role/auditor`;
export const OTHER_SESSION_ARN = `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/auditor/audit-app`;
export const BUCKET = "arn:aws:s3:::my_secure_bucket";
export const OBJECT = `${BUCKET}/boot.sh`;
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const VPCE = "vpce-1a2b3c4d";
export const VPC = "vpc-111bbb22";

/** A policy document with Version 2012-10-17. */
export function policy(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** An Allow statement (add Principal for resource and endpoint policies). */
export function allow(action: string | string[], resource: string | string[], extra: Partial<PolicyStatement> = {}): PolicyStatement {
  return { Effect: "Allow", Action: action, Resource: resource, ...extra };
}

/** A Deny statement (add Principal for resource and endpoint policies). */
export function deny(action: string | string[], resource: string | string[], extra: Partial<PolicyStatement> = {}): PolicyStatement {
  return { Effect: "Deny", Action: action, Resource: resource, ...extra };
}

/** The default endpoint policy: full access. */
export const FULL_ACCESS_ENDPOINT = { Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] } as PolicyDocument;

/** The article's "Bucket Policy via VPC Endpoint": deny s3:* unless aws:sourceVpce is the endpoint. */
export const ARTICLE_VPCE_BUCKET_POLICY: PolicyDocument = {
  Version: "2012-10-17",
  Id: "Policy1415115909152",
  Statement: [
    {
      Sid: "Access-to-specific-VPCE-only",
      Principal: "*",
      Action: "s3:*",
      Effect: "Deny",
      Resource: [BUCKET, `${BUCKET}/*`],
      Condition: { StringNotEquals: { "aws:sourceVpce": VPCE } },
    },
  ],
};

/** Request overrides; `context` replaces the default context entirely. */
export interface RequestOverrides {
  principal?: string;
  action?: string;
  resource?: string;
  resourceAccount?: string | undefined;
  context?: Record<string, ContextValue>;
}

/** The role session of the article's instance reading its boot script, with overrides. */
export function request(overrides: RequestOverrides = {}): EvaluationRequest {
  const base: EvaluationRequest = {
    principal: SESSION_ARN,
    action: "s3:GetObject",
    resource: OBJECT,
    resourceAccount: ACCOUNT,
    context: { "aws:PrincipalArn": ROLE_ARN },
  };
  const merged = { ...base, ...overrides };
  if ("resourceAccount" in overrides && overrides.resourceAccount === undefined) delete merged.resourceAccount;
  return merged as EvaluationRequest;
}

/** The policies of one scenario; missing ones are empty or null. */
export interface Scenario {
  request?: RequestOverrides;
  identity?: PolicyDocument[];
  resource?: PolicyDocument | null;
  endpoint?: PolicyDocument | null;
}

/** Builds an EvaluationInput from a scenario. */
export function input(scenario: Scenario): EvaluationInput {
  return {
    request: request(scenario.request),
    identityPolicies: scenario.identity ?? [],
    resourcePolicy: scenario.resource ?? null,
    endpointPolicy: scenario.endpoint ?? null,
  };
}
