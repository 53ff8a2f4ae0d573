// dist/<entry>.js, copied there by tools/build.mjs: runs dist/<entry>.bundle.js with a V8 code cache.
// Compiling the 2 MB bundle, and lazily compiling each function the first time it runs, costs
// about a quarter of a synth; the cache (dist/<entry>.code-cache) skips that work. Nothing the
// bundle computes depends on the cache: it only holds compiled code.
"use strict";
const { readFileSync, renameSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { Script, constants } = require("node:vm");
const { dirname } = require("node:path");
const { createRequire } = require("node:module");

const bundle = __filename.replace(/\.js$/, ".bundle.js");
const cacheFile = __filename.replace(/\.js$/, ".code-cache");

// node maps stack traces through source maps only for what its module loader compiled, not for a
// vm.Script: a run that asks for source maps loads the bundle as a plain module, without a cache.
if (process.sourceMapsEnabled) require(bundle);
else runWithCodeCache();

function runWithCodeCache() {
  // The cache starts with the size and time of the bundle it was compiled from, and is used for that
  // bundle only. V8 checks a cache against the length of the source, not its content, so a rebuilt
  // bundle of the same length would otherwise run the old bundle's code. Stat before reading: a
  // rebuild in between then labels the new source with the old time, and the cache is only wasted.
  const { size, mtimeMs } = statSync(bundle);
  const key = Buffer.from(`${size} ${mtimeMs}\n`);
  const source = readFileSync(bundle, "utf8");
  let cached;
  try {
    cached = readFileSync(cacheFile);
  } catch {
    // none yet, or unreadable: this run compiles everything and tries to write one
  }
  const cachedData = cached?.subarray(0, key.length).equals(key) ? cached.subarray(key.length) : undefined;

  // The wrapper takes a line of its own, so that the bundle's line and column numbers stay its own.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, {
    filename: bundle,
    lineOffset: -1,
    cachedData,
    // import() as in a module (node ≥ 20.12; package.json allows any node 20, and no bundle uses import() yet)
    importModuleDynamically: constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  if (cachedData === undefined || script.cachedDataRejected) {
    // Written at exit, so that it holds every function the run compiled; never after a failed run, which
    // compiled little more than its error path, as an accepted cache is never rewritten. V8 rejects a cache
    // made by another node or with other flags, and then the next successful run writes a new one.
    process.on("exit", (code) => {
      if (code !== 0) return;
      const partial = `${cacheFile}.${process.pid}`;
      try {
        writeFileSync(partial, Buffer.concat([key, script.createCachedData()]));
        renameSync(partial, cacheFile); // atomic: a run at the same time reads the old cache or this one
      } catch {
        rmSync(partial, { force: true }); // a read-only or full dist/ only costs the next run its speed-up
      }
    });
  }
  script.runInThisContext()(exports, createRequire(bundle), module, bundle, dirname(bundle));
}
