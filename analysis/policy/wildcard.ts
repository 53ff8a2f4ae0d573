/**
 * IAM wildcard matching: `*` matches any run of characters (including none, and
 * across `/` and `:`), `?` exactly one character. Used for Action, Resource,
 * `String*Like` and `Arn*` condition operators.
 */

/**
 * A piece of a policy string after policy variables are resolved. Wildcards are
 * active only in parts that are not `literal`: a resolved variable value, `${*}`,
 * or an opaque Terraform reference must compare character for character.
 */
export interface TemplatePart {
  readonly text: string;
  readonly literal: boolean;
}

/** A policy string made of parts; see {@link TemplatePart}. */
export type Template = readonly TemplatePart[];

type Token = { readonly kind: "char"; readonly ch: string } | { readonly kind: "one" } | { readonly kind: "star" };

/** Options for {@link matchesWildcard}. */
export interface WildcardOptions {
  /**
   * Compare case-insensitively, as for action names. Resources and `StringLike` are case-sensitive.
   * @default false
   */
  readonly ignoreCase?: boolean;
}

/** A template whose single part has wildcards active. */
function patternTemplate(text: string): Template {
  return [{ text, literal: false }];
}

/** The text of a template with wildcards taken literally (for `StringEquals`-style operators). */
export function templateText(template: Template): string {
  return template.map((part) => part.text).join("");
}

/** True when `value` matches the wildcard `pattern` as a whole. */
export function matchesWildcard(pattern: string | Template, value: string, options: WildcardOptions = {}): boolean {
  const ignoreCase = options.ignoreCase === true;
  const compiled = typeof pattern === "string" ? compiledPattern(pattern, ignoreCase) : compiledTemplate(pattern, ignoreCase);
  const folded = ignoreCase ? value.toLowerCase() : value;
  return typeof compiled === "string" ? compiled === folded : matchTokens(compiled, Array.from(folded));
}

/**
 * Plain-string patterns, folded and tokenized once, one map for each case rule: a review matches the
 * same few hundred patterns millions of times.
 */
const COMPILED = { caseSensitive: new Map<string, readonly Token[] | string>(), ignoreCase: new Map<string, readonly Token[] | string>() };
const COMPILED_LIMIT = 10_000;

/** The folded pattern itself when it has no wildcard (then matching is equality), else its tokens. */
function compiledPattern(pattern: string, ignoreCase: boolean): readonly Token[] | string {
  const cache = ignoreCase ? COMPILED.ignoreCase : COMPILED.caseSensitive;
  let compiled = cache.get(pattern);
  if (compiled === undefined) {
    const folded = ignoreCase ? pattern.toLowerCase() : pattern;
    compiled = /[*?]/.test(folded) ? tokenize(patternTemplate(folded), (text) => text) : folded;
    if (cache.size >= COMPILED_LIMIT) cache.clear();
    cache.set(pattern, compiled);
  }
  return compiled;
}

/** Templates (the parts of a normalized policy's strings, which live as long as the policy), folded and tokenized once. */
const COMPILED_TEMPLATES = new WeakMap<Template, Map<boolean, readonly Token[] | string>>();

/** The folded text when no part has an active wildcard (then matching is equality), else the template's tokens. */
function compiledTemplate(template: Template, ignoreCase: boolean): readonly Token[] | string {
  let byCase = COMPILED_TEMPLATES.get(template);
  if (byCase === undefined) {
    byCase = new Map();
    COMPILED_TEMPLATES.set(template, byCase);
  }
  let compiled = byCase.get(ignoreCase);
  if (compiled === undefined) {
    const tokens = tokenize(template, (text) => (ignoreCase ? text.toLowerCase() : text));
    compiled = tokens.every((token) => token.kind === "char")
      ? tokens.map((token) => (token.kind === "char" ? token.ch : "")).join("")
      : tokens;
    byCase.set(ignoreCase, compiled);
  }
  return compiled;
}

/**
 * ARN matching for `ArnEquals`/`ArnLike`: each of the six colon-delimited
 * components is matched separately, so a `*` cannot swallow a `:`, and an
 * ARN-shaped pattern with another number of components matches nothing. A
 * pattern that is not an ARN (`*`, or an opaque Terraform reference such as
 * `${aws_iam_role.web.arn}`) is matched against the value as a whole string.
 */
export function matchesArn(pattern: Template, value: string): boolean {
  if (!templateText(pattern).startsWith("arn:")) return matchesWildcard(pattern, value);
  const patternParts = splitTokens(tokenize(pattern, (text) => text));
  const valueParts = splitValue(Array.from(value));
  if (patternParts.length !== 6 || valueParts.length !== 6) return false;
  return patternParts.every((tokens, index) => matchTokens(tokens, valueParts[index] ?? []));
}

function tokenize(template: Template, fold: (text: string) => string): Token[] {
  const tokens: Token[] = [];
  for (const part of template) {
    for (const ch of Array.from(fold(part.text))) {
      tokens.push(toToken(ch, part.literal));
    }
  }
  return tokens;
}

function toToken(ch: string, literal: boolean): Token {
  if (!literal && ch === "*") return { kind: "star" };
  if (!literal && ch === "?") return { kind: "one" };
  return { kind: "char", ch };
}

/** Splits at the first five `:` characters: an ARN's resource part may itself contain colons. */
function splitTokens(tokens: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  for (const token of tokens) {
    if (token.kind === "char" && token.ch === ":" && parts.length < 6) {
      parts.push([]);
    } else {
      parts[parts.length - 1]?.push(token);
    }
  }
  return parts;
}

function splitValue(chars: readonly string[]): string[][] {
  const parts: string[][] = [[]];
  for (const ch of chars) {
    if (ch === ":" && parts.length < 6) parts.push([]);
    else parts[parts.length - 1]?.push(ch);
  }
  return parts;
}

/**
 * Greedy matching with backtracking to the last star: O(pattern × value) in the
 * worst case, so hostile patterns such as `*a*a*a*a*b` cannot blow up the way a
 * backtracking regular expression would.
 */
function matchTokens(tokens: readonly Token[], chars: readonly string[]): boolean {
  let t = 0;
  let c = 0;
  let starAt = -1;
  let starChar = 0;
  while (c < chars.length) {
    const token = tokens[t];
    if (token !== undefined && token.kind === "star") {
      starAt = t++;
      starChar = c;
    } else if (token !== undefined && (token.kind === "one" || token.ch === chars[c])) {
      t++;
      c++;
    } else if (starAt >= 0) {
      t = starAt + 1;
      c = ++starChar;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === "star") t++;
  return t === tokens.length;
}
