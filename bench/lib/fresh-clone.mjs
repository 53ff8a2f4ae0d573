// `npm test` as a new contributor meets it: in a fresh clone after `npm ci`, the first run builds dist/,
// the tests' dependency bundles and the type checker's build info, and transforms every test file with
// an empty jest cache; the second run finds them all. Both are timed, in that order. Then the parts
// npm test cannot do without are timed alone, for the floor under its wall time (see testFloor).
import { execFileSync } from "node:child_process";
import { existsSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { hyperfine, sh } from "./measure.mjs";

/**
 * The commit to clone: HEAD, or when the working tree has changes to tracked files, a commit of them
 * (`git stash create`, which touches neither the tree nor the stash list). Untracked files are not in it.
 */
function commitToMeasure(root) {
  const stash = execFileSync("git", ["stash", "create"], { cwd: root, encoding: "utf8" }).trim();
  return stash || execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
}

/**
 * Clones the checkout into `tmp`/clone and runs `npm ci` there (not timed). The checkov virtualenv is
 * linked in when the checkout has one, as `.ci/run` installs it, so that the clone runs the same tests.
 * @returns the clone's folder
 */
export function prepareFreshClone({ root, tmp, env, progress }) {
  const dir = join(tmp, "clone");
  const commit = commitToMeasure(root);
  execFileSync("git", ["clone", "--quiet", "--no-checkout", root, dir], { env });
  execFileSync("git", ["checkout", "--quiet", commit], { cwd: dir, env });
  progress(`npm ci in a fresh clone of ${commit.slice(0, 7)} (not timed)`);
  execFileSync("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, env, stdio: "inherit" });
  const venv = join(root, ".venv-checkov");
  if (existsSync(venv)) symlinkSync(venv, join(dir, ".venv-checkov"));
  return { dir, commit };
}

/** Times `npm test` twice in the clone: the first run (everything cold), then a second one. */
export function measureFreshCloneTests({ clone, tmp, jsonPath, env }) {
  // jest's cache goes to a folder of this run's own, so that the first run is cold whatever ran before.
  const command = `npm test -- --cacheDirectory=${sh(join(tmp, "jest-cache"))}`;
  return hyperfine(
    [
      { key: "firstRun", name: "npm test, first run in a fresh clone (after npm ci)", command },
      { key: "laterRun", name: "npm test, second run in the same clone", command },
    ],
    { runs: 1, warmup: 0, jsonPath, cwd: clone.dir, env },
  );
}

/**
 * The test files that run a real tool, each with the tool: the loops the project closes with the real
 * thing (checkov, the aws CLI, the cdktf CLI, cloud-init, shellcheck), which npm test must keep.
 */
const REAL_TOOL_FILES = [
  { file: "__tests__/scanners/checkov.test.ts", tool: "checkov" },
  { file: "__tests__/runtime/runner.e2e.test.ts", tool: "the aws CLI against s3rver" },
  { file: "__tests__/state-safety.test.ts", tool: "the cdktf CLI" },
  { file: "__tests__/runtime/cloud-config.test.ts", tool: "cloud-init" },
  { file: "__tests__/runtime/shellcheck.test.ts", tool: "shellcheck" },
];

/** A test file of pure functions: jest's own start, global setup included, to subtract from each file above. */
const JEST_START_FILE = "__tests__/cli/words-hops.test.ts";

/**
 * Times, one run each in the clone after the npm test runs (caches warm), the type check, the lint,
 * jest's own start and each of {@link REAL_TOOL_FILES} alone on one jest worker. hyperfine records each
 * command's CPU seconds (user + system, its child processes included).
 */
export function measureTestParts({ clone, tmp, jsonPath, env }) {
  const jest = (file) => `node node_modules/jest/bin/jest.js -w 1 --cacheDirectory=${sh(join(tmp, "jest-cache"))} ${file}`;
  return hyperfine(
    [
      { key: "typecheck", name: "npm run typecheck", command: "npm run -s typecheck" },
      { key: "lint", name: "npm run lint", command: "npm run -s lint" },
      { key: "jestStart", name: `jest's own start: jest -w 1 ${JEST_START_FILE}`, command: jest(JEST_START_FILE) },
      ...REAL_TOOL_FILES.map(({ file, tool }) => ({ key: file, name: `${tool}: jest -w 1 ${file}`, command: jest(file) })),
    ],
    { runs: 1, warmup: 0, jsonPath, cwd: clone.dir, env },
  );
}

/**
 * The CPU seconds npm test spends on what it must run, whatever else is cut: the type check, the lint,
 * and each real-tool file less jest's own start. Over `cores`, a floor under its wall time.
 * @returns undefined when a part was not measured
 */
export function testFloor(parts, cores) {
  const needed = [parts.typecheck, parts.lint, parts.jestStart, ...REAL_TOOL_FILES.map(({ file }) => parts[file])];
  if (needed.some((r) => !r || r.failed || typeof r.cpu !== "number")) return undefined;
  const tools = REAL_TOOL_FILES.reduce((sum, { file }) => sum + Math.max(0, parts[file].cpu - parts.jestStart.cpu), 0);
  const cpu = parts.typecheck.cpu + parts.lint.cpu + tools;
  return { cpu, wall: cpu / cores };
}
