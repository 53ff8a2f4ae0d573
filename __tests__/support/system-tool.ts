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
 * ```
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

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

/** True when `tool probeArgs...` starts and exits 0. Cached per process. */
export function toolRuns(tool: string, probeArgs: readonly string[], timeoutMs = 20_000): boolean {
  const cacheKey = [tool, ...probeArgs].join("\0");
  const cached = probed.get(cacheKey);
  if (cached !== undefined) return cached;
  const result = spawnSync(tool, [...probeArgs], { stdio: "ignore", timeout: timeoutMs });
  const runs = result.error === undefined && result.status === 0;
  probed.set(cacheKey, runs);
  return runs;
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
export function requireTool(tool: string, probeArgs: readonly string[], options: ToolOptions = {}): boolean {
  if (toolRuns(tool, probeArgs, options.timeoutMs)) return true;
  if (mustFail(options)) throw new Error(requiredMessage(tool, options));
  warnSkipped(tool, options);
  return false;
}

/**
 * `describe` when the tool runs; in CI without it, a describe holding one failing test that
 * names the install command; elsewhere `describe.skip` after one SKIPPED notice.
 */
export function describeWithTool(
  tool: string,
  probeArgs: readonly string[],
  name: string,
  fn: () => void,
  options: ToolOptions = {},
): void {
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
