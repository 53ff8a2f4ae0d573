/**
 * The boot runner end to end: real awscli against s3rver on 127.0.0.1, real bash, real
 * sha256sum. Each case runs a rendered runner against its own key prefix and BOOTSTRAP_ROOT;
 * the cases start together once the objects are uploaded (the one whose object is never uploaded,
 * during the upload), to keep the file fast. The example
 * scripts themselves run in __tests__/runtime/scripts.test.ts (dry run, idempotency, guards).
 */
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { IncomingMessage, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { UserDataProps } from "../../modules/cloud-init";
import { describeWithTool, INSTALLED } from "../support/system-tool";
import { renderedRunner } from "../support/user-data";

/** The part of s3rver's API used here (the package ships no types); httpServer is set by run(). */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  readonly httpServer?: Server;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string; configs: string[] }[];
}) => S3rverInstance;
const S3rver = require("s3rver") as S3rverConstructor;

const AWS = "/usr/bin/aws";
const BUCKET = "vpce-e2e-scripts";
const REGION = "eu-west-1";
/**
 * When a hung upload or runner is killed: a guard against a hang, not a speed bar. A run takes a few
 * seconds, but each aws call is a Python start-up, and on a saturated 2-core machine one took 20 s.
 */
const RUN_TIMEOUT_MS = 300_000;
/** The hooks' and tests' timeout: above the runs' own, so that a killed run fails with its log, not jest's timeout. */
const TEST_TIMEOUT_MS = RUN_TIMEOUT_MS + 30_000;
/** Backoff base for the runs: waits 0.02, 0.04, 0.08, 0.16, 0.32 s instead of 1 to 16 s. */
const RETRY_BASE_SEC = "0.02";

/** What a fixture script does: record its name in run order, then optionally more. */
function fixture(extra = ""): string {
  return `#!/usr/bin/env bash\nset -euo pipefail\nprintf '%s\\n' "\${0##*/}" >>"\${BOOTSTRAP_ROOT}/order.log"\n${extra}`;
}
const CAPTURE_ENV = 'env | sort >"${BOOTSTRAP_ROOT}/env-seen.txt"\numask >"${BOOTSTRAP_ROOT}/umask-seen.txt"\n';

/** A script as synthesized (content pinned in the manifest) and as uploaded (maybe altered or absent). */
interface CaseScript {
  readonly fileName: string;
  readonly content: string;
  readonly uploaded?: string | null;
}

/** Every case; the configured order deliberately differs from the name order. */
const CASES = {
  ok: [
    { fileName: "30-one.sh", content: fixture(CAPTURE_ENV) },
    { fileName: "10-two.sh", content: fixture() },
    { fileName: "20-three.sh", content: fixture() },
  ],
  tampered: [
    { fileName: "30-one.sh", content: fixture() },
    { fileName: "10-two.sh", content: fixture(), uploaded: fixture('touch "${BOOTSTRAP_ROOT}/tampered-code-ran"\n') },
  ],
  missing: [
    { fileName: "00-absent.sh", content: fixture(), uploaded: null },
    { fileName: "10-present.sh", content: fixture() },
  ],
  failing: [
    { fileName: "10-fail.sh", content: fixture("exit 3\n") },
    { fileName: "20-never.sh", content: fixture() },
  ],
} satisfies Record<string, CaseScript[]>;
type CaseName = keyof typeof CASES;

interface RunResult {
  readonly code: number | null;
  readonly output: string;
  readonly root: string;
  readonly log: string;
}

const sha256 = (content: string): string => createHash("sha256").update(content).digest("hex");
const keyOf = (caseName: string, fileName: string): string => `e2e/${caseName}/${fileName}`;

/** Environment shared by aws and the runner: S3rver keys, and no ambient AWS config or profile. */
function awsEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: "/usr/bin:/bin",
    HOME: home,
    LANG: "C.UTF-8",
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    // A wrong ambient region: the runner's --region must win over it.
    AWS_DEFAULT_REGION: "us-west-2",
  };
}

/** Writes every case's uploaded objects under one staging tree, for a single `aws s3 cp --recursive`. */
function stageUploads(stagingDir: string): void {
  for (const [caseName, scripts] of Object.entries(CASES) as [CaseName, CaseScript[]][]) {
    mkdirSync(path.join(stagingDir, "e2e", caseName), { recursive: true });
    for (const script of scripts) {
      const body = script.uploaded === undefined ? script.content : script.uploaded;
      if (body !== null) writeFileSync(path.join(stagingDir, keyOf(caseName, script.fileName)), body);
    }
  }
}

