/**
 * Where requests come from. Through an S3 gateway endpoint the request carries `aws:SourceVpce`
 * (the endpoint's ref) and `aws:SourceVpc`, and the endpoint policy gates it; through the NAT
 * gateway or from outside the VPC it carries neither (docs/DESIGN.md §3).
 */
import type { S3EndpointModel } from "../topology/model";
import type { Origin } from "./types";
import { documentUnknown, FULL_ACCESS, labeled, leftOutNote, statementsOf, type LabeledPolicy } from "./policies";
import type { AccessScope } from "./scope";

/** An origin ready for the evaluator. */
export interface OriginSpec {
  readonly origin: Origin;
  readonly endpoint?: S3EndpointModel;
  /** The endpoint policy gate; null off-endpoint. */
  readonly endpointPolicy: LabeledPolicy | null;
  readonly context: Readonly<Record<string, string>>;
  /** Set when the endpoint policy is unknown (then AWS's full-access default is assumed): unresolved, or outside the input. */
  readonly unresolved?: string;
  /** True when the endpoint policy's document is not known from the input (unresolved). */
  readonly policyUnknown?: boolean;
  /** The id of a trusted endpoint outside the input: an Allow through it is `Unknown`, since its policy may still refuse. */
  readonly externalEndpointId?: string;
}

/** The origin of requests through an S3 gateway endpoint. */
export function endpointOrigin(endpoint: S3EndpointModel): OriginSpec {
  const label = `endpoint policy of ${endpoint.name}`;
  const policy = labeled(endpoint.policy, label) ?? { document: FULL_ACCESS, label: `${label} (none: AWS's full-access default)` };
  const context: Record<string, string> = { "aws:SourceVpce": endpoint.ref };
  if (endpoint.vpcRef !== undefined) context["aws:SourceVpc"] = endpoint.vpcRef;
  const base = { origin: `endpoint:${endpoint.name}` as const, endpoint, endpointPolicy: policy, context };
  const note = leftOutNote(endpoint.policy, label);
  if (note === undefined) return base;
  return { ...base, unresolved: `${note}; full access assumed`, ...(documentUnknown(endpoint.policy) ? { policyUnknown: true } : {}) };
}

/** Requests that leave the VPC through a NAT gateway. */
export const NAT_ORIGIN: OriginSpec = { origin: "nat", endpointPolicy: null, context: {} };

/** Requests from outside the VPC (CI, the console, a laptop). */
export const INTERNET_ORIGIN: OriginSpec = { origin: "internet", endpointPolicy: null, context: {} };

/**
 * The origin of requests through a trusted endpoint outside the input (`access.trustedEndpointIds`):
 * its policy and VPC are not in the input, so AWS's full-access default and another VPC are assumed,
 * and every row through it says so.
 */
function trustedEndpointOrigin(endpointId: string): OriginSpec {
  const label = `endpoint policy of ${endpointId} (outside the input: AWS's full-access default assumed)`;
  const context = { "aws:SourceVpce": endpointId, "aws:SourceVpc": `(the VPC of ${endpointId})` };
  const assumed = "its endpoint policy is unknown (full access assumed) and its VPC is taken to be another";
  const unresolved = `${endpointId} is outside the input: ${assumed}`;
  return {
    origin: `endpoint:${endpointId}`,
    endpointPolicy: { document: FULL_ACCESS, label },
    context,
    unresolved,
    externalEndpointId: endpointId,
  };
}

/**
 * Endpoint ids the buckets' policies trust that are not endpoints of the input: the literal
 * `vpce-…` values of `aws:SourceVpce` under a negated operator (`StringNotEquals`, …) of a Deny.
 */
function trustedEndpointIds(scope: AccessScope): string[] {
  const known = new Set(scope.topology.endpoints.map((endpoint) => endpoint.ref));
  const ids = new Set<string>();
  for (const statement of scope.buckets.flatMap((bucket) => statementsOf(bucket.policy))) {
    if (statement.Effect !== "Deny") continue;
    for (const [operator, byKey] of Object.entries(statement.Condition ?? {})) {
      if (!/^String(Not(Equals|Like))(IgnoreCase)?(IfExists)?$/.test(operator)) continue;
      const values = Object.entries(byKey)
        .filter(([key]) => key.toLowerCase() === "aws:sourcevpce")
        .flatMap(([, value]) => (Array.isArray(value) ? value : [value]));
      for (const value of values) if (typeof value === "string" && /^vpce-[0-9a-z]+$/i.test(value) && !known.has(value)) ids.add(value);
    }
  }
  return [...ids];
}

/** Every origin of the matrix: each S3 endpoint, each trusted endpoint outside the input, the NAT when there is one, and the internet. */
export function allOrigins(scope: AccessScope): OriginSpec[] {
  const endpoints = scope.topology.endpoints.map(endpointOrigin);
  const trusted = trustedEndpointIds(scope).map(trustedEndpointOrigin);
  return [...endpoints, ...trusted, ...(scope.topology.natGatewayRefs.length > 0 ? [NAT_ORIGIN] : []), INTERNET_ORIGIN];
}
