/**
 * Finds the real tools the deploy suite needs and says which are missing:
 * terraform, a filesystem mirror holding hashicorp/aws, moto's server, the aws CLI and the cdktf CLI.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** The tools found, with the provider version the mirror holds. */
export interface DeployTools {
  readonly terraform: string;
  readonly terraformVersion: string;
  /** A filesystem mirror (unpacked layout): `<mirror>/registry.terraform.io/hashicorp/aws/<version>/linux_amd64/`. */
  readonly mirror: string;
  readonly providerVersion: string;
  readonly motoServer: string;
  readonly awsCli: string;
  readonly cdktf: string;
}

/** Either every tool, or the sentences that say what is missing and how to get it. */
export type ToolSearch = { readonly ok: true; readonly tools: DeployTools } | { readonly ok: false; readonly missing: readonly string[] };

function runs(file: string, args: readonly string[]): string | undefined {
  const probe = spawnSync(file, [...args], { encoding: "utf8", timeout: 30_000, env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  return probe.status === 0 ? probe.stdout : undefined;
}

/** The newest 5.x/6.x hashicorp/aws version in the mirror, if any. */
export function mirroredAwsVersion(mirror: string): string | undefined {
  const dir = join(mirror, "registry.terraform.io", "hashicorp", "aws");
  if (!existsSync(dir)) return undefined;
  const versions = readdirSync(dir).filter((v) => /^[56]\.\d+\.\d+$/.test(v) && existsSync(join(dir, v, "linux_amd64")));
  const numeric = (v: string): number[] => v.split(".").map(Number);
  versions.sort((a, b) => numeric(b).reduce((acc, part, i) => acc || part - numeric(a)[i], 0));
  return versions[0];
}

/**
 * Looks for the tools. Paths can be overridden: `VPCE_TF_PLUGIN_DIR` (mirror, default /opt/tf-plugins),
 * `VPCE_MOTO_SERVER` (default `<root>/.venv-deploy/bin/moto_server`), `VPCE_AWS_CLI` (default /usr/bin/aws,
 * the real CLI: a pyenv shim may shadow `aws` on the PATH).
 */
export function findTools(root: string): ToolSearch {
  const missing: string[] = [];
  const terraformOut = runs("terraform", ["version", "-json"]);
  const terraformVersion = terraformOut ? (JSON.parse(terraformOut) as { terraform_version: string }).terraform_version : "";
  if (!terraformOut) missing.push("terraform (>= 1.5) is not on the PATH: https://developer.hashicorp.com/terraform/install");
  const mirror = process.env.VPCE_TF_PLUGIN_DIR ?? "/opt/tf-plugins";
  const providerVersion = mirroredAwsVersion(mirror);
  if (!providerVersion)
    missing.push(
      `no hashicorp/aws provider in the filesystem mirror ${mirror} (set VPCE_TF_PLUGIN_DIR; make one with \`terraform ` +
        `providers mirror\` on a connected machine)`,
    );
  const motoServer = process.env.VPCE_MOTO_SERVER ?? join(root, ".venv-deploy", "bin", "moto_server");
  if (!existsSync(motoServer))
    missing.push(
      `moto_server not found at ${motoServer}: python3 -m venv .venv-deploy && .venv-deploy/bin/pip install ` +
        `'moto[server]==5.2.5' (or set VPCE_MOTO_SERVER)`,
    );
  const awsCli = process.env.VPCE_AWS_CLI ?? "/usr/bin/aws";
  if (!runs(awsCli, ["--version"])) missing.push(`the aws CLI does not run at ${awsCli}: apt-get install awscli (or set VPCE_AWS_CLI)`);
  const cdktf = join(root, "node_modules", ".bin", "cdktf");
  if (!existsSync(cdktf)) missing.push(`the cdktf CLI is not in ${cdktf}: npm ci`);
  if (missing.length > 0 || !providerVersion) return { ok: false, missing };
  return { ok: true, tools: { terraform: "terraform", terraformVersion, mirror, providerVersion, motoServer, awsCli, cdktf } };
}
