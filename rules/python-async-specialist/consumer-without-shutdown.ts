import { z } from 'zod';
import { defineRule, queueNamePatternOption, regex } from '../../src/rule.js';
import { SYNC_QUEUE_KINDS, isTruthyLiteral } from '../../src/engine/model.js';
import type { Container } from '../../src/engine/traverse.js';

const SCOPE_BOUNDARIES = new Set(['function_definition', 'lambda', 'class_definition']);
const PROCESS_EXITS = new Set(['sys.exit', 'os._exit', 'exit', 'quit', 'builtins.exit', 'builtins.quit']);

interface LoopState {
  consumes: boolean;
  exits: boolean;
  /** The first queue the loop blocks on, for the message. */
  receiver?: string;
}

/** The `while True:` loops enclosing the visited node, innermost last, up to the enclosing function. */
function infiniteLoops(ancestors: readonly Container[], loops: ReadonlyMap<number, LoopState>): LoopState[] {
  const out: LoopState[] = [];
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i]!;
    if (SCOPE_BOUNDARIES.has(a.type)) break;
    const state = loops.get(a.node.id);
    if (state) out.unshift(state);
  }
  return out;
}

/** The loop a `break` leaves: the innermost loop, except that a break in a loop's `else:` leaves the loop outside it. */
function loopBrokenOutOf(ancestors: readonly Container[]): Container | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i]!;
    if (SCOPE_BOUNDARIES.has(a.type)) return undefined;
    if (a.type === 'else_clause' && i > 0) {
      const owner = ancestors[i - 1]!;
      if ((owner.type === 'for_statement' || owner.type === 'while_statement') && owner.node.childForFieldName('alternative')?.id === a.node.id) {
        i--; // skip the loop this else belongs to
        continue;
      }
    }
    if (a.type === 'for_statement' || a.type === 'while_statement') return a;
  }
  return undefined;
}

export default defineRule({
  code: 'PTL103',
  name: 'consumer-without-shutdown',
  agent: 'python-async-specialist',
  severity: 'warning',
  enabledByDefault: true,
  docs: {
    summary: 'A `while True:` consumer loop that blocks on a queue and has no way out cannot shut down gracefully.',
    why:
      'A consumer that loops forever on `queue.get()` with no `break`, `return` or `raise` can only be ' +
      'stopped by killing its process: in-flight frames are lost, results are not flushed, and `join()` on ' +
      'it never returns. The team\'s pattern is a poison pill: the producer sends a shutdown message (None or ' +
      'a sentinel) and the consumer leaves its loop when it sees it — or the loop checks a shutdown Event. ' +
      'A loop that yields (a generator) is not reported: it stops when its caller stops iterating.',
    bad:
      'import multiprocessing as mp\n\ndef detect(frames: mp.Queue) -> None:\n    while True:\n' +
      '        frame = frames.get()\n        run_model(frame)\n',
    good:
      'import multiprocessing as mp\n\nSHUTDOWN = None\n\ndef detect(frames: mp.Queue) -> None:\n    while True:\n' +
      '        frame = frames.get()\n        if frame is SHUTDOWN:\n            break\n        run_model(frame)\n',
  },
  options: z.object({ 'queue-name-pattern': queueNamePatternOption }).strict(),
  messages: {
    noExit:
      'this `while True:` loop blocks on `{{receiver}}.get()` but never leaves: check for a shutdown message (poison pill) and `break`, or loop on a shutdown Event',
  },
  create(ctx) {
    const hints = { queue: regex(ctx.options['queue-name-pattern']) };
    const loops = new Map<number, LoopState>();
    const exitAll = (): void => {
      for (const state of infiniteLoops(ctx.ancestors, loops)) state.exits = true;
    };
    return {
      while_statement(node) {
        if (isTruthyLiteral(node.childForFieldName('condition'))) loops.set(node.id, { consumes: false, exits: false });
      },
      'while_statement:exit'(node) {
        const state = loops.get(node.id);
        if (!state || !state.consumes || state.exits) return;
        // A generator's loop is suspended at each `yield`: its consumer stops it by not asking again.
        if (ctx.model.flow.loopYields(node)) return;
        const condition = node.childForFieldName('condition');
        ctx.report({
          span: { start: node.startIndex, end: condition?.endIndex ?? node.startIndex + 5 },
          messageId: 'noExit',
          data: { receiver: state.receiver ?? 'queue' },
        });
      },
      break_statement() {
        const loop = loopBrokenOutOf(ctx.ancestors);
        const state = loop && loops.get(loop.node.id);
        if (state) state.exits = true;
      },
      return_statement: exitAll,
      raise_statement: exitAll,
      call(node) {
        const enclosing = infiniteLoops(ctx.ancestors, loops);
        if (enclosing.length === 0) return;
        const name = ctx.model.calleeName(node, ctx.ancestors);
        if (name && PROCESS_EXITS.has(name)) return exitAll();
        const call = ctx.model.methodCall(node);
        if (!call || call.method !== 'get' || ctx.model.isAwaited(node)) return;
        if (!SYNC_QUEUE_KINDS.has(ctx.model.kindOf(call.receiver, ctx.ancestors, hints))) return;
        for (const state of enclosing) {
          if (!state.consumes) state.receiver = call.receiverText.length > 40 ? 'queue' : call.receiverText;
          state.consumes = true;
        }
      },
    };
  },
});
