import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { hasStackTrace, runDist } from "./support/cli";
import { ROOT } from "./support/scenario";

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

function badConfig(dir: string, config: unknown): string {
  const file = join(dir, "bad.json");
  writeFileSync(file, typeof config === "string" ? config : JSON.stringify(config));
  return file;
}

describe("the app (dist/main.js, what npm run synth and cdktf synth run)", () => {
  const work = mkdtempSync(join(tmpdir(), "vpce-main-"));
  const outdir = join(work, "cdktf.out");

  test("synthesizes the default scenario to cdktf.out/stacks/<project>/cdk.tf.json", () => {
    const run = runDist("main.js", [], { env: { CDKTF_OUTDIR: outdir } });
    expect(run.status).toBe(0);
    const tf = JSON.parse(readFileSync(join(outdir, "stacks", "vpce-demo", "cdk.tf.json"), "utf8")) as { resource: object };
    expect(Object.keys(tf.resource)).toEqual(expect.arrayContaining(["aws_vpc", "aws_vpc_endpoint", "aws_s3_bucket_policy", "aws_instance"]));
  });

  test.each<[string, unknown, RegExp]>([
    ["not JSON", "{ nope", /error: VPCE_CONFIG: ".*bad\.json" is not valid JSON/],
    ["a schema error", { project: "x1x", region: "us-east-1", network: { cidr: "300.0.0.0/16" } }, /error: network\.cidr: "300\.0\.0\.0\/16" is not an IPv4 CIDR/],
    ["a semantic error", { project: "x1x", region: "us-east-1", endpointGroups: [{ name: "a", tiers: ["app"] }, { name: "b", tiers: ["app"] }] }, /error: endpointGroups\[1\]\.tiers\[0\]: tier "app" is already routed to endpoint group "a"/],
  ])("refuses %s with exit 1, one line per problem, no stack trace, and cdktf.out untouched", (_name, config, expected) => {
    const before = snapshotTree(outdir);
    const run = runDist("main.js", [], { env: { CDKTF_OUTDIR: outdir, VPCE_CONFIG: badConfig(work, config) } });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(expected);
    expect(hasStackTrace(run.stderr)).toBe(false);
    expect(snapshotTree(outdir)).toEqual(before);
    expect(readdirSync(work).filter((name) => name.includes("staging"))).toEqual([]);
  });

  test("a missing config file is one line naming VPCE_CONFIG", () => {
    const run = runDist("main.js", [], { env: { CDKTF_OUTDIR: outdir, VPCE_CONFIG: join(work, "absent.json") } });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^error: VPCE_CONFIG: cannot read config file .*absent\.json" \(ENOENT\)/)]);
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
