import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { z } from "zod";
import embeddedDefault from "./default.json";
import { type Problem, ProblemsError } from "./problems";
import { type ScenarioConfig, ScenarioConfigSchema } from "./schema";
import { semanticProblems } from "./semantic";
import { readJsonFile } from "./text-file";
import { problemsFromZod } from "./zod-problems";

/** The environment variable that selects a config file. */
export const CONFIG_ENV = "VPCE_CONFIG";

/** A boot script found in `bucket.scriptsDir`, hashed at synth. */
export interface ScriptFile {
  readonly fileName: string;
  readonly absolutePath: string;
  /** Lower-case hex SHA-256 of the content. */
  readonly sha256: string;
}

/** A validated config plus what was read from disk for it. */
export interface LoadedScenario {
  readonly config: ScenarioConfig;
  /** Where the config came from, for messages: the path given, or "embedded default". */
  readonly source: string;
  /** Every file in `bucket.scriptsDir`, in name order. */
  readonly scripts: readonly ScriptFile[];
  /** The scripts each instance runs, in run order. */
  readonly instanceScripts: Readonly<Record<string, readonly ScriptFile[]>>;
}

/**
 * Loads the config named by `VPCE_CONFIG`, or the embedded default, and validates all of it.
 * @throws ProblemsError listing every problem, one per line, before anything is synthesized
 */
export function loadScenario(env: NodeJS.ProcessEnv = process.env, root: string = projectRoot()): LoadedScenario {
  const file = env[CONFIG_ENV];
  // The embedded default is config/default.json: its paths resolve against its folder, like any file's.
  if (file === undefined || file === "") return parseScenario(embeddedDefault, join(root, "config"), "embedded default");
  const absolute = resolve(file);
  return parseScenario(readConfigFile(file, absolute), dirname(absolute), file);
}

/** Validates a parsed config; relative paths in it resolve against `baseDir`. */
export function parseScenario(raw: unknown, baseDir: string, source = "config"): LoadedScenario {
  const parsed = ScenarioConfigSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    const problems = problemsFromZod(parsed.error.issues, ScenarioConfigSchema);
    throw new ProblemsError([...problems, ...problemsBeyondSchema(raw, parsed.error.issues, problems)]);
  }
  const config = parsed.data;
  const scriptsDir = resolve(baseDir, config.bucket.scriptsDir);
  const scripts = readScripts(scriptsDir, config.bucket.scriptsDir);
  const problems = [...semanticProblems(config), ...(Array.isArray(scripts) ? [] : [scripts])];
  const found = Array.isArray(scripts) ? scripts : [];
  const instanceScripts = Object.fromEntries(
    config.instances.map((instance, i) => {
      const wanted = instance.scripts ?? found.map((s) => s.fileName);
      return [
        instance.name,
        wanted.flatMap((fileName, j) => {
          const script = found.find((s) => s.fileName === fileName);
          if (!script && found.length > 0)
            problems.push(missingScript(`instances[${i}].scripts[${j}]`, fileName, config.bucket.scriptsDir, found));
          return script ? [script] : [];
        }),
      ];
    }),
  );
  if (problems.length > 0) throw new ProblemsError(problems);
  return { config, source, scripts: found, instanceScripts };
}

/**
 * So that all problems are reported at once, a config that failed its schema is checked further:
 * the failing fields are dropped (their defaults stand in) and, if the rest then parses, its
 * cross-field problems are added, except those about a dropped field.
 */
function problemsBeyondSchema(raw: unknown, issues: readonly z.core.$ZodIssue[], reported: readonly Problem[]): Problem[] {
  const repaired = withoutFailingFields(raw, issues);
  const again = repaired === undefined ? undefined : ScenarioConfigSchema.safeParse(repaired);
  if (!again?.success) return [];
  const dropped = reported.map((p) => p.path);
  const aboutDropped = (path: string) => dropped.some((d) => path === d || path.startsWith(`${d}.`) || path.startsWith(`${d}[`));
  return semanticProblems(again.data).filter((p) => !aboutDropped(p.path));
}

/** A copy of the config without the object fields that failed; undefined when a failure cannot be dropped that way. */
function withoutFailingFields(raw: unknown, issues: readonly z.core.$ZodIssue[]): unknown {
  const copy: unknown = structuredClone(raw);
  for (const issue of issues) {
    const keys = issue.code === "unrecognized_keys" ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
    for (const path of keys) {
      const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key], copy);
      const last = path[path.length - 1];
      if (typeof last !== "string" || parent === null || typeof parent !== "object" || Array.isArray(parent)) return undefined;
      delete (parent as Record<string, unknown>)[last];
    }
  }
  return copy;
}

function readConfigFile(given: string, absolute: string): unknown {
  const read = readJsonFile(absolute);
  if (read.kind === "unreadable") {
    throw new ProblemsError([
      {
        path: CONFIG_ENV,
        problem: `cannot read config file "${given}" (${read.code})`,
        fix: "point VPCE_CONFIG at an existing JSON file, or unset it to use the embedded default",
      },
    ]);
  }
  if (read.kind === "invalid") {
    throw new ProblemsError([{ path: CONFIG_ENV, problem: `"${given}" is not valid JSON (${read.message})`, fix: "fix the JSON syntax" }]);
  }
  return read.value;
}

function readScripts(dir: string, given: string): ScriptFile[] | Problem {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    return {
      path: "bucket.scriptsDir",
      problem: `folder "${given}" not found (resolved to ${dir})`,
      fix: "create it with the boot scripts, or point bucket.scriptsDir at the folder that holds them",
    };
  }
  // A dangling symlink has no stat: it is no script, not a crash.
  const names = readdirSync(dir)
    .filter((name) => !name.startsWith(".") && statSync(join(dir, name), { throwIfNoEntry: false })?.isFile())
    .sort();
  if (names.length === 0) {
    return { path: "bucket.scriptsDir", problem: `folder "${given}" holds no scripts`, fix: "add at least one boot script to it" };
  }
  return names.map((fileName) => {
    const absolutePath = join(dir, fileName);
    const sha256 = createHash("sha256").update(readFileSync(absolutePath)).digest("hex");
    return { fileName, absolutePath, sha256 };
  });
}

function missingScript(path: string, fileName: string, given: string, found: readonly ScriptFile[]): Problem {
  return {
    path,
    problem: `script "${fileName}" not found in "${given}"`,
    fix: `add the file or use one of: ${found.map((s) => s.fileName).join(", ")}`,
  };
}

/** The folder holding package.json, found from this file whether it runs from source or from dist/. */
function projectRoot(start: string = __dirname): string {
  let dir = start;
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}
