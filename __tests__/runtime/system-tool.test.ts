/** The system-tool gate that runtime tests (and others: graphviz, terraform) rely on. */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { INSTALLED, installHint, requiredMessage, requireTool, toolInstalled, toolRuns } from "../support/system-tool";

const MISSING = "no-such-tool-for-vpce-tests";

describe("requireTool", () => {
  const savedCi = process.env.CI;
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
  });
  afterEach(() => {
    warn.mockRestore();
    if (savedCi === undefined) delete process.env.CI;
    else process.env.CI = savedCi;
  });

  test("returns true when the tool runs", () => {
    expect(requireTool("bash", ["--version"])).toBe(true);
    expect(warn).not.toHaveBeenCalled();
  });

  test("outside CI, returns false after one SKIPPED notice naming the install command", () => {
    delete process.env.CI;
    expect(requireTool(MISSING, ["--version"])).toBe(false);
    expect(requireTool(MISSING, ["--version"])).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(`SKIPPED: ${MISSING} not found; install with apt-get install ${MISSING}`);
  });

  test("in CI, fails with the install command", () => {
    process.env.CI = "true";
    expect(() => requireTool(MISSING, ["--version"])).toThrow(`${MISSING} is required in CI: apt-get install ${MISSING}`);
  });

  test("in CI, skips a tool that CI does not install when told so (terraform)", () => {
    process.env.CI = "true";
    expect(requireTool(MISSING, ["version"], { requiredInCi: false, install: "see the Terraform docs" })).toBe(false);
  });

  test("treats a tool that exits nonzero as not running", () => {
    expect(toolRuns("bash", ["-c", "exit 3"])).toBe(false);
  });
});

describe("the INSTALLED probe (found, not run)", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "system-tool-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("finds a bare name on PATH and an executable path, as a shell would", () => {
    expect(toolInstalled("bash")).toBe(true);
    expect(toolInstalled(process.execPath)).toBe(true);
    expect(toolRuns("bash", INSTALLED)).toBe(true);
  });

  test("does not run the tool: an executable that would exit nonzero still counts as installed", () => {
    // GIVEN an executable that fails whenever it runs
    const failing = join(dir, "fails-when-run");
    writeFileSync(failing, "#!/bin/sh\nexit 3\n");
    chmodSync(failing, 0o755);
    // THEN it is found, though a run probe says it does not run
    expect(toolInstalled(failing)).toBe(true);
    expect(toolRuns(failing, ["--version"])).toBe(false);
  });

  test("a missing tool, a file that is not executable and a folder are not installed", () => {
    const plain = join(dir, "not-executable");
    writeFileSync(plain, "#!/bin/sh\n");
    chmodSync(plain, 0o644);
    expect(toolInstalled(MISSING)).toBe(false);
    expect(toolInstalled(join(dir, MISSING))).toBe(false);
    expect(toolInstalled(dir)).toBe(false);
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    expect(requireTool(MISSING, INSTALLED, { requiredInCi: false })).toBe(false);
    warn.mockRestore();
  });
});

describe("install hints", () => {
  test("name the Debian package of each tool", () => {
    expect(installHint("/usr/bin/aws")).toBe("apt-get install awscli");
    expect(installHint("dot")).toBe("apt-get install graphviz");
    expect(installHint("shellcheck")).toBe("apt-get install shellcheck");
    expect(requiredMessage("cloud-init")).toBe("cloud-init is required in CI: apt-get install cloud-init");
  });
});
