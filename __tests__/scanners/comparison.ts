/**
 * Our rule pack (`npm run review`) and checkov side by side on the same inputs: every synthesized
 * example config, the article's bare policies, and the real-world Terraform JSON fixtures. Renders
 * the README table between the scanner-comparison markers; bench/scanner-comparison.ts runs it.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { type CheckovFailure, runCheckov } from "../support/checkov";
import { exampleConfigs, synthExample } from "../support/examples";
import { REAL_WORLD_DIR, realWorldFiles } from "../support/real-world";
import { ROOT } from "../support/scenario";
import { spawnAsync } from "../support/spawn-async";

/**
 * The checkov checks that look at the same thing as one of our rules (checkov 3.3.30's ids).
 * A rule missing here has no checkov counterpart.
 */
export const RELATED_CHECKS: Readonly<Record<string, readonly string[]>> = {
  "S3-001": ["CKV2_AWS_6"],
  "S3-002": ["CKV_AWS_19", "CKV_AWS_145"],
  "S3-003": ["CKV_AWS_145"],
  "S3-004": ["CKV_AWS_21"],
  "S3-006": ["CKV2_AWS_65"],
  "S3-010": ["CKV_AWS_93"],
  "S3-011": ["CKV_AWS_70"],
  "EC2-001": ["CKV_AWS_79"],
  "EC2-002": ["CKV_AWS_88"],
  "EC2-003": ["CKV_AWS_8"],
  "EC2-004": ["CKV2_AWS_41"],
  "EC2-006": ["CKV_AWS_46"],
  "EC2-007": ["CKV_AWS_126"],
  "NET-001": ["CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_260", "CKV_AWS_277"],
  "NET-002": ["CKV_AWS_382"],
  "NET-003": ["CKV_AWS_23"],
  "NET-004": ["CKV2_AWS_11"],
  "NET-005": ["CKV2_AWS_12"],
  "IAM-001": ["CKV_AWS_1", "CKV_AWS_62", "CKV_AWS_63"],
  "IAM-002": ["CKV_AWS_355", "CKV_AWS_290"],
  "KMS-001": ["CKV_AWS_7"],
};

/** One finding of our rule pack. */
export interface Finding {
  readonly id: string;
  readonly address: string;
}

/** One input both scanners read. */
export interface ComparisonInput {
  readonly label: string;
  readonly file: string;
}

/** What each scanner found in one input, and how the two line up. */
export interface ComparisonRow {
  readonly label: string;
  readonly review: readonly Finding[];
  readonly checkov: readonly CheckovFailure[];
  /** checkov could not parse the file, so it checked nothing. */
  readonly checkovParseError: boolean;
  /** Our findings with a related checkov failure on the same resource, as `ours ↔ theirs`. */
  readonly both: readonly string[];
  readonly onlyReview: readonly Finding[];
  readonly onlyCheckov: readonly CheckovFailure[];
}

/** The resource's name: checkov writes `type.name`, `data.name` or `resource.name`; we write `type.name` or `data.type.name`. */
const resourceName = (address: string) => address.slice(address.lastIndexOf(".") + 1);

/** The review CLI's argv (after node) for one file: `npm run review -- FILE --format json`. */
const reviewArgs = (file: string) => [join(ROOT, "tools", "run.mjs"), "cli/review", file, "--format", "json"];

/** Reads the findings from the review's JSON report; exit 0 (none) and 1 (some) are results. */
function readReview(file: string, result: { status: number | null; stdout: string; stderr: string }): Finding[] {
  if (result.status !== 0 && result.status !== 1) throw new Error(`npm run review exited ${result.status} on ${file}:\n${result.stderr}`);
  const report = JSON.parse(result.stdout) as { stacks: Array<{ findings: Finding[] }> };
  return report.stacks.flatMap((s) => s.findings.map((f) => ({ id: f.id, address: f.address })));
}

/** Our rule pack's findings in one file, from `npm run review -- FILE --format json`. */
export function review(file: string): Finding[] {
  return readReview(file, spawnSync(process.execPath, reviewArgs(file), { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }));
}

