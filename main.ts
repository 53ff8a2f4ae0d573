import { exitOnError, summaryLines, writeAtomically } from "./cli/synth-output";
import { loadScenario } from "./config/load";
import { buildApp } from "./stacks/app";

exitOnError(() => {
  const scenario = loadScenario();
  const written = writeAtomically(process.env.CDKTF_OUTDIR || "cdktf.out", (dir) => buildApp(scenario, dir).synth());
  for (const line of summaryLines(written)) process.stdout.write(`${line}\n`);
});
