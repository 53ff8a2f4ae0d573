/**
 * The IAM decision (IAM User Guide, "Policy evaluation logic", "Cross-account
 * policy evaluation logic", and AWS KMS "Key policies"), in this order:
 *
 * 1. An explicit Deny in any policy (identity, resource, endpoint) wins — except
 *    that the bucket owner's root user manages the bucket policy whatever the
 *    bucket policy denies (step 3).
 * 2. Rules outside the policies (`account-rules.ts`): bucket policy management
 *    by an identity of another account, or anonymously, is refused; so is a KMS
 *    operation that cannot be used across accounts.
 * 3. A non-null endpoint policy (the request went through a VPC endpoint) is an
 *    extra gate: it must also allow, and never grants on its own. Past it, the
 *    owner's root user may Get/Put/DeleteBucketPolicy.
 * 4. The resource's account is `request.resourceAccount`, `aws:ResourceAccount`
 *    or the resource ARN's account field; when none says (S3 ARNs carry no
 *    account), the principal's own account is assumed and the result says so
 *    in `assumed`.
 * 5. Same account: an Allow in the identity policies OR a resource policy Allow
 *    that names the principal suffices. A resource policy that names only the
 *    account (`arn:aws:iam::ACCOUNT:root` or `ACCOUNT`) delegates to IAM and
 *    grants nothing by itself.
 * 6. Cross-account: the identity policies AND the resource policy (naming the
 *    principal or its account) must both allow.
 * 7. Anonymous requests and AWS service principals have no identity
 *    policies: only a resource policy naming them (`"*"` for anonymous) can
 *    allow them. Anonymous requests are never same-account.
 * 8. KMS (`kms:` actions): the resource policy is the key policy, and it is
 *    authoritative. Identity policies count only when the key policy allows the
 *    principal's account (delegation to IAM); otherwise the key policy must
 *    allow the principal directly. Cross-account KMS access needs both, as in 6.
 */
import { isBucketPolicyAction, isKmsAction, kmsWorksCrossAccount, type AccountRule } from "./account-rules";
import { RequestContext } from "./context";
import { evaluateCondition } from "./conditions";
import { prepareInput } from "./input";
import type { NormalizedCondition, NormalizedPolicy, NormalizedStatement } from "./normalize";
import {
  derivedPrincipalKeys,
  describePrincipal,
  exemptedByNotPrincipal,
  matchPrincipal,
  type PrincipalMatch,
  type RequestPrincipal,
} from "./principal";
import { resourceAccountOf, type ResourceAccount } from "./resource-account";
import type { DecisiveStatement, EvaluationInput, EvaluationRequest, EvaluationResult } from "./types";
import { resolvePolicyString } from "./variables";
import { matchesWildcard, type Template } from "./wildcard";

interface Request {
  readonly action: string;
  readonly resource: string;
  readonly context: RequestContext;
  readonly who: RequestPrincipal;
  readonly owner: ResourceAccount;
}

interface Match {
  readonly statement: DecisiveStatement;
  readonly effect: "Allow" | "Deny";
  readonly kind: DecisiveStatement["policy"];
  readonly principal: PrincipalMatch;
}

const IMPLICIT_DENY: EvaluationResult = { decision: "ImplicitDeny", decisive: [] };

/**
 * Decides one request against the given policies, following the steps in this
 * module's header: explicit Deny wins; AWS's account rules (bucket policy
 * management, same-account-only KMS operations); a non-null endpoint policy must
 * also allow; same account needs an identity OR a resource-policy Allow,
 * cross-account both; a resource policy naming only the account delegates to
 * IAM; for `kms:` actions the key policy is authoritative.
 *
 * Throws PolicyError when the input or a policy is malformed, naming the
 * policy, statement index and Sid, and the field.
 */
export function evaluate(input: EvaluationInput): EvaluationResult {
  const prepared = prepareInput(input);
  const given = new RequestContext(prepared.request.context);
  // The Principal element matches on what the caller gave: a derived role ARN has lost the role's path.
  const who = describePrincipal(prepared.request.principal, given);
  const owner = resourceAccountOf(prepared.request, given, who.account);
  const context = withDerivedKeys(prepared.request, given, owner.account);
  const request: Request = { action: prepared.request.action, resource: prepared.request.resource, context, who, owner };
  // Anonymous callers and service principals have no IAM identity, so no identity policy applies.
  const identity = hasIdentity(who) ? prepared.identityPolicies : [];
  const policies = [...identity, prepared.resourcePolicy, prepared.endpointPolicy];
  const matches = policies.flatMap((policy) => (policy === undefined ? [] : matchPolicy(policy, request)));
  const result = decisionFrom(matches, request, prepared.endpointPolicy !== undefined);
  if (!owner.assumed || !hasIdentity(who)) return result;
  return { ...result, assumed: { resourceAccount: who.account ?? "the principal's account" } };
}

