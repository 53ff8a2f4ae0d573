/**
 * Small readers for untyped Terraform JSON values. Terraform JSON writes a nested block either as
 * an object or as an array of objects, and booleans or numbers sometimes as strings.
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

/** True when the string is a plain literal: no Terraform `${...}` or `%{...}` template. */
export function isLiteral(value: string): boolean {
  return !/[$%]\{/.test(value.replace(/\$\$\{|%%\{/g, ""));
}

/**
 * A literal tag value from `tags` (object, or a block list as some generators write it), for names
 * and labels; a templated one (`"${var.project}-app"`) or an empty one is no name and gives undefined.
 */
export function tagValue(values: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const tags = firstBlock(values["tags"]);
  const value = tags === undefined ? undefined : asString(tags[key]);
  return value === undefined || value === "" || !isLiteral(value) ? undefined : value;
}

/** Appends to the list under a key, creating it on first use. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
