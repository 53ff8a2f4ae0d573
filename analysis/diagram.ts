/**
 * The review diagram, like the article's: instances in private subnets → route tables → either
 * the S3 gateway endpoint (the private path, red) or the NAT gateway in a public subnet, then the
 * internet gateway (the old path, blue) → bucket; inside a VPC box when the input has one VPC.
 * Pure: a topology and its access report in, a graph model out; `cli/review/mermaid.ts` and
 * `cli/review/dot.ts` render the same model.
 *
 * Labels come from the access report's rows (see `./diagram-rows`): a route edge carries what the
 * instances behind it may do through that path (the insider's actions, `any role:`, where none
 * is behind); the edge into the bucket carries what the path lets any role of the account do, so
 * it agrees with the endpoint's grants. An edge whose principals are denied everything that was
 * evaluated is marked `blocked` (drawn dashed).
 */
import type { AccessReport } from "./access/types";
import { routeEdgeActions, grantsOf, indexRows, aboutBucket, type EdgeActions, type OriginKey, type RowIndex } from "./diagram-rows";
import {
  addressOfRef,
  compareCidr,
  internetGatewayOf,
  isDefaultRoute,
  isPublic,
  natSubnet,
  tablesInCidrOrder,
  vpcCidr,
} from "./diagram-network";
import type { RouteTableModel, SubnetModel, Topology } from "./topology/model";
import { relationsOf } from "./topology/relations";

/** What a node stands for. `vpc` and a `public-subnet` holding a NAT gateway are drawn as boxes around their children. */
type DiagramNodeKind = "vpc" | "instance" | "subnet" | "public-subnet" | "route-table" | "nat" | "endpoint" | "internet-gateway" | "bucket";

/** A node; `id` is safe as a mermaid and dot identifier. */
export interface DiagramNode {
  readonly id: string;
  readonly kind: DiagramNodeKind;
  readonly label: string;
  /** Terraform address, when the node is one resource. */
  readonly address?: string;
  /** The id of the node drawn around this one (its VPC, or the public subnet of a NAT gateway). */
  readonly parent?: string;
}

/** Which path an edge belongs to: the article's red (private) or blue (NAT) line, or an internet gateway. */
type DiagramPath = "private" | "nat" | "internet";

/** An edge. Association edges (instance → subnet → route table) carry no actions. */
export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  /**
   * `association`: instance → subnet, subnet → route table; `route`: route table → target; `egress`: NAT → internet
   * gateway; `delivery`: last hop → bucket.
   */
  readonly kind: "association" | "route" | "egress" | "delivery";
  /** Set on route, egress and delivery edges. */
  readonly path?: DiagramPath;
  /** Allowed S3 actions, short names (`GetObject`), in report order. */
  readonly allowed: readonly string[];
  /** Evaluated S3 actions that are not allowed. */
  readonly denied: readonly string[];
  /** True when actions were evaluated on this edge and none is allowed: drawn dashed. */
  readonly blocked: boolean;
  /** The edge text: `web: GetObject`, `any role: GetObject, PutObject`, `any role: denied`, or empty. */
  readonly label: string;
}

/** The graph of one stack. */
export interface Diagram {
  readonly stack: string;
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

/** A route target reached from a route table, and the origin its requests have in the report. */
interface RouteTarget {
  readonly nodeId: string;
  readonly path: DiagramPath;
  readonly origin: OriginKey;
}

/**
 * Builds the diagram of one stack. Linear in the size of the topology and the report.
 *
 * Route tables that lead nowhere near S3 are left out: a route table is drawn when instances sit
 * behind it or it routes to an S3 endpoint or a NAT gateway. Public subnets are drawn as in the
 * article, each NAT gateway inside its own. Internet gateway routes are drawn for route tables
 * with instances, or for every route table when the VPC has neither NAT gateway nor S3 endpoint.
 * Subnets and their route tables come in numeric CIDR order.
 */
export function buildDiagram(topology: Topology, report: AccessReport): Diagram {
  const builder = new DiagramBuilder(topology, report);
  for (const table of tablesInCidrOrder(topology)) builder.addRouteTable(table);
  builder.addPublicSubnets();
  builder.addDeliveries();
  return { stack: report.stack, nodes: builder.orderedNodes(), edges: builder.edges };
}

const KIND_ORDER: readonly DiagramNodeKind[] = [
  "vpc",
  "instance",
  "subnet",
  "route-table",
  "endpoint",
  "public-subnet",
  "nat",
  "internet-gateway",
  "bucket",
];

/** Accumulates nodes and edges; each node is created once, on first use. */
class DiagramBuilder {
  readonly edges: DiagramEdge[] = [];
  private readonly nodes: DiagramNode[] = [];
  private readonly rows: RowIndex;
  private readonly instancesBySubnet: ReadonlyMap<string, readonly string[]>;
  private readonly subnetsByRef: ReadonlyMap<string, { subnet: SubnetModel; index: number }>;
  private readonly nodeIds = new Map<string, string>();
  /** Route target node id → the target and the names of the instances behind it, in first-use order. */
  private readonly targets = new Map<string, { target: RouteTarget; instances: Set<string> }>();
  private readonly endpointIndexByRef = new Map<string, number>();
  private readonly tableIndex: ReadonlyMap<RouteTableModel, number>;
  private readonly igwOnly: boolean;
  private readonly vpcId: string | undefined;
  private instanceCount = 0;

