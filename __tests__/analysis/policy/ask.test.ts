/**
 * The one way to ask the evaluator: a PolicyError is a refusal (with the evaluator's message),
 * anything else is a bug and is rethrown; a refusal counts as an implicit deny.
 */
import { ask, resultOf, type EvaluationInput } from "../../../analysis/policy";

const ALLOWED: EvaluationInput = {
  request: {
    principal: "arn:aws:iam::111122223333:role/app",
    action: "s3:GetObject",
    resource: "arn:aws:s3:::scripts/boot.sh",
    context: {},
  },
  identityPolicies: [{ Version: "2012-10-17", Statement: [{ Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }],
  resourcePolicy: null,
  endpointPolicy: null,
};

describe("asking the evaluator", () => {
  test("GIVEN a well-formed request WHEN asked THEN the answer is the evaluator's decision", () => {
    expect(ask(ALLOWED)).toEqual({
      kind: "decided",
      result: {
        decision: "Allow",
        decisive: [{ policy: "identity", index: 0, policyIndex: 0, sid: "Read" }],
        assumed: { resourceAccount: "111122223333" },
      },
    });
  });

  test("GIVEN a malformed principal ARN WHEN asked THEN the evaluator refuses, naming the field and the value", () => {
    const answer = ask({ ...ALLOWED, request: { ...ALLOWED.request, principal: "arn:aws:iam::1111:role" } });
    expect(answer).toEqual({ kind: "refused", problem: expect.stringMatching(/^request\.principal: "arn:aws:iam::1111:role"/) });
  });

  test("GIVEN a policy AWS would refuse WHEN asked THEN the evaluator refuses, naming the statement and field", () => {
    const answer = ask({ ...ALLOWED, identityPolicies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Resource: "*" }] }] });
    expect(answer).toEqual({ kind: "refused", problem: expect.stringMatching(/^identityPolicies\[0\]\.Statement\[0\]\.Action: missing/) });
  });

  test(
    "GIVEN an input that fails with an error other than a PolicyError WHEN asked THEN that error is rethrown, not " +
      "turned into a refusal",
    () => {
      const request = { ...ALLOWED.request };
      Object.defineProperty(request, "action", {
        enumerable: true,
        get: () => {
          throw new RangeError("a bug");
        },
      });
      expect(() => ask({ ...ALLOWED, request })).toThrow(RangeError);
    },
  );
});

describe("the result of an answer", () => {
  test("GIVEN a refused request WHEN its result is taken THEN it is an implicit deny with no decisive statement", () => {
    expect(resultOf({ kind: "refused", problem: "request.principal: ..." })).toEqual({ decision: "ImplicitDeny", decisive: [] });
  });

  test("GIVEN a decided request WHEN its result is taken THEN it is the evaluator's result", () => {
    const answer = ask(ALLOWED);
    expect(resultOf(answer)).toBe(answer.kind === "decided" ? answer.result : undefined);
  });
});
