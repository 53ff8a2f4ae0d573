/**
 * The review diagram, like the article's: (instances →) subnets → route tables → NAT gateway
 * (the old path) or S3 gateway endpoint (the private path) → bucket. Pure: a topology and its access report in,
 * a graph model out; `cli/review/mermaid.ts` and `cli/review/dot.ts` render the same model.
 *
 * Each route and delivery edge carries the S3 actions allowed on it for the instances behind it
 * (instances in the subnets of the route tables that lead to it), from the access report's rows
 * for that origin. Where no instance is behind an edge, the label is the worst-case insider's
 * (`account-principal`), prefixed `any role:`. An edge whose principals are denied everything
 * that was evaluated is marked `denied` (drawn dashed).
 */
import type { AccessReport, AccessRow, Origin } from "./access/types";
import type { BucketModel, RouteTableModel, Topology } from "./topology/model";

/** What a node stands for. */
export type DiagramNodeKind = "instance" | "subnet" | "route-table" | "nat" | "endpoint" | "internet-gateway" | "bucket";

/** A node; `id` is safe as a mermaid and dot identifier. */
export interface DiagramNode {
  readonly id: string;
  readonly kind: DiagramNodeKind;
  readonly label: string;
  /** Terraform address, when the node is one resource. */
  readonly address?: string;
}

/** Which path an edge belongs to: the article's red (private) or blue (NAT) line, or an internet gateway. */
export type DiagramPath = "private" | "nat" | "internet";

/** An edge. Association edges (subnet → route table) carry no actions. */
export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  /** `association`: instance → subnet and subnet → route table; `route`: route table → target; `delivery`: target → bucket. */
  readonly kind: "association" | "route" | "delivery";
  /** Set on route and delivery edges. */
  readonly path?: DiagramPath;
  /** Allowed S3 actions, short names (`GetObject`), in report order. */
  readonly allowed: readonly string[];
  /** Evaluated S3 actions that are not allowed. */
  readonly denied: readonly string[];
  /** True when actions were evaluated on this edge and none is allowed: drawn dashed. */
  readonly blocked: boolean;
  /** The edge text: `GetObject, PutObject`, `denied`, `any role: ...`, or empty. */
  readonly label: string;
}

/** The graph of one stack. */
export interface Diagram {
  readonly stack: string;
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
}

interface Hop {
  readonly nodeId: string;
  readonly path: DiagramPath;
  readonly origin: Origin;
}

/**
 * Builds the diagram of one stack. Linear in the size of the topology and the report.
 *
 * Route tables that lead nowhere near S3 are left out: a route table is drawn when instances sit
 * behind it or it routes to an S3 endpoint or a NAT gateway. Internet gateway paths are drawn for
 * route tables with instances, or for every route table when the VPC has neither NAT gateway nor
 * S3 endpoint (then the internet gateway is the only way to S3).
 */
export function buildDiagram(topology: Topology, report: AccessReport): Diagram {
  const builder = new DiagramBuilder(topology, report);
  topology.routeTables.forEach((table, index) => builder.addRouteTable(table, index));
  builder.addDeliveries();
  return { stack: report.stack, nodes: byKind(builder.nodes), edges: builder.edges };
}

/** Accumulates nodes and edges; each node is created once, on first use. */
class DiagramBuilder {
  readonly nodes: DiagramNode[] = [];
  readonly edges: DiagramEdge[] = [];
  private readonly rows: RowIndex;
  private readonly targets: TargetNodes;
  private readonly instancesBySubnet: ReadonlyMap<string, readonly string[]>;
  private readonly subnetIndex: ReadonlyMap<string, number>;
  private readonly subnetIds = new Map<string, string>();
  /** Target node id → names of the instances behind it. */
  private readonly behind = new Map<string, Set<string>>();
  private readonly igwOnly: boolean;
  private instanceCount = 0;

  constructor(
    private readonly topology: Topology,
    private readonly report: AccessReport,
  ) {
    this.rows = indexRows(report.access);
    this.targets = new TargetNodes(topology, this.nodes);
    this.instancesBySubnet = groupInstances(topology);
    this.subnetIndex = new Map(topology.subnets.map((subnet, index) => [subnet.ref, index]));
    this.igwOnly = topology.natGatewayRefs.length === 0 && topology.endpoints.length === 0;
  }

