/**
 * No synth loses Terraform's state or working data: through `npm run synth` and the real cdktf CLI
 * (`npx cdktf synth`), in copies of the project so that the checkout's own cdktf.out is not touched.
 * The runs are real processes, spawned without blocking: the CLI's runs (seconds each, mostly its own
 * start-up) and the old-layout synths each get a copy of their own and run side by side.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { hasStackTrace } from "./support/cli";
import { ROOT } from "./support/paths";
import { type SpawnedResult, spawnAsync } from "./support/spawn-async";

// The cdktf CLI phones home and asks terraform for its version unless told not to.
const CLI_ENV = {
  CHECKPOINT_DISABLE: "1",
  DISABLE_VERSION_CHECK: "true",
  TF_CLI_CONFIG_FILE: "/dev/null",
  NO_COLOR: "1",
  FORCE_COLOR: "0",
  DEBUG: "",
};
/** A run that has not ended by then is killed: a guard against a hang, not a speed limit. */
const RUN_TIMEOUT_MS = 90_000;
// A test or hook waits for one run at most, plus copying files; jest's default (5 s) would be a speed limit.
jest.setTimeout(2 * RUN_TIMEOUT_MS);

/**
 * What no synth reads: the checkout's node_modules (linked instead), the tests, the other entries' bundles,
 * the library build, the bench and the docs, and every hidden entry at the top (git data, the tool
 * virtualenvs that `.ci/run` installs beside the sources: hundreds of megabytes).
 */
const NOT_COPIED = ["node_modules", "coverage", "__tests__", join("dist", "cli"), "lib", "bench", "docs"];
const copied = (path: string, skip: Set<string>) => !skip.has(path) && !path.startsWith(".");
const copies: string[] = [];

/**
 * A copy of a project (sources, bundles with their timestamps so that they stay fresh, cdktf.json) with
 * the checkout's node_modules linked in: of the checkout without its cdktf.out by default, or of an
 * earlier copy as it stands (its cdktf.out and state files included).
 */
function projectCopy(from = ROOT): string {
  const copy = join(mkdtempSync(join(tmpdir(), "vpce-state-")), "project");
  copies.push(dirname(copy));
  const skip = new Set(from === ROOT ? [...NOT_COPIED, "cdktf.out"] : NOT_COPIED);
  cpSync(from, copy, { recursive: true, preserveTimestamps: true, filter: (src) => copied(relative(from, src), skip) });
  symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
  return copy;
}

/** Runs a command to its end (status null when killed or it could not start), without blocking the other runs. */
function run(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<SpawnedResult> {
  return spawnAsync(command, args, {
    cwd,
    env: { ...process.env, ...CLI_ENV, CDKTF_OUTDIR: "", VPCE_CONFIG: "", ...env },
    timeoutMs: RUN_TIMEOUT_MS,
  });
}

const npmSynth = (cwd: string, env?: NodeJS.ProcessEnv) => run(cwd, process.execPath, ["tools/run.mjs", "main"], env);
const cdktfSynth = (cwd: string, env?: NodeJS.ProcessEnv) => run(cwd, join(ROOT, "node_modules", ".bin", "cdktf"), ["synth"], env);
const stackFileOf = (project: string) => join(project, "cdktf.out", "stacks", "vpce-demo", "cdk.tf.json");

// One `npm run synth` of the default config in a fresh copy: the first test checks it, and every other
// scenario starts from a copy of the project it left.
let fresh: { project: string; synth: SpawnedResult };
beforeAll(async () => {
  const project = projectCopy();
  fresh = { project, synth: await npmSynth(project) };
});
afterAll(() => {
  for (const copy of copies) rmSync(copy, { recursive: true, force: true });
});

/** Files Terraform and the user leave in and beside a stack folder, with distinct bytes. */
function plant(project: string, stack: string): Record<string, string> {
  const stackDir = join("cdktf.out", "stacks", stack);
  const files: Record<string, string> = {
    [`terraform.${stack}.tfstate`]: JSON.stringify({ version: 4, serial: 7, lineage: `lineage-${stack}` }),
    [`terraform.${stack}.tfstate.backup`]: JSON.stringify({ version: 4, serial: 6, lineage: `lineage-${stack}` }),
    [join(stackDir, ".terraform.lock.hcl")]: `provider "registry.terraform.io/hashicorp/aws" {\n  version = "6.25.0"\n}\n`,
    [join(stackDir, ".terraform", "providers", "registry.terraform.io", "hashicorp", "aws", "6.25.0", "linux_amd64", "LICENSE.txt")]:
      `provider cache of ${stack}\n`,
    [join(stackDir, ".terraform", "terraform.tfstate")]: JSON.stringify({ backend: { type: "local" } }),
    [join(stackDir, "tfplan")]: `plan of ${stack}`,
    [join(stackDir, "emulator_override.tf.json")]: JSON.stringify({ provider: { aws: [{ s3_use_path_style: true }] } }),
  };
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(join(project, file, ".."), { recursive: true });
    writeFileSync(join(project, file), content);
  }
  return files;
}

