/**
 * Flow facts within one function, in statement order: what happened to a queue before a `get`
 * (filled on this thread, handed to another thread or process), which producers were joined,
 * which checks guard a call, which loops suspend at `yield`. Rules ask these questions; nothing
 * here walks the tree. The sweep records each scope's calls once, in document order; a scope's
 * facts are derived from that record the first time a rule asks about the scope, then kept.
 *
 * Document order stands in for execution order: a fill written after a `get` inside a loop does
 * not count as filling it, so a question is answered "yes" only when the code says so plainly.
 */
import type { Node } from 'web-tree-sitter';
import type { Container } from './traverse.js';
import type { MethodCall, SemanticModel, ValueKind } from './model.js';

export interface ScopedCall {
  readonly node: Node;
  readonly start: number;
  readonly ancestors: readonly Container[];
}

interface ScopeFlow {
  /** Binding key → offsets of calls that may fill that queue on this thread (`q.put`, `fill(q)`, `runner.run()`). */
  fills: Map<string, number[]>;
  /** Binding key → offsets where the object went to another thread or process (`Thread(args=(q,))`, `worker.start()`). */
  handoffs: Map<string, number[]>;
  /** Offsets of joins of producers: `p.join()`, `[t.join() for t in threads]`, `torch.multiprocessing.spawn(...)`. */
  joins: number[];
  /** `q.empty()` / `q.qsize()` calls, for early-exit guards (`if q.empty(): continue`). */
  emptinessChecks: ScopedCall[];
}

/** Callees that run their arguments on another thread or process, or later (`partial` builds a callback). */
const HANDOFF_CALLEES = new Set([
  'partial',
  'Thread',
  'Timer',
  'Process',
  'submit',
  'apply_async',
  'map_async',
  'starmap_async',
  'run_in_executor',
  'to_thread',
  'start_new_thread',
  'call_soon_threadsafe',
]);
/** A method on an object that hands what it holds to another thread or process. */
const HANDOFF_METHODS = new Set(['start', 'start_soon', 'submit', 'apply_async', 'run_in_executor']);
const HANDOFF_KINDS: ReadonlySet<ValueKind | null> = new Set<ValueKind | null>(['thread', 'process', 'pool']);
const QUEUE_KINDS: ReadonlySet<ValueKind | null> = new Set<ValueKind | null>(['queue', 'simple-queue', 'async-queue']);
/** Calls that start processes and wait for all of them, unless `join=False`. */
const JOINING_LAUNCHERS = new Set([
  'torch.multiprocessing.spawn',
  'torch.multiprocessing.start_processes',
  'torch_xla.distributed.xla_multiprocessing.spawn',
]);
const FUNCTION_TYPES: ReadonlySet<string> = new Set(['function_definition', 'lambda']);
const LOOP_TYPES: ReadonlySet<string> = new Set(['for_statement', 'while_statement']);
const EXIT_STATEMENTS = new Set(['continue_statement', 'break_statement', 'return_statement', 'raise_statement']);
const MODULE_SCOPE = -1;
/** Calls that wait for an upstream item: a loop with one of them is a worker, not a free-running producer. */
const WAITS: ReadonlySet<string> = new Set(['get', 'get_nowait', 'recv', 'recv_bytes', 'accept']);
const RAISE: ReadonlySet<string> = new Set(['raise_statement']);
const EXITS: ReadonlySet<string> = new Set(['break_statement', 'return_statement', 'raise_statement']);

function scopeOf(ancestors: readonly Container[]): number {
  for (let i = ancestors.length - 1; i >= 0; i--) if (FUNCTION_TYPES.has(ancestors[i]!.type)) return ancestors[i]!.node.id;
  return MODULE_SCOPE;
}

/** The containers between the innermost function and the node (the function excluded). */
function withinFunction(ancestors: readonly Container[]): readonly Container[] {
  for (let i = ancestors.length - 1; i >= 0; i--) if (FUNCTION_TYPES.has(ancestors[i]!.type)) return ancestors.slice(i + 1);
  return ancestors;
}

