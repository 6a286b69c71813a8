/**
 * The pipeline facts of one file, for `pyteam-lint topology`: the channels it builds (queues,
 * pipes, events, shared-memory segments), the workers it builds (processes, threads, pools, and
 * instances of project classes it starts), and per function what it does with channels (puts and
 * the message types sent, gets and whether they can time out, lifecycle calls on workers) and which
 * project functions it hands channels to. Computed from the semantic model once per file, after the
 * sweep, and kept in the file's summary (plain JSON, cached with it); the project phase
 * (src/topology/graph.ts) joins the files into one graph.
 *
 * What a fact refers to is written as a `ChannelRef`, resolved as far as this file can:
 * `=12:5` the channel or worker built at line 12, column 5 of this file; `#1` the function's
 * parameter at position 1 (a method's `self` is 0); `self.frames` an attribute of the method's
 * object; `@pkg.mod.FRAMES` a module-level name; `?` something no one here can name (the result
 * of a call): the graph draws that as an unresolved channel, never a guess.
 */
import type { Node } from 'web-tree-sitter';
import type { Location } from './source.js';
import type { Container } from './traverse.js';
import { argument, positionalArguments, type SemanticModel, type ValueKind } from './model.js';
import { isExternalCallee } from './callgraph.js';
import { isShutdownMessage } from './messages.js';

export type ChannelRef = string;

export type ChannelKind = 'queue' | 'joinable-queue' | 'simple-queue' | 'manager-queue' | 'pipe' | 'event' | 'shared-memory';

/** `[line, endLine]` of a call or definition (1-based). */
export type Lines = [number, number];

export interface MadeChannel {
  /** `=line:column` of the constructing call: how refs of this file name it. */
  at: string;
  /** The function that builds it (qualified name), or '' at module level. */
  scope: string;
  /** Names it is kept in (`frame_q`; `parent_conn`, `child_conn` for a pipe; `self.frames`); empty when handed on unnamed. */
  holders: string[];
  kind: ChannelKind;
  /** The callee as written (`mp.Queue`, `manager.Queue`). */
  via: string;
  /** The `maxsize` argument as written, if any. */
  maxsize?: string;
  lines: Lines;
}

export type WorkerKind = 'process' | 'thread' | 'pool' | 'class';

export interface WorkerSite {
  at: string;
  scope: string;
  /** The name the worker is kept in (`camera`, `self.proc`), if any. */
  holder?: string;
  /** `class`: an instance of a project class that is started; the project index says whether it is a Process or Thread subclass. */
  kind: WorkerKind;
  /** For `class`, the class (qualified name); else the constructor as written. */
  callee: string;
  /** `target=` (qualified name), for processes and threads. */
  target?: string;
  /** What it is handed: `[slot, ref, text]`, slot a parameter position of the target (or `__init__`) or a keyword's name. */
  args: Array<[number | string, ChannelRef, string]>;
  lines: Lines;
}

export type OpKind = 'put' | 'get' | 'send' | 'recv' | 'set' | 'wait' | 'start' | 'join' | 'terminate' | 'kill' | 'submit';

export interface ChannelOp {
  op: OpKind;
  on: ChannelRef;
  /** The receiver as written (`in_q`, `self.frames`): the label of a channel no one can resolve. */
  text: string;
  /** put/send: the message's type (`Frame`, `dict`, `None`, `STOP`, `?` when not known). */
  message?: string;
  /** put/send: the message is a shutdown message (None, a sentinel, a Shutdown class). */
  pill?: true;
  /** get/recv: the call cannot block forever (a timeout, `block=False`, `get_nowait`). */
  timeout?: true;
  /** submit: the function a pool runs, and what it is handed (as `WorkerSite.args`). */
  target?: string;
  args?: Array<[number | string, ChannelRef, string]>;
  lines: Lines;
}

/** A call of a project function that is handed channels: its ops count as the caller's. */
export interface Handoff {
  callee: string;
  args: Array<[number | string, ChannelRef, string]>;
  lines: Lines;
}

