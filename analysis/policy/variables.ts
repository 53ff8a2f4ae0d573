/**
 * Policy variables (IAM User Guide, "IAM policy elements: Variables and tags"):
 * `${aws:username}`, `${aws:PrincipalTag/team}`, `${s3:prefix, 'default'}`, and
 * the escapes `${*}`, `${?}`, `${$}`. Variables are only recognised when the
 * policy's Version is `2012-10-17`.
 *
 * Terraform references such as `${aws_vpc_endpoint.readers.id}` are not policy
 * variables: they are kept as opaque literals, so that a synthesized policy can
 * be evaluated symbolically against a request context carrying the same string.
 */
import type { RequestContext } from "./context";
import type { Template, TemplatePart } from "./wildcard";

/** A piece of a policy string before resolution against a request. */
type PolicyStringPart =
  | { readonly kind: "pattern"; readonly text: string }
  | { readonly kind: "literal"; readonly text: string }
  | { readonly kind: "variable"; readonly key: string; readonly fallback?: string };

/** A policy string (Resource entry or condition value), parsed once at normalization. */
export type PolicyString = readonly PolicyStringPart[];

const ESCAPES: Readonly<Record<string, string>> = { "*": "*", "?": "?", $: "$" };

/** A policy variable names a context key: `namespace:name`, e.g. `aws:username`, `s3:prefix`. */
const VARIABLE = /^\s*([A-Za-z0-9-]+:[^,']*?)\s*(?:,\s*'((?:[^']|'')*)'\s*)?$/s;

/** Parses a policy string into pattern text, literals and variables. */
export function parsePolicyString(raw: string, variablesEnabled: boolean): PolicyString {
  const parts: PolicyStringPart[] = [];
  let rest = raw;
  for (let start = rest.indexOf("${"); start >= 0; start = rest.indexOf("${")) {
    const end = closingBrace(rest, start + 2);
    if (end < 0) break;
    pushPattern(parts, rest.slice(0, start));
    parts.push(classify(rest.slice(start, end + 1), rest.slice(start + 2, end), variablesEnabled));
    rest = rest.slice(end + 1);
  }
  pushPattern(parts, rest);
  return parts;
}

/**
 * Resolves variables against the request context. Returns undefined when a
 * variable has no value and no default: AWS then treats the statement as not
 * matching, neither allowing nor denying.
 */
export function resolvePolicyString(value: PolicyString, context: RequestContext): Template | undefined {
  const resolved: TemplatePart[] = [];
  for (const part of value) {
    if (part.kind !== "variable") {
      resolved.push({ text: part.text, literal: part.kind === "literal" });
      continue;
    }
    const text = context.single(part.key) ?? part.fallback;
    if (text === undefined) return undefined;
    resolved.push({ text, literal: true });
  }
  return resolved;
}

function pushPattern(parts: PolicyStringPart[], text: string): void {
  if (text !== "") parts.push({ kind: "pattern", text });
}

/** Index of the `}` closing a `${`, skipping quoted defaults and nested braces; -1 when unterminated. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === "{") depth++;
    else if (!quoted && ch === "}" && --depth === 0) return i;
  }
  return -1;
}

function classify(whole: string, inner: string, variablesEnabled: boolean): PolicyStringPart {
  const escaped = ESCAPES[inner];
  const match = VARIABLE.exec(inner);
  if (escaped === undefined && match === null) {
    // A Terraform reference (or other `${...}` text): compared as-is, wildcards inert.
    return { kind: "literal", text: whole };
  }
  if (!variablesEnabled) return { kind: "pattern", text: whole };
  if (escaped !== undefined) return { kind: "literal", text: escaped };
  const fallback = match?.[2]?.replace(/''/g, "'");
  return { kind: "variable", key: match?.[1] ?? "", fallback };
}
