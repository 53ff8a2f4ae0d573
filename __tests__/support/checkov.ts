/**
 * Runs the pinned checkov (requirements-checkov.txt, in `.venv-checkov`) on one Terraform JSON file,
 * offline, and matches its failed checks against the deliberate exceptions
 * (__tests__/scanners/checkov-exceptions.json).
 *
 * Offline means: `--skip-download` (no Prisma Cloud / Bridgecrew guidelines or mappings),
 * `CKV_SKIP_PACKAGE_UPDATE_CHECK=true` (no PyPI version check), and no API key in the environment
 * (without one checkov scans locally only and uploads nothing).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { ROOT } from "./scenario";
import { type SpawnedResult, spawnAsync } from "./spawn-async";

/** The checkov executable: `VPCE_CHECKOV`, else the project's virtualenv. */
export const CHECKOV = process.env.VPCE_CHECKOV || join(ROOT, ".venv-checkov", "bin", "checkov");

/** How to install the pinned checkov, for notices. */
export const CHECKOV_INSTALL = "python3 -m venv .venv-checkov && .venv-checkov/bin/pip install -r requirements-checkov.txt";

/** The pinned version, read from requirements-checkov.txt (the one place it is written). */
export function pinnedCheckovVersion(): string {
  const line = readFileSync(join(ROOT, "requirements-checkov.txt"), "utf8")
    .split("\n")
    .find((l) => l.startsWith("checkov=="));
  if (!line) throw new Error("requirements-checkov.txt: no `checkov==<version>` line; regenerate it with pip freeze");
  return line.slice("checkov==".length).trim();
}

/** One failed check, as checkov reports it. */
export interface CheckovFailure {
  /** The check id, e.g. `CKV_AWS_144`. */
  readonly check: string;
  /** The resource address, e.g. `aws_s3_bucket.ScriptBucket_7411736E`. */
  readonly resource: string;
  /** The check's title. */
  readonly name: string;
}

/** What one run found. */
export interface CheckovRun {
  readonly failures: readonly CheckovFailure[];
  readonly passed: number;
  /** Files checkov could not parse (it then reports nothing for them). */
  readonly parsingErrors: number;
}

/** Environment variables that would connect checkov to a platform. */
const PLATFORM_VARIABLES = ["BC_API_KEY", "BC_API_URL", "PRISMA_API_URL", "CKV_API_KEY"];

function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CKV_SKIP_PACKAGE_UPDATE_CHECK: "true", LOG_LEVEL: "WARNING" };
  for (const name of PLATFORM_VARIABLES) delete env[name];
  return env;
}

interface CheckovCheck {
  readonly check_id: string;
  readonly resource: string;
  readonly check_name: string;
  readonly file_path: string;
}

interface CheckovReport {
  results?: { failed_checks?: CheckovCheck[]; passed_checks?: CheckovCheck[]; parsing_errors?: string[] };
  summary?: { checkov_version?: string };
}

/** What one scan of several files found: checkov's version, and each file's run. */
export interface CheckovScan {
  /** As the report's summary gives it, e.g. `3.3.30`. */
  readonly version: string;
  readonly runs: ReadonlyMap<string, CheckovRun>;
  /** True when it ran in a network namespace of its own, with no network (`unshare -n`). */
  readonly offline: boolean;
}

/** The argv of one scan; the files are given relative to their common folder, which is the working directory. */
export function checkovArgs(files: readonly string[], cwd: string): string[] {
  return [
    ...files.flatMap((file) => ["-f", relative(cwd, file)]),
    "--framework",
    "terraform_json",
    "--skip-download",
    "-o",
    "json",
    "--compact",
  ];
}

/** How one scan is run: in the files' common folder, offline, maybe in a network namespace of its own. */
interface CheckovInvocation {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly offline: boolean;
}

/** How long one scan may take before it is killed. */
const SCAN_TIMEOUT_MS = 300_000;

function invocation(files: readonly string[], bin: string, noNetwork: boolean): CheckovInvocation {
  const cwd = commonFolder(files);
  // `unshare -n` runs it in a new network namespace with no interface but a down loopback.
  const [command, args] = noNetwork ? ["unshare", ["-n", bin, ...checkovArgs(files, cwd)]] : [bin, checkovArgs(files, cwd)];
  return { command, args, cwd, env: offlineEnv(), offline: noNetwork };
}

