// Where each entry's bundle lives and whether it is stale; no esbuild here, so that the fast
// path (tools/run.mjs) can ask without loading the bundler.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/** Entry points, as paths without `.ts` relative to the project root. */
export const ENTRIES = ["main", "cli/review", "cli/evaluate"];

export const bundleOf = (entry) => join(ROOT, "dist", `${entry}.js`);
export const metafileOf = (entry) => join(ROOT, "dist", `${entry}.meta.json`);

/**
 * True when the bundle is missing or older than any project file it was built from, than
 * package-lock.json (which stands for every dependency, so that node_modules is not walked),
 * or than the build script itself.
 */
export function isStale(entry) {
  const bundle = bundleOf(entry);
  if (!existsSync(bundle) || !existsSync(metafileOf(entry))) return true;
  const builtAt = statSync(bundle).mtimeMs;
  const inputs = Object.keys(JSON.parse(readFileSync(metafileOf(entry), "utf8")).inputs).filter(
    (input) => !input.startsWith("node_modules/"),
  );
  return [...inputs, "package-lock.json", "tools/build.mjs"].some(
    (input) => (statSync(join(ROOT, input), { throwIfNoEntry: false })?.mtimeMs ?? Infinity) > builtAt,
  );
}
