// How BENCHMARKS.md writes a figure, a table and a ratio, for every section and the targets.

/** Seconds, to the millisecond below 10 s. */
export const sec = (v) => (v >= 10 ? `${v.toFixed(1)} s` : `${v.toFixed(3)} s`);

/** A measured result with a median to quote (not failed, not skipped). */
export const usable = (r) => Boolean(r) && !r.failed && typeof r.median === "number";

/** `a ÷ b` of two results' medians, or `–` when either has none. */
export const ratio = (a, b) => (usable(a) && usable(b) ? `${(a.median / b.median).toFixed(2)}×` : "–");

/** A markdown table. */
export const table = (head, rows) =>
  [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
