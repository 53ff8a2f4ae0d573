import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./scenario";

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a bundled entry point (`dist/main.js`, `dist/cli/review.js`...) built by the jest global setup. */
export function runDist(entry: string, args: readonly string[] = [], options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}): CliRun {
  const result = spawnSync(process.execPath, [join(ROOT, "dist", entry), ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: "1", DEBUG: "", ...options.env },
    input: options.input,
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** True when the text looks like it carries a JavaScript stack trace. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+\(.+:\d+:\d+\)$/m.test(text) || /^\s+at .+:\d+:\d+$/m.test(text);
}
