import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { renderUserData, type UserDataProps, UserDataTooLargeError } from "../../modules/cloud-init";
import { renderedCloudConfig, renderedRunner, userDataParts } from "../support/user-data";

type BootScript = UserDataProps["scripts"][number];

const SCRIPTS_DIR = path.join(__dirname, "..", "..", "scripts");
/** EC2's limit on raw (pre-base64) user data. */
const EC2_USER_DATA_LIMIT_BYTES = 16384;

function sha256(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

/** The repository's example scripts, as the stack would describe them. */
function exampleScripts(instanceName = "web"): BootScript[] {
  return readdirSync(SCRIPTS_DIR)
    .filter((f) => f.endsWith(".sh"))
    .sort()
    .map((fileName) => ({
      fileName,
      key: `bootstrap/${instanceName}/${fileName}`,
      sha256: sha256(readFileSync(path.join(SCRIPTS_DIR, fileName))),
    }));
}

function props(overrides: Partial<UserDataProps> = {}): UserDataProps {
  return { instanceName: "web", region: "eu-west-3", bucketName: "@@BUCKET@@", scripts: exampleScripts(), ...overrides };
}

function fakeScripts(count: number, nameLength = 12): BootScript[] {
  return Array.from({ length: count }, (_, i) => {
    const fileName = `${String(i).padStart(2, "0")}-${"x".repeat(nameLength)}.sh`;
    return { fileName, key: `bootstrap/web/${fileName}`, sha256: sha256(fileName) };
  });
}

/** The lines between `<<'MANIFEST'` and `MANIFEST` in a rendered runner. */
function manifestLines(runner: string): string[] {
  const match = /<<'MANIFEST'\n([\s\S]*?)\nMANIFEST\n/.exec(runner);
  if (!match) throw new Error("no manifest heredoc in runner");
  return match[1].split("\n");
}

/** The runner without its comment lines, so that assertions see commands only. */
function code(runner: string): string {
  return runner
    .split("\n")
    .filter((line) => !/^\s*#/.test(line))
    .join("\n");
}

function bashArray(runner: string, name: string): string[] {
  const match = new RegExp(`^readonly -a ${name}=\\((.*)\\)$`, "m").exec(runner);
  if (!match) throw new Error(`no array ${name} in runner`);
  return [...match[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]);
}

describe("the runner (the user data's text/x-shellscript part)", () => {
  test("tries each download six times unless the BOOTSTRAP_MAX_ATTEMPTS test hook says otherwise", () => {
    const runner = renderedRunner(props());
    expect(runner).toContain('readonly MAX_ATTEMPTS="${BOOTSTRAP_MAX_ATTEMPTS:-6}"');
    expect(runner).toMatch(/\[\[ "\$\{MAX_ATTEMPTS\}" =~ \^\[1-9\]\[0-9\]\?\$ \]\] \|\| die/);
  });

  test("pins a SHA-256 manifest that matches the given script files, in run order", () => {
    // GIVEN the example scripts with their real hashes
    const scripts = exampleScripts();
    // WHEN
    const runner = renderedRunner(props({ scripts }));
    // THEN
    expect(manifestLines(runner)).toEqual(scripts.map((s) => `${s.sha256}  ${s.fileName}`));
    for (const line of manifestLines(runner)) {
      const [hash, fileName] = line.split("  ");
      expect(hash).toBe(sha256(readFileSync(path.join(SCRIPTS_DIR, fileName))));
    }
  });

  test("keeps the configured order, not the name order", () => {
    const scripts = [...fakeScripts(3)].reverse();
    const runner = renderedRunner(props({ scripts }));
    expect(bashArray(runner, "FILES")).toEqual(scripts.map((s) => s.fileName));
    expect(bashArray(runner, "KEYS")).toEqual(scripts.map((s) => s.key));
    expect(manifestLines(runner).map((l) => l.split("  ")[1])).toEqual(scripts.map((s) => s.fileName));
  });

  test("passes the region to every aws s3 call", () => {
    const runner = code(renderedRunner(props({ region: "ap-southeast-2" })));
    const awsCalls = runner.split("\n").filter((line) => /\baws s3 /.test(line));
    expect(runner).toMatch(/^readonly REGION="ap-southeast-2"$/m);
    expect(awsCalls.length).toBeGreaterThan(0);
    for (const call of awsCalls) {
      expect(call).toMatch(/aws s3 cp "s3:\/\/\$\{BUCKET\}\/\$\{key\}" "\$\{dest\}" --region "\$\{REGION\}" --only-show-errors/);
    }
    // The aws CLI is called nowhere else (for example `aws configure` or `aws sts`).
    expect(runner.match(/\baws [a-z]/g)).toHaveLength(awsCalls.length);
  });

  test("holds the bucket placeholder exactly once, inside double quotes", () => {
    const runner = renderedRunner(props({ bucketName: "@@BUCKET@@" }));
    expect(runner.split("@@BUCKET@@")).toHaveLength(2);
    expect(runner).toContain('readonly BUCKET="@@BUCKET@@"\n');
  });

  test("changes where it fetches from only through BOOTSTRAP_S3_ENDPOINT_URL", () => {
    const runner = code(renderedRunner(props()));
    expect(runner.match(/--endpoint-url/g)).toHaveLength(1);
    expect(runner).toContain('ENDPOINT_ARGS=(--endpoint-url "${BOOTSTRAP_S3_ENDPOINT_URL}")');
    expect(runner).toMatch(/^export PATH=\/usr\/local\/sbin:\/usr\/local\/bin:\/usr\/sbin:\/usr\/bin:\/sbin:\/bin$/m);
    expect(runner).not.toMatch(/AWS_ENDPOINT|AWS_PROFILE|AWS_CONFIG_FILE/);
  });

  test("is a strict bash script with a private work dir and documented test hooks", () => {
    const runner = renderedRunner(props());
    expect(runner.startsWith("#!/bin/bash\n")).toBe(true);
    expect(runner).toContain("\nset -euo pipefail\numask 077\n");
    for (const hook of ["BOOTSTRAP_S3_ENDPOINT_URL", "BOOTSTRAP_ROOT", "BOOTSTRAP_RETRY_BASE_SEC"]) {
      expect(runner).toMatch(new RegExp(`^#\\s+${hook}\\s`, "m"));
    }
    expect(runner).toContain("sha256sum --check --strict manifest.sha256");
    expect(runner).toContain("env -i PATH=");
  });
});

describe("the cloud-config (the user data's text/cloud-config part)", () => {
  test("starts with #cloud-config and sends all output to the console and a log file", () => {
    const cloudConfig = renderedCloudConfig(props());
    expect(cloudConfig.startsWith("#cloud-config\n")).toBe(true);
    expect(cloudConfig).toContain('all: "| tee -a /var/log/cloud-init-output.log"');
    expect(cloudConfig).toMatch(/^package_update: false$/m);
    expect(cloudConfig).toMatch(/^package_upgrade: false$/m);
  });
});

describe("renderUserData", () => {
  test("is a multipart MIME document with the cloud-config part then the runner part", () => {
    const userData = renderUserData(props());
    const boundary = /^Content-Type: multipart\/mixed; boundary="([^"]+)"\nMIME-Version: 1\.0\n\n/.exec(userData)?.[1] ?? "";
    expect(boundary).not.toBe("");
    const parts = userData.split(`--${boundary}`);
    // preamble, two parts, and the closing "--\n"
    expect(parts).toHaveLength(4);
    expect(parts[1]).toContain('Content-Type: text/cloud-config; charset="us-ascii"');
    expect(parts[1]).toContain("\n\n#cloud-config\n");
    expect(parts[2]).toContain('Content-Type: text/x-shellscript; charset="us-ascii"');
    expect(parts[2]).toContain("\n\n#!/bin/bash\n");
    expect(parts[3]).toBe("--\n");
    expect(userDataParts(userData).map((part) => [part.contentType, part.body.split("\n")[0]])).toEqual([
      ["text/cloud-config", "#cloud-config"],
      ["text/x-shellscript", "#!/bin/bash"],
    ]);
  });

  test("is deterministic, ASCII and LF-only", () => {
    const first = renderUserData(props());
    expect(renderUserData(props())).toBe(first);
    expect(first).not.toContain("\r");
    expect(first).toMatch(/^[\x09\x0a\x20-\x7e]*$/);
  });

  test("stays well under the EC2 limit for ten scripts", () => {
    const size = Buffer.byteLength(renderUserData(props({ scripts: fakeScripts(10) })));
    expect(size).toBeLessThan(EC2_USER_DATA_LIMIT_BYTES / 2);
  });

  test("refuses user data over 16 KB, naming the instance, the size and the limit", () => {
    const tooMany = props({ instanceName: "batch", scripts: fakeScripts(120, 40) });
    expect(() => renderUserData(tooMany)).toThrow(UserDataTooLargeError);
    expect(() => renderUserData(tooMany)).toThrow(
      /instances "batch": user data is \d+ bytes, over the EC2 limit of 16384 bytes; use fewer boot scripts, or shorter script names/,
    );
  });

  test("measures the size as if the placeholder were replaced by a 63-character bucket name", () => {
    const scripts = fakeScripts(120, 40);
    const sizeOf = (bucketName: string): number => {
      try {
        renderUserData(props({ bucketName, scripts }));
      } catch (e) {
        if (e instanceof UserDataTooLargeError) return e.sizeBytes;
      }
      throw new Error("expected UserDataTooLargeError");
    };
    expect(sizeOf("@@BUCKET@@")).toBe(sizeOf("b".repeat(63)));
  });
});

