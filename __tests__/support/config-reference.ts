/**
 * The README's config reference, generated from the schema's field docs (`documented` in
 * config/field-doc.ts): `__tests__/config/reference.test.ts` checks the README against it, and
 * rewrites it with `UPDATE_README=1`.
 */
import { z } from "zod";
import type { FieldDoc } from "../../config/field-doc";
import { ScenarioConfigSchema } from "../../config/schema";

/** One row of the config reference. */
export interface ReferenceRow {
  readonly path: string;
  readonly type: string;
  readonly default: string;
  readonly notes: string;
}

/** A field the walk found without documentation: a test fails on any. */
export interface UndocumentedField {
  readonly path: string;
}

/** Every documented field of the config, in schema order, and the fields missing a doc. */
export function configReference(): { rows: ReferenceRow[]; undocumented: UndocumentedField[] } {
  const rows: ReferenceRow[] = [];
  const undocumented: UndocumentedField[] = [];
  walkObject(ScenarioConfigSchema, "", true, rows, undocumented);
  return { rows, undocumented };
}

/** The reference as the README's markdown table. */
export function configReferenceTable(): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  const lines = configReference().rows.map((row) => `| \`${row.path}\` | ${cell(row.type)} | ${cell(row.default)} | ${cell(row.notes)} |`);
  return ["| Field | Type | Default | Notes |", "| --- | --- | --- | --- |", ...lines].join("\n");
}

function walkObject(schema: z.ZodObject, prefix: string, topLevel: boolean, rows: ReferenceRow[], undocumented: UndocumentedField[]): void {
  for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][]) {
    const inner = unwrap(field);
    const isArray = inner instanceof z.ZodArray;
    const path = `${prefix}${key}${isArray ? "[]" : ""}`;
    const doc = docOf(field);
    if (doc) rows.push(rowOf(path, field, doc, topLevel));
    else undocumented.push({ path });
    const element = isArray ? unwrap(inner.element as z.ZodType) : inner;
    if (element instanceof z.ZodObject) walkObject(element, `${path}.`, false, rows, undocumented);
  }
}

/** The documentation `documented` attached to a schema (its `doc` metadata), if any. */
function docOf(schema: z.ZodType): FieldDoc | undefined {
  const meta = schema.meta() as { doc?: FieldDoc } | undefined;
  return meta?.doc;
}

function rowOf(path: string, field: z.ZodType, doc: FieldDoc, topLevel: boolean): ReferenceRow {
  return {
    path,
    type: doc.type ?? derivedType(unwrap(field)) ?? "",
    default: doc.default ?? derivedDefault(field, topLevel),
    notes: doc.notes ?? "",
  };
}

/** The schema inside `.default()` and `.optional()`. */
function unwrap(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) return unwrap(schema.def.innerType as z.ZodType);
  return schema;
}

function derivedType(schema: z.ZodType): string | undefined {
  if (schema instanceof z.ZodBoolean) return "boolean";
  if (schema instanceof z.ZodEnum) return schema.options.map((option) => `\`${String(option)}\``).join(" | ");
  if (schema instanceof z.ZodUnion && schema.options.every((option) => option instanceof z.ZodLiteral)) {
    return (schema.options as z.ZodLiteral[]).map((option) => String(option.value)).join(", ");
  }
  return undefined;
}

function derivedDefault(field: z.ZodType, topLevel: boolean): string {
  if (field instanceof z.ZodDefault) return `\`${JSON.stringify(field.def.defaultValue).replace(/^"(.*)"$/, "$1")}\``;
  if (field instanceof z.ZodOptional) return "—";
  return topLevel ? "— (required)" : "—";
}
