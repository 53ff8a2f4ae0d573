import { exitOnError, writeAtomically } from "./cli/synth-output";
import { loadScenario } from "./config/load";
import { buildApp } from "./stacks/app";

exitOnError(() => {
  const scenario = loadScenario();
  writeAtomically(process.env.CDKTF_OUTDIR ?? "cdktf.out", (dir) => buildApp(scenario, dir).synth());
});
