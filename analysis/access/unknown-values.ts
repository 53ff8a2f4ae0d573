/**
 * Whether a decision depends on values the input does not determine (`${unknown(...)}` markers,
 * analysis/topology/unknown.ts). IAM evaluation is monotone in whether each statement applies: an
 * Allow that applies can only turn an implicit deny into an allow, a Deny that applies can only turn
 * a decision into an explicit deny. So the request is evaluated twice: once with every unknown value
 * chosen so that Allows apply as widely and Denies as narrowly as the known parts permit, once the
 * other way round. When both give the same decision, no value of the unknowns can change it;
 * otherwise the decision is Unknown. The evaluator is asked through `policy/ask.ts`: a request it
 * refuses counts as an implicit deny.
 */
import { ask, resultOf } from "../policy";
import type { ContextValue, Decision, EvaluationInput, PolicyDocument, PolicyStatement } from "../policy/types";
import { unknownReasonIn } from "../topology/unknown";
import { ALLOW_ALL, DENY_ALL } from "./policies";

type Reach = "widest" | "narrowest";
type Context = ReadonlyMap<string, ContextValue>;

/**
 * Why the decision of `input` depends on an unknown value, or undefined when it does not (or there is
 * none). When every value denies, but explicitly or not depending on the unknowns, the reason says so.
 */
export function unknownDependence(input: EvaluationInput): string | undefined {
  const reason = unknownReasonIn([...input.identityPolicies, input.resourcePolicy, input.endpointPolicy]);
  if (reason === undefined) return undefined;
  const context: Context = new Map(Object.entries(input.request.context).map(([key, value]) => [key.toLowerCase(), value]));
  const widest = decisionOf(extreme(input, context, "Allow"));
  const narrowest = decisionOf(extreme(input, context, "Deny"));
  if (widest === narrowest) return undefined;
  return widest === "Allow" ? reason : `${reason}; denied either way, explicitly or not depending on it`;
}

/** Which whole policies of a request the input does not resolve: they may hold any statement. */
export interface UnknownPolicies {
  readonly identity: boolean;
  readonly resource: boolean;
  readonly endpoint: boolean;
}

/**
 * Whether the decision of `input` depends on whole policies the input does not resolve (left out of
 * `input`). By the same monotonicity, the request is evaluated with each of them allowing everything
 * and with each denying everything; when the two decisions differ, no definite answer can be given.
 * Returns why (as {@link unknownDependence} does), or undefined when the decision is definite.
 */
export function unknownPolicyDependence(input: EvaluationInput, unknown: UnknownPolicies): string | undefined {
  if (!unknown.identity && !unknown.resource && !unknown.endpoint) return undefined;
  const withEvery = (identity: PolicyDocument): EvaluationInput => {
    const statements = Array.isArray(identity.Statement) ? identity.Statement : [identity.Statement];
    const resourceBased: PolicyDocument = { ...identity, Statement: statements.map((statement) => ({ ...statement, Principal: "*" })) };
    return {
      ...input,
      identityPolicies: unknown.identity ? [...input.identityPolicies, identity] : input.identityPolicies,
      resourcePolicy: unknown.resource ? resourceBased : input.resourcePolicy,
      endpointPolicy: unknown.endpoint ? resourceBased : input.endpointPolicy,
    };
  };
  const widest = decisionOf(withEvery(ALLOW_ALL));
  const narrowest = decisionOf(withEvery(DENY_ALL));
  if (widest === narrowest) return undefined;
  const reason = "policies the input does not resolve";
  return widest === "Allow" ? reason : `${reason}; denied either way, explicitly or not depending on them`;
}

/** The decision for an input; a request the evaluator refuses is an implicit deny. */
function decisionOf(input: EvaluationInput): Decision {
  return resultOf(ask(input)).decision;
}

/** The input with the statements of effect `favoured` at their widest and the others at their narrowest. */
function extreme(input: EvaluationInput, context: Context, favoured: "Allow" | "Deny"): EvaluationInput {
  const change = (document: PolicyDocument, resourceBased: boolean): PolicyDocument => {
    const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
    if (unknownReasonIn(statements) === undefined) return document;
    const kept = statements.flatMap((statement) => {
      if (unknownReasonIn(statement) === undefined) return [statement];
      const reached = reach(statement, context, statement.Effect === favoured ? "widest" : "narrowest");
      return reached === undefined ? [] : [reached];
    });
    // A policy left with no statement grants nothing, like one whose statements never apply.
    const never: PolicyStatement = {
      Effect: "Deny",
      Action: "none:None",
      Resource: "arn:none:none:::none",
      ...(resourceBased ? { Principal: "*" } : {}),
    };
    return { ...document, Statement: kept.length > 0 ? kept : [never] };
  };
  return {
    ...input,
    identityPolicies: input.identityPolicies.map((document) => change(document, false)),
    resourcePolicy: input.resourcePolicy === null ? null : change(input.resourcePolicy, true),
    endpointPolicy: input.endpointPolicy === null ? null : change(input.endpointPolicy, true),
  };
}

