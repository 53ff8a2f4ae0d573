// The AWS CDK peer (bench/peers/aws-cdk): type-checks it, compiles it to JavaScript and writes the scenario it
// builds, so that bench/run.mjs can time `node app.js` (construct + `app.synth()`) side by side with our synth.
// `node bench/lib/aws-cdk.mjs` alone prepares it, synthesizes once into a temp folder and prints the
// template's resource counts (VPCE_CONFIG selects the config, as for `npm run synth`).
import { buildSync, transformSync } from "esbuild";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
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

export const AWS_CDK_KEY = "awsCdk";
const NAME = "AWS CDK peer: node app.js (aws-cdk-lib L2 constructs + app.synth())";

/**
 * Type-checks the peer with its own tsconfig (aws-cdk-lib's types are too large for npm test's type check),
 * compiles each of its files to CommonJS with esbuild's transform (no bundling, so aws-cdk-lib loads from
 * node_modules), and writes the scenario JSON for the config `env.VPCE_CONFIG` names.
 * @returns the hyperfine command `{ key, name, command }`, or `{ key, name, failed }` saying why not
 */
export function prepareAwsCdk({ tmp, env }) {
  process.stderr.write("bench: AWS CDK peer: type check, compile to JavaScript, write its scenario\n");
  const tsc = join(ROOT, "node_modules", "typescript-native", "bin", "tsc");
  const checked = spawnSync(process.execPath, [tsc, "-p", join(SOURCE, "tsconfig.json")], { cwd: ROOT, env, stdio: "inherit" });
  if (checked.status !== 0) {
    return { key: AWS_CDK_KEY, name: NAME, failed: `bench/peers/aws-cdk does not type-check (tsc exited ${checked.status})` };
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
  const command = `node ${sh(join(OUT, "app.js"))} ${sh(scenario)} ${sh(join(tmp, "out-aws-cdk"))}`;
  return {
    key: AWS_CDK_KEY,
    name: NAME,
    command,
    outdir: join(tmp, "out-aws-cdk"),
    project: JSON.parse(readFileSync(scenario, "utf8")).config.project,
  };
}

/** Resource counts by CloudFormation type in the peer's template. */
export function resourceCounts(outdir, project) {
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
    const started = process.hrtime.bigint();
    execFileSync("sh", ["-c", peer.command], { cwd: ROOT, stdio: "inherit" });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const counts = resourceCounts(peer.outdir, peer.project);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    process.stdout.write(`${peer.command.split(tmp).join("$TMP")}\n${total} resources in ${seconds.toFixed(2)} s (one run):\n`);
    for (const [type, n] of Object.entries(counts).sort()) process.stdout.write(`  ${type}: ${n}\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
