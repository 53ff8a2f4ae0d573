/**
 * Suppressions (issue #13): a finding acknowledged with a reason leaves the active findings and
 * keeps the suppression that matched it; a suppression that matches nothing is reported as unused.
 */
import type { Finding } from "../../analysis/rules/types";
import { suppressFindings, unusedSuppressions, type Suppression } from "../../analysis/suppressions";

const finding = (id: string, address: string): Finding => ({
  id,
  severity: "medium",
  address,
  message: `${id} on ${address}`,
  fix: "fix it",
});

const VERSIONING = finding("S3-004", "aws_s3_bucket.scripts");
const LOGS_VERSIONING = finding("S3-004", "aws_s3_bucket.logs");
const TLS = finding("S3-005", "aws_s3_bucket_policy.scripts");
const FINDINGS = [VERSIONING, TLS, LOGS_VERSIONING];

const suppression = (rule: string, address: string, extra: Partial<Suppression> = {}): Suppression => ({
  rule,
  address,
  reason: "accepted",
  ...extra,
});

describe("suppressFindings", () => {
  test("moves the finding of the rule on the exact address to the suppressed ones, with its suppression", () => {
    // GIVEN a suppression of S3-004 on the scripts bucket
    const given = suppression("S3-004", "aws_s3_bucket.scripts");
    // WHEN the stack's findings are split
    const outcome = suppressFindings("s", FINDINGS, [given]);
    // THEN only that finding is suppressed, and the others stay active in their order
    expect(outcome.suppressed).toEqual([{ finding: VERSIONING, suppression: given }]);
    expect(outcome.active).toEqual([TLS, LOGS_VERSIONING]);
  });

  test("needs both the rule id and the address to match", () => {
    // GIVEN a suppression naming the right address with another rule, and the right rule on another address
    const outcome = suppressFindings("s", FINDINGS, [
      suppression("S3-005", "aws_s3_bucket.scripts"),
      suppression("S3-004", "aws_s3_bucket.other"),
    ]);
    // THEN nothing is suppressed
    expect(outcome.suppressed).toEqual([]);
    expect(outcome.active).toEqual(FINDINGS);
  });

  test("matches an address pattern with * over any run of characters", () => {
    // GIVEN S3-004 suppressed on every bucket
    const outcome = suppressFindings("s", FINDINGS, [suppression("S3-004", "aws_s3_bucket.*")]);
    // THEN both buckets' versioning findings are suppressed, and the policy's finding is not
    expect(outcome.suppressed.map((s) => s.finding)).toEqual([VERSIONING, LOGS_VERSIONING]);
    expect(outcome.active).toEqual([TLS]);
  });

  test("takes a pattern's other characters literally, so that a dot is not any character", () => {
    // GIVEN a pattern with a dot where the address has another character
    const outcome = suppressFindings("s", [finding("S3-004", "aws_s3_bucket_scripts")], [suppression("S3-004", "aws_s3_bucket.*")]);
    // THEN it does not match
    expect(outcome.suppressed).toEqual([]);
  });

  test("applies a suppression with a stack only to that stack's findings", () => {
    // GIVEN a suppression limited to stack "prod"
    const given = suppression("S3-004", "aws_s3_bucket.scripts", { stack: "prod" });
    // WHEN the findings of stack "dev" and of stack "prod" are split
    // THEN only prod's finding is suppressed
    expect(suppressFindings("dev", FINDINGS, [given]).suppressed).toEqual([]);
    expect(suppressFindings("prod", FINDINGS, [given]).suppressed).toEqual([{ finding: VERSIONING, suppression: given }]);
  });

  test("records the first matching suppression, in the order given", () => {
    // GIVEN a pattern and an exact suppression that both match
    const pattern = suppression("S3-004", "aws_s3_bucket.*", { reason: "pattern" });
    const exact = suppression("S3-004", "aws_s3_bucket.scripts", { reason: "exact" });
    // THEN the first one given is the finding's suppression
    expect(suppressFindings("s", [VERSIONING], [pattern, exact]).suppressed[0]?.suppression.reason).toBe("pattern");
  });
});

describe("unusedSuppressions", () => {
  test("lists the suppressions that match no finding of any stack, in the order given", () => {
    // GIVEN one suppression that matches and two that match nothing (a fixed finding, a wrong stack)
    const used = suppression("S3-004", "aws_s3_bucket.scripts");
    const fixed = suppression("S3-001", "aws_s3_bucket.scripts");
    const elsewhere = suppression("S3-005", "aws_s3_bucket_policy.scripts", { stack: "prod" });
    const all = [fixed, used, elsewhere];
    // WHEN stack "dev" is reviewed with them
    const outcome = suppressFindings("dev", FINDINGS, all);
    // THEN the two that matched nothing are unused
    expect(unusedSuppressions(all, [{ stack: "dev", suppressed: outcome.suppressed }])).toEqual([fixed, elsewhere]);
  });

  test("counts a suppression as used when another one acknowledged its finding first", () => {
    // GIVEN a pattern and an exact suppression of the same finding
    const pattern = suppression("S3-004", "aws_s3_bucket.*");
    const exact = suppression("S3-004", "aws_s3_bucket.scripts");
    const outcome = suppressFindings("s", [VERSIONING], [pattern, exact]);
    // THEN neither is unused
    expect(unusedSuppressions([pattern, exact], [{ stack: "s", suppressed: outcome.suppressed }])).toEqual([]);
  });

  test("counts a suppression used on any of the stacks given (both sides of a diff)", () => {
    // GIVEN a suppression that matches a finding of the baseline only
    const given = suppression("S3-004", "aws_s3_bucket.scripts");
    const baseline = suppressFindings("s", [VERSIONING], [given]);
    const current = suppressFindings("s", [TLS], [given]);
    // THEN it is in use
    expect(
      unusedSuppressions(
        [given],
        [
          { stack: "s", suppressed: current.suppressed },
          { stack: "s", suppressed: baseline.suppressed },
        ],
      ),
    ).toEqual([]);
    expect(unusedSuppressions([given], [{ stack: "s", suppressed: current.suppressed }])).toEqual([given]);
  });
});
