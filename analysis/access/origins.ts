/**
 * Where requests come from. Through an S3 gateway endpoint the request carries `aws:SourceVpce`
 * (the endpoint's ref) and `aws:SourceVpc`, and the endpoint policy gates it; through the NAT
 * gateway or from outside the VPC it carries neither (docs/DESIGN.md §3).
 */
import type { S3EndpointModel } from "../topology/model";
import type { Origin } from "./types";
import { FULL_ACCESS, usable, type LabeledPolicy } from "./policies";
import type { AccessScope } from "./scope";

/** An origin ready for the evaluator. */
export interface OriginSpec {
  readonly origin: Origin;
  readonly endpoint?: S3EndpointModel;
  /** The endpoint policy gate; null off-endpoint. */
  readonly endpointPolicy: LabeledPolicy | null;
  readonly context: Readonly<Record<string, string>>;
  /** Set when the endpoint policy is unresolved (then AWS's full-access default is assumed). */
  readonly unresolved?: string;
}

/** The origin of requests through an S3 gateway endpoint. */
export function endpointOrigin(endpoint: S3EndpointModel): OriginSpec {
  const found = usable(endpoint.policy, "endpoint", `endpoint policy of ${endpoint.name}`);
  const policy = found.policy ?? { document: FULL_ACCESS, label: `endpoint policy of ${endpoint.name} (none: AWS's full-access default)` };
  const context: Record<string, string> = { "aws:SourceVpce": endpoint.ref };
  if (endpoint.vpcRef !== undefined) context["aws:SourceVpc"] = endpoint.vpcRef;
  const base = { origin: `endpoint:${endpoint.name}` as const, endpoint, endpointPolicy: policy, context };
  return found.unresolved === undefined ? base : { ...base, unresolved: `${found.unresolved}; full access assumed` };
}

/** Requests that leave the VPC through a NAT gateway. */
export const NAT_ORIGIN: OriginSpec = { origin: "nat", endpointPolicy: null, context: {} };

/** Requests from outside the VPC (CI, the console, a laptop). */
export const INTERNET_ORIGIN: OriginSpec = { origin: "internet", endpointPolicy: null, context: {} };

/** Every origin of the matrix: each S3 endpoint, the NAT when there is one, and the internet. */
export function allOrigins(scope: AccessScope): OriginSpec[] {
  const endpoints = scope.topology.endpoints.map(endpointOrigin);
  return [...endpoints, ...(scope.topology.natGatewayRefs.length > 0 ? [NAT_ORIGIN] : []), INTERNET_ORIGIN];
}
