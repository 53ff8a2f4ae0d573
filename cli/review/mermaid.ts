/**
 * `--format mermaid`: the diagram as a mermaid flowchart, one subgraph per stack, the VPC and
 * each public subnet holding a NAT gateway as nested subgraphs, and a legend. The same renderer
 * feeds the ```mermaid block of the markdown format.
 *
 * Route and delivery edges through an endpoint are red (the article's private path), through the
 * NAT blue (the old path); a blocked edge is dashed.
 */
import { nodesByParent, type Diagram, type DiagramEdge, type DiagramNode } from "../../analysis/diagram";

const COLORS = { private: "#d62728", nat: "#1f77b4", internet: "#7f7f7f" } as const;

const LEGEND =
  "legend: red = private path through the S3 gateway endpoint · blue = old path through the NAT gateway and internet gateway · " +
  "dashed = every evaluated action denied · edge into a route target = what the instances " +
  "behind may do · edge into the bucket = what any role of the account may do";

/** Renders one flowchart holding every stack's diagram. */
export function renderMermaid(diagrams: readonly Diagram[]): string {
  const lines = ["flowchart LR"];
  const styles: string[] = [];
  let edgeIndex = 0;
  diagrams.forEach((diagram, stackIndex) => {
    const prefix = `s${stackIndex}_`;
    lines.push(`  subgraph ${prefix}stack["${escapeLabel(`stack ${diagram.stack}`)}"]`);
    lines.push("    direction LR");
    const children = nodesByParent(diagram);
    const emit = (node: DiagramNode, indent: string): void => {
      const inside = children.get(node.id) ?? [];
      if (inside.length === 0) {
        lines.push(`${indent}${prefix}${node.id}${shape(node)}`);
        return;
      }
      lines.push(`${indent}subgraph ${prefix}${node.id}["${escapeLabel(node.label)}"]`);
      for (const child of inside) emit(child, `${indent}  `);
      lines.push(`${indent}end`);
    };
    for (const node of children.get("") ?? []) emit(node, "    ");
    for (const edge of diagram.edges) {
      lines.push(`    ${prefix}${edge.from} ${arrow(edge)} ${prefix}${edge.to}`);
      if (edge.path !== undefined)
        styles.push(`  linkStyle ${edgeIndex} stroke:${COLORS[edge.path]}${edge.blocked ? ",stroke-dasharray:5 5" : ""}`);
      edgeIndex++;
    }
    lines.push("  end");
  });
  lines.push(`  legend["${escapeLabel(LEGEND)}"]`);
  return `${[...lines, ...styles].join("\n")}\n`;
}

function shape(node: DiagramNode): string {
  const label = `"${escapeLabel(node.label)}"`;
  switch (node.kind) {
    case "instance":
      return `(${label})`;
    case "vpc":
    case "subnet":
    case "public-subnet":
      return `[${label}]`;
    case "route-table":
      return `[/${label}/]`;
    case "nat":
    case "internet-gateway":
      return `{{${label}}}`;
    case "endpoint":
      return `([${label}])`;
    case "bucket":
      return `[(${label})]`;
  }
}

function arrow(edge: DiagramEdge): string {
  const line = edge.blocked ? "-.->" : "-->";
  return edge.label === "" ? line : `${line}|"${escapeLabel(edge.label)}"|`;
}

/** Mermaid labels are quoted; quotes and angle brackets become entity codes. */
function escapeLabel(text: string): string {
  return text.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}
