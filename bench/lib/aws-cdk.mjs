// The AWS CDK peer (bench/peers/aws-cdk): type-checks it, compiles it to JavaScript and writes the scenario it
// builds, so that bench/run.mjs can time `node app.js` (construct + `app.synth()`) side by side with our synth.
// `node bench/lib/aws-cdk.mjs` alone prepares it, synthesizes once into a temp folder and prints the
// template's resource counts (VPCE_CONFIG selects the config, as for `npm run synth`).
import { buildSync, transformSync } from "esbuild";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { sh } from "./measure.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SOURCE = join(ROOT, "bench", "peers", "aws-cdk");
/**
 * Inside the project (dist/ is ignored by git, biome and knip), not in a temp folder: the compiled app must find
 * aws-cdk-lib in the project's node_modules, loaded the normal way, as an AWS CDK user's app does.
 */
const OUT = join(ROOT, "dist", "peers", "aws-cdk");
/** The bundled scenario writer; apart from the app, which loads nothing of ours. */
const SCENARIO_WRITER = join(ROOT, "dist", "peers", "aws-cdk-scenario.cjs");

/**
 * AWS CDK 2.276 runs a built-in CloudFormation validation of every template at synth, on by default; it is
 * timed in both forms. With it (the default, what AWS CDK's users get) is the row the target is judged on;
 * it takes several times longer, so it runs with the slow commands. Without it (`CDK_VALIDATION=false`, AWS
 * CDK's documented switch, as `cdk synth --no-validation`) the run is construct + `app.synth()` alone, and
 * is quoted beside the verdict (bench/lib/targets.mjs).
 */
const AWS_CDK = {
  synth: { key: "awsCdk", name: "AWS CDK peer: node app.js, CDK_VALIDATION=false (construct + app.synth())", env: "CDK_VALIDATION=false " },
  validated: { key: "awsCdkValidated", name: "AWS CDK peer: node app.js, default (+ built-in CloudFormation validation)", env: "" },
};

/**
 * Type-checks the peer with its own tsconfig (aws-cdk-lib's types are too large for npm test's type check),
 * compiles each of its files to CommonJS with esbuild's transform (no bundling, so aws-cdk-lib loads from
 * node_modules), and writes the scenario JSON for the config `env.VPCE_CONFIG` names.
 * @returns `{ synth, validated }`, each a hyperfine command `{ key, name, command }`; when the peer does not
 *   type-check, commands that print why and fail, so that hyperfine records them as failed and the rest is measured
 */
export function prepareAwsCdk({ tmp, env }) {
  process.stderr.write("bench: AWS CDK peer: type check, compile to JavaScript, write its scenario\n");
  const tsc = join(ROOT, "node_modules", "typescript-native", "bin", "tsc");
  const checked = spawnSync(process.execPath, [tsc, "-p", join(SOURCE, "tsconfig.json")], { cwd: ROOT, env, stdio: "inherit" });
  if (checked.status !== 0) {
    const why = sh(`bench/peers/aws-cdk does not type-check (tsc exited ${checked.status}); run: node bench/lib/aws-cdk.mjs`);
    const failing = (variant) => ({ key: variant.key, name: variant.name, command: `echo ${why} >&2; false` });
    return { failed: why, synth: failing(AWS_CDK.synth), validated: failing(AWS_CDK.validated) };
  }
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const file of readdirSync(SOURCE).filter((f) => f.endsWith(".ts") && f !== "scenario.ts")) {
    const source = readFileSync(join(SOURCE, file), "utf8");
    const { code } = transformSync(source, { loader: "ts", format: "cjs", target: "node20", sourcefile: file });
    writeFileSync(join(OUT, file.replace(/\.ts$/, ".js")), code);
  }
  buildSync({
    entryPoints: [join(SOURCE, "scenario.ts")],
    outfile: SCENARIO_WRITER,
    bundle: true,
    packages: "external",
    platform: "node",
    target: "node20",
    format: "cjs",
    logLevel: "warning",
  });
  const scenario = join(tmp, "aws-cdk-scenario.json");
  execFileSync(process.execPath, [SCENARIO_WRITER, scenario], { cwd: ROOT, env, stdio: "inherit" });
  const outdir = join(tmp, "out-aws-cdk");
  const command = (variant) => ({
    key: variant.key,
    name: variant.name,
    command: `${variant.env}node ${sh(relative(ROOT, join(OUT, "app.js")))} ${sh(scenario)} ${sh(outdir)}`,
  });
  const { project } = JSON.parse(readFileSync(scenario, "utf8")).config;
  const synth = command(AWS_CDK.synth);
  // Once before timing, so that the report can show what the peer builds (and a broken peer shows before hyperfine).
  execFileSync("sh", ["-c", synth.command], { cwd: ROOT, env, stdio: "inherit" });
  return { synth, validated: command(AWS_CDK.validated), outdir, project, resources: resourceCounts(outdir, project) };
}

/** Resource counts by CloudFormation type in the peer's template. */
function resourceCounts(outdir, project) {
  const template = JSON.parse(readFileSync(join(outdir, `${project}.template.json`), "utf8"));
  const counts = {};
  for (const { Type } of Object.values(template.Resources)) counts[Type] = (counts[Type] ?? 0) + 1;
  return counts;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tmp = mkdtempSync(join(tmpdir(), "vpce-aws-cdk-"));
  try {
    const peer = prepareAwsCdk({ tmp, env: process.env });
    if (peer.failed) throw new Error(peer.failed);
    for (const { command } of [peer.synth, peer.validated]) {
      const started = process.hrtime.bigint();
      execFileSync("sh", ["-c", command], { cwd: ROOT, stdio: "inherit" });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      process.stdout.write(`${command.split(tmp).join("$TMP")}: ${seconds.toFixed(2)} s (one run)\n`);
    }
    const total = Object.values(peer.resources).reduce((a, b) => a + b, 0);
    process.stdout.write(`${total} resources in ${peer.project}.template.json:\n`);
    for (const [type, n] of Object.entries(peer.resources).sort()) process.stdout.write(`  ${type}: ${n}\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
