import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../src/rule.js';
import { argument } from '../../src/engine/model.js';
import type { Location } from '../../src/engine/source.js';
import type { Container } from '../../src/engine/traverse.js';

/** A queue built without a bound, handed to a thread or process target. */
interface Candidate {
  /** The target's qualified name. */
  target: string;
  /** Where the queue reaches the target: its parameter position, or the `self` attribute it is. */
  slot: number | string;
  queue: string;
  location: Location;
}

const UNBOUNDED_KINDS = new Set(['queue', 'simple-queue']);

export default defineRule({
  code: 'PTL406',
  name: 'unbounded-frame-queue',
  agent: 'python-async-specialist',
  severity: 'warning',
  enabledByDefault: true,
  testCode: 'ignore',
  docs: {
    summary: 'A queue without `maxsize` is filled by a producer loop that never waits: a fast camera fills memory.',
    why:
      'A capture loop puts frames as fast as the camera delivers them; the detector takes them as fast as the GPU ' +
      'allows. When the consumer is slower (a bigger model, a second camera, a GC pause), an unbounded queue grows ' +
      'by a 6 MB frame 30 times a second until the process is killed, and the frames it does deliver are seconds ' +
      'stale. Give the queue a `maxsize` and decide what a full queue means: block (`put(timeout=...)`) or drop the ' +
      'oldest frame. Reported at the queue: built without a positive `maxsize` and handed to a thread or process ' +
      'target whose `while` loop puts to it without waiting on a `get` (a worker that takes one item and puts one ' +
      'result is paced by its input). Owned by the async specialist: back-pressure is a property of the pipeline. ' +
      'Not reported in test code, whose producers stop after a few items.',
    bad:
      'import multiprocessing as mp\n\ndef capture(url, frames):\n    cap = cv2.VideoCapture(url)\n    while True:\n' +
      '        ok, frame = cap.read()\n        if ok:\n            frames.put(frame)\n\nframes = mp.Queue()\n' +
      'mp.Process(target=capture, args=(URL, frames)).start()\n',
    good:
      'import multiprocessing as mp\n\ndef capture(url, frames):\n    ...\n\nframes = mp.Queue(maxsize=8)\n' +
      'mp.Process(target=capture, args=(URL, frames)).start()\n',
  },
  callees: ['*Process', '*Thread'],
  options: z.object({}).strict(),
  messages: {
    unbounded:
      '`{{queue}}` has no `maxsize` and `{{target}}()` puts to it in a loop that never waits: a producer faster than its consumer fills memory; give it a `maxsize`',
  },
  create(ctx) {
    const { model } = ctx;
    /** A queue construction without a positive bound. */
    const unboundedCall = (built: ReadonlyArray<{ call: Node; scope: readonly Container[] }>): Node | null => {
      if (built.length !== 1) return null;
      const { call, scope } = built[0]!;
      if (!UNBOUNDED_KINDS.has(model.kindOf(call, scope) ?? '')) return null;
      const maxsize = argument(call, 'maxsize', 0);
      if (!maxsize) return call;
      return /^(?:0|-\s*\d+|None)$/.test(maxsize.text.trim()) ? call : null;
    };
    /** The call that built the queue a name or `self` attribute holds, when it has no positive bound. */
    const unboundedQueue = (node: Node): Node | null =>
      node.type === 'identifier' || node.type === 'attribute' ? unboundedCall(model.constructionsOf(node, ctx.ancestors)) : null;
    return {
      call(node) {
        if (!model.mayConstructWorker(node)) return;
        const kind = model.kindOf(node, ctx.ancestors);
        if (kind !== 'process' && kind !== 'thread') return;
        // Process(group, target, ...) and Thread(group, target, ...) alike.
        const handed = model.targetArguments(node, ctx.ancestors);
        if (!handed) return;
        const { target, qname } = handed;
        const record = (queue: Node, slot: number | string, built: Node): void => {
          const text = typeof slot === 'string' ? slot : queue.text;
          const candidate: Candidate = { target: qname, slot, queue: text.length > 40 ? 'queue' : text, location: ctx.locate(built) };
          ctx.record(candidate);
        };
        for (const { item, slot } of handed.args) {
          const built = unboundedQueue(item);
          if (built) record(item, slot, built);
        }
        // A bound method (`target=self.capture`): its `self` is the object the queues are attributes of.
        if (target.type === 'attribute') {
          const object = target.childForFieldName('object');
          for (const attr of object ? model.selfAttributeValues(object.text, ctx.ancestors) : []) {
            const built = unboundedCall(attr.values);
            if (built) record(built, `self.${attr.name}`, built);
          }
        }
      },
    };
  },
  project(ctx) {
    const seen = new Set<string>();
    for (const { path, data } of ctx.records()) {
      const c = data as Candidate;
      const puts = ctx.index.functionsCalledAs(c.target).some((fn) => ctx.index.functionFacts(fn)?.loopPuts?.includes(c.slot));
      const key = `${path}:${c.location.line}:${c.location.column}`;
      if (!puts || seen.has(key)) continue;
      seen.add(key);
      ctx.report({ path, location: c.location, messageId: 'unbounded', data: { queue: c.queue, target: c.target.split('.').pop()! } });
    }
  },
});
