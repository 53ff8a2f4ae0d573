/**
 * The access matrix of `--format text`, fitted to a width: one row per principal × origin, one
 * column per action, ✓ / ✗ / ? cells numbered with the reason that decided, the reasons listed
 * below. Pure: rows and a width in, lines out; no line is longer than the width.
 *
 * When the action columns do not fit beside the labels under their full names, the names are
 * abbreviated (with a legend); when they still do not fit, the columns wrap into several blocks,
 * each repeating the labels. Labels that leave no room for one column are cut with `…`.
 */
import type { AccessRow } from "../../analysis/access/types";
import { pivotAccess, shortAction, verdictOf, type AccessMatrix } from "./present";

/** Paints one token of a cell by its decision; identity when there is no color. */
export type PaintDecision = (decision: string, text: string) => string;

const SYMBOLS = { allowed: "✓", denied: "✗", unknown: "?" } as const;
const INDENT = "  ";
const GAP = "  ";
const HEADERS = ["PRINCIPAL", "ORIGIN"] as const;
/** Narrowest a label column is cut to. */
const MIN_LABEL = 6;

interface CellToken {
  readonly decision: string;
  readonly text: string;
}

interface Column {
  readonly action: string;
  readonly header: string;
  readonly width: number;
}

/** The matrix, legend and numbered reasons, each line at most `width` characters (plus color codes). */
export function matrixLines(rows: readonly AccessRow[], width: number, paint: PaintDecision): string[] {
  const matrix = pivotAccess(rows);
  const reasons = numberReasons(matrix);
  const cells = matrix.rows.map((row) => matrix.actions.map((action) => cellTokens(row.cells.get(action) ?? [], reasons)));
  const cellWidth = (index: number): number => Math.max(0, ...cells.map((row) => plainLength(row[index] ?? [])));
  const labelWidths = [HEADERS[0].length, HEADERS[1].length].map((min, i) =>
    Math.max(min, ...matrix.rows.map((row) => (i === 0 ? row.principal : row.origin).length)),
  );
  const full = matrix.actions.map((action, i) => ({
    action,
    header: shortAction(action),
    width: Math.max(shortAction(action).length, cellWidth(i)),
  }));
  const abbreviated = abbreviate(matrix.actions).map((header, i) => ({
    action: matrix.actions[i] ?? "",
    header,
    width: Math.max(header.length, cellWidth(i)),
  }));
  const fitsInOne = (columns: readonly Column[]): boolean => lineLength(labelWidths, columns) <= width;
  const columns = fitsInOne(full) ? full : abbreviated;
  const labels = fitLabels(labelWidths, Math.max(0, ...columns.map((column) => column.width)), width);
  const out: string[] = [];
  for (const block of blocks(columns, labels, width)) {
    if (out.length > 0) out.push("");
    out.push(fit(headerLine(labels, block), width));
    matrix.rows.forEach((row, r) => {
      const line = [
        INDENT,
        cut(row.principal, labels[0] ?? 0).padEnd(labels[0] ?? 0),
        GAP,
        cut(row.origin, labels[1] ?? 0).padEnd(labels[1] ?? 0),
      ];
      for (const column of block) line.push(GAP, paintCell(cells[r]?.[matrix.actions.indexOf(column.action)] ?? [], column.width, paint));
      out.push(line.join("").trimEnd());
    });
  }
  if (columns !== full)
    out.push(
      "",
      ...wrapItems(
        columns.map((column) => `${column.header} ${shortAction(column.action)}`),
        width,
        INDENT,
      ),
    );
  out.push(
    "",
    ...wrap("✓ allowed · ✗ denied (explicitly, or because nothing allows it) · ? unknown; the number is the reason below.", width, INDENT),
  );
  out.push("", "Reasons (which statement of which policy decided)");
  const digits = String(reasons.size).length;
  for (const [index, because] of [...reasons.keys()].entries())
    out.push(...wrap(because, width, `${INDENT}${String(index + 1).padStart(digits)}  `));
  return out;
}

/** Reason text → number (1-based, in reading order of the table). */
function numberReasons(matrix: AccessMatrix): Map<string, number> {
  const reasons = new Map<string, number>();
  for (const row of matrix.rows) {
    for (const action of matrix.actions) {
      for (const cell of row.cells.get(action) ?? []) if (!reasons.has(cell.because)) reasons.set(cell.because, reasons.size + 1);
    }
  }
  return reasons;
}

