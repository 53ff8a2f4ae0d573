/**
 * The review diagram model: subnets → route tables → NAT (old path) or endpoint (private path)
 * → bucket, with the actions allowed for the instances behind each edge. The topology comes
 * from a small hand-written Terraform JSON; the access report is hand-made, so that these tests
 * pin the diagram's own rules and not the analyzer's.
 */
import type { AccessReport, AccessRow } from "../../analysis/access/types";
import { buildDiagram, shortName, type Diagram, type DiagramEdge } from "../../analysis/diagram";
import { readTerraformJson } from "../../analysis/topology";

const BUCKET = "${aws_s3_bucket.scripts.arn}";

/** Two private tiers (app with instance web, ops without), one NAT, one endpoint per tier, a bucket. */
const TERRAFORM = {
  provider: { aws: [{ region: "us-east-1" }] },
  resource: {
    aws_vpc: { main: { cidr_block: "10.0.0.0/16" } },
    aws_subnet: {
      public: { vpc_id: "${aws_vpc.main.id}", cidr_block: "10.0.0.0/24", tags: { Tier: "public" } },
      app: { vpc_id: "${aws_vpc.main.id}", cidr_block: "10.0.1.0/24", tags: { Tier: "app" } },
      ops: { vpc_id: "${aws_vpc.main.id}", cidr_block: "10.0.2.0/24", tags: { Tier: "ops" } },
    },
    aws_internet_gateway: { main: { vpc_id: "${aws_vpc.main.id}" } },
    aws_nat_gateway: { main: { subnet_id: "${aws_subnet.public.id}", allocation_id: "eipalloc-1" } },
    aws_route_table: {
      public: { vpc_id: "${aws_vpc.main.id}", route: [{ cidr_block: "0.0.0.0/0", gateway_id: "${aws_internet_gateway.main.id}" }] },
      app: { vpc_id: "${aws_vpc.main.id}", route: [{ cidr_block: "0.0.0.0/0", nat_gateway_id: "${aws_nat_gateway.main.id}" }] },
      ops: { vpc_id: "${aws_vpc.main.id}", route: [{ cidr_block: "0.0.0.0/0", nat_gateway_id: "${aws_nat_gateway.main.id}" }] },
    },
    aws_route_table_association: {
      public: { subnet_id: "${aws_subnet.public.id}", route_table_id: "${aws_route_table.public.id}" },
      app: { subnet_id: "${aws_subnet.app.id}", route_table_id: "${aws_route_table.app.id}" },
      ops: { subnet_id: "${aws_subnet.ops.id}", route_table_id: "${aws_route_table.ops.id}" },
    },
    aws_vpc_endpoint: {
      readers: {
        vpc_id: "${aws_vpc.main.id}",
        service_name: "com.amazonaws.us-east-1.s3",
        route_table_ids: ["${aws_route_table.app.id}"],
        tags: { EndpointGroup: "readers" },
      },
      publishers: {
        vpc_id: "${aws_vpc.main.id}",
        service_name: "com.amazonaws.us-east-1.s3",
        route_table_ids: ["${aws_route_table.ops.id}"],
        tags: { EndpointGroup: "publishers" },
      },
    },
    aws_s3_bucket: { scripts: { bucket: "scripts-bkt" } },
    aws_instance: { web: { ami: "ami-1", instance_type: "t3.micro", subnet_id: "${aws_subnet.app.id}", tags: { Name: "web" } } },
  },
};

function row(
  origin: AccessRow["origin"],
  principal: AccessRow["principal"],
  action: string,
  decision: AccessRow["decision"],
  resource = `${BUCKET}/boot.sh`,
): AccessRow {
  const originAddress = origin.startsWith("endpoint:") ? { originAddress: `aws_vpc_endpoint.${origin.slice("endpoint:".length)}` } : {};
  return { origin, ...originAddress, principal, action, resource, decision, reason: { kind: "unknown", value: "test" }, because: "test" };
}

