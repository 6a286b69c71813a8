/**
 * The topology as Graphviz DOT (`digraph`, left to right), for `dot -Tsvg` and for the SVG this
 * command renders itself. Ids and labels are DOT strings, quoted with `"` and `\` escaped (control
 * characters shown as escapes first); nodes
 * and edges with marks are drawn in red.
 */
import { escapeForTerminal } from '../report/escape.js';
import type { Topology } from './graph.js';
import { edgeLabel, nodeLines } from './labels.js';

/** A DOT quoted string: `"` and `\` escaped, line breaks as DOT's centred `\n`. */
export function dotString(text: string): string {
  const lines = text.split(/\r\n?|\n/).map((line) => escapeForTerminal(line).replace(/[\\"]/g, (c) => `\\${c}`));
  return `"${lines.join('\\n')}"`;
}

const SHAPES: Record<string, string> = { parent: 'box', process: 'box3d', thread: 'box3d', pool: 'box3d', stage: 'box', channel: 'cylinder', unresolved: 'hexagon' };
const MARKED = '#c62828';

export function renderDot(topology: Topology): string {
  const out = [
    'digraph topology {',
    '  rankdir=LR;',
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=10];',
  ];
  for (const node of topology.nodes) {
    const attrs = [`label=${dotString(nodeLines(node).join('\n'))}`, `shape=${SHAPES[node.channel === 'unresolved' ? 'unresolved' : node.kind]}`];
    if (node.kind === 'stage') attrs.push('style=rounded');
    if (node.marks.length > 0) attrs.push(`color="${MARKED}"`, 'penwidth=2');
    out.push(`  ${dotString(node.id)} [${attrs.join(', ')}];`);
  }
  let unknown = 0;
  const end = (id: string | null): string => {
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
    if (edge.from === null || edge.to === null) attrs.push('style=dashed');
    out.push(`  ${from} -> ${to} [${attrs.join(', ')}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
