/**
 * The rule engine owns iteration: a rule part names the kind of subject it judges and is asked once per
 * subject; a kind with no subjects gives nothing; a policy that cannot be read is one UNKNOWN (an info
 * finding) without the rule seeing it; a missing policy gets the rule's declared verdict.
 */
import { eachPolicy, eachSubject } from "../../../analysis/rules/check";
import { RULES } from "../../../analysis/rules/registry";
import { runRules } from "../../../analysis/rules/run";
import { subjectsOf } from "../../../analysis/rules/subjects";
import { nonCompliant } from "../../../analysis/rules/support/outcome";
import { RuleStatus, type RegisteredRule } from "../../../analysis/rules/types";
import { topologyOf } from "./fixtures";

/** A test rule with the wording of the pack's first entry and the given check. */
function ruleWith(check: RegisteredRule["check"]): RegisteredRule {
  return { ...(RULES[0] as RegisteredRule), id: "TEST-001", check };
}

const twoBuckets = { resource: { aws_s3_bucket: { a: { bucket: "bucket-a" }, b: { bucket: "bucket-b" } } } };

describe("the rule engine", () => {
  it("asks a rule once per subject of the kind it declares", () => {
    // GIVEN two buckets and a rule on buckets that flags every one
    const judge = jest.fn((bucket: { address: string }) => nonCompliant(bucket.address, "flagged"));
    const topology = topologyOf(twoBuckets);
    // WHEN the engine runs it
    const findings = runRules(topology, { rules: [ruleWith(eachSubject("bucket", judge))] });
    // THEN it was called once for each bucket, and each gave its finding
    expect(judge.mock.calls.map(([bucket]) => bucket.address)).toEqual(["aws_s3_bucket.a", "aws_s3_bucket.b"]);
    expect(findings.map((finding) => finding.address)).toEqual(["aws_s3_bucket.a", "aws_s3_bucket.b"]);
  });

  it("gives nothing for a kind with no subjects, and never calls the rule", () => {
    // GIVEN a configuration without a KMS key and a rule on KMS keys that flags every one
    const judge = jest.fn((key: { address: string }) => nonCompliant(key.address, "flagged"));
    // WHEN the engine runs it THEN there is no finding and no call
    expect(runRules(topologyOf(twoBuckets), { rules: [ruleWith(eachSubject("kms-key", judge))] })).toEqual([]);
    expect(judge).not.toHaveBeenCalled();
  });

  it("turns a policy that cannot be read into one info finding with the reason, without asking the rule", () => {
    // GIVEN a bucket whose policy is a variable, and a policy rule that flags every policy it sees
    const doc = {
      resource: {
        aws_s3_bucket: { a: { bucket: "bucket-a" } },
        aws_s3_bucket_policy: { a: { bucket: "${aws_s3_bucket.a.id}", policy: "${var.policy}" } },
      },
    };
    const judge = jest.fn(({ address }: { address: string }) => nonCompliant(address, "flagged"));
    // WHEN the engine runs it
    const findings = runRules(topologyOf(doc), { rules: [ruleWith(eachPolicy("bucket-policy", {}, judge))] });
    // THEN one info finding says the policy is not known, and the rule never saw it
    expect(findings).toEqual([
      expect.objectContaining({
        id: "TEST-001",
        severity: "info",
        address: "aws_s3_bucket_policy.a",
        message: expect.stringMatching(/^Not evaluated .*var\.policy/),
      }),
    ]);
    expect(judge).not.toHaveBeenCalled();
  });

  it("gives a subject without a policy the rule's declared verdict", () => {
    // GIVEN buckets without policies, and a rule that calls a missing policy a violation
    const judge = jest.fn(({ address }: { address: string }) => nonCompliant(address, "flagged"));
    const absent = { status: RuleStatus.NON_COMPLIANT, detail: "no policy at all" };
    // WHEN the engine runs it THEN each bucket has that finding, and the rule was not asked
    const findings = runRules(topologyOf(twoBuckets), { rules: [ruleWith(eachPolicy("bucket-policy", { absent }, judge))] });
    expect(findings.map((finding) => [finding.address, finding.message])).toEqual([
      ["aws_s3_bucket.a", expect.stringMatching(/: no policy at all\./)],
      ["aws_s3_bucket.b", expect.stringMatching(/: no policy at all\./)],
    ]);
    expect(judge).not.toHaveBeenCalled();
  });

  it("asks a rule's skip before its policy: a skipped subject is not applicable, even when its policy is unknown", () => {
    // GIVEN a bucket with an unreadable policy and a rule that does not apply to it
    const doc = {
      resource: {
        aws_s3_bucket: { a: { bucket: "bucket-a" } },
        aws_s3_bucket_policy: { a: { bucket: "${aws_s3_bucket.a.id}", policy: "${var.policy}" } },
      },
    };
    const check = eachPolicy("bucket-policy", { skip: () => "not for this one" }, ({ address }) => nonCompliant(address, "flagged"));
    // WHEN the engine runs it THEN nothing is reported
    expect(runRules(topologyOf(doc), { rules: [ruleWith(check)] })).toEqual([]);
  });

  it("computes each kind's subjects once per topology", () => {
    // GIVEN a topology WHEN the subjects of a kind are asked twice THEN the same list comes back
    const topology = topologyOf(twoBuckets);
    expect(subjectsOf(topology, "bucket-policy")).toBe(subjectsOf(topology, "bucket-policy"));
    expect(subjectsOf(topology, "bucket-policy")).toHaveLength(2);
  });
});
