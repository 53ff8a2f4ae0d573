/**
 * The sentence of one changed row (cli/review/diff-present.ts): with `why: "difference"` (the
 * pull-request comment) it names what made the difference from the two sides' typed reasons.
 */
import type { Reason, StatementRef } from "../../analysis/access/types";
import type { AccessChange } from "../../analysis/diff/access-diff";
import { changeSentence } from "../../cli/review/diff-present";

const code = (text: string): string => `\`${text}\``;

const BUCKET_POLICY = { kind: "resource", address: "aws_s3_bucket_policy.p", label: "bucket policy" } as const;
const ENDPOINT_POLICY = { kind: "endpoint", address: "aws_vpc_endpoint.readers", label: "endpoint policy of readers" } as const;
const IDENTITY = { kind: "identity", label: "insider identity policy" } as const;

const deny = (sid: string): StatementRef => ({ policy: BUCKET_POLICY, index: 2, sid, effect: "Deny" });
const allow = (policy: StatementRef["policy"], sid: string, index = 0): StatementRef => ({ policy, index, sid, effect: "Allow" });
const statements = (...refs: StatementRef[]): Reason => ({ kind: "statements", statements: refs });

function changeOf(
  before: AccessChange["before"],
  after: AccessChange["after"],
  reasons: { before: Reason | null; after: Reason | null },
): AccessChange {
  return {
    stack: "s",
    origin: "endpoint:readers",
    principal: "account-principal",
    action: "s3:PutObject",
    resource: "arn:aws:s3:::scripts/bootstrap/a.sh",
    before,
    after,
    because: { before: before === "absent" ? null : `${before} sentence`, after: after === "absent" ? null : `${after} sentence` },
    reasons,
  };
}

describe("changeSentence for the pull-request comment: what made the difference", () => {
  test("names the Deny statement that decided before and does not now: it no longer applies", () => {
    // GIVEN a write denied by the read-only deny before, allowed by the insider's policy and the endpoint now
    const change = changeOf("ExplicitDeny", "Allow", {
      before: statements(deny("DenyWritesThroughReadOnlyEndpoints")),
      after: statements(allow(IDENTITY, "AnyS3"), allow(ENDPOINT_POLICY, "ScriptBucketAccess")),
    });
    // WHEN worded for the pull-request comment
    // THEN the sentence names the statement that no longer applies, and nothing else
    expect(changeSentence(change, code, "difference")).toBe(
      "This change lets `account-principal` `s3:PutObject` on `scripts/bootstrap/a.sh` via `endpoint:readers` (bucket " +
        "policy statement `DenyWritesThroughReadOnlyEndpoints` no longer applies).",
    );
  });

  test("names the Allow statements that decide now and did not before: they now allow", () => {
    // GIVEN a write nothing allowed before, allowed now by a new endpoint policy statement and the same identity statement
    const change = changeOf("ImplicitDeny", "Allow", {
      before: { kind: "implicit-deny", gate: "endpoint-policy" },
      after: statements(allow(IDENTITY, "AnyS3"), allow(ENDPOINT_POLICY, "Writes", 1)),
    });
    // WHEN worded
    // THEN both statements that decide now are named
    expect(changeSentence(change, code, "difference")).toBe(
      "This change lets `account-principal` `s3:PutObject` on `scripts/bootstrap/a.sh` via `endpoint:readers` (insider " +
        "identity policy statement `AnyS3` and endpoint policy of readers statement `Writes` now allow).",
    );
  });

  test("a Deny still deciding after is not what made the difference", () => {
    // GIVEN two Deny statements before, one of which still denies after
    const change = changeOf("ExplicitDeny", "ExplicitDeny", { before: statements(deny("A"), deny("B")), after: statements(deny("B")) });
    // WHEN worded
    // THEN only the one gone is named
    expect(changeSentence(change, code, "difference")).toBe(
      "`account-principal` `s3:PutObject` on `scripts/bootstrap/a.sh` via `endpoint:readers`: ExplicitDeny → " +
        "ExplicitDeny (bucket policy statement `A` no longer applies).",
    );
  });

  test("falls back to both reasons when the row ends Unknown, appears, or when neither form fits", () => {
    const unknown = changeOf("ExplicitDeny", "Unknown", {
      before: statements(deny("A")),
      after: { kind: "unknown", value: "the bucket's account" },
    });
    const appears = changeOf("absent", "Allow", { before: null, after: statements(allow(IDENTITY, "AnyS3")) });
    const narrowing = changeOf("Allow", "ExplicitDeny", { before: statements(allow(IDENTITY, "AnyS3")), after: statements(deny("A")) });
    for (const change of [unknown, appears, narrowing])
      expect(changeSentence(change, code, "difference")).toBe(changeSentence(change, code));
    expect(changeSentence(narrowing, code, "difference")).toBe(
      "This change stops `account-principal` `s3:PutObject` on `scripts/bootstrap/a.sh` via `endpoint:readers` " +
        "(before: Allow sentence; after: ExplicitDeny sentence).",
    );
  });

  test("the text and SARIF sentence keeps both reasons", () => {
    const change = changeOf("ExplicitDeny", "Allow", { before: statements(deny("A")), after: statements(allow(IDENTITY, "AnyS3")) });
    expect(changeSentence(change, code)).toContain("(before: ExplicitDeny sentence; after: Allow sentence)");
  });
});