  constructor(
    private readonly topology: Topology,
    private readonly report: AccessReport,
  ) {
    this.rows = indexRows(report.access);
    this.instancesBySubnet = groupInstances(topology);
    this.subnetsByRef = new Map(topology.subnets.map((subnet, index) => [subnet.ref, { subnet, index }]));
    this.igwOnly = topology.natGatewayRefs.length === 0 && topology.endpoints.length === 0;
    this.tableIndex = new Map(topology.routeTables.map((table, index) => [table, index]));
    topology.endpoints.forEach((endpoint, index) => {
      this.endpointIndexByRef.set(endpoint.ref, index);
    });
    const cidr = vpcCidr(topology);
    this.vpcId = cidr === undefined ? undefined : this.add({ id: "vpc_0", kind: "vpc", label: `VPC ${cidr}` });
  }

  /** A route table with its subnets (and their instances) and its route edges, unless it leads nowhere near S3. */
  addRouteTable(table: RouteTableModel): void {
    const subnets = table.subnetRefs.map((ref) => this.subnetsByRef.get(ref)).filter((entry) => entry !== undefined);
    subnets.sort((a, b) => compareCidr(a.subnet.cidr, b.subnet.cidr));
    const instances = subnets.flatMap(({ subnet }) => this.instancesBySubnet.get(subnet.ref) ?? []);
    const routeTargets = this.targetsOf(table, instances.length > 0 || this.igwOnly);
    if (routeTargets.length === 0 && instances.length === 0) return;
    const tableId = this.add({
      id: `rt_${this.tableIndex.get(table) ?? 0}`,
      kind: "route-table",
      label: `route table ${shortName(table.address)}`,
      address: table.address,
      ...this.inVpc(),
    });
    for (const { subnet, index } of subnets) this.edges.push(associationEdge(this.subnetNode(subnet, index), tableId));
    for (const routeTarget of routeTargets) {
      this.edges.push(
        labelled(tableId, routeTarget.nodeId, "route", routeTarget.path, routeEdgeActions(this.rows, routeTarget.origin, instances)),
      );
      const target = this.targets.get(routeTarget.nodeId);
      for (const name of instances) target?.instances.add(name);
    }
  }

  /** Public subnets (default route to an internet gateway) not drawn yet, each holding its NAT gateways. */
  addPublicSubnets(): void {
    this.topology.subnets.forEach((subnet, index) => {
      if (!this.nodeIds.has(subnet.ref) && isPublic(this.topology, subnet)) this.publicSubnetNode(subnet, index);
    });
  }

  /** Last hops to every bucket: endpoint → bucket; NAT → internet gateway → bucket; internet gateway → bucket. */
  addDeliveries(): void {
    const buckets = this.bucketNodes();
    const drawn = new Set<string>();
    for (const { target } of this.targets.values()) {
      const deliveries = buckets.map((bucket) => ({ bucket, actions: grantsOf(bucket.rows, target.origin) }));
      const blocked = deliveries.every(({ actions }) => actions.allowed.length === 0 && actions.denied.length > 0);
      const last = target.path === "nat" ? this.egressOf(target, blocked) : target.nodeId;
      // NAT gateways share the internet gateway: one edge from it to each bucket is enough.
      if (drawn.has(`${last} ${target.origin}`)) continue;
      drawn.add(`${last} ${target.origin}`);
      for (const { bucket, actions } of deliveries) this.edges.push(labelled(last, bucket.id, "delivery", target.path, actions));
    }
  }