function expectUnchanged(project: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) expect([file, readFileSync(join(project, file), "utf8")]).toEqual([file, content]);
}

describe("state safety (real processes, in a copy of the project)", () => {
  // The npm run synth tests go on, in order, in one copy of the freshly synthesized project.
  let project: string;
  let stackFile: string;
  beforeAll(() => {
    project = projectCopy(fresh.project);
    stackFile = stackFileOf(project);
  });

  test("the default local state lives beside cdktf.out, at the same relative path on every machine", () => {
    const first = fresh.synth;
    expect(first.stderr).toBe("");
    expect(first.stdout).toMatch(/^synthesized vpce-demo: \d+ resources → cdktf\.out\/stacks\/vpce-demo\/cdk\.tf\.json\n$/);
    const tf = JSON.parse(readFileSync(stackFileOf(fresh.project), "utf8")) as {
      terraform: { backend: unknown; required_providers: { aws: { version: string } } };
    };
    expect(tf.terraform.backend).toEqual({
      local: { path: "../../../terraform.vpce-demo.tfstate", workspace_dir: "../../../terraform.vpce-demo.tfstate.d" },
    });
    expect(tf.terraform.required_providers.aws.version).toBe("~> 6.25");
  });

  test("npm run synth keeps the state, lock file, provider cache, plan and override files byte for byte", async () => {
    // GIVEN a deployed-looking project
    const planted = plant(project, "vpce-demo");
    writeFileSync(stackFile, "{}");
    // WHEN synthesized again
    const again = await npmSynth(project);
    // THEN the stack file is regenerated and everything else is as it was
    expect(again.status).toBe(0);
    expect(JSON.parse(readFileSync(stackFile, "utf8"))).toHaveProperty("resource.aws_vpc");
    expectUnchanged(project, planted);
  });

  test("synthesizing config B leaves config A's stack folder alone, and the manifest lists B only", async () => {
    const plantedA = plant(project, "vpce-demo");
    const stackA = readFileSync(stackFile, "utf8");
    // WHEN another project's config is synthesized into the same cdktf.out
    const b = await npmSynth(project, { VPCE_CONFIG: "config/single-endpoint.json" });
    expect(b.stderr).toBe("");
    expect(b.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(project, "cdktf.out", "manifest.json"), "utf8")) as { stacks: Record<string, unknown> };
    const [projectB] = Object.keys(manifest.stacks);
    expect(projectB).not.toBe("vpce-demo");
    expect(Object.keys(manifest.stacks)).toEqual([projectB]);
    // THEN A's folder is untouched
    expectUnchanged(project, plantedA);
    expect(readFileSync(stackFile, "utf8")).toBe(stackA);
  });

  // The two CLI tests start from the project as the tests above left it, each in a copy of its own, and
  // run at the same time (jest starts the concurrent tests of a block together, after its other tests).
  test.concurrent("npx cdktf synth refuses to let the CLI delete another stack's working data, and writes nothing", async () => {
    // GIVEN cdktf.out holds B's stack (last synthesized) and A's folder with Terraform working data
    const copy = projectCopy(project);
    const before = readFileSync(join(copy, "cdktf.out", "manifest.json"), "utf8");
    const plantedA = plant(copy, "vpce-demo");
    // WHEN the CLI synthesizes B again (the CLI removes the folders its app does not produce)
    const refused = await cdktfSynth(copy, { VPCE_CONFIG: "config/single-endpoint.json" });
    // THEN the app refuses, naming the folder and what it holds, and nothing is lost
    expect(refused.status).not.toBe(0);
    expect(`${refused.stdout}${refused.stderr}`).toMatch(
      new RegExp(
        String.raw`the cdktf CLI would delete cdktf\.out\/stacks\/vpce-demo, which holds Terraform's working ` +
          String.raw`data \(\.terraform\.lock\.hcl, \.terraform\/, emulator_override\.tf\.json, tfplan\)`,
      ),
    );
    expect(hasStackTrace(refused.stderr)).toBe(false);
    expectUnchanged(copy, plantedA);
    expect(readFileSync(join(copy, "cdktf.out", "manifest.json"), "utf8")).toBe(before);
  });

  test.concurrent(
    "npx cdktf synth of the same stack keeps its state, lock file, provider cache, plan and override files " + "byte for byte",
    async () => {
      // GIVEN the default stack with Terraform's working data, and no other stack folder
      const copy = projectCopy(project);
      const stacksDir = join(copy, "cdktf.out", "stacks");
      for (const other of readdirSync(stacksDir).filter((name) => name !== "vpce-demo"))
        rmSync(join(stacksDir, other), { recursive: true });
      const planted = plant(copy, "vpce-demo");
      // WHEN the real cdktf CLI synthesizes
      const synth = await cdktfSynth(copy);
      // THEN it succeeds and every planted file is byte-identical
      expect([synth.status, synth.stderr]).toEqual([0, expect.not.stringMatching(/error: /)]);
      expect(JSON.parse(readFileSync(stackFileOf(copy), "utf8"))).toHaveProperty("resource.aws_vpc");
      expectUnchanged(copy, planted);
    },
  );
});

