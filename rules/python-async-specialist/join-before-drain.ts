import { z } from 'zod';
import { defineRule } from '../../src/rule.js';
import type { Location } from '../../src/engine/source.js';

/** A join of a process that was handed a queue this function drains only after the join. */
interface Candidate {
  /** The process target's qualified name. */
  target: string;
  /** Where the queue reaches the target: its parameter position, or the `self` attribute it is. */
  slot: number | string;
  queue: string;
  process: string;
  location: Location;
}

const QUEUE_KINDS = new Set(['queue', 'simple-queue']);
const GETS: ReadonlySet<string> = new Set(['get', 'get_nowait']);
const RELEASE: ReadonlySet<string> = new Set(['cancel_join_thread']);

export default defineRule({
  code: 'PTL107',
  name: 'join-before-drain',
  agent: 'python-async-specialist',
  severity: 'error',
  enabledByDefault: true,
  testCode: 'report',
  docs: {
    summary: 'A process is joined before the queue it puts to is drained: the join waits forever.',
    why:
      'A process that has put items on a `multiprocessing.Queue` does not exit until a background thread has ' +
      'flushed them into the pipe, and the pipe holds only a few kilobytes: with nobody reading, the child waits ' +
      'for the parent, and the parent waits in `join()` for the child. The multiprocessing documentation calls ' +
      'this out ("joining processes that use queues"): it works with three small results in a test and hangs ' +
      'with real frames or detections. Take everything off the queue first, then join (or join with a timeout ' +
      'and handle a child that is still alive). Reported at a `join()` without a timeout of a process whose target ' +
      '(in this file or elsewhere in the project) puts to a queue it was given, when the same function takes from ' +
      'that queue only after the join. Not reported when the queue is also read before the join (a drain that ' +
      'ends with a sweep of the rest), or when it calls `cancel_join_thread()`. Reported in tests too: a hung ' +
      'join hangs the CI run.',
    bad:
      'import multiprocessing as mp\n\ndef work(jobs, results):\n    for job in jobs:\n        results.put(run(job))\n\n' +
      'def main(jobs):\n    results = mp.Queue()\n    p = mp.Process(target=work, args=(jobs, results))\n    p.start()\n' +
      '    p.join()\n    return [results.get() for _ in jobs]\n',
    good:
      'import multiprocessing as mp\n\ndef work(jobs, results):\n    for job in jobs:\n        results.put(run(job))\n\n' +
      'def main(jobs):\n    results = mp.Queue()\n    p = mp.Process(target=work, args=(jobs, results))\n    p.start()\n' +
      '    out = [results.get() for _ in jobs]\n    p.join()\n    return out\n',
  },
  callees: ['join'],
  options: z.object({}).strict(),
  messages: {
    deadlock:
      '`{{process}}.join()` waits for a process that puts to `{{queue}}`, which is read only after the join: the child cannot exit until its items are taken; drain `{{queue}}` first, then join',
  },
  create(ctx) {
    const { model } = ctx;
    return {
      call(node) {
        const call = model.methodCall(node);
        if (call?.method !== 'join' || call.receiver.type !== 'identifier') return;
        // `join(timeout)`: the caller decides what a child still alive means.
        if (node.childForFieldName('arguments')?.namedChildCount !== 0) return;
        if (model.kindOf(call.receiver, ctx.ancestors) !== 'process') return;
        const joinAt = node.startIndex;
        for (const { call: built, scope } of model.constructionsOf(call.receiver, ctx.ancestors)) {
          if (model.kindOf(built, scope) !== 'process') continue;
          const handed = model.targetArguments(built, scope);
          if (!handed) continue;
          for (const { item, slot } of handed.args) {
            if (item.type !== 'identifier' || !QUEUE_KINDS.has(model.kindOf(item, scope) ?? '')) continue;
            // Read only after the join, and never let go of.
            const gets = model.flow.callsOn(item.text, GETS, ctx.ancestors);
            if (!gets.some((at) => at > joinAt) || gets.some((at) => at < joinAt)) continue;
            if (model.flow.callsOn(item.text, RELEASE, ctx.ancestors).length > 0) continue;
            const candidate: Candidate = { target: handed.qname, slot, queue: item.text, process: call.receiver.text, location: ctx.locate(node) };
            ctx.record(candidate);
          }
        }
      },
    };
  },
  project(ctx) {
    const seen = new Set<string>();
    for (const { path, data } of ctx.records()) {
      const c = data as Candidate;
      const key = `${path}:${c.location.line}:${c.location.column}`;
      if (seen.has(key)) continue;
      if (!ctx.index.functionsCalledAs(c.target).some((fn) => ctx.index.functionFacts(fn)?.puts?.includes(c.slot))) continue;
      seen.add(key);
      ctx.report({ path, location: c.location, messageId: 'deadlock', data: { process: c.process, queue: c.queue } });
    }
  },
});
