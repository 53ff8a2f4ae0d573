/**
 * `--format dot`: the diagram as a Graphviz digraph, one cluster per stack (render with
 * `dot -Tpng` or `dot -Tsvg`). As in the article, the S3 gateway endpoint path is red (private)
 * and the NAT gateway path blue (the old path); the VPC and each public subnet holding a NAT
 * gateway are boxes around their nodes; a blocked edge is dashed; a legend says so.
 */
import { nodesByParent, type Diagram, type DiagramEdge, type DiagramNode } from "../../analysis/diagram";

const COLORS = { private: "#d62728", nat: "#1f77b4", internet: "#7f7f7f" } as const;

const SHAPES: Readonly<Record<DiagramNode["kind"], string>> = {
  vpc: "box",
  instance: "box3d",
  subnet: "box",
  "public-subnet": "box",
  "route-table": "parallelogram",
  nat: "hexagon",
  "internet-gateway": "hexagon",
  endpoint: "ellipse",
  bucket: "cylinder",
};

/** Box styles of nodes drawn around others. */
const CLUSTER_STYLE: Partial<Readonly<Record<DiagramNode["kind"], string>>> = {
  vpc: 'style="rounded"; color="#555555"',
  "public-subnet": 'style="filled,rounded"; fillcolor="#eef5e9"; color="#6b8e23"',
};

/** Renders one digraph holding every stack's diagram, and the legend. */
export function renderDot(diagrams: readonly Diagram[]): string {
  // A low mclimit keeps dot's node order close to ours (subnets in CIDR order) instead of reshuffling ranks.
  const lines = [
    "digraph review {",
    "  rankdir=LR;",
    "  mclimit=0.01;",
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  diagrams.forEach((diagram, stackIndex) => {
    const prefix = `s${stackIndex}_`;
    lines.push(`  subgraph cluster_${stackIndex} {`, `    label=${quote(`stack ${diagram.stack}`)};`);
    const children = nodesByParent(diagram);
    const emit = (node: DiagramNode, indent: string): void => {
      const inside = children.get(node.id) ?? [];
      if (inside.length === 0) {
        const style = node.kind === "public-subnet" ? `, style="filled,rounded", fillcolor="#eef5e9", color="#6b8e23"` : "";
        lines.push(`${indent}${prefix}${node.id} [label=${quote(node.label)}, shape=${SHAPES[node.kind]}${style}];`);
        return;
      }
      lines.push(
        `${indent}subgraph cluster_${prefix}${node.id} {`,
        `${indent}  label=${quote(node.label)};`,
        `${indent}  ${CLUSTER_STYLE[node.kind] ?? 'style="rounded"'};`,
      );
      for (const child of inside) emit(child, `${indent}  `);
      lines.push(...stacked(inside, children, prefix, `${indent}  `), `${indent}}`);
    };
    for (const node of children.get("") ?? []) emit(node, "    ");
    lines.push(...stacked(children.get("") ?? [], children, prefix, "    "), ...besideNat(diagram, children, prefix));
    for (const edge of diagram.edges) lines.push(`    ${prefix}${edge.from} -> ${prefix}${edge.to}${attributes(edge)};`);
    lines.push("  }");
  });
  lines.push(...legend(), "}");
  return `${lines.join("\n")}\n`;
}

/**
 * Keeps sibling subnets in diagram (CIDR) order, top to bottom: one rank, chained by invisible
 * edges; under `rankdir=LR` a rank's order runs bottom to top, so the chain runs backwards.
 */
function stacked(
  nodes: readonly DiagramNode[],
  children: ReadonlyMap<string, readonly DiagramNode[]>,
  prefix: string,
  indent: string,
): string[] {
  const drawnAsNode = (node: DiagramNode): boolean => (children.get(node.id) ?? []).length === 0;
  return (["subnet", "public-subnet"] as const).flatMap((kind) => {
    const subnets = nodes.filter((node) => node.kind === kind && drawnAsNode(node));
    return subnets.length < 2
      ? []
      : [
          `${indent}{ rank=same; ${subnets
            .map((node) => `${prefix}${node.id}`)
            .reverse()
            .join(" -> ")} [style=invis]; }`,
        ];
  });
}

/** Draws a public subnet without a NAT gateway in the NAT gateways' column (an invisible edge from a route table). */
function besideNat(diagram: Diagram, children: ReadonlyMap<string, readonly DiagramNode[]>, prefix: string): string[] {
  const table = diagram.nodes.find((node) => node.kind === "route-table");
  if (table === undefined) return [];
  return diagram.nodes
    .filter((node) => node.kind === "public-subnet" && (children.get(node.id) ?? []).length === 0)
    .map((node) => `    ${prefix}${table.id} -> ${prefix}${node.id} [style=invis];`);
}

/** One node explaining colors, dashes and labels. */
function legend(): string[] {
  const row = (color: string, text: string): string => `<tr><td align="left"><font color="${color}">${text}</font></td></tr>`;
  const rows = [
    row(COLORS.private, "━━▶ private path: S3 gateway endpoint"),
    row(COLORS.nat, "━━▶ old path: NAT gateway, internet gateway"),
    row(COLORS.internet, "━━▶ internet gateway route"),
    row("#000000", "╍╍▶ dashed: every evaluated action denied"),
    row("#000000", "into a route target: what the instances behind may do"),
    row("#000000", "into the bucket: what any role of the account may do"),
  ];
  return [
    "  legend [shape=plaintext, fontsize=10, label=<",
    '    <table border="1" cellborder="0" cellspacing="2" color="#999999"><tr><td><b>legend</b></td></tr>',
    ...rows.map((r) => `    ${r}`),
    "    </table>>];",
  ];
}

function attributes(edge: DiagramEdge): string {
  const attrs: string[] = [];
  if (edge.label !== "") attrs.push(`label=${quote(edge.label)}`);
  if (edge.path !== undefined) attrs.push(`color=${quote(COLORS[edge.path])}`, `fontcolor=${quote(COLORS[edge.path])}`);
  if (edge.blocked) attrs.push("style=dashed");
  return attrs.length === 0 ? "" : ` [${attrs.join(", ")}]`;
}

/** A dot double-quoted string. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}
