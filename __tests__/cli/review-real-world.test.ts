/**
 * Robustness: review reads every public Terraform JSON file of the real-world fixtures (../shared/fixtures/real-world/)
 * (written by others, see its README) and the plan fixtures, in every format, without crashing:
 * exit 0 and a parseable document. In-process through `review(args)`.
 */
import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { review } from "../../cli/review/run";
import { REAL_WORLD_DIR, describeWithRealWorld, realWorldFiles } from "../support/real-world";
import { ROOT } from "../support/scenario";

const PLANS = join(ROOT, "__tests__", "analysis", "topology", "fixtures");
const FORMATS = ["text", "markdown", "json", "sarif", "mermaid", "dot"] as const;

function jsonFiles(folder: string, suffix: string): string[] {
  return existsSync(folder)
    ? readdirSync(folder)
        .filter((name) => name.endsWith(suffix))
        .sort()
        .map((name) => join(folder, name))
    : [];
}

const realWorld = realWorldFiles(".tf.json").map((name) => join(REAL_WORLD_DIR, name));
const plans = jsonFiles(PLANS, ".json").filter((file) => /plan/.test(file));

function reviewsInEveryFormat(file: string): void {
  test.each(FORMATS)("%s: exit 0 and a well-formed document", (format) => {
    const result = review([file, "--format", format, "--allow-empty"], { cwd: ROOT, env: {} });
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(result.exitCode).toBe(0);
    if (format === "json" || format === "sarif") expect(() => JSON.parse(result.stdout)).not.toThrow();
    if (format === "mermaid") expect(result.stdout.startsWith("flowchart")).toBe(true);
    if (format === "dot") expect(result.stdout.startsWith("digraph")).toBe(true);
    expect(result.stdout.length).toBeGreaterThan(0);
  });
}

describeWithRealWorld("real-world Terraform JSON", () => {
  describe.each(realWorld.map((file) => [basename(file), file] as const))("%s", (_name, file) => reviewsInEveryFormat(file));
});

describe.each(plans.map((file) => [basename(file), file] as const))("%s", (_name, file) => reviewsInEveryFormat(file));

test("the plan fixtures are read as plans", () => {
  expect(plans.length).toBeGreaterThan(0);
  for (const file of plans) {
    const result = review([file, "--format", "json"], { cwd: ROOT, env: {} });
    expect(result.exitCode).toBe(0);
  }
});
