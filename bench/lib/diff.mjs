// The access diff of two large configs (`review NEW --baseline OLD --format json`), timed with
// hyperfine like the review of the scale configs, plus what it reported in one run.
import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { hyperfine, sh } from "./measure.mjs";

/** The diff's counts from one run, so that the report shows the timed command compared real work. */
function diffCounts(review, old, current, cwd, env) {
  const stdout = execFileSync(process.execPath, [review, current.outdir, "--baseline", old.outdir, "--format", "json"], {
    cwd,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
    maxBuffer: 512 * 1024 * 1024,
  });
  const doc = JSON.parse(stdout);
  return {
    changes: doc.changes.length,
    boot: doc.boot.length,
    findingsAdded: doc.findings.added.length,
    findingsRemoved: doc.findings.removed.length,
    unchanged: doc.unchanged,
  };
}

/**
 * Times `review NEW --baseline OLD --format json` of two synthesized configs (`{ groups, outdir }`).
 * @returns `{ diff: <hyperfine result>, counts }`, or `{ skipped }` when the review bundle is missing
 */
export function measureDiff({ review, old, current, runs, warmup, jsonPath, cwd, env }) {
  if (!existsSync(review)) {
    rmSync(jsonPath, { force: true });
    return { skipped: "dist/cli/review.js does not exist: the diff was not measured" };
  }
  const command = {
    key: "diff",
    name: `review --baseline: ${current.groups} groups with two tiers swapped vs ${old.groups} groups`,
    command: `node dist/cli/review.js ${sh(current.outdir)} --baseline ${sh(old.outdir)} --format json`,
  };
  const measured = hyperfine([command], { runs, warmup, jsonPath, cwd, env });
  return { ...measured, counts: diffCounts(review, old, current, cwd, env) };
}
