import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { loadScenario, parseScenario } from "../../config/load";
import { type Problem, ProblemsError, formatProblem } from "../../config/problems";
import { ROOT } from "../support/paths";

/**
 * One formatted problem line: a JSON path (or `(config)` for the document itself, or `VPCE_CONFIG`
 * for the file), the problem naming the value, and the fix after an em dash.
 */
export const PROBLEM_LINE = /^(\(config\)|VPCE_CONFIG|[A-Za-z_$][\w$-]*(?:\[\d+\]|\.[^\s:.[\]]+)*): (.+) — (.+)$/;

/** The project and region every catalogue config starts from. */
export const BASE = { project: "bad-cfg", region: "us-east-1" } as const;

/** The outcome of loading a config in-process: the problems, or the error that was not a ProblemsError. */
export type LoadOutcome =
  | { readonly kind: "valid" }
  | { readonly kind: "problems"; readonly problems: readonly Problem[]; readonly lines: readonly string[] }
  | { readonly kind: "crash"; readonly error: unknown };

function outcomeOf(load: () => unknown): LoadOutcome {
  try {
    load();
    return { kind: "valid" };
  } catch (error) {
    if (!(error instanceof ProblemsError)) return { kind: "crash", error };
    return { kind: "problems", problems: error.problems, lines: error.problems.map(formatProblem) };
  }
}

/** Validates a parsed config in-process; relative paths resolve against the project root. */
export function parseOutcome(raw: unknown, baseDir: string = ROOT): LoadOutcome {
  return outcomeOf(() => parseScenario(raw, baseDir, "reliability"));
}

/** Loads a config file in-process, as `VPCE_CONFIG=<file>` would. */
export function fileOutcome(file: string): LoadOutcome {
  return outcomeOf(() => loadScenario({ VPCE_CONFIG: file }));
}

/** Describes an outcome for a failing expectation. */
export function describeOutcome(outcome: LoadOutcome): string {
  if (outcome.kind === "valid") return "valid config";
  if (outcome.kind === "problems") return outcome.lines.join("\n");
  const error = outcome.error;
  return `not a ProblemsError: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
}

/** Splits a rendered JSON path (`a.b[0].c`) into segments; `(config)` and "" are the document itself. */
export function pathSegments(path: string): (string | number)[] {
  if (path === "" || path === "(config)") return [];
  // Segments: plain names, [index], and ["quoted key"] for keys that are not plain names.
  return [...path.matchAll(/\[("(?:[^"\\]|\\.)*")\]|([^.[\]]+)|\[(\d+)\]/g)].map((m) => {
    if (m[1] !== undefined) return JSON.parse(m[1]) as string;
    return m[3] !== undefined ? Number(m[3]) : m[2];
  });
}

/** The value at a path, or undefined when the path does not exist. */
export function valueAt(root: unknown, segments: readonly (string | number)[]): unknown {
  let node: unknown = root;
  for (const segment of segments) {
    if (node === null || typeof node !== "object") return undefined;
    if (!Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/** True when the path exists in the document, or names a field of an object (or an item of an array) that exists. */
export function pathExistsOrParent(root: unknown, path: string): boolean {
  const segments = pathSegments(path);
  if (valueAt(root, segments) !== undefined) return true;
  if (segments.length === 0) return true;
  const parent = valueAt(root, segments.slice(0, -1));
  return parent !== null && typeof parent === "object";
}

/** Every file under a folder with its bytes, plus every folder, keyed by relative path. */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) {
        out[`${relative(dir, path)}/`] = "<dir>";
        walk(path);
      } else {
        out[relative(dir, path)] = readFileSync(path, "base64");
      }
    }
  };
  walk(dir);
  return out;
}
