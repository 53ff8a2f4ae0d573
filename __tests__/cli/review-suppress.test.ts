/**
 * Suppressions in `review` (issue #13): a finding acknowledged with a reason, in `vpce-review.json`
 * (next to INPUT, or `--config`) or with `--suppress RULE=ADDRESS:REASON`. It shows as suppressed in
 * text and markdown, is `suppressed` in JSON and a SARIF result with a `suppressions` entry, is not
 * counted by `--fail-on`, and applies to both sides of a diff; a suppression that matches nothing is
 * warned about, listed in JSON and SARIF, and fails `--fail-on`. Runs `review(args)` in-process on
 * the article's bare policies, copied into a temp folder.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { review, type ReviewResult } from "../../cli/review/run";
import { ROOT } from "../support/scenario";

const ARTICLE = join(ROOT, "__tests__/cli/fixtures/article-bare-policies.tf.json");
const VERSIONING = { rule: "S3-004", address: "aws_s3_bucket.secure", reason: "versioning is handled by the backup plan" };
const VERSIONING_FLAG = "S3-004=aws_s3_bucket.secure:versioning is handled by the backup plan";

interface Finding {
  id: string;
  severity: string;
  address: string;
  justification?: string;
}
interface ReviewJson {
  stacks: { findings: Finding[]; suppressed?: Finding[] }[];
  unusedSuppressions?: { rule: string; address: string; reason: string; source: string }[];
}
interface SarifResult {
  ruleId: string;
  suppressions?: { kind: string; status: string; justification: string }[];
}
interface SarifLog {
  runs: {
    results: SarifResult[];
    invocations?: { executionSuccessful: boolean; toolConfigurationNotifications: { level: string; message: { text: string } }[] }[];
  }[];
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "review-suppress-"));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh folder holding the article's input as `main.tf.json`, and `vpce-review.json` when a config is given. */
function folder(name: string, config?: unknown): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(ARTICLE, join(dir, "main.tf.json"));
  if (config !== undefined) writeFileSync(join(dir, "vpce-review.json"), JSON.stringify(config));
  return dir;
}

function run(cwd: string, ...args: string[]): ReviewResult {
  return review(args, { cwd, env: {} });
}

function json(result: ReviewResult): ReviewJson {
  expect(result.stderr).not.toMatch(/^error:/m);
  return JSON.parse(result.stdout) as ReviewJson;
}

describe("a suppression in vpce-review.json next to the input", () => {
  test("moves the finding from findings to suppressed, with its reason as justification", () => {
    // GIVEN vpce-review.json acknowledging S3-004 on the bucket, beside main.tf.json
    const dir = folder("file-json", { suppressions: [VERSIONING] });
    // WHEN reviewed as JSON
    const result = run(dir, "main.tf.json", "--format", "json");
    const stack = json(result).stacks[0];
    // THEN S3-004 is suppressed with the reason, and no longer an active finding
    expect(stack?.suppressed).toEqual([
      expect.objectContaining({ id: "S3-004", address: "aws_s3_bucket.secure", justification: VERSIONING.reason }),
    ]);
    expect(stack?.findings.map((f) => f.id)).not.toContain("S3-004");
    expect(stack?.findings.map((f) => f.id)).toContain("S3-001");
    expect(json(result).unusedSuppressions).toEqual([]);
    expect(result.stderr).toContain("suppressions: 1 from vpce-review.json\n");
  });

  test("is found next to the input, not in the working directory", () => {
    // GIVEN a vpce-review.json in the working directory and the input in a sub-folder without one
    const dir = folder("lookup", { suppressions: [VERSIONING] });
    mkdirSync(join(dir, "sub"));
    copyFileSync(ARTICLE, join(dir, "sub", "main.tf.json"));
    // WHEN the sub-folder's input is reviewed
    const stack = json(run(dir, "sub/main.tf.json", "--format", "json")).stacks[0];
    // THEN nothing is suppressed, and the JSON has no suppression fields
    expect(stack?.findings.map((f) => f.id)).toContain("S3-004");
    expect(stack).not.toHaveProperty("suppressed");
  });

  test("is replaced by the file --config names", () => {
    // GIVEN a vpce-review.json next to the input, and another config that suppresses S3-005 instead
    const dir = folder("explicit", { suppressions: [VERSIONING] });
    writeFileSync(
      join(dir, "other.json"),
      JSON.stringify({ suppressions: [{ rule: "S3-005", address: "aws_s3_bucket_policy.secure", reason: "TLS is enforced by the SCP" }] }),
    );
    // WHEN reviewed with --config other.json
    const result = run(dir, "main.tf.json", "--format", "json", "--config", "other.json");
    // THEN only S3-005 is suppressed
    expect(json(result).stacks[0]?.suppressed?.map((f) => f.id)).toEqual(["S3-005"]);
    expect(result.stderr).toContain("suppressions: 1 from other.json\n");
  });
});