export interface FunctionChannels {
  lines: Lines;
  ops?: ChannelOp[];
  calls?: Handoff[];
  /** Parameter names in order (for keyword arguments), when the function is an `__init__`. */
  params?: string[];
  /** `self.<attr> = <param>` in an `__init__`: attribute → parameter position. */
  attrs?: Record<string, number>;
}

export interface ChannelSummary {
  made: MadeChannel[];
  workers: WorkerSite[];
  /** By function qualified name ('' for module level). */
  uses: Record<string, FunctionChannels>;
}

const QUEUE_OPS: ReadonlySet<string> = new Set(['put', 'put_nowait', 'get', 'get_nowait']);
const PIPE_OPS: ReadonlySet<string> = new Set(['send', 'recv']);
const EVENT_OPS: ReadonlySet<string> = new Set(['set', 'wait', 'is_set']);
const LIFECYCLE: ReadonlySet<string> = new Set(['start', 'join', 'terminate', 'kill']);
const SUBMITS: ReadonlySet<string> = new Set(['map', 'imap', 'imap_unordered', 'starmap', 'map_async', 'starmap_async', 'apply', 'apply_async', 'submit']);
/** Every method `opOf` may record: any other method call is not an op, asked before its receiver or arguments are read. */
const OP_METHODS: ReadonlySet<string> = new Set([...QUEUE_OPS, ...PIPE_OPS, ...EVENT_OPS, ...LIFECYCLE, ...SUBMITS]);
const WORKER_KINDS: ReadonlySet<ValueKind | null> = new Set<ValueKind | null>(['process', 'thread', 'pool']);
const QUEUE_KINDS: ReadonlySet<ValueKind | null> = new Set<ValueKind | null>(['queue', 'simple-queue']);
const SHARED_MEMORY = new Set(['multiprocessing.shared_memory.SharedMemory', 'shared_memory.SharedMemory']);
/** The last names of callees that may build a channel or a worker: everything else is skipped cheaply. */
const CONSTRUCTORS = /(?:Queue|Pipe|Event|SharedMemory|Process|Thread|Pool|Executor|spawn|start_processes)$/;
/**
 * Every word by which a value can be known for a channel: the constructors and annotations of
 * `CONSTRUCTOR_KINDS`/`ANNOTATION_KINDS` (`Queue`, `Pipe`, `Connection`, `Event`) and the name
 * segments of `HINTS` (`q`, `in_q`, `q_out`, `frame_queue`, `stop_event`, `done`).
 */
const CHANNEL_VOCABULARY = /Queue|Pipe|Connection|Event|queue|\bq_|_q\b|\bq\b|(?:\b|_)(?:stop|shutdown|done|exit|quit|event|evt|finished|terminate)(?:\b|_)/;
/** Default name hints, as the async rules' defaults: a parameter named like a queue or an event is one. */
const HINTS = {
  queue: /^(?:q|queue|\w+_q|\w+_queue|q_\w+|queue_\w+)$/,
  event: /(?:^|_)(?:stop|shutdown|done|exit|quit|event|evt|finished|terminate)(?:_|$)/,
};

interface Scope {
  /** The function node, or null for module level. */
  fn: Node | null;
  qname: string;
  /** The function's parameter names in order (empty at module level). */
  params: readonly string[];
}

/**
 * The file's pipeline facts, or undefined when it has none (most files): `locate` turns offsets
 * into lines as the file's findings are located.
 */
