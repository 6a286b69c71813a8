/** Edits that fixes share, written the way a person would (trailing commas, one argument a line). */
import type { Node } from 'web-tree-sitter';
import type { Edit } from '../rule.js';

/**
 * Appends a keyword argument to a call: `f(a)` → `f(a, name=value)`; `f()` → `f(name=value)`; and
 * when the arguments are one a line with a trailing comma, a new line in the same indentation:
 * ```
 * f(                     f(
 *     a,          →          a,
 * )                          name=value,
 *                        )
 * ```
 */
export function appendArgument(call: Node, argument: string, source: string): Edit | undefined {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  // One list of all children, punctuation included: `nextSibling` would walk down from the root
  // each time, quadratic over nested calls.
  const children = args.children.filter((n): n is Node => n !== null);
  let i = children.length - 1;
  while (i >= 0 && !(children[i]!.isNamed && children[i]!.type !== 'comment')) i--;
  const last = children[i];
  if (!last) return { start: args.startIndex + 1, end: args.startIndex + 1, text: argument };
  const comma = children[i + 1]?.type === ',' ? children[i + 1]! : null;
  const closing = children[children.length - 1];
  if (comma && closing && closing.type === ')' && closing.startPosition.row > comma.endPosition.row) {
    const lineStart = source.lastIndexOf('\n', last.startIndex - 1) + 1;
    const indent = source.slice(lineStart, last.startIndex);
    if (/^[ \t]*$/.test(indent)) {
      const eol = source.slice(lineStart - 2, lineStart) === '\r\n' ? '\r\n' : '\n';
      return { start: comma.endIndex, end: comma.endIndex, text: `${eol}${indent}${argument},` };
    }
  }
  return { start: last.endIndex, end: last.endIndex, text: `, ${argument}` };
}
