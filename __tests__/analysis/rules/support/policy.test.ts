/**
 * Rules' policy helpers: a raw policy attribute read into a PolicyRead, why a read cannot be judged,
 * and probe requests through the evaluator's one entry point.
 */
import type { PolicyDocument, PolicyStatement } from "../../../../analysis/policy";
import { askProbe, readPolicyAttribute, statementCovers, unjudgeable, whyUnjudgeable } from "../../../../analysis/rules/support/policy";

const DENY_WRITES: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Sid: "NoWrites", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*" }],
};

describe("reading a raw policy attribute", () => {
  test.each([
    { written: "", state: "absent" },
    { written: "${data.aws_iam_policy_document.p.json}", state: "unresolved" },
    { written: "{not json", state: "unresolved" },
    { written: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Resource: "*" }] }), state: "malformed" },
    { written: "3", state: "malformed" },
    { written: "null", state: "malformed" },
    { written: JSON.stringify(DENY_WRITES), state: "ok" },
  ])("GIVEN the attribute $written WHEN read as a bucket policy THEN it is $state", ({ written, state }) => {
    expect(readPolicyAttribute(written, "aws_s3_bucket_policy.b", "resource")).toMatchObject({ state, address: "aws_s3_bucket_policy.b" });
  });
});

describe("a read a rule cannot judge", () => {
  test("GIVEN an unresolved read WHEN a rule asks why THEN it gets the reader's reason", () => {
    const read = readPolicyAttribute("${var.policy}", "aws_s3_bucket_policy.b", "resource");
    expect(unjudgeable(read) ? whyUnjudgeable(read) : undefined).toBe("the policy is the expression ${var.policy}");
  });

  test("GIVEN a malformed read WHEN a rule asks why THEN it gets the evaluator's complaint", () => {
    const read = readPolicyAttribute(
      { Version: "2012-10-17", Statement: [{ Effect: "Allow", Resource: "*" }] },
      "aws_iam_policy.p",
      "identity",
    );
    expect(unjudgeable(read) ? whyUnjudgeable(read) : undefined).toMatch(
      /^the policy cannot be read: identityPolicies\[0\]\.Statement\[0\]\.Action: missing/,
    );
  });

  test(
    "GIVEN a policy attribute that is JSON but no object WHEN a rule asks why THEN it gets the evaluator's " +
      "complaint about the document",
    () => {
      const read = readPolicyAttribute("3", "aws_s3_bucket_policy.b", "resource");
      expect(unjudgeable(read) ? whyUnjudgeable(read) : undefined).toBe(
        "the policy cannot be read: resourcePolicy: expected a policy document object, got a number (3)",
      );
    },
  );

  test("GIVEN absent and ok reads WHEN a rule checks them THEN it can judge both", () => {
    expect(unjudgeable(readPolicyAttribute(undefined, "aws_s3_bucket.b", "resource"))).toBe(false);
    expect(unjudgeable(readPolicyAttribute(DENY_WRITES, "aws_s3_bucket_policy.b", "resource"))).toBe(false);
  });
});

describe("probe requests", () => {
  test("GIVEN a bucket policy denying writes WHEN a write is probed THEN the evaluator decides an explicit deny", () => {
    const answer = askProbe({ action: "s3:PutObject", resource: "arn:aws:s3:::b/key", context: {}, resourcePolicy: DENY_WRITES });
    expect(answer).toMatchObject({ kind: "decided", result: { decision: "ExplicitDeny" } });
  });

  test("GIVEN a malformed principal WHEN probed THEN the evaluator refuses the request", () => {
    expect(
      askProbe({ principal: "arn:aws:iam::1:role", action: "s3:GetObject", resource: "arn:aws:s3:::b/key", context: {} }),
    ).toMatchObject({ kind: "refused", problem: expect.stringMatching(/^request\.principal/) });
  });

  test("GIVEN a statement the evaluator refuses WHEN asked whether it covers an action THEN the answer is unknown", () => {
    expect(
      statementCovers({ Effect: "Allow", Action: "GetObject", Resource: "*" }, "s3:GetObject", ["arn:aws:s3:::b/key"]),
    ).toBeUndefined();
  });

  test(
    "GIVEN a statement on objects WHEN asked whether it covers a write on an object and on the bucket THEN only the " + "object is covered",
    () => {
      const statement: PolicyStatement = { Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*" };
      expect(statementCovers(statement, "s3:PutObject", ["arn:aws:s3:::b/key"])).toBe(true);
      expect(statementCovers(statement, "s3:PutObject", ["arn:aws:s3:::b"])).toBe(false);
    },
  );
});