/** web reads through readers and is denied through the NAT; the insider reads through readers and writes through publishers. */
const ROWS: AccessRow[] = [
  row("endpoint:readers", "instance:web", "s3:GetObject", "Allow"),
  row("endpoint:readers", "instance:web", "s3:GetObject", "Allow", `${BUCKET}/second.sh`),
  row("endpoint:readers", "instance:web", "s3:PutObject", "ExplicitDeny"),
  row("nat", "instance:web", "s3:GetObject", "ExplicitDeny"),
  row("nat", "instance:web", "s3:PutObject", "ExplicitDeny"),
  row("endpoint:readers", "account-principal", "s3:GetObject", "Allow"),
  row("endpoint:readers", "account-principal", "s3:PutObject", "ExplicitDeny"),
  row("endpoint:publishers", "account-principal", "s3:GetObject", "Allow"),
  row("endpoint:publishers", "account-principal", "s3:PutObject", "Allow"),
  row("nat", "account-principal", "s3:GetObject", "ExplicitDeny"),
];

function diagramOf(terraform: object = TERRAFORM, rows: AccessRow[] = ROWS): Diagram {
  const topology = readTerraformJson(terraform, "diagram-test");
  const report: AccessReport = { stack: "diagram-test", access: rows, instances: [] };
  return buildDiagram(topology, report);
}

function edge(diagram: Diagram, fromLabel: string, toLabel: string): DiagramEdge {
  const id = (label: string): string => {
    const node = diagram.nodes.find((n) => n.label === label);
    if (node === undefined) throw new Error(`no node "${label}" in ${diagram.nodes.map((n) => n.label).join(", ")}`);
    return node.id;
  };
  const found = diagram.edges.find((e) => e.from === id(fromLabel) && e.to === id(toLabel));
  if (found === undefined) throw new Error(`no edge ${fromLabel} → ${toLabel}`);
  return found;
}

