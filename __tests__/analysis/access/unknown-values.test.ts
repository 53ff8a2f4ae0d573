/**
 * A decision that depends on a value the input does not determine is Unknown, never a definite
 * Allow or Deny; one that no value of the unknowns can change stays definite. IAM evaluation logic:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * (`StringNotEquals` on a key absent from the request holds:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 */
import { unknownDependence, unknownPolicyDependence } from "../../../analysis/access/unknown-values";
import { evaluate } from "../../../analysis/policy";
import type { EvaluationInput, PolicyStatement } from "../../../analysis/policy/types";
import { unknownValue } from "../../../analysis/topology/unknown";

const BUCKET = "arn:aws:s3:::acme";
const ROLE = "arn:aws:iam::111122223333:role/web";
const UNKNOWN_ARN = unknownValue("a value known after apply, computed from aws_s3_bucket.b.arn");
const UNKNOWN_VPCE = unknownValue("a value known after apply, computed from aws_vpc_endpoint.e.id");

function input(identity: PolicyStatement[], bucket: PolicyStatement[], context: Record<string, string> = {}): EvaluationInput {
  return {
    request: {
      principal: "arn:aws:sts::111122223333:assumed-role/web/i-1",
      action: "s3:GetObject",
      resource: `${BUCKET}/k`,
      context: { "aws:PrincipalArn": ROLE, ...context },
    },
    identityPolicies: [{ Version: "2012-10-17", Statement: identity }],
    resourcePolicy: { Version: "2012-10-17", Statement: bucket },
    endpointPolicy: null,
  };
}

const ALLOW_UNKNOWN_OBJECTS: PolicyStatement = { Effect: "Allow", Action: "s3:GetObject", Resource: UNKNOWN_ARN };
const DENY_OUTSIDE_ENDPOINT: PolicyStatement = {
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: `${BUCKET}/*`,
  Condition: { StringNotEquals: { "aws:SourceVpce": [UNKNOWN_VPCE] } },
};

describe("unknownDependence", () => {
  test("GIVEN the only Allow names an unknown ARN WHEN decided THEN the decision depends on it, with its reason", () => {
    expect(unknownDependence(input([ALLOW_UNKNOWN_OBJECTS], []))).toMatch(/computed from aws_s3_bucket\.b\.arn/);
  });

  test(
    "GIVEN a Deny unless aws:SourceVpce is an unknown id WHEN the request carries no aws:SourceVpce THEN it is " + "denied whatever the id",
    () => {
      const allowed: PolicyStatement = { Effect: "Allow", Action: "s3:GetObject", Resource: `${BUCKET}/*` };
      expect(unknownDependence(input([allowed], [DENY_OUTSIDE_ENDPOINT]))).toBeUndefined();
      expect(evaluate(input([allowed], [DENY_OUTSIDE_ENDPOINT])).decision).toBe("ExplicitDeny");
    },
  );

  test("GIVEN the same Deny WHEN the request comes through an endpoint THEN whether it is denied depends on the unknown id", () => {
    const allowed: PolicyStatement = { Effect: "Allow", Action: "s3:GetObject", Resource: `${BUCKET}/*` };
    expect(unknownDependence(input([allowed], [DENY_OUTSIDE_ENDPOINT], { "aws:SourceVpce": "${aws_vpc_endpoint.e.id}" }))).toMatch(
      /aws_vpc_endpoint\.e\.id/,
    );
  });

  test(
    "GIVEN nothing allows and a Deny depends on an unknown WHEN decided THEN it is denied either way, explicitly or " +
      "not depending on it",
    () => {
      expect(unknownDependence(input([], [DENY_OUTSIDE_ENDPOINT], { "aws:SourceVpce": "vpce-1" }))).toMatch(
        /; denied either way, explicitly or not depending on it$/,
      );
    },
  );

  test("GIVEN an unknown only in a statement about another action WHEN decided THEN the decision does not depend on it", () => {
    const other: PolicyStatement = { Effect: "Allow", Action: "s3:PutObject", Resource: UNKNOWN_ARN };
    const allowed: PolicyStatement = { Effect: "Allow", Action: "s3:GetObject", Resource: `${BUCKET}/*` };
    expect(unknownDependence(input([allowed, other], []))).toBeUndefined();
  });
});

describe("unknownPolicyDependence", () => {
  const allowed: PolicyStatement = { Effect: "Allow", Action: "s3:GetObject", Resource: `${BUCKET}/*` };
  const NONE = { identity: false, resource: false, endpoint: false };

  test("GIVEN an identity Allow WHEN the bucket policy is unresolved THEN the decision depends on it", () => {
    expect(unknownPolicyDependence({ ...input([allowed], []), resourcePolicy: null }, { ...NONE, resource: true })).toBe(
      "policies the input does not resolve",
    );
  });

  test("GIVEN a known bucket policy Deny WHEN the identity policy is unresolved THEN it is denied whatever that policy says", () => {
    const deny: PolicyStatement = { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: `${BUCKET}/*` };
    expect(unknownPolicyDependence(input([], [deny]), { ...NONE, identity: true })).toBeUndefined();
  });

  test("GIVEN no unresolved policy WHEN asked THEN nothing depends on one", () => {
    expect(unknownPolicyDependence(input([allowed], []), NONE)).toBeUndefined();
  });
});
