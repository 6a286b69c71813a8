import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule, patternOption, regex } from '../../src/rule.js';
import { PROCESS_CLASSES, enclosingFunction, positionalArguments, type NameHints } from '../../src/engine/model.js';
import type { Location } from '../../src/engine/source.js';

interface Candidate {
  /** What the process runs: project classes it is an instance of, its `target=` (qualified names). */
  origins: string[];
  /** False when only the project index can tell that the receiver is a process (a class of another module). */
  known: boolean;
  receiver: string;
  method: string;
  location: Location;
}

const GUARDS = new Set(['if_statement', 'elif_clause', 'while_statement']);

export default defineRule({
  code: 'PTL105',
  name: 'terminate-for-shutdown',
  agent: 'python-async-specialist',
  severity: 'warning',
  enabledByDefault: true,
  testCode: 'ignore',
  docs: {
    summary: '`Process.terminate()`/`.kill()` used as the normal way to stop a worker.',
    why:
      '`terminate()` sends SIGTERM (`kill()` SIGKILL): the worker dies wherever it is — mid-frame, holding ' +
      'a queue\'s internal lock, with buffered results unflushed and CUDA memory not released. Queues shared ' +
      'with a terminated process can be left corrupted. Stop workers gracefully (a poison pill or a shutdown ' +
      'Event), `join(timeout)`, and keep `terminate()` as the fallback for a worker that is still alive. ' +
      'A `terminate()`/`kill()` inside an `except`, under an `is_alive()` check, or after a `terminate()` of ' +
      'the same process in the same function (escalation to SIGKILL) is such a fallback and is not reported.',
    bad:
      'import multiprocessing as mp\n\nworker = mp.Process(target=detect, args=(frames,))\nworker.start()\n...\nworker.terminate()\n',
    good:
      'import multiprocessing as mp\n\nworker = mp.Process(target=detect, args=(frames,))\nworker.start()\n...\n' +
      'frames.put(None)  # poison pill\nworker.join(timeout=5)\nif worker.is_alive():\n    worker.terminate()\n',
  },
  options: z
    .object({
      'process-name-pattern': patternOption(
        '^(?:p|proc|process|\\w+_proc|\\w+_process)$',
        'names taken to be processes when nothing else says what they are',
      ),
      'processes-name-pattern': patternOption(
        '^(?:procs|processes|workers|\\w+_procs|\\w+_processes|\\w+_workers)$',
        'names taken to be collections of processes when nothing else says what they are',
      ),
    })
    .strict(),
  messages: {
    terminate:
      '`{{receiver}}.{{method}}()` kills the process wherever it is (mid-frame, holding queue locks); stop it with a poison pill or shutdown Event and `join(timeout)`, keeping `{{method}}()` for `if {{receiver}}.is_alive():` afterwards',
  },
  create(ctx) {
    // Name patterns stand in for a process only where the file uses multiprocessing at all:
    // elsewhere `proc.kill()` is far more often a subprocess.Popen.
    // (Asked on first use: the model is complete only once visiting starts.)
    let hints: NameHints | undefined;
    const nameHints = (): NameHints => {
      // The module itself, or what starts processes (`from multiprocessing import Process`); not
      // `cpu_count` or `multiprocessing.dummy.Pool` (threads).
      const usesMultiprocessing = [...ctx.model.moduleImports.values()].some((q) =>
        /^(?:torch\.)?multiprocessing(?:\.(?:context\.)?(?:Process|get_context))?$/.test(q),
      );
      return (hints ??= usesMultiprocessing
        ? { process: regex(ctx.options['process-name-pattern']), processes: regex(ctx.options['processes-name-pattern']) }
        : {});
    };
    // Receivers already terminated on a normal path in this function: a later kill() (or second
    // terminate()) is the escalation for a process that ignored SIGTERM, not the plan.
    const alreadyStopping = new Set<string>();
    const scopeKey = (receiver: string): string => `${enclosingFunction(ctx.ancestors)?.node.id ?? 0}:${receiver}`;
    /**
     * A fallback: on an error path (inside an `except`, right before a `raise`), or for a process
     * that is still alive (under an `is_alive()` check). Only the second is on the normal path.
     */
    const fallback = (node: Node): 'error' | 'alive' | null => {
      let alive = false;
      for (let i = ctx.ancestors.length - 1; i >= 0; i--) {
        const a = ctx.ancestors[i]!;
        if (a.type === 'function_definition' || a.type === 'lambda') break;
        if (a.type === 'except_clause') return 'error';
        if (GUARDS.has(a.type) && a.node.childForFieldName('condition')?.text.includes('is_alive')) alive = true;
      }
      if (ctx.model.flow.followedByRaise(node)) return 'error';
      return alive ? 'alive' : null;
    };
    return {
      call(node) {
        const call = ctx.model.methodCall(node);
        if (!call || (call.method !== 'terminate' && call.method !== 'kill') || positionalArguments(node).length > 0) return;
        const fn = enclosingFunction(ctx.ancestors);
        // `def terminate(self): self._process.terminate()`: a wrapper; its callers decide.
        if (fn?.type === 'function_definition' && ctx.model.nameOf(fn.node) === call.method) return;
        const key = scopeKey(call.receiverText);
        if (alreadyStopping.has(key)) return;
        const path = fallback(node);
        if (path === 'error') return;
        alreadyStopping.add(key);
        if (path === 'alive') return;
        const receiver = call.receiverText.length > 40 ? 'process' : call.receiverText;
        const kind = ctx.model.kindOf(call.receiver, ctx.ancestors, nameHints());
        const origins = ctx.model.processOrigins(call.receiver, ctx.ancestors);
        if (kind === 'process' || kind === null) {
          // A class of another module may subclass Process; a target or run() may handle SIGTERM:
          // the project phase knows.
          if (kind === null && !origins.some((o) => !ctx.model.classByQname(o))) return;
          const candidate: Candidate = { origins, known: kind === 'process', receiver, method: call.method, location: ctx.locate(node) };
          ctx.record(candidate);
        }
      },
    };
  },
  project(ctx) {
    const { index } = ctx;
    /** A process whose `run()` (for a class) or target installs a SIGTERM handler treats terminate() as a request. */
    const handlesSigterm = (origin: string): boolean =>
      index.reaches(index.classByQname(origin) ? `${origin}.run` : origin, (facts) => facts.sigterm === true);
    for (const { path, data } of ctx.records()) {
      const c = data as Candidate;
      if (!c.known && !c.origins.some((o) => index.ancestors(o).some((a) => PROCESS_CLASSES.has(a)))) continue;
      if (c.method === 'terminate' && c.origins.some(handlesSigterm)) continue;
      ctx.report({ path, location: c.location, messageId: 'terminate', data: { receiver: c.receiver, method: c.method } });
    }
  },
});
