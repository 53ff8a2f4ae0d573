import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { renderUserData, type UserDataProps } from "../../modules/cloud-init";
import { describeWithTool, INSTALLED } from "../support/system-tool";
import { renderedCloudConfig, renderedRunner } from "../support/user-data";

const HASH = "f".repeat(64);

const PROP_SETS: Record<string, UserDataProps> = {
  "the article's web instance": {
    instanceName: "web",
    region: "us-east-1",
    bucketName: "@@BUCKET@@",
    scripts: ["00-prepare.sh", "10-app.sh", "90-health.sh"].map((f) => ({ fileName: f, key: `bootstrap/web/${f}`, sha256: HASH })),
  },
  "a single script in another partition": {
    instanceName: "ops.worker_1",
    region: "cn-northwest-1",
    bucketName: "ops-scripts-123",
    scripts: [{ fileName: "run.sh", key: "run.sh", sha256: HASH }],
  },
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cloud-config-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `cloud-init schema --config-file` on the given text. */
function schema(name: string, text: string): { status: number | null; output: string } {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  const result = spawnSync("cloud-init", ["schema", "--config-file", file], { encoding: "utf8", timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The Python interpreter cloud-init itself runs under, read from its shebang. */
function cloudInitPython(): string {
  const which = spawnSync("sh", ["-c", "command -v cloud-init"], { encoding: "utf8" }).stdout.trim();
  return readFileSync(which, "utf8")
    .split("\n")[0]
    .replace(/^#!\s*/, "")
    .split(" ")[0];
}

/** Splits user data with cloud-init's own UserDataProcessor: [content type, payload] per part. */
const SPLIT_WITH_CLOUD_INIT = `
import json, sys
from cloudinit.user_data import UserDataProcessor
message = UserDataProcessor({}).process(sys.stdin.buffer.read())
parts = [[p.get_content_type(), p.get_payload(decode=True).decode("ascii")]
         for p in message.walk() if not p.is_multipart()]
print(json.dumps(parts))
`;

// Found, not run (INSTALLED): `cloud-init --version` costs as much as one of the checks below.
describeWithTool("cloud-init", INSTALLED, "cloud-init", () => {
  test.each(Object.entries(PROP_SETS))("cloud-init schema accepts the rendered cloud-config (%s)", (name, props) => {
    const { status, output } = schema(name.replace(/\W+/g, "-"), renderedCloudConfig(props));
    expect(output).toMatch(/Valid cloud-config/);
    expect(status).toBe(0);
  });

  test("cloud-init schema really rejects a bad cloud-config (negative control)", () => {
    const { status, output } = schema("bad", "#cloud-config\npackage_update: sometimes\n");
    expect(output).toMatch(/package_update: 'sometimes' is not of type 'boolean'/);
    expect(status).not.toBe(0);
  });

  test("cloud-init splits the user data into the cloud-config part and the runner part", () => {
    const props = PROP_SETS["the article's web instance"];
    const result = spawnSync(cloudInitPython(), ["-c", SPLIT_WITH_CLOUD_INIT], {
      input: renderUserData(props),
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.stderr).toBe("");
    const parts = JSON.parse(result.stdout) as [string, string][];
    expect(parts.map(([type]) => type)).toEqual(["text/cloud-config", "text/x-shellscript"]);
    // Byte for byte as the parts read by the MIME rule, final line break included (the renderer adds one before each boundary).
    expect(parts[0][1]).toBe(renderedCloudConfig(props));
    expect(parts[1][1]).toBe(renderedRunner(props));
  });
});