/** {@link review} without blocking, so that several reviews and checkov can run at once. */
export async function reviewAsync(file: string): Promise<Finding[]> {
  return readReview(file, await spawnAsync(process.execPath, reviewArgs(file), { cwd: ROOT }));
}

/** Lines the two up: a finding and a failure match when the failure's check is related to the rule and both name the same resource. */
export function compare(
  label: string,
  findings: readonly Finding[],
  failures: readonly CheckovFailure[],
  checkovParseError: boolean,
): ComparisonRow {
  const matches = (f: Finding, c: CheckovFailure) =>
    (RELATED_CHECKS[f.id] ?? []).includes(c.check) && resourceName(f.address) === resourceName(c.resource);
  const both = findings.flatMap((f) => failures.filter((c) => matches(f, c)).map((c) => `${f.id} ↔ ${c.check}`));
  return {
    label,
    review: findings,
    checkov: failures,
    checkovParseError,
    both,
    onlyReview: findings.filter((f) => !failures.some((c) => matches(f, c))),
    onlyCheckov: failures.filter((c) => !findings.some((f) => matches(f, c))),
  };
}

/** Runs both scanners on one input. */
export function compareFile(input: ComparisonInput): ComparisonRow {
  const run = runCheckov(input.file);
  return compare(input.label, review(input.file), run.failures, run.parsingErrors > 0);
}

/** `S3-001 ×2, S3-004`: ids, sorted, with their counts. */
function counted(ids: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return (
    [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, n]) => (n > 1 ? `${id} ×${n}` : id))
      .join(", ") || "—"
  );
}

/** One row of the README table. */
export function renderRow(r: ComparisonRow): string {
  const cells = [
    r.label,
    String(r.review.length),
    r.checkovParseError ? "parse error" : String(r.checkov.length),
    counted(r.both),
    counted(r.onlyReview.map((f) => f.id)),
    counted(r.onlyCheckov.map((c) => c.check)),
  ];
  return `| ${cells.join(" | ")} |`;
}

/** The README table. */
export function renderTable(rows: readonly ComparisonRow[]): string {
  const lines = [
    "| input | review findings | checkov failed checks | both (rule ↔ check) | only review | only checkov |",
    "| --- | ---: | ---: | --- | --- | --- |",
    ...rows.map(renderRow),
  ];
  return `${lines.join("\n")}\n`;
}

/** The table's label of an example config. */
export const exampleLabel = (name: string) => `example \`${name}\``;

/** Runs the whole comparison: the examples (synthesized into a temp folder), the article's bare policies, the real-world fixtures. */
export function runComparison(): ComparisonRow[] {
  const outdir = mkdtempSync(join(tmpdir(), "vpce-compare-"));
  try {
    const examples = exampleConfigs().map((x) => ({
      label: exampleLabel(x.name),
      file: synthExample(x, join(outdir, x.name.replace(/\W/g, "_"))),
    }));
    const bare = { label: "article's bare policies", file: join(ROOT, "__tests__", "cli", "fixtures", "article-bare-policies.tf.json") };
    const realWorld = realWorldFiles(".tf.json").map((f) => ({
      label: `real-world \`${basename(f, ".tf.json")}\``,
      file: join(REAL_WORLD_DIR, f),
    }));
    return [...examples, bare, ...realWorld].map(compareFile);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export const BEGIN_MARKER = "<!-- scanner-comparison:begin (bench/scanner-comparison.ts writes this table) -->";
export const END_MARKER = "<!-- scanner-comparison:end -->";

/** The README with the table between the markers replaced. */
export function withTable(readme: string, table: string): string {
  const begin = readme.indexOf(BEGIN_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (begin < 0 || end < begin)
    throw new Error(`README.md: the markers ${BEGIN_MARKER} … ${END_MARKER} are missing; put them where the comparison table goes`);
  return `${readme.slice(0, begin + BEGIN_MARKER.length)}\n${table}${readme.slice(end)}`;
}
