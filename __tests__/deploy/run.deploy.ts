/**
 * The deploy suite (`npm run test:deploy`): every example config planned, deployed, re-planned,
 * read back and destroyed with real terraform, the real hashicorp/aws provider, the real cdktf CLI
 * and the real aws CLI against the moto emulator on 127.0.0.1 — never the internet, never AWS.
 *
 * Its last line is `deploy: <N> configs applied, re-planned with no changes and destroyed`, printed
 * only when every assertion held. Without its tools it says what is missing and skips, or fails
 * when CI=true. Per-phase durations go to bench/results/deploy-phases.json (measured, not asserted).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { findTools } from "./tools";
import { startMoto, MotoServer } from "./moto";
import { copyProject, writeCliConfig } from "./workspace";
import { DeploySuite, CONFIGS } from "./suite";

const ROOT = resolve(__dirname, "..", "..");

/** Thrown for a tool that is missing; the suite skips (or fails in CI). */
function reportMissing(missing: readonly string[]): never {
  for (const line of missing) console.log(`deploy: missing: ${line}`);
  if (process.env.CI === "true") {
    console.log("deploy: FAILED: CI=true and the deploy suite's tools are missing (.ci/run installs them)");
    process.exit(1);
  }
  console.log("SKIPPED: deploy suite: install the tools above to run it");
  process.exit(0);
}

async function main(): Promise<void> {
  const search = findTools(ROOT);
  if (!search.ok) reportMissing(search.missing);
  const { tools } = search;
  const work = mkdtempSync(join(tmpdir(), "vpce-deploy-"));
  console.log(`deploy: terraform ${tools.terraformVersion}, hashicorp/aws ${tools.providerVersion} from ${tools.mirror}, ${tools.motoServer}, ${tools.awsCli}; work folder ${work}`);
  let moto: MotoServer | undefined;
  const stopMoto = (): void => moto?.stop();
  process.once("SIGINT", () => { stopMoto(); process.exit(130); });
  process.once("SIGTERM", () => { stopMoto(); process.exit(143); });
  try {
    const source = process.env.VPCE_DEPLOY_PROJECT ? resolve(process.env.VPCE_DEPLOY_PROJECT) : ROOT;
    const root = copyProject(source, work);
    const cliConfig = writeCliConfig(work, tools.mirror);
    moto = await startMoto(tools.motoServer, join(work, "moto.log"));
    console.log(`deploy: moto on ${moto.endpoint} (PID ${moto.pid})`);
    const suite = new DeploySuite({ tools, root, work, cliConfig, moto });
    const only = process.env.VPCE_DEPLOY_CONFIGS?.split(",").filter(Boolean);
    const configs = CONFIGS.filter((c) => !only || only.includes(c.name));
    for (const config of configs) await suite.runConfig(config);
    writePhases(suite.durations, tools.terraformVersion, tools.providerVersion);
    console.log(`deploy: phase durations in bench/results/deploy-phases.json; logs in ${work}`);
    if (configs.length !== CONFIGS.length) {
      console.log(`deploy: only ${configs.length} of ${CONFIGS.length} configs ran (VPCE_DEPLOY_CONFIGS)`);
    }
    console.log(`deploy: ${configs.length} configs applied, re-planned with no changes and destroyed`);
    stopMoto();
    if (process.env.VPCE_DEPLOY_KEEP !== "1") rmSync(work, { recursive: true, force: true });
  } catch (error) {
    stopMoto();
    console.log(`deploy: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    console.log(`deploy: logs kept in ${work}`);
    process.exitCode = 1;
  }
}

/** Writes the measured durations per config and phase. */
function writePhases(durations: Record<string, Record<string, number>>, terraformVersion: string, providerVersion: string): void {
  const dir = join(ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const total = Object.values(durations).reduce((sum, phases) => sum + Object.values(phases).reduce((a, b) => a + b, 0), 0);
  writeFileSync(join(dir, "deploy-phases.json"), `${JSON.stringify({
    measuredAt: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", node: process.version },
    tools: { terraform: terraformVersion, provider: `hashicorp/aws ${providerVersion}`, emulator: "moto[server]==5.2.5" },
    unit: "seconds",
    totalSeconds: Math.round(total * 10) / 10,
    configs: durations,
  }, null, 2)}\n`);
}

void main();