  /** Nodes in path order (VPC, instances first, buckets last), stable within a kind; a VPC with nothing drawn inside is left out. */
  orderedNodes(): DiagramNode[] {
    const parents = new Set(this.nodes.map((node) => node.parent));
    const drawn = this.nodes.filter((node) => node.kind !== "vpc" || parents.has(node.id));
    return KIND_ORDER.flatMap((kind) => drawn.filter((node) => node.kind === kind));
  }

  /** The route targets of one route table: its S3 endpoints (one per association), NAT gateways and, if asked, internet gateways. */
  private targetsOf(table: RouteTableModel, withInternetGateways: boolean): RouteTarget[] {
    const targets = new Map<string, RouteTarget>();
    const add = (target: RouteTarget | undefined): void =>
      void (target !== undefined && !targets.has(target.nodeId) && targets.set(target.nodeId, target));
    for (const endpoint of relationsOf(this.topology).endpointsOn(table.ref))
      add(this.endpointTarget(this.endpointIndexByRef.get(endpoint.ref) ?? -1));
    for (const route of table.routes) {
      if (route.targetKind === "endpoint") add(this.endpointTarget(this.endpointIndexByRef.get(route.target) ?? -1));
      else if (route.targetKind === "nat" && isDefaultRoute(route.destination)) add(this.natTarget(route.target));
      else if (route.targetKind === "igw" && withInternetGateways && isDefaultRoute(route.destination))
        add(this.target({ nodeId: this.internetGateway(route.target), path: "internet", origin: "internet" }));
    }
    return [...targets.values()];
  }

  /** An endpoint's node; its requests' rows are those whose origin is this endpoint (by address). */
  private endpointTarget(index: number): RouteTarget | undefined {
    const endpoint = this.topology.endpoints[index];
    if (endpoint === undefined) return undefined;
    const nodeId = this.add(
      { id: `vpce_${index}`, kind: "endpoint", label: `endpoint ${endpoint.name}`, address: endpoint.address, ...this.inVpc() },
      endpoint.ref,
    );
    return this.target({ nodeId, path: "private", origin: endpoint.address });
  }

  /** The NAT gateway node, inside its public subnet when the input says which. */
  private natTarget(ref: string): RouteTarget {
    const known = this.nodeIds.get(ref);
    if (known !== undefined) return this.target({ nodeId: known, path: "nat", origin: "nat" });
    const address = addressOfRef(ref);
    const subnet = natSubnet(this.topology, ref);
    const subnetIndex = subnet === undefined ? -1 : this.topology.subnets.indexOf(subnet);
    const parent = subnet === undefined ? undefined : (this.nodeIds.get(subnet.ref) ?? this.publicSubnetNode(subnet, subnetIndex));
    const holder = parent !== undefined && this.kindOf(parent) === "public-subnet" ? { parent } : this.inVpc();
    const nodeId = this.add(
      {
        id: `nat_${this.count("nat")}`,
        kind: "nat",
        label: `NAT gateway ${address === undefined ? "" : shortName(address)}`.trim(),
        ...(address === undefined ? {} : { address }),
        ...holder,
      },
      ref,
    );
    return this.target({ nodeId, path: "nat", origin: "nat" });
  }

  /** NAT → internet gateway (the gateway its public subnet routes to, else the VPC's only one); the hop itself when there is none. */
  private egressOf(nat: RouteTarget, blocked: boolean): string {
    const ref = [...this.nodeIds.entries()].find(([, id]) => id === nat.nodeId)?.[0];
    const subnet = ref === undefined ? undefined : natSubnet(this.topology, ref);
    const igw =
      (subnet === undefined ? undefined : internetGatewayOf(this.topology, subnet)) ??
      (this.topology.internetGatewayRefs.length === 1 ? this.topology.internetGatewayRefs[0] : undefined);
    if (igw === undefined) return nat.nodeId;
    const igwId = this.internetGateway(igw);
    this.edges.push({ from: nat.nodeId, to: igwId, kind: "egress", path: "nat", allowed: [], denied: [], blocked, label: "" });
    return igwId;
  }

  private internetGateway(ref: string): string {
    const address = addressOfRef(ref);
    return this.add(
      {
        id: `igw_${this.count("internet-gateway")}`,
        kind: "internet-gateway",
        label: "internet gateway",
        ...(address === undefined ? {} : { address }),
      },
      ref,
    );
  }

  private target(target: RouteTarget): RouteTarget {
    if (!this.targets.has(target.nodeId)) this.targets.set(target.nodeId, { target, instances: new Set() });
    return target;
  }