export function summariseChannels(model: SemanticModel, text: string, locate: (start: number, end: number) => Location): ChannelSummary | undefined {
  // Handing a channel on to a function is recorded only for values that name a channel: one built
  // here, or a name whose type, annotation or name says it is one. A file without a word of that
  // vocabulary has none, and is spared asking every argument of every call.
  const mayHandOn = CHANNEL_VOCABULARY.test(text);
  const lines = (node: Node): Lines => {
    const l = locate(node.startIndex, node.endIndex);
    return [l.line, l.endLine];
  };
  /** `=line:column` of a node, by its start (asked for every call of the file, so kept). */
  const atOf = new Map<number, string>();
  const at = (node: Node): string => {
    const start = node.startIndex;
    let key = atOf.get(start);
    if (key === undefined) {
      const l = locate(start, start);
      atOf.set(start, (key = `=${l.line}:${l.column}`));
    }
    return key;
  };
  // Parameter names are read only for the functions whose calls name a channel (the model keeps them).
  const scopes: Scope[] = [
    { fn: null, qname: '', params: [] },
    ...model.functions.map((f) => ({ fn: f.capture.node, qname: f.qname, get params() { return model.parameterNames(f.capture.node); } })),
  ];
  const made = new Map<string, MadeChannel>();
  const workers = new Map<string, WorkerSite>();
  const uses: Record<string, FunctionChannels> = {};
  /** Class instances the model already knows to be processes (a Process subclass of this file). */
  const known = new Set<string>();
  const use = (scope: Scope): FunctionChannels => (uses[scope.qname] ??= { lines: scope.fn ? lines(scope.fn) : [1, 1] });

  // Pass 1: what the file builds.
  for (const scope of scopes) {
    model.flow.forEachCall(scope.fn, (call, ancestors) => {
      const parts = model.calleeParts(call);
      const last = parts?.at(-1) ?? model.methodCall(call)?.method ?? '';
      if (!CONSTRUCTORS.test(last)) return;
      const channel = channelKind(model, call, ancestors, last);
      if (channel) {
        const maxsize = channel === 'queue' || channel === 'joinable-queue' || channel === 'manager-queue' ? argument(call, 'maxsize', 0) : null;
        const ch: MadeChannel = { at: at(call), scope: scope.qname, holders: holdersOf(call), kind: channel, via: parts?.join('.') ?? last, lines: lines(call) };
        if (maxsize) ch.maxsize = maxsize.text;
        made.set(ch.at, ch);
        return;
      }
      if (!WORKER_KINDS.has(model.kindOf(call, ancestors))) return;
      const kind = model.kindOf(call, ancestors) as 'process' | 'thread' | 'pool';
      const site: WorkerSite = { at: at(call), scope: scope.qname, kind, callee: parts?.join('.') ?? last, args: [], lines: lines(call) };
      const holder = holdersOf(call)[0];
      if (holder) site.holder = holder;
      workers.set(site.at, site);
    });
  }

  // Refs: what a receiver or an argument names, as far as this file can tell.
  const madeAt = (nodes: ReadonlyArray<{ call: Node }>, table: ReadonlyMap<string, unknown>): string | undefined => nodes.map((c) => at(c.call)).find((a) => table.has(a));
  const refOf = (node: Node, ancestors: readonly Container[], scope: Scope): ChannelRef | null => {
    if (node.type === 'call') return made.has(at(node)) ? at(node) : '?';
    if (node.type !== 'identifier' && node.type !== 'attribute') return null;
    const built = madeAt(model.constructionsOf(node, ancestors), made);
    if (built) return built;
    const text = node.text.replace(/\s+/g, '');
    if (node.type === 'identifier') {
      const key = model.bindingKey(text, ancestors);
      // A pipe's ends (`a, b = Pipe()`) are tuple items, which constructions do not follow.
      const global = key?.startsWith('-1:') ?? true;
      const pipe = [...made.values()].find((m) => m.holders.includes(text) && (m.scope === scope.qname || (global && m.scope === '')));
      if (pipe) return pipe.at;
      if (scope.fn) {
        const slot = scope.params.indexOf(text);
        if (slot >= 0 && key?.startsWith(`${scope.fn.id}:`)) return `#${slot}`;
      }
      if (global) {
        if (!model.isBound(text, ancestors)) return null; // a builtin
        const q = model.qualifiedName(node, ancestors);
        return q && q !== text ? `@${q}` : `@${model.file.module}.${text}`;
      }
      return '?';
    }
    return /^\w+\.\w+$/.test(text) && scope.fn && text.startsWith(`${scope.params[0]}.`) ? `self.${text.slice(text.indexOf('.') + 1)}` : null;
  };
  const channelish = (node: Node, ancestors: readonly Container[]): boolean => {
    const kind = model.kindOf(node, ancestors, HINTS);
    return kind === 'queue' || kind === 'simple-queue' || kind === 'pipe' || kind === 'event';
  };
  /**
   * What a worker or a called function is handed: the arguments that are (or may be) channels.
   * A process or thread target is handed everything that can be named (what it does with each
   * says what it is); a function call only channels built here and values whose kind or name says
   * they are channels, so that summaries do not list every call that passes a value on.
   */
  const handed: Handed = (items, ancestors, scope, strict) =>
    items.flatMap(({ item, slot }): Array<[number | string, ChannelRef, string]> => {
      // Only a name or a call can name a channel (`refOf`), and with nothing built here only a name whose
      // kind says it is one: asked first, as the cheaper questions.
      if (item.type !== 'identifier' && item.type !== 'attribute' && item.type !== 'call') return [];
      if (strict && made.size === 0 && (item.type === 'call' || !channelish(item, ancestors))) return [];
      const ref = refOf(item, ancestors, scope);
      if (ref === null || (strict && ref === '?')) return [];
      if (strict && !ref.startsWith('=') && !channelish(item, ancestors)) return [];
      return [[slot, ref, item.text.length > 40 ? 'channel' : item.text]];
    });

  // Pass 2: what each function does with channels and workers.
  for (const scope of scopes) {
    model.flow.forEachCall(scope.fn, (call, ancestors) => {
      const site = workers.get(at(call));
      if (site && site.kind !== 'pool') {
        const targeted = model.targetArguments(call, ancestors);
        if (targeted) {
          site.target = targeted.qname;
          site.args = handed(targeted.args, ancestors, scope, false);
        } else if (isProjectClassCall(model, call, ancestors)) {
          // A Process subclass of this file: it runs its `run()`, handed what its `__init__` takes.
          site.kind = 'class';
          site.callee = model.projectCallee(call, ancestors)!;
          known.add(site.at);
          handoffOf(model, call, ancestors, scope, handed, workers, at, lines, use);
        }
        return;
      }
      if (made.has(at(call))) return;
      const method = model.methodCall(call);
      if (method && OP_METHODS.has(method.method)) {
        const op = opOf(model, call, method.method, method.receiver, ancestors, scope, refOf, handed, workers, made, at);
        if (op) {
          op.lines = lines(call);
          (use(scope).ops ??= []).push(op);
          return;
        }
      }
      if (mayHandOn) handoffOf(model, call, ancestors, scope, handed, workers, at, lines, use);
    });
    if (scope.fn && model.nameOf(scope.fn) === '__init__') initFacts(scope, use);
  }
  // Only functions that do something with channels or workers are kept.
  for (const [name, facts] of Object.entries(uses)) if (!facts.ops && !facts.calls && !facts.attrs) delete uses[name];
  // A class instance counts as a worker only if it is started, joined or stopped, or handed channels.
  const lifecycled = new Set(Object.values(uses).flatMap((u) => (u.ops ?? []).filter((o) => LIFECYCLE.has(o.op)).map((o) => o.on)));
  for (const [key, site] of workers) if (site.kind === 'class' && !known.has(key) && !lifecycled.has(key) && site.args.length === 0) workers.delete(key);
  if (made.size === 0 && workers.size === 0 && Object.keys(uses).length === 0) return undefined;
  return { made: [...made.values()], workers: [...workers.values()], uses };
}

