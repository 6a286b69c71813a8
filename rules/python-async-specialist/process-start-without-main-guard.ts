import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../src/rule.js';
import { PROCESS_CLASSES, argument, stringValue, type SemanticModel } from '../../src/engine/model.js';
import type { Container } from '../../src/engine/traverse.js';
import type { Location } from '../../src/engine/source.js';

/** A `.start()` at module level on an instance of a class of another module: the index says whether it is a Process. */
interface Candidate {
  origins: string[];
  what: string;
  location: Location;
}

const SCOPES: ReadonlySet<string> = new Set(['function_definition', 'lambda', 'class_definition']);

/** Calls that start worker processes as soon as they run (a pool's workers start in its constructor). */
const POOLS: ReadonlySet<string> = new Set(['multiprocessing.Pool', 'multiprocessing.pool.Pool', 'torch.multiprocessing.Pool', 'multiprocessing.context.BaseContext.Pool']);
/** Executors start their workers on the first `submit`/`map`, not in the constructor. */
const EXECUTORS: ReadonlySet<string> = new Set(['concurrent.futures.ProcessPoolExecutor', 'concurrent.futures.process.ProcessPoolExecutor']);
/** Launchers that always use the spawn start method. */
const SPAWNERS: ReadonlySet<string> = new Set([
  'torch.multiprocessing.spawn',
  'torch.multiprocessing.start_processes',
  'torch.multiprocessing.spawn.spawn',
  'torch.multiprocessing.spawn.start_processes',
  'torch_xla.distributed.xla_multiprocessing.spawn',
]);
/** `Manager()` starts the manager's server process right away. */
const MANAGER_FUNCTIONS: ReadonlySet<string> = new Set(['multiprocessing.Manager', 'torch.multiprocessing.Manager']);
/** Manager classes, whose server process starts with `.start()` or `with`. */
const MANAGER_CLASSES: ReadonlySet<string> = new Set([
  'multiprocessing.managers.BaseManager',
  'multiprocessing.managers.SyncManager',
  'multiprocessing.managers.SharedMemoryManager',
]);
const SET_START_METHOD: ReadonlySet<string> = new Set(['multiprocessing.set_start_method', 'torch.multiprocessing.set_start_method', 'multiprocessing.context.set_start_method']);

type GuardKind = 'main' | 'not-main' | null;

