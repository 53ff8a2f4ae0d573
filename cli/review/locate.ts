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
  const scanner = new Scanner();
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "\n") scanner.newLine(i);
    else if (char === '"') i = scanner.string(text, i);
    else if (char === ":") scanner.colon();
    else if (char === "{" || char === "[") scanner.open(char, i);
    else if (char === "}" || char === "]") scanner.close(i);
    else if (char === ",") scanner.comma();
  }
  return scanner.regions;
}

/** The state of one pass: open containers, the last key read, and the regions found so far. */
class Scanner {
  readonly regions = new Map<string, Region>();
  private readonly stack: Open[] = [];
  private line = 1;
  private lineStart = 0;
  private pendingKey: { readonly text: string; readonly position: Position } | null = null;
  private expectAddressValue = false;

  newLine(offset: number): void {
    this.line++;
    this.lineStart = offset + 1;
  }

  /** Reads the string at `open`; returns the index of its closing quote. */
  string(text: string, open: number): number {
    const top = this.top();
    const position = this.at(open);
    const end = skipString(text, open);
    const value = decode(text.slice(open + 1, end));
    // A plan resource: the object that holds `"address": "<address>"`.
    if (this.expectAddressValue && top !== undefined && top.block === undefined && !this.regions.has(value))
      top.block = { address: value, start: top.position };
    this.expectAddressValue = false;
    if (top?.kind === "object" && top.key === null) this.pendingKey = { text: value, position };
    return end;
  }

  colon(): void {
    const top = this.top();
    if (top !== undefined) top.key = this.pendingKey?.text ?? null;
    this.expectAddressValue = this.pendingKey?.text === "address";
  }

  open(char: "{" | "[", offset: number): void {
    this.expectAddressValue = false;
    const address = terraformAddress(this.stack);
    const container: Open = { kind: char === "{" ? "object" : "array", key: null, position: this.at(offset) };
    // A Terraform JSON block: from its name key to the end of its value.
    if (address !== undefined && !this.regions.has(address) && this.pendingKey !== null)
      container.block = { address, start: this.pendingKey.position };
    this.stack.push(container);
  }

  close(offset: number): void {
    const block = this.stack.pop()?.block;
    if (block === undefined || this.regions.has(block.address)) return;
    const { start } = block;
    this.regions.set(block.address, {
      startLine: start.line,
      startColumn: start.column,
      charOffset: start.offset,
      charLength: offset + 1 - start.offset,
    });
  }

  comma(): void {
    this.expectAddressValue = false;
    const top = this.top();
    if (top?.kind === "object") top.key = null;
  }

  private top(): Open | undefined {
    return this.stack[this.stack.length - 1];
  }

  private at(offset: number): Position {
    return { offset, line: this.line, column: offset - this.lineStart + 1 };
  }
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

/** The region for a finding's address (see {@link lookup}), else the start of the file. */
export function regionOf(index: RegionIndex, address: string): Region | { readonly startLine: number } {
  return lookup(index, address) ?? { startLine: 1 };
}
