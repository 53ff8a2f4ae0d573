// Which `@cdktf/provider-aws/lib/<x>` modules TypeScript files import. Imports are deep, so these are
// the only provider modules loaded. Read by the tests' dependency bundle
// (__tests__/setup/dependency-bundle.js), which must map every module a source or test imports, and
// by the bench's floor (bench/lib/environment.mjs), which loads those the app imports.
"use strict";
const { readFileSync, readdirSync } = require("node:fs");
const { join } = require("node:path");

/** The .ts files under `dir`, leaving out hidden folders and those named in `skip`. */
function tsFilesUnder(dir, skip = new Set()) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return skip.has(entry.name) || entry.name.startsWith(".") ? [] : tsFilesUnder(join(dir, entry.name), skip);
    return entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [];
  });
}

/** The provider modules the files import, sorted, e.g. `@cdktf/provider-aws/lib/vpc`. */
function providerImports(files) {
  const found = new Set();
  for (const file of files) {
    for (const match of readFileSync(file, "utf8").matchAll(/["'](@cdktf\/provider-aws\/lib\/[a-z0-9-]+)["']/g)) found.add(match[1]);
  }
  return [...found].sort();
}

module.exports = { providerImports, tsFilesUnder };
