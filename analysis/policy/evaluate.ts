/**
 * The IAM decision (IAM User Guide, "Policy evaluation logic", "Cross-account
 * policy evaluation logic", and AWS KMS "Key policies"):
 *
 * 1. An explicit Deny in any policy (identity, resource, endpoint) wins.
 * 2. Same account (the principal's account is `resourceAccount`, or
 *    `resourceAccount` is absent): an Allow in the identity policies OR a
 *    resource policy Allow that names the principal suffices. A resource policy
 *    that names only the account (`arn:aws:iam::ACCOUNT:root` or `ACCOUNT`)
 *    delegates to IAM and grants nothing by itself.
 * 3. Cross-account: the identity policies AND the resource policy (naming the
 *    principal or its account) must both allow.
 * 4. Anonymous requests and AWS service principals have no identity
 *    policies: only a resource policy naming them (`"*"` for anonymous) can
 *    allow them. Anonymous requests are never same-account.
 * 5. KMS (`kms:` actions): the resource policy is the key policy, and it is
 *    authoritative. Identity policies count only when the key policy allows the
 *    principal's account (delegation to IAM); otherwise the key policy must
 *    allow the principal directly. Cross-account KMS access needs both, as in 3.
 * 6. An endpoint policy (the request went through a VPC endpoint) is an extra
 *    gate: it must also allow, and never grants on its own.
 */
import { RequestContext } from "./context";
import { evaluateCondition } from "./conditions";
import { prepareInput } from "./input";
import type { NormalizedCondition, NormalizedPolicy, NormalizedStatement } from "./normalize";
import { derivedPrincipalKeys, describePrincipal, exemptedByNotPrincipal, matchPrincipal, type PrincipalMatch, type RequestPrincipal } from "./principal";
import type { DecisiveStatement, EvaluationInput, EvaluationRequest, EvaluationResult } from "./types";
import { resolvePolicyString } from "./variables";
import { matchesWildcard, type Template } from "./wildcard";

export { PolicyError } from "./errors";

interface Request {
  readonly action: string;
  readonly resource: string;
  readonly context: RequestContext;
  readonly who: RequestPrincipal;
}

interface Match {
  readonly statement: DecisiveStatement;
  readonly effect: "Allow" | "Deny";
  readonly kind: DecisiveStatement["policy"];
  readonly principal: PrincipalMatch;
}

const IMPLICIT_DENY: EvaluationResult = { decision: "ImplicitDeny", decisive: [] };

/**
 * Decides one request against the given policies, following the rules in this
 * module's header: explicit Deny wins; same account needs an identity OR a
 * resource-policy Allow, cross-account both; a resource policy naming only the
 * account delegates to IAM; for `kms:` actions the resource policy is the key
 * policy and is authoritative (identity policies count only when the key policy
 * allows the account); a non-null endpoint policy must also allow.
 *
 * Throws PolicyError when the input or a policy is malformed, naming the
 * policy, statement index and Sid, and the field.
 */
export function evaluate(input: EvaluationInput): EvaluationResult {
  const prepared = prepareInput(input);
  const context = withPrincipalKeys(prepared.request);
  // The Principal element matches on what the caller gave: a derived role ARN has lost the role's path.
  const who = describePrincipal(prepared.request.principal, new RequestContext(prepared.request.context));
  const request: Request = { action: prepared.request.action, resource: prepared.request.resource, context, who };
  // Anonymous callers and service principals have no IAM identity, so no identity policy applies.
  const identity = hasIdentity(who) ? prepared.identityPolicies : [];
  const policies = [...identity, prepared.resourcePolicy, prepared.endpointPolicy];
  const matches = policies.flatMap((policy) => (policy === undefined ? [] : matchPolicy(policy, request)));
  const denies = matches.filter((match) => match.effect === "Deny");
  if (denies.length > 0) return { decision: "ExplicitDeny", decisive: denies.map((match) => match.statement) };
  const granted = grantingAllows(matches, request, prepared.request.resourceAccount);
  if (granted === undefined) return IMPLICIT_DENY;
  const endpointAllows = matches.filter((match) => match.kind === "endpoint");
  if (prepared.endpointPolicy !== undefined && endpointAllows.length === 0) return IMPLICIT_DENY;
  return { decision: "Allow", decisive: [...granted, ...endpointAllows].map((match) => match.statement) };
}

/** The request context, plus the principal keys AWS would set that the caller left out. */
function withPrincipalKeys(request: EvaluationRequest): RequestContext {
  const given = new RequestContext(request.context);
  const missing = Object.entries(derivedPrincipalKeys(request.principal)).filter(([key]) => given.get(key) === undefined);
  return missing.length === 0 ? given : new RequestContext({ ...request.context, ...Object.fromEntries(missing) });
}

