import { existsSync, readFileSync, renameSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { type Problem, ProblemsError } from "../config/problems";

/**
 * Where a stack's local Terraform state lives, and moving it when a synth changes that place.
 *
 * Terraform runs in `cdktf.out/stacks/<stack>/` and resolves the local backend's paths there. A
 * state file that a previous synth's backend pointed at (for example the old default,
 * `cdktf.out/stacks/<stack>/terraform.<stack>.tfstate`) must never be silently lost when the new
 * backend points elsewhere: it is moved to the new place with a note, or, when the new place
 * already holds a different state, the synth is refused.
 */

/** Terraform's own defaults when a local backend names no `path` or `workspace_dir`. */
const TERRAFORM_DEFAULT_STATE = "terraform.tfstate";
const TERRAFORM_DEFAULT_WORKSPACES = "terraform.tfstate.d";

/** The absolute paths a stack folder's local backend stores state at. */
interface LocalState {
  readonly stateFile: string;
  readonly workspaceDir: string;
}

/** One state file or workspace folder to move from where the previous synth kept it. */
export interface StateMove {
  readonly from: string;
  readonly to: string;
}

/**
 * The moves that keep each stack's state at its backend's new place; throws ProblemsError, before
 * anything is moved, when a new place already holds something else.
 * @param staging the freshly synthesized output
 * @param stacks the stacks it holds
 * @param outdir the output folder it will be installed into
 */
export function planStateMoves(staging: string, stacks: readonly string[], outdir: string): StateMove[] {
  const moves = new Map<string, StateMove>();
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const stack of stacks) {
    const stackDir = resolve(outdir, "stacks", stack);
    const next = localStateOf(join(staging, "stacks", stack, "cdk.tf.json"), stackDir);
    if (!next) continue;
    for (const previous of previousStates(stack, stackDir)) {
      for (const [from, to] of [
        [previous.stateFile, next.stateFile],
        [previous.workspaceDir, next.workspaceDir],
      ]) {
        if (from === to || seen.has(from) || !existsSync(from)) continue;
        seen.add(from);
        const claimed = [...moves.values()].some((move) => move.to === to);
        if (existsSync(to) || claimed) {
          if (!sameBytes(from, to)) problems.push(conflict(stack, from, to));
          continue;
        }
        moves.set(from, { from, to });
        // Terraform's backup of the previous state goes along with it.
        if (existsSync(`${from}.backup`) && !existsSync(`${to}.backup`))
          moves.set(`${from}.backup`, { from: `${from}.backup`, to: `${to}.backup` });
      }
    }
  }
  if (problems.length > 0) throw new ProblemsError(problems);
  return [...moves.values()];
}

/** Moves state into place, each with a note on stderr naming both paths. */
export function applyStateMoves(moves: readonly StateMove[]): void {
  for (const { from, to } of moves) {
    renameSync(from, to);
    process.stderr.write(
      `note: moved Terraform state ${shown(from)} → ${shown(to)} (local state now lives outside cdktf.out, where no synth replaces it)\n`,
    );
  }
}

/** The stack folders of a synthesized output. */
export function stackNames(outdir: string): string[] {
  const manifest = join(outdir, "manifest.json");
  if (!existsSync(manifest)) return [];
  const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { stacks?: Record<string, unknown> };
  return Object.keys(parsed.stacks ?? {}).sort();
}

/** Where the previous synth kept this stack's state: its backend, and the old default name, which older versions used. */
function previousStates(stack: string, stackDir: string): LocalState[] {
  const fromBackend = localStateOf(join(stackDir, "cdk.tf.json"), stackDir);
  const legacy = { stateFile: join(stackDir, `terraform.${stack}.tfstate`), workspaceDir: join(stackDir, TERRAFORM_DEFAULT_WORKSPACES) };
  return fromBackend ? [fromBackend, legacy] : [legacy];
}

/**
 * The local backend of a synthesized stack file, resolved against the folder Terraform runs in; undefined for other
 * backends or no file.
 */
function localStateOf(file: string, stackDir: string): LocalState | undefined {
  if (!existsSync(file)) return undefined;
  let tf: { terraform?: { backend?: { local?: { path?: string; workspace_dir?: string } } } };
  try {
    tf = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
  const local = tf.terraform?.backend?.local;
  const backend = tf.terraform?.backend;
  if (!local && backend && Object.keys(backend).length > 0) return undefined;
  return {
    stateFile: resolve(stackDir, local?.path ?? TERRAFORM_DEFAULT_STATE),
    workspaceDir: resolve(stackDir, local?.workspace_dir ?? TERRAFORM_DEFAULT_WORKSPACES),
  };
}

function sameBytes(a: string, b: string): boolean {
  try {
    return readFileSync(a).equals(readFileSync(b));
  } catch {
    // Folders (workspace dirs) are never merged: two of them is a conflict to resolve by hand.
    return false;
  }
}

function conflict(stack: string, from: string, to: string): Problem {
  return {
    path: `stacks.${stack}.backend`,
    problem:
      `Terraform state exists both at ${shown(from)} (where the previous synth kept it) and at ${shown(to)} ` +
      `(where this synth's backend keeps it), and they differ`,
    fix:
      `keep the one that matches your deployed infrastructure (compare their "serial" and "lineage") at ` +
      `${shown(to)}, move the other out of the way, then synthesize again`,
  };
}

/** A path relative to the working folder, for messages. */
function shown(path: string): string {
  return relative(process.cwd(), path) || ".";
}
