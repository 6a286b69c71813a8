import path from 'node:path';
import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule, type Fix, type Visitors } from '../../src/rule.js';
import { appendArgument } from '../../src/engine/edits.js';
import { PROCESS_CLASSES, argument, hasSplat, type SemanticModel, type ValueKind } from '../../src/engine/model.js';
import { inTimedTest } from '../../src/engine/testcode.js';
import type { Location } from '../../src/engine/source.js';
import type { Container } from '../../src/engine/traverse.js';

/** What a test waits for: a child process or thread to end (`join`), an event to be set (`wait`). */
type Waited = 'process' | 'thread' | 'event';

const WAITED_BY: Readonly<Record<string, ReadonlySet<Waited>>> = {
  join: new Set<Waited>(['process', 'thread']),
  wait: new Set<Waited>(['event']),
};

const THREAD_CLASSES: ReadonlySet<string> = new Set(['threading.Thread', 'threading.Timer']);
const EVENT_CLASSES: ReadonlySet<string> = new Set(['threading.Event', 'multiprocessing.Event']);

/** `@pytest.fixture`, `@pytest.fixture(scope="module")`, `@fixture`, `@pytest_asyncio.fixture`. */
const FIXTURE_DECORATOR = /^(?:[A-Za-z_][\w.]*\.)?fixture\b/;
const FIXTURE_NAME = /\bname\s*=\s*(['"])([A-Za-z_]\w*)\1/;

/** Calls on the receiver, earlier in the same function, after which the wait cannot be long. */
const ENDS_CHILD: ReadonlySet<string> = new Set(['kill', 'terminate']);
const SETS_EVENT: ReadonlySet<string> = new Set(['set']);
const CLEARS_EVENT: ReadonlySet<string> = new Set(['clear']);

/** A wait whose receiver the file cannot tell, left to the project phase. */
interface Candidate {
  type: 'wait';
  method: string;
  receiver: string;
  location: Location;
  /** A fixture parameter whose fixture is not in this file (a `conftest.py`'s). */
  fixture?: string;
  /** Project classes (defined in other files) whose instance the receiver holds. */
  classes?: string[];
}

/** A fixture of a `conftest.py`, with what it provides. */
interface FixtureRecord {
  type: 'fixture';
  name: string;
  kind?: Waited;
  classes?: string[];
}

type RecordData = Candidate | FixtureRecord;

/** What a value holds, as far as this rule cares: a kind it waits on, or project classes of other files. */
interface Provided {
  kind?: Waited;
  classes: string[];
}

/** A Python float literal for a number of seconds (`10.0`, `0.5`). */
function seconds(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

/**
 * `t.join()` → `t.join(timeout=10.0)`; `ev.wait(None)` → `ev.wait(10.0)`. Unsafe: after the timeout
 * the test goes on with the child still running (or the event unset), so it must check.
 */
function addTimeout(call: Node, method: string, receiver: string, timeout: Node | null, value: number, source: string): Fix | undefined {
  const literal = seconds(value);
  const check = method === 'join' ? `assert \`not ${receiver}.is_alive()\` after it` : 'assert what `wait` returns (False on timeout)';
  const title = `Pass \`timeout=${literal}\` (unsafe: the call then returns after ${literal} s even if it did not finish; ${check})`;
  if (timeout) return { title, applicability: 'unsafe', edits: [{ start: timeout.startIndex, end: timeout.endIndex, text: literal }] };
  const edit = appendArgument(call, `timeout=${literal}`, source);
  return edit ? { title, applicability: 'unsafe', edits: [edit] } : undefined;
}

function waitedKind(kind: ValueKind | null): Waited | undefined {
  return kind === 'process' || kind === 'thread' || kind === 'event' ? kind : undefined;
}

/** The kind a class of this file (or, with `ancestors`, of the project) makes, from its bases. */
function kindOfClassBases(bases: readonly string[]): Waited | undefined {
  if (bases.some((b) => PROCESS_CLASSES.has(b))) return 'process';
  if (bases.some((b) => THREAD_CLASSES.has(b))) return 'thread';
  if (bases.some((b) => EVENT_CLASSES.has(b))) return 'event';
  return undefined;
}

/**
 * What the value of `node` is: a process, thread or event the file can see built (`Process(...)`,
 * `threading.Event()`, an instance of a `threading.Thread` subclass of this file), or instances of
 * project classes defined elsewhere, for the project index to decide. An `asyncio.Event` is
 * awaited, never blocked on: not this rule's.
 */
function provided(model: SemanticModel, node: Node, scope: readonly Container[]): Provided {
  const constructions = model.constructionsOf(node, scope);
  const callees = constructions.map(({ call, scope: s }) => model.calleeName(call, s));
  if (callees.some((c) => c?.startsWith('asyncio.'))) return { classes: [] };
  const known = model.kindOf(node, scope);
  const kind = waitedKind(known);
  if (kind) return { kind, classes: [] };
  // A queue, a pool, a lock: something else, whatever its class.
  if (known !== null) return { classes: [] };
  const classes: string[] = [];
  for (const callee of callees) {
    if (!callee) continue;
    const local = model.classByQname(callee);
    if (local) {
      const fromBases = model.inheritsFrom(callee, PROCESS_CLASSES) ? 'process' : model.inheritsFrom(callee, THREAD_CLASSES) ? 'thread' : model.inheritsFrom(callee, EVENT_CLASSES) ? 'event' : undefined;
      if (fromBases) return { kind: fromBases, classes: [] };
      continue;
    }
    // `ThreadExceptionHandler(target=f)` imported from a helper module: a CapWords callee of the project.
    if (/(?:^|\.)[A-Z]\w*$/.test(callee) && callee.includes('.')) classes.push(callee);
  }
  return { classes: [...new Set(classes)].sort() };
}

/** Callees that take a coroutine: a `wait()` handed to one is an asyncio event's, and blocks nothing here. */
const COROUTINE_CONSUMERS: ReadonlySet<string> = new Set(['wait_for', 'create_task', 'ensure_future', 'gather', 'shield', 'run_until_complete', 'run_coroutine_threadsafe']);

/** True when the call is an argument of `asyncio.wait_for(...)`, `loop.create_task(...)` and their kin: a coroutine, not a wait. */
function handedToAsyncio(model: SemanticModel, call: Node, ancestors: readonly Container[]): boolean {
  const args = call.parent;
  const outer = args?.type === 'argument_list' ? args.parent : null;
  if (outer?.type !== 'call') return false;
  const callee = model.calleeName(outer, ancestors);
  const last = callee?.split('.').pop() ?? model.methodCall(outer)?.method;
  return callee?.startsWith('asyncio.') === true || (last !== undefined && COROUTINE_CONSUMERS.has(last));
}

/** The values a fixture function provides: what it returns or yields (not what functions nested in it do). */
function fixtureValues(fn: Node): Node[] {
  const nested = fn.descendantsOfType(['function_definition', 'lambda']).filter((n): n is Node => n !== null && n.id !== fn.id);
  const out: Node[] = [];
  for (const n of fn.descendantsOfType(['return_statement', 'yield'])) {
    if (!n || nested.some((d) => d.startIndex <= n.startIndex && n.endIndex <= d.endIndex)) continue;
    const value = n.namedChild(0);
    if (value && value.type !== 'none') out.push(value);
  }
  return out;
}

/** The fixtures a file defines (pytest's name, `name=` included), with what each provides. */
function fixturesOf(model: SemanticModel): Map<string, Provided> {
  const out = new Map<string, Provided>();
  for (const { capture, ancestors } of model.functions) {
    const decorators = model.decoratorsOf(capture.node);
    const mark = decorators.find((d) => FIXTURE_DECORATOR.test(d));
    if (mark === undefined) continue;
    const name = FIXTURE_NAME.exec(mark)?.[2] ?? model.nameOf(capture.node);
    if (!name || out.has(name)) continue;
    const scope = [...ancestors, capture];
    const found: Provided = { classes: [] };
    for (const value of fixtureValues(capture.node)) {
      const p = provided(model, value, scope);
      found.kind ??= p.kind;
      found.classes.push(...p.classes);
    }
    out.set(name, found);
  }
  return out;
}

/** The function among `ancestors` whose parameter the name `receiver` is, if it is one. */
function parameterOf(model: SemanticModel, receiver: Node, ancestors: readonly Container[]): Container | undefined {
  if (receiver.type !== 'identifier') return undefined;
  const key = model.bindingKey(receiver.text, ancestors);
  const id = key === null ? NaN : Number(key.slice(0, key.indexOf(':')));
  const fn = ancestors.find((a) => a.node.id === id && a.type === 'function_definition');
  if (!fn || !model.parameterNames(fn.node).includes(receiver.text)) return undefined;
  // pytest hands fixtures only to tests and to other fixtures.
  const isTest = /^test/.test(model.nameOf(fn.node) ?? '');
  return isTest || model.decoratorsOf(fn.node).some((d) => FIXTURE_DECORATOR.test(d)) ? fn : undefined;
}

/** True when `offset` lies after a call on the receiver that ends the wait (`p.kill()` before `p.join()`, `ev.set()` before `ev.wait()`). */
function cannotWaitLong(model: SemanticModel, method: string, receiverText: string, offset: number, ancestors: readonly Container[]): boolean {
  if (method === 'join') return model.flow.callsOn(receiverText, ENDS_CHILD, ancestors).some((at) => at < offset);
  const sets = model.flow.callsOn(receiverText, SETS_EVENT, ancestors).filter((at) => at < offset);
  if (sets.length === 0) return false;
  const lastSet = Math.max(...sets);
  return !model.flow.callsOn(receiverText, CLEARS_EVENT, ancestors).some((at) => at > lastSet && at < offset);
}

const MAIN_GUARD = /^if\s+__name__\s*==\s*(['"])__main__\1\s*:/m;
const PYTEST_CODE = /^[ \t]*(?:async[ \t]+def[ \t]+test|def[ \t]+test|class[ \t]+Test)|\bfixture\b|\bTestCase\b/m;

/** The modules pytest collects by default: `test_*.py`, `*_test.py`, `conftest.py`. */
const PYTEST_MODULE = /^(?:test_\w*|\w+_test|conftest)\.py$/;

/**
 * True for a script that only lives among the tests, run by hand (`test/kernel/moe_tuning.py`,
 * `serve/test_throughput.py`): it has a `__main__` guard, and either pytest does not collect the file
 * or it holds no test, test class or fixture.
 */
function isScript(file: { path: string; source: string }): boolean {
  if (!MAIN_GUARD.test(file.source)) return false;
  return !PYTEST_MODULE.test(path.posix.basename(file.path)) || !PYTEST_CODE.test(file.source);
}

/** Whitespace folded, none around `.` and parentheses: `not  p . is_alive( )` → `not p.is_alive()`. */
function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\s*([.()])\s*/g, '$1').trim();
}

/**
 * True inside `if not p.is_alive():` (or `if p.exitcode is not None:`) for a join of `p`, or
 * `if ev.is_set():` for a wait on `ev`: the child has already ended, the event is already set.
 */
function alreadyDone(method: string, receiverText: string, call: Node, ancestors: readonly Container[]): boolean {
  const r = normalise(receiverText);
  const done = method === 'join' ? [`not ${r}.is_alive()`, `${r}.exitcode is not None`] : [`${r}.is_set()`];
  for (const a of ancestors) {
    if (a.type !== 'if_statement' && a.type !== 'elif_clause') continue;
    const body = a.node.childForFieldName('consequence');
    if (!body || call.startIndex < body.startIndex || call.endIndex > body.endIndex) continue;
    const condition = a.node.childForFieldName('condition');
    const parts = condition ? normalise(condition.text).replace(/^\((.*)\)$/, '$1').split(' and ') : [];
    if (parts.some((p) => done.includes(p))) return true;
  }
  return false;
}

/** True when `dir` is `ancestor` or inside it (display paths, `/`-separated; '.' for the current directory). */
function within(dir: string, ancestor: string): boolean {
  return ancestor === '.' || dir === ancestor || dir.startsWith(`${ancestor}/`);
}

export default defineRule({
  code: 'PTL602',
  name: 'test-join-without-timeout',
  agent: 'python-test-writer',
  severity: 'warning',
  enabledByDefault: true,
  testCode: 'only',
  docs: {
    summary: 'A test joins a process or thread, or waits on an event, without a timeout: a hung child hangs the whole CI run.',
    why:
      'A test that starts a worker and then calls `p.join()`, `t.join()` or `ready.wait()` with no timeout trusts the ' +
      'child to finish and the event to be set. When a change makes the worker deadlock, crash before it signals, or ' +
      'wait on a queue nobody fills, the test does not fail: it blocks, and the CI job sits until the runner kills it ' +
      'hours later, with no report of which test hung. With `join(timeout=...)` followed by `assert not p.is_alive()`, ' +
      'or `assert ready.wait(timeout=...)`, the same bug is one red test with a name. Reported only in test code ' +
      '(files matching `test-paths`), where the process, thread or event is built in the test, by a fixture of the same ' +
      'file or of a `conftest.py`, or in `setUp` (`self.worker`), including instances of the project\'s `Thread` and ' +
      '`Process` subclasses; a daemon thread is no exception, since the join still blocks. Also reported: ' +
      '`[p.join() for p in procs]`, `for t in threads: t.join()`, and a `ProcessContext` from ' +
      '`torch.multiprocessing.spawn(..., join=False)` joined without a timeout. Not reported: a timeout given ' +
      '(`join(5)`, `wait(timeout=1.0)`; `None` is no timeout); a test bounded by pytest-timeout ' +
      '(`@pytest.mark.timeout(...)` on the test or its class, or the module\'s `pytestmark`); a join after ' +
      '`kill()`/`terminate()` or under `if not p.is_alive():`; a wait after the same function `set()` the event or under ' +
      '`if ev.is_set():`; an asyncio event\'s `wait()` (awaited, or handed to `asyncio.wait_for`); ' +
      '`spawn(..., join=True)` and `JoinableQueue.join()`, which cannot take a timeout; and a script kept among the ' +
      'tests and run by hand (a `__main__` guard in a file pytest does not collect, or with no test, test class or ' +
      'fixture). A global timeout in the pytest configuration (`timeout = N`, `--timeout`) bounds every test too; ' +
      'with one, this rule can be turned off.',
    bad:
      'import threading\n\ndef test_worker_reports():\n    results = []\n    worker = threading.Thread(target=lambda: results.append(1))\n' +
      '    worker.start()\n    worker.join()\n    assert results == [1]\n',
    good:
      'import threading\n\ndef test_worker_reports():\n    results = []\n    worker = threading.Thread(target=lambda: results.append(1))\n' +
      '    worker.start()\n    worker.join(timeout=10)\n    assert not worker.is_alive()\n    assert results == [1]\n',
  },
  fixable: 'unsafe',
  callees: ['join', 'wait'],
  options: z
    .object({
      'fix-timeout': z
        .number()
        .positive()
        .max(3600)
        .default(10)
        .describe('seconds the fix passes as `timeout=`: how long a test waits for its child before it fails'),
    })
    .strict(),
  messages: {
    join: '`{{receiver}}.join()` without a timeout waits forever if the {{kind}} hangs, and a hung test hangs the whole CI run; pass `timeout=` and assert `not {{receiver}}.is_alive()`',
    wait: '`{{receiver}}.wait()` without a timeout blocks forever if the event is never set, and a hung test hangs the whole CI run; pass `timeout=` and assert what it returns',
  },
  create(ctx) {
    // Only test code reports, and fixtures live in test code (conftest.py): nothing to do elsewhere.
    if (!ctx.file.isTest || isScript(ctx.file)) return {};
    const { model } = ctx;
    let fixtures: Map<string, Provided> | undefined;
    const fixturesHere = (): Map<string, Provided> => (fixtures ??= fixturesOf(model));
    const isConftest = path.posix.basename(ctx.file.path) === 'conftest.py';
    const visitors: Visitors = {
      call(node) {
        const call = model.methodCall(node);
        const wanted = call ? WAITED_BY[call.method] : undefined;
        if (!call || !wanted || hasSplat(node) || model.isAwaited(node)) return;
        if (call.method === 'wait' && handedToAsyncio(model, node, ctx.ancestors)) return;
        // `join(timeout)` / `wait(timeout)` take nothing else: any other argument is not these methods'.
        const args = node.childForFieldName('arguments');
        if (args?.type !== 'argument_list') return;
        const timeout = argument(node, 'timeout', 0);
        const given = args.namedChildren.filter((a) => a !== null && a.type !== 'comment');
        if (given.length > 1 || (given.length === 1 && !timeout)) return;
        if (timeout && timeout.type !== 'none') return;
        const { ancestors } = ctx;
        if (inTimedTest(model, ancestors)) return;
        if (cannotWaitLong(model, call.method, call.receiverText, node.startIndex, ancestors)) return;
        if (alreadyDone(call.method, call.receiverText, node, ancestors)) return;

        let found = provided(model, call.receiver, ancestors);
        let fixture: string | undefined;
        if (!found.kind && found.classes.length === 0) {
          // A fixture parameter: what the fixture of that name provides.
          const fn = parameterOf(model, call.receiver, ancestors);
          if (fn) {
            const local = fixturesHere().get(call.receiver.text);
            if (local) found = local;
            else fixture = call.receiver.text;
          }
        }
        const receiver = call.receiverText.length <= 40 ? call.receiverText : call.method === 'join' ? 'worker' : 'event';
        if (found.kind) {
          if (!wanted.has(found.kind)) return;
          const fix = addTimeout(node, call.method, receiver, timeout, ctx.options['fix-timeout'], ctx.file.source);
          ctx.report({ node, messageId: call.method === 'join' ? 'join' : 'wait', data: { receiver, kind: found.kind }, fix });
          return;
        }
        if (fixture === undefined && found.classes.length === 0) return;
        const candidate: Candidate = {
          type: 'wait',
          method: call.method,
          receiver,
          location: ctx.locate(node),
          ...(fixture !== undefined ? { fixture } : {}),
          ...(found.classes.length > 0 ? { classes: found.classes } : {}),
        };
        ctx.record(candidate);
      },
    };
    if (isConftest) {
      visitors['module'] = () => {
        // Every fixture, even one that provides nothing waited on: it overrides a parent conftest's.
        for (const [name, p] of fixturesHere()) {
          const record: FixtureRecord = { type: 'fixture', name, ...(p.kind ? { kind: p.kind } : {}), ...(p.classes.length > 0 ? { classes: [...new Set(p.classes)].sort() } : {}) };
          ctx.record(record);
        }
      };
    }
    return visitors;
  },
  project(ctx) {
    const kindOfClasses = (classes: readonly string[] | undefined): Waited | undefined => {
      for (const c of classes ?? []) {
        const kind = kindOfClassBases(ctx.index.ancestors(c));
        if (kind) return kind;
      }
      return undefined;
    };
    // conftest.py fixtures by name, with the directory they serve.
    const conftest = new Map<string, Array<{ dir: string; provided: Waited | undefined }>>();
    for (const { path: file, data } of ctx.records()) {
      const r = data as RecordData;
      if (r.type !== 'fixture') continue;
      let list = conftest.get(r.name);
      if (!list) conftest.set(r.name, (list = []));
      list.push({ dir: path.posix.dirname(file), provided: r.kind ?? kindOfClasses(r.classes) });
    }
    for (const { path: file, data } of ctx.records()) {
      const r = data as RecordData;
      if (r.type !== 'wait') continue;
      let kind = kindOfClasses(r.classes);
      if (!kind && r.fixture !== undefined) {
        // pytest takes the nearest conftest.py above the test.
        const dir = path.posix.dirname(file);
        const nearest = (conftest.get(r.fixture) ?? []).filter((f) => within(dir, f.dir)).sort((a, b) => b.dir.length - a.dir.length)[0];
        kind = nearest?.provided;
      }
      if (!kind || !WAITED_BY[r.method]?.has(kind)) continue;
      ctx.report({ path: file, location: r.location, messageId: r.method === 'join' ? 'join' : 'wait', data: { receiver: r.receiver, kind } });
    }
  },
});
