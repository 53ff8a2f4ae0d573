/**
 * The synthesized scenario is the secure baseline: the default config and every example config
 * raise no high or medium finding. Built in-process, once per config, exactly as `npm run synth`.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import embeddedDefault from "../../../config/default.json";
import { parseScenario, projectRoot } from "../../../config/load";
import { runRules } from "../../../analysis/rules/run";
import type { Finding } from "../../../analysis/rules/types";
import { readTerraformJson } from "../../../analysis/topology";
import { buildApp } from "../../../stacks/app";

const ROOT = projectRoot();
const CONFIG_DIR = join(ROOT, "config");
const EXAMPLES = readdirSync(CONFIG_DIR).filter((file) => file.endsWith(".json") && file !== "default.json").sort();

/** Synthesizes a config to a temp dir and runs the rule pack on the stack's Terraform JSON. */
function findingsOf(raw: unknown, baseDir: string): Finding[] {
  const scenario = parseScenario(raw, baseDir, "test");
  const outdir = mkdtempSync(join(tmpdir(), "rules-synth-"));
  try {
    buildApp(scenario, outdir).synth();
    const name = scenario.config.project;
    const doc: unknown = JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));
    return runRules(readTerraformJson(doc, name));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const serious = (findings: readonly Finding[]): Finding[] => findings.filter((f) => f.severity === "high" || f.severity === "medium");

describe("the synthesized scenario", () => {
  let defaults: Finding[];
  beforeAll(() => {
    defaults = findingsOf(embeddedDefault, ROOT);
  });

  it("raises no high or medium finding with the default config", () => {
    expect(serious(defaults)).toEqual([]);
  });

  it("raises no unknown (info) finding either: every value the rules need is resolved", () => {
    expect(defaults.filter((f) => f.message.startsWith("Not evaluated"))).toEqual([]);
  });

  it("raises no finding at all: the SSE-S3 access-log bucket is a log target, where SSE-KMS is not supported", () => {
    expect(defaults).toEqual([]);
  });

  it.each(EXAMPLES)("raises no high or medium finding with config/%s", (file) => {
    const raw: unknown = JSON.parse(readFileSync(join(CONFIG_DIR, file), "utf8"));
    expect(serious(findingsOf(raw, CONFIG_DIR))).toEqual([]);
  });
});
