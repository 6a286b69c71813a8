/**
 * Small questions about syntax that need no semantic model: the parts of a dotted name, a call's
 * arguments, a parameter's name, literal truthiness, the first syntax error. Iterative, so depth
 * never overflows the stack.
 */
import type { Node } from 'web-tree-sitter';
import type { Container } from './traverse.js';
import { innermost } from './traverse.js';

const FUNCTION_TYPES: ReadonlySet<string> = new Set(['function_definition', 'lambda']);

export function joinName(a: string, b: string): string {
  return a && b ? `${a}.${b}` : a || b;
}

/** `a.b.c` → ['a','b','c'] for identifier/attribute chains; null for anything else. Iterative. */
export function dottedParts(node: Node): string[] | null {
  const parts: string[] = [];
  let cur: Node | null = node;
  while (cur && cur.type === 'attribute') {
    const attr = cur.childForFieldName('attribute');
    if (!attr) return null;
    parts.push(attr.text);
    cur = cur.childForFieldName('object');
  }
  if (!cur || cur.type !== 'identifier') return null;
  parts.push(cur.text);
  return parts.reverse();
}

/** The name a parameter node binds (`x`, `x: int`, `x=1`, `*args`, `**kw`), or null for `*` and `/`. */
export function parameterName(p: Node): string | null {
  switch (p.type) {
    case 'identifier':
      return p.text;
    case 'default_parameter':
    case 'typed_default_parameter':
      return p.childForFieldName('name')?.text ?? null;
    case 'typed_parameter': {
      const inner = p.namedChild(0);
      return inner ? parameterName(inner) : null;
    }
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
      return p.namedChild(0)?.text ?? null;
    default:
      return null;
  }
}

export function firstParameterName(fn: Node): string | null {
  const first = fn.childForFieldName('parameters')?.namedChild(0);
  return first ? parameterName(first) : null;
}

/** An argument of a call by keyword, or else by 0-based position among the positional ones. */
export function argument(call: Node, keyword: string, position?: number): Node | null {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return null;
  let index = 0;
  for (const arg of args.namedChildren) {
    if (!arg) continue;
    if (arg.type === 'keyword_argument') {
      if (arg.childForFieldName('name')?.text === keyword) return arg.childForFieldName('value');
      continue;
    }
    if (arg.type === 'list_splat' || arg.type === 'dictionary_splat' || arg.type === 'comment') continue;
    if (index === position) return arg;
    index++;
  }
  return null;
}

/** The positional arguments of a call (splats and keywords left out). */
export function positionalArguments(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return [];
  return args.namedChildren.filter(
    (a): a is Node => a !== null && a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat' && a.type !== 'comment',
  );
}

/** True when the call passes `*args` or `**kwargs`, so an absent argument may still be given. */
export function hasSplat(call: Node): boolean {
  const args = call.childForFieldName('arguments');
  return args?.namedChildren.some((a) => a?.type === 'list_splat' || a?.type === 'dictionary_splat') ?? false;
}

/** The enclosing function (def or lambda) of the visited node, if any. */
export function enclosingFunction(ancestors: readonly Container[]): Container | undefined {
  return innermost(ancestors, FUNCTION_TYPES);
}

/** True when `node` is a literal that is always true: `True` or a non-zero number (`1`, `-1`, `0x1`, `1.0`, `(1)`). */
export function isTruthyLiteral(node: Node | null | undefined): boolean {
  if (!node) return false;
  if (node.type === 'true') return true;
  if (node.type === 'integer' || node.type === 'float') {
    const number = Number(node.text.replace(/_/g, '').replace(/[jJlL]$/, ''));
    return Number.isNaN(number) || number !== 0;
  }
  if (node.type === 'parenthesized_expression') return isTruthyLiteral(node.namedChild(0));
  // A sign keeps a number's truthiness (`-1`); `~0` would not, so only `-` and `+` count.
  if (node.type === 'unary_operator' && /^[-+]/.test(node.text)) return isTruthyLiteral(node.childForFieldName('argument'));
  return false;
}

/**
 * The first ERROR or MISSING node in document order, found by descending only into subtrees that
 * contain an error (iteratively: no recursion on depth).
 */
/**
 * Where a node's error is when none of its children holds it: a hidden node that `children` does
 * not list — a MISSING `_newline` between two statements written on one line (`import a b`). The
 * statement after the gap is what does not parse; failing such a gap, the node itself.
 */
function hiddenError(node: Node): Node {
  const kids = node.children.filter((c): c is Node => c !== null);
  for (let i = 1; i < kids.length; i++) {
    const [a, b] = [kids[i - 1]!, kids[i]!];
    if (a.endPosition.row !== b.startPosition.row) continue;
    const between = node.text.slice(a.endIndex - node.startIndex, b.startIndex - node.startIndex);
    if (!between.includes(';')) return b;
  }
  return node;
}

export function firstSyntaxError(root: Node): Node | null {
  if (!root.hasError) return null;
  let node = root;
  for (;;) {
    let next: Node | null = null;
    for (const child of node.children) {
      if (!child) continue;
      if (child.isError || child.isMissing) return child;
      if (child.hasError) {
        next = child;
        break;
      }
    }
    if (!next) return node.isError || node.isMissing ? node : hiddenError(node);
    node = next;
  }
}

/**
 * The text of a plain string literal (`"org/name"`, `'x'`, `"a" "b"`); null for f-strings and
 * anything else, and for bytes (`b"key"`) unless `bytes` is set.
 */
export function stringValue(node: Node | null | undefined, bytes = false): string | null {
  if (node?.type === 'concatenated_string') {
    let text = '';
    for (const part of node.namedChildren) {
      const value = stringValue(part, bytes);
      if (value === null) return null;
      text += value;
    }
    return text;
  }
  if (node?.type !== 'string') return null;
  let text = '';
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'interpolation') return null;
    if (!bytes && child.type === 'string_start' && /[bB]/.test(child.text)) return null;
    if (child.type === 'string_content') text += child.text;
  }
  return text;
}

/** A string literal holding a full 40-hex commit id (`"0123…cdef"`): what pins a download to one commit. */
export function isCommitShaLiteral(text: string): boolean {
  return /^[rRuU]?(["'])[0-9a-fA-F]{40}\1$/.test(text);
}
