/**
 * VPCs, subnets, route tables (inline `route` blocks and `aws_route` resources), route table
 * associations (explicit, and the main route table of a VPC), NAT and internet gateways.
 * Subnets and route tables of an existing VPC count when the input looks them up: `data "aws_subnet"`
 * by id, and `data "aws_route_table"` by `route_table_id` and `subnet_id`, which at plan time finds the
 * table only when that subnet is explicitly associated with it: so the lookup is the association.
 */
import { nameWithKey, refOf, type BuildContext } from "./context";
import { resolveRouteTables, ROUTE_TABLE_TYPES, routeTableRef, routeTableRefs } from "./route-tables";
import type { Address, RawResource, RouteModel, RouteTableModel, SubnetModel } from "./model";
import { asBlocks, asBoolean, asString, pushTo, tagValue } from "./values";

/** The network part of a topology. */
export interface NetworkModel {
  readonly vpcRefs: string[];
  readonly subnets: SubnetModel[];
  readonly routeTables: RouteTableModel[];
  readonly natGatewayRefs: string[];
  readonly internetGatewayRefs: string[];
}

const TARGET_FIELDS = [
  "nat_gateway_id",
  "gateway_id",
  "vpc_endpoint_id",
  "transit_gateway_id",
  "egress_only_gateway_id",
  "network_interface_id",
  "vpc_peering_connection_id",
  "carrier_gateway_id",
  "local_gateway_id",
  "core_network_arn",
  "instance_id",
] as const;
const DESTINATION_FIELDS = [
  "cidr_block",
  "destination_cidr_block",
  "ipv6_cidr_block",
  "destination_ipv6_cidr_block",
  "destination_prefix_list_id",
] as const;
const KIND_BY_TYPE: Readonly<Record<string, RouteModel["targetKind"]>> = {
  aws_nat_gateway: "nat",
  aws_internet_gateway: "igw",
  aws_vpc_endpoint: "endpoint",
};

/** Reads the network resources. */
export function buildNetwork(context: BuildContext): NetworkModel {
  const { resolver } = context;
  const tables = [...ROUTE_TABLE_TYPES.flatMap((type) => resolver.ofType(type)), ...resolver.ofType("aws_route_table", "data")];
  const routes = routesByTable(context, tables);
  const associations = subnetAssociations(context);
  const mainByVpc = mainRouteTables(context, tables);
  const subnets = [...resolver.ofType("aws_subnet"), ...resolver.ofType("aws_subnet", "data")].map((subnet) =>
    toSubnet(context, subnet, associations, mainByVpc),
  );
  const subnetsByTable = new Map<string, string[]>();
  for (const subnet of subnets) if (subnet.routeTableRef !== undefined) pushTo(subnetsByTable, subnet.routeTableRef, subnet.ref);
  const routeTables = tables.map((table): RouteTableModel => {
    const ref = routeTableRef(context, table);
    const vpcRef = tableVpcRef(context, table);
    const base = { address: table.address, ref, routes: routes.get(table.address) ?? [], subnetRefs: subnetsByTable.get(ref) ?? [] };
    return vpcRef === undefined ? base : { ...base, vpcRef };
  });
  return {
    vpcRefs: resolver.ofType("aws_vpc").map((vpc) => resolver.ref(vpc, "id")),
    subnets,
    routeTables,
    natGatewayRefs: resolver.ofType("aws_nat_gateway").map((nat) => resolver.ref(nat, "id")),
    internetGatewayRefs: resolver.ofType("aws_internet_gateway").map((igw) => resolver.ref(igw, "id")),
  };
}

function routesByTable(context: BuildContext, tables: readonly RawResource[]): Map<Address, RouteModel[]> {
  const routes = new Map<Address, RouteModel[]>();
  for (const table of tables) {
    // A looked-up table lists its routes as `routes` (known in a plan; absent from Terraform JSON).
    const blocks = asBlocks(table.values[table.mode === "data" ? "routes" : "route"]);
    routes.set(
      table.address,
      blocks.map((block) => toRoute(context, block, table.address)),
    );
  }
  for (const route of context.resolver.ofType("aws_route")) {
    const table = resolveRouteTables(context, route.values["route_table_id"])[0];
    if (table !== undefined) pushTo(routes, table.address, toRoute(context, route.values, route.address));
  }
  return routes;
}

