/**
 * The deploy suite (`npm run test:deploy`): every example config planned, deployed, re-planned,
 * read back and destroyed with real terraform, the real hashicorp/aws provider, the real cdktf CLI
 * and the real aws CLI against the moto emulator on 127.0.0.1 — never the internet, never AWS.
 *
 * Its last line is `deploy: <N> configs applied, re-planned with no changes and destroyed`, printed
 * only when every assertion held. Without its tools it says what is missing and skips, or fails
 * when CI=true. Per-phase durations go to bench/results/deploy-phases.json (measured, not asserted).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { findTools } from "./tools";
import { startMoto, type MotoServer } from "./moto";
import { runCommand } from "./processes";
import { copyProject, writeCliConfig } from "./workspace";
import { DeploySuite, CONFIGS, StoppedError } from "./suite";

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
  const started = Date.now();
  const search = findTools(ROOT);
  if (!search.ok) reportMissing(search.missing);
  const { tools } = search;
  const work = mkdtempSync(join(tmpdir(), "vpce-deploy-"));
  console.log(
    `deploy: terraform ${tools.terraformVersion}, hashicorp/aws ${tools.providerVersion} from ${tools.mirror}, ` +
      `${tools.motoServer}, ${tools.awsCli}; work folder ${work}`,
  );
  const motos: MotoServer[] = [];
  const stopMotos = (): void => {
    for (const moto of motos) moto.stop();
  };
  process.once("SIGINT", () => {
    stopMotos();
    process.exit(130);
  });
  process.once("SIGTERM", () => {
    stopMotos();
    process.exit(143);
  });
  try {
    const source = process.env.VPCE_DEPLOY_PROJECT ? resolve(process.env.VPCE_DEPLOY_PROJECT) : ROOT;
    const root = copyProject(source, work);
    const cliConfig = writeCliConfig(work, tools.mirror);
    await warmUp(root, work);
    const only = process.env.VPCE_DEPLOY_CONFIGS?.split(",").filter(Boolean);
    const configs = CONFIGS.filter((c) => !only || only.includes(c.name));
    // Configs run side by side, each worker with its own moto: most of a deploy is waiting.
    const workers = Math.max(1, Math.min(Number(process.env.VPCE_DEPLOY_PARALLEL ?? 2), configs.length));
    for (let i = 0; i < workers; i++) {
      const moto = await startMoto(tools.motoServer, join(work, `moto-${i}.log`));
      motos.push(moto);
      console.log(`deploy: moto ${i} on ${moto.endpoint} (PID ${moto.pid})`);
    }
    const queue = [...configs];
    const durations: Record<string, Record<string, number>> = {};
    let failed = false;
    const results = await Promise.allSettled(
      motos.map(async (moto) => {
        const suite = new DeploySuite({ tools, root, work, cliConfig, moto, stopped: () => failed });
        try {
          for (let config = queue.shift(); config && !failed; config = queue.shift()) await suite.runConfig(config);
        } catch (error) {
          failed = true;
          throw error;
        } finally {
          Object.assign(durations, suite.durations);
        }
      }),
    );
    const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected" && !(r.reason instanceof StoppedError));
    if (failure) throw failure.reason;
    if (configs.length === CONFIGS.length) {
      writePhases(durations, workers, (Date.now() - started) / 1000, tools.terraformVersion, tools.providerVersion);
      const report = spawnSync(process.execPath, [join(ROOT, "bench", "deploy-report.mjs")], { encoding: "utf8", timeout: 30_000 });
      if (report.status !== 0) throw new Error(`bench/deploy-report.mjs exited ${report.status}: ${report.stderr.trim()}`);
      console.log(`deploy: phase durations in bench/results/deploy-phases.json and BENCHMARKS.md; logs in ${work}`);
    } else {
      // A partial run's figures would replace the recorded full run's.
      console.log(`deploy: only ${configs.length} of ${CONFIGS.length} configs ran (VPCE_DEPLOY_CONFIGS); phase durations not recorded`);
    }
    stopMotos();
    if (process.env.VPCE_DEPLOY_KEEP !== "1") rmSync(work, { recursive: true, force: true });
    console.log(`deploy: ${configs.length} configs applied, re-planned with no changes and destroyed`);
  } catch (error) {
    stopMotos();
    console.log(`deploy: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    console.log(`deploy: logs kept in ${work}`);
    process.exitCode = 1;
  }
}

/**
 * Brings the copy's bundles (dist/) up to date once, before configs run side by side, so that two
 * synths never rebuild the same bundle at the same time.
 */
async function warmUp(root: string, work: string): Promise<void> {
  const log = join(work, "warm-up.log");
  const outdir = join(work, "warm-up", "cdktf.out");
  const synth = await runCommand(process.execPath, ["tools/run.mjs", "main"], {
    cwd: root,
    env: { ...process.env, CDKTF_OUTDIR: outdir, VPCE_CONFIG: "" },
    timeoutMs: 180_000,
    logFile: log,
  });
  if (synth.status !== 0) throw new Error(`warm-up synth of the embedded default exited ${synth.status}: ${synth.stderr.trim()}`);
  const review = await runCommand(process.execPath, ["tools/run.mjs", "cli/review", outdir, "--format", "json"], {
    cwd: root,
    env: process.env,
    timeoutMs: 180_000,
    logFile: log,
  });
  if (review.status !== 0) throw new Error(`warm-up review exited ${review.status}: ${review.stderr.trim()}`);
}

/** Writes the measured durations per config and phase. */
function writePhases(
  durations: Record<string, Record<string, number>>,
  workers: number,
  wallSeconds: number,
  terraformVersion: string,
  providerVersion: string,
): void {
  const dir = join(ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const total = Object.values(durations).reduce((sum, phases) => sum + Object.values(phases).reduce((a, b) => a + b, 0), 0);
  writeFileSync(
    join(dir, "deploy-phases.json"),
    `${JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", node: process.version },
        tools: { terraform: terraformVersion, provider: `hashicorp/aws ${providerVersion}`, emulator: "moto[server]==5.2.5" },
        unit: "seconds",
        workers,
        note:
          "Wall-clock seconds per phase, with this many configs running side by side " +
          "(VPCE_DEPLOY_PARALLEL); totalSeconds is the sum of the phases, wallSeconds the whole " +
          "suite's wall time (set-up included).",
        totalSeconds: Math.round(total * 10) / 10,
        wallSeconds: Math.round(wallSeconds * 10) / 10,
        configs: durations,
      },
      null,
      2,
    )}\n`,
  );
}

void main();
