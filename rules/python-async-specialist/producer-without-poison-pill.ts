import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule, patternOption, queueNamePatternOption, regex } from '../../src/rule.js';
import { LOOP_TYPES, PROCESS_CLASSES, argument, positionalArguments } from '../../src/engine/model.js';
import { isShutdownMessage } from '../../src/engine/messages.js';
import type { Location } from '../../src/engine/source.js';
import { innermost } from '../../src/engine/traverse.js';

const QUEUE_KINDS = new Set(['queue', 'simple-queue']);

interface FunctionState {
  node: Node;
  putsInLoop: boolean;
  signalsShutdown: boolean;
}

interface Candidate {
  qname: string;
  name: string;
  /** The class a method is defined in, for `run()` of Process subclasses. */
  owner: string | null;
  location: Location;
}

export default defineRule({
  code: 'PTL104',
  name: 'producer-without-poison-pill',
  agent: 'python-async-specialist',
  severity: 'warning',
  enabledByDefault: true,
  docs: {
    summary: 'A process that produces into a queue in a loop never tells its consumers to stop.',
    why:
      'Consumers of a queue cannot tell "the producer is slow" from "the producer is gone". When a ' +
      'producer process (a `Process` target, or `run()` of a `Process` subclass) finishes or is asked to ' +
      'stop without sending a shutdown message, its consumers block on `get()` forever and the pipeline ' +
      'never drains: results are lost and `join()` hangs. Send a poison pill (None or a sentinel, one per ' +
      'consumer) after the loop, or set a shared shutdown Event the consumers watch.',
    bad:
      'import multiprocessing as mp\n\ndef capture(frames: mp.Queue, camera) -> None:\n    for frame in camera:\n' +
      '        frames.put(frame)\n\nmp.Process(target=capture, args=(mp.Queue(), cam)).start()\n',
    good:
      'import multiprocessing as mp\n\nSHUTDOWN = None\n\ndef capture(frames: mp.Queue, camera) -> None:\n' +
      '    for frame in camera:\n        frames.put(frame)\n    frames.put(SHUTDOWN)\n\n' +
      'mp.Process(target=capture, args=(mp.Queue(), cam)).start()\n',
  },
  options: z
    .object({
      'queue-name-pattern': queueNamePatternOption,
      'event-name-pattern': patternOption(
        '(?:^|_)(?:stop|shutdown|done|exit|quit|event|evt|finished|terminate)(?:_|$)',
        'names of objects whose `.set()` counts as signalling shutdown when nothing else says what they are',
      ),
    })
    .strict(),
  messages: {
    noPill:
      'process entry point `{{name}}` puts to a queue in a loop but never sends a shutdown message (None or a sentinel) nor sets a shutdown Event: its consumers will block forever once it stops',
  },
  create(ctx) {
    const hints = { queue: regex(ctx.options['queue-name-pattern']), event: regex(ctx.options['event-name-pattern']) };
    const functions = new Map<number, FunctionState>();
    const current = (): FunctionState | undefined => {
      const fn = innermost(ctx.ancestors, 'function_definition');
      return fn ? functions.get(fn.node.id) : undefined;
    };
    const insideLoopOfFunction = (): boolean => {
      for (let i = ctx.ancestors.length - 1; i >= 0; i--) {
        const a = ctx.ancestors[i]!;
        if (a.type === 'function_definition' || a.type === 'lambda' || a.type === 'class_definition') return false;
        if (LOOP_TYPES.has(a.type)) return true;
      }
      return false;
    };
    return {
      function_definition(node) {
        functions.set(node.id, { node, putsInLoop: false, signalsShutdown: false });
      },
      'function_definition:exit'(node) {
        const state = functions.get(node.id);
        if (!state || !state.putsInLoop || state.signalsShutdown) return;
        const nameNode = node.childForFieldName('name');
        if (!nameNode) return;
        const cls = innermost(ctx.ancestors, 'class_definition');
        const directMethod = ctx.ancestors[ctx.ancestors.length - 1]?.type === 'class_definition';
        const candidate: Candidate = {
          qname: ctx.model.definitionQname(node, ctx.ancestors),
          name: nameNode.text,
          owner: cls && directMethod ? ctx.model.definitionQname(cls.node, ctx.ancestors.slice(0, -1)) : null,
          location: ctx.locate(nameNode),
        };
        ctx.record(candidate);
      },
      call(node) {
        const call = ctx.model.methodCall(node);
        if (!call) return;
        const state = current();
        if (!state) return;
        if (call.method === 'put' || call.method === 'put_nowait') {
          const message = positionalArguments(node)[0] ?? argument(node, 'obj') ?? argument(node, 'item');
          if (!message) return;
          if (!QUEUE_KINDS.has(ctx.model.kindOf(call.receiver, ctx.ancestors, hints) ?? '')) return;
          if (isShutdownMessage(message)) state.signalsShutdown = true;
          else if (insideLoopOfFunction()) state.putsInLoop = true;
        } else if (call.method === 'set' && positionalArguments(node).length === 0) {
          if (ctx.model.kindOf(call.receiver, ctx.ancestors, hints) === 'event') state.signalsShutdown = true;
        }
      },
    };
  },
  project(ctx) {
    for (const { path, data } of ctx.records()) {
      const c = data as Candidate;
      const isTarget = ctx.index.isProcessTarget(c.qname);
      const isRun = c.name === 'run' && c.owner !== null && ctx.index.ancestors(c.owner).some((a) => PROCESS_CLASSES.has(a));
      if (isTarget || isRun) ctx.report({ path, location: c.location, messageId: 'noPill', data: { name: c.name } });
    }
  },
});