const MAIN_EQ = /^__name__\s*(==|!=)\s*(['"])__main__\2$|^(['"])__main__\3\s*(==|!=)\s*__name__$/;
const MAIN_PROCESS = /^(?:[A-Za-z_][\w.]*\.)?(?:current_process\(\)\.name (==|!=) (['"])MainProcess\2|parent_process\(\) is (not )?None)$/;

/**
 * What a condition says about the module's name: `__name__ == "__main__"` (either way round, in
 * an `and`, or the run-only-in-the-parent checks `current_process().name == "MainProcess"` and
 * `parent_process() is None`) is 'main'; the negations are 'not-main'.
 */
function guardKind(cond: Node | null): GuardKind {
  if (!cond) return null;
  switch (cond.type) {
    case 'parenthesized_expression':
      return guardKind(cond.namedChild(0));
    case 'not_operator': {
      const inner = guardKind(cond.childForFieldName('argument'));
      return inner === 'main' ? 'not-main' : inner === 'not-main' ? 'main' : null;
    }
    case 'boolean_operator': {
      const op = cond.childForFieldName('operator')?.type ?? cond.children.find((c) => c?.type === 'and' || c?.type === 'or')?.type;
      const left = guardKind(cond.childForFieldName('left'));
      const right = guardKind(cond.childForFieldName('right'));
      // `__name__ == "__main__" and args.workers`: runs only as the main module.
      if (op === 'and') return left === 'main' || right === 'main' ? 'main' : null;
      // `__name__ != "__main__" or not run`: runs on import unless both say main.
      return left === 'not-main' || right === 'not-main' ? 'not-main' : left === 'main' && right === 'main' ? 'main' : null;
    }
    case 'comparison_operator': {
      const text = cond.text.replace(/\s+/g, ' ').trim();
      const m = MAIN_EQ.exec(text);
      if (m) return (m[1] ?? m[4]) === '==' ? 'main' : 'not-main';
      const p = MAIN_PROCESS.exec(text.replace(/\s*([.()])\s*/g, '$1'));
      if (p) return p[1] === '!=' || p[3] ? 'not-main' : 'main';
      return null;
    }
    default:
      return null;
  }
}

/** True when the position is in the branch of an `if`/`elif`/`else` that runs only in the main module. */
function guardedAt(ancestors: readonly Container[], pos: number): boolean {
  for (let i = 0; i < ancestors.length; i++) {
    const a = ancestors[i]!;
    if (a.type !== 'if_statement' && a.type !== 'elif_clause') continue;
    const kind = guardKind(a.node.childForFieldName('condition'));
    if (kind === null) continue;
    const body = a.node.childForFieldName('consequence');
    const inBody = body !== null && body.startIndex <= pos && pos < body.endIndex;
    if (inBody && kind === 'main') return true;
    // `if __name__ != "__main__": ... else: <main only>`.
    if (!inBody && kind === 'not-main' && a.type === 'if_statement') {
      const next = ancestors[i + 1];
      if (next?.type === 'else_clause' && next.start >= a.start && next.end <= a.end) return true;
    }
  }
  return false;
}

function atModuleLevel(ancestors: readonly Container[]): boolean {
  for (const a of ancestors) if (SCOPES.has(a.type)) return false;
  return true;
}

/** True inside a `try` whose handlers catch the RuntimeError that `set_start_method` raises the second time. */
function inTryCatchingRuntimeError(ancestors: readonly Container[], pos: number): boolean {
  for (const a of ancestors) {
    if (a.type !== 'try_statement') continue;
    const body = a.node.childForFieldName('body');
    if (!body || pos < body.startIndex || pos >= body.endIndex) continue;
    for (const clause of a.node.namedChildren) {
      if (clause?.type !== 'except_clause') continue;
      const caught = clause.namedChildren.find((c) => c !== null && c.type !== 'block' && c.type !== 'comment')?.text ?? '';
      if (caught === '' || /\b(?:RuntimeError|Exception|BaseException)\b/.test(caught)) return true;
    }
  }
  return false;
}

/** Under `if mp.get_start_method(allow_none=True) is None:` and the like: false in a child, whose method is already set. */
function underStartMethodCheck(ancestors: readonly Container[]): boolean {
  return ancestors.some((a) => (a.type === 'if_statement' || a.type === 'elif_clause') && /\bget_start_method\b/.test(a.node.childForFieldName('condition')?.text ?? ''));
}

interface Start {
  /** How the finding names what starts: `Pool(...)`, `worker.start()`. */
  what: string;
  kind: 'start' | 'set-start-method' | 'spawn';
}

export default defineRule({
  code: 'PTL109',
  name: 'process-start-without-main-guard',
  agent: 'python-async-specialist',
  severity: 'warning',
  enabledByDefault: true,
  testCode: 'report',
  docs: {
    summary: 'A process, pool or manager started (or the start method set) when the module is imported, outside `if __name__ == "__main__":`.',
    why:
      'Under the spawn and forkserver start methods (the default on macOS and Windows, and on Linux from Python 3.14) every ' +
      'child process starts a fresh interpreter that re-imports the main module (as `__mp_main__`) and the modules its ' +
      'target lives in. Code at module level runs again there: a `Pool(...)`, `Manager()`, `Process(...).start()` or ' +
      '`torch.multiprocessing.spawn(...)` tries to start processes while the child is still bootstrapping and fails with ' +
      '"An attempt has been made to start a new process before the current process has finished its bootstrapping phase" ' +
      '(a pool then respawns its dying workers forever), and `set_start_method(...)` raises "context has already been set". ' +
      'Creating a `Process` object, a `ProcessPoolExecutor` that is only used from functions, or a context with ' +
      '`get_context(...)` is harmless; so is `set_start_method(..., force=True)` or one inside `try/except RuntimeError`, and ' +
      'anything under the fork start method (no re-import). A call at module level of a function of the same file that ' +
      'starts processes (an unguarded `main()`) is reported at the call. A package\'s `__main__.py` is not reported: ' +
      'multiprocessing does not re-run it in children (see `multiprocessing/spawn.py`). Reported in test code too: a test ' +
      'module is imported in every worker whose task function lives in it.',
    bad:
      'import multiprocessing as mp\n\ndef detect(path):\n    ...\n\npool = mp.Pool(4)\nresults = pool.map(detect, ["a.jpg", "b.jpg"])\n',
    good:
      'import multiprocessing as mp\n\ndef detect(path):\n    ...\n\nif __name__ == "__main__":\n    with mp.Pool(4) as pool:\n        results = pool.map(detect, ["a.jpg", "b.jpg"])\n',
  },
  callees: ['start', '*Pool', 'ProcessPoolExecutor', 'spawn', 'start_processes', 'set_start_method', 'Manager', 'SharedMemoryManager', 'SyncManager'],
  options: z.object({}).strict(),
  messages: {
    start:
      '`{{what}}` runs when this module is imported: under spawn/forkserver (macOS, Windows, Linux from Python 3.14) each child re-imports it and fails starting processes during bootstrap; move it under `if __name__ == "__main__":`',
    setStartMethod:
      '`{{what}}` runs again when a spawned child re-imports this module and raises "context has already been set"; call it under `if __name__ == "__main__":` (or pass `force=True`)',
    spawn:
      '`{{what}}` runs when this module is imported, and its children (always spawned) re-import the module and run it again; move it under `if __name__ == "__main__":`',
    calls:
      '`{{what}}()` runs when this module is imported and {{effect}} (`{{start}}`, line {{line}}): under spawn/forkserver each child re-imports the module and runs it again, which fails during bootstrap; call it under `if __name__ == "__main__":`',
  },
  create(ctx) {
    const { model } = ctx;
    // multiprocessing does not re-run a package's __main__.py in its children (spawn.py, _fixup_main_from_name).
    const isPackageMain = /(?:^|\/)__main__\.py$/.test(ctx.file.path);
    /**
     * A module some other program runs or imports lazily, never the interpreter's main module: a
     * Streamlit script (run by `streamlit run`), or an ASGI/WSGI application module (a module-level
     * `app` served by uvicorn or gunicorn, with no main guard). Children re-import such a module only
     * when what they run is defined in it.
     */
    let hosted: boolean | undefined;
    const isHostedModule = (): boolean =>
      (hosted ??=
        [...model.moduleImports.values()].some((q) => q === 'streamlit' || q.startsWith('streamlit.')) ||
        ((model.moduleValueText('app') !== null || model.moduleValueText('application') !== null) && !/__name__\s*==|==\s*__name__/.test(ctx.file.source)));
    /** A process whose target (or `run()`) is defined in this file: every child imports this module to run it. */
    const runsCodeOfThisFile = (receiver: Node, ancestors: readonly Container[]): boolean =>
      model.processOrigins(receiver, ancestors).some((o) => o === model.file.module || o.startsWith(`${model.file.module}.`));
    /** The file sets the fork start method: its default-context processes and pools do not re-import it. */
    let forkDefault: boolean | undefined;
    const defaultIsFork = (): boolean => (forkDefault ??= model.execution.startMethods.at(-1) === 'fork');

    /** True when a process or pool construction uses fork: a fork context, ForkProcess, or the file's fork default. */
    const forked = (construction: Node, ancestors: readonly Container[]): boolean => {
      const method = model.execution.startMethodOf(construction, ancestors);
      return method === 'fork' || (method === 'default' && defaultIsFork());
    };

    /** The class (qualified name) of the object a `.start()` is called on, when one construction says. */
    const receiverClass = (receiver: Node, ancestors: readonly Container[]): string | null => {
      for (const { call, scope } of model.constructionsOf(receiver, ancestors)) {
        const q = model.calleeName(call, scope);
        if (q) return q;
      }
      return null;
    };

    const shortText = (node: Node): string => {
      const text = node.text.replace(/\s+/g, ' ');
      if (text.length <= 50) return text;
      const fn = node.childForFieldName('function');
      return fn ? `${fn.text.replace(/\s+/g, '')}(...)` : 'call';
    };

    /** A call in a `with` item (`with Pool() as p:`): entering it starts what a bare construction might not. */
    const inWithItem = (node: Node): boolean => {
      const parent = node.parent;
      return parent?.type === 'with_item' || (parent?.type === 'as_pattern' && parent.parent?.type === 'with_item');
    };

    /** A module-level executor is harmless until used: used here when entered with `with` or `submit`/`map`ped at module level. */
    const executorUsedAtModuleLevel = (node: Node): boolean => {
      if (inWithItem(node)) return true;
      const parent = node.parent;
      if (parent?.type !== 'assignment') return false;
      const target = parent.childForFieldName('left');
      if (target?.type !== 'identifier') return false;
      const use = new RegExp(`\\b${target.text}\\s*\\.\\s*(?:submit|map)\\s*\\(`, 'g');
      for (let m = use.exec(ctx.file.source); m !== null; m = use.exec(ctx.file.source)) {
        let n: Node | null = parent.tree.rootNode.descendantForIndex(m.index);
        let nested = false;
        for (; n; n = n.parent) if (SCOPES.has(n.type)) nested = true;
        if (!nested) return true;
      }
      return false;
    };

    /**
     * What a call starts, if it starts processes (or sets the start method): the question asked of
     * module-level calls and of the calls in functions that module-level code calls. `moduleLevel`:
     * an executor counts there only when it is used there too.
     */
    const starts = (node: Node, ancestors: readonly Container[], moduleLevel: boolean): Start | 'deferred' | null => {
      const callee = model.calleeName(node, ancestors);
      const method = model.methodCall(node);
      if (callee !== null && SET_START_METHOD.has(callee)) {
        const name = stringValue(argument(node, 'method', 0));
        if (name === 'fork' || argument(node, 'force', 1)?.type === 'true') return null;
        if (inTryCatchingRuntimeError(ancestors, node.startIndex) || underStartMethodCheck(ancestors)) return null;
        return { what: shortText(node), kind: 'set-start-method' };
      }
      if (callee !== null && SPAWNERS.has(callee)) return { what: shortText(node), kind: 'spawn' };
      if (callee !== null && MANAGER_FUNCTIONS.has(callee)) return defaultIsFork() ? null : { what: shortText(node), kind: 'start' };
      // `Pool(...)`, or a pool subclass of this file (`class NoDaemonPool(multiprocessing.pool.Pool)`).
      if (callee !== null && (POOLS.has(callee) || (model.classByQname(callee) !== undefined && model.inheritsFrom(callee, POOLS)))) {
        return forked(node, ancestors) ? null : { what: shortText(node), kind: 'start' };
      }
      if (callee !== null && EXECUTORS.has(callee)) {
        if (moduleLevel && !executorUsedAtModuleLevel(node)) return null;
        const context = argument(node, 'mp_context', 2);
        const named = context ? model.execution.contextStartMethod(context, ancestors) : 'default';
        if (named === 'fork' || (named === 'default' && defaultIsFork())) return null;
        return { what: shortText(node), kind: 'start' };
      }
      if (callee !== null && MANAGER_CLASSES.has(callee)) return inWithItem(node) ? { what: shortText(node), kind: 'start' } : null;
      if (!method) return null;
      // `ctx.Pool(...)`, `ctx.Manager()` on a multiprocessing context.
      if ((method.method === 'Pool' || method.method === 'Manager') && model.kindOf(method.receiver, ancestors) === 'mp-context') {
        const named = model.execution.contextStartMethod(method.receiver, ancestors);
        if (named === 'fork' || (named === 'default' && defaultIsFork())) return null;
        return { what: shortText(node), kind: 'start' };
      }
      if (method.method !== 'start' || (node.childForFieldName('arguments')?.namedChildCount ?? 0) > 0) return null;
      const receiver = method.receiver;
      const what = `${method.receiverText.length > 40 ? 'process' : method.receiverText.replace(/\s+/g, ' ')}.start()`;
      const kind = model.kindOf(receiver, ancestors);
      if (kind === 'process') {
        const built = model.constructionsOf(receiver, ancestors);
        if (built.length > 0 && built.every(({ call, scope }) => forked(call, scope))) return null;
        if (built.length === 0 && defaultIsFork()) return null;
        return { what, kind: 'start' };
      }
      if (kind !== null) return null;
      const cls = receiverClass(receiver, ancestors);
      if (cls !== null && (MANAGER_CLASSES.has(cls) || (model.classByQname(cls) !== undefined && model.inheritsFrom(cls, MANAGER_CLASSES)))) {
        return { what, kind: 'start' };
      }
      // An instance of a class of another module: a Process subclass if the index says so.
      return model.processOrigins(receiver, ancestors).some((o) => !model.classByQname(o)) ? 'deferred' : null;
    };

    const messageId = (kind: Start['kind']): 'start' | 'setStartMethod' | 'spawn' =>
      kind === 'set-start-method' ? 'setStartMethod' : kind === 'spawn' ? 'spawn' : 'start';

    let calledFunctionsChecked = false;
    return {
      call(node) {
        if (isPackageMain) return;
        const ancestors = ctx.ancestors;
        if (!atModuleLevel(ancestors)) {
          // A function that starts processes: is it called from module level without a guard?
          if (!calledFunctionsChecked && !isHostedModule() && starts(node, ancestors, false) !== null) {
            calledFunctionsChecked = true;
            reportUnguardedCalls(model, starts, (call, data) => ctx.report({ node: call, messageId: 'calls', data }));
          }
          return;
        }
        if (guardedAt(ancestors, node.startIndex)) return;
        const found = starts(node, ancestors, true);
        if (found === null) return;
        if (isHostedModule()) {
          const method = model.methodCall(node);
          if (found === 'deferred' || method?.method !== 'start' || !runsCodeOfThisFile(method.receiver, ancestors)) return;
        }
        if (found === 'deferred') {
          const receiver = model.methodCall(node)!.receiver;
          const candidate: Candidate = { origins: model.processOrigins(receiver, ancestors), what: `${receiver.text.replace(/\s+/g, ' ').slice(0, 40)}.start()`, location: ctx.locate(node) };
          ctx.record(candidate);
          return;
        }
        ctx.report({ node, messageId: messageId(found.kind), data: { what: found.what } });
      },
    };
  },
  project(ctx) {
    const { index } = ctx;
    for (const { path, data } of ctx.records()) {
      const c = data as Candidate;
      if (!c.origins.some((o) => index.ancestors(o).some((a) => PROCESS_CLASSES.has(a)))) continue;
      ctx.report({ path, location: c.location, messageId: 'start', data: { what: c.what } });
    }
  },
});

type StartsQuestion = (node: Node, ancestors: readonly Container[], moduleLevel: boolean) => Start | 'deferred' | null;

/** The module-level statements that run on import: not definitions, not the branches a main guard keeps for the main module. */
function moduleLevelStatements(root: Node): Node[] {
  const out: Node[] = [];
  const pending: Node[] = [...root.namedChildren].filter((n): n is Node => n !== null).reverse();
  while (pending.length > 0) {
    const stmt = pending.pop()!;
    switch (stmt.type) {
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition':
      case 'comment':
        break;
      case 'if_statement': {
        const kind = guardKind(stmt.childForFieldName('condition'));
        const branches: Node[] = [];
        if (kind !== 'main') branches.push(stmt.childForFieldName('consequence')!);
        for (const alt of stmt.childrenForFieldName('alternative')) {
          if (!alt) continue;
          if (alt.type === 'else_clause' && kind === 'not-main') continue;
          if (alt.type === 'elif_clause' && guardKind(alt.childForFieldName('condition')) === 'main') continue;
          branches.push(alt.childForFieldName('body') ?? alt.childForFieldName('consequence') ?? alt);
        }
        // The condition itself runs on import.
        const cond = stmt.childForFieldName('condition');
        if (cond) out.push(cond);
        for (const b of branches.reverse()) if (b) pending.push(...[...b.namedChildren].filter((n): n is Node => n !== null).reverse());
        break;
      }
      case 'block':
      case 'try_statement':
      case 'with_statement':
      case 'for_statement':
      case 'while_statement':
      case 'else_clause':
      case 'except_clause':
      case 'finally_clause':
      case 'elif_clause': {
        for (const child of [...stmt.namedChildren].reverse()) {
          if (!child) continue;
          if (child.type === 'block' || child.type.endsWith('_clause')) pending.push(child);
          else out.push(child); // with items, loop iterables, conditions
        }
        break;
      }
      default:
        out.push(stmt);
    }
  }
  return out;
}

/**
 * Reports each call made on import (module level, unguarded) of a function of this file that
 * starts processes, itself or through other functions of this file (up to three calls deep).
 */
function reportUnguardedCalls(
  model: SemanticModel,
  starts: StartsQuestion,
  report: (call: Node, data: Record<string, string | number>) => void,
): void {
  const byQname = new Map(model.functions.map((f) => [f.qname, f] as const));
  type Found = { start: string; line: number; effect: string };
  const memo = new Map<string, Found | null>();
  const startOf = (qname: string, depth: number): Found | null => {
    if (memo.has(qname)) return memo.get(qname)!;
    memo.set(qname, null); // recursion
    const fn = byQname.get(qname);
    let found: Found | null = null;
    if (fn) {
      model.flow.forEachCall(fn.capture.node, (call, ancestors) => {
        if (found) return;
        const s = starts(call, ancestors, false);
        if (s !== null && s !== 'deferred') {
          found = { start: s.what, line: call.startPosition.row + 1, effect: s.kind === 'set-start-method' ? 'sets the start method' : 'starts processes' };
          return;
        }
        if (depth >= 3) return;
        const callee = model.calleeName(call, ancestors);
        if (callee && byQname.has(callee)) found = startOf(callee, depth + 1);
      });
    }
    memo.set(qname, found);
    return found;
  };
  const root = model.functions[0]?.capture.node.tree.rootNode;
  if (!root) return;
  for (const stmt of moduleLevelStatements(root)) {
    const calls = stmt.type === 'call' ? [stmt] : [];
    for (const c of stmt.descendantsOfType('call')) if (c && c.id !== stmt.id) calls.push(c);
    for (const call of calls) {
      // Calls inside a lambda at module level do not run on import.
      let inLambda = false;
      for (let n = call.parent; n && n.id !== stmt.id; n = n.parent) if (n.type === 'lambda') inLambda = true;
      if (inLambda) continue;
      const callee = model.calleeName(call, []);
      if (!callee || !byQname.has(callee)) continue;
      const found = startOf(callee, 1);
      if (found) report(call, { what: model.calleeParts(call)?.join('.') ?? callee.split('.').pop()!, start: found.start, line: found.line, effect: found.effect });
    }
  }
}
