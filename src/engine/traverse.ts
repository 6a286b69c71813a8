/**
 * One linear sweep over the captured nodes. Captures arrive in document order (outer nodes
 * before the nodes they contain), so a stack of the open containers gives every node
 * its enclosing functions, classes, loops and handlers without a parent walk and without
 * recursion: a 50,000-deep expression costs one stack entry per captured container, nothing more.
 */
import type { Language, Node } from 'web-tree-sitter';
import { queryForTypes } from './parser.js';

export interface Capture {
  readonly node: Node;
  readonly type: string;
  readonly start: number;
  readonly end: number;
}

/** An open node on the sweep's stack: a scope, loop, handler or any type a rule listens to on exit. */
export type Container = Capture;

/** A capture whose end offset is asked of the tree only when needed (containers, text triggers). */
class NodeCapture implements Capture {
  private endIndex = -1;
  constructor(
    readonly node: Node,
    readonly type: string,
    readonly start: number,
  ) {}

  get end(): number {
    if (this.endIndex < 0) this.endIndex = this.node.endIndex;
    return this.endIndex;
  }
}

/**
 * Every named node of the given types under `root`, in document order, outer before inner.
 *
 * `descendantsOfType` walks the tree inside wasm and returns the matches in one batch: over the
 * bench corpus it costs about 70 % of a query with one pattern per type, which must also run
 * its pattern state machine at every node. It matches by type name, so where a keyword shares
 * its name with a node type (`lambda`, `await`, `yield`, `type`) the anonymous token is dropped.
 */
export function collectCaptures(root: Node, types: readonly string[]): Capture[] {
  const out: Capture[] = [];
  // The root is the module even when the parser could make nothing of the file and the root is
  // itself an `ERROR` (`y = ((((`): visitors of `module` (the syntax-error rule) still see it.
  if (root.type !== 'module' && types.includes('module')) out.push(new NodeCapture(root, 'module', root.startIndex));
  // web-tree-sitter 0.25's descendantsOfType finds nothing at all when 'ERROR' is one of several
  // types; a query handles that case.
  if (types.includes('ERROR')) {
    for (const { name, node } of queryForTypes(root.tree.language, types).captures(root)) out.push(new NodeCapture(node, name, node.startIndex));
    return out;
  }
  const twins = keywordTwins(root.tree.language);
  for (const node of root.descendantsOfType(types as string[])) {
    if (!node) continue;
    const type = node.type;
    if (twins.has(type) && !node.isNamed) continue;
    out.push(new NodeCapture(node, type, node.startIndex));
  }
  return out;
}

const twinsByLanguage = new WeakMap<Language, ReadonlySet<string>>();

/** Names that are both a named node type and an anonymous token (`lambda`, `await`, ...). */
function keywordTwins(language: Language): ReadonlySet<string> {
  let twins = twinsByLanguage.get(language);
  if (!twins) {
    const named = new Set<string>();
    const anonymous = new Set<string>();
    for (let id = 0; id < language.nodeTypeCount; id++) {
      const name = language.nodeTypeForId(id);
      if (name) (language.nodeTypeIsNamed(id) ? named : anonymous).add(name);
    }
    twins = new Set([...named].filter((name) => anonymous.has(name)));
    twinsByLanguage.set(language, twins);
  }
  return twins;
}

export interface SweepHandlers {
  /** `ancestors` is a snapshot: it never changes afterwards, so it may be kept without copying. */
  enter(capture: Capture, ancestors: readonly Container[]): void;
  exit?(container: Container, ancestors: readonly Container[]): void;
}

/**
 * How deep the container stack goes. Each push copies the stack (below), so nesting deeper than
 * any real code (`lambda: lambda: ... 0` thousands deep, generated or hostile input) would cost
 * time quadratic in the depth; containers below this depth are not entered as containers (the
 * nodes in them are still visited, with the ancestors down to this depth).
 */
export const MAX_CONTAINER_DEPTH = 200;

export function sweep(captures: readonly Capture[], containerTypes: ReadonlySet<string>, handlers: SweepHandlers): void {
  // Copy-on-write: each push or pop makes a new array, so every snapshot handed out stays valid.
  // Containers are far fewer than the nodes that keep a snapshot (bindings, calls).
  let stack: readonly Container[] = [];
  const close = (until: number): void => {
    while (stack.length > 0 && stack[stack.length - 1]!.end <= until) {
      const top = stack[stack.length - 1]!;
      stack = stack.slice(0, -1);
      handlers.exit?.(top, stack);
    }
  };
  for (const capture of captures) {
    // A container ends at or before this capture's start: it no longer encloses anything ahead.
    // A zero-width container (all of it MISSING) at a container's very end still belongs to it.
    // Other captures are not asked for their end: only a MISSING token can be zero-width, and
    // captured types are not tokens.
    const container = containerTypes.has(capture.type);
    close(!container || capture.end > capture.start ? capture.start : capture.start - 1);
    handlers.enter(capture, stack);
    if (container && capture.end > capture.start && stack.length < MAX_CONTAINER_DEPTH) stack = [...stack, capture];
  }
  close(Number.POSITIVE_INFINITY);
}

/** The innermost enclosing container whose type is one of `types`, searching outwards. */
export function innermost(ancestors: readonly Container[], types: ReadonlySet<string> | string): Container | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i]!;
    if (typeof types === 'string' ? a.type === types : types.has(a.type)) return a;
  }
  return undefined;
}
