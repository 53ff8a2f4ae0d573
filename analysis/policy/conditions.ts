/**
 * Condition operators (IAM User Guide, "IAM JSON policy elements: Condition
 * operators" and "Conditions with multiple context keys or values").
 *
 * - Several values for one key are OR; a negated operator (`StringNotEquals`,
 *   `NotIpAddress`, `ArnNotLike`, ...) with several values is NOR.
 * - Missing key: a negated operator is true, any other operator false, any
 *   `...IfExists` operator true, `ForAnyValue:` false, `ForAllValues:` true.
 * - A multivalued key under a plain (non-set) operator behaves like
 *   `ForAnyValue:` for positive operators, and is true for a negated operator
 *   only when no value matches. AWS asks for set operators on multivalued keys;
 *   this is the reading that keeps a negated operator the exact opposite of its
 *   positive counterpart.
 */
import { BlockList, isIP } from "node:net";
import type { RequestContext } from "./context";
import { matchesArn, matchesWildcard, templateText, type Template } from "./wildcard";

/** `ForAnyValue:` / `ForAllValues:` set qualifiers for multivalued keys. */
type SetQualifier = "ForAnyValue" | "ForAllValues";

/** A parsed condition operator name such as `ForAllValues:StringLikeIfExists`. */
export interface ConditionOperator {
  readonly name: string;
  /** The operator without qualifier and `IfExists`, e.g. `StringLike`. */
  readonly base: string;
  readonly ifExists: boolean;
  readonly set?: SetQualifier;
}

/** One key test of a condition, with its values already resolved against the request. */
export interface ResolvedCondition {
  readonly operator: ConditionOperator;
  /** Condition key as written in the policy (compared case-insensitively). */
  readonly key: string;
  readonly values: readonly Template[];
}

interface BaseOperator {
  readonly negated: boolean;
  /** Positive test of one request value against one policy value. */
  readonly test: (policyValue: Template, requestValue: string) => boolean;
}

const stringEquals = (p: Template, v: string): boolean => templateText(p) === v;
const stringEqualsIgnoreCase = (p: Template, v: string): boolean => templateText(p).toLowerCase() === v.toLowerCase();
const stringLike = (p: Template, v: string): boolean => matchesWildcard(p, v);
const bool = (p: Template, v: string): boolean => templateText(p).toLowerCase() === v.toLowerCase();

const BASE_OPERATORS: Readonly<Record<string, BaseOperator>> = {
  StringEquals: { negated: false, test: stringEquals },
  StringNotEquals: { negated: true, test: stringEquals },
  StringEqualsIgnoreCase: { negated: false, test: stringEqualsIgnoreCase },
  StringNotEqualsIgnoreCase: { negated: true, test: stringEqualsIgnoreCase },
  StringLike: { negated: false, test: stringLike },
  StringNotLike: { negated: true, test: stringLike },
  NumericEquals: { negated: false, test: numeric((a, b) => a === b) },
  NumericNotEquals: { negated: true, test: numeric((a, b) => a === b) },
  NumericLessThan: { negated: false, test: numeric((a, b) => a < b) },
  NumericLessThanEquals: { negated: false, test: numeric((a, b) => a <= b) },
  NumericGreaterThan: { negated: false, test: numeric((a, b) => a > b) },
  NumericGreaterThanEquals: { negated: false, test: numeric((a, b) => a >= b) },
  DateEquals: { negated: false, test: date((a, b) => a === b) },
  DateNotEquals: { negated: true, test: date((a, b) => a === b) },
  DateLessThan: { negated: false, test: date((a, b) => a < b) },
  DateLessThanEquals: { negated: false, test: date((a, b) => a <= b) },
  DateGreaterThan: { negated: false, test: date((a, b) => a > b) },
  DateGreaterThanEquals: { negated: false, test: date((a, b) => a >= b) },
  Bool: { negated: false, test: bool },
  BinaryEquals: { negated: false, test: stringEquals },
  IpAddress: { negated: false, test: ipInRange },
  NotIpAddress: { negated: true, test: ipInRange },
  ArnEquals: { negated: false, test: matchesArn },
  ArnLike: { negated: false, test: matchesArn },
  ArnNotEquals: { negated: true, test: matchesArn },
  ArnNotLike: { negated: true, test: matchesArn },
};