/** The kind of channel a call builds, if it builds one. */
function channelKind(model: SemanticModel, call: Node, ancestors: readonly Container[], last: string): ChannelKind | null {
  const callee = model.calleeName(call, ancestors) ?? '';
  if (SHARED_MEMORY.has(callee) || (last === 'SharedMemory' && callee.endsWith('shared_memory.SharedMemory'))) return 'shared-memory';
  const kind = model.kindOf(call, ancestors);
  if (kind === 'pipe-pair') return 'pipe';
  if (kind === 'event') return callee.startsWith('asyncio.') ? null : 'event';
  if (kind === 'simple-queue') return 'simple-queue';
  if (kind !== 'queue') return null;
  const receiver = model.methodCall(call)?.receiver;
  if (receiver && model.kindOf(receiver, ancestors) === 'manager') return 'manager-queue';
  // `Manager().Queue()`
  if (receiver?.type === 'call' && model.kindOf(receiver, ancestors) === 'manager') return 'manager-queue';
  return last === 'JoinableQueue' ? 'joinable-queue' : 'queue';
}

/** The names an object is kept in where it is made: `x = ...`, `self.x = ...`, `a, b = Pipe()`. */
function holdersOf(call: Node): string[] {
  let node: Node = call;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const parent = node.parent;
  if (parent?.type !== 'assignment' || parent.childForFieldName('right')?.id !== node.id) {
    // `with Pool(4) as pool:`
    if (parent?.type === 'as_pattern') {
      const alias = parent.childForFieldName('alias');
      return alias ? [alias.text] : [];
    }
    return [];
  }
  const left = parent.childForFieldName('left');
  if (!left) return [];
  if (left.type === 'identifier' || left.type === 'attribute') return [left.text.replace(/\s+/g, '')];
  if (left.type === 'pattern_list' || left.type === 'tuple_pattern') return left.namedChildren.flatMap((n) => (n && (n.type === 'identifier' || n.type === 'attribute') ? [n.text.replace(/\s+/g, '')] : []));
  return [];
}

