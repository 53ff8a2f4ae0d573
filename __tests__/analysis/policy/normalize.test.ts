/**
 * Policy validation and normalization: malformed documents throw a PolicyError
 * naming the policy, the statement index and Sid, and the field
 * (IAM JSON policy element reference — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html;
 * IAM JSON policy grammar — https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).
 */
import { evaluate, normalizePolicy, PolicyError, type EvaluationInput, type PolicyKind } from "../../../analysis/policy";
import { input, OBJECT } from "./fixtures";

const ok = { Effect: "Allow", Action: "s3:GetObject", Resource: OBJECT };
const okResource = { ...ok, Principal: "*" };

type Row = [name: string, kind: PolicyKind, document: unknown, message: RegExp];

describe("normalizePolicy rejects malformed documents", () => {
  it.each<Row>([
    ["a document that is not an object", "resource", "nope", /^resourcePolicy: expected a policy document object, got a string/],
    ["an unknown top-level element", "identity", { Statement: [ok], Foo: 1 }, /^identityPolicies\[0\]\.Foo: unknown policy element/],
    ["an unknown Version", "identity", { Version: "2012-10-18", Statement: [ok] }, /Version: expected "2012-10-17" or "2008-10-17"/],
    ["a missing Statement", "endpoint", { Version: "2012-10-17" }, /^endpointPolicy\.Statement: missing/],
    [
      "a statement that is not an object",
      "identity",
      { Statement: ["x"] },
      /^identityPolicies\[0\]\.Statement\[0\]: expected a statement object/,
    ],
    [
      "a missing Effect",
      "identity",
      { Statement: [{ Action: "s3:*", Resource: "*" }] },
      /Statement\[0\]\.Effect: expected "Allow" or "Deny", got nothing/,
    ],
    [
      "a lowercase Effect",
      "identity",
      { Statement: [{ ...ok, Sid: "Read", Effect: "allow" }] },
      /Statement\[0\]\.Effect: expected "Allow" or "Deny", got a string \("allow"\) \(statement Sid "Read"\)$/,
    ],
    [
      "Action and NotAction together",
      "identity",
      { Statement: [ok, { ...ok, Sid: "Both", NotAction: "s3:PutObject" }] },
      /^identityPolicies\[0\]\.Statement\[1\]\.Action: Action and NotAction are both present.*\(statement Sid "Both"\)$/,
    ],
    [
      "neither Action nor NotAction",
      "identity",
      { Statement: [{ Effect: "Allow", Resource: "*" }] },
      /Statement\[0\]\.Action: missing; a statement needs Action or NotAction/,
    ],
    [
      "Resource and NotResource together",
      "identity",
      { Statement: [{ ...ok, NotResource: "*" }] },
      /Statement\[0\]\.Resource: Resource and NotResource are both present/,
    ],
    ["a missing Resource", "identity", { Statement: [{ Effect: "Allow", Action: "s3:*" }] }, /Statement\[0\]\.Resource: missing/],
    ["an empty Action list", "identity", { Statement: [{ ...ok, Action: [] }] }, /Statement\[0\]\.Action: expected at least one value/],
    [
      "a non-string action",
      "identity",
      { Statement: [{ ...ok, Action: ["s3:GetObject", 7] }] },
      /Statement\[0\]\.Action\[1\]: expected a non-empty string, got a number \(7\)/,
    ],
    [
      "an action without a service prefix",
      "identity",
      { Statement: [{ ...ok, Action: "GetObject" }] },
      /Statement\[0\]\.Action\[0\]: "GetObject" is not an action/,
    ],
    [
      "a Principal in an identity policy",
      "identity",
      { Statement: [{ ...ok, Principal: "*" }] },
      /Statement\[0\]\.Principal: an identity policy cannot name a principal/,
    ],
    [
      "a bucket policy statement without Principal",
      "resource",
      { Statement: [ok] },
      /^resourcePolicy\.Statement\[0\]\.Principal: missing; a resource policy statement needs Principal or NotPrincipal/,
    ],
    [
      "an endpoint policy statement without Principal",
      "endpoint",
      { Statement: [ok] },
      /^endpointPolicy\.Statement\[0\]\.Principal: missing/,
    ],
    [
      "Principal and NotPrincipal together",
      "resource",
      { Statement: [{ ...okResource, Effect: "Deny", NotPrincipal: { AWS: "x" } }] },
      /Principal and NotPrincipal are both present/,
    ],
    [
      "NotPrincipal with Allow",
      "resource",
      { Statement: [{ ...ok, NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" } }] },
      /Statement\[0\]\.NotPrincipal: NotPrincipal is supported with "Effect": "Deny" only/,
    ],
    [
      "a Principal ARN string",
      "resource",
      { Statement: [{ ...ok, Principal: "arn:aws:iam::111122223333:root" }] },
      /Statement\[0\]\.Principal: a string Principal must be "\*"/,
    ],
    [
      "an unknown principal type",
      "resource",
      { Statement: [{ ...ok, Principal: { User: "bob" } }] },
      /Statement\[0\]\.Principal\.User: unknown principal type/,
    ],
    [
      "an empty principal object",
      "resource",
      { Statement: [{ ...ok, Principal: {} }] },
      /Statement\[0\]\.Principal: expected at least one principal type/,
    ],
    ["a non-string Sid", "identity", { Statement: [{ ...ok, Sid: 3 }] }, /Statement\[0\]\.Sid: expected a string, got a number \(3\)/],
    [
      "an unknown statement element",
      "identity",
      { Statement: [{ ...ok, Sid: "S", Conditions: {} }] },
      /Statement\[0\]\.Conditions: unknown statement element \(statement Sid "S"\)/,
    ],
    [
      "an unknown condition operator",
      "resource",
      { Statement: [{ ...okResource, Sid: "Vpce", Condition: { StringNotEqual: { "aws:SourceVpce": "vpce-1" } } }] },
      /^resourcePolicy\.Statement\[0\]\.Condition\.StringNotEqual: unknown condition operator "StringNotEqual" \(statement Sid "Vpce"\)$/,
    ],
    [
      "a condition block that is not an object",
      "identity",
      { Statement: [{ ...ok, Condition: [] }] },
      /Statement\[0\]\.Condition: expected an object of condition operators, got an array/,
    ],
    [
      "an operator with no keys",
      "identity",
      { Statement: [{ ...ok, Condition: { StringEquals: {} } }] },
      /Condition\.StringEquals: expected at least one condition key/,
    ],
    [
      "an object as a condition value",
      "identity",
      { Statement: [{ ...ok, Condition: { StringEquals: { "aws:SourceVpce": { a: 1 } } } }] },
      /Condition\.StringEquals\.aws:SourceVpce: expected a string, number or boolean, got an object/,
    ],
    [
      "an empty list of condition values",
      "identity",
      { Statement: [{ ...ok, Condition: { StringEquals: { "aws:SourceVpce": [] } } }] },
      /Condition\.StringEquals\.aws:SourceVpce: expected at least one value/,
    ],
    [
      "a Null value other than true or false",
      "identity",
      { Statement: [{ ...ok, Condition: { Null: { "aws:SourceVpce": "yes" } } }] },
      /the Null operator takes "true" or "false"/,
    ],
  ])("rejects %s", (_name, kind, document, message) => {
    const location = kind === "identity" ? { kind, policyIndex: 0 } : { kind };
    expect(() => normalizePolicy(document, location)).toThrow(PolicyError);
    expect(() => normalizePolicy(document, location)).toThrow(message);
  });
});

describe("normalizePolicy normalizes", () => {
  it("turns single values into arrays and keeps the Sid", () => {
    const normalized = normalizePolicy({ Version: "2012-10-17", Statement: { Sid: "One", ...okResource } }, { kind: "resource" });
    expect(normalized.statements).toHaveLength(1);
    expect(normalized.statements[0]).toMatchObject({
      index: 0,
      sid: "One",
      effect: "Allow",
      action: { negated: false, value: ["s3:GetObject"] },
      principal: { negated: false, value: { everyone: true, entries: [] } },
    });
  });

  it('reads {"AWS": "*"} as everyone and keeps named principals', () => {
    const normalized = normalizePolicy(
      { Statement: [{ ...ok, Principal: { AWS: ["*", "111122223333"], Service: "s3.amazonaws.com" } }] },
      { kind: "resource" },
    );
    expect(normalized.statements[0]?.principal?.value).toEqual({
      everyone: true,
      entries: [
        { type: "AWS", value: "111122223333" },
        { type: "Service", value: "s3.amazonaws.com" },
      ],
    });
  });

  it("accepts numbers and booleans as condition values", () => {
    expect(() =>
      normalizePolicy(
        { Statement: [{ ...ok, Condition: { NumericLessThan: { "s3:max-keys": 10 }, Bool: { "aws:SecureTransport": true } } }] },
        { kind: "identity", policyIndex: 0 },
      ),
    ).not.toThrow();
  });

  it("accepts an empty Statement list", () => {
    expect(normalizePolicy({ Version: "2012-10-17", Statement: [] }, { kind: "identity", policyIndex: 0 }).statements).toEqual([]);
  });
});

describe("evaluate rejects malformed input", () => {
  const bad = (patch: Partial<EvaluationInput>): EvaluationInput => ({ ...input({}), ...patch });

  it.each<[string, unknown, RegExp]>([
    [
      "a non-string action",
      bad({ request: { ...input({}).request, action: 3 as unknown as string } }),
      /^request\.action: expected a string, got a number \(3\)$/,
    ],
    [
      "a missing principal",
      bad({ request: { ...input({}).request, principal: undefined as unknown as string } }),
      /^request\.principal: expected a string, missing$/,
    ],
    [
      "an action without a service prefix",
      bad({ request: { ...input({}).request, action: "GetObject" } }),
      /^request\.action: expected an action such as "s3:GetObject"/,
    ],
    [
      "a context value that is a number",
      bad({ request: { ...input({}).request, context: { "aws:SourceVpce": 1 as unknown as string } } }),
      /^request\.context\["aws:SourceVpce"\]: expected a string or an array of strings, got a number/,
    ],
    ["an unknown input field", { ...input({}), endpointPolicies: [] }, /^endpointPolicies: unknown field$/],
    [
      "an unknown request field",
      bad({ request: { ...input({}).request, sourceVpce: "x" } as never }),
      /^request\.sourceVpce: unknown field$/,
    ],
    [
      "a second identity policy that is malformed",
      bad({ identityPolicies: [{ Statement: [] }, { Statement: [{ Effect: "Allow" }] }] as never }),
      /^identityPolicies\[1\]\.Statement\[0\]\.Action: missing/,
    ],
    [
      "a resource policy that is an array",
      bad({ resourcePolicy: [] as never }),
      /^resourcePolicy: expected a policy document object, got an array/,
    ],
    ["input that is not an object", "x", /^input: expected an object, got a string/],
  ])("rejects %s", (_name, raw, message) => {
    expect(() => evaluate(raw as EvaluationInput)).toThrow(PolicyError);
    expect(() => evaluate(raw as EvaluationInput)).toThrow(message);
  });
});
