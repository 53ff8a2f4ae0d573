/**
 * `spawnSync`'s result without blocking, so that a test can run several real tools at once (checkov
 * and the review CLI, one cloud-init per file) instead of one after the other.
 */
import { spawn } from "node:child_process";

/** What `spawnSync(..., { encoding: "utf8" })` returns, the part the tests read. */
export interface SpawnedResult {
  /** The exit status; null when the process was killed or could not start. */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the process could not start (e.g. ENOENT) or was killed at the timeout. */
  readonly error?: Error;
}

/** How to run the process. */
export interface SpawnAsyncOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed. */
  readonly input?: string;
  /**
   * Killed (SIGKILL) after this long; `error` then says so.
   * @default - no timeout
   */
  readonly timeoutMs?: number;
}

/** Runs `command args...` to its end; never rejects (a failure to start is in `error`). */
export function spawnAsync(command: string, args: readonly string[], options: SpawnAsyncOptions = {}): Promise<SpawnedResult> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let error: Error | undefined;
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (e) => {
      error = e;
    });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            error = new Error(`${command} killed after ${options.timeoutMs} ms`);
            child.kill("SIGKILL");
          }, options.timeoutMs);
    // A child that cannot start emits "error", then "close" with a negative errno as its "status".
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      const status = error === undefined ? code : null;
      resolve({ status, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8"), error });
    });
    // A child that exits without reading its stdin must not fail the run with EPIPE.
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input);
  });
}