describe("buildDiagram", () => {
  test("draws instance → subnet → route table → endpoint → bucket for the private path", () => {
    // GIVEN the hand-written topology WHEN the diagram is built
    const diagram = diagramOf();
    // THEN the article's private path is there, hop by hop
    expect(edge(diagram, "instance web", "subnet app 10.0.1.0/24").kind).toBe("association");
    expect(edge(diagram, "subnet app 10.0.1.0/24", "route table app").kind).toBe("association");
    expect(edge(diagram, "route table app", "endpoint readers")).toMatchObject({ kind: "route", path: "private" });
    expect(edge(diagram, "endpoint readers", "bucket scripts")).toMatchObject({ kind: "delivery", path: "private" });
  });

  test("finds an endpoint's rows by the endpoint's address, not by its display name", () => {
    // GIVEN two endpoints shown with the same group name, readers' rows allowing reads and publishers' allowing writes
    const vpce = TERRAFORM.resource.aws_vpc_endpoint;
    const resource = {
      ...TERRAFORM.resource,
      aws_vpc_endpoint: { readers: vpce.readers, publishers: { ...vpce.publishers, tags: { EndpointGroup: "readers" } } },
    };
    const rows = ROWS.map((r) => (r.originAddress === "aws_vpc_endpoint.publishers" ? { ...r, origin: "endpoint:readers" as const } : r));
    // WHEN the diagram is built
    const diagram = diagramOf({ ...TERRAFORM, resource }, rows);
    // THEN each endpoint's edge into the bucket carries its own rows
    const into = (address: string): DiagramEdge | undefined =>
      diagram.edges.find((e) => e.kind === "delivery" && e.from === diagram.nodes.find((n) => n.address === address)?.id);
    expect(into("aws_vpc_endpoint.readers")?.label).toBe("any role: GetObject");
    expect(into("aws_vpc_endpoint.publishers")?.label).toBe("any role: GetObject, PutObject");
  });

  test("labels a route edge with the actions allowed for the instances behind it, named", () => {
    const diagram = diagramOf();
    expect(edge(diagram, "route table app", "endpoint readers")).toMatchObject({
      label: "web: GetObject",
      allowed: ["GetObject"],
      denied: ["PutObject"],
      blocked: false,
    });
  });

  test("labels the edge into the bucket with what the endpoint lets any role do, from the matrix", () => {
    // GIVEN web behind readers may only read, and publishers lets any role write
    const diagram = diagramOf();
    // THEN each endpoint's edge to the bucket shows that endpoint's own grants
    expect(edge(diagram, "endpoint readers", "bucket scripts").label).toBe("any role: GetObject");
    expect(edge(diagram, "endpoint publishers", "bucket scripts")).toMatchObject({
      label: "any role: GetObject, PutObject",
      allowed: ["GetObject", "PutObject"],
    });
  });

  test("shows a read-write endpoint's writes on its bucket edge even when the instance behind it only reads", () => {
    // GIVEN an instance behind publishers whose role reads only, and an insider who writes through publishers
    const resource = {
      ...TERRAFORM.resource,
      aws_instance: {
        ...TERRAFORM.resource.aws_instance,
        builder: { ami: "ami-1", instance_type: "t3.micro", subnet_id: "${aws_subnet.ops.id}", tags: { Name: "builder" } },
      },
    };
    const rows = [
      ...ROWS,
      row("endpoint:publishers", "instance:builder", "s3:GetObject", "Allow"),
      row("endpoint:publishers", "instance:builder", "s3:PutObject", "ImplicitDeny"),
    ];
    // WHEN the diagram is built
    const diagram = diagramOf({ ...TERRAFORM, resource }, rows);
    // THEN the route edge says what builder may do, and the bucket edge what the endpoint grants
    expect(edge(diagram, "route table ops", "endpoint publishers").label).toBe("builder: GetObject");
    expect(edge(diagram, "endpoint publishers", "bucket scripts").label).toBe("any role: GetObject, PutObject");
  });

  test("marks the NAT path blocked when every evaluated action is denied", () => {
    const diagram = diagramOf();
    expect(edge(diagram, "route table app", "NAT gateway main")).toMatchObject({ path: "nat", blocked: true, label: "web: denied" });
    expect(edge(diagram, "internet gateway", "bucket scripts")).toMatchObject({ path: "nat", blocked: true, label: "any role: denied" });
  });

  test("draws the old path as in the article: NAT gateway inside its public subnet, then the internet gateway, then the bucket", () => {
    const diagram = diagramOf();
    const nat = diagram.nodes.find((n) => n.kind === "nat");
    const publicSubnet = diagram.nodes.find((n) => n.id === nat?.parent);
    expect(publicSubnet).toMatchObject({ kind: "public-subnet", label: "public subnet public 10.0.0.0/24" });
    expect(edge(diagram, "NAT gateway main", "internet gateway")).toMatchObject({ kind: "egress", path: "nat" });
    expect(diagram.edges.some((e) => e.from === nat?.id && e.kind === "delivery")).toBe(false);
  });

  test("puts the VPC's nodes inside it, and the internet gateway and bucket outside", () => {
    const diagram = diagramOf();
    const vpc = diagram.nodes.find((n) => n.kind === "vpc");
    expect(vpc?.label).toBe("VPC 10.0.0.0/16");
    for (const kind of ["subnet", "route-table", "endpoint", "public-subnet", "instance"]) {
      for (const node of diagram.nodes.filter((n) => n.kind === kind)) expect(node.parent).toBe(vpc?.id);
    }
    for (const node of diagram.nodes.filter((n) => n.kind === "bucket" || n.kind === "internet-gateway"))
      expect(node.parent).toBeUndefined();
  });

  test("orders subnets by CIDR numerically, not as strings", () => {
    // GIVEN subnets 10.0.10.0/24 (first in the input) and 10.0.9.0/24, each with an endpoint route table
    const resource = JSON.parse(JSON.stringify(TERRAFORM.resource)) as typeof TERRAFORM.resource;
    resource.aws_subnet.app.cidr_block = "10.0.10.0/24";
    resource.aws_subnet.ops.cidr_block = "10.0.9.0/24";
    // WHEN the diagram is built
    const labels = diagramOf({ ...TERRAFORM, resource })
      .nodes.filter((n) => n.kind === "subnet")
      .map((n) => n.label);
    // THEN 10.0.9.0/24 comes before 10.0.10.0/24
    expect(labels).toEqual(["subnet ops 10.0.9.0/24", "subnet app 10.0.10.0/24"]);
  });

  test("falls back to the insider's actions, marked 'any role', where no instance is behind", () => {
    const diagram = diagramOf();
    expect(edge(diagram, "route table ops", "endpoint publishers").label).toBe("any role: GetObject, PutObject");
    expect(edge(diagram, "endpoint publishers", "bucket scripts").label).toBe("any role: GetObject, PutObject");
  });

  test("draws one route edge per route table → endpoint association", () => {
    const diagram = diagramOf();
    const toEndpoints = diagram.edges.filter((e) => e.kind === "route" && e.path === "private");
    expect(toEndpoints).toHaveLength(2);
  });

  test("leaves out the public route table when a NAT or endpoint exists and no instance sits there", () => {
    const diagram = diagramOf();
    expect(diagram.nodes.map((n) => n.label)).not.toContain("route table public");
    // The internet gateway is there only as the NAT gateway's way out.
    expect(diagram.edges.filter((e) => e.to === diagram.nodes.find((n) => n.kind === "internet-gateway")?.id).map((e) => e.kind)).toEqual([
      "egress",
    ]);
  });

  test("draws the internet gateway path when it is the only way to S3", () => {
    // GIVEN a VPC with neither NAT nor endpoint
    const resource = { ...TERRAFORM.resource, aws_nat_gateway: undefined, aws_vpc_endpoint: undefined };
    const terraform = { ...TERRAFORM, resource: JSON.parse(JSON.stringify(resource)) as object };
    // WHEN the diagram is built with no rows
    const diagram = diagramOf(terraform, []);
    // THEN the public route table leads to the internet gateway, then the bucket
    expect(edge(diagram, "route table public", "internet gateway")).toMatchObject({ path: "internet", label: "" });
    expect(edge(diagram, "internet gateway", "bucket scripts").kind).toBe("delivery");
  });

  test("leaves out a VPC with nothing on a path to S3 drawn inside it", () => {
    // GIVEN a VPC with neither route table nor subnet
    const terraform = {
      provider: TERRAFORM.provider,
      resource: { aws_vpc: TERRAFORM.resource.aws_vpc, aws_s3_bucket: TERRAFORM.resource.aws_s3_bucket },
    };
    // THEN no empty VPC box is drawn
    expect(diagramOf(terraform, []).nodes.map((n) => n.kind)).toEqual(["bucket"]);
  });

  test("uses one S3 node when the input has no bucket", () => {
    const resource = { ...TERRAFORM.resource, aws_s3_bucket: undefined };
    const diagram = diagramOf({ ...TERRAFORM, resource: JSON.parse(JSON.stringify(resource)) as object }, []);
    expect(diagram.nodes.filter((n) => n.kind === "bucket").map((n) => n.label)).toEqual(["S3"]);
  });

  test("orders nodes along the path and gives them identifier-safe ids", () => {
    const diagram = diagramOf();
    const kinds = diagram.nodes.map((n) => n.kind);
    expect(kinds[0]).toBe("vpc");
    expect(kinds.indexOf("instance")).toBeLessThan(kinds.indexOf("subnet"));
    expect(kinds.lastIndexOf("subnet")).toBeLessThan(kinds.indexOf("route-table"));
    expect(kinds[kinds.length - 1]).toBe("bucket");
    for (const node of diagram.nodes) expect(node.id).toMatch(/^[a-z0-9_]+$/);
  });
});

describe("shortName", () => {
  test("drops the type and the CDKTF hash suffix", () => {
    expect(shortName("aws_route_table.Network_app_Az0_RouteTable_99500EDE")).toBe("Network_app_Az0_RouteTable");
    expect(shortName("aws_s3_bucket.scripts")).toBe("scripts");
  });
});