/** One token per distinct decision and reason among the cell's rows (one row per resource). */
function cellTokens(rows: readonly AccessRow[], reasons: ReadonlyMap<string, number>): CellToken[] {
  const seen = new Set<string>();
  const tokens: CellToken[] = [];
  for (const row of rows) {
    const text = `${SYMBOLS[verdictOf(row.decision)]}${reasons.get(row.because) ?? ""}`;
    if (seen.has(text)) continue;
    seen.add(text);
    tokens.push({ decision: row.decision, text });
  }
  return tokens;
}

function plainLength(tokens: readonly CellToken[]): number {
  return tokens.map((token) => token.text).join(" ").length;
}

function paintCell(tokens: readonly CellToken[], width: number, paint: PaintDecision): string {
  return tokens.map((token) => paint(token.decision, token.text)).join(" ") + " ".repeat(Math.max(0, width - plainLength(tokens)));
}

/** `GetBucketPolicy` → `GBP`: the capitals of each name, numbered where two would be the same. */
function abbreviate(actions: readonly string[]): string[] {
  const used = new Map<string, number>();
  return actions.map((action) => {
    const name = shortAction(action);
    const initials = (name.match(/[A-Z0-9]/g) ?? [name.slice(0, 2)]).join("") || name.slice(0, 2);
    const count = (used.get(initials) ?? 0) + 1;
    used.set(initials, count);
    return count === 1 ? initials : `${initials}${count}`;
  });
}

function lineLength(labels: readonly number[], columns: readonly Column[]): number {
  return (
    INDENT.length + (labels[0] ?? 0) + GAP.length + (labels[1] ?? 0) + columns.reduce((sum, column) => sum + GAP.length + column.width, 0)
  );
}

/** Cuts the wider label column, then the other, until one action column fits beside them. */
function fitLabels(labels: readonly number[], widestColumn: number, width: number): number[] {
  const fitted = [...labels];
  const room = (): number => width - lineLength(fitted, [{ action: "", header: "", width: widestColumn }]);
  while (room() < 0) {
    const wider = (fitted[0] ?? 0) >= (fitted[1] ?? 0) ? 0 : 1;
    if ((fitted[wider] ?? 0) <= MIN_LABEL) break;
    fitted[wider] = (fitted[wider] ?? 0) - 1;
  }
  return fitted;
}

/** Columns in blocks that each fit the width beside the labels (at least one column per block). */
function blocks(columns: readonly Column[], labels: readonly number[], width: number): Column[][] {
  const result: Column[][] = [];
  let current: Column[] = [];
  for (const column of columns) {
    if (current.length > 0 && lineLength(labels, [...current, column]) > width) {
      result.push(current);
      current = [];
    }
    current.push(column);
  }
  if (current.length > 0) result.push(current);
  return result;
}

function headerLine(labels: readonly number[], block: readonly Column[]): string {
  const cells = [
    HEADERS[0].padEnd(labels[0] ?? 0),
    HEADERS[1].padEnd(labels[1] ?? 0),
    ...block.map((column) => column.header.padEnd(column.width)),
  ];
  return `${INDENT}${cells.join(GAP)}`.trimEnd();
}

/** `text` cut to `width` characters, ending in `…` when cut. */
function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** A line that cannot be made narrower (a width below the labels' minimum) is cut, never longer than the width. */
function fit(line: string, width: number): string {
  return cut(line, width);
}

/** Items joined by ` · `, broken between items only (an item longer than a line is wrapped on its own). */
function wrapItems(items: readonly string[], width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const item of items) {
    const joined = line === "" ? item : `${line} · ${item}`;
    if (indent.length + joined.length <= width || line === "") line = joined;
    else {
      lines.push(`${indent}${line}`);
      line = item;
    }
  }
  if (line !== "") lines.push(`${indent}${line}`);
  return lines.flatMap((text) => (text.length <= width ? [text] : wrap(text.trimStart(), width, indent)));
}

/** Word-wraps `text` to `width`: the first line after `first`, the others indented as deep; words longer than a line are broken. */
export function wrap(text: string, width: number, first: string): string[] {
  const hanging = " ".repeat(first.length);
  const room = Math.max(1, width - first.length);
  const lines: string[] = [];
  let line = "";
  const flush = (): void => {
    lines.push(`${lines.length === 0 ? first : hanging}${line}`.trimEnd());
    line = "";
  };
  for (let word of text.split(/\s+/).filter((w) => w !== "")) {
    while (word.length > room) {
      if (line !== "") flush();
      line = word.slice(0, room);
      word = word.slice(room);
      flush();
    }
    if (line === "") line = word;
    else if (line.length + 1 + word.length <= room) line += ` ${word}`;
    else {
      flush();
      line = word;
    }
  }
  if (line !== "" || lines.length === 0) flush();
  return lines;
}
