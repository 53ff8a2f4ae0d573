/**
 * The pack as a whole: every rule passes the secure fixture; the registry is complete; runRules words,
 * orders and degrades as documented; the article's bare bucket policies get the high lockout finding.
 */
import { eachSubject } from "../../../analysis/rules/check";
import { RULES, ruleById } from "../../../analysis/rules/registry";
import { runRules } from "../../../analysis/rules/run";
import { SEVERITIES, type Finding, type RegisteredRule } from "../../../analysis/rules/types";
import { block, outcomes, secureDoc, secureDocWith, topologyOf } from "./fixtures";

/** The documented order of findings: severity (high first), then id, address and message. */
function documentedOrder(a: Finding, b: Finding): number {
  const text = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return (
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    text(a.id, b.id) ||
    text(a.address, b.address) ||
    text(a.message, b.message)
  );
}

describe("the secure fixture", () => {
  it.each(RULES.map((rule) => rule.id))("%s finds it compliant", (id) => {
    // GIVEN the secure configuration WHEN the rule runs
    const found = outcomes(id, secureDoc());
    // THEN nothing is wrong or unknown, and at least one resource was judged compliant
    expect(found.filter((o) => o.status === "NON_COMPLIANT" || o.status === "UNKNOWN")).toEqual([]);
    expect(found.some((o) => o.status === "COMPLIANT")).toBe(true);
  });

  it("raises no finding at all", () => {
    expect(runRules(topologyOf(secureDoc()))).toEqual([]);
  });
});

