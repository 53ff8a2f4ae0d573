// Runs hyperfine and /usr/bin/time, and reads their results.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { median } from "./stats.mjs";

/** Quotes a word for sh, so that hyperfine's shell sees it as one argument. */
export function sh(word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${String(word).replace(/'/g, `'\\''`)}'`;
}

/**
 * Benchmarks `commands` ({ key, name, command }) side by side in one hyperfine invocation and
 * writes hyperfine's JSON to `jsonPath`. Failures are recorded (`-i`), not fatal, so that one
 * broken command does not lose the others' numbers.
 * @returns a map from key to { name, command, median, stddev, min, max, runs, exitCodes, failed }
 */
export function hyperfine(commands, { runs, warmup, jsonPath, cwd, env }) {
  const args = ["--style", "basic", "--warmup", String(warmup), "--runs", String(runs), "-i", "--export-json", jsonPath];
  for (const c of commands) args.push("--command-name", c.name, c.command);
  const result = spawnSync("hyperfine", args, { cwd, env, stdio: ["ignore", 2, 2] });
  if (result.status !== 0 || !existsSync(jsonPath)) {
    return Object.fromEntries(commands.map((c) => [c.key, { ...c, failed: `hyperfine exited ${result.status}` }]));
  }
  const { results } = JSON.parse(readFileSync(jsonPath, "utf8"));
  return Object.fromEntries(commands.map((c, i) => [c.key, summarize(c, results[i])]));
}

function summarize(command, r) {
  const exitCodes = r.exit_codes ?? [];
  const bad = exitCodes.filter((code) => code !== 0);
  return {
    ...command,
    median: r.median,
    stddev: r.stddev ?? 0,
    min: r.min,
    max: r.max,
    /** Mean user + system CPU seconds per run: less sensitive than wall time to other work on the machine. */
    cpu: r.user + r.system,
    runs: r.times.length,
    exitCodes,
    failed: bad.length > 0 ? `exit code ${bad[0]} in ${bad.length} of ${exitCodes.length} runs` : undefined,
  };
}

/**
 * Peak resident set size of `argv`, the median over `runs` runs of `/usr/bin/time -v`; `prepare`, when
 * given, runs before each of them.
 * @returns kilobytes, or a string saying why it could not be measured
 */
export function peakRssKiB(argv, { runs, cwd, env, prepare }) {
  if (!existsSync("/usr/bin/time")) return "not measured: /usr/bin/time is missing (apt-get install time)";
  const samples = [];
  for (let i = 0; i < runs; i++) {
    prepare?.();
    const result = spawnSync("/usr/bin/time", ["-v", ...argv], { cwd, env, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
    const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr ?? "");
    if (result.status !== 0 || !match) return `not measured: ${argv.join(" ")} exited ${result.status}`;
    samples.push(Number(match[1]));
  }
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), runs };
}