  /** A route table with its subnets (and their instances) and its route edges, unless it leads nowhere near S3. */
  addRouteTable(table: RouteTableModel, index: number): void {
    const instances = table.subnetRefs.flatMap((ref) => this.instancesBySubnet.get(ref) ?? []);
    const hops = this.targets.hopsOf(table, instances.length > 0 || this.igwOnly);
    if (hops.length === 0 && instances.length === 0) return;
    const tableId = `rt_${index}`;
    this.nodes.push({ id: tableId, kind: "route-table", label: `route table ${shortName(table.address)}`, address: table.address });
    for (const subnetRef of table.subnetRefs) {
      const subnetId = this.subnetNode(subnetRef);
      if (subnetId !== undefined) this.edges.push(associationEdge(subnetId, tableId));
    }
    for (const hop of hops) {
      this.edges.push(labelled(tableId, hop.nodeId, "route", hop.path, actionsFor(this.rows, hop.origin, instances)));
      const set = this.behind.get(hop.nodeId) ?? new Set<string>();
      instances.forEach((name) => set.add(name));
      this.behind.set(hop.nodeId, set);
    }
  }

  /** Edges from every reached target to every bucket, labelled with the bucket's own rows. */
  addDeliveries(): void {
    const buckets = bucketNodes(this.topology, this.report, this.nodes).map(({ id, model }) => ({
      id,
      rows: model === undefined ? this.rows : indexRows(this.report.access.filter((row) => aboutBucket(row, model))),
    }));
    for (const target of this.targets.used()) {
      const instances = [...(this.behind.get(target.nodeId) ?? [])];
      for (const bucket of buckets) {
        this.edges.push(labelled(target.nodeId, bucket.id, "delivery", target.path, actionsFor(bucket.rows, target.origin, instances)));
      }
    }
  }

  /** The subnet's node id, creating it and its instances' nodes on first use. */
  private subnetNode(ref: string): string | undefined {
    const known = this.subnetIds.get(ref);
    if (known !== undefined) return known;
    const index = this.subnetIndex.get(ref);
    const subnet = index === undefined ? undefined : this.topology.subnets[index];
    if (subnet === undefined) return undefined;
    const id = `subnet_${index}`;
    this.subnetIds.set(ref, id);
    this.nodes.push({ id, kind: "subnet", label: subnetLabel(subnet.label, subnet.cidr), address: subnet.address });
    for (const name of this.instancesBySubnet.get(ref) ?? []) {
      const instanceId = `instance_${this.instanceCount++}`;
      this.nodes.push({ id: instanceId, kind: "instance", label: `instance ${name}` });
      this.edges.push(associationEdge(instanceId, id));
    }
    return id;
  }
}

const KIND_ORDER: readonly DiagramNodeKind[] = ["instance", "subnet", "route-table", "endpoint", "nat", "internet-gateway", "bucket"];

/** Nodes in path order (instances first, buckets last), stable within a kind. */
function byKind(nodes: readonly DiagramNode[]): DiagramNode[] {
  return KIND_ORDER.flatMap((kind) => nodes.filter((node) => node.kind === kind));
}

/** Route targets (NAT, endpoint, internet gateway) as nodes, created on first use, in first-use order. */
class TargetNodes {
  private readonly byKey = new Map<string, Hop>();
  private readonly order: Hop[] = [];
  private readonly endpointsByTable = new Map<string, { index: number; name: string; address: string }[]>();
  private readonly endpointIndexByRef = new Map<string, number>();
  private natCount = 0;
  private igwCount = 0;

  constructor(
    private readonly topology: Topology,
    private readonly nodes: DiagramNode[],
  ) {
    topology.endpoints.forEach((endpoint, index) => {
      this.endpointIndexByRef.set(endpoint.ref, index);
      for (const ref of endpoint.routeTableRefs) {
        const list = this.endpointsByTable.get(ref) ?? [];
        list.push({ index, name: endpoint.name, address: endpoint.address });
        this.endpointsByTable.set(ref, list);
      }
    });
  }

