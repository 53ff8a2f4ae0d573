/** The system-tool gate that runtime tests (and others: graphviz, terraform) rely on. */
import { installHint, requiredMessage, requireTool, toolRuns } from "../support/system-tool";

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

describe("install hints", () => {
  test("name the Debian package of each tool", () => {
    expect(installHint("/usr/bin/aws")).toBe("apt-get install awscli");
    expect(installHint("dot")).toBe("apt-get install graphviz");
    expect(installHint("shellcheck")).toBe("apt-get install shellcheck");
    expect(requiredMessage("cloud-init")).toBe("cloud-init is required in CI: apt-get install cloud-init");
  });
});
