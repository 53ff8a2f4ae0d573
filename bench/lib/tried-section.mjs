// What was tried for issue #14 and what was kept. The kept ideas are measured by this run (the rows named);
// the figures of the ideas not kept are one-off measurements from 2026-12-01 on this machine under load,
// CPU time (user + system) of `node dist/main.js` on the default config, and are not re-measured here.
import { table } from "./format.mjs";

const TRIED = [
  [
    "V8 code cache of the bundle (`tools/bundle-loader.cjs`, `dist/main.code-cache`)",
    "kept",
    "the synth rows; the first run after a build writes it (its own row)",
  ],
  ["`--max-semi-space-size=4` on the synth command", "kept", "the peak memory rows, with and without it"],
  [
    "stat-only staleness check (`dist/<entry>.inputs.json`: the ~100 project inputs, not esbuild's 400 kB metafile)",
    "kept",
    "not timed apart: it spares each synth the parse of a 400 kB file",
  ],
  [
    "V8 startup snapshot (`node --snapshot-blob`) of the bundle with cdktf and the provider loaded",
    "not kept",
    "0.59 s CPU against 0.66 s with the code cache, but it needs node started with the blob: `tools/run.mjs` (which checks staleness first) would start a second node, ~0.13 s",
  ],
  [
    "archiver (cdktf's zip support for assets) loaded on first use, through an esbuild plugin",
    "not kept",
    "about 30 ms (4%, within the noise) and no change in peak RSS once the code cache is in",
  ],
  [
    "`keepNames: false`",
    "not kept",
    "CPU within the noise, 2–3 MiB less RSS; cdktf reads `constructor.name`, so minified names would change its behaviour",
  ],
  ["no source map", "not kept", "no difference at run time (node reads it only with `--enable-source-maps`)"],
  [
    "skipping `App.synth()`'s `prepareStack()` (resolves every element to find cross-stack references; we have one stack)",
    "not done",
    "about 95 ms of a 290 ms synth, but it is cdktf's internals: skipping it means patching cdktf",
  ],
];

/** The section's markdown. */
export function renderTriedSection() {
  return table(["Idea", "Verdict", "Evidence"], TRIED);
}
