import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { ProblemsError, formatProblem } from "../config/problems";

/**
 * Synthesizes into a fresh sibling folder and swaps it in only on success, so that a failed synth
 * (bad config, a guard, a crash) leaves the previous output byte for byte as it was, and no stale
 * stack folders survive a successful one.
 */
export function writeAtomically(outdir: string, synth: (dir: string) => void): void {
  const staging = `${outdir}.staging-${process.pid}`;
  const retired = `${outdir}.retired-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(dirname(staging), { recursive: true });
  try {
    synth(staging);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  if (existsSync(outdir)) renameSync(outdir, retired);
  renameSync(staging, outdir);
  rmSync(retired, { recursive: true, force: true });
}

/** The lines to show for an error: a user error's problems, or a cdktf validation's messages, without stack traces. */
export function userFacingLines(error: unknown): string[] {
  if (error instanceof ProblemsError) return error.problems.map(formatProblem);
  const message = error instanceof Error ? error.message : String(error);
  const validation = /^(?:App-level )?[Vv]alidation failed with the following errors:\n([\s\S]*?)\n\s*\n/.exec(message);
  if (validation) return validation[1].split("\n").map((line) => line.trim()).filter(Boolean);
  return [`internal error: ${message} (run with DEBUG=1 for the stack trace)`];
}

/**
 * Runs a command's body; on failure prints one line per problem to stderr and exits with `exitCode`.
 * `DEBUG=1` or `--debug` adds the stack trace.
 */
export function exitOnError(body: () => void, exitCode = 1): void {
  try {
    body();
  } catch (error) {
    for (const line of userFacingLines(error)) process.stderr.write(`error: ${line}\n`);
    if (process.env.DEBUG === "1" || process.argv.includes("--debug")) process.stderr.write(`${(error as Error).stack ?? ""}\n`);
    process.exitCode = exitCode;
  }
}