/**
 * The statement with its unknown values chosen to make it apply as widely or as narrowly as possible; undefined when it
 * then never applies.
 */
function reach(statement: PolicyStatement, context: Context, towards: Reach): PolicyStatement | undefined {
  const result: PolicyStatement = { ...statement };
  for (const element of ["Action", "Resource", "Principal"] as const) {
    if (unknownReasonIn(statement[element]) === undefined) continue;
    if (towards === "widest") result[element] = "*";
    else {
      const known = knownElements(statement[element]);
      if (known === undefined) return undefined;
      result[element] = known as never;
    }
  }
  for (const element of ["NotAction", "NotResource", "NotPrincipal"] as const) {
    if (unknownReasonIn(statement[element]) === undefined) continue;
    // An unknown exclusion may exclude the request (narrowest: the statement never applies) or nothing (widest).
    if (towards === "narrowest") return undefined;
    const known = knownElements(statement[element]);
    result[element] = (known ??
      (element === "NotPrincipal"
        ? { AWS: "arn:aws:iam::000000000000:root" }
        : element === "NotAction"
          ? "none:None"
          : "arn:none:none:::none")) as never;
  }
  if (statement.Condition === undefined || unknownReasonIn(statement.Condition) === undefined) return result;
  const condition = reachCondition(statement.Condition, context, towards);
  if (condition === undefined) return undefined;
  if (Object.keys(condition).length === 0) delete result.Condition;
  else result.Condition = condition;
  return result;
}

/** Operators whose values are compared one by one with the context value (equality or wildcard match). */
const MATCHING = /^(?:ForAnyValue:|ForAllValues:)?(String|Arn)(Not)?(Equals|Like|EqualsIgnoreCase)(IfExists)?$/i;

/** The condition block at its widest or narrowest; undefined when it then never holds. */
function reachCondition(
  condition: NonNullable<PolicyStatement["Condition"]>,
  context: Context,
  towards: Reach,
): NonNullable<PolicyStatement["Condition"]> | undefined {
  const result: NonNullable<PolicyStatement["Condition"]> = {};
  for (const [operator, byKey] of Object.entries(condition)) {
    const kept: Record<string, unknown> = {};
    for (const [key, values] of Object.entries(byKey)) {
      const given = context.get(key.toLowerCase());
      // Without the key in the request, the operator's outcome does not depend on the values.
      if (unknownReasonIn(values) === undefined || given === undefined) {
        kept[key] = values;
        continue;
      }
      const matching = MATCHING.exec(operator);
      if (matching === null) {
        if (towards === "narrowest") return undefined;
        continue; // widest: the test may hold, so it is left out
      }
      const negated = matching[2] !== undefined;
      const known = knownElements(values);
      // Holding the test: a positive operator with the request's own value, a negated one without the unknown values.
      const hold = towards === "widest";
      const knownList: unknown[] = Array.isArray(known) ? known : known === undefined ? [] : [known];
      if (hold !== negated) kept[key] = [...knownList, ...(Array.isArray(given) ? given : [given])];
      else if (known !== undefined) kept[key] = known;
      else if (!negated) return undefined; // a positive test against no value never holds
      // a negated test against no value always holds: the key is left out
    }
    if (Object.keys(kept).length > 0) result[operator] = kept;
  }
  return result;
}

/** The known elements of a policy element (a string, a list, or a principal map), or undefined when none is known. */
function knownElements(value: unknown): unknown {
  if (typeof value === "string") return unknownReasonIn(value) === undefined ? value : undefined;
  if (Array.isArray(value)) {
    const known = value.filter((item) => unknownReasonIn(item) === undefined);
    return known.length > 0 ? known : undefined;
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).flatMap(([type, ids]) => {
      const known = knownElements(ids);
      return known === undefined ? [] : [[type, known] as const];
    });
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  return value;
}