  /** The private subnet's node id, creating it and its instances' nodes on first use. */
  private subnetNode(subnet: SubnetModel, index: number): string {
    const known = this.nodeIds.get(subnet.ref);
    if (known !== undefined) return known;
    const id = this.add(
      { id: `subnet_${index}`, kind: "subnet", label: subnetLabel("subnet", subnet), address: subnet.address, ...this.inVpc() },
      subnet.ref,
    );
    for (const name of this.instancesBySubnet.get(subnet.ref) ?? []) {
      const instanceId = this.add({ id: `instance_${this.instanceCount++}`, kind: "instance", label: `instance ${name}`, ...this.inVpc() });
      this.edges.push(associationEdge(instanceId, id));
    }
    return id;
  }

  private publicSubnetNode(subnet: SubnetModel, index: number): string {
    return this.add(
      {
        id: `subnet_${index}`,
        kind: "public-subnet",
        label: subnetLabel("public subnet", subnet),
        address: subnet.address,
        ...this.inVpc(),
      },
      subnet.ref,
    );
  }

  /** The buckets the report's rows are about, each with its own rows; one `S3` node when the input has no bucket. */
  private bucketNodes(): { id: string; rows: RowIndex }[] {
    const { buckets } = this.topology;
    if (buckets.length === 0) return [{ id: this.add({ id: "s3", kind: "bucket", label: "S3" }), rows: this.rows }];
    const named = buckets.filter((bucket) => this.report.access.some((row) => aboutBucket(row, bucket)));
    return (named.length > 0 ? named : buckets).map((bucket, index) => ({
      id: this.add({ id: `bucket_${index}`, kind: "bucket", label: `bucket ${shortName(bucket.address)}`, address: bucket.address }),
      rows: named.length > 0 ? indexRows(this.report.access.filter((row) => aboutBucket(row, bucket))) : this.rows,
    }));
  }

  private inVpc(): { parent?: string } {
    return this.vpcId === undefined ? {} : { parent: this.vpcId };
  }

  private add(node: DiagramNode, key?: string): string {
    const existing = key === undefined ? undefined : this.nodeIds.get(key);
    if (existing !== undefined) return existing;
    this.nodes.push(node);
    if (key !== undefined) this.nodeIds.set(key, node.id);
    return node.id;
  }

  private kindOf(id: string): DiagramNodeKind | undefined {
    return this.nodes.find((node) => node.id === id)?.kind;
  }

  private count(kind: DiagramNodeKind): number {
    return this.nodes.filter((node) => node.kind === kind).length;
  }
}

function labelled(from: string, to: string, kind: "route" | "delivery", path: DiagramPath, actions: EdgeActions): DiagramEdge {
  const blocked = actions.allowed.length === 0 && actions.denied.length > 0;
  const text = blocked ? "denied" : actions.allowed.join(", ");
  return {
    from,
    to,
    kind,
    path,
    allowed: actions.allowed,
    denied: actions.denied,
    blocked,
    label: text === "" ? "" : `${actions.prefix}${text}`,
  };
}

function associationEdge(from: string, to: string): DiagramEdge {
  return { from, to, kind: "association", allowed: [], denied: [], blocked: false, label: "" };
}

/** Instance names by subnet ref. */
function groupInstances(topology: Topology): Map<string, string[]> {
  const bySubnet = new Map<string, string[]>();
  for (const instance of topology.instances) {
    if (instance.subnetRef === undefined) continue;
    bySubnet.set(instance.subnetRef, [...(bySubnet.get(instance.subnetRef) ?? []), instance.name]);
  }
  return bySubnet;
}

function subnetLabel(what: string, subnet: SubnetModel): string {
  return subnet.cidr === undefined || subnet.cidr.includes("${") ? `${what} ${subnet.label}` : `${what} ${subnet.label} ${subnet.cidr}`;
}

/** Nodes by the id of the node drawn around them (`""` for the top level), in diagram order; a parent that is not a node counts as none. */
export function nodesByParent(diagram: Diagram): Map<string, DiagramNode[]> {
  const ids = new Set(diagram.nodes.map((node) => node.id));
  const children = new Map<string, DiagramNode[]>();
  for (const node of diagram.nodes) {
    const parent = node.parent !== undefined && ids.has(node.parent) ? node.parent : "";
    const list = children.get(parent) ?? [];
    list.push(node);
    children.set(parent, list);
  }
  return children;
}

/** `aws_route_table.Network_app_Az0_RouteTable_99500EDE` → `Network_app_Az0_RouteTable` (the CDKTF hash dropped). */
export function shortName(address: string): string {
  const name = address.split(".").pop() ?? address;
  return name.replace(/_[0-9A-F]{8}$/, "");
}
