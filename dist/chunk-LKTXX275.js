import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  edgeLabel,
  nodeLines
} from "./chunk-POD25EKF.js";
import {
  escapeForTerminal
} from "./chunk-5IP3NNJX.js";

// src/topology/dot.ts
function dotString(text) {
  const lines = text.split(/\r\n?|\n/).map((line) => escapeForTerminal(line).replace(/[\\"]/g, (c) => `\\${c}`));
  return `"${lines.join("\\n")}"`;
}
var SHAPES = { parent: "box", process: "box3d", thread: "box3d", pool: "box3d", stage: "box", channel: "cylinder", unresolved: "hexagon" };
var MARKED = "#c62828";
function renderDot(topology) {
  const out = [
    "digraph topology {",
    "  rankdir=LR;",
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=10];'
  ];
  for (const node of topology.nodes) {
    const attrs = [`label=${dotString(nodeLines(node).join("\n"))}`, `shape=${SHAPES[node.channel === "unresolved" ? "unresolved" : node.kind]}`];
    if (node.kind === "stage") attrs.push("style=rounded");
    if (node.marks.length > 0) attrs.push(`color="${MARKED}"`, "penwidth=2");
    out.push(`  ${dotString(node.id)} [${attrs.join(", ")}];`);
  }
  let unknown = 0;
  const end = (id) => {
    if (id !== null) return dotString(id);
    unknown++;
    out.push(`  "unknown_${unknown}" [label="?", shape=circle];`);
    return `"unknown_${unknown}"`;
  };
  for (const edge of topology.edges) {
    const from = end(edge.from);
    const to = end(edge.to);
    const attrs = [`label=${dotString(edgeLabel(edge))}`];
    if (edge.marks.length > 0) attrs.push(`color="${MARKED}"`, `fontcolor="${MARKED}"`);
    if (edge.from === null || edge.to === null) attrs.push("style=dashed");
    out.push(`  ${from} -> ${to} [${attrs.join(", ")}];`);
  }
  out.push("}");
  return `${out.join("\n")}
`;
}

export {
  renderDot
};
