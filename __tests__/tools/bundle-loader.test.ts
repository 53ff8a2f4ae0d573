// tools/bundle-loader.cjs, the dist/<entry>.js that runs dist/<entry>.bundle.js with a V8 code
// cache. Each test copies the loader next to a small bundle in a folder of its own, so that nothing
// here touches dist/ while other test files run its bundles.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { buildSync } from "esbuild";
import { ROOT } from "../support/paths";

const LOADER = join(ROOT, "tools", "bundle-loader.cjs");

/** A folder holding the loader as app.js and `bundle` as app.bundle.js. */
function appWith(bundle: string): string {
  const dir = mkdtempSync(join(tmpdir(), "vpce-loader-"));
  copyFileSync(LOADER, join(dir, "app.js"));
  writeFileSync(join(dir, "app.bundle.js"), bundle);
  return dir;
}

function run(script: string, args: readonly string[] = [], options: { cwd?: string; nodeArgs?: readonly string[] } = {}) {
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), script, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NODE_OPTIONS: "" },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const cacheOf = (dir: string) => join(dir, "app.code-cache");
const mtimeOf = (path: string) => statSync(path).mtimeMs;

// Prints what it was run with, so that a run through the loader compares with `node app.bundle.js`;
// exits with the code given as its first argument, after a line on stderr.
const REPORTER = `
const code = Number(process.argv[2] ?? 0);
console.log(JSON.stringify({
  args: process.argv.slice(2), file: __filename, dir: __dirname, main: require.main === module,
  resolves: require.resolve("./app.bundle.js"), exports: typeof exports,
}));
if (code !== 0) { console.error("failing as asked"); process.exitCode = code; }
`;

describe("the bundle loader (dist/<entry>.js)", () => {
  test("runs the bundle as node would run it directly: same arguments, file names, require and exit code", () => {
    // GIVEN a bundle that prints what it sees
    const dir = appWith(REPORTER);
    for (const args of [["0", "x y"], ["3"]]) {
      // WHEN run through the loader and directly
      const loaded = run(join(dir, "app.js"), args);
      const direct = run(join(dir, "app.bundle.js"), args);
      // THEN stdout, stderr and the exit code (the one asked for) are the same
      expect(loaded).toEqual(direct);
      expect(loaded.status).toBe(Number(args[0]));
    }
  });

  test("writes the cache after the first successful run, and later runs use it without rewriting it", () => {
    // GIVEN no cache yet
    const dir = appWith(REPORTER);
    // WHEN run twice
    const first = run(join(dir, "app.js"));
    const written = mtimeOf(cacheOf(dir));
    const second = run(join(dir, "app.js"));
    // THEN the first run wrote it; the second, which V8 let use it, left it as it was; same output
    expect(second).toEqual(first);
    expect(mtimeOf(cacheOf(dir))).toBe(written);
    expect(readdirSync(dir).sort()).toEqual(["app.bundle.js", "app.code-cache", "app.js"]);
  });

  test("writes no cache after a failed run, whose exit code and stderr stay the bundle's", () => {
    // GIVEN a bundle run that fails
    const dir = appWith(REPORTER);
    // WHEN run
    const failed = run(join(dir, "app.js"), ["2"]);
    // THEN it exits 2 with the bundle's message, and no cache (which would hold little but the error path)
    expect(failed.status).toBe(2);
    expect(failed.stderr).toBe("failing as asked\n");
    expect(readdirSync(dir).sort()).toEqual(["app.bundle.js", "app.js"]);
  });

  test("ignores a cache made from another bundle of the same length, even when it is newer than the bundle", () => {
    // GIVEN a cache made from a bundle that prints "old"
    const dir = appWith('console.log("old");');
    expect(run(join(dir, "app.js")).stdout).toBe("old\n");
    const oldCache = readFileSync(cacheOf(dir));
    // ... and then a rebuilt bundle of the same length, dated before the cache (a build that landed while a run
    // was still going; V8 checks a cache against the source's length only)
    writeFileSync(join(dir, "app.bundle.js"), 'console.log("new");');
    const past = new Date(mtimeOf(cacheOf(dir)) - 60_000);
    utimesSync(join(dir, "app.bundle.js"), past, past);
    // WHEN run
    const rebuilt = run(join(dir, "app.js"));
    // THEN it runs the new bundle, and replaces the cache with one of its own, which the next run uses
    expect(rebuilt).toEqual({ status: 0, stdout: "new\n", stderr: "" });
    expect(readFileSync(cacheOf(dir))).not.toEqual(oldCache);
    const replaced = mtimeOf(cacheOf(dir));
    expect(run(join(dir, "app.js")).stdout).toBe("new\n");
    expect(mtimeOf(cacheOf(dir))).toBe(replaced);
  });

  test("a corrupt cache costs only the speed-up: the run succeeds and writes a good one", () => {
    // GIVEN a cache file of garbage
    const dir = appWith(REPORTER);
    const expected = run(join(dir, "app.bundle.js"));
    writeFileSync(cacheOf(dir), "not a code cache");
    // WHEN run THEN the output is the bundle's, and the cache is replaced
    expect(run(join(dir, "app.js"))).toEqual(expected);
    expect(readFileSync(cacheOf(dir), "utf8")).not.toBe("not a code cache");
  });

  test("a cache that cannot be read or written costs only the speed-up, and leaves no partial file", () => {
    // GIVEN the cache's path taken by a folder, which can be neither read as a file nor replaced
    const dir = appWith(REPORTER);
    const expected = run(join(dir, "app.bundle.js"));
    mkdirSync(join(cacheOf(dir), "taken"), { recursive: true });
    // WHEN run
    const loaded = run(join(dir, "app.js"));
    // THEN it succeeds as without a cache, says nothing of it, and leaves the folder as it found it
    expect(loaded).toEqual(expected);
    expect(readdirSync(dir).sort()).toEqual(["app.bundle.js", "app.code-cache", "app.js"]);
    expect(readdirSync(cacheOf(dir))).toEqual(["taken"]);
  });

  test("with --enable-source-maps, stack traces point into the sources, as when node runs the bundle", () => {
    // GIVEN a bundle built as tools/build.mjs builds them, from a source that throws on its third line
    const dir = appWith("");
    const source = join(dir, "thrower.ts");
    writeFileSync(
      source,
      'const fail = (why: string): never => {\n  // the next line throws\n  throw new Error(why);\n};\nfail("boom");\n',
    );
    const outfile = join(dir, "app.bundle.js");
    buildSync({ entryPoints: [source], outfile, bundle: true, platform: "node", format: "cjs", minify: true, sourcemap: "linked" });
    // WHEN run through the loader with source maps
    const traced = run(join(dir, "app.js"), [], { nodeArgs: ["--enable-source-maps"] });
    // THEN the trace names the source's line
    expect(traced.status).toBe(1);
    expect(traced.stderr).toContain(`${source}:3:`);
  });
});

