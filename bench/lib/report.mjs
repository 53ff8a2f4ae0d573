// Renders BENCHMARKS.md from one bench run.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderAwsCdkSection } from "./aws-cdk-section.mjs";
import { testFloor } from "./fresh-clone.mjs";
import { ratio, sec, table } from "./format.mjs";
import { renderTriedSection } from "./tried-section.mjs";
import { readDeployPhases, renderDeploySection } from "./deploy-section.mjs";
import { MAX_CURVATURE, judgeTargets, scaleFit } from "./targets.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

function timing(r) {
  if (!r || r.failed) return [`failed: ${r?.failed ?? "not run"}`, "", "", ""];
  return [sec(r.median), `± ${sec(r.stddev)}`, `${sec(r.min)} – ${sec(r.max)}`, String(r.runs)];
}

function mainTable({ synth, stock }) {
  const order = [
    synth.bareNode,
    synth.floor,
    synth.dist,
    synth.buildRun,
    synth.firstRun,
    synth.afterEdit,
    synth.npmSynth,
    stock.cliFast,
    stock.tsNodeFast,
    stock.tsNode,
    stock.stock,
    synth.awsCdk,
    stock.awsCdkValidated,
  ];
  const rows = order.map((r) => [r.name, ...timing(r), ratio(stock.stock, r), ratio(stock.tsNode, r), ratio(r, synth.floor)]);
  return table(
    ["What (default config)", "Median", "± stddev", "Min – max", "Runs", "Stock ÷ this", "ts-node ÷ this", "This ÷ floor"],
    rows,
  );
}

function scaleSection({ configs, scale, review }) {
  const cell = (r) => (!r || r.failed ? `failed: ${r?.failed ?? "not run"}` : `${sec(r.median)} ± ${sec(r.stddev)}`);
  const rows = configs.map((c) => [
    String(c.groups),
    String(c.resources),
    `${(c.bytes / 1024).toFixed(0)} KiB`,
    cell(scale[String(c.groups)]),
    review.skipped ? "not measured" : cell(review[String(c.groups)]),
  ]);
  const fitLine = (what, fit) =>
    fit
      ? `- ${what}: wall-clock medians ${(fit.slope * 1000).toFixed(2)} ms per group, intercept ${sec(fit.intercept)}, ` +
        `R² = ${fit.r2.toFixed(4)}; CPU time (user + system) ${(fit.cpuSlope * 1000).toFixed(2)} ms per group, and ` +
        `the CPU time per group from 50 to 100 groups is ${fit.curvature.toFixed(2)}× that from 1 to 50.`
      : `- ${what}: no fit (${review.skipped && what === "review" ? review.skipped : "a point is missing"}).`;
  return [
    "Each config has N private tiers and N endpoint groups (one tier each, alternating read and read-write), 2 AZs, a " +
      "single NAT gateway and a fixed 2 instances, so the table isolates the cost per group. Configs are generated " +
      "by `bench/lib/configs.mjs`.",
    "",
    table(
      [
        "Groups",
        "Resources",
        "cdk.tf.json",
        "Synth (`npm run synth` body), median ± stddev",
        "Review (`node dist/cli/review.js <out> --format json`)",
      ],
      rows,
    ),
    "",
    "Least-squares line through the four points:",
    "",
    fitLine("synth", scaleFit(scale, configs)),
    fitLine("review", scaleFit(review, configs)),
    "",
    `The growth target counts as met when the CPU time per group between 50 and 100 groups is at most ` +
      `${MAX_CURVATURE}× that between 1 and 50 (no super-linear term). CPU time is used for this judgement because ` +
      `wall-clock medians of a few runs swing with other work on a shared machine; R² of the wall-clock line is ` +
      `shown for reference, and sits below 1 when a fixed start-up cost dominates the small configs.`,
    "",
    review.skipped
      ? `Review: ${review.skipped}. Re-run \`npm run bench\` once \`cli/review.ts\` exists.`
      : `Review was built from the working tree's \`cli/review.ts\`, which was ${review.source} at the time of this run.`,
  ].join("\n");
}