/** The identifiers among a call's argument values, and (`deep`) inside tuples, lists and dicts passed to it. */
function identifierArguments(call: Node, deep: boolean): Node[] {
  const out: Node[] = [];
  const args = call.childForFieldName('arguments');
  if (args?.type !== 'argument_list') return out;
  const visit = (value: Node | null, depth: number): void => {
    if (!value) return;
    if (value.type === 'identifier') out.push(value);
    else if (value.type === 'keyword_argument') visit(value.childForFieldName('value'), depth);
    else if (deep && depth < 2 && (value.type === 'tuple' || value.type === 'list')) for (const item of value.namedChildren) visit(item, depth + 1);
    else if (deep && depth < 2 && value.type === 'dictionary') for (const pair of value.namedChildren) visit(pair?.childForFieldName('value') ?? null, depth + 1);
  };
  for (const arg of args.namedChildren) visit(arg, 0);
  return out;
}

/** Whitespace folded, none around `.` and parentheses: `not  q . empty( )` → `not q.empty()`. */
function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\s*([.()])\s*/g, '$1').trim();
}

/** A scope's calls in parallel arrays: one entry per call of the file, so no object per call. */
interface CallList {
  nodes: Node[];
  starts: number[];
  ancestors: Array<readonly Container[]>;
}

export class FlowFacts {
  private readonly calls = new Map<number, CallList>();
  private readonly yieldingLoops = new Set<number>();
  private readonly generators = new Set<number>();
  /** Scopes that call `put`: only they can be producers. */
  private readonly putScopes = new Set<number>();
  private readonly scopes = new Map<number, ScopeFlow>();

  constructor(private readonly model: SemanticModel) {}

  // ---------------------------------------------------------------- recording (the sweep)

  addCall(node: Node, start: number, parts: readonly string[] | null, ancestors: readonly Container[]): void {
    const scope = scopeOf(ancestors);
    if (parts && parts.length > 1) {
      const method = parts[parts.length - 1];
      if (method === 'put' || method === 'put_nowait') this.putScopes.add(scope);
    }
    let list = this.calls.get(scope);
    if (!list) this.calls.set(scope, (list = { nodes: [], starts: [], ancestors: [] }));
    list.nodes.push(node);
    list.starts.push(start);
    list.ancestors.push(ancestors);
  }