function upload(stagingDir: string, endpoint: string, home: string): Promise<void> {
  const args = [
    "s3",
    "cp",
    "--recursive",
    stagingDir,
    `s3://${BUCKET}/`,
    "--endpoint-url",
    endpoint,
    "--region",
    REGION,
    "--only-show-errors",
  ];
  return new Promise((resolve, reject) => {
    execFile(AWS, args, { env: awsEnv(home), timeout: RUN_TIMEOUT_MS }, (error, _stdout, stderr) =>
      error ? reject(new Error(`upload failed: ${stderr}`)) : resolve(),
    );
  });
}

/** Renders the case's runner as the stack would (placeholder, then the real bucket name). */
function runnerFor(caseName: CaseName): string {
  const scripts: UserDataProps["scripts"] = CASES[caseName].map((s) => ({
    fileName: s.fileName,
    key: keyOf(caseName, s.fileName),
    sha256: sha256(s.content),
  }));
  const runner = renderedRunner({ instanceName: `e2e-${caseName}`, region: REGION, bucketName: "@@BUCKET@@", scripts });
  return runner.replace("@@BUCKET@@", BUCKET);
}

/** Runs the runner with bash until it exits (killed after RUN_TIMEOUT_MS); never rejects. */
function runRunner(runnerFile: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("bash", [runnerFile], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    child.on("error", (error) => (output += String(error)));
    // "close" waits for the runner's tee to finish too, so the log file is complete.
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function readIfExists(file: string): string {
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}

// Found, not run (INSTALLED): `aws --version` costs as much as one of the downloads under test.
describeWithTool(AWS, INSTALLED, "boot runner end to end (awscli against s3rver)", () => {
  let workDir: string;
  let server: S3rverInstance | undefined;
  let endpoint: string;
  const signedRegions: string[] = [];
  const runs = new Map<CaseName, Promise<RunResult>>();

  /** Starts the case's runner, in a fresh root unless `root` names one (a host that booted before). */
  function startRun(caseName: CaseName, extraEnv: NodeJS.ProcessEnv = {}, root?: string): Promise<RunResult> {
    const caseRoot = root ?? mkdtempSync(path.join(workDir, `${caseName}-`));
    const runnerFile = path.join(workDir, `${caseName}.sh`);
    writeFileSync(runnerFile, runnerFor(caseName));
    const env = {
      ...awsEnv(workDir),
      BOOTSTRAP_ROOT: caseRoot,
      BOOTSTRAP_S3_ENDPOINT_URL: endpoint,
      BOOTSTRAP_RETRY_BASE_SEC: RETRY_BASE_SEC,
      ...extraEnv,
    };
    return runRunner(runnerFile, env).then(({ code, output }) => ({
      code,
      output,
      root: caseRoot,
      log: readIfExists(path.join(caseRoot, "var/log/bootstrap.log")),
    }));
  }

  /** A root that looks like a host that booted before: a marker and a leftover work dir. */
  function staleHost(caseName: CaseName): string {
    const root = mkdtempSync(path.join(workDir, `${caseName}-`));
    mkdirSync(path.join(root, "var/lib/bootstrap/work"), { recursive: true });
    writeFileSync(path.join(root, "var/lib/bootstrap/healthy"), "stale marker from an earlier boot\n");
    writeFileSync(path.join(root, "var/lib/bootstrap/work/leftover.sh"), "echo stale\n");
    return root;
  }

  function result(caseName: CaseName): Promise<RunResult> {
    const run = runs.get(caseName);
    if (!run) throw new Error(`case ${caseName} was not started`);
    return run;
  }

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(tmpdir(), "runner-e2e-"));
    // Loopback only, ephemeral port: nothing outside this machine can reach or be reached.
    server = new S3rver({
      address: "127.0.0.1",
      port: 0,
      silent: true,
      directory: path.join(workDir, "s3rver"),
      configureBuckets: [{ name: BUCKET, configs: [] }],
    });
    const address = await server.run();
    endpoint = `http://127.0.0.1:${address.port}`;
    // SigV4 names the signing region in the credential scope: record it for every request.
    server.httpServer?.prependListener("request", (req: IncomingMessage) => {
      const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/s3\//.exec(req.headers.authorization ?? "");
      signedRegions.push(`${req.method} ${req.url} ${scope?.[1] ?? "unsigned"}`);
    });
    stageUploads(path.join(workDir, "staging"));
    // The longest case starts first, with the upload: the object it retries is never uploaded, and
    // it fails before the next one. Three attempts prove the backoff as well as the default six would.
    runs.set("missing", startRun("missing", { BOOTSTRAP_MAX_ATTEMPTS: "3" }));
    await upload(path.join(workDir, "staging"), endpoint, workDir);
    runs.set("ok", startRun("ok"));
    runs.set("tampered", startRun("tampered", {}, staleHost("tampered")));
    runs.set("failing", startRun("failing"));
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    // Let every run finish before the server goes, so none fails for the wrong reason.
    await Promise.allSettled(runs.values());
    await server?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }, TEST_TIMEOUT_MS);

  test(
    "downloads, verifies and runs the scripts in the configured order, then marks health",
    async () => {
      // GIVEN three scripts configured as 30-one, 10-two, 20-three
      // WHEN the runner runs
      const run = await result("ok");
      // THEN
      expect(run.code).toBe(0);
      expect(readIfExists(path.join(run.root, "order.log"))).toBe("30-one.sh\n10-two.sh\n20-three.sh\n");
      expect(existsSync(path.join(run.root, "var/lib/bootstrap/healthy"))).toBe(true);
      expect(run.log).toMatch(/30-one\.sh: OK\n10-two\.sh: OK\n20-three\.sh: OK\n/);
      expect(run.log).toMatch(/healthy: all 3 scripts succeeded/);
      // tee: the console saw the same lines as the log file
      expect(run.output).toContain("healthy: all 3 scripts succeeded");
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "signs every S3 request for the configured region, not the ambient one",
    async () => {
      await result("ok");
      const okRequests = signedRegions.filter((r) => r.includes("/e2e/ok/"));
      expect(okRequests.length).toBeGreaterThanOrEqual(3);
      for (const request of okRequests) expect(request).toMatch(new RegExp(` ${REGION}$`));
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "runs the scripts with a clean environment and umask 022",
    async () => {
      const run = await result("ok");
      const seen = readIfExists(path.join(run.root, "env-seen.txt"));
      const names = seen
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split("=")[0]);
      expect(names).toEqual(expect.arrayContaining(["PATH", "HOME", "LANG", "BOOTSTRAP_INSTANCE", "BOOTSTRAP_REGION", "BOOTSTRAP_BUCKET"]));
      expect(seen).toContain(`BOOTSTRAP_REGION=${REGION}\n`);
      expect(seen).toContain(`BOOTSTRAP_BUCKET=${BUCKET}\n`);
      expect(names).not.toContain("AWS_ACCESS_KEY_ID");
      expect(names).not.toContain("BOOTSTRAP_S3_ENDPOINT_URL");
      expect(readIfExists(path.join(run.root, "umask-seen.txt")).trim()).toBe("0022");
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "refuses to run anything when an object was altered, and drops a stale marker and work dir",
    async () => {
      // GIVEN 10-two.sh altered in the bucket after synth, and a marker and work dir from an earlier boot
      const run = await result("tampered");
      expect(existsSync(path.join(run.root, "var/lib/bootstrap/work/leftover.sh"))).toBe(false);
      expect(run.code).not.toBe(0);
      expect(run.log).toMatch(/30-one\.sh: OK\n10-two\.sh: FAILED\n/);
      expect(run.log).toMatch(/refusing to run any script/);
      expect(existsSync(path.join(run.root, "order.log"))).toBe(false);
      expect(existsSync(path.join(run.root, "tampered-code-ran"))).toBe(false);
      expect(existsSync(path.join(run.root, "var/lib/bootstrap/healthy"))).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "retries a missing object with backoff, then fails naming the key",
    async () => {
      const run = await result("missing");
      const attempts = run.log.match(/fetch s3:\/\/vpce-e2e-scripts\/e2e\/missing\/00-absent\.sh attempt \d\/3/g) ?? [];
      expect(attempts).toHaveLength(3);
      expect(run.log.match(/retrying in [0-9.]+s/g)).toEqual(["retrying in 0.020s", "retrying in 0.040s"]);
      expect(run.log).toMatch(/ERROR: cannot download s3:\/\/vpce-e2e-scripts\/e2e\/missing\/00-absent\.sh after 3 attempts/);
      expect(run.code).not.toBe(0);
      expect(existsSync(path.join(run.root, "order.log"))).toBe(false);
      expect(existsSync(path.join(run.root, "var/lib/bootstrap/healthy"))).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );

  test(
    "stops at a failing script: later scripts do not run and no marker is written",
    async () => {
      const run = await result("failing");
      expect(run.code).not.toBe(0);
      expect(readIfExists(path.join(run.root, "order.log"))).toBe("10-fail.sh\n");
      expect(run.log).toMatch(/ERROR: 10-fail\.sh exited 3: later scripts not run/);
      expect(run.log).toMatch(/FAILED \(exit 1\): host not marked healthy/);
      expect(existsSync(path.join(run.root, "var/lib/bootstrap/healthy"))).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );
});
