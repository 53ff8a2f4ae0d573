// The fast path for `npm run synth|review|evaluate` and cdktf.json's app, in ONE node process:
// rebuild the entry's bundle only when one of its inputs changed since the last build, then load
// it here (dist/<entry>.js, which runs the bundle with a code cache, see tools/bundle-loader.cjs).
// A second node process would cost ~100 ms, which is also why a V8 startup snapshot
// (`node --snapshot-blob`) does not pay here.
// Usage: node tools/run.mjs <entry without .ts, e.g. main or cli/review> [args...]
//
// `npm run synth` and cdktf.json's app start node with --max-semi-space-size=4 (MiB; V8 reads it only at
// start-up, so it cannot be set from here): a young generation that small is scavenged more often, which a
// synth's short-lived objects suit, and it lowers the peak RSS (npm run bench measures it with and without).
import { createRequire } from "node:module";
import { ENTRIES, bundleOf, isStale } from "./bundles.mjs";

const [entry, ...args] = process.argv.slice(2);
if (!ENTRIES.includes(entry)) {
  process.stderr.write(`error: tools/run.mjs: no entry "${entry ?? ""}" — use one of ${ENTRIES.join(", ")}\n`);
  process.exit(2);
}
if (isStale(entry)) {
  const { build } = await import("./build.mjs");
  build([entry]);
}
process.argv = [process.argv[0], bundleOf(entry), ...args];
createRequire(import.meta.url)(bundleOf(entry));
