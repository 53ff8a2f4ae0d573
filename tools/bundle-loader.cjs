// dist/<entry>.js, copied there by tools/build.mjs: runs dist/<entry>.bundle.js with a V8 code cache.
// Compiling the 2 MB bundle, and lazily compiling each function the first time it runs, costs
// about a quarter of a synth; the cache (dist/<entry>.code-cache) skips that work. It is written
// after the first successful run, so that it holds every function a run compiled, and is used only
// when it is newer than the bundle (tools/build.mjs deletes it on every build); V8 itself rejects a
// cache made by another node or with other flags, and then this run compiles and writes a new one.
// Nothing the bundle computes depends on the cache: it only holds compiled code.
"use strict";
const { readFileSync, renameSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { Script, constants } = require("node:vm");
const { dirname } = require("node:path");
const { createRequire } = require("node:module");

const bundle = __filename.replace(/\.js$/, ".bundle.js");
const cacheFile = __filename.replace(/\.js$/, ".code-cache");
const cacheTime = statSync(cacheFile, { throwIfNoEntry: false })?.mtimeMs;
const cachedData = cacheTime !== undefined && cacheTime >= statSync(bundle).mtimeMs ? readFileSync(cacheFile) : undefined;
// The wrapper takes a line of its own, so that the bundle's line and column numbers stay its own.
const script = new Script(`(function (exports, require, module, __filename, __dirname) {\n${readFileSync(bundle, "utf8")}\n})`, {
  filename: bundle,
  lineOffset: -1,
  cachedData,
  importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
if (cachedData === undefined || script.cachedDataRejected) {
  process.on("exit", (code) => {
    if (code !== 0) return; // a failed run compiled less than a synth needs: let the next run write it
    const partial = `${cacheFile}.${process.pid}`;
    try {
      writeFileSync(partial, script.createCachedData());
      renameSync(partial, cacheFile);
    } catch {
      rmSync(partial, { force: true }); // a read-only or full dist/ only costs the next run its speed-up
    }
  });
}
script.runInThisContext()(exports, createRequire(bundle), module, bundle, dirname(bundle));