describe("input validation", () => {
  const script = fakeScripts(1)[0];
  test.each<[string, Partial<UserDataProps>, RegExp]>([
    ["region format", { region: "US-EAST-1" }, /^region: "US-EAST-1" is invalid/],
    ["region missing its number", { region: "us-east" }, /^region: "us-east" is invalid/],
    ["an empty script list", { scripts: [] }, /^scripts: \[\] is invalid; configure at least one/],
    ["a short sha256", { scripts: [{ ...script, sha256: "abc123" }] }, /^scripts\[0\]\.sha256: "abc123" is invalid; pass the 64-character/],
    ["an upper-case sha256", { scripts: [{ ...script, sha256: "A".repeat(64) }] }, /^scripts\[0\]\.sha256: "A{64}" is invalid/],
    [
      "a fileName with /",
      { scripts: [{ ...script, fileName: "../etc/x.sh" }] },
      /^scripts\[0\]\.fileName: "\.\.\/etc\/x\.sh" is invalid; .*without '\/'/,
    ],
    ["a fileName starting with -", { scripts: [{ ...script, fileName: "-x.sh" }] }, /^scripts\[0\]\.fileName: "-x\.sh" is invalid/],
    ["an empty key", { scripts: [{ ...script, key: "" }] }, /^scripts\[0\]\.key: "" is invalid; pass a non-empty S3 key/],
    ["a key with shell syntax", { scripts: [{ ...script, key: "a/$(reboot)" }] }, /^scripts\[0\]\.key: "a\/\$\(reboot\)" is invalid/],
    ["a bucket name with a quote", { bucketName: 'b"; rm -rf /' }, /^bucketName: .* is invalid/],
    ["an instance name with a space", { instanceName: "web 1" }, /^instanceName: "web 1" is invalid/],
    ["a script listed twice", { scripts: [script, script] }, /^scripts\[1\]\.fileName: "00-x+\.sh" is invalid; list each script once/],
  ])("rejects %s, naming the field and the value", (_case, overrides, message) => {
    expect(() => renderUserData(props(overrides))).toThrow(message);
  });

  test("accepts real bucket names and the placeholder form", () => {
    for (const bucketName of ["my-scripts.example-1", "@@BUCKET@@", "Legacy_Bucket"]) {
      expect(() => renderUserData(props({ bucketName }))).not.toThrow();
    }
  });
});