type RefOf = (node: Node, ancestors: readonly Container[], scope: Scope) => ChannelRef | null;
type Handed = (items: ReadonlyArray<{ item: Node; slot: number | string }>, ancestors: readonly Container[], scope: Scope, strict: boolean) => Array<[number | string, ChannelRef, string]>;

/** A method call that is an operation on a channel or a worker, if it is one (its `lines` are filled in by the caller). */
function opOf(
  model: SemanticModel,
  call: Node,
  method: string,
  receiver: Node,
  ancestors: readonly Container[],
  scope: Scope,
  refOf: RefOf,
  handed: Handed,
  workers: Map<string, WorkerSite>,
  made: ReadonlyMap<string, MadeChannel>,
  at: (node: Node) => string,
): ChannelOp | null {
  const text = receiver.text.replace(/\s+/g, '');
  const shown = text.length > 40 ? 'channel' : text;
  const positional = positionalArguments(call);
  if (LIFECYCLE.has(method)) {
    if (positional.length > (method === 'join' ? 1 : 0)) return null;
    // The worker (or project class instance) the receiver holds, built in this file.
    const built = model.constructionsOf(receiver, ancestors).map((c) => ({ c, key: at(c.call) }));
    let found = built.find(({ key }) => workers.has(key))?.key;
    if (!found) {
      const cls = built.find(({ c }) => isProjectClassCall(model, c.call, c.scope));
      if (!cls) return null;
      found = cls.key;
      workers.set(found, classSite(model, cls.c.call, cls.c.scope, found, scope));
    }
    return { op: method as OpKind, on: found, text: shown, lines: [0, 0] };
  }
  if (SUBMITS.has(method)) {
    if (model.kindOf(receiver, ancestors) !== 'pool') return null;
    const built = model.constructionsOf(receiver, ancestors).map((c) => at(c.call)).find((key) => workers.get(key)?.kind === 'pool');
    const fn = positional[0];
    const target = fn ? model.qualifiedName(fn, ancestors) : null;
    if (!built || !target) return null;
    let items: Array<{ item: Node; slot: number | string }> = [];
    if (method === 'submit') items = positional.slice(1).map((item, i) => ({ item, slot: i }));
    else if (method === 'apply' || method === 'apply_async') {
      const tuple = argument(call, 'args', 1);
      if (tuple && (tuple.type === 'tuple' || tuple.type === 'list')) items = tuple.namedChildren.flatMap((item, i) => (item ? [{ item, slot: i }] : []));
    }
    return { op: 'submit', on: built, text: shown, target, args: handed(items, ancestors, scope, false), lines: [0, 0] };
  }
  const queueOp = QUEUE_OPS.has(method);
  if (!queueOp && !PIPE_OPS.has(method) && !EVENT_OPS.has(method)) return null;
  const kind = model.kindOf(receiver, ancestors, HINTS);
  const ref = refOf(receiver, ancestors, scope);
  if (ref === null) return null;
  const madeKind = made.get(ref)?.kind;
  if (queueOp) {
    const isQueue = QUEUE_KINDS.has(kind) || (madeKind !== undefined && madeKind !== 'pipe' && madeKind !== 'event' && madeKind !== 'shared-memory');
    // An object of unknown kind: only a parameter or attribute whose call has a queue's shape.
    if (!isQueue && (kind !== null || (!ref.startsWith('#') && !ref.startsWith('self.')))) return null;
    if (method === 'put' || method === 'put_nowait') {
      const message = positional[0] ?? argument(call, 'obj') ?? argument(call, 'item');
      if (!message) return null;
      return withMessage({ op: 'put', on: ref, text: shown, lines: [0, 0] }, model, message, ancestors, call.startIndex);
    }
    if (!isQueue && positional.some((a) => !/^(?:True|False|\d+(?:\.\d*)?)$/.test(a.text))) return null; // `d.get(key)`
    const op: ChannelOp = { op: 'get', on: ref, text: shown, lines: [0, 0] };
    if (method === 'get_nowait' || cannotBlock(call)) op.timeout = true;
    return op;
  }
  if (PIPE_OPS.has(method)) {
    if (kind !== 'pipe' && madeKind !== 'pipe') return null;
    if (method === 'send') {
      const message = positional[0];
      return message ? withMessage({ op: 'send', on: ref, text: shown, lines: [0, 0] }, model, message, ancestors, call.startIndex) : null;
    }
    return positional.length === 0 ? { op: 'recv', on: ref, text: shown, lines: [0, 0] } : null;
  }
  if (kind !== 'event' && madeKind !== 'event') return null;
  if (method === 'set') return positional.length === 0 ? { op: 'set', on: ref, text: shown, lines: [0, 0] } : null;
  const op: ChannelOp = { op: 'wait', on: ref, text: shown, lines: [0, 0] };
  if (method === 'is_set' || positional.length > 0 || argument(call, 'timeout')) op.timeout = true;
  return op;
}

