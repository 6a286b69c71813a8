import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule, queueNamePatternOption, regex, type Fix } from '../../src/rule.js';
import { appendArgument } from '../../src/engine/edits.js';
import { SYNC_QUEUE_KINDS, argument, hasSplat, isTruthyLiteral, positionalArguments } from '../../src/engine/model.js';
import { inTimedTest } from '../../src/engine/testcode.js';

/** A Python float literal for a number of seconds (`1.0`, `0.5`). */
function seconds(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

/**
 * `q.get()` → `q.get(timeout=1.0)`; `q.get(True)` → `q.get(True, timeout=1.0)`; a `None` timeout is
 * replaced. Unsafe: the call then raises `queue.Empty`, which the caller has to handle.
 */
function addTimeout(call: Node, timeout: Node | null, value: number, source: string): Fix | undefined {
  const literal = seconds(value);
  const title = `Pass \`timeout=${literal}\` (unsafe: \`get\` then raises \`queue.Empty\` after ${literal} s; the caller must handle \`queue.Empty\`)`;
  if (timeout) return { title, applicability: 'unsafe', edits: [{ start: timeout.startIndex, end: timeout.endIndex, text: literal }] };
  const edit = appendArgument(call, `timeout=${literal}`, source);
  return edit ? { title, applicability: 'unsafe', edits: [edit] } : undefined;
}

export default defineRule({
  code: 'PTL102',
  name: 'queue-get-without-timeout',
  agent: 'python-async-specialist',
  severity: 'warning',
  enabledByDefault: true,
  docs: {
    summary: 'A blocking `queue.get()` without a timeout can hang its process forever.',
    why:
      'When the producer dies, stalls or forgets to send a shutdown message, a `get()` without a timeout ' +
      'blocks forever: the worker cannot notice a shutdown Event, cannot report health, and `join()` on it ' +
      'hangs the whole pipeline. With `get(timeout=...)` the loop wakes up regularly, handles `queue.Empty`, ' +
      'and can check whether it should stop. `multiprocessing.SimpleQueue.get()` cannot time out at all. ' +
      'A `get` that cannot wait forever is not reported: on a queue this function created and filled on ' +
      'its own thread just before (`q.put(x)`, or a call it handed the queue to), inside ' +
      '`while not q.empty():` or after `if q.empty(): continue`, after the producers were joined (a drain), ' +
      'and in a test bounded by `@pytest.mark.timeout`. In tests it is otherwise reported: a hung `get` hangs CI.',
    bad: 'import multiprocessing as mp\n\ndef consume(frames: mp.Queue) -> None:\n    frame = frames.get()\n    handle(frame)\n',
    good:
      'import multiprocessing as mp\nimport queue\n\ndef consume(frames: mp.Queue, stop) -> None:\n' +
      '    while not stop.is_set():\n        try:\n            frame = frames.get(timeout=0.5)\n' +
      '        except queue.Empty:\n            continue\n        handle(frame)\n',
  },
  fixable: 'unsafe',
  options: z
    .object({
      'queue-name-pattern': queueNamePatternOption,
      'fix-timeout': z
        .number()
        .positive()
        .max(3600)
        .default(1)
        .describe('seconds the fix passes as `timeout=`: how long a consumer waits before it can check whether to stop'),
    })
    .strict(),
  messages: {
    noTimeout: '`{{receiver}}.get()` blocks forever if the producer stops; pass `timeout=` and handle `queue.Empty`',
    simpleQueue:
      '`{{receiver}}.get()` on a multiprocessing SimpleQueue blocks forever and cannot take a timeout; use a `multiprocessing.Queue` with `get(timeout=...)`',
  },
  create(ctx) {
    const hints = { queue: regex(ctx.options['queue-name-pattern']) };
    const { flow } = ctx.model;
    /**
     * A `get` that cannot wait forever: its queue was filled on this thread just before (and
     * handed to no other thread), it runs only while the queue reports items, the producers were
     * joined before it (a drain), or pytest-timeout bounds the test it is in.
     */
    const cannotHang = (node: Node, receiver: Node, receiverText: string): boolean =>
      flow.filledOnThisThreadBefore(receiver, node.startIndex, ctx.ancestors) ||
      flow.guardedByItems(receiverText, node.startIndex, ctx.ancestors) ||
      flow.producersJoinedBefore(node.startIndex, ctx.ancestors) ||
      inTimedTest(ctx.model, ctx.ancestors);
    return {
      call(node) {
        const call = ctx.model.methodCall(node);
        if (!call || call.method !== 'get' || hasSplat(node)) return;
        if (ctx.model.isAwaited(node)) return;
        // `d.get("key")`: a queue's first argument is `block`, never a string or a container.
        const positional = positionalArguments(node);
        if (positional.some((a) => a.type === 'string' || a.type === 'concatenated_string')) return;
        const block = argument(node, 'block', 0);
        const timeout = argument(node, 'timeout', 1);
        if (block && !isTruthyLiteral(block)) return; // non-blocking, or not knowable
        if (timeout && timeout.type !== 'none') return;
        const kind = ctx.model.kindOf(call.receiver, ctx.ancestors, hints);
        if (!SYNC_QUEUE_KINDS.has(kind)) return;
        if (cannotHang(node, call.receiver, call.receiverText)) return;
        const receiver = call.receiverText.length > 40 ? 'queue' : call.receiverText;
        if (kind === 'simple-queue') {
          ctx.report({ node, messageId: 'simpleQueue', data: { receiver } }); // it cannot take a timeout: no fix
          return;
        }
        ctx.report({ node, messageId: 'noTimeout', data: { receiver }, fix: addTimeout(node, timeout, ctx.options['fix-timeout'], ctx.file.source) });
      },
    };
  },
});
