/**
 * Attribute values of a planned resource: the planned values where known, and where Terraform
 * only knows them after apply (`after_unknown`), the references of the configured expression, as
 * `${address.attribute}` strings, so that the same reference matching works as for Terraform JSON.
 */
import { unknownValue } from "./unknown";
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
    const value = filledValue(key, expression, filled[key], unknownByKey[key], referrer);
    if (value !== undefined) filled[key] = value;
  }
  return filled;
}

/** The value of one attribute once filled from its expression; undefined to keep the planned value. */
function filledValue(key: string, expression: unknown, known: unknown, marker: unknown, referrer: Referrer): unknown {
  const leaf = asRecord(expression);
  const missing = known === undefined || known === null;
  if (leaf !== undefined && isLeaf(leaf)) {
    // An attribute written as blocks (`route { ... }` of aws_route_table) has one expression for all its blocks.
    const blocks = Array.isArray(known) && known.some((item) => asRecord(item) !== undefined) && marker !== true;
    if (blocks) return containsTrue(marker) ? fillBlocksFromLeaf(known, marker, leaf, referrer) : undefined;
    return marker === true || containsTrue(marker) || missing ? leafValue(leaf, referrer, key, known) : undefined;
  }
  if ((Array.isArray(expression) || leaf !== undefined) && (containsTrue(marker) || missing)) {
    return fillBlocks(known, marker, Array.isArray(expression) ? expression : [expression], referrer);
  }
  return undefined;
}

/** Fills the unknown arguments of known blocks from the one expression of their attribute; several references leave them unknown. */
function fillBlocksFromLeaf(known: readonly unknown[], marker: unknown, leaf: Record<string, unknown>, referrer: Referrer): unknown[] {
  const markers = Array.isArray(marker) ? marker : [];
  return known.map((block, index) => {
    const record = asRecord(block);
    const unknownKeys = asRecord(markers[index]);
    if (record === undefined || unknownKeys === undefined) return block;
    const filled: Record<string, unknown> = { ...record };
    for (const [key, flag] of Object.entries(unknownKeys)) {
      if (flag !== true || (filled[key] !== undefined && filled[key] !== null && filled[key] !== "")) continue;
      const value = leafValue(leaf, referrer, key, filled[key]);
      filled[key] = Array.isArray(value) ? unknownValue(`a value known after apply, one of ${value.join(", ")}`) : value;
    }
    return filled;
  });
}

function fillBlocks(known: unknown, marker: unknown, expressions: readonly unknown[], referrer: Referrer): unknown {
  const knownBlocks = Array.isArray(known) ? known : [];
  const markers = Array.isArray(marker) ? marker : [];
  return expressions.map((expression, index) =>
    fillUnknowns(asRecord(knownBlocks[index]) ?? {}, markers[index], asRecord(expression), referrer),
  );
}

/**
 * The value a leaf expression stands for: its constant, or, from its references, what the plan can
 * say. `terraform show -json` lists the same references for `aws_s3_bucket.x.arn` and for the
 * template `"${aws_s3_bucket.x.arn}/*"`, so a reference stands for its value only where an argument
 * names another resource (`vpc_id`, `route_table_ids`, `bucket`, `role`, a policy document's `json`):
 * there a template would not name it. Anywhere else the value is unknown, with the references as reason.
 * With `count.index` / `each.*` among the references, a reference without key selects the
 * referrer's own instance key (`aws_subnet.a[count.index].id` is reported as `aws_subnet.a`).
 */
function leafValue(leaf: Record<string, unknown>, referrer: Referrer, key: string, known: unknown): unknown {
  if ("constant_value" in leaf) return leaf["constant_value"];
  const references = (Array.isArray(leaf["references"]) ? leaf["references"] : []).flatMap((item) => {
    const text = asString(item);
    return text === undefined ? [] : [text];
  });
  const byInstance = referrer.key !== undefined && references.some((reference) => /^(count\.index|each\.(key|value))/.test(reference));
  const resources = mostSpecific(references.filter((reference) => !/^(var|local|each|count|path|self|terraform)\./.test(reference)));
  if (resources.length === 0) return undefined;
  const expressions = resources.map(
    (reference) => `\${${referrer.prefix}${byInstance && !reference.includes("[") ? `${reference}[${referrer.key}]` : reference}}`,
  );
  if (!namesResource(key, resources))
    return unknownIn(
      known,
      unknownValue(`a value known after apply, computed from ${[...new Set(resources)].join(", ")} (perhaps in a template)`),
    );
  if (expressions.length === 1) return expressions[0];
  // An unknown document that mixes several references cannot be read as one of them.
  return key.endsWith("policy") || key === "json"
    ? unknownValue(`a value known after apply, computed from ${resources.join(", ")}`)
    : expressions;
}

/** Arguments whose value names another resource by its id, ARN or name. */
const NAMING_KEYS = new Set([
  "bucket",
  "role",
  "roles",
  "users",
  "groups",
  "iam_instance_profile",
  "security_groups",
  "source_policy_documents",
  "override_policy_documents",
]);

/** True when a reference in this argument names the resource itself (see {@link leafValue}). */
function namesResource(key: string, resources: readonly string[]): boolean {
  if (/_ids?$|_arns?$/.test(key) || NAMING_KEYS.has(key)) return true;
  // A policy argument set to a document's rendering: `data.aws_iam_policy_document.x.json`, `aws_iam_policy.x.policy`.
  if (key.endsWith("policy") || key === "json") return resources.every((reference) => /\.(json|policy)$/.test(reference));
  return false;
}

/** The unknown marker in place of a value: in each unknown (null) element of a known list, else as the value. */
function unknownIn(known: unknown, marker: string): unknown {
  if (Array.isArray(known) && known.length > 0) return known.map((item) => (item === null || item === undefined ? marker : item));
  return marker;
}

/** Drops references that are a prefix of a longer one in the list (`aws_x.a` beside `aws_x.a.id`). */
function mostSpecific(references: readonly string[]): string[] {
  return references.filter(
    (reference) =>
      !references.some((other) => other !== reference && (other.startsWith(`${reference}.`) || other.startsWith(`${reference}[`))),
  );
}

function containsTrue(marker: unknown): boolean {
  if (marker === true) return true;
  if (Array.isArray(marker)) return marker.some(containsTrue);
  const record = asRecord(marker);
  return record !== undefined && Object.values(record).some(containsTrue);
}
