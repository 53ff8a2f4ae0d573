/**
 * One temporary copy of the project per suite run, and in it one synthesized stack per config:
 * derived configs, synth (keeping the stack folder's own files: state, lock file, emulator override),
 * the suite-only fix-ups, and the terraform / cdktf / aws commands with an emulator-only environment.
 */
import { cpSync, existsSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import type { DeployTools } from "./tools";
import { type CommandResult, runCommand } from "./processes";

/** Files and folders of a stack folder that synth writes; everything else there is kept across synths. */
const GENERATED = new Set(["cdk.tf.json", "assets"]);
export const OVERRIDE_FILE = "emulator_override.tf.json";

/** A JSON object as read from a config or a Terraform JSON file. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** How the last synth went, for deciding how cdktf may deploy. */
export interface SynthOutcome {
  readonly stackDir: string;
  readonly tfJson: JsonObject;
}

/** Copies the project (without node_modules, git, outputs) into `dir`, linking node_modules. */
export function copyProject(source: string, dir: string): string {
  const root = join(dir, "project");
  const skip = new Set(["node_modules", ".git", "coverage", ".venv-deploy", "bench"]);
  cpSync(source, root, {
    recursive: true,
    preserveTimestamps: true,
    filter: (src) => {
      const name = basename(src);
      return src === source || !(skip.has(name) || name.startsWith("cdktf.out")) || !isDirectChild(source, src);
    },
  });
  symlinkSync(join(source, "node_modules"), join(root, "node_modules"));
  return root;
}

function isDirectChild(parent: string, path: string): boolean {
  return resolve(path, "..") === resolve(parent);
}

/** Writes the suite's Terraform CLI config: providers only from the filesystem mirror, never the registry. */
export function writeCliConfig(dir: string, mirror: string): string {
  const file = join(dir, "terraform.rc");
  writeFileSync(
    file,
    [
      "provider_installation {",
      "  filesystem_mirror {",
      `    path    = ${JSON.stringify(mirror)}`,
      '    include = ["registry.terraform.io/*/*"]',
      "  }",
      "  direct {",
      '    exclude = ["registry.terraform.io/*/*"]',
      "  }",
      "}",
      "",
    ].join("\n"),
  );
  return file;
}

/** The environment of every terraform, cdktf and aws command: emulator endpoint, fake credentials, no phoning home. */
export function emulatorEnv(cliConfig: string, endpoint: string, region: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("AWS_") || key.startsWith("TF_")) delete env[key];
  return {
    ...env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    DISABLE_VERSION_CHECK: "true",
    // cdktf would otherwise point TF_PLUGIN_CACHE_DIR at ~/.terraform.d/plugin-cache.
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: "true",
    // cdktf keeps an anonymous user id in $CDKTF_HOME/config.json (default ~/.cdktf): keep it in the work folder.
    CDKTF_HOME: join(dirname(cliConfig), "cdktf-home"),
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_MAX_ATTEMPTS: "1",
    AWS_PAGER: "",
    NO_COLOR: "1",
    FORCE_COLOR: "0",
  };
}

/** Reads a JSON file. */
export function readJson(file: string): JsonObject {
  return JSON.parse(readFileSync(file, "utf8")) as JsonObject;
}

/**
 * Writes a config derived from an example, next to it (so its relative paths keep resolving),
 * with `bucket.scriptsDir` made absolute.
 */