function toRoute(context: BuildContext, block: Readonly<Record<string, unknown>>, address: Address): RouteModel {
  const destination =
    DESTINATION_FIELDS.map((field) => asString(block[field])).find((value) => value !== undefined && value !== "") ?? "unknown";
  const field = TARGET_FIELDS.find((name) => typeof block[name] === "string" && block[name] !== "");
  const raw = field === undefined ? "" : String(block[field]);
  const target = field === undefined ? undefined : context.resolver.resolveOne(raw);
  const kind = target !== undefined ? KIND_BY_TYPE[target.type] : literalKind(raw, field);
  const route: RouteModel = {
    destination,
    target: target === undefined ? raw : context.resolver.ref(target, "id"),
    targetKind: kind ?? "other",
    address,
  };
  return target === undefined ? route : { ...route, targetAddress: target.address };
}

function literalKind(raw: string, field: string | undefined): RouteModel["targetKind"] | undefined {
  if (field === "nat_gateway_id" || raw.startsWith("nat-")) return "nat";
  if (raw.startsWith("igw-")) return "igw";
  if (field === "vpc_endpoint_id" || raw.startsWith("vpce-")) return "endpoint";
  return undefined;
}

/** Subnet address to route table ref, from `aws_route_table_association`. */
function subnetAssociations(context: BuildContext): Map<Address, string> {
  const bySubnet = new Map<Address, string>();
  for (const association of context.resolver.ofType("aws_route_table_association")) {
    const subnet = context.resolver.resolveOne(association.values["subnet_id"], ["aws_subnet"]);
    const table = routeTableRefs(context, association.values["route_table_id"])[0];
    if (subnet !== undefined && table !== undefined) bySubnet.set(subnet.address, table);
  }
  for (const table of context.resolver.ofType("aws_route_table", "data")) {
    const given = [table.values["subnet_id"], ...asBlocks(table.values["associations"]).map((association) => association["subnet_id"])];
    for (const subnetId of given) {
      const subnet = context.resolver.resolveOne(subnetId, ["aws_subnet"]);
      if (subnet !== undefined && !bySubnet.has(subnet.address)) bySubnet.set(subnet.address, routeTableRef(context, table));
    }
  }
  return bySubnet;
}

/** VPC ref to its main route table ref: `aws_main_route_table_association`, else an `aws_default_route_table`. */
function mainRouteTables(context: BuildContext, tables: readonly RawResource[]): Map<string, string> {
  const mainByVpc = new Map<string, string>();
  for (const table of tables) {
    const vpcRef = table.type === "aws_default_route_table" ? tableVpcRef(context, table) : undefined;
    if (vpcRef !== undefined) mainByVpc.set(vpcRef, context.resolver.ref(table, "id"));
  }
  for (const association of context.resolver.ofType("aws_main_route_table_association")) {
    const vpcRef = refOf(context, association.values["vpc_id"], ["aws_vpc"]);
    const table = routeTableRefs(context, association.values["route_table_id"])[0];
    if (vpcRef !== undefined && table !== undefined) mainByVpc.set(vpcRef, table);
  }
  return mainByVpc;
}

/** A route table's VPC; a default route table names it through `default_route_table_id = aws_vpc.x.default_route_table_id`. */
function tableVpcRef(context: BuildContext, table: RawResource): string | undefined {
  const value = table.type === "aws_default_route_table" ? table.values["default_route_table_id"] : table.values["vpc_id"];
  const vpc = context.resolver.resolveOne(value, ["aws_vpc"]);
  if (vpc !== undefined) return context.resolver.ref(vpc, "id");
  return table.type === "aws_default_route_table" ? undefined : asString(table.values["vpc_id"]);
}

function toSubnet(
  context: BuildContext,
  subnet: RawResource,
  associations: Map<Address, string>,
  mainByVpc: Map<string, string>,
): SubnetModel {
  const { values } = subnet;
  const vpcRef = refOf(context, values["vpc_id"], ["aws_vpc"]);
  const routeTableRef = associations.get(subnet.address) ?? (vpcRef === undefined ? undefined : mainByVpc.get(vpcRef));
  const cidr = asString(values["cidr_block"]);
  const availabilityZone = asString(values["availability_zone"]);
  return {
    address: subnet.address,
    ref: context.resolver.ref(subnet, "id"),
    mapPublicIpOnLaunch: asBoolean(values["map_public_ip_on_launch"]) ?? false,
    label:
      tagValue(values, "Tier") ??
      tagValue(values, "Name") ??
      (subnet.mode === "data" ? asString(values["id"]) : undefined) ??
      nameWithKey(subnet),
    ...(vpcRef === undefined ? {} : { vpcRef }),
    ...(cidr === undefined ? {} : { cidr }),
    ...(availabilityZone === undefined ? {} : { availabilityZone }),
    ...(routeTableRef === undefined ? {} : { routeTableRef }),
  };
}