  /** The hops of one route table: its S3 endpoints (one per association), NAT gateways and, if asked, internet gateways. */
  hopsOf(table: RouteTableModel, withInternetGateways: boolean): Hop[] {
    const hops: Hop[] = [];
    const seen = new Set<string>();
    const add = (hop: Hop): void => {
      if (seen.has(hop.nodeId)) return;
      seen.add(hop.nodeId);
      hops.push(hop);
    };
    for (const endpoint of this.endpointsByTable.get(table.ref) ?? []) add(this.endpoint(endpoint.index, endpoint.name, endpoint.address));
    for (const route of table.routes) {
      if (route.targetKind === "endpoint") {
        const index = this.endpointIndexByRef.get(route.target);
        const endpoint = index === undefined ? undefined : this.topology.endpoints[index];
        if (index !== undefined && endpoint !== undefined) add(this.endpoint(index, endpoint.name, endpoint.address));
      } else if (route.targetKind === "nat" && isDefaultRoute(route.destination)) {
        add(this.gateway("nat", route.target));
      } else if (route.targetKind === "igw" && withInternetGateways && isDefaultRoute(route.destination)) {
        add(this.gateway("internet-gateway", route.target));
      }
    }
    return hops;
  }

  /** Targets in the order they were first reached. */
  used(): readonly Hop[] {
    return this.order;
  }

  private endpoint(index: number, name: string, address: string): Hop {
    return this.node(`vpce_${index}`, { kind: "endpoint", label: `endpoint ${name}`, address }, "private", `endpoint:${name}`);
  }

  private gateway(kind: "nat" | "internet-gateway", target: string): Hop {
    const address = addressOfRef(target);
    const key = `${kind}:${target}`;
    const existing = this.byKey.get(key);
    if (existing !== undefined) return existing;
    const count = kind === "nat" ? this.natCount++ : this.igwCount++;
    const label = kind === "nat" ? `NAT gateway ${address === undefined ? "" : shortName(address)}`.trim() : "internet gateway";
    const id = kind === "nat" ? `nat_${count}` : `igw_${count}`;
    const via = kind === "nat" ? "nat" : "internet";
    return this.node(id, { kind, label, ...(address === undefined ? {} : { address }) }, via, via, key);
  }

  private node(id: string, node: Omit<DiagramNode, "id">, path: DiagramPath, origin: Origin, key = id): Hop {
    const existing = this.byKey.get(key);
    if (existing !== undefined) return existing;
    const hop = { nodeId: id, path, origin };
    this.byKey.set(key, hop);
    this.order.push(hop);
    this.nodes.push({ id, ...node });
    return hop;
  }
}

interface BucketNode {
  readonly id: string;
  readonly model?: BucketModel;
}

/**
 * The buckets the report's rows are about, each with its own rows; when no row names a bucket
 * of the input, every bucket with all the rows; one `S3` node when the input has no bucket.
 */
function bucketNodes(topology: Topology, report: AccessReport, nodes: DiagramNode[]): BucketNode[] {
  const named = topology.buckets.filter((bucket) => report.access.some((row) => aboutBucket(row, bucket)));
  if (topology.buckets.length === 0) {
    nodes.push({ id: "s3", kind: "bucket", label: "S3" });
    return [{ id: "s3" }];
  }
  const chosen = named.length > 0 ? named : topology.buckets;
  return chosen.map((bucket, index) => {
    const id = `bucket_${index}`;
    nodes.push({ id, kind: "bucket", label: `bucket ${shortName(bucket.address)}`, address: bucket.address });
    return named.length > 0 ? { id, model: bucket } : { id };
  });
}

/** True when the row's resource is the bucket or one of its objects, by ARN ref, literal ARN or name. */
function aboutBucket(row: AccessRow, bucket: BucketModel): boolean {
  const forms = [bucket.arnRef, `\${${bucket.address}.arn}`, bucket.nameRef];
  return forms.some((form) => row.resource === form || row.resource.startsWith(`${form}/`));
}

/** Rows by origin, then principal, then action: decisions in report order. */
type RowIndex = Map<string, Map<string, Map<string, AccessRow["decision"][]>>>;