/** The decision from the matching statements; see the module header for the order of the steps. */
function decisionFrom(matches: readonly Match[], request: Request, throughEndpoint: boolean): EvaluationResult {
  const rootManagesPolicy = isBucketPolicyAction(request.action) && isOwnerRoot(request);
  // The owner's root user manages the bucket policy whatever that policy denies (account-rules.ts).
  const denies = matches.filter((match) => match.effect === "Deny" && !(rootManagesPolicy && match.kind === "resource"));
  if (denies.length > 0) return { decision: "ExplicitDeny", decisive: denies.map((match) => match.statement) };
  const refused = refusingRule(request);
  if (refused !== undefined) return { ...IMPLICIT_DENY, rule: refused };
  const endpointAllows = matches.filter((match) => match.kind === "endpoint");
  if (throughEndpoint && endpointAllows.length === 0) return IMPLICIT_DENY;
  if (rootManagesPolicy)
    return { decision: "Allow", decisive: endpointAllows.map((match) => match.statement), rule: "bucket-owner-root-user" };
  const granted = grantingAllows(matches, request);
  if (granted === undefined) return IMPLICIT_DENY;
  return { decision: "Allow", decisive: [...granted, ...endpointAllows].map((match) => match.statement) };
}

/** The AWS rule that refuses the request whatever the policies allow, if any. */
function refusingRule(request: Request): AccountRule | undefined {
  const same = isSameAccount(request.who, request.owner.account);
  if (isBucketPolicyAction(request.action) && !same) return "bucket-owner-account-only";
  if (isKmsAction(request.action) && hasIdentity(request.who) && !same && !kmsWorksCrossAccount(request.action))
    return "kms-key-account-only";
  return undefined;
}

/** The request context, plus the keys AWS would set that the caller left out: the principal's, and `aws:ResourceAccount`. */
function withDerivedKeys(request: EvaluationRequest, given: RequestContext, resourceAccount: string | undefined): RequestContext {
  const derived = {
    ...derivedPrincipalKeys(request.principal),
    ...(resourceAccount === undefined ? {} : { "aws:ResourceAccount": resourceAccount }),
  };
  const missing = Object.entries(derived).filter(([key]) => given.get(key) === undefined);
  return missing.length === 0 ? given : new RequestContext({ ...request.context, ...Object.fromEntries(missing) });
}

/**
 * The Allow statements that grant the request (identity first, then resource),
 * or undefined when no combination of identity and resource policy grants it.
 */
function grantingAllows(matches: readonly Match[], request: Request): Match[] | undefined {
  const identity = matches.filter((match) => match.kind === "identity");
  const named = matches.filter((match) => match.kind === "resource" && match.principal === "direct");
  const account = matches.filter((match) => match.kind === "resource" && match.principal === "account");
  const alternatives = grantAlternatives(request, { identity, named, account });
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
function grantAlternatives(request: Request, allows: Allows): (readonly Match[])[][] {
  const { identity, named, account } = allows;
  if (!hasIdentity(request.who)) return [[named]];
  if (!isSameAccount(request.who, request.owner.account)) {
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

/** A signed IAM principal of the resource's account (when neither account is known, the request counts as same-account). */
function isSameAccount(who: RequestPrincipal, resourceAccount: string | undefined): boolean {
  return hasIdentity(who) && who.account === resourceAccount;
}

/** The root user of the resource's account. */
function isOwnerRoot(request: Request): boolean {
  return request.who.root && isSameAccount(request.who, request.owner.account);
}

function matchPolicy(policy: NormalizedPolicy, request: Request): Match[] {
  const { kind, policyIndex } = policy.location;
  const matches: Match[] = [];
  for (const statement of policy.statements) {
    const principal = matchStatement(statement, kind, request);
    if (principal === "none") continue;
    const ref: DecisiveStatement =
      kind === "identity"
        ? { policy: kind, index: statement.index, policyIndex: policyIndex ?? 0 }
        : { policy: kind, index: statement.index };
    matches.push({
      statement: statement.sid === undefined ? ref : { ...ref, sid: statement.sid },
      effect: statement.effect,
      kind,
      principal,
    });
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
