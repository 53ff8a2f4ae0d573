/**
 * Gates tests on a system tool (shellcheck, cloud-init, aws, dot, terraform, ...).
 *
 * - Tool present: the tests run.
 * - Tool missing, `CI=true` and the tool is required in CI: the tests FAIL, naming the install
 *   command, because CI (`.ci/run`) installs these tools and a skip there would hide a gap.
 * - Tool missing otherwise: one `SKIPPED: ...` notice on the console, and the tests are skipped.
 *
 * Usage:
 * ```ts
 * describeWithTool("shellcheck", ["--version"], "shellcheck", () => { test(...); });
 * describeWithTool("terraform", ["version"], "terraform validate", fn,
 *   { requiredInCi: false, install: "see https://developer.hashicorp.com/terraform/install" });
 * describeWithTool(CHECKOV, INSTALLED, "checkov", fn); // found, not run: see INSTALLED
 * ```
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import * as path from "node:path";

/**
 * The probe that looks for the tool's executable (on PATH for a bare name) without running it: for
 * tools whose `--version` costs their whole start-up (checkov ~4 s, awscli and cloud-init ~0.5-1 s
 * of Python imports). A tool that is found but broken then fails the tests that use it, with its
 * own error, instead of skipping them.
 */
export const INSTALLED = "installed";

/** How to tell that a tool is there: the arguments of a run that must exit 0, or {@link INSTALLED}. */
export type ToolProbe = readonly string[] | typeof INSTALLED;

/** How to probe for a tool and what to tell the user when it is missing. */
export interface ToolOptions {
  /**
   * The install hint printed when the tool is missing.
   * @default - the apt-get command for the known Debian package of the tool
   */
  readonly install?: string;
  /**
   * Whether a missing tool fails the tests when `CI=true`. Set false for tools that CI does
   * not install (terraform): those tests are opt-in on the binary being present.
   * @default true
   */
  readonly requiredInCi?: boolean;
  /**
   * Probe timeout.
   * @default 20000
   */
  readonly timeoutMs?: number;
}

/** Debian package of each tool whose command name differs from it. */
const DEBIAN_PACKAGES: Readonly<Record<string, string>> = { aws: "awscli", dot: "graphviz" };

const probed = new Map<string, boolean>();
const warned = new Set<string>();

/** The command to print in notices: `apt-get install <package>`, unless overridden. */
export function installHint(tool: string, options: ToolOptions = {}): string {
  const name = path.basename(tool);
  return options.install ?? `apt-get install ${DEBIAN_PACKAGES[name] ?? name}`;
}

/** True when `tool probeArgs...` starts and exits 0, or, for {@link INSTALLED}, when {@link toolInstalled}. Cached per process. */
export function toolRuns(tool: string, probeArgs: ToolProbe, timeoutMs = 20_000): boolean {
  const cacheKey = JSON.stringify([tool, probeArgs]);
  const cached = probed.get(cacheKey);
  if (cached !== undefined) return cached;
  const runs = probeArgs === INSTALLED ? toolInstalled(tool) : exitsZero(tool, probeArgs, timeoutMs);
  probed.set(cacheKey, runs);
  return runs;
}

function exitsZero(tool: string, args: readonly string[], timeoutMs: number): boolean {
  const result = spawnSync(tool, [...args], { stdio: "ignore", timeout: timeoutMs });
  return result.error === undefined && result.status === 0;
}

/** True when the tool is an executable file: the path itself, or for a bare name one in a PATH folder, as a shell finds it. */
export function toolInstalled(tool: string): boolean {
  const candidates = tool.includes(path.sep)
    ? [tool]
    : (process.env.PATH ?? "")
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, tool));
  return candidates.some(isExecutableFile);
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The message of the failure raised in CI for a missing tool. */
export function requiredMessage(tool: string, options: ToolOptions = {}): string {
  return `${path.basename(tool)} is required in CI: ${installHint(tool, options)}`;
}

function mustFail(options: ToolOptions): boolean {
  return process.env.CI === "true" && (options.requiredInCi ?? true);
}

function warnSkipped(tool: string, options: ToolOptions): void {
  const name = path.basename(tool);
  if (warned.has(name)) return;
  warned.add(name);
  console.warn(`SKIPPED: ${name} not found; install with ${installHint(tool, options)}`);
}

/**
 * Returns true when the tool runs. When it does not: throws in CI (for a required tool),
 * otherwise prints one SKIPPED notice and returns false so the caller can skip.
 */
export function requireTool(tool: string, probeArgs: ToolProbe, options: ToolOptions = {}): boolean {
  if (toolRuns(tool, probeArgs, options.timeoutMs)) return true;
  if (mustFail(options)) throw new Error(requiredMessage(tool, options));
  warnSkipped(tool, options);
  return false;
}

/**
 * `describe` when the tool runs; in CI without it, a describe holding one failing test that
 * names the install command; elsewhere `describe.skip` after one SKIPPED notice.
 */
export function describeWithTool(tool: string, probeArgs: ToolProbe, name: string, fn: () => void, options: ToolOptions = {}): void {
  if (toolRuns(tool, probeArgs, options.timeoutMs)) {
    describe(name, fn);
  } else if (mustFail(options)) {
    describe(name, () => {
      test(`requires ${path.basename(tool)}`, () => {
        throw new Error(requiredMessage(tool, options));
      });
    });
  } else {
    warnSkipped(tool, options);
    describe.skip(name, fn);
  }
}