/** Reads checkov's JSON report into each file's run; throws when checkov did not run or printed no report. */
function readScan(files: readonly string[], bin: string, run: CheckovInvocation, result: SpawnedResult): CheckovScan {
  if (result.error) throw new Error(`checkov: could not run ${bin}: ${result.error.message}; install it with ${CHECKOV_INSTALL}`);
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`checkov exited ${result.status} on ${files.join(", ")}:\n${result.stderr}`);
  let parsed: CheckovReport | CheckovReport[];
  try {
    parsed = JSON.parse(result.stdout) as CheckovReport | CheckovReport[];
  } catch {
    throw new Error(
      `checkov printed no JSON report for ${files.join(", ")} (exit ${result.status}):\n${result.stdout.slice(0, 2000)}\n${result.stderr}`,
    );
  }
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  // checkov names each file relative to the working directory, with a leading `/`.
  const inFile = (file: string) => (path: string) => join(run.cwd, path) === resolve(file);
  const checks = (kind: "failed_checks" | "passed_checks") => reports.flatMap((r) => r.results?.[kind] ?? []);
  const runOf = (file: string): CheckovRun => ({
    failures: checks("failed_checks")
      .filter((c) => inFile(file)(c.file_path))
      .map((c) => ({ check: c.check_id, resource: c.resource, name: c.check_name })),
    passed: checks("passed_checks").filter((c) => inFile(file)(c.file_path)).length,
    parsingErrors: reports.flatMap((r) => r.results?.parsing_errors ?? []).filter(inFile(file)).length,
  });
  const runs = new Map(files.map((file) => [file, runOf(file)]));
  const version = reports.map((r) => r.summary?.checkov_version).find((v) => v !== undefined) ?? "unknown";
  return { version, runs, offline: run.offline };
}

/** How to scan. */
export interface ScanOptions {
  /**
   * Runs checkov with no network at all (`unshare -n`, root only), to prove it needs none.
   * @default false
   */
  readonly noNetwork?: boolean;
}

/**
 * Scans Terraform JSON files in one checkov process (its start-up, loading every check, is most of
 * the time a scan takes). Exit 0 (all passed) and 1 (some failed) are results; anything else, or
 * output that is not checkov's JSON report, throws with checkov's stderr; so does a checkov that
 * cannot start, naming the install command.
 */
export function scanWithCheckov(files: readonly string[], bin = CHECKOV, { noNetwork = false }: ScanOptions = {}): CheckovScan {
  const run = invocation(files, bin, noNetwork);
  const result = spawnSync(run.command, run.args, {
    cwd: run.cwd,
    env: run.env,
    encoding: "utf8",
    timeout: SCAN_TIMEOUT_MS,
    maxBuffer: 256 * 1024 * 1024,
  });
  return readScan(files, bin, run, result);
}

/** {@link scanWithCheckov} without blocking, so that other tools can run while checkov does. */
export async function scanWithCheckovAsync(
  files: readonly string[],
  bin = CHECKOV,
  { noNetwork = false }: ScanOptions = {},
): Promise<CheckovScan> {
  const run = invocation(files, bin, noNetwork);
  const result = await spawnAsync(run.command, run.args, { cwd: run.cwd, env: run.env, timeoutMs: SCAN_TIMEOUT_MS });
  return readScan(files, bin, run, result);
}

/** Scans one Terraform JSON file (see {@link scanWithCheckov}). */
export function runCheckov(file: string, bin = CHECKOV): CheckovRun {
  return scanWithCheckov([file], bin).runs.get(file) ?? { failures: [], passed: 0, parsingErrors: 0 };
}

function commonFolder(files: readonly string[]): string {
  const [first = [], ...rest] = files.map((file) => dirname(resolve(file)).split(sep));
  let length = first.length;
  for (const parts of rest) {
    let same = 0;
    while (same < length && parts[same] === first[same]) same++;
    length = same;
  }
  return first.slice(0, length).join(sep) || sep;
}

/** A failed check that is left on purpose. */
export interface CheckovException {
  /** The check id, e.g. `CKV_AWS_144`. */
  readonly check: string;
  /** The resource address, `*` matching any run of characters, e.g. `aws_s3_bucket.ScriptBucket_*`. */
  readonly resource: string;
  /**
   * The example configs it applies to (`default` is the embedded default, others are file names in config/).
   * @default - every example config
   */
  readonly configs?: readonly string[];
  /** Why it is left. */
  readonly reason: string;
}

export const EXCEPTIONS_FILE = join(ROOT, "__tests__", "scanners", "checkov-exceptions.json");

export function loadExceptions(file = EXCEPTIONS_FILE): CheckovException[] {
  return (JSON.parse(readFileSync(file, "utf8")) as { exceptions: CheckovException[] }).exceptions;
}

function globRegExp(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
}

function appliesTo(exception: CheckovException, config: string): boolean {
  return exception.configs === undefined || exception.configs.includes(config);
}

/** Whether the exception covers this failure of this config. */
export function covers(exception: CheckovException, failure: CheckovFailure, config: string): boolean {
  return exception.check === failure.check && appliesTo(exception, config) && globRegExp(exception.resource).test(failure.resource);
}

/** The failures that no exception covers. */
export function unexplained(
  failures: readonly CheckovFailure[],
  exceptions: readonly CheckovException[],
  config: string,
): CheckovFailure[] {
  return failures.filter((f) => !exceptions.some((e) => covers(e, f, config)));
}

/**
 * The exceptions that a config they apply to no longer needs: checkov reports no failure there
 * that they cover. `runs` maps each scanned config to its failures.
 */
export function staleExceptions(
  exceptions: readonly CheckovException[],
  runs: ReadonlyMap<string, readonly CheckovFailure[]>,
): Array<{ exception: CheckovException; config: string }> {
  return exceptions.flatMap((exception) =>
    [...runs]
      .filter(([config]) => appliesTo(exception, config))
      .filter(([config, failures]) => !failures.some((f) => covers(exception, f, config)))
      .map(([config]) => ({ exception, config })),
  );
}
