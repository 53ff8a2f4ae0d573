/**
 * Validation of the evaluator's input: the request envelope with zod (path-aware
 * errors such as `request.action: expected a string, got a number (3)`), then
 * every policy document with {@link normalizePolicy}.
 */
import { z } from "zod";
import { arnProblem } from "./arn";
import { describeValue, PolicyError, type PolicyLocation } from "./errors";
import { normalizePolicy, type NormalizedPolicy } from "./normalize";
import type { EvaluationInput, EvaluationRequest } from "./types";

const nonEmpty = z.string().min(1);

const requestSchema = z.strictObject({
  principal: nonEmpty,
  action: nonEmpty.regex(/^[^:\s]+:\S+$/),
  resource: nonEmpty,
  resourceAccount: nonEmpty.optional(),
  context: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
});

const inputSchema = z.strictObject({
  request: requestSchema,
  identityPolicies: z.array(z.unknown()).default([]),
  resourcePolicy: z.unknown().default(null),
  endpointPolicy: z.unknown().default(null),
});

/** Validated request plus normalized policies, ready for evaluation. */
export interface PreparedInput {
  readonly request: EvaluationRequest;
  readonly identityPolicies: readonly NormalizedPolicy[];
  readonly resourcePolicy: NormalizedPolicy | undefined;
  readonly endpointPolicy: NormalizedPolicy | undefined;
}

/** Validates the whole input and normalizes its policies. Throws PolicyError naming the bad field. */
export function prepareInput(raw: unknown): PreparedInput {
  const { request, identityPolicies, resourcePolicy, endpointPolicy } = parseEnvelope(raw);
  const problem = arnProblem(request.principal);
  if (problem !== undefined) {
    throw new PolicyError(
      `request.principal: "${request.principal}" ${problem}; give the caller's ARN (e.g. ` +
        `arn:aws:iam::111122223333:role/name), a service principal or "anonymous"`,
    );
  }
  return {
    request,
    identityPolicies: identityPolicies.map((doc, policyIndex) => normalizeOnce(doc, { kind: "identity", policyIndex })),
    resourcePolicy: resourcePolicy === null ? undefined : normalizeOnce(resourcePolicy, { kind: "resource" }),
    endpointPolicy: endpointPolicy === null ? undefined : normalizeOnce(endpointPolicy, { kind: "endpoint" }),
  };
}

/** Normalized policies by document object and location: the analyzer asks about the same documents thousands of times. */
const normalized = new WeakMap<object, Map<string, NormalizedPolicy>>();

/**
 * {@link normalizePolicy}, computed once per document object and location. Callers must not mutate
 * a document after evaluating it; a malformed document is not cached and throws every time.
 */
function normalizeOnce(document: unknown, location: PolicyLocation): NormalizedPolicy {
  if (document === null || typeof document !== "object") return normalizePolicy(document, location);
  const key = `${location.kind}:${location.policyIndex ?? ""}`;
  const byLocation = normalized.get(document) ?? new Map<string, NormalizedPolicy>();
  normalized.set(document, byLocation);
  const policy = byLocation.get(key) ?? normalizePolicy(document, location);
  byLocation.set(key, policy);
  return policy;
}

/**
 * Checks untyped JSON (for example the `evaluate` CLI's input file) against the
 * {@link EvaluationInput} contract, with defaults filled in. Throws PolicyError
 * naming the bad field.
 */
export function validateEvaluationInput(raw: unknown): EvaluationInput {
  const envelope = parseEnvelope(raw);
  prepareInput(envelope);
  // Every policy document has just been validated by normalizePolicy.
  return envelope as EvaluationInput;
}

type Envelope = z.infer<typeof inputSchema>;

function parseEnvelope(raw: unknown): Envelope {
  return plainEnvelope(raw) ?? schemaEnvelope(raw);
}

/** The envelope as zod reads it, with its defaults; throws PolicyError naming every problem. */
function schemaEnvelope(raw: unknown): Envelope {
  const parsed = inputSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new PolicyError(parsed.error.issues.map((issue) => describeIssue(issue, raw)).join("; "));
}

const ENVELOPE_KEYS = new Set(["request", "identityPolicies", "resourcePolicy", "endpointPolicy"]);
const REQUEST_KEYS = new Set(["principal", "action", "resource", "resourceAccount", "context"]);
const ACTION = /^[^:\s]+:\S+$/;

/**
 * The envelope, with the schema's defaults, when it plainly satisfies {@link inputSchema} (as the
 * analyzer's own requests, thousands per review, do); undefined otherwise, and zod then decides and
 * names the problem. It accepts nothing the schema refuses (a property test holds it to that).
 */
function plainEnvelope(raw: unknown): Envelope | undefined {
  if (!isRecord(raw) || !Object.keys(raw).every((key) => ENVELOPE_KEYS.has(key))) return undefined;
  const { request, identityPolicies, resourcePolicy, endpointPolicy } = raw;
  if (!isRecord(request) || !Object.keys(request).every((key) => REQUEST_KEYS.has(key))) return undefined;
  const { principal, action, resource, resourceAccount, context } = request;
  if (!nonEmptyString(principal) || !nonEmptyString(resource) || !nonEmptyString(action) || !ACTION.test(action)) return undefined;
  if (resourceAccount !== undefined && !nonEmptyString(resourceAccount)) return undefined;
  if (context !== undefined && !(isRecord(context) && Object.values(context).every(isContextValue))) return undefined;
  if (identityPolicies !== undefined && !Array.isArray(identityPolicies)) return undefined;
  return {
    request: {
      principal,
      action,
      resource,
      ...(resourceAccount === undefined ? {} : { resourceAccount }),
      context: (context ?? {}) as Record<string, string | string[]>,
    },
    identityPolicies: identityPolicies ?? [],
    resourcePolicy: resourcePolicy === undefined ? null : resourcePolicy,
    endpointPolicy: endpointPolicy === undefined ? null : endpointPolicy,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}

function isContextValue(value: unknown): boolean {
  return typeof value === "string" || (Array.isArray(value) && value.every((item) => typeof item === "string"));
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const path = formatPath(issue.path);
  const value = valueAt(raw, issue.path);
  const got = value === undefined ? "missing" : `got ${describeValue(value)}`;
  switch (issue.code) {
    case "invalid_type":
      return `${path}: expected ${article(issue.expected)}, ${got}`;
    case "too_small":
      return `${path}: expected a non-empty string, ${got}`;
    case "invalid_format":
      return `${path}: expected an action such as "s3:GetObject", ${got}`;
    case "unrecognized_keys":
      return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown field`).join("; ");
    case "invalid_union":
      return `${path}: expected a string or an array of strings, ${got}`;
    default:
      return `${path}: ${issue.message}`;
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** `request.context["aws:SourceVpce"]`, `identityPolicies[0]`; the root is `input`. */
function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(key))) text += text === "" ? String(key) : `.${String(key)}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text === "" ? "input" : text;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = raw;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
