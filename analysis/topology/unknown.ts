/**
 * Values the input does not determine: a plan's values known only after apply whose configuration
 * expression may be a template (`"${aws_s3_bucket.x.arn}/*"` and `aws_s3_bucket.x.arn` both list the
 * same references in `terraform show -json`), and Terraform JSON templates with a part that is not
 * a resource attribute (`${var.x}`, `${local.y}`, a function call).
 *
 * Inside policy documents such a value is written as one marker string, `${unknown(<reason>)}`, so that it
 * stays a non-literal everywhere (`${...}`), is no IAM policy variable (those are `${namespace:key}`), never
 * equals another value, and carries why it is unknown.
 * A decision that depends on it is Unknown (analysis/access), never a definite Allow or Deny.
 */

const MARKER = /\$\{unknown\(([^{}]*)\)\}/;

/** The marker for a value that is not known, with a one-line reason (braces are dropped from it). */
export function unknownValue(reason: string): string {
  return `\${unknown(${reason
    .replace(/\$\{|[{}]/g, "")
    .replace(/\s+/g, " ")
    .trim()})}`;
}

/** The reason of the first unknown marker in a string, or undefined when it holds none. */
export function unknownReason(text: string): string | undefined {
  return MARKER.exec(text)?.[1];
}

/** Reasons found per object or array (null: none), since the analyzer asks about the same policy documents thousands of times. */
const found = new WeakMap<object, string | null>();

/**
 * The reason of the first unknown marker anywhere in a JSON value (strings of arrays and objects
 * included). Memoized per object: callers must not mutate a value after asking about it.
 */
export function unknownReasonIn(value: unknown): string | undefined {
  if (typeof value === "string") return unknownReason(value);
  if (typeof value !== "object" || value === null) return undefined;
  const known = found.get(value);
  if (known !== undefined) return known ?? undefined;
  const reason = firstReason(Array.isArray(value) ? value : Object.values(value));
  found.set(value, reason ?? null);
  return reason;
}

function firstReason(items: readonly unknown[]): string | undefined {
  for (const item of items) {
    const reason = unknownReasonIn(item);
    if (reason !== undefined) return reason;
  }
  return undefined;
}