/**
 * The Allow statements that grant the request (identity first, then resource),
 * or undefined when no combination of identity and resource policy grants it.
 */
function grantingAllows(matches: readonly Match[], request: Request, resourceAccount: string | undefined): Match[] | undefined {
  const identity = matches.filter((match) => match.kind === "identity");
  const named = matches.filter((match) => match.kind === "resource" && match.principal === "direct");
  const account = matches.filter((match) => match.kind === "resource" && match.principal === "account");
  const alternatives = grantAlternatives(request, resourceAccount, { identity, named, account });
  const satisfied = alternatives.filter((groups) => groups.every((group) => group.length > 0));
  if (satisfied.length === 0) return undefined;
  const chosen = new Set(satisfied.flat(2));
  return matches.filter((match) => chosen.has(match));
}

interface Allows {
  readonly identity: readonly Match[];
  readonly named: readonly Match[];
  readonly account: readonly Match[];
}

/** Ways to grant: each alternative is a list of groups that must all be non-empty. */
function grantAlternatives(request: Request, resourceAccount: string | undefined, allows: Allows): (readonly Match[])[][] {
  const { identity, named, account } = allows;
  if (!hasIdentity(request.who)) return [[named]];
  if (!isSameAccount(request.who, resourceAccount)) {
    return [
      [identity, named],
      [identity, account],
    ];
  }
  if (isKmsAction(request.action)) return [[named], [account, identity]];
  return [[identity], [named]];
}

function hasIdentity(who: RequestPrincipal): boolean {
  return !who.anonymous && !who.service;
}

/** Without `resourceAccount` the resource is taken to be in the principal's account. */
function isSameAccount(who: RequestPrincipal, resourceAccount: string | undefined): boolean {
  if (who.anonymous) return false;
  return resourceAccount === undefined || who.account === resourceAccount;
}

function isKmsAction(action: string): boolean {
  return action.toLowerCase().startsWith("kms:");
}

function matchPolicy(policy: NormalizedPolicy, request: Request): Match[] {
  const { kind, policyIndex } = policy.location;
  const matches: Match[] = [];
  for (const statement of policy.statements) {
    const principal = matchStatement(statement, kind, request);
    if (principal === "none") continue;
    const ref: DecisiveStatement = kind === "identity" ? { policy: kind, index: statement.index, policyIndex: policyIndex ?? 0 } : { policy: kind, index: statement.index };
    matches.push({ statement: statement.sid === undefined ? ref : { ...ref, sid: statement.sid }, effect: statement.effect, kind, principal });
  }
  return matches;
}

/** How the statement applies to the request; `none` when it does not apply at all. */
function matchStatement(statement: NormalizedStatement, kind: DecisiveStatement["policy"], request: Request): PrincipalMatch {
  if (!matchesAction(statement, request.action)) return "none";
  const principal = matchStatementPrincipal(statement, kind, request.who);
  if (principal === "none") return "none";
  if (!matchesResource(statement, request)) return "none";
  return matchesConditions(statement.conditions, request.context) ? principal : "none";
}

function matchesAction(statement: NormalizedStatement, action: string): boolean {
  const hit = statement.action.value.some((pattern) => matchesWildcard(pattern, action, { ignoreCase: true }));
  return hit !== statement.action.negated;
}

function matchStatementPrincipal(statement: NormalizedStatement, kind: DecisiveStatement["policy"], who: RequestPrincipal): PrincipalMatch {
  const element = statement.principal;
  if (element === undefined) return "direct";
  if (element.negated) return exemptedByNotPrincipal(element.value, who) ? "none" : "direct";
  return matchPrincipal(element.value, who, kind === "endpoint" ? "root-user" : "delegate");
}

/** An unresolvable policy variable makes the whole statement not match, even under NotResource. */
function matchesResource(statement: NormalizedStatement, request: Request): boolean {
  const patterns: Template[] = [];
  for (const value of statement.resource.value) {
    const resolved = resolvePolicyString(value, request.context);
    if (resolved === undefined) return false;
    patterns.push(resolved);
  }
  const hit = patterns.some((pattern) => matchesWildcard(pattern, request.resource));
  return hit !== statement.resource.negated;
}

/** Operators and keys are AND; an unresolvable variable in a value makes the statement not match. */
function matchesConditions(conditions: readonly NormalizedCondition[], context: RequestContext): boolean {
  return conditions.every((condition) => {
    const values: Template[] = [];
    for (const value of condition.values) {
      const resolved = resolvePolicyString(value, context);
      if (resolved === undefined) return false;
      values.push(resolved);
    }
    return evaluateCondition({ operator: condition.operator, key: condition.key, values }, context);
  });
}
