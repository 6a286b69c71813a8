/**
 * The topology as a Mermaid `flowchart LR`, which GitHub draws inside Markdown. Node ids are the
 * graph's stable ids; every label is quoted, with the characters Mermaid reads inside quotes
 * (`"`, `#`, `<`, `>`, `|`, backticks, line breaks) written as entity codes, so a name such as
 * `self.q["frames"]` is shown as written and cannot end its label; control characters are shown
 * as escapes, as everywhere else in our output. Nodes and edges with marks are
 * drawn in red.
 */
import { escapeForTerminal } from '../report/escape.js';
import type { Topology } from './graph.js';
import { edgeLabel, nodeLines } from './labels.js';

const ENTITIES: Record<string, string> = { '#': '#35;', '"': '#quot;', '<': '#lt;', '>': '#gt;', '|': '#124;', '`': '#96;', '&': '#amp;' };

/** Text as a Mermaid quoted label: entity codes for what Mermaid would read, no raw line breaks. */
export function mermaidText(text: string): string {
  return escapeForTerminal(text.replace(/[\r\n\t]+/g, ' ')).replace(/[#"<>|`&]/g, (c) => ENTITIES[c]!);
}

const SHAPES: Record<string, [string, string]> = {
  parent: ['[', ']'],
  process: ['[[', ']]'],
  thread: ['[[', ']]'],
  pool: ['[[', ']]'],
  stage: ['(', ')'],
  channel: ['[(', ')]'],
  unresolved: ['{{', '}}'],
};

export function renderMermaid(topology: Topology): string {
  const out = ['flowchart LR'];
  const marked: string[] = [];
  for (const node of topology.nodes) {
    const [open, close] = SHAPES[node.channel === 'unresolved' ? 'unresolved' : node.kind]!;
    out.push(`  ${node.id}${open}"${nodeLines(node).map(mermaidText).join('<br/>')}"${close}`);
    if (node.marks.length > 0) marked.push(node.id);
  }
  let unknown = 0;
  const end = (id: string | null): string => {
    if (id !== null) return id;
    unknown++;
    out.push(`  unknown_${unknown}(("?"))`);
    return `unknown_${unknown}`;
  };
  const markedEdges: number[] = [];
  topology.edges.forEach((edge, i) => {
    const from = end(edge.from);
    const to = end(edge.to);
    out.push(`  ${from} -->|"${mermaidText(edgeLabel(edge))}"| ${to}`);
    if (edge.marks.length > 0) markedEdges.push(i);
  });
  out.push('  classDef marked stroke:#c62828,stroke-width:2px');
  if (marked.length > 0) out.push(`  class ${marked.join(',')} marked`);
  if (markedEdges.length > 0) out.push(`  linkStyle ${markedEdges.join(',')} stroke:#c62828,color:#c62828`);
  return `${out.join('\n')}\n`;
}
