// The deploy suite's measured phase durations (bench/results/deploy-phases.json, written by
// `npm run test:deploy`) as a BENCHMARKS.md section. Both `npm run bench` (the whole report) and
// the deploy suite (this section only, between its markers) render it, so one command reproduces
// each figure.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const START = "<!-- deploy-phases:start -->";
const END = "<!-- deploy-phases:end -->";

/** The phases file under `root`, parsed, or undefined before the first deploy run. */
export function readDeployPhases(root) {
  const file = join(root, "bench", "results", "deploy-phases.json");
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : undefined;
}

/** The section's markdown, markers included. */
export function renderDeploySection(phases) {
  if (!phases) return `${START}\n_No deploy run recorded yet: run \`npm run test:deploy\`._\n${END}`;
  const configs = Object.keys(phases.configs);
  const names = [...new Set(configs.flatMap((config) => Object.keys(phases.configs[config])))];
  const cell = (value) => (value === undefined ? "—" : value.toFixed(1));
  const total = (config) => Object.values(phases.configs[config]).reduce((sum, value) => sum + value, 0);
  const rows = [
    `| Phase | ${configs.join(" | ")} |`,
    `| --- | ${configs.map(() => "---:").join(" | ")} |`,
    ...names.map((name) => `| ${name} | ${configs.map((config) => cell(phases.configs[config][name])).join(" | ")} |`),
    `| **total** | ${configs.map((config) => `**${cell(total(config))}**`).join(" | ")} |`,
  ];
  return [
    START,
    `Seconds per phase, one run of \`npm run test:deploy\` on ${phases.measuredAt.slice(0, 10)} ` +
      `(${phases.machine.cpus} cores, ${phases.machine.cpuModel}, Node ${phases.machine.node}): terraform ` +
      `${phases.tools.terraform}, ${phases.tools.provider} from the filesystem mirror (the stacks' \`~> 6.25\` ` +
      `constraint is relaxed to the mirrored version in the suite's temporary copies), ${phases.tools.emulator} on ` +
      `127.0.0.1. ` +
      `${phases.workers > 1 ? `${phases.workers} configs ran side by side, so a phase's seconds include waiting on the other. ` : ""}Measured, ` +
      `never asserted. Sum of the phases ${cell(phases.totalSeconds)} ` +
      `s${phases.wallSeconds === undefined ? "" : `; the whole suite took ${cell(phases.wallSeconds)} s of wall time`}.`,
    "",
    ...rows,
    END,
  ].join("\n");
}

/** Rewrites only the deploy section of BENCHMARKS.md (appending it when absent). */
export function updateBenchmarksDeploySection(root, phases = readDeployPhases(root)) {
  const file = join(root, "BENCHMARKS.md");
  if (!existsSync(file)) return;
  const text = readFileSync(file, "utf8");
  const section = renderDeploySection(phases);
  const at = text.indexOf(START);
  const next =
    at >= 0
      ? `${text.slice(0, at)}${section}${text.slice(text.indexOf(END, at) + END.length)}`
      : `${text.trimEnd()}\n\n## Deploy suite\n\n${section}\n`;
  writeFileSync(file, next);
}
