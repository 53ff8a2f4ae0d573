/**
 * The package as a user gets it: `npm pack`, then a fresh project outside this checkout installs the
 * tarball with the published peers (one `npm install`), runs a user's jest test in plain JavaScript
 * (./consumer/stack.test.js) and type-checks a user's TypeScript with moduleResolution node16
 * (./consumer/consumer.ts).
 *
 * Opt-in with VPCE_PACK_TEST=1: the install alone takes about 20 s with a warm npm cache (the
 * provider bindings are ~400 MB), more than `npm test`'s whole budget. It needs the npm registry or
 * an npm cache holding the packages (`--prefer-offline`).
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../support/scenario";

const ENABLED = process.env.VPCE_PACK_TEST === "1";
const CONSUMER = join(__dirname, "consumer");

/** The environment of the child processes, without what the outer npm and jest set for themselves. */
function childEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^npm_/i.test(key) && !["INIT_CWD", "JEST_WORKER_ID", "NODE_PATH", "NODE_OPTIONS"].includes(key),
    ),
  );
}

interface Run {
  readonly command: string;
  readonly status: number | null;
  readonly stdout: string;
  /** stdout and stderr. */
  readonly output: string;
}

function run(command: string, args: readonly string[], cwd: string, timeoutMs = 120_000): Run {
  const result = spawnSync(command, [...args], { cwd, env: childEnv(), encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  const stdout = result.stdout ?? "";
  return {
    command: [command, ...args].join(" "),
    status: result.status,
    stdout,
    output: `${stdout}${result.stderr ?? ""}${result.error ? String(result.error) : ""}`,
  };
}

/** Fails with the command's output when it did not exit 0. */
function ok(result: Run): Run {
  expect({ command: result.command, status: result.status, output: result.status === 0 ? "" : result.output }).toEqual({
    command: result.command,
    status: 0,
    output: "",
  });
  return result;
}

if (!ENABLED) {
  console.warn("SKIPPED: the package test (npm pack, install in a fresh project, jest and tsc there); run it with VPCE_PACK_TEST=1");
}

(ENABLED ? describe : describe.skip)("the packed library in a fresh project", () => {
  let work: string;
  let project: string;
  let files: string[];

  beforeAll(() => {
    // Outside the checkout, so that nothing resolves through its node_modules.
    work = mkdtempSync(join(realpathSync(tmpdir()), "vpce-pack-"));
    project = join(work, "project");
    // lib/ only: the dist/ bundles are what the other test files run, and must not change under them.
    ok(run(process.execPath, [join(ROOT, "tools", "build.mjs"), "lib"], ROOT));
    const packed = ok(run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], ROOT));
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    files = info!.files.map((file) => file.path).sort();

    cpSync(CONSUMER, project, { recursive: true });
    writeFileSync(
      join(project, "package.json"),
      `${JSON.stringify(
        { name: "consumer", version: "1.0.0", private: true, jest: { testEnvironment: "node", transform: {} } },
        null,
        2,
      )}\n`,
    );
    ok(
      run(
        "npm",
        [
          "install",
          "--no-audit",
          "--no-fund",
          "--prefer-offline",
          "--loglevel=error",
          join(work, info!.filename),
          "cdktf@0.21.0",
          "constructs@10.x",
          "@cdktf/provider-aws@21.22.1",
          "jest",
          "typescript",
        ],
        project,
        300_000,
      ),
    );
  }, 420_000);

  afterAll(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  test("the tarball holds lib's JavaScript and declarations, the default config, the scripts and the README, and nothing else", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "README.md",
        "package.json",
        "lib/index.js",
        "lib/index.d.ts",
        "lib/testing/index.js",
        "lib/testing/index.d.ts",
        "lib/config/default.json",
        "scripts/00-prepare.sh",
      ]),
    );
    const unexpected = files.filter(
      (path) =>
        !/^lib\/.+\.(js|d\.ts)$/.test(path) &&
        !["README.md", "LICENSE", "package.json", "lib/config/default.json"].includes(path) &&
        !path.startsWith("scripts/"),
    );
    expect(unexpected).toEqual([]);
    expect(
      files.filter((path) => /(^|\/)(__tests__|bench|tools|dist|docs|\.ci)\//.test(path) || /\.test\.|\.map$|tsbuildinfo/.test(path)),
    ).toEqual([]);
  });

  test("a user's jest test in plain JavaScript builds a ScenarioStack from a config and passes its access assertions", () => {
    const result = ok(run(process.execPath, [join(project, "node_modules", "jest", "bin", "jest.js"), "--ci", "stack.test.js"], project));
    expect(result.output).toMatch(/Tests: +6 passed, 6 total/);
  }, 120_000);

  test("tsc --noEmit with moduleResolution node16 accepts the user's TypeScript, and every @ts-expect-error is needed", () => {
    const result = ok(
      run(process.execPath, [join(project, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", "tsconfig.json"], project),
    );
    expect(result.output).toBe("");
  }, 120_000);
});