export function writeDerivedConfig(root: string, example: string, name: string, edit: (config: JsonObject) => void): string {
  const config = readJson(join(root, "config", example));
  const bucket = (config.bucket ?? {}) as JsonObject;
  const scriptsDir = typeof bucket.scriptsDir === "string" ? bucket.scriptsDir : "scripts";
  // Relative to the config's folder, like every path in a config.
  const absolute = isAbsolute(scriptsDir) ? scriptsDir : resolve(root, "config", scriptsDir);
  config.bucket = { ...bucket, scriptsDir: absolute };
  edit(config);
  const file = join(root, "config", `deploy-suite-${name}.json`);
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

/**
 * Runs the project's synth (`node tools/run.mjs main`) into `outdir`. Returns, besides its result,
 * what it removed of the stack folder's own files (state, .terraform, lock file, override): a synth
 * must keep them all, so the caller fails on any.
 */
export async function synth(
  root: string,
  configFile: string,
  outdir: string,
  project: string,
  logFile: string,
): Promise<{ result: CommandResult; lost: string[] }> {
  const stackDir = join(outdir, "stacks", project);
  const kept = existsSync(stackDir) ? readdirSync(stackDir).filter((name) => !GENERATED.has(name)) : [];
  const result = await runCommand(process.execPath, ["tools/run.mjs", "main"], {
    cwd: root,
    env: { ...process.env, VPCE_CONFIG: configFile, CDKTF_OUTDIR: outdir, NO_COLOR: "1" },
    timeoutMs: 120_000,
    logFile,
  });
  return { result, lost: kept.filter((name) => !existsSync(join(stackDir, name))) };
}

/**
 * After a synth: checks that the stack asks for exactly the mirrored hashicorp/aws (the derived
 * config sets `awsProviderVersion`), and (re)writes the emulator override. Both live only in the
 * suite's temporary copy.
 */
export function fixUpStack(stackDir: string, providerVersion: string, override: (tfJson: JsonObject) => JsonObject): SynthOutcome {
  const tfJson = readJson(join(stackDir, "cdk.tf.json"));
  const constraint = String((((tfJson.terraform as JsonObject).required_providers as JsonObject).aws as JsonObject).version);
  if (constraint !== providerVersion)
    throw new Error(
      `the stack asks for hashicorp/aws "${constraint}", not the mirrored ${providerVersion} its config's awsProviderVersion sets`,
    );
  writeFileSync(join(stackDir, OVERRIDE_FILE), `${JSON.stringify(override(tfJson), null, 2)}\n`);
  return { stackDir, tfJson };
}

/** Runs terraform in a stack folder. */
export function terraform(
  tools: DeployTools,
  stackDir: string,
  env: NodeJS.ProcessEnv,
  args: readonly string[],
  logFile: string,
  timeoutMs = 300_000,
): Promise<CommandResult> {
  return runCommand(tools.terraform, args, { cwd: stackDir, env, timeoutMs, logFile });
}

/** Runs the real cdktf CLI of node_modules in the project copy. */
export function cdktf(
  tools: DeployTools,
  root: string,
  env: NodeJS.ProcessEnv,
  args: readonly string[],
  logFile: string,
  timeoutMs = 900_000,
): Promise<CommandResult> {
  return runCommand(tools.cdktf, args, { cwd: root, env, timeoutMs, logFile });
}

/** Runs the real aws CLI against the emulator; JSON output. */
export function awsCli(tools: DeployTools, env: NodeJS.ProcessEnv, args: readonly string[], logFile: string): Promise<CommandResult> {
  return runCommand(tools.awsCli, ["--endpoint-url", String(env.AWS_ENDPOINT_URL), "--output", "json", ...args], {
    cwd: "/",
    env,
    timeoutMs: 60_000,
    logFile,
  });
}

/** Runs the project's review (`node tools/run.mjs cli/review INPUT --format json`) and parses it. */
export async function review(root: string, input: string, logFile: string): Promise<JsonObject> {
  const result = await runCommand(process.execPath, ["tools/run.mjs", "cli/review", input, "--format", "json"], {
    cwd: root,
    env: { ...process.env, NO_COLOR: "1" },
    timeoutMs: 120_000,
    logFile,
  });
  if (result.status !== 0) throw new Error(`review of ${input} exited ${result.status}: ${result.stderr.trim()}`);
  return JSON.parse(result.stdout) as JsonObject;
}
