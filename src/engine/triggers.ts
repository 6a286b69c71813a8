/**
 * Text triggers (`RuleDefinition.textTriggers`): a rule that needs only the nodes of a type whose
 * text holds a pattern (strings with `://`) gets them from the matches in the source, instead of
 * the engine capturing every node of that type. Walks down from the root to each match, so the
 * cost is the depth of the match, never the depth squared (no `parent` calls).
 */
import type { Node } from 'web-tree-sitter';
import type { Capture } from './traverse.js';

const globalForms = new WeakMap<RegExp, RegExp>();

/** Start offsets of the (non-empty) matches of `pattern` in `text`, ascending. */
export function matchStarts(text: string, pattern: RegExp): number[] {
  let global = globalForms.get(pattern);
  if (!global) globalForms.set(pattern, (global = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '') + 'g')));
  const out: number[] = [];
  for (const m of text.matchAll(global)) if (m[0].length > 0) out.push(m.index);
  return out;
}

/** True when some offset of the ascending `starts` lies in [start, end). */
export function containsMatch(starts: readonly number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < starts.length && starts[lo]! < end;
}

/** Every node of `type` that contains one of the offsets, as captures in document order (outer first). */
export function nodesContaining(root: Node, starts: readonly number[], type: string): Capture[] {
  const found = new Map<number, Capture>();
  for (const offset of starts) {
    const target = root.descendantForIndex(offset);
    if (!target) continue;
    let cur: Node | null = root;
    while (cur) {
      if (cur.type === type && !found.has(cur.id)) found.set(cur.id, { node: cur, type, start: cur.startIndex, end: cur.endIndex });
      if (cur.id === target.id) break;
      cur = cur.childWithDescendant(target);
    }
  }
  return [...found.values()].sort(byPosition);
}

/** Document order: by start, and the enclosing node first when two start together. */
function byPosition(a: Capture, b: Capture): number {
  return a.start - b.start || b.end - a.end;
}

/** Merges two capture lists that are each in document order. */
export function mergeCaptures(a: readonly Capture[], b: readonly Capture[]): Capture[] {
  if (b.length === 0) return a as Capture[];
  const out: Capture[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(byPosition(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}
