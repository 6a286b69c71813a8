import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../src/rule.js';
import { argument } from '../../src/engine/model.js';

/** Pool methods that pickle the function they are given and send it to a worker process. */
const POOL_METHODS: ReadonlySet<string> = new Set([
  'map',
  'map_async',
  'imap',
  'imap_unordered',
  'starmap',
  'starmap_async',
  'apply',
  'apply_async',
  'submit',
]);
/** Pools whose workers are threads: nothing is pickled. */
const THREAD_POOLS: ReadonlySet<string> = new Set(['multiprocessing.pool.ThreadPool', 'multiprocessing.dummy.Pool']);

export default defineRule({
  code: 'PTL110',
  name: 'unpicklable-process-target',
  agent: 'python-async-specialist',
  severity: 'error',
  enabledByDefault: true,
  testCode: 'report',
  docs: {
    summary: 'A lambda or a nested function is sent to another process: it cannot be pickled under spawn or forkserver.',
    why:
      'A child started with spawn or forkserver receives its target, and every pool task, by pickle; pickle sends a ' +
      'function as its module and name, which a lambda or a function defined inside another function does not have. ' +
      'The start fails with "Can\'t pickle local object". spawn is the default on macOS and Windows, and Linux moves ' +
      'to forkserver in Python 3.14, so code that works on a Linux laptop breaks elsewhere. Define the function at ' +
      'module level (and pass what it closed over as arguments, or with `functools.partial` of the module-level ' +
      'function). Reported for `Process(target=...)` and for the function given to a process pool\'s `map`, ' +
      '`imap`, `starmap`, `apply_async` or `submit`, when it is a lambda, a nested `def`, or a `functools.partial` of ' +
      'one. Not reported for threads and thread pools (nothing is pickled), or for a `Process` under an explicit ' +
      '`get_context("fork")` (fork copies the target); a pool pickles every task even under fork, so pools are ' +
      'reported regardless. Reported in tests too: they fail the same way on macOS CI.',
    bad:
      'from concurrent.futures import ProcessPoolExecutor\n\ndef resize_all(paths, size):\n    def resize(path):\n' +
      '        return load(path).resize(size)\n    with ProcessPoolExecutor() as pool:\n        return list(pool.map(resize, paths))\n',
    good:
      'from concurrent.futures import ProcessPoolExecutor\nfrom functools import partial\n\ndef resize(path, size):\n' +
      '    return load(path).resize(size)\n\ndef resize_all(paths, size):\n    with ProcessPoolExecutor() as pool:\n' +
      '        return list(pool.map(partial(resize, size=size), paths))\n',
  },
  callees: ['*Process', ...POOL_METHODS],
  options: z.object({}).strict(),
  messages: {
    target:
      '`{{target}}` is {{what}}: pickle cannot send it to a child started with spawn or forkserver ("Can\'t pickle local object"); define it at module level',
    task: '`{{target}}` given to `{{method}}` is {{what}}: a process pool pickles every task ("Can\'t pickle local object"); define it at module level',
  },
  create(ctx) {
    const { model } = ctx;
    const short = (node: Node): string => (node.text.length > 40 ? `${node.text.slice(0, 37)}...` : node.text).replace(/\s+/g, ' ');
    /** True when the pool a method is called on runs processes: built by a constructor that is not a thread pool. */
    const processPool = (receiver: Node): boolean => {
      if (model.kindOf(receiver, ctx.ancestors) !== 'pool') return false;
      const built = model.constructionsOf(receiver, ctx.ancestors);
      return built.length > 0 && built.every(({ call, scope }) => !THREAD_POOLS.has(model.calleeName(call, scope) ?? ''));
    };
    return {
      call(node) {
        const method = model.methodCall(node);
        if (method && POOL_METHODS.has(method.method)) {
          const fn = argument(node, method.method === 'submit' ? 'fn' : 'func', 0);
          const what = fn ? model.localCallable(fn, ctx.ancestors) : null;
          if (fn && what && processPool(method.receiver)) {
            ctx.report({ node: fn, messageId: 'task', data: { target: short(fn), method: method.method, what } });
          }
          return;
        }
        if (!model.mayConstructProcess(node) || model.kindOf(node, ctx.ancestors) !== 'process') return;
        const target = argument(node, 'target', 1);
        const what = target ? model.localCallable(target, ctx.ancestors) : null;
        if (!target || !what) return;
        // Fork copies the parent, target and all: nothing is pickled.
        if (model.execution.startMethodOf(node, ctx.ancestors) === 'fork') return;
        ctx.report({ node: target, messageId: 'target', data: { target: short(target), what } });
      },
    };
  },
});
