/**
 * `terraform validate` on the synthesized default stack — only where it can really run.
 *
 * It needs the terraform binary AND a hashicorp/aws provider in a local provider mirror, because
 * these machines must not reach the Terraform registry: the test runs `terraform init -plugin-dir=<mirror>`
 * (no registry lookups) with checkpoint calls disabled. The pinned 6.25.0 is preferred; when the
 * mirror only holds another 5.x/6.x version, the stack is validated against that version, in a
 * copy whose pin is changed, and the test's name says which version it used.
 * Point `VPCE_TF_PLUGIN_DIR` at a mirror laid out as `registry.terraform.io/hashicorp/aws/<version>/linux_amd64/`
 * (e.g. made with `terraform providers mirror` on a connected machine). Otherwise it says why and skips.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runDist } from "../support/cli";

const PROVIDER_VERSION = "6.25.0";
const MIRRORS = [process.env.VPCE_TF_PLUGIN_DIR, join(process.env.HOME ?? "", ".terraform.d", "plugins")].filter((d): d is string => Boolean(d));
const TERRAFORM_ENV = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_CLI_CONFIG_FILE: "/dev/null" };

function terraformVersion(): string | undefined {
  const probe = spawnSync("terraform", ["version"], { env: TERRAFORM_ENV, encoding: "utf8", timeout: 20_000 });
  return probe.status === 0 ? probe.stdout.split("\n")[0] : undefined;
}

/** The first mirror holding hashicorp/aws, and the version to validate with: the pinned one if present. */
function mirrorWithProvider(): { dir: string; providerVersion: string } | undefined {
  for (const dir of MIRRORS) {
    const awsDir = join(dir, "registry.terraform.io", "hashicorp", "aws");
    const versions = existsSync(awsDir) ? readdirSync(awsDir).filter((v) => /^[56]\.\d+\.\d+$/.test(v)) : [];
    if (versions.includes(PROVIDER_VERSION)) return { dir, providerVersion: PROVIDER_VERSION };
    if (versions.length > 0) return { dir, providerVersion: versions.sort().reverse()[0] };
  }
  return undefined;
}

const version = terraformVersion();
const mirror = version ? mirrorWithProvider() : undefined;
const skipReason = !version
  ? "terraform is not on PATH (install terraform >= 1.5 to run terraform validate)"
  : !mirror
    ? `${version} found, but no local mirror holds hashicorp/aws (looked in ${MIRRORS.join(", ")}); set VPCE_TF_PLUGIN_DIR to run terraform validate without the registry`
    : undefined;
if (skipReason) console.warn(`SKIPPED: terraform validate: ${skipReason}`);

(skipReason ? describe.skip : describe)("terraform validate (opt-in: terraform and a local provider mirror)", () => {
  const pinned = mirror?.providerVersion === PROVIDER_VERSION ? "the pinned" : "a mirrored (not the pinned)";
  test(`the synthesized default stack is valid Terraform for ${pinned} hashicorp/aws ${mirror?.providerVersion ?? ""}`, () => {
    const out = join(mkdtempSync(join(tmpdir(), "vpce-tf-")), "cdktf.out");
    expect(runDist("main.js", [], { env: { CDKTF_OUTDIR: out } }).status).toBe(0);
    const stackDir = join(out, "stacks", "vpce-demo");
    const file = join(stackDir, "cdk.tf.json");
    const pin = `"version": "${PROVIDER_VERSION}"`;
    expect(readFileSync(file, "utf8")).toContain(pin);
    writeFileSync(file, readFileSync(file, "utf8").replace(pin, `"version": "${mirror?.providerVersion}"`));
    const init = spawnSync("terraform", ["init", "-backend=false", "-input=false", `-plugin-dir=${mirror?.dir}`], { cwd: stackDir, env: TERRAFORM_ENV, encoding: "utf8", timeout: 120_000 });
    expect(init.stderr).toBe("");
    expect(init.status).toBe(0);
    const validate = spawnSync("terraform", ["validate", "-json"], { cwd: stackDir, env: TERRAFORM_ENV, encoding: "utf8", timeout: 120_000 });
    expect(JSON.parse(validate.stdout)).toMatchObject({ valid: true, error_count: 0 });
  });
});
