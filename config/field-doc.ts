import type { z } from "zod";

/**
 * How a config field is documented. The README's config reference is generated from these
 * (`__tests__/support/config-reference.ts`), so that the schema, its defaults and the docs cannot drift apart.
 */
export interface FieldDoc {
  /** The accepted values, as the reader should see them. @default - derived from an enum, literal union or boolean schema */
  readonly type?: string;
  /** The default, when it is a behaviour rather than a value. @default - the schema's default value */
  readonly default?: string;
  /** What the field does, and what it conflicts with. @default - no notes */
  readonly notes?: string;
}

/** Attaches the field's documentation to its schema, as its `doc` metadata (`schema.meta().doc`). */
export function documented<T extends z.ZodType>(schema: T, doc: FieldDoc): T {
  return schema.meta({ doc });
}
