// Where each entry's bundle lives and whether it is stale; no esbuild here, so that the fast
// path (tools/run.mjs) can ask without loading the bundler.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Entry points, as paths without `.ts` relative to the project root. */
export const ENTRIES = ["main", "cli/review", "cli/evaluate"];

// tools/bundle-loader.cjs finds the last two from its own name: keep the suffixes in step.
/** What node runs: tools/bundle-loader.cjs, which runs the bundle with a code cache. */
export const bundleOf = (entry) => join(ROOT, "dist", `${entry}.js`);
/** esbuild's output: the entry with its dependencies, in one file. */
export const bundleBodyOf = (entry) => join(ROOT, "dist", `${entry}.bundle.js`);
/** V8's compiled code for the bundle, written by the loader after a run. */
export const codeCacheOf = (entry) => join(ROOT, "dist", `${entry}.code-cache`);
/** The project files (not node_modules) the bundle was built from, relative to ROOT. */
export const inputsOf = (entry) => join(ROOT, "dist", `${entry}.inputs.json`);

/** Besides its inputs, what every bundle is made by: the build, the loader, and every dependency (package-lock.json). */
export const BUILD_FILES = ["package-lock.json", "tools/build.mjs", "tools/bundle-loader.cjs"];

/**
 * True when the bundle is missing or older than any project file it was built from, or than one
 * of BUILD_FILES. Cheap, as it runs before every synth: one small file read (the ~100 project
 * inputs, not esbuild's 400 kB metafile, and no node_modules, which package-lock.json stands for)
 * and one stat per input.
 */
export function isStale(entry) {
  const builtAt = statSync(bundleOf(entry), { throwIfNoEntry: false })?.mtimeMs;
  if (builtAt === undefined || !existsSync(bundleBodyOf(entry))) return true;
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(inputsOf(entry), "utf8"));
  } catch {
    return true;
  }
  return [...inputs, ...BUILD_FILES].some(
    (input) => (statSync(join(ROOT, input), { throwIfNoEntry: false })?.mtimeMs ?? Infinity) > builtAt,
  );
}
