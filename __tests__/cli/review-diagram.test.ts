/**
 * The diagram renderers (`--format dot`, `--format mermaid`): boxes around the VPC and each
 * public subnet holding a NAT gateway, the article's colors, and a legend.
 */
import type { Diagram } from "../../analysis/diagram";
import { renderDot } from "../../cli/review/dot";
import { renderMermaid } from "../../cli/review/mermaid";

/** A VPC with one private subnet behind an endpoint and a NAT gateway in a public subnet. */
const DIAGRAM: Diagram = {
  stack: "demo",
  nodes: [
    { id: "vpc_0", kind: "vpc", label: "VPC 10.0.0.0/16" },
    { id: "subnet_1", kind: "subnet", label: "subnet app 10.0.1.0/24", parent: "vpc_0" },
    { id: "rt_1", kind: "route-table", label: "route table app", parent: "vpc_0" },
    { id: "vpce_0", kind: "endpoint", label: "endpoint readers", parent: "vpc_0" },
    { id: "subnet_0", kind: "public-subnet", label: "public subnet public 10.0.0.0/24", parent: "vpc_0" },
    { id: "nat_0", kind: "nat", label: "NAT gateway main", parent: "subnet_0" },
    { id: "igw_0", kind: "internet-gateway", label: "internet gateway" },
    { id: "bucket_0", kind: "bucket", label: "bucket scripts" },
  ],
  edges: [
    { from: "subnet_1", to: "rt_1", kind: "association", allowed: [], denied: [], blocked: false, label: "" },
    {
      from: "rt_1",
      to: "vpce_0",
      kind: "route",
      path: "private",
      allowed: ["GetObject"],
      denied: [],
      blocked: false,
      label: "any role: GetObject",
    },
    { from: "rt_1", to: "nat_0", kind: "route", path: "nat", allowed: [], denied: ["GetObject"], blocked: true, label: "any role: denied" },
    { from: "nat_0", to: "igw_0", kind: "egress", path: "nat", allowed: [], denied: [], blocked: true, label: "" },
    {
      from: "vpce_0",
      to: "bucket_0",
      kind: "delivery",
      path: "private",
      allowed: ["GetObject"],
      denied: [],
      blocked: false,
      label: "any role: GetObject",
    },
    {
      from: "igw_0",
      to: "bucket_0",
      kind: "delivery",
      path: "nat",
      allowed: [],
      denied: ["GetObject"],
      blocked: true,
      label: "any role: denied",
    },
  ],
};

describe("renderDot", () => {
  const dot = renderDot([DIAGRAM]);

  test("draws the VPC and the NAT gateway's public subnet as boxes around their nodes", () => {
    expect(dot).toMatch(/subgraph cluster_s0_vpc_0 \{\n\s+label="VPC 10\.0\.0\.0\/16";/);
    expect(dot).toMatch(/subgraph cluster_s0_subnet_0 \{\n\s+label="public subnet public 10\.0\.0\.0\/24";[^}]*s0_nat_0 \[/);
  });

  test("colors the NAT path blue and the endpoint path red, dashed where denied", () => {
    expect(dot).toContain('s0_nat_0 -> s0_igw_0 [color="#1f77b4", fontcolor="#1f77b4", style=dashed];');
    expect(dot).toContain('s0_vpce_0 -> s0_bucket_0 [label="any role: GetObject", color="#d62728", fontcolor="#d62728"];');
  });

  test("has a legend for colors, dashes and labels", () => {
    expect(dot).toMatch(/legend \[shape=plaintext/);
    expect(dot).toContain("private path: S3 gateway endpoint");
    expect(dot).toContain("old path: NAT gateway, internet gateway");
    expect(dot).toContain("dashed: every evaluated action denied");
  });
});

describe("renderMermaid", () => {
  const mermaid = renderMermaid([DIAGRAM]);

  test("nests the public subnet inside the VPC, the NAT gateway inside the public subnet", () => {
    expect(mermaid).toMatch(
      new RegExp(
        String.raw`subgraph s0_vpc_0\["VPC 10\.0\.0\.0\/16"\]\n(?:.*\n)*?\s+subgraph s0_subnet_0\["public ` +
          String.raw`subnet public 10\.0\.0\.0\/24"\]\n\s+s0_nat_0\{\{"NAT gateway main"\}\}\n\s+end`,
      ),
    );
  });

  test("has a legend", () => {
    expect(mermaid).toMatch(/legend\["legend: red = private path through the S3 gateway endpoint/);
  });
});
