/**
 * The synthesized scenario is the secure baseline: the default config and every example config
 * raise no high or medium finding. Built in-process, once per config, with the stack `npm run synth` builds.
 */
import { Testing } from "cdktf";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import embeddedDefault from "../../../config/default.json";
import { parseScenario } from "../../../config/load";
import { runRules } from "../../../analysis/rules/run";
import type { Finding } from "../../../analysis/rules/types";
import { readTerraformJson } from "../../../analysis/topology";
import { ScenarioStack } from "../../../stacks/scenario-stack";
import { ROOT } from "../../support/scenario";

const CONFIG_DIR = join(ROOT, "config");
const EXAMPLES = readdirSync(CONFIG_DIR)
  .filter((file) => file.endsWith(".json") && file !== "default.json")
  .sort();

/** Synthesizes a config in memory (as `npm run synth` does, without the disk) and runs the rule pack on it. */
function findingsOf(raw: unknown, baseDir: string): Finding[] {
  const scenario = parseScenario(raw, baseDir, "test");
  const name = scenario.config.project;
  const stack = new ScenarioStack(Testing.app(), name, { scenario });
  return runRules(readTerraformJson(JSON.parse(Testing.synth(stack)), name));
}

const serious = (findings: readonly Finding[]): Finding[] => findings.filter((f) => f.severity === "high" || f.severity === "medium");

describe("the synthesized scenario", () => {
  let defaults: Finding[];
  beforeAll(() => {
    defaults = findingsOf(embeddedDefault, CONFIG_DIR);
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
