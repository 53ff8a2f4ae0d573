// `npm run bench`: measures the synth paths, the scale behaviour, review, the access diff, peak RSS and `npm test`
// side by side in one run, writes the raw hyperfine JSON to bench/results/ and BENCHMARKS.md.
// Needs hyperfine on the PATH (and /usr/bin/time for peak RSS). Writes nothing else outside a temp
// folder: every synth goes to a temp CDKTF_OUTDIR / --output, never to the repo's cdktf.out.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { prepareAwsCdk } from "./lib/aws-cdk.mjs";
import { writeScaleConfigs, writeSwappedTiersConfig } from "./lib/configs.mjs";
import { measureDiff } from "./lib/diff.mjs";
import { measureFreshCloneTests, measureTestParts, prepareFreshClone } from "./lib/fresh-clone.mjs";
import { describeMachine, providerModules } from "./lib/environment.mjs";
import { hyperfine, peakRssKiB, sh } from "./lib/measure.mjs";
import { renderReport } from "./lib/report.mjs";
import { codeCacheOf } from "../tools/bundles.mjs";
import { judgeTargets } from "./lib/targets.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS = join(ROOT, "bench", "results");
const REVIEW = join(ROOT, "dist", "cli", "review.js");
/** What `npm run synth` runs (node flags included), from package.json, so that the bench times exactly that. */
const SYNTH = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts.synth;
const CODE_CACHE = codeCacheOf("main");
/**
 * Runs per command: enough for stable medians, with the whole bench kept to about 4 minutes.
 * `BENCH_QUICK=1` is for working on the bench itself: one or two runs, no warm-up, numbers not to quote.
 */
const QUICK = process.env.BENCH_QUICK === "1";
const RUNS = QUICK
  ? { fast: 2, stock: 1, scale: 2, review: 2, rss: 2, warmup: 0 }
  : { fast: 10, stock: 3, scale: 8, review: 10, rss: 5, warmup: 1 };
const STEPS = 12;
const started = Date.now();
let step = 0;

function progress(message) {
  const elapsed = ((Date.now() - started) / 1000).toFixed(0).padStart(3);
  process.stderr.write(`\n[bench ${elapsed}s] ${++step}/${STEPS} ${message}\n`);
}

function requireHyperfine() {
  if (spawnSync("hyperfine", ["--version"], { stdio: "ignore" }).status === 0) return;
  process.stderr.write("bench: hyperfine is not on the PATH; install it (apt-get install hyperfine) and re-run\n");
  process.exit(1);
}

/** Synthesizes one scale config once, so that review has input and the table can show its size. */
function synthOnce(config, outdir, env) {
  execFileSync(process.execPath, ["dist/main.js"], {
    cwd: ROOT,
    env: { ...env, VPCE_CONFIG: config.path, CDKTF_OUTDIR: outdir },
    stdio: "inherit",
  });
  const file = join(outdir, "stacks", `bench-g${config.groups}`, "cdk.tf.json");
  const resources = Object.values(JSON.parse(readFileSync(file, "utf8")).resource ?? {}).reduce(
    (sum, byName) => sum + Object.keys(byName).length,
    0,
  );
  return { ...config, outdir, resources, bytes: statSync(file).size };
}

function synthCommands(tmp, modules, peer) {
  const out = (name) => sh(join(tmp, name));
  return [
    {
      key: "buildRun",
      name: `npm run synth body: ${SYNTH} (bundle up to date)`,
      command: `CDKTF_OUTDIR=${out("out-build")} ${SYNTH}`,
    },
    {
      key: "firstRun",
      name: "npm run synth body, first run after a build (no code cache yet; writes it)",
      command: `rm -f ${sh(CODE_CACHE)} && CDKTF_OUTDIR=${out("out-first")} ${SYNTH}`,
    },
    {
      key: "afterEdit",
      name: "npm run synth body after a source edit (rebuild + run)",
      command: `touch stacks/scenario-stack.ts && CDKTF_OUTDIR=${out("out-edit")} ${SYNTH}`,
    },
    { key: "dist", name: "node dist/main.js (no node flags)", command: `CDKTF_OUTDIR=${out("out-dist")} node dist/main.js` },
    { key: "npmSynth", name: "npm run synth (with npm's own start-up)", command: `CDKTF_OUTDIR=${out("out-npm")} npm run synth` },
    { key: "floor", name: "floor: node + cdktf + the provider modules used", command: `node bench/floor.cjs ${modules.join(" ")}` },
    { key: "bareNode", name: "bare node: node -e 0", command: "node -e 0" },
    peer.synth,
  ];
}

