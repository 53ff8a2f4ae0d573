// What the bench needs to know about the machine and the project.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";

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

function tsFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

/** Every `@cdktf/provider-aws/lib/<x>` module that main.ts, modules/ and stacks/ import, sorted. */
export function providerModules(root) {
  const files = [join(root, "main.ts"), ...tsFiles(join(root, "modules")), ...tsFiles(join(root, "stacks"))];
  const found = new Set();
  for (const file of files.filter((f) => existsSync(f))) {
    for (const match of readFileSync(file, "utf8").matchAll(/["'](@cdktf\/provider-aws\/lib\/[a-z0-9-]+)["']/g)) {
      found.add(match[1]);
    }
  }
  return [...found].sort();
}
