// Jest gives every test file its own module registry, so each file that synthesizes loads cdktf, the
// provider's modules, zod and yaml again: hundreds of files, each resolved, read, scanned for its inline
// source map and compiled by jest's runtime. Bundled into one file with esbuild (as dist/main.js bundles
// them for `npm run synth`), they load in a fraction of that time. This module builds the bundle once per
// install (global-setup.js calls it) and says which package names jest maps to it (jest.config.js).
//
// Only packages are bundled, never this project's sources: those are what the tests test, through swc.
const { createHash } = require("node:crypto");
const { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require("node:fs");
const { join, relative } = require("node:path");
const { providerImports, tsFilesUnder } = require("../../tools/provider-imports.cjs");

const ROOT = join(__dirname, "..", "..");
const DIR = join(ROOT, "node_modules", ".cache", "vpce-test-dependencies");
const PROVIDER = "@cdktf/provider-aws/lib/";
/** Folders that hold no source of ours: build output, dependencies, the pack test's own project. */
const NOT_SOURCES = new Set(["node_modules", "dist", "lib", "cdktf.out", ".git", "consumer"]);

/** jest's moduleNameMapper: each bundled name to its re-export in DIR. */
const moduleNameMapper = {
  ...Object.fromEntries(["cdktf", "constructs", "zod", "yaml"].map((name) => [`^${name}$`, join(DIR, `${name}.js`)])),
  [`^${PROVIDER}(.*)$`]: join(DIR, "provider-aws", "$1.js"),
};

/** Every provider module a source or test imports: the mapping covers all of them, or jest fails to resolve one. */
function providerModules() {
  return providerImports(tsFilesUnder(ROOT, NOT_SOURCES));
}

/** What the bundles were built from: the lock file stands for every installed package's version. */
function stampOf(modules) {
  const hash = (file) => createHash("sha256").update(readFileSync(file)).digest("hex");
  return JSON.stringify({ lock: hash(join(ROOT, "package-lock.json")), builder: hash(__filename), modules });
}

/**
 * One bundle per package family, so that a test file that reads YAML does not load cdktf. cdktf, constructs
 * and the provider share one: the provider's modules require cdktf, and must get the same classes.
 */
function bundles(modules) {
  return { cdktf: ["cdktf", "constructs", ...modules], zod: ["zod"], yaml: ["yaml"] };
}

/** The file jest loads for `name`: the name's exports, taken from its family's bundle. */
function writeReExport(staging, name, bundle) {
  const file = name.startsWith(PROVIDER) ? join(staging, "provider-aws", `${name.slice(PROVIDER.length)}.js`) : join(staging, `${name}.js`);
  const from = relative(join(file, ".."), join(staging, `${bundle}.bundle.js`));
  writeFileSync(file, `module.exports = require("./${from}")[${JSON.stringify(name)}];\n`);
}

/**
 * Brings the bundles and their re-exports up to date, when the lock file or the set of provider modules
 * imported changed since it was built. Writes into a fresh folder and renames it into place, so that an
 * interrupted build never leaves a half-written bundle behind.
 */
function ensureDependencyBundle() {
  const modules = providerModules();
  const stamp = stampOf(modules);
  const stampFile = join(DIR, "stamp.json");
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp) return;
  process.stderr.write("jest: bundling cdktf, the provider modules, zod and yaml for the tests (once per install)\n");
  const staging = `${DIR}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, "provider-aws"), { recursive: true });
  for (const [bundle, names] of Object.entries(bundles(modules))) {
    const entry = names.map((name) => `  ${JSON.stringify(name)}: require(${JSON.stringify(name)}),`).join("\n");
    writeFileSync(join(staging, `${bundle}.entry.js`), `module.exports = {\n${entry}\n};\n`);
    require("esbuild").buildSync({
      entryPoints: [join(staging, `${bundle}.entry.js`)],
      outfile: join(staging, `${bundle}.bundle.js`),
      absWorkingDir: ROOT,
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      // Class names stay as they are: tests and cdktf's own errors print them.
      keepNames: true,
      logLevel: "warning",
    });
    for (const name of names) writeReExport(staging, name, bundle);
  }
  writeFileSync(join(staging, "stamp.json"), stamp);
  rmSync(DIR, { recursive: true, force: true });
  renameSync(staging, DIR);
}

module.exports = { moduleNameMapper, ensureDependencyBundle };