  /** A `yield` makes its function a generator and suspends every loop between them. */
  addYield(ancestors: readonly Container[]): void {
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const a = ancestors[i]!;
      if (FUNCTION_TYPES.has(a.type)) {
        this.generators.add(a.node.id);
        return;
      }
      if (a.type === 'class_definition') return;
      if (LOOP_TYPES.has(a.type)) this.yieldingLoops.add(a.node.id);
    }
  }

  // ---------------------------------------------------------------- questions

  /** Each call made directly in a function's body (not in functions nested in it; `null`: at module level), in document order. */
  forEachCall(fn: Node | null, visit: (node: Node, ancestors: readonly Container[]) => void): void {
    const list = this.calls.get(fn ? fn.id : MODULE_SCOPE);
    if (list) for (let i = 0; i < list.nodes.length; i++) visit(list.nodes[i]!, list.ancestors[i]!);
  }

  private *scopeCalls(scope: number): Iterable<ScopedCall> {
    const list = this.calls.get(scope);
    if (!list) return;
    for (let i = 0; i < list.nodes.length; i++) yield { node: list.nodes[i]!, start: list.starts[i]!, ancestors: list.ancestors[i]! };
  }

  /**
   * What a function puts to inside a `while` loop that never waits on a `get` (or `recv`) in the
   * same loop: a producer that runs as fast as its source, not a worker that turns one input into
   * one output. Receivers as written (`frames`, `self.out_q`).
   */
  loopPuts(fn: Node): string[] {
    const list = this.putScopes.has(fn.id) ? this.calls.get(fn.id) : undefined;
    if (!list) return [];
    const waits: number[] = [];
    const puts: number[] = [];
    for (let i = 0; i < list.nodes.length; i++) {
      const parts = this.model.calleeParts(list.nodes[i]!);
      if (!parts || parts.length < 2) continue;
      const method = parts[parts.length - 1]!;
      if (WAITS.has(method)) waits.push(list.starts[i]!);
      else if (method === 'put' || method === 'put_nowait') puts.push(i);
    }
    const out = new Set<string>();
    for (const i of puts) {
      const loop = withinFunction(list.ancestors[i]!).find((a) => a.type === 'while_statement');
      if (!loop || waits.some((at) => at >= loop.start && at < loop.end)) continue;
      out.add(this.model.calleeParts(list.nodes[i]!)!.slice(0, -1).join('.'));
    }
    return [...out];
  }

  /**
   * Every queue a function puts to (`put`, `put_nowait`), as written (`out_q`, `self.results`),
   * except one it lets go of with `cancel_join_thread()`: a process holding one of these cannot
   * exit until what it put is taken.
   */
  putTargets(fn: Node): string[] {
    const list = this.putScopes.has(fn.id) ? this.calls.get(fn.id) : undefined;
    if (!list) return [];
    const out = new Set<string>();
    const released = new Set<string>();
    for (const node of list.nodes) {
      const parts = this.model.calleeParts(node);
      if (!parts || parts.length < 2) continue;
      const method = parts[parts.length - 1]!;
      const receiver = parts.slice(0, -1).join('.');
      if (method === 'put' || method === 'put_nowait') out.add(receiver);
      else if (method === 'cancel_join_thread') released.add(receiver);
    }
    return [...out].filter((r) => !released.has(r));
  }

  /** Offsets of the calls `receiver.<method>(...)` made directly in the scope of `ancestors`, receiver as written. */
  callsOn(receiver: string, methods: ReadonlySet<string>, ancestors: readonly Container[]): number[] {
    const list = this.calls.get(scopeOf(ancestors));
    if (!list) return [];
    const out: number[] = [];
    for (let i = 0; i < list.nodes.length; i++) {
      const parts = this.model.calleeParts(list.nodes[i]!);
      if (!parts || parts.length < 2 || !methods.has(parts[parts.length - 1]!)) continue;
      if (parts.length === 2 ? parts[0] === receiver : parts.slice(0, -1).join('.') === receiver) out.push(list.starts[i]!);
    }
    return out;
  }

  /** True for a generator function: calling it runs none of its body. */
  isGenerator(fn: Node): boolean {
    return this.generators.has(fn.id);
  }

  /** True when the loop (`for`/`while`) yields inside its body: a generator, suspended between items. */
  loopYields(loop: Node): boolean {
    return this.yieldingLoops.has(loop.id);
  }

  /**
   * True when `get` (at `start`) reads a queue created in this same function that this thread
   * filled before it: a `put`, or a call that was handed the queue (`fill(q)`, or `runner.run()`
   * on an object built with it), and that no other thread or process was handed before the
   * `get`. Inside a `while` loop, only a fill inside that loop counts: the loop may get more.
   */
  filledOnThisThreadBefore(receiver: Node, start: number, ancestors: readonly Container[]): boolean {
    if (receiver.type !== 'identifier') return false;
    const key = this.model.bindingKey(receiver.text, ancestors);
    const scope = scopeOf(ancestors);
    if (key === null || !key.startsWith(`${scope}:`) || !this.model.isConstructedHere(receiver, ancestors, QUEUE_KINDS)) return false;
    const flow = this.flowOf(scope);
    if ((flow.handoffs.get(key) ?? []).some((at) => at < start)) return false;
    const loop = [...withinFunction(ancestors)].reverse().find((a) => a.type === 'while_statement');
    const from = loop ? loop.start : -1;
    return (flow.fills.get(key) ?? []).some((at) => at > from && at < start);
  }

  /** True when a producer was joined earlier in the function: what is left in a queue can be drained. */
  producersJoinedBefore(start: number, ancestors: readonly Container[]): boolean {
    return this.flowOf(scopeOf(ancestors)).joins.some((at) => at < start);
  }

  /**
   * True when the call runs only while `receiver` reports items: inside `while not q.empty():`,
   * `if q.qsize() > 0:` (not their `else:`), or after `if q.empty(): continue` in the same loop.
   */
  guardedByItems(receiverText: string, start: number, ancestors: readonly Container[]): boolean {
    const recv = normalise(receiverText);
    const inner = withinFunction(ancestors);
    for (let i = 0; i < inner.length; i++) {
      const a = inner[i]!;
      if (a.type !== 'while_statement' && a.type !== 'if_statement' && a.type !== 'elif_clause') continue;
      const next = inner[i + 1];
      // In the `else:`/`elif` of a guarding `if`, the queue may be empty.
      if (a.type === 'if_statement' && next && (next.type === 'else_clause' || next.type === 'elif_clause') && next.start > a.start) {
        const consequence = a.node.childForFieldName('consequence');
        if (consequence && next.start >= consequence.endIndex) continue;
      }
      const condition = a.node.childForFieldName('condition');
      if (condition && condition.endIndex <= start && reportsItems(normalise(condition.text), recv)) return true;
    }
    // `if q.empty(): continue` earlier in the same loop body (or function).
    const loop = [...inner].reverse().find((a) => LOOP_TYPES.has(a.type));
    for (const check of this.flowOf(scopeOf(ancestors)).emptinessChecks) {
      if (check.start >= start || (loop && check.start < loop.start)) continue;
      const statement = check.ancestors[check.ancestors.length - 1];
      if (statement?.type !== 'if_statement' || statement.end > start) continue;
      const condition = statement.node.childForFieldName('condition');
      if (!condition || !reportsNoItems(normalise(condition.text), recv)) continue;
      const last = statement.node.childForFieldName('consequence')?.lastNamedChild;
      if (last && EXIT_STATEMENTS.has(last.type)) return true;
    }
    return false;
  }

  /**
   * What comes first after `from`, in the rest of the function: a check of `flag` (`if not ok:`),
   * a `value is None` / `is not None` test ('checked'), or another use of `value` ('value'); 'none'
   * when neither appears. Reads the text, comments and one-line strings skipped.
   */
  firstUseAfter(value: string, flag: string, from: number, ancestors: readonly Container[]): 'checked' | 'value' | 'none' {
    const source = this.model.file.source;
    const fn = [...ancestors].reverse().find((a) => FUNCTION_TYPES.has(a.type));
    const end = fn ? fn.end : source.length;
    const token = /#[^\r\n]*|"(?:\\.|[^"\\\r\n])*"|'(?:\\.|[^'\\\r\n])*'|[A-Za-z_]\w*/g;
    token.lastIndex = from;
    for (let m = token.exec(source); m !== null && m.index < end; m = token.exec(source)) {
      const word = m[0];
      if (word !== value && (word !== flag || flag === '_')) continue;
      // `self.frame`, `msg.ok`: another object's attribute.
      if (/\.\s*$/.test(source.slice(Math.max(0, m.index - 3), m.index))) continue;
      if (word === flag) return 'checked';
      const after = source.slice(token.lastIndex, token.lastIndex + 16 + flag.length);
      if (/^\s+is\s+(?:not\s+)?None\b/.test(after)) return 'checked';
      // `return frame if ok else None`: used only where the flag says so.
      if (flag !== '_' && new RegExp(`^\\s+if\\s+(?:not\\s+)?${flag}\\b`).test(after)) return 'checked';
      return 'value';
    }
    return 'none';
  }

  /** True when a `raise` follows the call's statement in the same block: the call is on an error path. */
  followedByRaise(call: Node): boolean {
    return this.followedBy(call, RAISE);
  }

  /** True when a `break`, `return` or `raise` follows the call's statement in the same block: the loop ends after it. */
  followedByExit(call: Node): boolean {
    return this.followedBy(call, EXITS);
  }

  private followedBy(call: Node, types: ReadonlySet<string>): boolean {
    let statement: Node | null = call;
    while (statement?.parent && statement.parent.type !== 'block' && statement.parent.type !== 'module') statement = statement.parent;
    for (let next = statement?.nextNamedSibling ?? null; next; next = next.nextNamedSibling) {
      if (types.has(next.type)) return true;
    }
    return false;
  }

  // ---------------------------------------------------------------- derivation

  private flowOf(scope: number): ScopeFlow {
    let flow = this.scopes.get(scope);
    if (!flow) this.scopes.set(scope, (flow = this.derive(this.scopeCalls(scope))));
    return flow;
  }

  private derive(calls: Iterable<ScopedCall>): ScopeFlow {
    const flow: ScopeFlow = { fills: new Map(), handoffs: new Map(), joins: [], emptinessChecks: [] };
    const note = (table: Map<string, number[]>, name: Node, ancestors: readonly Container[], at: number): void => {
      const key = this.model.bindingKey(name.text, ancestors);
      if (key === null) return;
      const list = table.get(key);
      if (list) list.push(at);
      else table.set(key, [at]);
    };
    for (const c of calls) {
      const call = this.model.methodCall(c.node);
      const qname = this.model.calleeName(c.node, c.ancestors);
      if (qname && JOINING_LAUNCHERS.has(qname) && !/\bjoin\s*=\s*False\b/.test(c.node.text)) flow.joins.push(c.start);
      if (call) this.methodFacts(flow, call, c, note);
      const last = call ? call.method : qname?.split('.').pop();
      const handoff = (last !== undefined && HANDOFF_CALLEES.has(last)) || HANDOFF_KINDS.has(this.model.kindOf(c.node, c.ancestors));
      // `q.put(x)` fills q, it does not hand q anywhere: only arguments count.
      for (const name of identifierArguments(c.node, handoff)) note(handoff ? flow.handoffs : flow.fills, name, c.ancestors, c.start);
    }
    return flow;
  }

  private methodFacts(
    flow: ScopeFlow,
    call: MethodCall,
    c: ScopedCall,
    note: (table: Map<string, number[]>, name: Node, ancestors: readonly Container[], at: number) => void,
  ): void {
    const { method } = call;
    if (method === 'put' || method === 'put_nowait') {
      if (call.receiver.type === 'identifier') note(flow.fills, call.receiver, c.ancestors, c.start);
      return;
    }
    if (method === 'empty' || method === 'qsize') {
      flow.emptinessChecks.push(c);
      return;
    }
    if (method === 'join') {
      // `str.join` and `os.path.join` always take an argument; `Process.join` and `Thread.join` need none.
      const kind = this.model.kindOf(call.receiver, c.ancestors);
      const joinable = kind === 'process' || kind === 'thread' || kind === 'pool' || kind === 'list:process' || kind === 'list:thread';
      const noArguments = /^\(\s*(?:timeout\s*=[^)]*)?\)$/.test(c.node.childForFieldName('arguments')?.text ?? '');
      if (joinable || (noArguments && !QUEUE_KINDS.has(kind))) flow.joins.push(c.start);
      return;
    }
    // `runner.run()` may fill the queues `runner` was built with; `runner.start()` hands them on.
    if (call.receiver.type !== 'identifier') return;
    const built = this.model.constructorCall(call.receiver, c.ancestors);
    if (!built) return;
    const table = HANDOFF_METHODS.has(method) ? flow.handoffs : flow.fills;
    for (const name of identifierArguments(built.node, false)) note(table, name, built.scope, c.start);
  }
}

/** `not q.empty()`, `q.qsize() > 0`, `q.qsize()`: true while `recv` has items. */
function reportsItems(condition: string, recv: string): boolean {
  const name = escapeRegExp(recv);
  if (new RegExp(`(?:^|[^\\w.])not ${name}\\.empty\\(\\)`).test(condition)) return true;
  const m = new RegExp(`(?:^|[^\\w.])${name}\\.qsize\\(\\) ?(==|<=|< ?1\\b)?`).exec(condition);
  return m !== null && m[1] === undefined && !condition.startsWith('not ');
}

/** `q.empty()`, `not q.qsize()`, `q.qsize() == 0`, `q.empty() or ...`: true when `recv` has none. */
function reportsNoItems(condition: string, recv: string): boolean {
  const c = condition.replace(/^\((.*)\)$/, '$1');
  return c === `${recv}.empty()` || c === `not ${recv}.qsize()` || c === `${recv}.qsize() == 0` || c.startsWith(`${recv}.empty() or `);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
