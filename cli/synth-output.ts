import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { ProblemsError, formatProblem } from "../config/problems";
import { applyStateMoves, planStateMoves, stackNames } from "./state-location";

/**
 * What a synth writes in a stack folder. Everything else there belongs to Terraform or to the user
 * (`.terraform/`, `.terraform.lock.hcl`, state, plan and `*_override.tf.json` files) and is kept.
 */
const GENERATED_IN_STACK = ["cdk.tf.json", "cdk.tf", "metadata.json", "assets"];
/** What a synth writes at the top of the output folder. */
const GENERATED_AT_TOP = ["manifest.json"];

/**
 * Synthesizes into a fresh sibling folder and installs it only on success, so that a failed synth
 * (bad config, a guard, a crash) leaves the previous output byte for byte as it was. Installing
 * replaces only what a synth writes: Terraform's working data in each stack folder, and the folders
 * of stacks this synth does not produce, are left alone. Local state a previous synth's backend kept
 * elsewhere is moved to the new backend's place (see `state-location.ts`).
 * @returns the stacks written
 */
export function writeAtomically(outdir: string, synth: (dir: string) => void): WrittenStack[] {
  const staging = `${outdir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(dirname(staging), { recursive: true });
  try {
    synth(staging);
    const stacks = stackNames(staging);
    const moves = planStateMoves(staging, stacks, outdir);
    refuseCliOrphanDeletion(stacks, outdir);
    applyStateMoves(moves);
    const written = stacks.map((name) => writtenStack(staging, outdir, name));
    install(staging, stacks, outdir);
    return written;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** A stack a synth wrote. */
export interface WrittenStack {
  readonly name: string;
  /** The stack's Terraform JSON, relative to the working folder when it is below it. */
  readonly file: string;
  readonly resourceCount: number;
}

function writtenStack(staging: string, outdir: string, name: string): WrittenStack {
  const tf = JSON.parse(readFileSync(join(staging, "stacks", name, "cdk.tf.json"), "utf8")) as {
    resource?: Record<string, Record<string, unknown>>;
  };
  const resourceCount = Object.values(tf.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
  const file = resolve(outdir, "stacks", name, "cdk.tf.json");
  const fromCwd = relative(process.cwd(), file);
  return { name, file: fromCwd.startsWith("..") ? file : fromCwd, resourceCount };
}

/** One line per stack written: its name, resource count and file. */
export function summaryLines(stacks: readonly WrittenStack[]): string[] {
  return stacks.map((s) => `synthesized ${s.name}: ${s.resourceCount} resources → ${s.file}`);
}

/** Moves the generated entries of `staging` over those of `outdir`, one rename each. */
function install(staging: string, stacks: readonly string[], outdir: string): void {
  for (const stack of stacks) {
    const target = join(outdir, "stacks", stack);
    mkdirSync(target, { recursive: true });
    for (const entry of GENERATED_IN_STACK) replaceEntry(join(staging, "stacks", stack, entry), join(target, entry));
  }
  for (const entry of GENERATED_AT_TOP) replaceEntry(join(staging, entry), join(outdir, entry));
}

/** Puts `from` at `to`, or removes `to` when this synth did not write `from`. */
function replaceEntry(from: string, to: string): void {
  const retired = `${to}.retired-${process.pid}`;
  if (existsSync(to)) renameSync(to, retired);
  if (existsSync(from)) renameSync(from, to);
  rmSync(retired, { recursive: true, force: true });
}

/**
 * The cdktf CLI deletes every stack folder in its output that the app's manifest does not list, once
 * the app has run (cli-core `SynthStack.synth`). It marks its run with this variable. When such a
 * folder holds Terraform's working data, refuse rather than let it be lost.
 */
function refuseCliOrphanDeletion(stacks: readonly string[], outdir: string): void {
  if (process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== "true") return;
  const stacksDir = join(outdir, "stacks");
  if (!existsSync(stacksDir)) return;
  const produced = new Set(stacks);
  const problems = readdirSync(stacksDir)
    .filter((stack) => !produced.has(stack))
    .map((stack) => ({ stack, kept: workingData(join(stacksDir, stack)) }))
    .filter(({ kept }) => kept.length > 0)
    .map(({ stack, kept }) => ({
      path: `stacks.${stack}`,
      problem:
        `the cdktf CLI would delete ${relative(process.cwd(), join(stacksDir, stack))}, which holds Terraform's ` +
        `working data (${kept.join(", ")}), because this config does not produce stack "${stack}"`,
      fix: "synthesize with npm run synth, which keeps other stacks' folders, or move that folder out of the output folder first",
    }));
  if (problems.length > 0) throw new ProblemsError(problems);
}

/** The entries of a stack folder that no synth wrote. */
function workingData(stackDir: string): string[] {
  return readdirSync(stackDir, { withFileTypes: true })
    .filter((entry) => !GENERATED_IN_STACK.includes(entry.name))
    .map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name))
    .sort();
}

/** The lines to show for an error: a user error's problems, or a cdktf validation's messages, without stack traces. */
function userFacingLines(error: unknown): string[] {
  if (error instanceof ProblemsError) return error.problems.map(formatProblem);
  const message = error instanceof Error ? error.message : String(error);
  const validation = /^(?:App-level )?[Vv]alidation failed with the following errors:\n([\s\S]*?)\n\s*\n/.exec(message);
  if (validation)
    return validation[1]
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
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
