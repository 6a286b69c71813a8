import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule, queueNamePatternOption, regex } from '../../src/rule.js';

const SEND_METHODS = new Set(['put', 'put_nowait', 'send']);

function isEmptyDict(node: Node): boolean {
  return (node.type === 'dictionary' && node.namedChildCount === 0) || /^dict\s*\(\s*\)$/.test(node.text);
}
const CHANNEL_KINDS = new Set(['queue', 'simple-queue', 'async-queue', 'pipe']);

export default defineRule({
  code: 'PTL101',
  name: 'untyped-queue-message',
  agent: 'python-architect',
  severity: 'warning',
  enabledByDefault: true,
  testCode: 'ignore',
  docs: {
    summary: 'A dict sent through a queue or pipe is an untyped message.',
    why:
      'Queues and pipes are the contracts between the stages of a pipeline (camera → detector → ' +
      'aggregator). A dict has no schema: a renamed key or a wrong type surfaces as a KeyError in another ' +
      'process, far from the code that caused it, and no type checker can see across the queue. A ' +
      '`TypedDict`, `dataclass` or `NamedTuple` message makes the contract explicit and checkable. A dict ' +
      'built in a variable and then sent (`msg = {...}; q.put(msg)`) and a dict inside a tuple message ' +
      '(`q.put(("cmd", {...}))`) are the same untyped message; a dict started empty and filled key by key ' +
      'is a mapping, not a record, and is left alone. Not reported in test code: a test feeds the protocol ' +
      'the production code defines, and the fix belongs there.',
    bad:
      'import multiprocessing as mp\n\nframes = mp.Queue()\nframes.put({"frame_id": 7, "image": image})\n',
    good:
      'import multiprocessing as mp\nfrom dataclasses import dataclass\n\n@dataclass(frozen=True)\nclass FrameMsg:\n' +
      '    frame_id: int\n    image: bytes\n\nframes = mp.Queue()\nframes.put(FrameMsg(frame_id=7, image=image))\n',
  },
  options: z.object({ 'queue-name-pattern': queueNamePatternOption }).strict(),
  messages: {
    dictMessage:
      'untyped message: a {{shape}} sent with `.{{method}}()` gives the receiving stage no schema; send a TypedDict, dataclass or NamedTuple instance',
  },
  create(ctx) {
    const hints = { queue: regex(ctx.options['queue-name-pattern']) };
    const isDictCall = (node: Node): boolean => {
      if (node.type !== 'call') return false;
      const name = ctx.model.calleeName(node, ctx.ancestors);
      return name === 'dict' || name === 'builtins.dict';
    };
    const shapeOf = (node: Node): string | null =>
      node.type === 'dictionary' ? 'dict literal' : node.type === 'dictionary_comprehension' ? 'dict comprehension' : isDictCall(node) ? '`dict(...)`' : null;
    /** The dict a message is or holds: itself, a name last assigned one, or an item of a tuple message `("cmd", {...})`. */
    const untypedParts = (message: Node, at: number): Array<{ node: Node; shape: string }> => {
      const direct = shapeOf(message);
      if (direct) return [{ node: message, shape: direct }];
      if (message.type === 'identifier') {
        const value = ctx.model.valueBefore(message, ctx.ancestors, at);
        // `m = {}` filled key by key is a mapping (`{name: embedding}`), not a record with a schema.
        const shape = value && !isEmptyDict(value) ? shapeOf(value) : null;
        return shape ? [{ node: message, shape: `${shape} (in \`${message.text}\`)` }] : [];
      }
      if (message.type === 'tuple') {
        return message.namedChildren.flatMap((item) => (item && item.type !== 'tuple' && !isEmptyDict(item) ? untypedParts(item, at) : []));
      }
      return [];
    };
    return {
      call(node) {
        const call = ctx.model.methodCall(node);
        if (!call || !SEND_METHODS.has(call.method)) return;
        const args = node.childForFieldName('arguments');
        const message = args?.namedChild(0);
        if (!message || message.type === 'keyword_argument') return;
        const parts = untypedParts(message, node.startIndex);
        if (parts.length === 0) return;
        const kind = ctx.model.kindOf(call.receiver, ctx.ancestors, hints);
        if (!kind || !CHANNEL_KINDS.has(kind)) return;
        for (const { node: part, shape } of parts) ctx.report({ node: part, messageId: 'dictMessage', data: { shape, method: call.method } });
      },
    };
  },
});
