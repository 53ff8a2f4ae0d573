/**
 * `--format dot`: the diagram as a Graphviz digraph, one cluster per stack (render with
 * `dot -Tsvg`). Endpoint paths are red (the article's private path), NAT paths blue (the old
 * path); a blocked edge is dashed.
 */
import type { Diagram, DiagramEdge, DiagramNode } from "../../analysis/diagram";

const COLORS = { private: "#d62728", nat: "#1f77b4", internet: "#7f7f7f" } as const;

const SHAPES: Readonly<Record<DiagramNode["kind"], string>> = {
  instance: "box3d",
  subnet: "box",
  "route-table": "parallelogram",
  nat: "hexagon",
  "internet-gateway": "hexagon",
  endpoint: "ellipse",
  bucket: "cylinder",
};

/** Renders one digraph holding every stack's diagram. */
export function renderDot(diagrams: readonly Diagram[]): string {
  const lines = [
    "digraph review {",
    "  rankdir=LR;",
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  diagrams.forEach((diagram, stackIndex) => {
    const prefix = `s${stackIndex}_`;
    lines.push(`  subgraph cluster_${stackIndex} {`);
    lines.push(`    label=${quote(`stack ${diagram.stack}`)};`);
    for (const node of diagram.nodes) lines.push(`    ${prefix}${node.id} [label=${quote(node.label)}, shape=${SHAPES[node.kind]}];`);
    for (const edge of diagram.edges) lines.push(`    ${prefix}${edge.from} -> ${prefix}${edge.to}${attributes(edge)};`);
    lines.push("  }");
  });
  lines.push("}");
  return `${lines.join("\n")}\n`;
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