describe("the app through the loader (dist/main.js)", () => {
  /** Every file under a folder with its bytes, keyed by relative path. */
  function tree(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (d: string) => {
      for (const entry of readdirSync(d, { withFileTypes: true })) {
        const path = join(d, entry.name);
        if (entry.isDirectory()) walk(path);
        else out[relative(dir, path)] = readFileSync(path, "base64");
      }
    };
    walk(dir);
    return out;
  }

  test("synthesizes byte for byte the same without a cache, when writing it, and with it", () => {
    // GIVEN a copy of the built app (so that its cache is this test's own)
    const dir = mkdtempSync(join(tmpdir(), "vpce-loader-main-"));
    for (const file of ["main.js", "main.bundle.js"]) copyFileSync(join(ROOT, "dist", file), join(dir, file));
    const synth = (outdir: string) => {
      const result = spawnSync(process.execPath, [join(dir, "main.js")], {
        cwd: ROOT,
        env: { ...process.env, NODE_OPTIONS: "", CDKTF_OUTDIR: join(dir, outdir) },
        encoding: "utf8",
      });
      return { status: result.status, stdout: result.stdout.replaceAll(join(dir, outdir), "<out>"), stderr: result.stderr };
    };
    // WHEN synthesized with no cache (which writes it), then with it
    const first = synth("first");
    const cache = statSync(join(dir, "main.code-cache"));
    const second = synth("second");
    // THEN the cache was written and used (not rewritten), and both runs printed and wrote the same
    expect(first.status).toBe(0);
    expect(second).toEqual(first);
    expect(statSync(join(dir, "main.code-cache")).mtimeMs).toBe(cache.mtimeMs);
    expect(tree(join(dir, "second"))).toEqual(tree(join(dir, "first")));
  });
});
