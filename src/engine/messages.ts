/**
 * What a queue message says about shutdown, from its syntax alone: the one definition of a
 * "poison pill" that PTL104 (a producer that never sends one) and the topology's pill marks share.
 */
import type { Node } from 'web-tree-sitter';
import { argument } from './model.js';

/** A string or keyword value that means "stop": `"STOP"`, `"shutdown"`, `"poison_pill"`. */
export const SHUTDOWN_WORD = /^_*(?:shutdown|stop|stopped|sentinel|poison|poison_?pill|done|eof|end|exit|quit|terminate)_*$/i;
/** A class or name that means "stop": `ShutdownMsg`, `StopSignal`, `Sentinel`, `PoisonPill`. */
export const SHUTDOWN_CLASS = /Shutdown|Stop|Sentinel|Poison/;
/** Keys and keywords that carry a message's type: `{"type": "stop"}`, `Message(kind="shutdown")`. */
const TYPE_KEYS = new Set(['msg_type', 'type', 'kind', 'command', 'cmd', 'action']);

/** The text of a plain string literal (no interpolation, no implicit concatenation), else null. */
export function unquote(node: Node): string | null {
  if (node.type !== 'string') return null;
  const content = node.namedChildren.filter((c) => c?.type === 'string_content');
  return content.length === 1 && node.namedChildren.length === 3 ? content[0]!.text : null;
}

/** None, an UPPER_CASE sentinel, `ShutdownMsg()`, `{"type": "shutdown"}`, `Message(msg_type="stop")`, `"STOP"`, `(STOP, None)`. */
export function isShutdownMessage(message: Node): boolean {
  switch (message.type) {
    case 'none':
      return true;
    case 'identifier':
    case 'attribute': {
      const last = message.type === 'attribute' ? (message.childForFieldName('attribute')?.text ?? '') : message.text;
      return /^_*[A-Z][A-Z0-9_]*$/.test(last) || SHUTDOWN_CLASS.test(last);
    }
    case 'string': {
      const text = unquote(message);
      return text !== null && SHUTDOWN_WORD.test(text);
    }
    case 'tuple': {
      const first = message.namedChild(0);
      return first !== null && isShutdownMessage(first);
    }
    case 'dictionary':
      return message.namedChildren.some((pair) => {
        if (pair?.type !== 'pair') return false;
        const key = pair.childForFieldName('key');
        const value = pair.childForFieldName('value');
        const keyText = key ? unquote(key) : null;
        const valueText = value ? unquote(value) : null;
        return keyText !== null && TYPE_KEYS.has(keyText) && valueText !== null && SHUTDOWN_WORD.test(valueText);
      });
    case 'call': {
      const fn = message.childForFieldName('function');
      const last = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
      if (last && SHUTDOWN_CLASS.test(last)) return true;
      for (const key of TYPE_KEYS) {
        const value = argument(message, key);
        const text = value ? unquote(value) : null;
        if (text !== null && SHUTDOWN_WORD.test(text)) return true;
      }
      return false;
    }
    default:
      return false;
  }
}
