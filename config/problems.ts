/**
 * One wording for every user-facing problem: the JSON path, what is wrong with the value, and the fix.
 * Used by config validation, synth-time guards and the CLIs so that messages read alike everywhere.
 */
export interface Problem {
  /** JSON path of the offending field, e.g. `endpointGroups[1].tiers[0]`. */
  readonly path: string;
  /** What is wrong, naming the bad value. */
  readonly problem: string;
  /** What to change. */
  readonly fix: string;
}

/** Formats a problem as one line: `path: problem — fix`. */
export function formatProblem(p: Problem): string {
  return `${p.path || "(config)"}: ${p.problem} — ${p.fix}`;
}

/**
 * Renders a JSON path from zod-style segments: `["a", 0, "b"]` → `a[0].b`. A key that is not a plain
 * name is quoted, `tags["a.b"]`, so that the path stays unambiguous and on one line.
 */
export function jsonPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((acc, seg) => {
    if (typeof seg === "number") return `${acc}[${seg}]`;
    const key = String(seg);
    if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${acc}[${JSON.stringify(key)}]`;
    return acc ? `${acc}.${key}` : key;
  }, "");
}

/** Shows a value compactly inside a message. */
export function showValue(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A user error carrying every problem found, so that all of them can be reported at once. */
export class ProblemsError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "ProblemsError";
  }
}

/** A user error at one place, such as a construct path: reported like a config problem, never as a crash. */
export function problemAt(path: string, problem: string, fix: string): ProblemsError {
  return new ProblemsError([{ path, problem, fix }]);
}
