/**
 * The topology's relations, indexed once per topology and then asked, never rebuilt: resources by
 * address and type, which S3 endpoints sit on a route table, which route table serves a subnet, and
 * how an instance's traffic leaves its subnet. Every question is a Map access.
 */
import type { Address, InstanceModel, RawResource, RoleModel, RouteTableModel, S3EndpointModel, SubnetModel, Topology } from "./model";
import { pushTo } from "./values";

/** Where an instance's S3 traffic goes first: its subnet, that subnet's route table, and the endpoints on it. */
interface InstanceRouting {
  /** undefined when the instance names no subnet or one outside the input. */
  readonly subnet?: SubnetModel;
  /** undefined when the subnet has no route table in the input (a variable, or the VPC's main route table). */
  readonly routeTable?: RouteTableModel;
  /** The S3 endpoints on that route table, in input order; more than one is a conflict AWS refuses. */
  readonly endpoints: readonly S3EndpointModel[];
}

/** The relations of one topology. */
export interface TopologyRelations {
  resourceAt(address: Address): RawResource | undefined;
  /** Resources of a type, in input order; data sources with `mode: "data"`. */
  resourcesOfType(type: string, mode?: RawResource["mode"]): readonly RawResource[];
  routeTable(ref: string): RouteTableModel | undefined;
  role(address: Address): RoleModel | undefined;
  /** The S3 endpoints associated with a route table (by its ref), in input order. */
  endpointsOn(routeTableRef: string): readonly S3EndpointModel[];
  /** The subnet, route table and endpoints an instance's traffic meets first. */
  routeOf(instance: InstanceModel): InstanceRouting;
}

const cache = new WeakMap<Topology, TopologyRelations>();

/** The relations of a topology, indexed on first use. */
export function relationsOf(topology: Topology): TopologyRelations {
  let relations = cache.get(topology);
  if (relations === undefined) {
    relations = new IndexedRelations(topology);
    cache.set(topology, relations);
  }
  return relations;
}

/** Route table ref to the S3 endpoints associated with it, in input order (also used while the topology is built). */
export function endpointsByRouteTable(endpoints: readonly S3EndpointModel[]): Map<string, S3EndpointModel[]> {
  const byTable = new Map<string, S3EndpointModel[]>();
  for (const endpoint of endpoints) {
    for (const ref of new Set(endpoint.routeTableRefs)) pushTo(byTable, ref, endpoint);
  }
  return byTable;
}

const NONE: readonly never[] = [];

class IndexedRelations implements TopologyRelations {
  private readonly byAddress = new Map<Address, RawResource>();
  private readonly byType = new Map<string, RawResource[]>();
  private readonly subnets: ReadonlyMap<string, SubnetModel>;
  private readonly routeTables: ReadonlyMap<string, RouteTableModel>;
  private readonly roles: ReadonlyMap<Address, RoleModel>;
  private readonly endpointsByTable: ReadonlyMap<string, readonly S3EndpointModel[]>;

  constructor(topology: Topology) {
    for (const resource of topology.resources) {
      this.byAddress.set(resource.address, resource);
      pushTo(this.byType, `${resource.mode} ${resource.type}`, resource);
    }
    this.subnets = new Map(topology.subnets.map((subnet) => [subnet.ref, subnet]));
    this.routeTables = new Map(topology.routeTables.map((table) => [table.ref, table]));
    this.roles = new Map(topology.roles.map((role) => [role.address, role]));
    this.endpointsByTable = endpointsByRouteTable(topology.endpoints);
  }

  resourceAt(address: Address): RawResource | undefined {
    return this.byAddress.get(address);
  }

  resourcesOfType(type: string, mode: RawResource["mode"] = "managed"): readonly RawResource[] {
    return this.byType.get(`${mode} ${type}`) ?? NONE;
  }

  routeTable(ref: string): RouteTableModel | undefined {
    return this.routeTables.get(ref);
  }

  role(address: Address): RoleModel | undefined {
    return this.roles.get(address);
  }

  endpointsOn(routeTableRef: string): readonly S3EndpointModel[] {
    return this.endpointsByTable.get(routeTableRef) ?? NONE;
  }

  routeOf(instance: InstanceModel): InstanceRouting {
    const subnet = instance.subnetRef === undefined ? undefined : this.subnets.get(instance.subnetRef);
    if (subnet === undefined) return { endpoints: NONE };
    const routeTable = subnet.routeTableRef === undefined ? undefined : this.routeTables.get(subnet.routeTableRef);
    if (routeTable === undefined) return { subnet, endpoints: NONE };
    return { subnet, routeTable, endpoints: this.endpointsOn(routeTable.ref) };
  }
}