/** Parses an operator name; undefined when it is not an IAM condition operator. */
export function parseConditionOperator(name: string): ConditionOperator | undefined {
  const qualified = /^(ForAnyValue|ForAllValues):(.+)$/.exec(name);
  const set = qualified?.[1] as SetQualifier | undefined;
  const unqualified = qualified?.[2] ?? name;
  if (unqualified === "Null") return set === undefined ? { name, base: "Null", ifExists: false } : undefined;
  const ifExists = unqualified.endsWith("IfExists");
  const base = ifExists ? unqualified.slice(0, -"IfExists".length) : unqualified;
  if (BASE_OPERATORS[base] === undefined) return undefined;
  return set === undefined ? { name, base, ifExists } : { name, base, ifExists, set };
}

/** Evaluates one key test of a condition block against the request context. */
export function evaluateCondition(condition: ResolvedCondition, context: RequestContext): boolean {
  const requestValues = context.get(condition.key);
  if (condition.operator.base === "Null") return evaluateNull(condition.values, requestValues !== undefined);
  const { operator } = condition;
  if (requestValues === undefined) return whenMissing(operator);
  const base = BASE_OPERATORS[operator.base];
  if (base === undefined) return false;
  const matchesAny = (value: string): boolean => condition.values.some((policyValue) => base.test(policyValue, value));
  const holds = (value: string): boolean => (base.negated ? !matchesAny(value) : matchesAny(value));
  if (operator.set === "ForAllValues") return requestValues.every(holds);
  if (operator.set === "ForAnyValue" || !base.negated) return requestValues.some(holds);
  return requestValues.every(holds);
}

/** `Null: {key: "true"}` holds when the key is absent; `"false"` when present. Values are OR. */
function evaluateNull(values: readonly Template[], present: boolean): boolean {
  return values.some((value) => (templateText(value).toLowerCase() === "true" ? !present : present));
}

function whenMissing(operator: ConditionOperator): boolean {
  if (operator.ifExists) return true;
  if (operator.set === "ForAnyValue") return false;
  if (operator.set === "ForAllValues") return true;
  return BASE_OPERATORS[operator.base]?.negated ?? false;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(text: string): number | undefined {
  return NUMBER.test(text.trim()) ? Number(text) : undefined;
}

function numeric(compare: (request: number, policy: number) => boolean) {
  return (p: Template, v: string): boolean => {
    const policy = parseNumber(templateText(p));
    const request = parseNumber(v);
    return policy !== undefined && request !== undefined && compare(request, policy);
  };
}

/** Dates are ISO 8601 (`2025-01-31T12:00:00Z`) or epoch seconds (`1738324800`). */
function parseDate(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const millis = Date.parse(trimmed);
  return Number.isNaN(millis) ? undefined : millis;
}

function date(compare: (request: number, policy: number) => boolean) {
  return (p: Template, v: string): boolean => {
    const policy = parseDate(templateText(p));
    const request = parseDate(v);
    return policy !== undefined && request !== undefined && compare(request, policy);
  };
}

/** IPv4 or IPv6 address in a CIDR range; a bare address means a /32 or /128. Malformed values never match. */
function ipInRange(p: Template, v: string): boolean {
  const [network = "", prefixText] = templateText(p).trim().split("/");
  const family = isIP(network);
  const address = v.trim();
  if (family === 0 || isIP(address) !== family) return false;
  const maxPrefix = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
  if (!/^\d+$/.test(prefixText ?? "0") || prefix > maxPrefix) return false;
  const type = family === 4 ? "ipv4" : "ipv6";
  const range = new BlockList();
  range.addSubnet(network, prefix, type);
  return range.check(address, type);
}
