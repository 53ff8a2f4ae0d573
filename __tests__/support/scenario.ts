import { Testing } from "cdktf";
import { type LoadedScenario, parseScenario } from "../../config/load";
import type { ScenarioConfigInput } from "../../config/schema";
import { ScenarioStack } from "../../stacks/scenario-stack";
import { ROOT } from "./paths";

export { CONFIG_DIR, ROOT } from "./paths";

/** A validated scenario from a partial config; relative paths resolve against the project root. */
export function scenarioOf(config: Partial<ScenarioConfigInput> = {}): LoadedScenario {
  return parseScenario({ project: "test-scn", region: "us-east-1", ...config }, ROOT, "test");
}

/** Terraform JSON as parsed, for walking resources by type. */
export interface TerraformJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data: Record<string, Record<string, Record<string, unknown>>>;
  terraform: Record<string, unknown>;
  provider: Record<string, unknown>;
}

/**
 * Synthesizes one scenario stack, with validations (the guards) on unless `validate` is false;
 * returns the JSON string and its parse.
 */
export function synthScenario(
  scenario: LoadedScenario,
  { validate = true } = {},
): { json: string; tf: TerraformJson; stack: ScenarioStack } {
  const app = Testing.app();
  const stack = new ScenarioStack(app, scenario.config.project, { scenario });
  const json = Testing.synth(stack, validate);
  return { json, tf: JSON.parse(json) as TerraformJson, stack };
}

/** The resources of one type, keyed by name. */
export function resourcesOf(tf: TerraformJson, type: string): Record<string, Record<string, unknown>> {
  return tf.resource[type] ?? {};
}

/** Parses a JSON policy attribute. */
export function policyOf(resource: Record<string, unknown>, attribute = "policy"): { Statement: Array<Record<string, unknown>> } {
  return JSON.parse(String(resource[attribute])) as { Statement: Array<Record<string, unknown>> };
}
