/**
 * Route table references, including the VPC's own main route table written as
 * `aws_vpc.x.default_route_table_id` (or `main_route_table_id`), which is the table an
 * `aws_default_route_table` of that VPC manages, and route tables of an existing VPC that the
 * input looks up (`data "aws_route_table"`), known by the literal `rtb-…` id they were looked up by.
 */
import type { BuildContext } from "./context";
import type { Address, RawResource } from "./model";
import { wholeReference } from "./references";
import { asString, isExpression } from "./values";

/** Resource types that are route tables. */
export const ROUTE_TABLE_TYPES = ["aws_route_table", "aws_default_route_table"] as const;

const MAIN_TABLE_ATTRIBUTES = new Set(["default_route_table_id", "main_route_table_id"]);
const defaults = new WeakMap<BuildContext, Map<Address, RawResource>>();

/**
 * The canonical ref of a route table: for a looked-up table (`data "aws_route_table"`) the literal
 * `route_table_id` it was looked up by, which is what other resources of the input write for it; else its `id`.
 */
export function routeTableRef(context: BuildContext, table: RawResource): string {
  const given = table.mode === "data" ? asString(table.values["route_table_id"]) : undefined;
  return given !== undefined && given !== "" && !isExpression(given) ? given : context.resolver.ref(table, "id");
}

/** The route tables a value refers to (a list, a splat, a reference, a known id). */
export function resolveRouteTables(context: BuildContext, value: unknown): RawResource[] {
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) => {
    const direct = context.resolver.resolve(item, ROUTE_TABLE_TYPES);
    if (direct.length > 0) return direct;
    const table = mainTableOfVpc(context, item);
    return table === undefined ? [] : [table];
  });
}

/** Canonical refs of the route tables a value refers to; items that resolve to none are kept as written. */
export function routeTableRefs(context: BuildContext, value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const refs = new Set<string>();
  for (const item of items) {
    const tables = resolveRouteTables(context, item);
    if (tables.length > 0) for (const table of tables) refs.add(routeTableRef(context, table));
    else if (typeof item === "string" && item !== "") refs.add(item);
  }
  return [...refs];
}

/** The `aws_default_route_table` behind `${aws_vpc.x.default_route_table_id}`, when the input manages it. */
function mainTableOfVpc(context: BuildContext, item: unknown): RawResource | undefined {
  if (typeof item !== "string") return undefined;
  const reference = wholeReference(item);
  if (reference?.attribute === undefined || !MAIN_TABLE_ATTRIBUTES.has(reference.attribute)) return undefined;
  const vpc = context.resolver.resolveOne(item, ["aws_vpc"]);
  return vpc === undefined ? undefined : defaultTables(context).get(vpc.address);
}

/** VPC address to the `aws_default_route_table` that manages its main route table. */
function defaultTables(context: BuildContext): Map<Address, RawResource> {
  let byVpc = defaults.get(context);
  if (byVpc === undefined) {
    byVpc = new Map();
    for (const table of context.resolver.ofType("aws_default_route_table")) {
      const vpc = context.resolver.resolveOne(table.values["default_route_table_id"], ["aws_vpc"]);
      if (vpc !== undefined) byVpc.set(vpc.address, table);
    }
    defaults.set(context, byVpc);
  }
  return byVpc;
}
