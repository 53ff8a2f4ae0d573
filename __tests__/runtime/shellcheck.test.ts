import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { UserDataProps } from "../../modules/cloud-init";
import { describeWithTool } from "../support/system-tool";
import { renderedRunner } from "../support/user-data";

const SCRIPTS_DIR = path.join(__dirname, "..", "..", "scripts");
const SCRIPT_FILES = readdirSync(SCRIPTS_DIR)
  .filter((f) => f.endsWith(".sh"))
  .sort();
const HASH = "0".repeat(64);

/** Prop sets covering one script, several, the placeholder and a real bucket name. */
const RUNNER_PROPS: Record<string, UserDataProps> = {
  "one script, placeholder bucket": {
    instanceName: "web",
    region: "us-east-1",
    bucketName: "@@BUCKET@@",
    scripts: [{ fileName: "00-prepare.sh", key: "bootstrap/web/00-prepare.sh", sha256: HASH }],
  },
  "ten scripts, real bucket, odd key characters": {
    instanceName: "batch-01",
    region: "us-gov-west-1",
    bucketName: "my-scripts.bucket-1",
    scripts: Array.from({ length: 10 }, (_, i) => ({
      fileName: `${i}0_step.v${i}.sh`,
      key: `boot(strap)/it's/batch-01/${i}0_step.v${i}.sh!*`,
      sha256: HASH,
    })),
  },
};

/** Runs shellcheck on a file or, with `-`, on stdin; returns its exit status and findings. */
function shellcheck(args: string[], input?: string): { status: number | null; output: string } {
  const result = spawnSync("shellcheck", ["--severity=style", "--format=gcc", ...args], { input, encoding: "utf8", timeout: 30_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describeWithTool("shellcheck", ["--version"], "shellcheck", () => {
  test("the repository has example boot scripts to check", () => {
    expect(SCRIPT_FILES).toEqual(expect.arrayContaining(["00-prepare.sh", "10-app.sh", "90-health.sh"]));
  });

  test.each(SCRIPT_FILES)("scripts/%s is shellcheck clean, strict bash", (file) => {
    const fullPath = path.join(SCRIPTS_DIR, file);
    const { status, output } = shellcheck([fullPath]);
    expect(output).toBe("");
    expect(status).toBe(0);
    expect(readFileSync(fullPath, "utf8")).toMatch(/^#!\/usr\/bin\/env bash\n(#.*\n)*set -euo pipefail\n/);
  });

  test.each(Object.entries(RUNNER_PROPS))("the rendered runner (%s) is shellcheck clean", (_case, props) => {
    const { status, output } = shellcheck(["-s", "bash", "-"], renderedRunner(props));
    expect(output).toBe("");
    expect(status).toBe(0);
  });

  test("shellcheck really reports problems (negative control)", () => {
    const { status, output } = shellcheck(["-s", "bash", "-"], "#!/bin/bash\nrm -rf $DIR/*\n");
    expect(status).not.toBe(0);
    expect(output).toMatch(/SC2086/);
  });
});
