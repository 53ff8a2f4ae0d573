/**
 * Finds the region of each resource block in a Terraform JSON or plan JSON text, for SARIF
 * locations. One linear pass over the text; never throws (an unrecognised text yields no regions).
 *
 * - Terraform JSON: from the key `"<name>"` under `resource.<type>` (address `<type>.<name>`) or
 *   `data.<type>` (address `data.<type>.<name>`) to the end of its value. Array-of-blocks files
 *   (`"resource": [ { "<type>": [ { "<name>": ... } ] } ]`) are handled by ignoring array levels.
 * - Plan JSON: the first object holding `"address": "<address>"` (in `planned_values`, which
 *   `terraform show -json` prints first), from its `{` to its `}`. Terraform prints the whole
 *   document on one line, so the column and character offset are what tell resources apart.
 */

/** Where a resource block is: 1-based line and column of its start, and its span as character offset and length. */
export interface Region {
  readonly startLine: number;
  readonly startColumn: number;
  readonly charOffset: number;
  readonly charLength: number;
}

/** Resource address → region. */
export type RegionIndex = ReadonlyMap<string, Region>;

/** Resource address → 1-based line number. */
export type LineIndex = ReadonlyMap<string, number>;

interface Open {
  readonly kind: "object" | "array";
  /** The key being read in an object (null before its ':' and in arrays). */
  key: string | null;
  /** Address of the resource this container is the block of, with where the block starts. */
  block?: { readonly address: string; readonly start: Position };
  readonly position: Position;
}

interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** Builds the region index for one file's text. */
export function indexResourceRegions(text: string): RegionIndex {
  const regions = new Map<string, Region>();
  const open: Open[] = [];
  let line = 1;
  let lineStart = 0;
  let pendingKey: { text: string; position: Position } | null = null;
  let expectAddressValue = false;
  const at = (offset: number): Position => ({ offset, line, column: offset - lineStart + 1 });
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "\n") {
      line++;
      lineStart = i + 1;
      continue;
    }
    const top = open[open.length - 1];
    if (char === '"') {
      const position = at(i);
      const end = skipString(text, i);
      const value = decode(text.slice(i + 1, end));
      i = end;
      if (expectAddressValue && top !== undefined && top.block === undefined && !regions.has(value)) top.block = { address: value, start: top.position };
      expectAddressValue = false;
      if (top?.kind === "object" && top.key === null) pendingKey = { text: value, position };
      continue;
    }
    if (char === ":") {
      if (top !== undefined) top.key = pendingKey?.text ?? null;
      expectAddressValue = pendingKey?.text === "address";
      continue;
    }
    if (char === "{" || char === "[") {
      expectAddressValue = false;
      const address = terraformAddress(open);
      const container: Open = { kind: char === "{" ? "object" : "array", key: null, position: at(i) };
      if (address !== undefined && !regions.has(address) && pendingKey !== null) container.block = { address, start: pendingKey.position };
      open.push(container);
      continue;
    }
    if (char === "}" || char === "]") {
      const closed = open.pop();
      if (closed?.block !== undefined && !regions.has(closed.block.address)) {
        const { start } = closed.block;
        regions.set(closed.block.address, { startLine: start.line, startColumn: start.column, charOffset: start.offset, charLength: i + 1 - start.offset });
      }
      continue;
    }
    if (char === ",") {
      expectAddressValue = false;
      if (top?.kind === "object") top.key = null;
    }
  }
  return regions;
}

/** Builds the line index for one file's text. */
export function indexResourceLines(text: string): LineIndex {
  return new Map([...indexResourceRegions(text)].map(([address, region]) => [address, region.startLine]));
}

/** On opening the value of `resource.<type>.<name>` or `data.<type>.<name>`, its address. */
function terraformAddress(open: readonly Open[]): string | undefined {
  const keys = open.flatMap((container) => (container.kind === "object" && container.key !== null ? [container.key] : []));
  if (keys.length !== 3) return undefined;
  const [block, type, name] = keys;
  return block === "resource" ? `${type}.${name}` : block === "data" ? `data.${type}.${name}` : undefined;
}

/** Index of the closing quote of the string starting at `open`. */
function skipString(text: string, open: number): number {
  let i = open + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
  return i;
}

function decode(raw: string): string {
  if (!raw.includes("\\")) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/**
 * The entry for a finding's address: the resource's own block, else the block of the resource it
 * names (`aws_s3_bucket.x` for a finding on `aws_s3_bucket.x.policy`, `aws_instance.web` for
 * `aws_instance.web[0]` in Terraform JSON, which has no instances), else undefined.
 */
function lookup<T>(index: ReadonlyMap<string, T>, address: string): T | undefined {
  const direct = index.get(address) ?? index.get(address.replace(/\[[^\]]*\]$/, ""));
  if (direct !== undefined) return direct;
  const parts = address.split(".");
  for (let length = parts.length - 1; length >= 2; length--) {
    const found = index.get(parts.slice(0, length).join("."));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The line for a finding's address (see {@link lookup}), else line 1. */
export function lineOf(index: LineIndex, address: string): number {
  return lookup(index, address) ?? 1;
}

/** The region for a finding's address (see {@link lookup}), else the start of the file. */
export function regionOf(index: RegionIndex, address: string): Region | { readonly startLine: number } {
  return lookup(index, address) ?? { startLine: 1 };
}
