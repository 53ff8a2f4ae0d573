/**
 * Attribute values of a planned resource: the planned values where known, and where Terraform
 * only knows them after apply (`after_unknown`), the references of the configured expression, as
 * `${address.attribute}` strings, so that the same reference matching works as for Terraform JSON.
 */
import { asRecord, asString } from "./values";

/** One `expressions` entry is a leaf when it carries `constant_value` or `references`. */
function isLeaf(expression: Record<string, unknown>): boolean {
  return "constant_value" in expression || "references" in expression;
}

/** Where the referring resource instance sits. */
export interface Referrer {
  /** The module instance address (`module.a[0].`) that the module's own references are relative to; "" at the root. */
  readonly prefix: string;
  /** The referrer's own instance key (`0`, `"a"`), which `[count.index]` / `[each.key]` references select. */
  readonly key?: string;
}

/** Fills unknown or missing attributes from the configuration's expressions. */
export function fillUnknowns(
  values: Readonly<Record<string, unknown>>,
  unknown: unknown,
  expressions: Readonly<Record<string, unknown>> | undefined,
  referrer: Referrer,
): Record<string, unknown> {
  const filled: Record<string, unknown> = { ...values };
  const unknownByKey = asRecord(unknown) ?? {};
  for (const [key, expression] of Object.entries(expressions ?? {})) {
    const known = filled[key];
    const marker = unknownByKey[key];
    const leaf = asRecord(expression);
    if (leaf !== undefined && isLeaf(leaf)) {
      if (marker === true || containsTrue(marker) || known === undefined || known === null) {
        const value = leafValue(leaf, referrer, key);
        if (value !== undefined) filled[key] = value;
      }
    } else if ((Array.isArray(expression) || leaf !== undefined) && (containsTrue(marker) || known === undefined || known === null)) {
      filled[key] = fillBlocks(known, marker, Array.isArray(expression) ? expression : [expression], referrer);
    }
  }
  return filled;
}

function fillBlocks(known: unknown, marker: unknown, expressions: readonly unknown[], referrer: Referrer): unknown {
  const knownBlocks = Array.isArray(known) ? known : [];
  const markers = Array.isArray(marker) ? marker : [];
  return expressions.map((expression, index) =>
    fillUnknowns(asRecord(knownBlocks[index]) ?? {}, markers[index], asRecord(expression), referrer),
  );
}

/**
 * The value a leaf expression stands for: its constant, or its references as `${...}` strings.
 * With `count.index` / `each.*` among the references, a reference without key selects the
 * referrer's own instance key (`aws_subnet.a[count.index].id` is reported as `aws_subnet.a`).
 */
function leafValue(leaf: Record<string, unknown>, referrer: Referrer, key: string): unknown {
  if ("constant_value" in leaf) return leaf["constant_value"];
  const references = (Array.isArray(leaf["references"]) ? leaf["references"] : []).flatMap((item) => {
    const text = asString(item);
    return text === undefined ? [] : [text];
  });
  const byInstance = referrer.key !== undefined && references.some((reference) => /^(count\.index|each\.(key|value))/.test(reference));
  const resources = mostSpecific(references.filter((reference) => !/^(var|local|each|count|path|self|terraform)\./.test(reference)));
  if (resources.length === 0) return undefined;
  const expressions = resources.map((reference) => `\${${referrer.prefix}${byInstance && !reference.includes("[") ? `${reference}[${referrer.key}]` : reference}}`);
  if (expressions.length === 1) return expressions[0];
  // An unknown document that mixes several references cannot be read as one of them.
  return key.endsWith("policy") || key === "json" ? `\${known after apply: ${resources.join(", ")}}` : expressions;
}

/** Drops references that are a prefix of a longer one in the list (`aws_x.a` beside `aws_x.a.id`). */
function mostSpecific(references: readonly string[]): string[] {
  return references.filter((reference) => !references.some((other) => other !== reference && (other.startsWith(`${reference}.`) || other.startsWith(`${reference}[`))));
}

function containsTrue(marker: unknown): boolean {
  if (marker === true) return true;
  if (Array.isArray(marker)) return marker.some(containsTrue);
  const record = asRecord(marker);
  return record !== undefined && Object.values(record).some(containsTrue);
}
