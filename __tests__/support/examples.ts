/**
 * The example configs (the embedded default and every other config/*.json), synthesized the way
 * `npm run synth` does it (`buildApp(...).synth()` into an output folder), for scanners that read files.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { type LoadedScenario, loadScenario } from "../../config/load";
import { buildApp } from "../../stacks/app";
import { CONFIG_DIR } from "./scenario";

/** One example config: `default` (the embedded default) or a file name in config/. */
export interface ExampleConfig {
  readonly name: string;
  readonly load: () => LoadedScenario;
}

/** The embedded default, then every config/*.json but default.json (which is the embedded default itself), sorted. */
export function exampleConfigs(): ExampleConfig[] {
  const files = readdirSync(CONFIG_DIR)
    .filter((file) => file.endsWith(".json") && file !== "default.json")
    .sort();
  return [
    { name: "default", load: () => loadScenario({}) },
    ...files.map((file) => ({ name: file, load: () => loadScenario({ VPCE_CONFIG: join(CONFIG_DIR, file) }) })),
  ];
}

/** Synthesizes one example into `outdir`; returns the path of its stack's cdk.tf.json. */
export function synthExample(example: ExampleConfig, outdir: string): string {
  const scenario = example.load();
  buildApp(scenario, outdir).synth();
  return join(outdir, "stacks", scenario.config.project, "cdk.tf.json");
}
