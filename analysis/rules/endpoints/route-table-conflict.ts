/**
 * VPCE-002: a route table is associated with two S3 endpoints. A route table holds one route
 * per prefix list, so AWS refuses the second association and the apply fails half-way.
 * Endpoints whose route tables are expressions naming no known route table are UNKNOWN.
 */
import type { RouteTableModel, Topology } from "../../topology/model";
import { relationsOf } from "../../topology/relations";
import { isExpression } from "../../topology/values";
import { eachSubject } from "../check";
import type { EndpointSubject } from "../subjects";
import { compliant, nonCompliant, unknown } from "../support/outcome";
import type { RuleOutcome } from "../types";

export const oneEndpointPerRouteTable = [eachSubject("route-table", checkTable), eachSubject("endpoint", checkEndpointTables)];

function checkTable(table: RouteTableModel, topology: Topology): RuleOutcome {
  const endpoints = relationsOf(topology).endpointsOn(table.ref);
  if (endpoints.length < 2) return compliant(table.address);
  return nonCompliant(table.address, `associated with ${endpoints.map((e) => e.name).join(" and ")}`);
}

/** An endpoint whose route tables are an expression naming none of the input's may sit on a table with another. */
function checkEndpointTables({ endpoint }: EndpointSubject, topology: Topology): RuleOutcome[] {
  const relations = relationsOf(topology);
  const opaque = endpoint.routeTableRefs.some((ref) => relations.routeTable(ref) === undefined && isExpression(ref));
  return opaque ? [unknown(endpoint.address, "its route tables are given by an expression")] : [];
}
