// The fast path for `npm run synth|review|evaluate` and cdktf.json's app, in ONE node process:
// rebuild the entry's bundle only when one of its inputs changed since the last build (esbuild's
// metafile lists them), then load the bundle here. A second node process would cost ~100 ms.
// Usage: node tools/run.mjs <entry without .ts, e.g. main or cli/review> [args...]
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const [entry, ...args] = process.argv.slice(2);
if (!entry || !existsSync(join(root, `${entry}.ts`))) {
  process.stderr.write(`error: tools/run.mjs: no entry "${entry ?? ""}" — use main, cli/review or cli/evaluate\n`);
  process.exit(2);
}
const bundle = join(root, "dist", `${entry}.js`);
const meta = join(root, "dist", `${entry}.meta.json`);

/**
 * True when the bundle is missing or older than any project file it was built from, or than
 * package-lock.json (which stands for every dependency, so that node_modules is not walked).
 */
function stale() {
  if (!existsSync(bundle) || !existsSync(meta)) return true;
  const builtAt = statSync(bundle).mtimeMs;
  const inputs = Object.keys(JSON.parse(readFileSync(meta, "utf8")).inputs).filter((input) => !input.startsWith("node_modules/"));
  return [...inputs, "package-lock.json"].some((input) => (statSync(join(root, input), { throwIfNoEntry: false })?.mtimeMs ?? Infinity) > builtAt);
}

if (stale()) {
  const { build } = await import("./build.mjs");
  build([entry]);
}
process.argv = [process.argv[0], bundle, ...args];
createRequire(import.meta.url)(bundle);
