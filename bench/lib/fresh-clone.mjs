// `npm test` as a new contributor meets it: in a fresh clone after `npm ci`, the first run builds dist/,
// the tests' dependency bundles and the type checker's build info, and transforms every test file with
// an empty jest cache; the second run finds them all. Both are timed, in that order.
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
