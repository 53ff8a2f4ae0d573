/**
 * How an instance's S3 requests leave its subnet: subnet → its route table → the S3 endpoint
 * associated with that table (the prefix-list route beats `0.0.0.0/0` by longest prefix), else
 * the default route to a NAT or internet gateway.
 */
import type { InstanceModel, RouteTableModel, S3EndpointModel, SubnetModel } from "../topology/model";
import { refTarget } from "../topology/references";
import type { AccessScope } from "./scope";

/** The route of an instance's S3 traffic. */
export interface InstanceRoute {
  readonly subnet?: SubnetModel;
  readonly routeTable?: RouteTableModel;
  /** S3 endpoints on the route table; more than one is a conflict AWS refuses. */
  readonly endpoints: readonly S3EndpointModel[];
  /** When no endpoint: where the default route goes. */
  readonly defaultRoute?: { readonly kind: "nat" | "igw"; readonly target: string; /** The gateway's address, or its literal id. */ readonly shown: string };
  /** Human-readable hops: `subnet app (aws_subnet.x)`, `route table aws_route_table.y`, `endpoint readers` or `nat ...`. */
  readonly path: readonly string[];
}

/** The route of one instance. */
export function instanceRoute(scope: AccessScope, instance: InstanceModel): InstanceRoute {
  const { subnet, routeTable, endpoints } = scope.relations.routeOf(instance);
  if (subnet === undefined) return { endpoints: [], path: [instance.subnetRef === undefined ? "no subnet" : `subnet ${refTarget(instance.subnetRef)} (not in the input)`] };
  const subnetHop = `subnet ${subnet.label} (${subnet.address})`;
  if (routeTable === undefined) return { subnet, endpoints: [], path: [subnetHop, "no route table in the input"] };
  const tableHop = `route table ${routeTable.address}`;
  if (endpoints.length === 1) return { subnet, routeTable, endpoints, path: [subnetHop, tableHop, `endpoint ${endpoints[0]?.name}`] };
  if (endpoints.length > 1) {
    return { subnet, routeTable, endpoints, path: [subnetHop, tableHop, `endpoints ${endpoints.map((e) => e.name).join(", ")} (two S3 endpoint routes on one route table: AWS refuses the second)`] };
  }
  const defaultRoute = defaultRouteOf(routeTable);
  if (defaultRoute === undefined) return { subnet, routeTable, endpoints, path: [subnetHop, tableHop, lookedUp(routeTable) ? NO_ENDPOINT_ON_LOOKED_UP_TABLE : "no route to S3"] };
  const gatewayHop = defaultRoute.kind === "nat" ? `nat ${defaultRoute.shown}` : `internet gateway ${defaultRoute.shown}`;
  return { subnet, routeTable, endpoints, defaultRoute, path: [subnetHop, tableHop, gatewayHop] };
}

/**
 * The last hop of a looked-up route table of an existing VPC that no S3 endpoint of the input is associated
 * with. Its other routes are not in Terraform JSON: whether they lead to a NAT gateway or nowhere, such a
 * request carries no `aws:SourceVpce`.
 */
const NO_ENDPOINT_ON_LOOKED_UP_TABLE = "no S3 endpoint route (its other routes are outside the input)";

function lookedUp(table: RouteTableModel): boolean {
  return table.address.startsWith("data.") && table.routes.length === 0;
}

function defaultRouteOf(table: RouteTableModel): InstanceRoute["defaultRoute"] {
  const route = table.routes.find((candidate) => candidate.destination === "0.0.0.0/0" && (candidate.targetKind === "nat" || candidate.targetKind === "igw"));
  return route === undefined ? undefined : { kind: route.targetKind === "nat" ? "nat" : "igw", target: route.target, shown: route.targetAddress ?? refTarget(route.target) };
}
