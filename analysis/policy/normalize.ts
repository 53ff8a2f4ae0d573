/**
 * Parses, validates and normalizes a policy document: single Action, Resource
 * or Principal values become arrays, policy strings are parsed for variables,
 * and condition operators are checked. A malformed document throws a
 * PolicyError that names the policy, the statement index and Sid, and the field.
 */
import { parseConditionOperator, type ConditionOperator } from "./conditions";
import { describeValue, PolicyError, policyPath, statementError, type PolicyLocation } from "./errors";
import { asObject, fail, stringList, type Negatable, type StatementAt } from "./fields";
import { normalizePrincipalElement } from "./normalize-principal";
import type { PrincipalElement } from "./principal";
import { parsePolicyString, type PolicyString } from "./variables";

/** The policy language version that enables policy variables. */
const POLICY_VERSION = "2012-10-17";
const VERSIONS: readonly string[] = [POLICY_VERSION, "2008-10-17"];
const DOCUMENT_KEYS: readonly string[] = ["Version", "Id", "Statement"];
const STATEMENT_KEYS: readonly string[] = [
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
];
const ACTION = /^(\*|[A-Za-z0-9*?-]+:\S+)$/;

/** One key test of a Condition block. */
export interface NormalizedCondition {
  readonly operator: ConditionOperator;
  readonly key: string;
  readonly values: readonly PolicyString[];
}

/** A validated statement in normalized form. */
export interface NormalizedStatement {
  readonly index: number;
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  /** Absent in identity policies. */
  readonly principal?: Negatable<PrincipalElement>;
  readonly action: Negatable<readonly string[]>;
  readonly resource: Negatable<readonly PolicyString[]>;
  readonly conditions: readonly NormalizedCondition[];
}

/** A validated policy document in normalized form. */
export interface NormalizedPolicy {
  readonly location: PolicyLocation;
  readonly statements: readonly NormalizedStatement[];
}

/** Validates and normalizes one policy document found at `location`. Throws PolicyError. */
export function normalizePolicy(document: unknown, location: PolicyLocation): NormalizedPolicy {
  const path = policyPath(location);
  const doc = asObject(document, () => new PolicyError(`${path}: expected a policy document object, got ${describeValue(document)}`));
  const unknown = Object.keys(doc).find((key) => !DOCUMENT_KEYS.includes(key));
  if (unknown !== undefined) {
    throw new PolicyError(`${path}.${unknown}: unknown policy element; expected Version, Id or Statement`);
  }
  const version = doc["Version"];
  if (version !== undefined && (typeof version !== "string" || !VERSIONS.includes(version))) {
    throw new PolicyError(`${path}.Version: expected "2012-10-17" or "2008-10-17", got ${describeValue(version)}`);
  }
  if (doc["Id"] !== undefined && typeof doc["Id"] !== "string") {
    throw new PolicyError(`${path}.Id: expected a string, got ${describeValue(doc["Id"])}`);
  }
  const raw = doc["Statement"];
  if (raw === undefined) throw new PolicyError(`${path}.Statement: missing; a policy needs a Statement element`);
  const list = Array.isArray(raw) ? raw : [raw];
  const variablesEnabled = version === POLICY_VERSION;
  return {
    location,
    statements: list.map((s: unknown, i) => normalizeStatement(s, { location, index: i, sid: undefined }, variablesEnabled)),
  };
}

function normalizeStatement(raw: unknown, at: StatementAt, variablesEnabled: boolean): NormalizedStatement {
  const statement = asObject(raw, () =>
    statementError(at.location, at.index, undefined, "", `expected a statement object, got ${describeValue(raw)}`),
  );
  const sid = readSid(statement, at);
  const here: StatementAt = { ...at, sid };
  const unknown = Object.keys(statement).find((key) => !STATEMENT_KEYS.includes(key));
  if (unknown !== undefined) throw fail(here, unknown, "unknown statement element");
  const effect = readEffect(statement, here);
  const principal = normalizePrincipalElement(statement, here, effect);
  const action = readList(statement, here, "Action", "NotAction");
  action.value.forEach((a, i) => {
    if (!ACTION.test(a))
      throw fail(here, `${action.negated ? "NotAction" : "Action"}[${i}]`, `"${a}" is not an action; expected "service:ActionName" or "*"`);
  });
  const resource = readList(statement, here, "Resource", "NotResource");
  const resources = resource.value.map((r) => parsePolicyString(r, variablesEnabled));
  const conditions = normalizeConditions(statement["Condition"], here, variablesEnabled);
  const base = { index: at.index, effect, action, resource: { negated: resource.negated, value: resources }, conditions };
  const withSid = sid === undefined ? base : { ...base, sid };
  return principal === undefined ? withSid : { ...withSid, principal };
}

function readSid(statement: Record<string, unknown>, at: StatementAt): string | undefined {
  const sid = statement["Sid"];
  if (sid === undefined || typeof sid === "string") return sid;
  throw fail(at, "Sid", `expected a string, got ${describeValue(sid)}`);
}

function readEffect(statement: Record<string, unknown>, at: StatementAt): "Allow" | "Deny" {
  const effect = statement["Effect"];
  if (effect === "Allow" || effect === "Deny") return effect;
  throw fail(at, "Effect", `expected "Allow" or "Deny", got ${describeValue(effect)}`);
}

/** Reads exactly one of an element and its Not form (Action/NotAction, Resource/NotResource). */
function readList(statement: Record<string, unknown>, at: StatementAt, field: string, notField: string): Negatable<readonly string[]> {
  const plain = statement[field];
  const negated = statement[notField];
  if (plain !== undefined && negated !== undefined) {
    throw fail(at, field, `${field} and ${notField} are both present; a statement takes one of them`);
  }
  if (plain === undefined && negated === undefined) throw fail(at, field, `missing; a statement needs ${field} or ${notField}`);
  const name = plain === undefined ? notField : field;
  return { negated: plain === undefined, value: stringList(plain ?? negated, at, name) };
}

function normalizeConditions(raw: unknown, at: StatementAt, variablesEnabled: boolean): NormalizedCondition[] {
  if (raw === undefined) return [];
  const block = asObject(raw, () => fail(at, "Condition", `expected an object of condition operators, got ${describeValue(raw)}`));
  return Object.entries(block).flatMap(([name, tests]) => {
    const operator = parseConditionOperator(name);
    if (operator === undefined) throw fail(at, `Condition.${name}`, `unknown condition operator "${name}"`);
    const keys = asObject(tests, () => fail(at, `Condition.${name}`, `expected an object of condition keys, got ${describeValue(tests)}`));
    if (Object.keys(keys).length === 0) throw fail(at, `Condition.${name}`, "expected at least one condition key");
    return Object.entries(keys).map(([key, values]) => {
      const field = `Condition.${name}.${key}`;
      const strings = conditionValues(values, at, field, operator);
      return { operator, key, values: strings.map((v) => parsePolicyString(v, variablesEnabled)) };
    });
  });
}

/** Condition values may be strings, numbers or booleans; they compare as strings (`true` is "true"). */
function conditionValues(raw: unknown, at: StatementAt, field: string, operator: ConditionOperator): string[] {
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) throw fail(at, field, "expected at least one value, got an empty array");
  return list.map((item) => {
    if (!["string", "number", "boolean"].includes(typeof item)) {
      throw fail(at, field, `expected a string, number or boolean, got ${describeValue(item)}`);
    }
    const text = String(item);
    if (operator.base === "Null" && text !== "true" && text !== "false") {
      throw fail(at, field, `the Null operator takes "true" or "false", got ${describeValue(item)}`);
    }
    return text;
  });
}
