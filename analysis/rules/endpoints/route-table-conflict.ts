/**
 * VPCE-002: a route table is associated with two S3 endpoints. A route table holds one route
 * per prefix list, so AWS refuses the second association and the apply fails half-way.
 * Endpoints whose route tables are expressions naming no known route table are UNKNOWN.
 */
import type { Topology } from "../../topology/model";
import { relationsOf } from "../../topology/relations";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import { isExpression } from "../support/terraform";
import type { RuleOutcome } from "../types";

export function oneEndpointPerRouteTable(topology: Topology): RuleOutcome[] {
  const known = new Set(topology.routeTables.map((table) => table.ref));
  const opaque = topology.endpoints
    .filter((endpoint) => endpoint.routeTableRefs.some((ref) => !known.has(ref) && isExpression(ref)))
    .map((endpoint) => unknown(endpoint.address, "its route tables are given by an expression"));
  const relations = relationsOf(topology);
  const tables = topology.routeTables.map((table) => {
    const endpoints = relations.endpointsOn(table.ref);
    if (endpoints.length < 2) return compliant(table.address);
    return nonCompliant(table.address, `associated with ${endpoints.map((e) => e.name).join(" and ")}`);
  });
  return [...tables, ...opaque];
}
