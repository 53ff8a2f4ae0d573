/**
 * The readers for untyped Terraform JSON values, for the topology reader and the rules. Terraform JSON
 * writes a nested block either as an object or as an array of objects, and booleans or numbers
 * sometimes as strings; its strings are templates, where `${` starts an interpolation and `%{` a
 * directive, and `$${` / `%%{` are their escaped literal forms
 * (https://developer.hashicorp.com/terraform/language/syntax/json, "Expression Mapping").
 *
 * Two families: `as*` read leniently (anything else is undefined or dropped), for the reader's model;
 * `read*` tell a value that is unset from one that is not known before apply ({@link UNRESOLVED}), for
 * rules that must answer UNKNOWN rather than guess.
 */

/** A JSON object as a record, or undefined for anything else (arrays included). */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * The attributes that are set: plan and state JSON write an unset nested block as `[]` and an unset
 * argument as `null` (Terraform JSON may too), and both mean "not set", exactly like an absent key.
 * Applied to every block, nested ones included, so that a reader never mistakes `launch_template: []` for a launch template.
 */
export function setAttributes(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    set[key] = withSetAttributes(value);
  }
  return set;
}

function withSetAttributes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (asRecord(item) === undefined ? item : withSetAttributes(item)));
  const record = asRecord(value);
  return record === undefined ? value : setAttributes(record);
}

/** A string value, or undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The blocks of a nested block attribute: an object is one block, an array holds blocks (nested arrays are flattened). */
export function asBlocks(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap((item) => asBlocks(item));
  const record = asRecord(value);
  return record === undefined ? [] : [record];
}

/** The first block of a nested block attribute, if any. */
export function firstBlock(value: unknown): Record<string, unknown> | undefined {
  return asBlocks(value)[0];
}

/** A list of strings: one string is a list of one; non-strings are dropped. */
export function asStringList(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => (typeof item === "string" ? [item] : []));
}

/** A boolean written as `true` or `"true"`; undefined for anything else. */
export function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

/**
 * An interpolation `${` not written as the escape `$${`, or a directive `%{` not written as `%%{`.
 * Terraform reads a template left to right, so in a run of `$` before `{` the last two are the escape
 * (`$$${` is the literal text `$${`): a sequence is live exactly when the character before it is not its own sigil.
 */
const LIVE_TEMPLATE = /(?:^|[^$])\$\{|(?:^|[^%])%\{/;

/** True for a string that Terraform evaluates: it holds a live `${...}` interpolation or `%{...}` directive. */
export function isExpression(value: string): boolean {
  return LIVE_TEMPLATE.test(value);
}

/**
 * A literal tag value from `tags` (object, or a block list as some generators write it), for names
 * and labels; a templated one (`"${var.project}-app"`) or an empty one is no name and gives undefined.
 */
export function tagValue(values: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const tags = firstBlock(values["tags"]);
  const value = tags === undefined ? undefined : asString(tags[key]);
  return value === undefined || value === "" || isExpression(value) ? undefined : value;
}

/** A value a rule cannot know before apply: an expression, or a value of the wrong shape. */
export const UNRESOLVED = Symbol("unresolved");
export type Unresolved = typeof UNRESOLVED;

/** A boolean attribute: `absent` when unset or null, UNRESOLVED for an expression or a non-boolean. */
export function readBool(value: unknown, absent: boolean): boolean | Unresolved {
  if (value === undefined || value === null) return absent;
  return asBoolean(value) ?? UNRESOLVED;
}

/** A string attribute: undefined when unset, UNRESOLVED for an expression or a non-string. */
export function readString(value: unknown): string | undefined | Unresolved {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return String(value);
  if (typeof value !== "string" || isExpression(value)) return UNRESOLVED;
  return value;
}

/** A list of strings: UNRESOLVED when the list itself or any element is an expression. */
export function readStrings(value: unknown): string[] | Unresolved {
  if (value === undefined || value === null) return [];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  const strings: string[] = [];
  for (const item of list) {
    const text = readString(item);
    if (text === UNRESOLVED) return UNRESOLVED;
    if (text !== undefined) strings.push(text);
  }
  return strings;
}

/**
 * A nested block (`metadata_options`, `ingress`, `rule`): one object or a list of objects.
 * UNRESOLVED when the block is an expression (or `dynamic`).
 */
export function readBlocks(value: unknown): Record<string, unknown>[] | Unresolved {
  if (value === undefined || value === null) return [];
  const list: unknown[] = Array.isArray(value) ? value : [value];
  const blocks: Record<string, unknown>[] = [];
  for (const item of list) {
    const block = asRecord(item);
    if (block === undefined) return UNRESOLVED;
    blocks.push(block);
  }
  return blocks;
}

/** The first block, `{}` when there is none. */
export function readBlock(value: unknown): Record<string, unknown> | Unresolved {
  const blocks = readBlocks(value);
  return blocks === UNRESOLVED ? UNRESOLVED : (blocks[0] ?? {});
}

/** Appends to the list under a key, creating it on first use. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
