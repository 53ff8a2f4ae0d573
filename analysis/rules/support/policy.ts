/**
 * Policy helpers for rules: read a found or raw policy into a normalized form without ever
 * throwing, and ask the IAM evaluator small questions ("does this statement cover that action
 * on that resource?", "does this policy deny that request?").
 */
import { evaluate, normalizePolicy } from "../../policy";
import type { NormalizedPolicy, NormalizedStatement } from "../../policy";
import type { PolicyString } from "../../policy/variables";
import type { EvaluationResult, PolicyDocument, PolicyKind, PolicyStatement } from "../../policy/types";
import type { Address, FoundPolicy } from "../../topology/model";
import { isExpression } from "../../topology/values";

/** A policy as a rule sees it. */
export type ReadPolicy =
  | { readonly kind: "absent" }
  | { readonly kind: "unknown"; readonly reason: string; readonly address?: Address }
  | { readonly kind: "policy"; readonly address: Address; readonly document: PolicyDocument; readonly normalized: NormalizedPolicy };

/** Reads a policy found by the reader; malformed documents come back as `unknown`, never as a throw. */
export function readFoundPolicy(found: FoundPolicy | undefined, kind: PolicyKind): ReadPolicy {
  if (found === undefined) return { kind: "absent" };
  if (found.document === null) {
    return found.unresolved === undefined ? { kind: "absent" } : { kind: "unknown", reason: found.unresolved, address: found.address };
  }
  return readDocument(found.document, found.address, kind);
}

/** Reads a raw `policy` attribute: a JSON string, an object, or an unresolvable expression. */
export function readPolicyAttribute(value: unknown, address: Address, kind: PolicyKind): ReadPolicy {
  if (value === undefined || value === null || value === "") return { kind: "absent" };
  if (typeof value === "object") return readDocument(value, address, kind);
  if (typeof value !== "string") return { kind: "unknown", reason: "the policy is not a JSON document", address };
  try {
    return readDocument(JSON.parse(value), address, kind);
  } catch {
    const reason = isExpression(value) ? `the policy is the expression ${abbreviate(value)}` : "the policy is not valid JSON";
    return { kind: "unknown", reason, address };
  }
}

function readDocument(document: unknown, address: Address, kind: PolicyKind): ReadPolicy {
  try {
    const normalized = normalizePolicy(document, kind === "identity" ? { kind, policyIndex: 0 } : { kind });
    return { kind: "policy", address, document: document as PolicyDocument, normalized };
  } catch (error) {
    return { kind: "unknown", reason: `the policy cannot be read: ${(error as Error).message}`, address };
  }
}

/** The raw statements of a document, in the order of the normalized ones. */
export function rawStatements(document: PolicyDocument): PolicyStatement[] {
  return Array.isArray(document.Statement) ? document.Statement : [document.Statement];
}

/** `Sid "X"` or `#index`, to name a statement in a detail. */
export function statementName(statement: NormalizedStatement): string {
  return statement.sid === undefined ? `statement #${statement.index}` : `statement "${statement.sid}"`;
}

/** True when the Principal element is `"*"` or `{"AWS": "*"}`. */
export function principalIsEveryone(statement: NormalizedStatement): boolean {
  return statement.principal !== undefined && !statement.principal.negated && statement.principal.value.everyone;
}

/** The statement's condition keys, lower-cased. */
export function conditionKeys(statement: NormalizedStatement): string[] {
  return statement.conditions.map((condition) => condition.key.toLowerCase());
}

/** The text of a condition value as written (policy variables shown as `${key}`). */
export function conditionValueTexts(statement: NormalizedStatement, key: string): string[] {
  return statement.conditions
    .filter((condition) => condition.key.toLowerCase() === key.toLowerCase())
    .flatMap((condition) => condition.values.map(policyText));
}

/** A parsed policy string back as text (policy variables shown as `${key}`). */
export function policyText(parts: PolicyString): string {
  return parts.map((part) => (part.kind === "variable" ? `\${${part.key}}` : part.text)).join("");
}

const PROBE_PRINCIPAL = "arn:aws:sts::000000000000:assumed-role/rules-probe/session";

/**
 * True when the statement's Action and Resource (ignoring Principal and Condition) cover
 * `action` on any of `resources`; undefined when the evaluator cannot read it.
 */
export function statementCovers(statement: PolicyStatement, action: string, resources: readonly string[]): boolean | undefined {
  const { Condition: _condition, NotPrincipal: _notPrincipal, Sid: _sid, ...rest } = statement;
  const probe: PolicyStatement = { ...rest, Effect: "Deny", Principal: "*" };
  const policy: PolicyDocument = { Version: "2012-10-17", Statement: [probe] };
  const results = resources.map((resource) => decide({ action, resource, context: {}, resourcePolicy: policy }));
  if (results.some((result) => result === undefined)) return undefined;
  return results.some((result) => result?.decision === "ExplicitDeny");
}

/** A request against a bucket policy and/or an endpoint policy. */
export interface Probe {
  readonly action: string;
  readonly resource: string;
  readonly context: Record<string, string>;
  readonly principal?: string;
  readonly resourcePolicy?: PolicyDocument;
  readonly endpointPolicy?: PolicyDocument;
}

/**
 * Evaluates a probe request; the caller's identity policy allows everything, so that only the
 * given resource and endpoint policies can deny. Undefined when the evaluator rejects the input.
 */
export function decide(probe: Probe): EvaluationResult | undefined {
  try {
    return evaluate({
      request: { principal: probe.principal ?? PROBE_PRINCIPAL, action: probe.action, resource: probe.resource, context: probe.context },
      identityPolicies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }],
      resourcePolicy: probe.resourcePolicy ?? null,
      endpointPolicy: probe.endpointPolicy ?? null,
    });
  } catch {
    return undefined;
  }
}

/** Shortens a long expression for a detail. */
export function abbreviate(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}


/** The Resource or NotResource entries of a raw statement. */
export function resourcesOf(statement: PolicyStatement): string[] {
  return [statement.Resource ?? [], statement.NotResource ?? []].flat();
}
