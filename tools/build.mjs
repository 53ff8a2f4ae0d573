// Bundles the app and the CLIs into dist/ with esbuild, dependencies included and minified: one
// file to parse loads faster than cdktf's and the provider's hundreds of modules (~0.4 s synth
// instead of ~0.5 s), and building takes well under a second instead of ts-node's seconds.
// Type checking is not skipped, only moved: `npm test` runs `tsc --noEmit` first.
// node runs dist/<entry>.js, a copy of tools/bundle-loader.cjs, which runs esbuild's output
// dist/<entry>.bundle.js with a V8 code cache. Each entry also gets the list of project files its
// bundle was built from, so that tools/run.mjs can tell when it is stale.
//
// `node tools/build.mjs` (npm run build, prepack) also builds the library: CommonJS and .d.ts in lib/
// (tsconfig.build.json), what `npm pack` ships. `node tools/build.mjs lib` builds only that.
import { buildSync } from "esbuild";
import { spawnSync } from "node:child_process";
import { copyFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ENTRIES, ROOT as root, bundleBodyOf, bundleOf, codeCacheOf, inputsOf } from "./bundles.mjs";

/** Builds the given entries (paths without `.ts`, relative to the project root). */
export function build(entries = ENTRIES) {
  for (const entry of entries) {
    // The loader would ignore the old cache (it names the bundle it was made from): do not leave it behind.
    rmSync(codeCacheOf(entry), { force: true });
    const result = buildSync({
      entryPoints: [join(root, `${entry}.ts`)],
      outfile: bundleBodyOf(entry),
      absWorkingDir: root,
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      minify: true,
      // Class and function names stay readable in errors and stack traces.
      keepNames: true,
      sourcemap: "linked",
      metafile: true,
      logLevel: "warning",
    });
    // Paths are relative to root; node_modules may resolve outside it (a linked checkout's).
    const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith("../") && !input.includes("node_modules/"));
    writeFileSync(inputsOf(entry), JSON.stringify(inputs));
    // Last, so that its time is the build's: isStale compares the inputs against it.
    copyFileSync(join(root, "tools", "bundle-loader.cjs"), bundleOf(entry));
  }
}

/** The library's output folder: package.json's main, types and exports point into it. */
export const LIB_DIR = join(root, "lib");

/**
 * Compiles index.ts and testing/index.ts (and what they import) to CommonJS and .d.ts in lib/, with
 * TypeScript 7's native compiler. lib/ is emptied first, so that a removed source never ships.
 * @throws Error when the compiler reports a problem (it prints them first)
 */
export function buildLibrary() {
  rmSync(LIB_DIR, { recursive: true, force: true });
  const tsc = join(root, "node_modules", "typescript-native", "bin", "tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });
  if (result.status !== 0)
    throw new Error(`the library build failed (tsc -p tsconfig.build.json exited ${result.status ?? result.signal})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const only = process.argv[2];
  if (only !== undefined && only !== "lib") {
    console.error(`usage: node tools/build.mjs [lib]`);
    process.exit(2);
  }
  try {
    if (only === undefined) build();
    buildLibrary();
  } catch (error) {
    console.error(`error: ${error.message}`);
    process.exit(1);
  }
}