function diffSection({ diff, configs }) {
  const largest = configs[configs.length - 1].groups;
  const intro =
    `\`review NEW --baseline OLD --format json\` on two synth outputs of the ${largest}-group config: OLD ` +
    `as in the scale table, NEW with the tiers of its first two groups swapped (\`swappedTiersConfig\` in ` +
    `\`bench/lib/configs.mjs\`), so that instance web's tier moves from a read group to a read-write one. Each side ` +
    `is read and analysed once, then the two access matrices are compared row by row; the row in the scale table is ` +
    `the review of one side alone.`;
  if (diff.skipped) return `${intro}\n\nNot measured: ${diff.skipped}.`;
  const { counts } = diff;
  return [
    intro,
    "",
    table(["What", "Median", "± stddev", "Min – max", "Runs"], [[diff.diff.name, ...timing(diff.diff)]]),
    "",
    `In the run it reported ${plural(counts.changes, "changed row")}, ${plural(counts.boot, "boot check change")}, ` +
      `${plural(counts.findingsAdded, "finding")} added and ${counts.findingsRemoved} removed, with ${plural(counts.unchanged, "row")} unchanged.`,
  ].join("\n");
}

function rssSection(rss) {
  const mib = (k) => `${(k / 1024).toFixed(1)} MiB`;
  const rows = rss.map(({ name, kib }) =>
    typeof kib === "string" ? [name, kib, ""] : [name, mib(kib.median), `${mib(kib.min)} – ${mib(kib.max)} (${kib.runs} runs)`],
  );
  return table(["Process", "Peak RSS, median", "Min – max"], rows);
}

function testsSection({ tests, machine }) {
  const wall = (r) => (typeof r.median === "number" ? sec(r.median) : "–");
  const cpu = (r) => (typeof r.cpu === "number" ? sec(r.cpu) : "–");
  const result = (r) => (r.failed ? `FAILED (${r.failed})` : "passed");
  const runs = [tests.runs.firstRun, tests.runs.laterRun].map((r) => [r.name, wall(r), cpu(r), result(r)]);
  const parts = Object.values(tests.parts).map((r) => [r.name, wall(r), cpu(r), result(r)]);
  const floor = testFloor(tests.parts, machine.nproc);
  return [
    table(["What (one run each)", "Wall time", "CPU (user + system)", "Result"], runs),
    "",
    `Measured in a fresh clone of ${tests.commit.slice(0, 7)} (the working tree's tracked changes included) after ` +
      "`npm ci`, with a jest cache folder of the bench's own, so that the first run starts with nothing built: it " +
      "bundles dist/ and the tests' dependencies, type-checks without build info and transforms every test file. " +
      "`npm test` runs the type check (TypeScript 7's native `tsc --noEmit`, strict, the whole project including " +
      "tests), the lint (biome and the line-width check) and jest with @swc/jest on two workers.",
    "",
    "### What npm test must run",
    "",
    "Then, in the same clone with its caches warm, each part that npm test cannot drop, alone: the type check, the lint, " +
      "and each test file that closes a loop with a real tool, on one jest worker, beside a file of pure functions for jest's own start.",
    "",
    table(["What (one run each)", "Wall time", "CPU (user + system)", "Result"], parts),
    "",
    floor
      ? `The type check, the lint and the real-tool files less jest's start come to ${sec(floor.cpu)} of CPU. On ` +
        `${machine.nproc} cores that is at least ${sec(floor.wall)} of wall time for npm test, before any of its other test files run.`
      : "The floor is not given: a part was not measured.",
  ].join("\n");
}

function machineSection({ machine, loadEnd, durationSec }) {
  return table(
    ["", ""],
    [
      ["Date", machine.date],
      ["CPU", `${machine.cpu}, nproc = ${machine.nproc}`],
      ["Memory", `${machine.memoryGiB} GiB`],
      ["Node / npm", `${machine.node} / ${machine.npm}`],
      ["hyperfine", machine.hyperfine],
      [
        "Checkout",
        `commit ` +
          `${machine.commit}${machine.dirtyFiles > 0 ? `, plus ${machine.dirtyFiles} uncommitted paths in the working tree, measured as they were` : ", clean working tree"}`,
      ],
      ["Load average (1/5/15 min)", `${machine.loadStart} at the start, ${loadEnd} at the end`],
      ["Bench duration", `${durationSec.toFixed(0)} s`],
    ],
  );
}

