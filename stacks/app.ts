import { App } from "cdktf";
import type { LoadedScenario } from "../config/load";
import { ScenarioStack } from "./scenario-stack";

/** The app: one scenario stack named after the project. */
export function buildApp(scenario: LoadedScenario, outdir: string): App {
  const app = new App({ outdir });
  new ScenarioStack(app, scenario.config.project, { scenario });
  return app;
}