describe("--suppress RULE=ADDRESS:REASON", () => {
  test("suppresses like a config entry, and can be repeated", () => {
    // GIVEN two flags, one with a pattern address
    const dir = folder("flag");
    // WHEN reviewed as JSON
    const result = run(
      dir,
      "main.tf.json",
      "--format",
      "json",
      "--suppress",
      VERSIONING_FLAG,
      "--suppress",
      "NET-004=aws_vpc.*:flow logs go to the central account",
    );
    // THEN both findings are suppressed with their reasons
    expect(json(result).stacks[0]?.suppressed?.map((f) => [f.id, f.justification])).toEqual([
      ["NET-004", "flow logs go to the central account"],
      ["S3-004", VERSIONING.reason],
    ]);
    expect(result.stderr).toContain("suppressions: 2 from --suppress\n");
  });

  test.each([
    ["S3-004", /no "=" after the rule id/],
    ["S3-04=aws_s3_bucket.secure:why", /rule "S3-04" is not a rule of the pack/],
    ["S3-004=:why", /no address after "S3-004="/],
    ["S3-004=aws_s3_bucket.secure", /no reason after "S3-004=aws_s3_bucket.secure"/],
    ["S3-004=aws_s3_bucket.secure:   ", /a suppression needs one/],
  ])("refuses %j with exit 2, saying what is missing", (flag, message) => {
    const result = run(folder("bad-flag"), "main.tf.json", "--suppress", flag);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
  });

  test("reads an address whose for_each key holds a colon up to the colon after the key", () => {
    // GIVEN a flag whose address has a quoted key with a colon
    const dir = folder("colon");
    // WHEN it is given
    const result = run(dir, "main.tf.json", "--format", "json", "--suppress", 'S3-004=aws_s3_bucket.b["a:b"]:key with a colon');
    // THEN the whole address and the reason after it are read
    expect(json(result).unusedSuppressions).toEqual([
      { rule: "S3-004", address: 'aws_s3_bucket.b["a:b"]', reason: "key with a colon", source: "--suppress" },
    ]);
  });
});

describe("the formats", () => {
  test("text lists the suppressed finding apart, with its reason, and counts it in the heading", () => {
    const text = run(folder("text"), "main.tf.json", "--suppress", VERSIONING_FLAG).stdout;
    // THEN the heading counts it, the active list does not hold it, and its own section gives the reason
    expect(text).toMatch(/^Findings \(7\): 2 high, 5 medium, 0 low, 0 info; 1 suppressed$/m);
    const [active = "", suppressed = ""] = text.split("Suppressed findings (1)\n");
    expect(active).not.toContain("S3-004");
    expect(suppressed).toMatch(/^ {2}medium S3-004 {2}aws_s3_bucket\.secure$/m);
    expect(suppressed).toContain(`suppressed: ${VERSIONING.reason} (--suppress)`);
  });

  test("markdown has a table of the suppressed findings with their reasons", () => {
    const dir = folder("markdown", { suppressions: [VERSIONING] });
    const markdown = run(dir, "main.tf.json", "--format", "markdown").stdout;
    expect(markdown).toContain("findings: 2 high, 5 medium, 0 low, 0 info; 1 suppressed.");
    expect(markdown).toContain("#### Suppressed (1)\n\n| Severity | Rule | Resource | Finding | Reason |");
    expect(markdown).toMatch(
      new RegExp(
        "^\\| medium \\| `S3-004` \\| `aws_s3_bucket\\.secure` \\| .* \\| " +
          "versioning is handled by the backup plan \\(`vpce-review\\.json suppressions\\[0\\]`\\) \\|$",
        "m",
      ),
    );
  });

  test("SARIF marks the suppressed result with an external, accepted suppression and the active ones with none", () => {
    const log = JSON.parse(run(folder("sarif"), "main.tf.json", "--format", "sarif", "--suppress", VERSIONING_FLAG).stdout) as SarifLog;
    const results = log.runs[0]?.results ?? [];
    expect(results.filter((r) => r.ruleId === "S3-004").map((r) => r.suppressions)).toEqual([
      [{ kind: "external", status: "accepted", justification: VERSIONING.reason }],
    ]);
    expect(results.filter((r) => r.ruleId !== "S3-004").every((r) => Array.isArray(r.suppressions) && r.suppressions.length === 0)).toBe(
      true,
    );
    expect(log.runs[0]?.invocations).toEqual([{ executionSuccessful: true, toolConfigurationNotifications: [] }]);
  });

  test.each(["json", "sarif"])("%s is as without suppressions when none is given", (format) => {
    // GIVEN no config and no flag
    const output = run(folder(`none-${format}`), "main.tf.json", "--format", format).stdout;
    // THEN no suppression field appears
    expect(output).not.toMatch(/suppress|invocations/i);
  });
});

