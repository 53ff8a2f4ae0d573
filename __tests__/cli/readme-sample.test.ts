/**
 * The README's sample of `npm run review` is the command's real output on the default config, so
 * the two cannot drift apart: the matrix block of the sample equals the text review of that stack.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { review } from "../../cli/review/run";
import { ROOT, scenarioOf, synthScenario } from "../support/scenario";

/** The lines from `Access` to the line before `Reasons (`. */
function matrixBlock(text: string): string[] {
  const lines = text.split("\n");
  const start = lines.indexOf("Access");
  const end = lines.findIndex((line) => line.startsWith("Reasons ("));
  return lines.slice(start, end);
}

test("GIVEN the default config WHEN reviewed in a pipe THEN its access matrix is the README's sample", () => {
  // GIVEN the default stack, synthesized
  const dir = mkdtempSync(join(tmpdir(), "readme-sample-"));
  try {
    const file = join(dir, "cdk.tf.json");
    writeFileSync(file, synthScenario(scenarioOf({ project: "vpce-demo" })).json);
    // WHEN reviewed as text, 100 columns wide
    const result = review([file], { cwd: ROOT, env: {}, stdoutIsTTY: false });
    // THEN the README's sample shows the same matrix
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const sample = readme.slice(readme.indexOf("Sample (default config, in a pipe"));
    expect(result.exitCode).toBe(0);
    expect(matrixBlock(result.stdout).length).toBeGreaterThan(3);
    expect(matrixBlock(sample.slice(sample.indexOf("```text\n") + "```text\n".length))).toEqual(matrixBlock(result.stdout));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
