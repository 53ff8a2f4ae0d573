/**
 * Child processes for the deploy suite: bounded in time, logged to a file, and stopped by PID
 * (with every descendant, because the cdktf CLI runs terraform in a pseudo-terminal of its own
 * session, out of reach of a process-group kill).
 */
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync } from "node:fs";

/** What one command printed and how it ended. */
export interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

/** How to run one command. */
export interface CommandOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Kill the command (and its descendants) after this long. */
  readonly timeoutMs: number;
  /** Append the command line and its output here. */
  readonly logFile: string;
  /** Written to the command's stdin, which is then closed. */
  readonly input?: string;
}

/** The PIDs of every live descendant of `pid`, deepest last. */
export function descendantsOf(pid: number): number[] {
  const listing = spawnSync("ps", ["-e", "-o", "pid=,ppid="], { encoding: "utf8" });
  const children = new Map<number, number[]>();
  for (const line of listing.stdout.split("\n")) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    if (!Number.isFinite(child) || !Number.isFinite(parent)) continue;
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const found: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift() as number;
    found.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return found;
}

/** Sends `signal` to `pid` and each of its descendants, each by its own PID. */
export function killTree(pid: number, signal: NodeJS.Signals = "SIGTERM"): void {
  for (const target of [...descendantsOf(pid).reverse(), pid]) {
    try {
      process.kill(target, signal);
    } catch {
      // Already gone.
    }
  }
}

/** Runs a command to completion, or kills it and its descendants at the timeout. */
export function runCommand(file: string, args: readonly string[], options: CommandOptions): Promise<CommandResult> {
  const started = Date.now();
  appendFileSync(options.logFile, `\n$ (cd ${options.cwd} && ${[file, ...args].join(" ")})\n`);
  return new Promise((resolve) => {
    const child = spawn(file, [...args], { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      appendFileSync(options.logFile, chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      appendFileSync(options.logFile, chunk);
    });
    const timer = setTimeout(() => {
      appendFileSync(
        options.logFile,
        `\n[deploy suite] timeout after ${options.timeoutMs} ms: stopping PID ${child.pid} and its descendants\n`,
      );
      if (child.pid !== undefined) killTree(child.pid, "SIGKILL");
    }, options.timeoutMs);
    child.on("error", (error) => {
      stderr += String(error);
    });
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, durationMs: Date.now() - started });
    });
    child.stdin.end(options.input ?? "");
  });
}