describe("the registry", () => {
  it("holds at least 25 rules with unique ids", () => {
    expect(RULES.length).toBeGreaterThanOrEqual(25);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  it.each(RULES.map((r) => [r.id, r] as const))("%s has every field worded", (_id, rule) => {
    for (const field of ["title", "condition", "risk", "fix", "help", "helpUri"] as const) expect(rule[field].length).toBeGreaterThan(5);
    expect(rule.id).toMatch(/^(S3|VPCE|EC2|NET|IAM|KMS)-\d{3}$/);
    expect(["high", "medium", "low", "info"]).toContain(rule.severity);
  });

  it("finds rules by id", () => {
    expect(ruleById("S3-010")?.severity).toBe("high");
    expect(ruleById("NOPE-001")).toBeUndefined();
  });
});

describe("runRules", () => {
  const broken = secureDocWith((d) => {
    block(d, "aws_instance", "web")["metadata_options"] = { http_tokens: "optional" };
    block(d, "aws_instance", "web")["monitoring"] = "${var.monitoring}";
    block(d, "aws_kms_key", "scripts")["enable_key_rotation"] = false;
  });

  it("words a violation from the registry, with the rule's severity and fix", () => {
    const findings = runRules(topologyOf(broken));
    const imds = findings.find((f) => f.id === "EC2-001");
    expect(imds).toEqual({
      id: "EC2-001",
      severity: "high",
      address: "aws_instance.web",
      message: expect.stringMatching(/^IMDSv2 not required: http_tokens is optional\. IMDSv1 answers/),
      fix: ruleById("EC2-001")?.fix,
    });
  });

  it("reports UNKNOWN as an info finding saying what is unresolved, or drops it on request", () => {
    const monitoring = runRules(topologyOf(broken)).find((f) => f.id === "EC2-007");
    expect(monitoring).toMatchObject({
      severity: "info",
      message: expect.stringMatching(/^Not evaluated \(Detailed monitoring off\): monitoring is an expression/),
    });
    expect(runRules(topologyOf(broken), { unknown: "drop" }).some((f) => f.id === "EC2-007")).toBe(false);
  });

  it("sorts by severity, then id, then address", () => {
    const findings = runRules(topologyOf(broken));
    expect(findings.map((f) => `${f.severity} ${f.id}`)).toEqual(["high EC2-001", "medium KMS-001", "info EC2-007"]);
    expect([...findings].sort(documentedOrder)).toEqual(findings);
  });

  it("merges several outcomes of one rule at one address into the worst", () => {
    const twice: RegisteredRule = {
      ...(RULES[0] as RegisteredRule),
      id: "S3-998",
      check: eachSubject("stack", () => [
        { address: "a", status: "COMPLIANT" },
        { address: "a", status: "NON_COMPLIANT", detail: "one" },
        { address: "a", status: "UNKNOWN", detail: "x" },
        { address: "a", status: "NON_COMPLIANT", detail: "two" },
      ]),
    };
    const findings = runRules(topologyOf(broken), { rules: [twice] });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toMatch(/one; two/);
  });

  it("turns a rule that throws into an unknown for the stack, never a crash", () => {
    const failing: RegisteredRule = {
      ...(RULES[0] as RegisteredRule),
      id: "S3-999",
      check: eachSubject("stack", () => {
        throw new Error("boom");
      }),
    };
    const findings: Finding[] = runRules(topologyOf(broken), { rules: [failing] });
    expect(findings).toEqual([
      expect.objectContaining({ id: "S3-999", severity: "info", address: "fixture", message: expect.stringMatching(/boom/) }),
    ]);
  });
});

const BUCKET = ["arn:aws:s3:::my_secure_bucket", "arn:aws:s3:::my_secure_bucket/*"];

/** The article's policy for a bucket named literally, with the key the article writes. */
function articleDoc(sid: string, key: string, value: string): unknown {
  const policy = {
    Version: "2012-10-17",
    Id: "Policy1415115909152",
    Statement: [
      { Sid: sid, Principal: "*", Action: "s3:*", Effect: "Deny", Resource: BUCKET, Condition: { StringNotEquals: { [key]: value } } },
    ],
  };
  return {
    provider: { aws: [{ region: "us-east-1" }] },
    resource: {
      aws_s3_bucket: { secure: { bucket: "my_secure_bucket" } },
      aws_s3_bucket_policy: { secure: { bucket: "${aws_s3_bucket.secure.id}", policy: JSON.stringify(policy) } },
    },
  };
}

describe("the article's bare bucket policies", () => {
  it.each([
    ["Access-to-specific-VPCE-only", "aws:sourceVpce", "vpce-1a2b3c4d"],
    ["Access-to-specific-VPC-only", "aws:sourceVpc", "vpc-111bbb22"],
  ])("%s gets the high lockout finding", (sid, key, value) => {
    // GIVEN the article's policy on a bucket WHEN the pack runs
    const findings = runRules(topologyOf(articleDoc(sid, key, value)));
    // THEN S3-010 is reported, high, on the policy resource, naming the statement
    const lockout = findings.filter((f) => f.id === "S3-010");
    expect(lockout).toHaveLength(1);
    expect(lockout[0]).toMatchObject({ severity: "high", address: "aws_s3_bucket_policy.secure" });
    expect(lockout[0]?.message).toMatch(
      new RegExp(
        `"${sid}" \\(when StringNotEquals ${key}\\) denies every principal of the account \\(the policy exempts none\\) s3:PutBucketPolicy`,
      ),
    );
    expect(lockout[0]?.message).toMatch(/recovery then needs the root user of the bucket owner's account/);
    expect(lockout[0]?.fix).toMatch(/aws:PrincipalArn/);
  });

  it.each([
    ["named literally", "my_secure_bucket", BUCKET],
    [
      "read through a data source",
      "${data.aws_s3_bucket.existing.id}",
      ["${data.aws_s3_bucket.existing.arn}", "${data.aws_s3_bucket.existing.arn}/*"],
    ],
  ])("on a bucket defined elsewhere (%s) gets it too", (_how, bucket, resource) => {
    // GIVEN only the policy, for a bucket this configuration does not define
    const statement = {
      Sid: "Access-to-specific-VPCE-only",
      Principal: "*",
      Action: "s3:*",
      Effect: "Deny",
      Resource: resource,
      Condition: { StringNotEquals: { "aws:sourceVpce": "vpce-1a2b3c4d" } },
    };
    const doc = {
      resource: {
        aws_s3_bucket_policy: { existing: { bucket, policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) } },
      },
    };
    // WHEN the pack runs THEN the lockout is reported on the policy
    expect(runRules(topologyOf(doc))).toContainEqual(
      expect.objectContaining({ id: "S3-010", severity: "high", address: "aws_s3_bucket_policy.existing" }),
    );
  });

  it("is the first finding: high findings sort first", () => {
    const findings = runRules(topologyOf(articleDoc("Access-to-specific-VPCE-only", "aws:sourceVpce", "vpce-1a2b3c4d")));
    expect(findings[0]?.severity).toBe("high");
  });
});
