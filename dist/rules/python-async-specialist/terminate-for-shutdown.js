import { z } from 'zod';
import { defineRule, patternOption, regex } from '../../src/rule.js';
import { PROCESS_CLASSES, enclosingFunction, positionalArguments } from '../../src/engine/model.js';
const GUARDS = new Set(['if_statement', 'elif_clause', 'while_statement']);
export default defineRule({
    code: 'PTL105',
    name: 'terminate-for-shutdown',
    agent: 'python-async-specialist',
    severity: 'warning',
    enabledByDefault: true,
    docs: {
        summary: '`Process.terminate()`/`.kill()` used as the normal way to stop a worker.',
        why: '`terminate()` sends SIGTERM (`kill()` SIGKILL): the worker dies wherever it is — mid-frame, holding ' +
            'a queue\'s internal lock, with buffered results unflushed and CUDA memory not released. Queues shared ' +
            'with a terminated process can be left corrupted. Stop workers gracefully (a poison pill or a shutdown ' +
            'Event), `join(timeout)`, and keep `terminate()` as the fallback for a worker that is still alive. ' +
            'A `terminate()`/`kill()` inside an `except`, under an `is_alive()` check, or after a `terminate()` of ' +
            'the same process in the same function (escalation to SIGKILL) is such a fallback and is not reported.',
        bad: 'import multiprocessing as mp\n\nworker = mp.Process(target=detect, args=(frames,))\nworker.start()\n...\nworker.terminate()\n',
        good: 'import multiprocessing as mp\n\nworker = mp.Process(target=detect, args=(frames,))\nworker.start()\n...\n' +
            'frames.put(None)  # poison pill\nworker.join(timeout=5)\nif worker.is_alive():\n    worker.terminate()\n',
    },
    options: z
        .object({
        'process-name-pattern': patternOption('^(?:p|proc|process|\\w+_proc|\\w+_process)$', 'names taken to be processes when nothing else says what they are'),
        'processes-name-pattern': patternOption('^(?:procs|processes|workers|\\w+_procs|\\w+_processes|\\w+_workers)$', 'names taken to be collections of processes when nothing else says what they are'),
    })
        .strict(),
    messages: {
        terminate: '`{{receiver}}.{{method}}()` kills the process wherever it is (mid-frame, holding queue locks); stop it with a poison pill or shutdown Event and `join(timeout)`, keeping `{{method}}()` for `if {{receiver}}.is_alive():` afterwards',
    },
    create(ctx) {
        // Name patterns stand in for a process only where the file uses multiprocessing at all:
        // elsewhere `proc.kill()` is far more often a subprocess.Popen.
        // (Asked on first use: the model is complete only once visiting starts.)
        let hints;
        const nameHints = () => {
            // The module itself, or what starts processes (`from multiprocessing import Process`); not
            // `cpu_count` or `multiprocessing.dummy.Pool` (threads).
            const usesMultiprocessing = [...ctx.model.moduleImports.values()].some((q) => /^(?:torch\.)?multiprocessing(?:\.(?:context\.)?(?:Process|get_context))?$/.test(q));
            return (hints ??= usesMultiprocessing
                ? { process: regex(ctx.options['process-name-pattern']), processes: regex(ctx.options['processes-name-pattern']) }
                : {});
        };
        // Receivers already terminated in this function: a later kill() (or second terminate()) is the
        // escalation for a process that ignored SIGTERM, not the plan.
        const alreadyStopping = new Set();
        const scopeKey = (receiver) => `${enclosingFunction(ctx.ancestors)?.node.id ?? 0}:${receiver}`;
        return {
            call(node) {
                const call = ctx.model.methodCall(node);
                if (!call || (call.method !== 'terminate' && call.method !== 'kill') || positionalArguments(node).length > 0)
                    return;
                const key = scopeKey(call.receiverText);
                const escalation = alreadyStopping.has(key);
                alreadyStopping.add(key);
                if (escalation)
                    return;
                for (let i = ctx.ancestors.length - 1; i >= 0; i--) {
                    const a = ctx.ancestors[i];
                    if (a.type === 'function_definition' || a.type === 'lambda')
                        break;
                    if (a.type === 'except_clause')
                        return;
                    if (GUARDS.has(a.type) && a.node.childForFieldName('condition')?.text.includes('is_alive'))
                        return;
                }
                const receiver = call.receiverText.length > 40 ? 'process' : call.receiverText;
                const kind = ctx.model.kindOf(call.receiver, ctx.ancestors, nameHints());
                if (kind === 'process') {
                    ctx.report({ node, messageId: 'terminate', data: { receiver, method: call.method } });
                }
                else if (kind === null) {
                    // Built by a class of another module: the project phase knows whether it subclasses Process.
                    const origin = ctx.model.constructedBy(call.receiver, ctx.ancestors);
                    if (origin && !ctx.model.classByQname(origin)) {
                        const candidate = { origin, receiver, method: call.method, location: ctx.locate(node) };
                        ctx.record(candidate);
                    }
                }
            },
        };
    },
    project(ctx) {
        for (const { path, data } of ctx.records()) {
            const c = data;
            if (!ctx.index.ancestors(c.origin).some((a) => PROCESS_CLASSES.has(a)))
                continue;
            ctx.report({ path, location: c.location, messageId: 'terminate', data: { receiver: c.receiver, method: c.method } });
        }
    },
});