/** `get(timeout=...)`, `get(True, 5)`, `get(False)`, `get(block=False)`: a get that returns in time. */
function cannotBlock(call: Node): boolean {
  const block = argument(call, 'block', 0);
  const timeout = argument(call, 'timeout', 1);
  return (block !== null && /^(?:False|0)$/.test(block.text)) || (timeout !== null && timeout.type !== 'none');
}

function withMessage(op: ChannelOp, model: SemanticModel, message: Node, ancestors: readonly Container[], at: number): ChannelOp {
  const type = messageType(model, message, ancestors, at, 0);
  op.message = type.name;
  if (type.pill) op.pill = true;
  return op;
}

/**
 * The type of a message as the graph names it (a class name, `dict`, `None`, a sentinel's name, `?`
 * when not known), and whether it is a shutdown message as PTL104 judges one; a name is followed
 * to the value it was last given in the function, once.
 */
function messageType(model: SemanticModel, node: Node, ancestors: readonly Container[], at: number, depth: number): { name: string; pill?: true } {
  const name = messageName(model, node, ancestors);
  if (isShutdownMessage(node)) return { name, pill: true };
  if (name === '?' && node.type === 'identifier' && depth === 0) {
    const value = model.valueBefore(node, ancestors, at);
    if (value) return messageType(model, value, ancestors, at, depth + 1);
  }
  return { name };
}

const LITERAL_TYPES: Readonly<Record<string, string>> = {
  none: 'None',
  dictionary: 'dict',
  dictionary_comprehension: 'dict',
  string: 'str',
  concatenated_string: 'str',
  integer: 'int',
  float: 'float',
  true: 'bool',
  false: 'bool',
  tuple: 'tuple',
  list: 'list',
  list_comprehension: 'list',
};

function messageName(model: SemanticModel, node: Node, ancestors: readonly Container[]): string {
  const literal = LITERAL_TYPES[node.type];
  if (literal) return literal;
  if (node.type === 'call') {
    const last = model.calleeName(node, ancestors)?.split('.').pop() ?? '';
    return last === 'dict' || /^[A-Z]/.test(last) ? last : '?';
  }
  if (node.type === 'identifier' || node.type === 'attribute') {
    const last = node.type === 'attribute' ? (node.childForFieldName('attribute')?.text ?? '') : node.text;
    // A sentinel constant or a shutdown class is named as written; another name says nothing of its type.
    if (isShutdownMessage(node)) return last;
  }
  return '?';
}

