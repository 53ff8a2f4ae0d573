// Bundles the app and the CLIs into dist/ with esbuild, dependencies included and minified: one
// file to parse loads faster than cdktf's and the provider's hundreds of modules (~0.4 s synth
// instead of ~0.5 s), and building takes well under a second instead of ts-node's seconds.
// Type checking is not skipped, only moved: `npm test` runs `tsc --noEmit` first.
// Each entry gets a metafile beside its bundle, so that tools/run.mjs can tell when it is stale.
import { buildSync } from "esbuild";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ENTRIES, ROOT as root, bundleOf, metafileOf } from "./bundles.mjs";

/** Builds the given entries (paths without `.ts`, relative to the project root). */
export function build(entries = ENTRIES) {
  for (const entry of entries) {
    const result = buildSync({
      entryPoints: [join(root, `${entry}.ts`)],
      outfile: bundleOf(entry),
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
    writeFileSync(metafileOf(entry), JSON.stringify(result.metafile));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) build();
