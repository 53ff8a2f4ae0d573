/**
 * Policy helpers for rules: read a raw policy attribute into a {@link PolicyRead}, say why a read
 * cannot be judged, and ask the IAM evaluator small questions ("does this statement cover that
 * action on that resource?", "does this policy deny that request?").
 */
import { ask, type Answer, type NormalizedStatement } from "../../policy";
import type { PolicyString } from "../../policy/variables";
import type { PolicyDocument, PolicyKind, PolicyStatement } from "../../policy/types";
import type { Address, PolicyRead } from "../../topology/model";
import { absentPolicy, documentRead, unresolvedPolicy } from "../../topology/policy-read";
import { isExpression } from "../../topology/values";

/** A read a rule cannot judge: unresolved in the input, or a document the evaluator refuses (AWS refuses it at apply). */
export type Unjudgeable = Extract<PolicyRead, { readonly state: "unresolved" | "malformed" }>;

/** A read whose document the evaluator accepts. */
export type UsableRead = Extract<PolicyRead, { readonly state: "ok" }>;

/** True when a rule cannot judge the policy: its outcome is then UNKNOWN, saying {@link whyUnjudgeable}. */
export function unjudgeable(read: PolicyRead): read is Unjudgeable {
  return read.state === "unresolved" || read.state === "malformed";
}

/** Why a rule cannot judge the policy, for an UNKNOWN outcome. */
export function whyUnjudgeable(read: Unjudgeable): string {
  return read.state === "unresolved" ? read.reason : `the policy cannot be read: ${read.problem}`;
}

/** Reads a raw `policy` attribute: a JSON string, an object, or an unresolvable expression. */
export function readPolicyAttribute(value: unknown, address: Address, kind: PolicyKind): PolicyRead {
  if (value === undefined || value === null || value === "") return absentPolicy(address);
  // The normalizer judges whatever JSON the attribute holds; what it refuses is malformed.
  if (typeof value === "object") return documentRead(value as PolicyDocument, address, kind);
  if (typeof value !== "string") return unresolvedPolicy(address, "the policy is not a JSON document");
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    const reason = isExpression(value) ? `the policy is the expression ${abbreviate(value)}` : "the policy is not valid JSON";
    return unresolvedPolicy(address, reason);
  }
  return documentRead(parsed as PolicyDocument, address, kind);
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
  const answers = resources.map((resource) => askProbe({ action, resource, context: {}, resourcePolicy: policy }));
  if (answers.some((answer) => answer.kind === "refused")) return undefined;
  return answers.some((answer) => answer.kind === "decided" && answer.result.decision === "ExplicitDeny");
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
 * Asks the evaluator about a probe request (see `policy/ask.ts` for its error rule); the caller's
 * identity policy allows everything, so that only the given resource and endpoint policies can deny.
 */
export function askProbe(probe: Probe): Answer {
  return ask({
    request: { principal: probe.principal ?? PROBE_PRINCIPAL, action: probe.action, resource: probe.resource, context: probe.context },
    identityPolicies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }],
    resourcePolicy: probe.resourcePolicy ?? null,
    endpointPolicy: probe.endpointPolicy ?? null,
  });
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