describe("--fail-on", () => {
  const HIGH = [
    "S3-001=aws_s3_bucket.secure:public access is blocked account-wide",
    "S3-010=aws_s3_bucket_policy.secure:the lockout is the article's, shown on purpose",
  ];

  test("does not count suppressed findings", () => {
    // GIVEN the article's two high findings, each suppressed
    const dir = folder("fail-on");
    // WHEN reviewed with --fail-on high, with and without the suppressions
    const suppressed = run(dir, "main.tf.json", "--fail-on", "high", ...HIGH.flatMap((flag) => ["--suppress", flag]));
    const plain = run(dir, "main.tf.json", "--fail-on", "high");
    // THEN only the unsuppressed review fails
    expect(plain.exitCode).toBe(1);
    expect(suppressed.exitCode).toBe(0);
    expect(suppressed.stderr).toContain("no finding at or above high");
  });

  test("fails on a suppression that matches no finding, even with no finding at the threshold", () => {
    // GIVEN the high findings suppressed, plus a stale suppression of a rule the input does not break
    const dir = folder("stale-fail", {
      suppressions: [{ rule: "S3-011", address: "aws_s3_bucket.*", reason: "was needed before the fix" }],
    });
    // WHEN reviewed with --fail-on high
    const result = run(dir, "main.tf.json", "--fail-on", "high", ...HIGH.flatMap((flag) => ["--suppress", flag]));
    // THEN it exits 1 and says why
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("1 unused suppression with --fail-on: exit 1");
  });
});

describe("an unused suppression", () => {
  const STALE = { rule: "S3-011", address: "aws_s3_bucket.*", reason: "was needed before the fix" };

  test("is a warning on stderr naming it and where it was given, and does not change the exit code alone", () => {
    const result = run(folder("stale", { suppressions: [VERSIONING, STALE] }), "main.tf.json");
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain(
      "warning: unused suppression S3-011 aws_s3_bucket.* (vpce-review.json suppressions[1]) matches no finding; " +
        "remove it, or correct its rule or address\n",
    );
  });

  test("is listed in JSON as unusedSuppressions and in SARIF as a configuration warning", () => {
    const dir = folder("stale-machine", { suppressions: [VERSIONING, STALE] });
    expect(json(run(dir, "main.tf.json", "--format", "json")).unusedSuppressions).toEqual([
      { ...STALE, source: "vpce-review.json suppressions[1]" },
    ]);
    const log = JSON.parse(run(dir, "main.tf.json", "--format", "sarif").stdout) as SarifLog;
    const notifications = log.runs[0]?.invocations?.[0]?.toolConfigurationNotifications ?? [];
    expect(notifications).toEqual([
      expect.objectContaining({
        level: "warning",
        message: { text: expect.stringMatching(/^unused suppression S3-011 aws_s3_bucket\.\* /) },
      }),
    ]);
  });
});

describe("a bad vpce-review.json", () => {
  test("exits 2 with one line per problem, naming the field, the value and the fix, and prints nothing on stdout", () => {
    // GIVEN a config with an unknown rule, an empty address, a blank reason and an unknown field
    const dir = folder("bad-config", { suppressions: [{ rule: "S3-04", address: "", reason: "  ", until: "2027" }] });
    // WHEN reviewed
    const result = run(dir, "main.tf.json", "--format", "json");
    // THEN each problem is an error line, and nothing else is printed
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines).toEqual([
      expect.stringMatching(
        /^error: vpce-review\.json: suppressions\[0\]\.rule: "S3-04" is not valid — use the id of a rule of the pack \(S3-001, .*\)$/,
      ),
      expect.stringMatching(
        /^error: vpce-review\.json: suppressions\[0\]\.address: "" is not valid — give the finding's Terraform address/,
      ),
      'error: vpce-review.json: suppressions[0].reason: "  " is not valid — say why the finding is acknowledged: a ' +
        "suppression needs a reason",
      'error: vpce-review.json: suppressions[0].until: unknown field "until" — remove it or use one of: rule, address, reason, stack',
    ]);
  });

  test.each([
    ["not JSON", "{ suppressions", /^error: vpce-review\.json: \(config\): not valid JSON \(.*\) — fix the JSON syntax$/],
    ["not an array", '{ "suppressions": {} }', /^error: vpce-review\.json: suppressions: \{\} is not an array — give an array$/],
  ])("exits 2 when it is %s", (_what, text, message) => {
    const dir = folder(`bad-${text.length}`);
    writeFileSync(join(dir, "vpce-review.json"), text);
    const result = run(dir, "main.tf.json");
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trimEnd()).toMatch(message);
  });

  test("--config naming a missing file exits 2 with the fix", () => {
    const result = run(folder("missing"), "main.tf.json", "--config", "nowhere.json");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^error: nowhere\.json: \(config\): cannot read it \(ENOENT\) — create it, or pass --config/);
  });
});