function indexRows(rows: readonly AccessRow[]): RowIndex {
  const index: RowIndex = new Map();
  for (const row of rows) {
    const byPrincipal = index.get(row.origin) ?? new Map<string, Map<string, AccessRow["decision"][]>>();
    index.set(row.origin, byPrincipal);
    const byAction = byPrincipal.get(row.principal) ?? new Map<string, AccessRow["decision"][]>();
    byPrincipal.set(row.principal, byAction);
    const decisions = byAction.get(row.action) ?? [];
    decisions.push(row.decision);
    byAction.set(row.action, decisions);
  }
  return index;
}

interface EdgeActions {
  readonly allowed: string[];
  readonly denied: string[];
  readonly prefix: string;
}

/**
 * The actions allowed through `origin` for the named instances: an action counts as allowed for
 * an instance when every row for it (each script object) is Allow, and for the edge when it is
 * allowed for at least one instance behind it. Without instances, the insider's rows stand in.
 */
function actionsFor(rows: RowIndex, origin: Origin, instances: readonly string[]): EdgeActions {
  const byPrincipal = rows.get(origin);
  if (byPrincipal === undefined) return { allowed: [], denied: [], prefix: "" };
  const principals = instances.length > 0 ? instances.map((name) => `instance:${name}`) : ["account-principal"];
  const allowed: string[] = [];
  const evaluated: string[] = [];
  for (const principal of principals) {
    for (const [action, decisions] of byPrincipal.get(principal) ?? []) {
      if (!evaluated.includes(action)) evaluated.push(action);
      if (decisions.every((decision) => decision === "Allow") && !allowed.includes(action)) allowed.push(action);
    }
  }
  const order = (list: string[]): string[] => evaluated.filter((action) => list.includes(action)).map(shortAction);
  return {
    allowed: order(allowed),
    denied: order(evaluated.filter((action) => !allowed.includes(action))),
    prefix: instances.length === 0 && evaluated.length > 0 ? "any role: " : "",
  };
}

function labelled(from: string, to: string, kind: "route" | "delivery", path: DiagramPath, actions: EdgeActions): DiagramEdge {
  const blocked = actions.allowed.length === 0 && actions.denied.length > 0;
  const text = blocked ? "denied" : actions.allowed.join(", ");
  return { from, to, kind, path, allowed: actions.allowed, denied: actions.denied, blocked, label: text === "" ? "" : `${actions.prefix}${text}` };
}

function associationEdge(from: string, to: string): DiagramEdge {
  return { from, to, kind: "association", allowed: [], denied: [], blocked: false, label: "" };
}

/** Instance names by subnet ref. */
function groupInstances(topology: Topology): Map<string, string[]> {
  const bySubnet = new Map<string, string[]>();
  for (const instance of topology.instances) {
    if (instance.subnetRef === undefined) continue;
    const names = bySubnet.get(instance.subnetRef) ?? [];
    names.push(instance.name);
    bySubnet.set(instance.subnetRef, names);
  }
  return bySubnet;
}

function isDefaultRoute(destination: string): boolean {
  return destination === "0.0.0.0/0" || destination === "::/0";
}

/** `s3:GetObject` → `GetObject`. */
function shortAction(action: string): string {
  return action.replace(/^s3:/i, "");
}

function subnetLabel(label: string, cidr: string | undefined): string {
  return cidr === undefined || cidr.includes("${") ? `subnet ${label}` : `subnet ${label} ${cidr}`;
}

/** `aws_route_table.Network_app_Az0_RouteTable_99500EDE` → `Network_app_Az0_RouteTable` (the CDKTF hash dropped). */
export function shortName(address: string): string {
  const name = address.split(".").pop() ?? address;
  return name.replace(/_[0-9A-F]{8}$/, "");
}

/** `${aws_nat_gateway.x.id}` → `aws_nat_gateway.x`. */
function addressOfRef(ref: string): string | undefined {
  const match = /^\$\{((?:data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)(?:\[[^\]]*\])?\.[A-Za-z_]+\}$/.exec(ref);
  return match?.[1];
}
