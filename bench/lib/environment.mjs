// What the bench needs to know about the machine and the project.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import providerImportsModule from "../../tools/provider-imports.cjs";

const { providerImports, tsFilesUnder } = providerImportsModule;

function run(command, args, cwd) {
  try {
    return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
}

function cpuModel() {
  const line = readFileSync("/proc/cpuinfo", "utf8")
    .split("\n")
    .find((l) => l.startsWith("model name"));
  return line ? line.split(":")[1].trim() : (cpus()[0]?.model ?? "unknown");
}

/** The machine, the tool versions and the state of the checkout, for the report's header. */
export function describeMachine(root) {
  const dirty = run("git", ["status", "--porcelain"], root).split("\n").filter(Boolean);
  return {
    date: new Date().toISOString(),
    nproc: Number(run("nproc", [])),
    cpu: cpuModel(),
    memoryGiB: (totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    npm: run("npm", ["--version"], root),
    hyperfine: run("hyperfine", ["--version"]),
    commit: run("git", ["rev-parse", "--short", "HEAD"], root),
    dirtyFiles: dirty.length,
    loadStart: loadavg()
      .map((l) => l.toFixed(2))
      .join(" "),
  };
}

/** Every `@cdktf/provider-aws/lib/<x>` module that main.ts, modules/ and stacks/ import, sorted. */
export function providerModules(root) {
  return providerImports([join(root, "main.ts"), ...tsFilesUnder(join(root, "modules")), ...tsFilesUnder(join(root, "stacks"))]);
}