describe("the access diff", () => {
  /** OLD: the article with versioning on the bucket (no S3-004); NEW: the article as is (S3-004 added). */
  function versioningRemoved(name: string, config?: unknown): string {
    const dir = folder(name, config);
    const doc = JSON.parse(readFileSync(ARTICLE, "utf8")) as { resource: Record<string, unknown> };
    doc.resource["aws_s3_bucket_versioning"] = {
      secure: { bucket: "${aws_s3_bucket.secure.id}", versioning_configuration: { status: "Enabled" } },
    };
    writeFileSync(join(dir, "old.tf.json"), JSON.stringify(doc));
    return dir;
  }

  interface DiffJson {
    findings: { added: { id: string }[]; removed: { id: string }[] };
    unusedSuppressions?: unknown[];
  }

  test("leaves a suppressed finding out of the findings the change adds, and out of --fail-on", () => {
    // GIVEN a change that removes the bucket's versioning, with and without S3-004 suppressed
    const dir = versioningRemoved("diff-added");
    const plain = run(dir, "main.tf.json", "--baseline", "old.tf.json", "--format", "json", "--fail-on", "medium");
    const suppressed = run(
      dir,
      "main.tf.json",
      "--baseline",
      "old.tf.json",
      "--format",
      "json",
      "--fail-on",
      "medium",
      "--suppress",
      VERSIONING_FLAG,
    );
    // THEN without the suppression S3-004 is added and fails the gate; with it, neither
    expect((JSON.parse(plain.stdout) as DiffJson).findings.added.map((f) => f.id)).toEqual(["S3-004"]);
    expect(plain.exitCode).toBe(1);
    expect((JSON.parse(suppressed.stdout) as DiffJson).findings).toEqual({ added: [], removed: [] });
    expect((JSON.parse(suppressed.stdout) as DiffJson).unusedSuppressions).toEqual([]);
    expect(suppressed.exitCode).toBe(0);
  });

  test("applies to the baseline's findings too, and counts a suppression used on either side", () => {
    // GIVEN the reverse change (versioning added), S3-004 suppressed
    const dir = versioningRemoved("diff-removed");
    const result = run(
      dir,
      "old.tf.json",
      "--baseline",
      "main.tf.json",
      "--format",
      "json",
      "--fail-on",
      "medium",
      "--suppress",
      VERSIONING_FLAG,
    );
    // THEN the baseline's S3-004 is not reported as removed, and the suppression is in use
    const diff = JSON.parse(result.stdout) as DiffJson;
    expect(diff.findings.removed).toEqual([]);
    expect(diff.unusedSuppressions).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  test("warns about a suppression unused on both sides, and --fail-on fails on it", () => {
    // GIVEN vpce-review.json next to NEW with a stale suppression
    const dir = versioningRemoved("diff-stale", { suppressions: [{ rule: "S3-011", address: "aws_s3_bucket.*", reason: "stale" }] });
    const result = run(dir, "main.tf.json", "--baseline", "old.tf.json", "--fail-on", "high");
    expect(result.stderr).toMatch(/^warning: unused suppression S3-011 aws_s3_bucket\.\* \(vpce-review\.json suppressions\[0\]\)/m);
    expect(result.exitCode).toBe(1);
  });

  test("lists the unused suppressions in the diff's SARIF as configuration warnings", () => {
    const dir = versioningRemoved("diff-sarif", { suppressions: [{ rule: "S3-011", address: "aws_s3_bucket.*", reason: "stale" }] });
    const log = JSON.parse(run(dir, "main.tf.json", "--baseline", "old.tf.json", "--format", "sarif").stdout) as SarifLog;
    expect(log.runs[0]?.invocations?.[0]?.toolConfigurationNotifications).toHaveLength(1);
  });
});

describe("the README's section on suppressions", () => {
  test("shows the real output for its example config", () => {
    // GIVEN the README's example vpce-review.json beside the article's bare policies
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### Acknowledge a finding (suppressions)"));
    const block = (fence: string, from = 0): string => {
      const start = section.indexOf(`${fence}\n`, from) + fence.length + 1;
      return section.slice(start, section.indexOf("```\n", start));
    };
    const dir = folder("readme", JSON.parse(block("```json")));
    // WHEN reviewed as text
    const result = run(dir, "main.tf.json");
    // THEN the README's text sample is the suppressed section of the output, and its stderr sample is on stderr
    const [sample, stderr] = [block("```text"), block("```text", section.indexOf("and on stderr"))];
    expect(result.stdout).toContain(`\n${sample}\n`);
    expect(sample.startsWith("Suppressed findings (2)\n")).toBe(true);
    expect(result.stderr).toContain(stderr);
  });
});