/** `Detector(...)` where `Detector` is a project class (CapWords, reached through an import or a definition). */
function isProjectClassCall(model: SemanticModel, call: Node, ancestors: readonly Container[]): boolean {
  const parts = model.calleeParts(call);
  const last = parts?.at(-1) ?? '';
  if (!/^[A-Z]/.test(last) || !/[a-z]/.test(last)) return false;
  const callee = model.projectCallee(call, ancestors);
  return callee !== null && !isExternalCallee(callee, model.file.module);
}

function classSite(model: SemanticModel, call: Node, ancestors: readonly Container[], key: string, scope: Scope): WorkerSite {
  const callee = model.projectCallee(call, ancestors)!;
  const l = key.slice(1).split(':').map(Number);
  const site: WorkerSite = { at: key, scope: scope.qname, kind: 'class', callee, args: [], lines: [l[0]!, l[0]!] };
  const holder = holdersOf(call)[0];
  if (holder) site.holder = holder;
  return site;
}

/** A call of a project function or class that is handed channels (the class instance may be a worker). */
function handoffOf(
  model: SemanticModel,
  call: Node,
  ancestors: readonly Container[],
  scope: Scope,
  handed: Handed,
  workers: Map<string, WorkerSite>,
  at: (node: Node) => string,
  lines: (node: Node) => Lines,
  use: (scope: Scope) => FunctionChannels,
): void {
  const callee = model.projectCallee(call, ancestors);
  if (callee === null || isExternalCallee(callee, model.file.module)) return;
  const args = call.childForFieldName('arguments');
  if (args?.type !== 'argument_list' || args.namedChildCount === 0) return;
  const cls = isProjectClassCall(model, call, ancestors);
  const parts = model.calleeParts(call);
  // `self.helper(q)`: slot 0 is `self`.
  const bound = !cls && parts !== null && parts.length > 1 && scope.params.length > 0 && parts[0] === scope.params[0] && model.methodCall(call) !== null;
  const offset = bound || cls ? 1 : 0;
  const items: Array<{ item: Node; slot: number | string }> = [];
  let index = 0;
  for (const arg of args.namedChildren) {
    if (!arg || arg.type === 'comment' || arg.type === 'list_splat' || arg.type === 'dictionary_splat') continue;
    if (arg.type === 'keyword_argument') {
      const value = arg.childForFieldName('value');
      const name = arg.childForFieldName('name')?.text;
      if (value && name) items.push({ item: value, slot: name });
      continue;
    }
    items.push({ item: arg, slot: index + offset });
    index++;
  }
  const given = handed(items, ancestors, scope, true);
  if (given.length === 0) return;
  if (cls) {
    const key = at(call);
    const site = workers.get(key) ?? classSite(model, call, ancestors, key, scope);
    site.args = given;
    site.lines = lines(call);
    workers.set(key, site);
    return;
  }
  (use(scope).calls ??= []).push({ callee, args: given, lines: lines(call) });
}

/** `self.frames = frames` in an `__init__`: which parameter each attribute holds, for Process subclasses built elsewhere. */
function initFacts(scope: Scope, use: (scope: Scope) => FunctionChannels): void {
  const fn = scope.fn!;
  const { params } = scope;
  const self = params[0];
  const body = fn.childForFieldName('body');
  if (!self || !body) return;
  const attrs: Record<string, number> = {};
  for (const statement of body.namedChildren) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChild(0) : null;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type !== 'attribute' || right?.type !== 'identifier' || left.childForFieldName('object')?.text !== self) continue;
    const slot = params.indexOf(right.text);
    const attr = left.childForFieldName('attribute')?.text;
    if (slot > 0 && attr) attrs[attr] = slot;
  }
  if (Object.keys(attrs).length === 0) return;
  const facts = use(scope);
  facts.attrs = attrs;
  facts.params = [...params];
}
