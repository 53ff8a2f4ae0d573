/**
 * Terraform references inside expression strings: `${aws_route_table.a.id}`,
 * `${data.aws_iam_policy_document.p.json}`, `${module.m.aws_subnet.s[0].id}`, `${aws_subnet.a.*.id}`,
 * and the `resource.` prefix some generators write. Pure string work: which of these name real
 * resources is the resolver's business.
 */
import type { Address } from "./model";

/** One reference to a resource or data source found in an expression. */
export interface Reference {
  /** Address without instance key, e.g. `aws_subnet.a` or `data.aws_caller_identity.me`. */
  readonly base: Address;
  /** Instance key as Terraform prints it in addresses (`0`, `"key"`), when a literal one is given. */
  readonly key?: string;
  /** True for `[*]` / `.*` splats and non-literal keys such as `[count.index]`: every instance. */
  readonly anyInstance: boolean;
  /** First attribute after the address, e.g. `id`, `arn`, `json`. */
  readonly attribute?: string;
  /** True when the traversal is exactly address + one attribute (`aws_s3_bucket.b.arn`, not `...tags.Name`). */
  readonly simple: boolean;
}

const NAME = "[A-Za-z_][A-Za-z0-9_-]*";
const TYPE = "[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_-]*";
const KEY = "\\[[^\\]]*\\]";
const MODULES = `(?:module\\.${NAME}(?:${KEY})?\\.)*`;
const TRAVERSAL = `(?:resource\\.)?(${MODULES}(?:data\\.)?${TYPE}\\.${NAME})(${KEY})?((?:\\.\\*|\\.${NAME}|${KEY})*)`;
const WHOLE = new RegExp(`^\\$\\{\\s*${TRAVERSAL}\\s*\\}$`);
const ANYWHERE = new RegExp(`(?<![A-Za-z0-9_.-])${TRAVERSAL}`, "g");
const NOT_RESOURCES = new Set(["var", "local", "each", "count", "path", "self", "terraform"]);

/** The reference when the whole string is one `${traversal}`; undefined otherwise. */
export function wholeReference(text: string): Reference | undefined {
  const match = WHOLE.exec(text);
  return match === null ? undefined : toReference(match);
}

/** Every resource reference inside the `${...}` parts of a string (escaped `$${` parts are skipped). */
export function referencesIn(text: string): Reference[] {
  const found: Reference[] = [];
  for (const inner of interpolations(text)) {
    for (const match of inner.matchAll(ANYWHERE)) {
      const reference = toReference(match);
      if (reference !== undefined) found.push(reference);
    }
  }
  return found;
}

/** The `${...}` bodies of a template string, with nested braces balanced. */
function interpolations(text: string): string[] {
  const bodies: string[] = [];
  let from = 0;
  for (let start = text.indexOf("${", from); start >= 0; start = text.indexOf("${", from)) {
    if (start > 0 && text[start - 1] === "$") {
      from = start + 2;
      continue;
    }
    const end = closingBrace(text, start + 2);
    if (end < 0) break;
    bodies.push(text.slice(start + 2, end));
    from = end + 1;
  }
  return bodies;
}

/** The expression `${address.attribute}` that refers to an attribute of a resource. */
export function refExpression(address: Address, attribute: string): string {
  return `\${${address}.${attribute}}`;
}

/** The address of one instance: `base[key]`, or base when there is no key. */
export function instanceAddress(reference: Reference): Address {
  return reference.key === undefined ? reference.base : `${reference.base}[${reference.key}]`;
}

/**
 * What a ref stands for, for people: the address of the resource a whole reference names
 * (`${aws_internet_gateway.x.id}` gives `aws_internet_gateway.x`, `${aws_subnet.a[0].id}` gives `aws_subnet.a[0]`),
 * else the ref itself (a literal id).
 */
export function refTarget(ref: string): string {
  const reference = wholeReference(ref);
  return reference === undefined ? ref : instanceAddress(reference);
}

/** Splits `aws_subnet.a[0]` into its base address and key. */
export function splitAddress(address: Address): { base: Address; key?: string } {
  const match = /^(.*?)\[([^\]]*)\]$/.exec(address);
  return match === null ? { base: address } : { base: match[1] ?? address, key: match[2] };
}

function toReference(match: RegExpMatchArray): Reference | undefined {
  const base = match[1] ?? "";
  const root = base.replace(/^(module\.[^.]+\.)*/, "").split(".")[0] ?? "";
  if (NOT_RESOURCES.has(root)) return undefined;
  const rawKey = match[2];
  const rest = match[3] ?? "";
  const literalKey = rawKey === undefined ? undefined : /^\[(\d+|"[^"]*")\]$/.exec(rawKey)?.[1];
  const anyInstance = (rawKey !== undefined && literalKey === undefined) || rest.startsWith(".*") || rest.startsWith("[*]");
  const attribute = /^(?:\.\*|\[\*\])?\.([A-Za-z_][A-Za-z0-9_-]*)/.exec(rest)?.[1];
  const simple = attribute !== undefined && rest === `.${attribute}`;
  return {
    base,
    anyInstance,
    simple,
    ...(literalKey === undefined ? {} : { key: literalKey }),
    ...(attribute === undefined ? {} : { attribute }),
  };
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\" && quoted) i++;
    else if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === "{") depth++;
    else if (!quoted && ch === "}" && --depth === 0) return i;
  }
  return -1;
}
