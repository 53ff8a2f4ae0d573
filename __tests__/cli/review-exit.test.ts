/**
 * Exit codes, stdout purity and one-line errors. The real CLI (`dist/cli/review.js`, built by
 * the jest global setup) is spawned where the process itself matters (exit status, what reaches
 * stdout); the many bad-input and bad-argument cases run in-process through `review(args)`,
 * which returns exactly what the CLI writes, with process.stdout watched for stray output.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { review as reviewInProcess, type ReviewResult } from "../../cli/review/run";
import { hasStackTrace, runDist } from "../support/cli";
import { ROOT } from "../support/paths";

const ARTICLE = "__tests__/cli/fixtures/article-bare-policies.tf.json";
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "review-exit-"));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** The real CLI. */
function spawnReview(args: readonly string[], cwd?: string): ReturnType<typeof runDist> {
  return runDist("cli/review.js", args, cwd === undefined ? {} : { cwd });
}

/** `review(args)` in-process, failing if anything else writes to process.stdout meanwhile. */
function review(args: readonly string[], cwd = ROOT): { status: number; stdout: string; stderr: string } {
  const write = jest.spyOn(process.stdout, "write");
  let result: ReviewResult;
  try {
    result = reviewInProcess(args, { cwd, env: {} });
    expect(write).not.toHaveBeenCalled();
  } finally {
    write.mockRestore();
  }
  return { status: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

describe("the article's bare policies", () => {
  test("get a high lockout finding, and --fail-on high exits 1", () => {
    // GIVEN the article's bucket policy (Deny s3:* unless aws:SourceVpce, no exemption) and endpoint policy
    // WHEN reviewed with --fail-on high
    const run = spawnReview([ARTICLE, "--format", "json", "--fail-on", "high"]);
    // THEN the lockout is a high finding and the exit code is 1
    expect(run.status).toBe(1);
    const findings = (JSON.parse(run.stdout) as { stacks: { findings: { id: string; severity: string }[] }[] }).stacks[0]?.findings ?? [];
    expect(findings).toContainEqual(expect.objectContaining({ id: "S3-010", severity: "high" }));
    expect(run.stderr).toMatch(/findings? at or above high: exit 1/);
  });

  test("without --fail-on, findings do not change the exit code", () => {
    expect(review([ARTICLE]).status).toBe(0);
  });
});

describe("machine formats print only the document on stdout", () => {
  test("the real CLI: sarif on stdout, the note on stderr", () => {
    const run = spawnReview([ARTICLE, "--format", "sarif"]);
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { version: string }).version).toBe("2.1.0");
    expect(run.stderr).toBe(`reading ${ARTICLE} (1 stack)\n`);
  });

  test.each([
    ["json", (out: string) => JSON.parse(out) as unknown],
    ["sarif", (out: string) => JSON.parse(out) as unknown],
    ["mermaid", (out: string) => expect(out.startsWith("flowchart LR\n")).toBe(true)],
    ["dot", (out: string) => expect(out.startsWith("digraph review {\n")).toBe(true)],
  ])("%s", (format, check) => {
    const run = review([ARTICLE, "--format", format]);
    expect(run.status).toBe(0);
    expect(() => check(run.stdout)).not.toThrow();
    expect(run.stdout).not.toContain("reading ");
    expect(run.stderr).toBe(`reading ${ARTICLE} (1 stack)\n`);
  });
});

describe("bad input exits 2 with one line naming the file", () => {
  function expectOneLineError(args: readonly string[], file: string, reason: RegExp, cwd?: string): void {
    const run = review(args, cwd);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    const errorLines = run.stderr.split("\n").filter((line) => line.startsWith("error:"));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toContain(`error: ${file}: `);
    expect(errorLines[0]).toMatch(reason);
    expect(hasStackTrace(run.stderr)).toBe(false);
  }

  test("the real CLI: a missing path", () => {
    const missing = join(scratch, "nope.tf.json");
    const run = spawnReview([missing]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`error: ${missing}: no such file or folder\n`);
  });

  test("a missing path", () => {
    expectOneLineError([join(scratch, "nope.tf.json")], join(scratch, "nope.tf.json"), /no such file or folder/);
  });

  test("a missing default cdktf.out", () => {
    expectOneLineError([], "cdktf.out", /no such file or folder \(run npm run synth first/, scratch);
  });

  test("a file that is not JSON", () => {
    const file = join(scratch, "broken.tf.json");
    writeFileSync(file, '{ "resource": ');
    expectOneLineError([file], file, /not valid JSON/);
  });

  test("an empty file", () => {
    const file = join(scratch, "empty.json");
    writeFileSync(file, "");
    expectOneLineError([file], file, /empty file/);
  });

  test("JSON that is not Terraform", () => {
    const file = join(scratch, "package.json");
    writeFileSync(file, JSON.stringify({ name: "x", version: "1.0.0" }));
    expectOneLineError([file], file, /not Terraform JSON/);
  });

  test("a JSON array", () => {
    const file = join(scratch, "list.json");
    writeFileSync(file, "[1, 2]");
    expectOneLineError([file], file, /not Terraform JSON/);
  });

  test("an empty cdktf.out folder", () => {
    const folder = join(scratch, "empty-out");
    mkdirSync(join(folder, "stacks"), { recursive: true });
    expectOneLineError([folder], folder, /no stacks found/);
  });

  test("an unreadable stack file (a folder where cdk.tf.json should be)", () => {
    const folder = join(scratch, "odd-out");
    mkdirSync(join(folder, "stacks", "s", "cdk.tf.json"), { recursive: true });
    expectOneLineError([folder], join(folder, "stacks", "s", "cdk.tf.json"), /is a folder/);
  });

  test("a manifest that is not a cdktf manifest", () => {
    const folder = join(scratch, "manifest-out");
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, "manifest.json"), "{}");
    expectOneLineError([folder], join(folder, "manifest.json"), /not a cdktf manifest/);
  });
});

describe("bad arguments exit 2 with a clear line", () => {
  test.each([
    [[ARTICLE, "--format", "xml"], /argument 'xml' is invalid\. Allowed choices are text, markdown, json, sarif, mermaid, dot/],
    [[ARTICLE, "--fail-on", "critical"], /argument 'critical' is invalid\. Allowed choices are high, medium, low/],
    [[ARTICLE, "--s3-gb-month", "-5"], /expected a number of GB >= 0, got "-5"/],
    [[ARTICLE, "--s3-gb-month", "lots"], /expected a number of GB >= 0, got "lots"/],
    [["a", "b"], /too many arguments/],
    [[ARTICLE, "--colour"], /unknown option '--colour'/],
  ])("%j", (args, message) => {
    const run = review(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(hasStackTrace(run.stderr)).toBe(false);
  });

  test("the real CLI: an unknown format", () => {
    const run = spawnReview([ARTICLE, "--format", "xml"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, markdown, json, sarif, mermaid, dot.\n",
    );
  });

  test("--help prints usage on stdout and exits 0", () => {
    const run = review(["--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("--format <format>");
    expect(run.stdout).toContain("--fail-on <severity>");
    expect(run.stdout).toContain("--s3-gb-month <gb>");
  });
});
