/** Real-world Terraform JSON written by others (and the reader's plan fixtures) runs through the pack without a throw or a rule failure. */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { RULES } from "../../../analysis/rules/registry";
import { outcomesOf, runRules } from "../../../analysis/rules/run";
import { subjectsOf } from "../../../analysis/rules/subjects";
import { SEVERITIES } from "../../../analysis/rules/types";
import { readAny } from "../../../analysis/topology";
import { REAL_WORLD_DIR as DIR, describeWithRealWorld, realWorldFiles } from "../../support/real-world";
import { topologyOf } from "./fixtures";

const FILES = realWorldFiles(".json");
const PLAN_DIR = join(__dirname, "..", "topology", "fixtures");
const PLANS = readdirSync(PLAN_DIR)
  .filter((file) => file.startsWith("plan-") && file.endsWith(".json"))
  .sort();

describeWithRealWorld("real-world inputs", () => {
  it.each(FILES)("%s: every rule runs without failing", (file) => {
    // GIVEN a real-world file read by the reader
    const topology = topologyOf(JSON.parse(readFileSync(join(DIR, file), "utf8")), file);
    // WHEN every rule runs THEN none throws (a throw would surface as "the rule failed")
    for (const rule of RULES) {
      const checks = "judge" in rule.check ? [rule.check] : rule.check;
      expect(() => {
        for (const check of checks) for (const subject of subjectsOf(topology, check.subject)) check.judge(subject, topology);
      }).not.toThrow();
      expect(outcomesOf(rule, topology).filter((o) => /rule failed/.test(o.detail ?? ""))).toEqual([]);
    }
    // AND the findings are well-formed, one per rule and address
    const findings = runRules(topology);
    expect(new Set(findings.map((f) => `${f.id} ${f.address}`)).size).toBe(findings.length);
    for (const finding of findings) {
      expect(SEVERITIES).toContain(finding.severity);
      expect(finding.message.length).toBeGreaterThan(0);
      expect(finding.address.length).toBeGreaterThan(0);
    }
  });

  it("finds the open ingress of the ec2RuntimeMonitor security group", () => {
    const file = "aws-samples__ec2RuntimeMonitor__cdk.tf.json";
    const findings = runRules(topologyOf(JSON.parse(readFileSync(join(DIR, file), "utf8")), file));
    expect(findings).toContainEqual(expect.objectContaining({ id: "NET-001", address: "aws_security_group.lambdaSecurityGroup" }));
  });
});

describe("the reader's plan fixtures", () => {
  it.each(PLANS)("plan %s: every rule runs without failing", (file) => {
    const topology = readAny(JSON.parse(readFileSync(join(PLAN_DIR, file), "utf8")), file);
    for (const rule of RULES) expect(outcomesOf(rule, topology).filter((o) => /rule failed/.test(o.detail ?? ""))).toEqual([]);
  });
});
