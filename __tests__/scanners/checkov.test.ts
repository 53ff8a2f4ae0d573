/**
 * checkov side by side: the pinned checkov (requirements-checkov.txt) scans every synthesized example
 * config, offline; every failed check must be a deliberate exception (checkov-exceptions.json, each
 * with its reason), every exception must still be reported, and the README lists exactly these.
 * Without checkov: a SKIPPED notice, and in CI (`CI=true`) a failure naming the install command.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CHECKOV,
  CHECKOV_INSTALL,
  type CheckovException,
  type CheckovFailure,
  covers,
  loadExceptions,
  pinnedCheckovVersion,
  scanWithCheckovAsync,
  staleExceptions,
  unexplained,
} from "../support/checkov";
import { exampleConfigs, synthExample } from "../support/examples";
import { compare, exampleLabel, type Finding, renderRow, reviewAsync } from "./comparison";
import { ROOT } from "../support/scenario";
import { describeWithTool, INSTALLED } from "../support/system-tool";

const EXCEPTIONS = loadExceptions();
const EXAMPLES = exampleConfigs();

const failure = (check: string, resource: string): CheckovFailure => ({ check, resource, name: "a check" });
const exception = (check: string, resource: string, configs?: string[]): CheckovException => ({
  check,
  resource,
  configs,
  reason: "a reason",
});

describe("deliberate checkov exceptions: matching", () => {
  test("an exception covers a failure of its check whose address matches its pattern, `*` standing for any characters", () => {
    const e = exception("CKV_AWS_144", "aws_s3_bucket.ScriptBucket_*");
    expect(covers(e, failure("CKV_AWS_144", "aws_s3_bucket.ScriptBucket_7411736E"), "default")).toBe(true);
    expect(covers(e, failure("CKV_AWS_145", "aws_s3_bucket.ScriptBucket_7411736E"), "default")).toBe(false);
    expect(covers(e, failure("CKV_AWS_144", "aws_s3_bucket.Other"), "default")).toBe(false);
    // `.` in a pattern is a dot, not any character
    expect(covers(e, failure("CKV_AWS_144", "aws_s3_bucketXScriptBucket_1"), "default")).toBe(false);
  });

  test("an exception scoped to configs covers failures of those configs only", () => {
    const e = exception("CKV_AWS_145", "aws_s3_bucket.ScriptBucket_7411736E", ["vpc-mode.json"]);
    const f = failure("CKV_AWS_145", "aws_s3_bucket.ScriptBucket_7411736E");
    expect(unexplained([f], [e], "vpc-mode.json")).toEqual([]);
    expect(unexplained([f], [e], "default")).toEqual([f]);
  });

  test("an exception is stale for each config it applies to where checkov no longer reports it", () => {
    const e = exception("CKV_AWS_144", "aws_s3_bucket.*");
    const runs = new Map([
      ["default", [failure("CKV_AWS_144", "aws_s3_bucket.A")]],
      ["vpc-mode.json", []],
    ]);
    expect(staleExceptions([e], runs)).toEqual([{ exception: e, config: "vpc-mode.json" }]);
  });

  test("every exception names a check, a resource pattern, known example configs and a reason", () => {
    const names = EXAMPLES.map((x) => x.name);
    for (const e of EXCEPTIONS) {
      expect(e.check).toMatch(/^CKV2?_AWS_\d+$/);
      expect(e.resource).toMatch(/^[\w.*-]+$/);
      expect(e.reason.length).toBeGreaterThan(20);
      for (const config of e.configs ?? []) expect(names).toContain(config);
    }
  });
});

describe("the README's deliberate-exceptions table", () => {
  test("lists exactly the entries of __tests__/scanners/checkov-exceptions.json, in order", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const start = readme.indexOf("### Deliberate exceptions to common scanners");
    const section = readme.slice(start, readme.indexOf("\n## ", start));
    const listed = [...section.matchAll(/^\| `(CKV2?_AWS_\d+)` \| `([^`]+)` \| ([^|]+) \|/gm)].map((m) => ({
      check: m[1],
      resource: m[2],
      configs: m[3].trim(),
    }));
    expect(listed).toEqual(
      EXCEPTIONS.map((e) => ({
        check: e.check,
        resource: e.resource,
        configs: e.configs ? e.configs.map((c) => `\`${c}\``).join(", ") : "all",
      })),
    );
  });
});

// Where a network namespace can be made (root, as in CI), the scan runs in one with no network at
// all (unshare -n): no Prisma Cloud / Bridgecrew API, no PyPI update check, so every result below
// is checkov's offline result.
const ISOLATED = spawnSync("unshare", ["-n", "true"]).status === 0;

// Found, not run (INSTALLED): `checkov --version` alone costs a scan's start-up; the version is
// read from the scan's report instead.
describeWithTool(
  CHECKOV,
  INSTALLED,
  "checkov on every synthesized example config",
  () => {
    const runs = new Map<string, readonly CheckovFailure[]>();
    const files = new Map<string, string>();
    const reviews = new Map<string, readonly Finding[]>();
    let version = "";
    let offline = false;
    let outdir = "";

    beforeAll(async () => {
      outdir = mkdtempSync(join(tmpdir(), "vpce-checkov-"));
      for (const example of EXAMPLES) files.set(example.name, synthExample(example, join(outdir, example.name.replace(/\W/g, "_"))));
      // One checkov process for every file: its start-up is most of a scan's time. The reviews of
      // the same files run meanwhile.
      const scanning = scanWithCheckovAsync([...files.values()], CHECKOV, { noNetwork: ISOLATED });
      const reviewing = Promise.all([...files].map(async ([name, file]) => reviews.set(name, await reviewAsync(file))));
      // Both end before either's failure is reported: no checkov left reading a removed folder.
      await Promise.allSettled([scanning, reviewing]);
      await reviewing;
      const scan = await scanning;
      version = scan.version;
      offline = scan.offline;
      for (const [name, file] of files) {
        const run = scan.runs.get(file);
        // A file checkov cannot parse would pass with nothing checked.
        if (run === undefined || run.parsingErrors > 0 || run.passed === 0)
          throw new Error(`checkov checked nothing in ${file} (${run?.parsingErrors ?? "no"} parsing errors)`);
        runs.set(name, run.failures);
      }
    }, 600_000);

    afterAll(() => {
      if (outdir) rmSync(outdir, { recursive: true, force: true });
    });

    (ISOLATED ? test : test.skip)("scans with no network at all (unshare -n), and finds something in every file", () => {
      expect(offline).toBe(true);
      expect(runs.size).toBe(EXAMPLES.length);
      expect([...runs.values()].every((failures) => failures.length > 0)).toBe(true);
    });

    test("is the version pinned in requirements-checkov.txt", () => {
      expect(version).toBe(pinnedCheckovVersion());
    });

    test.each(EXAMPLES.map((x) => x.name))("%s: every failed check is fixed in the constructs or a listed exception", (name) => {
      // GIVEN the example synthesized WHEN checkov scans it THEN nothing fails but the listed exceptions
      const failures = runs.get(name) ?? [];
      expect(unexplained(failures, EXCEPTIONS, name).map((f) => `${f.check} ${f.resource}: ${f.name}`)).toEqual([]);
    });

    test("every listed exception is still reported by checkov (a stale one must be removed from the list)", () => {
      expect(staleExceptions(EXCEPTIONS, runs).map(({ exception: e, config }) => `${e.check} ${e.resource} in ${config}`)).toEqual([]);
    });

    test.each(EXAMPLES.map((x) => x.name))("%s: the README's comparison row is what npm run review and checkov find now", (name) => {
      // GIVEN this run's checkov failures and the rule pack's findings on the same file
      const row = renderRow(compare(exampleLabel(name), reviews.get(name) ?? [], runs.get(name) ?? [], false));
      // THEN the README's table (bench/scanner-comparison.ts) holds exactly that row
      expect(readFileSync(join(ROOT, "README.md"), "utf8").split("\n")).toContain(row);
    });
  },
  { install: CHECKOV_INSTALL },
);
