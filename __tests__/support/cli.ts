import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { exitOnError } from "../../cli/synth-output";
import { ROOT } from "./root";

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a bundled entry point (`dist/main.js`, `dist/cli/review.js`...) built by the jest global setup. */
export function runDist(
  entry: string,
  args: readonly string[] = [],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {},
): CliRun {
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

/**
 * The lines the synth CLI prints for an error (`exitOnError` in cli/synth-output.ts, which main.ts
 * runs in), without their `error: ` prefix. In-process: stderr and `process.exitCode` are restored.
 */
export function printedErrorLines(error: unknown): string[] {
  const printed: string[] = [];
  const write = process.stderr.write;
  const exitCode = process.exitCode;
  process.stderr.write = ((chunk: string | Uint8Array): boolean => {
    printed.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    exitOnError(() => {
      throw error;
    });
  } finally {
    process.stderr.write = write;
    process.exitCode = exitCode;
  }
  // One write per line; a stack trace (DEBUG=1) is written apart, without the prefix.
  return printed.filter((text) => text.startsWith("error: ")).map((text) => text.slice("error: ".length).replace(/\n$/, ""));
}