function stockCommands(tmp, peer) {
  const out = (name) => sh(join(tmp, name));
  const quiet = "CHECKPOINT_DISABLE=1 DISABLE_VERSION_CHECK=true";
  return [
    {
      key: "stock",
      name: "stock: cdktf synth --app 'npx ts-node main.ts'",
      command: `${quiet} npx cdktf synth --app 'npx ts-node main.ts' --output ${out("out-stock")}`,
    },
    { key: "tsNode", name: "npx ts-node main.ts (no CLI)", command: `CDKTF_OUTDIR=${out("out-tsnode")} npx ts-node main.ts` },
    {
      key: "tsNodeFast",
      name: "npx ts-node --transpile-only main.ts (no CLI, no type check)",
      command: `CDKTF_OUTDIR=${out("out-tsnode-to")} npx ts-node --transpile-only main.ts`,
    },
    {
      key: "cliFast",
      name: "npx cdktf synth (app: node tools/run.mjs main)",
      command: `${quiet} npx cdktf synth --output ${out("out-cli")}`,
    },
    peer.validated,
  ];
}

function measureScale(configs, env) {
  const commands = configs.map((c) => ({
    key: String(c.groups),
    name: `synth ${c.groups} group(s)`,
    command: `VPCE_CONFIG=${sh(c.path)} CDKTF_OUTDIR=${sh(c.outdir)} ${SYNTH}`,
  }));
  return hyperfine(commands, { runs: RUNS.scale, warmup: RUNS.warmup, jsonPath: join(RESULTS, "scale-synth.json"), cwd: ROOT, env });
}

function measureReview(configs, env) {
  if (!existsSync(REVIEW)) {
    rmSync(join(RESULTS, "scale-review.json"), { force: true });
    return { skipped: "dist/cli/review.js does not exist yet (cli/review.ts not written): review not measured" };
  }
  const commands = configs.map((c) => ({
    key: String(c.groups),
    name: `review ${c.groups} group(s)`,
    command: `node dist/cli/review.js ${sh(c.outdir)} --format json`,
  }));
  const measured = hyperfine(commands, {
    runs: RUNS.review,
    warmup: RUNS.warmup,
    jsonPath: join(RESULTS, "scale-review.json"),
    cwd: ROOT,
    env,
  });
  const tracked = spawnSync("git", ["ls-files", "--error-unmatch", "cli/review.ts"], { cwd: ROOT, stdio: "ignore" }).status === 0;
  return { ...measured, source: tracked ? "committed" : "uncommitted (work in progress in the working tree)" };
}

function measureRss(tmp, configs, modules, env) {
  const opts = { runs: RUNS.rss, cwd: ROOT };
  const synth = SYNTH.split(" ");
  const largest = configs[configs.length - 1];
  const outdir = { ...env, CDKTF_OUTDIR: join(tmp, "out-rss") };
  return [
    { key: "default", name: `${SYNTH} (default config)`, kib: peakRssKiB(synth, { ...opts, env: outdir }) },
    {
      key: "defaultFirst",
      name: `${SYNTH} (default config), first run after a build: no code cache yet, writes it`,
      kib: peakRssKiB(synth, { ...opts, env: outdir, prepare: () => rmSync(CODE_CACHE, { force: true }) }),
    },
    {
      key: "largest",
      name: `${SYNTH} (${largest.groups} groups)`,
      kib: peakRssKiB(synth, { ...opts, env: { ...env, VPCE_CONFIG: largest.path, CDKTF_OUTDIR: join(tmp, "out-rss-large") } }),
    },
    {
      key: "dist",
      name: "node dist/main.js (default config, no node flags)",
      kib: peakRssKiB(["node", "dist/main.js"], { ...opts, env: outdir }),
    },
    { key: "floor", name: "floor", kib: peakRssKiB(["node", "bench/floor.cjs", ...modules], { ...opts, env }) },
  ];
}

/** `npm test` in a fresh clone, first and second run (see lib/fresh-clone.mjs). */
function measureTests(tmp, env) {
  const clone = prepareFreshClone({ root: ROOT, tmp, env, progress });
  progress("npm test in the fresh clone: the first run, then a second one");
  const runs = measureFreshCloneTests({ clone, tmp, jsonPath: join(RESULTS, "npm-test.json"), env });
  progress("what npm test must run, alone in the clone: the type check, the lint and each real-tool test file");
  const parts = measureTestParts({ clone, tmp, jsonPath: join(RESULTS, "npm-test-parts.json"), env });
  return { runs, parts, commit: clone.commit };
}

