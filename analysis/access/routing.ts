/**
 * How an instance's S3 requests leave its subnet: subnet → its route table → the S3 endpoint
 * associated with that table (the prefix-list route beats `0.0.0.0/0` by longest prefix), else
 * the default route to a NAT or internet gateway.
 */
import type { InstanceModel, RouteTableModel, S3EndpointModel, SubnetModel } from "../topology/model";
import { refTarget } from "../topology/references";
import type { AccessScope } from "./scope";
import { HopKind, RouteGap, type Hop } from "./types";

/** The route of an instance's S3 traffic. */
export interface InstanceRoute {
  readonly subnet?: SubnetModel;
  readonly routeTable?: RouteTableModel;
  /** S3 endpoints on the route table; more than one is a conflict AWS refuses. */
  readonly endpoints: readonly S3EndpointModel[];
  /** When no endpoint: where the default route goes. */
  readonly defaultRoute?: {
    readonly kind: "nat" | "igw";
    readonly target: string /** The gateway's address, when the input has it. */;
    readonly address?: string /** The gateway's address, or its literal id. */;
    readonly shown: string;
  };
  /** The hops: subnet, route table, then each endpoint on it, or the gateway of the default route, or where the route ends. */
  readonly path: readonly Hop[];
}

/** The route of one instance. */
export function instanceRoute(scope: AccessScope, instance: InstanceModel): InstanceRoute {
  const { subnet, routeTable, endpoints } = scope.relations.routeOf(instance);
  if (subnet === undefined)
    return {
      endpoints: [],
      path: [
        instance.subnetRef === undefined ? gap(RouteGap.NO_SUBNET) : gap(RouteGap.SUBNET_OUTSIDE_INPUT, refTarget(instance.subnetRef)),
      ],
    };
  const subnetHop: Hop = { kind: HopKind.SUBNET, address: subnet.address, label: subnet.label };
  if (routeTable === undefined) return { subnet, endpoints: [], path: [subnetHop, gap(RouteGap.NO_ROUTE_TABLE)] };
  const tableHop: Hop = { kind: HopKind.ROUTE_TABLE, address: routeTable.address, label: routeTable.address };
  if (endpoints.length > 0)
    return {
      subnet,
      routeTable,
      endpoints,
      path: [
        subnetHop,
        tableHop,
        ...endpoints.map((endpoint): Hop => ({ kind: HopKind.ENDPOINT, address: endpoint.address, label: endpoint.name })),
      ],
    };
  const defaultRoute = defaultRouteOf(routeTable);
  if (defaultRoute === undefined)
    return {
      subnet,
      routeTable,
      endpoints,
      path: [subnetHop, tableHop, gap(lookedUp(routeTable) ? RouteGap.NO_ENDPOINT_ROUTE_OUTSIDE_INPUT : RouteGap.NO_ROUTE)],
    };
  const gatewayHop: Hop = {
    kind: defaultRoute.kind === "nat" ? HopKind.NAT : HopKind.INTERNET_GATEWAY,
    ...(defaultRoute.address === undefined ? {} : { address: defaultRoute.address }),
    label: defaultRoute.shown,
  };
  return { subnet, routeTable, endpoints, defaultRoute, path: [subnetHop, tableHop, gatewayHop] };
}

function gap(why: RouteGap, label = ""): Hop {
  return { kind: HopKind.NONE, label, gap: why };
}

function lookedUp(table: RouteTableModel): boolean {
  return table.address.startsWith("data.") && table.routes.length === 0;
}

function defaultRouteOf(table: RouteTableModel): InstanceRoute["defaultRoute"] {
  const route = table.routes.find(
    (candidate) => candidate.destination === "0.0.0.0/0" && (candidate.targetKind === "nat" || candidate.targetKind === "igw"),
  );
  return route === undefined
    ? undefined
    : {
        kind: route.targetKind === "nat" ? "nat" : "igw",
        target: route.target,
        ...(route.targetAddress === undefined ? {} : { address: route.targetAddress }),
        shown: route.targetAddress ?? refTarget(route.target),
      };
}
