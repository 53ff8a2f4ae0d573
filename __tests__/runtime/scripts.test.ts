/**
 * The example boot scripts run directly (no S3): dry-run behaviour, idempotency and guards.
 * The runner end to end is in runner.e2e.test.ts.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const SCRIPTS_DIR = path.join(__dirname, "..", "..", "scripts");

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "boot-scripts-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Runs a script as the runner does (env -i style, umask 022 unless given), under bash. */
function run(script: string, env: Record<string, string>, umask = "022"): { status: number | null; output: string } {
  const result = spawnSync("bash", ["-c", `umask ${umask} && exec "$0"`, path.join(SCRIPTS_DIR, script)], {
    env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C.UTF-8", ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const dryRun = (): Record<string, string> => ({ BOOTSTRAP_DRY_RUN: "1", BOOTSTRAP_ROOT: root, BOOTSTRAP_INSTANCE: "web" });

describe("00-prepare.sh", () => {
  test("changes nothing in dry-run mode", () => {
    const { status, output } = run("00-prepare.sh", dryRun());
    expect(status).toBe(0);
    expect(output).toContain("dry run: would install nginx with dnf");
  });

  test("fails clearly on a host without dnf, instead of pretending to have prepared it", () => {
    // GIVEN a PATH that holds bash and nothing else
    const bin = path.join(root, "bin");
    mkdirSync(bin);
    symlinkSync("/bin/bash", path.join(bin, "bash"));
    const result = spawnSync("/usr/bin/env", ["-i", `PATH=${bin}`, "bash", path.join(SCRIPTS_DIR, "00-prepare.sh")], { encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("dnf not found: this script targets Amazon Linux 2023");
  });
});

describe("10-app.sh", () => {
  test("writes the nginx site once, then finds nothing to change", () => {
    const first = run("10-app.sh", dryRun());
    const second = run("10-app.sh", dryRun());
    expect(first.output).toContain("(changed=1)");
    expect(second.output).toContain("(changed=0)");
    expect(second.status).toBe(0);
  });

  test("leaves its files readable by nginx even under a restrictive umask", () => {
    run("10-app.sh", dryRun(), "077");
    for (const file of ["etc/nginx/conf.d/bootstrap.conf", "usr/share/nginx/bootstrap/index.html"]) {
      expect(statSync(path.join(root, file)).mode & 0o777).toBe(0o644);
    }
  });

  test("refuses a dry run without BOOTSTRAP_ROOT, so a dry run never writes to /etc", () => {
    const { status, output } = run("10-app.sh", { BOOTSTRAP_DRY_RUN: "1" });
    expect(status).toBe(1);
    expect(output).toContain("BOOTSTRAP_DRY_RUN=1 needs BOOTSTRAP_ROOT");
  });
});

describe("90-health.sh", () => {
  test("is unhealthy in dry-run mode until the app is configured", () => {
    const before = run("90-health.sh", dryRun());
    expect(before.status).toBe(1);
    expect(before.output).toMatch(/unhealthy: .*bootstrap\.conf missing/);

    run("10-app.sh", dryRun());
    const after = run("90-health.sh", dryRun());
    expect(after.status).toBe(0);
    expect(after.output).toContain("dry run: healthy");
  });
});
