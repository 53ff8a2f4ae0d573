// `npm run lint`'s second half: every line of the project's code fits in 140 columns. The formatter
// (biome, lineWidth 140) wraps code; this catches what it cannot wrap (strings, comments, regexes).
// Usage: node tools/line-width.mjs   (exit 1 listing file:line for each longer line)
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const MAX_COLUMNS = 140;
const SKIPPED = new Set(["node_modules", "lib", "dist", "cdktf.out", ".git", ".venv-deploy", ".venv-checkov", ".gen", ".terraform"]);
const CODE = /\.(ts|mjs|cjs|js)$/;

function* codeFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name) || entry.name.startsWith("cdktf.out")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* codeFiles(path);
    else if (CODE.test(entry.name)) yield path;
  }
}

const long = [];
for (const file of codeFiles(ROOT)) {
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((line, index) => {
      // Columns as an editor counts them: code points, not UTF-16 units.
      const columns = [...line].length;
      if (columns > MAX_COLUMNS) long.push(`${relative(ROOT, file)}:${index + 1}: ${columns} columns`);
    });
}
if (long.length > 0) {
  process.stderr.write(`${long.join("\n")}\n${long.length} lines over ${MAX_COLUMNS} columns: wrap them (strings as concatenations)\n`);
  process.exit(1);
}
