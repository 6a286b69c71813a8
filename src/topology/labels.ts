/**
 * The words a diagram shows for each node and edge, shared by the Mermaid and DOT renderers so the
 * two say the same thing: a node's name and what it is, an edge's operation and message types,
 * and the codes of its marks. Plain text lines; each renderer escapes them for its syntax.
 */
import type { TopologyEdge, TopologyNode } from './graph.js';

/** Shown before the codes of a node's or edge's marks. */
export const MARK_SIGN = '⚠';

function marks(item: { marks: ReadonlyArray<{ code: string }> }): string[] {
  const codes = [...new Set(item.marks.map((m) => m.code))].sort();
  return codes.length > 0 ? [`${MARK_SIGN} ${codes.join(' ')}`] : [];
}

/** An expression as a label shows it: on one line, and at most `MAX_EXPRESSION` characters. */
const MAX_EXPRESSION = 32;
function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').replace(/([([{]) | ([)\]}])/g, '$1$2');
  return flat.length > MAX_EXPRESSION ? `${flat.slice(0, MAX_EXPRESSION - 1)}…` : flat;
}

/** A node's lines: its name, what it is (and runs), its marks. */
export function nodeLines(node: TopologyNode): string[] {
  const base = node.path.split('/').pop()!;
  switch (node.kind) {
    case 'parent':
      return [node.name, `parent · ${base}:${node.line}`, ...marks(node)];
    case 'channel': {
      if (node.channel === 'unresolved') return [node.name, 'channel not resolved', ...marks(node)];
      const bound = node.channel === 'queue' || node.channel === 'joinable-queue' || node.channel === 'manager-queue' ? (node.maxsize ? ` maxsize=${clip(node.maxsize)}` : ' unbounded') : '';
      return [node.name, `${node.via}${bound} · ${base}:${node.line}`, ...marks(node)];
    }
    default: {
      const names = (node.runs ?? []).map((r) => r.split('.').pop()!).join(', ');
      const runs = names !== '' && names !== node.name ? ` · ${names}` : '';
      const where = node.kind === 'stage' ? 'stage (in the parent)' : node.kind;
      return [node.name, `${where}${runs}`, ...marks(node)];
    }
  }
}

/** An edge's label: `put dict, None (pill)`, `get dict · no timeout`, `terminate`, with its marks. */
export function edgeLabel(edge: TopologyEdge): string {
  const parts: string[] = [edge.kind];
  if (edge.messages && edge.messages.length > 0) parts.push(edge.messages.join(', '));
  if (edge.pill) parts.push('(pill)');
  if (edge.timeout === false && edge.from !== null && edge.to !== null) parts.push('· no timeout');
  return [...parts, ...marks(edge)].join(' ');
}