describe("state at the old location (inside the stack folder)", () => {
  /** A project whose previous synth used the old default backend path, with state Terraform wrote there. */
  function oldLayout(state: string): string {
    expect(fresh.synth.status).toBe(0);
    const project = projectCopy(fresh.project);
    const stackDir = join(project, "cdktf.out", "stacks", "vpce-demo");
    const file = join(stackDir, "cdk.tf.json");
    const tf = JSON.parse(readFileSync(file, "utf8")) as { terraform: { backend: unknown } };
    tf.terraform.backend = { local: { path: "terraform.vpce-demo.tfstate" } };
    writeFileSync(file, JSON.stringify(tf));
    writeFileSync(join(stackDir, "terraform.vpce-demo.tfstate"), state);
    writeFileSync(join(stackDir, "terraform.vpce-demo.tfstate.backup"), `${state} backup`);
    return project;
  }

  test.concurrent("is moved beside cdktf.out with a note naming both paths", async () => {
    const project = oldLayout('{"serial": 3}');
    // WHEN synthesized with the new backend
    const synth = await npmSynth(project);
    // THEN the state and its backup are at the new place, unchanged, and the user is told
    expect(synth.status).toBe(0);
    expect(synth.stderr).toContain(
      "note: moved Terraform state cdktf.out/stacks/vpce-demo/terraform.vpce-demo.tfstate → terraform.vpce-demo.tfstate",
    );
    expect(readFileSync(join(project, "terraform.vpce-demo.tfstate"), "utf8")).toBe('{"serial": 3}');
    expect(readFileSync(join(project, "terraform.vpce-demo.tfstate.backup"), "utf8")).toBe('{"serial": 3} backup');
    expect(existsSync(join(project, "cdktf.out", "stacks", "vpce-demo", "terraform.vpce-demo.tfstate"))).toBe(false);
  });

  test.concurrent("is never overwritten: a different state at the new place refuses the synth and changes nothing", async () => {
    const project = oldLayout('{"serial": 3}');
    writeFileSync(join(project, "terraform.vpce-demo.tfstate"), '{"serial": 9}');
    const stackFile = join(project, "cdktf.out", "stacks", "vpce-demo", "cdk.tf.json");
    const before = readFileSync(stackFile, "utf8");
    // WHEN synthesized
    const synth = await npmSynth(project);
    // THEN one error line names both files and the fix; both states and the old output stay
    expect(synth.status).toBe(1);
    expect(synth.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        new RegExp(
          String.raw`^error: stacks\.vpce-demo\.backend: Terraform state exists both at ` +
            String.raw`cdktf\.out\/stacks\/vpce-demo\/terraform\.vpce-demo\.tfstate .* and at ` +
            String.raw`terraform\.vpce-demo\.tfstate .*, and they differ — keep the one that matches`,
        ),
      ),
    ]);
    expect(readFileSync(join(project, "cdktf.out", "stacks", "vpce-demo", "terraform.vpce-demo.tfstate"), "utf8")).toBe('{"serial": 3}');
    expect(readFileSync(join(project, "terraform.vpce-demo.tfstate"), "utf8")).toBe('{"serial": 9}');
    expect(readFileSync(stackFile, "utf8")).toBe(before);
  });
});