function commandsSection(report) {
  const all = [
    ...Object.values(report.synth),
    ...Object.values(report.stock),
    ...Object.values(report.scale),
    ...(report.review.skipped ? [] : Object.values(report.review)),
    ...(report.diff.skipped ? [] : [report.diff.diff]),
    ...Object.values(report.tests.runs),
    ...Object.values(report.tests.parts),
  ];
  const shown = all
    .filter((r) => typeof r?.command === "string")
    .map(
      (r) =>
        `${r.name}\n  ${r.command
          .split(report.tmp)
          .join("$TMP")
          .replace(/(bench\/floor\.cjs) .*/, "$1 <the provider modules below>")}`,
    );
  return [
    "```text",
    ...shown,
    "```",
    "",
    `Provider modules loaded by the floor (every \`@cdktf/provider-aws/lib/<x>\` imported by main.ts, modules/ and ` +
      `stacks/, ${report.modules.length} in all):`,
    "",
    report.modules.map((m) => `\`${m.replace("@cdktf/provider-aws/lib/", "")}\``).join(", "),
  ].join("\n");
}

/**
 * A warning when other work competed for the CPUs: a 1-minute load average above 0.5 before the
 * bench started, or above 1.5 at its end (the bench itself keeps about one core busy).
 */
function busyNote({ machine, loadEnd }) {
  const start = Number(machine.loadStart.split(" ")[0]);
  const end = Number(loadEnd.split(" ")[0]);
  if (start <= 0.5 && end <= 1.5) return "";
  return (
    `\n> The machine was busy during this run (1-minute load average ${start.toFixed(2)} at the start, ` +
    `${end.toFixed(2)} at the end, on ${machine.nproc} cores; other work was running): the figures are noisy and ` +
    `indicative only. Re-run at a quiet moment before quoting them.\n`
  );
}

/** The whole BENCHMARKS.md. */
export function renderReport(report) {
  const targets = judgeTargets(report);
  return `# Benchmarks

Generated by \`npm run bench\` (\`bench/run.mjs\`). **All figures are from one run of \`npm run bench\` on ${report.machine.date.slice(0, 10)}**, on the machine below. Raw hyperfine JSON for every table is in \`bench/results/\`.
${busyNote(report)}${report.quick ? "\n> **Quick mode (`BENCH_QUICK=1`): one or two runs per command, no warm-up. Do not quote these numbers.**\n" : ""}
## Reproduce

\`\`\`sh
npm ci && npm run bench     # needs hyperfine (apt-get install hyperfine) and /usr/bin/time (apt-get install time)
\`\`\`

## Machine

${machineSection(report)}

## Targets (DESIGN §6)

${table(
  ["Target", "Measured (medians)", "Result"],
  targets.map((t) => [t.target, t.measured, `**${t.verdict}**`]),
)}

## Synth paths, default config

hyperfine, \`--warmup ${report.runs.warmup}\`, ${report.runs.fast} runs for the fast paths and ${report.runs.stock} for the ts-node and cdktf CLI paths (each takes seconds). "Stock ÷ this" is the speed-up over the stock template path, "ts-node ÷ this" the speed-up over \`npx ts-node main.ts\` without the CLI, and "this ÷ floor" the distance from the floor.

${mainTable(report)}

## AWS CDK peer: the same architecture with aws-cdk-lib

${renderAwsCdkSection(report)}

## What was tried to make synth faster

${renderTriedSection()}

## Scale: synth and review by number of endpoint groups

${scaleSection(report)}

## Access diff of two ${report.configs[report.configs.length - 1].groups}-group configs

${diffSection(report)}

## Peak memory

\`/usr/bin/time -v\`, maximum resident set size, median of ${report.runs.rss} runs.

${rssSection(report.rss)}

## \`npm test\`

${testsSection(report)}

## Deploy suite

${renderDeploySection(readDeployPhases(ROOT))}

## How it is measured

- Every command runs through \`sh -c\` in hyperfine, which subtracts the shell's own start-up time. Each output goes to a temp folder (\`CDKTF_OUTDIR\`, or \`--output\` for the cdktf CLI), never to the repo's \`cdktf.out\`.
- The cdktf CLI runs with \`CHECKPOINT_DISABLE=1 DISABLE_VERSION_CHECK=true\`, so it makes no network calls.
- "npm run synth body" is exactly what the npm script runs (package.json's \`scripts.synth\`, read by the bench) without npm's own start-up, which the "npm run synth" row adds. \`tools/run.mjs\` rebuilds the bundle first only when it is stale; \`dist/main.js\` runs the bundle with its V8 code cache, which the first run after a build writes.
- The floor is \`bench/floor.cjs\`: node, \`require("cdktf")\`, \`require("constructs")\` and each provider module the project imports, then exit.

Exact commands (\`$TMP\` is the bench's temp folder):

${commandsSection(report)}
`;
}

/** `1 row`, `2 rows`. */
function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
