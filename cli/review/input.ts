/**
 * Resolves the review's INPUT into the documents to analyze:
 * - a folder: a `cdktf.out` whose `manifest.json` lists the last synth's stacks (other stacks'
 *   folders are kept for their Terraform state, so the manifest decides), or, without a manifest,
 *   every `stacks/<name>/cdk.tf.json`, in name order;
 * - a file: a Terraform JSON file (`*.tf.json`, `cdk.tf.json`) or a `terraform show -json` plan.
 *
 * Every failure is a {@link ReviewInputError} naming the file, worded for one line.
 */
import { existsSync, readdirSync, statSync, type Stats } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fsFailure, readJsonFile } from "../../config/text-file";

/** One document to review. */
export interface StackInput {
  /** Stack name (folder under `stacks/`) or the file name without `.json` / `.tf.json`. */
  readonly name: string;
  /** The file as shown to people and in SARIF: relative to the working directory when inside it. */
  readonly file: string;
  readonly text: string;
  /** The parsed JSON. */
  readonly doc: unknown;
}

/** Bad input: printed as `error: <file>: <reason>`, exit 2. */
export class ReviewInputError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = "ReviewInputError";
  }
}

/** Reads every document of `input`, resolved against `cwd`. */
export function resolveInput(input: string, cwd: string): StackInput[] {
  const path = resolve(cwd, input);
  const shown = displayPath(path, cwd);
  const stat = statOf(path, shown);
  if (stat.isDirectory()) return stacksOfFolder(path, cwd);
  if (!stat.isFile()) throw new ReviewInputError(shown, "not a file or folder");
  return [readStack(path, cwd, nameOfFile(path))];
}

/** `path` relative to `cwd` with `/` separators when inside it, else absolute. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === "") return ".";
  if (rel.startsWith("..") || isAbsolute(rel)) return path.split(sep).join("/");
  return rel.split(sep).join("/");
}

function statOf(path: string, shown: string): Stats {
  try {
    return statSync(path);
  } catch (error) {
    // The default input is missing until the first synth: say how to make it.
    const hint = basename(path) === "cdktf.out" ? " (run npm run synth first, or name a Terraform JSON or plan file)" : "";
    const { code, message } = fsFailure(error);
    throw new ReviewInputError(shown, `${describeFsError(code, message)}${hint}`);
  }
}

function stacksOfFolder(folder: string, cwd: string): StackInput[] {
  const shown = displayPath(folder, cwd);
  const fromManifest = manifestStacks(folder, shown);
  const files = fromManifest.length > 0 ? fromManifest : stackFiles(folder);
  if (files.length === 0) {
    throw new ReviewInputError(
      shown,
      "no stacks found (expected stacks/<name>/cdk.tf.json or a manifest.json listing them; run npm run synth first)",
    );
  }
  return files.map(({ name, path }) => readStack(path, cwd, name));
}

/** `stacks/<name>/cdk.tf.json` files, by stack name. */
function stackFiles(folder: string): { name: string; path: string }[] {
  const stacksDir = join(folder, "stacks");
  if (!existsSync(stacksDir)) return [];
  let names: string[];
  try {
    names = readdirSync(stacksDir);
  } catch {
    return [];
  }
  return names
    .sort(compareText)
    .map((name) => ({ name, path: join(stacksDir, name, "cdk.tf.json") }))
    .filter(({ path }) => existsSync(path));
}

/** The stacks a `manifest.json` lists (cdktf's `stacks.<name>.synthesizedStackPath`). */
function manifestStacks(folder: string, shown: string): { name: string; path: string }[] {
  const manifestPath = join(folder, "manifest.json");
  if (!existsSync(manifestPath)) return [];
  const manifestShown = `${shown === "." ? "" : `${shown}/`}manifest.json`;
  const manifest = readJson(manifestPath, manifestShown).value;
  const stacks = isRecord(manifest) && isRecord(manifest["stacks"]) ? manifest["stacks"] : undefined;
  if (stacks === undefined) throw new ReviewInputError(manifestShown, 'not a cdktf manifest (no "stacks" object)');
  return Object.keys(stacks)
    .sort(compareText)
    .map((name) => {
      const entry = stacks[name];
      const synthesized =
        isRecord(entry) && typeof entry["synthesizedStackPath"] === "string" ? entry["synthesizedStackPath"] : `stacks/${name}/cdk.tf.json`;
      return { name, path: resolve(folder, synthesized) };
    });
}

function readStack(path: string, cwd: string, name: string): StackInput {
  const file = displayPath(path, cwd);
  const { text, value } = readJson(path, file);
  return { name, file, text, doc: value };
}

/** A JSON input's text and value; what is unreadable, empty or not JSON is a ReviewInputError naming it. */
function readJson(path: string, shown: string): { readonly text: string; readonly value: unknown } {
  const read = readJsonFile(path);
  if (read.kind === "unreadable") throw new ReviewInputError(shown, describeFsError(read.code, read.message));
  if (read.kind === "invalid" && read.empty)
    throw new ReviewInputError(shown, "empty file, expected Terraform JSON or terraform show -json output");
  if (read.kind === "invalid") throw new ReviewInputError(shown, `not valid JSON (${oneLine(read.message)})`);
  return read;
}

/** `main.tf.json` → `main`, `plan.json` → `plan`, `cdk.tf.json` in a stack folder → the folder's name. */
function nameOfFile(path: string): string {
  const file = basename(path);
  if (file === "cdk.tf.json") return basename(dirname(path));
  return file.replace(/\.tf\.json$/i, "").replace(/\.json$/i, "") || file;
}

function describeFsError(code: string, message: string): string {
  if (code === "ENOENT") return "no such file or folder";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "is a folder";
  return `cannot read (${oneLine(message)})`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Collapses a message to one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
