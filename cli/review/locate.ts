/**
 * Finds the line of each resource block in a Terraform JSON or plan JSON text, for SARIF
 * locations. One linear pass over the text; never throws (an unrecognised text yields no lines).
 *
 * - Terraform JSON: the line of the key `"<name>": {` under `resource.<type>` (address
 *   `<type>.<name>`) or `data.<type>` (address `data.<type>.<name>`). Array-of-blocks files
 *   (`"resource": [ { "<type>": [ { "<name>": ... } ] } ]`) are handled by ignoring array levels.
 * - Plan JSON: the first line holding `"address": "<address>"`.
 */

/** Resource address → 1-based line number. */
export type LineIndex = ReadonlyMap<string, number>;

/** Builds the index for one file's text. */
export function indexResourceLines(text: string): LineIndex {
  const lines = new Map<string, number>();
  const keyPath: (string | null)[] = []; // one entry per open object: the key being read (null in arrays)
  const kinds: ("object" | "array")[] = [];
  let line = 1;
  let pendingKey: string | null = null; // the last string read inside an object, before its ':'
  let lastKeyLine = 0;
  let expectAddressValue = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "\n") {
      line++;
      continue;
    }
    if (char === '"') {
      const start = line;
      const end = skipString(text, i);
      const value = decode(text.slice(i + 1, end));
      i = end;
      if (expectAddressValue) {
        if (!lines.has(value)) lines.set(value, start);
        expectAddressValue = false;
      }
      if (kinds[kinds.length - 1] === "object" && keyPath[keyPath.length - 1] === null) {
        pendingKey = value;
        lastKeyLine = start;
      }
      continue;
    }
    if (char === ":") {
      keyPath[keyPath.length - 1] = pendingKey;
      expectAddressValue = pendingKey === "address";
      continue;
    }
    if (char === "{" || char === "[") {
      expectAddressValue = false;
      record(lines, keyPath, kinds, lastKeyLine);
      kinds.push(char === "{" ? "object" : "array");
      keyPath.push(null);
      continue;
    }
    if (char === "}" || char === "]") {
      kinds.pop();
      keyPath.pop();
      continue;
    }
    if (char === ",") {
      expectAddressValue = false;
      if (kinds[kinds.length - 1] === "object") keyPath[keyPath.length - 1] = null;
    }
  }
  return lines;
}

/** On opening the value of `resource.<type>.<name>` or `data.<type>.<name>`, records its key's line. */
function record(lines: Map<string, number>, keyPath: readonly (string | null)[], kinds: readonly string[], keyLine: number): void {
  const keys: string[] = [];
  for (let depth = 0; depth < keyPath.length; depth++) {
    const key = keyPath[depth];
    if (kinds[depth] === "object" && key !== null && key !== undefined) keys.push(key);
  }
  if (keys.length !== 3) return;
  const [block, type, name] = keys;
  const address = block === "resource" ? `${type}.${name}` : block === "data" ? `data.${type}.${name}` : undefined;
  if (address !== undefined && !lines.has(address)) lines.set(address, keyLine);
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
 * The line for a finding's address: the resource's own block, else the block of the resource
 * it names (`aws_s3_bucket.x` for a finding on `aws_s3_bucket.x.policy`), else line 1.
 */
export function lineOf(index: LineIndex, address: string): number {
  const direct = index.get(address);
  if (direct !== undefined) return direct;
  const parts = address.split(".");
  for (let length = parts.length - 1; length >= 2; length--) {
    const found = index.get(parts.slice(0, length).join("."));
    if (found !== undefined) return found;
  }
  return 1;
}