/** What the hyperfine JSON does not hold: the machine, the scale configs' sizes, the diff's counts, peak RSS and the verdicts. */
function summary(report) {
  const configs = report.configs.map(({ groups, resources, bytes }) => ({ groups, resources, bytes }));
  const diffCounts = report.diff.skipped ? { skipped: report.diff.skipped } : report.diff.counts;
  return {
    machine: report.machine,
    loadEnd: report.loadEnd,
    runs: report.runs,
    providerModules: report.modules,
    configs,
    diff: diffCounts,
    peakRss: report.rss,
    targets: judgeTargets(report),
  };
}

function main() {
  requireHyperfine();
  const env = { ...process.env, CHECKPOINT_DISABLE: "1", DISABLE_VERSION_CHECK: "true" };
  const tmp = mkdtempSync(join(tmpdir(), "vpce-bench-"));
  mkdirSync(RESULTS, { recursive: true });
  const machine = describeMachine(ROOT);
  try {
    progress("building dist/ once (node tools/build.mjs)");
    execFileSync(process.execPath, ["tools/build.mjs"], { cwd: ROOT, env, stdio: "inherit" });
    // First, while the machine is quiet: after the seconds-long stock and ts-node runs, the same
    // suite measured up to 10 s slower with the same CPU time.
    const tests = measureTests(tmp, env);
    progress("generating the 1/10/50/100-group configs and synthesizing each once");
    mkdirSync(join(tmp, "configs"));
    const configs = writeScaleConfigs(join(tmp, "configs"), join(ROOT, "scripts")).map((c) =>
      synthOnce(c, join(tmp, `out-g${c.groups}`), env),
    );
    const largest = configs[configs.length - 1];
    const swapped = synthOnce(
      writeSwappedTiersConfig(join(tmp, "configs"), join(ROOT, "scripts"), largest.groups),
      join(tmp, `out-g${largest.groups}-swapped`),
      env,
    );
    const modules = providerModules(ROOT);
    const peer = prepareAwsCdk({ tmp, env });
    progress(`default synth paths vs the floor (${modules.length} provider modules) and AWS CDK, ${RUNS.fast} runs each`);
    const synth = hyperfine(synthCommands(tmp, modules, peer), {
      runs: RUNS.fast,
      warmup: RUNS.warmup,
      jsonPath: join(RESULTS, "synth.json"),
      cwd: ROOT,
      env,
    });
    progress(`stock template path, ts-node, the cdktf CLI and AWS CDK with validation, ${RUNS.stock} runs each (slow)`);
    const stock = hyperfine(stockCommands(tmp, peer), {
      runs: RUNS.stock,
      warmup: RUNS.warmup,
      jsonPath: join(RESULTS, "stock.json"),
      cwd: ROOT,
      env,
    });
    progress(`synth of the scale configs, ${RUNS.scale} runs each`);
    const scale = measureScale(configs, env);
    progress(`review of the scale configs, ${RUNS.review} runs each`);
    const review = measureReview(configs, env);
    progress(`access diff of two ${largest.groups}-group configs (review NEW --baseline OLD), ${RUNS.review} runs`);
    const diff = measureDiff({
      review: REVIEW,
      old: largest,
      current: swapped,
      runs: RUNS.review,
      warmup: RUNS.warmup,
      jsonPath: join(RESULTS, "diff.json"),
      cwd: ROOT,
      env,
    });
    progress(`peak RSS with /usr/bin/time -v, median of ${RUNS.rss}`);
    const rss = measureRss(tmp, configs, modules, env);
    progress("writing BENCHMARKS.md");
    const report = {
      quick: QUICK,
      tmp,
      machine,
      loadEnd: loadavg()
        .map((l) => l.toFixed(2))
        .join(" "),
      modules,
      configs,
      synth,
      stock,
      scale,
      review,
      diff,
      rss,
      tests,
      awsCdk: peer,
      runs: RUNS,
      durationSec: (Date.now() - started) / 1000,
    };
    writeFileSync(join(ROOT, "BENCHMARKS.md"), renderReport(report));
    writeFileSync(join(RESULTS, "summary.json"), `${JSON.stringify(summary(report), null, 2)}\n`);
    process.stderr.write(`\nbench: wrote BENCHMARKS.md and bench/results/*.json in ${report.durationSec.toFixed(0)} s\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main();
