import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { hasStackTrace, runDist } from "./support/cli";
import { ROOT } from "./support/paths";

/** Every file under a folder with its bytes, keyed by relative path. */
function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, "base64");
    }
  };
  walk(dir);
  return out;
}

describe("the synth command", () => {
  test("npm run synth and cdktf.json's app are the same command, node flags included", () => {
    // GIVEN the two ways users start a synth
    const read = (file: string) => JSON.parse(readFileSync(join(ROOT, file), "utf8"));
    // WHEN their commands are compared
    // THEN they are one command, so a memory flag on one (see tools/run.mjs) is on both
    expect(read("cdktf.json").app).toBe(read("package.json").scripts.synth);
  });
});

describe("the app (dist/main.js, what npm run synth and cdktf synth run)", () => {
  const work = mkdtempSync(join(tmpdir(), "vpce-main-"));
  const outdir = join(work, "cdktf.out");

  test("synthesizes the default scenario to cdktf.out/stacks/<project>/cdk.tf.json", () => {
    const run = runDist("main.js", [], { env: { CDKTF_OUTDIR: outdir } });
    expect(run.status).toBe(0);
    const tf = JSON.parse(readFileSync(join(outdir, "stacks", "vpce-demo", "cdk.tf.json"), "utf8")) as { resource: object };
    expect(Object.keys(tf.resource)).toEqual(
      expect.arrayContaining(["aws_vpc", "aws_vpc_endpoint", "aws_s3_bucket_policy", "aws_instance"]),
    );
  });

  // Bad configs through this process (exit 1, no stack trace, cdktf.out untouched) are covered
  // case by case in __tests__/reliability/bad-configs.test.ts.

  test("refuses a stack whose instance cannot fetch its scripts: one sentence, exit 1, nothing written", () => {
    // GIVEN the web instance's tier in no endpoint group
    const config = join(work, "no-endpoint.json");
    writeFileSync(
      config,
      JSON.stringify({
        project: "vpce-demo",
        region: "us-east-1",
        bucket: { scriptsDir: join(ROOT, "scripts") },
        endpointGroups: [{ name: "publishers", tiers: ["ops"], access: "read-write" }],
      }),
    );
    const before = snapshotTree(outdir);
    // WHEN synthesized THEN the guard refuses, naming the instance, the script and the deciding statement
    const run = runDist("main.js", [], { env: { CDKTF_OUTDIR: outdir, VPCE_CONFIG: config } });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        new RegExp(
          String.raw`^error: \[vpce-demo\] aws_instance\.Instances_web_Instance_\w+: instance "web" cannot ` +
            String.raw`fetch its boot script bootstrap\/00-prepare\.sh: .* → the NAT gateway and is refused: ` +
            String.raw`denied by bucket policy statement "DenyOutsideScenarioEndpoints" \(Deny\) — add the ` +
            "instance's tier to an endpoint group",
        ),
      ),
    ]);
    expect(hasStackTrace(run.stderr)).toBe(false);
    expect(snapshotTree(outdir)).toEqual(before);
  });

  test("a missing config file is one line naming VPCE_CONFIG", () => {
    const run = runDist("main.js", [], { env: { CDKTF_OUTDIR: outdir, VPCE_CONFIG: join(work, "absent.json") } });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^error: VPCE_CONFIG: cannot read config file .*absent\.json" \(ENOENT\)/),
    ]);
  });

  test("two synths, here and in a copy of the project elsewhere, give byte-identical stacks with no absolute paths", () => {
    const copy = join(mkdtempSync(join(tmpdir(), "vpce-copy-")), "project");
    mkdirSync(copy);
    for (const entry of ["dist", "scripts", "config", "package.json"]) cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
    const elsewhere = join(work, "elsewhere.out");
    expect(runDist("main.js", [], { env: { CDKTF_OUTDIR: elsewhere } }).status).toBe(0);
    const again = join(copy, "cdktf.out");
    const run = runDist("main.js", [], { env: { CDKTF_OUTDIR: again, NODE_PATH: join(ROOT, "node_modules") }, cwd: copy });
    expect(run.stderr).toBe("");
    expect(snapshotTree(again)).toEqual(snapshotTree(outdir));
    expect(snapshotTree(elsewhere)).toEqual(snapshotTree(outdir));
    const text = readFileSync(join(outdir, "stacks", "vpce-demo", "cdk.tf.json"), "utf8");
    expect(text).not.toContain(ROOT);
    expect(text).not.toContain(tmpdir());
    expect(text).not.toMatch(/20\d\d-\d\d-\d\dT\d\d:\d\d/);
  });
});
