// Rewrites the README's table comparing our rule pack with checkov, from real runs of both on the
// example configs, the article's bare policies and the real-world fixtures; `--check` only compares
// and exits 1 when the README is out of date. Needs the pinned checkov (.venv-checkov, or VPCE_CHECKOV).
// Run: TS_NODE_TRANSPILE_ONLY=true TS_NODE_SWC=true node -r ts-node/register bench/scanner-comparison.ts [--check]
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderTable, runComparison, withTable } from "../__tests__/scanners/comparison";
import { ROOT } from "../__tests__/support/scenario";

const readmePath = join(ROOT, "README.md");
const readme = readFileSync(readmePath, "utf8");
const updated = withTable(readme, renderTable(runComparison()));
if (process.argv.includes("--check")) {
  if (updated !== readme) {
    process.stderr.write("README.md: the scanner comparison table is out of date; run bench/scanner-comparison.ts without --check\n");
    process.exit(1);
  }
} else if (updated !== readme) {
  writeFileSync(readmePath, updated);
  process.stdout.write("README.md: scanner comparison table rewritten\n");
} else {
  process.stdout.write("README.md: scanner comparison table up to date\n");
}
