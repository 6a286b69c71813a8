/**
 * Where code runs, as the ML rules need to know it: request handlers of web frameworks, loops
 * that process frames, whether a call's arguments change from one iteration of its loop to the
 * next, and the multiprocessing start method a file sets. Answered from what the sweep recorded
 * and from the bindings; nothing here walks the tree.
 */
import type { Node } from 'web-tree-sitter';
import type { Container } from './traverse.js';
import type { SemanticModel } from './model.js';
import { argument } from './syntax.js';

/** `@app.get("/")`, `@router.post(...)`, `@bp.route(...)`, `@app.websocket(...)`: the receiver and the method. */
const ROUTE_DECORATOR = /^((?:[A-Za-z_]\w*\s*\.\s*)*[A-Za-z_]\w*)\s*\.\s*(?:get|post|put|patch|delete|head|options|route|websocket|api_route)\s*\(/;
/** Names a web application or router usually has (when nothing says what the object is). */
const APP_NAME = /^(?:app|api|application|router|bp|blueprint|\w+_router|\w+_app|\w+_api|\w+_bp)$/;
/** The classes of FastAPI, Starlette and Flask whose instances route requests. */
const WEB_APPS: ReadonlySet<string> = new Set([
  'fastapi.FastAPI',
  'fastapi.APIRouter',
  'fastapi.routing.APIRouter',
  'starlette.applications.Starlette',
  'starlette.routing.Router',
  'flask.Flask',
  'flask.Blueprint',
  'quart.Quart',
  'sanic.Sanic',
]);
/** Methods that read one frame: `cap.read()`, `cap.grab()`, `cap.retrieve()`. */
const FRAME_READS = new Set(['read', 'grab', 'retrieve']);
/** Loop variables that name a frame (`for frame in video:`). */
const FRAME_NAME = /^(?:frame|img|image|im0?|batch)s?$|_(?:frame|img|image)$/;
const LOOP_TYPES: ReadonlySet<string> = new Set(['for_statement', 'while_statement']);
const FUNCTION_TYPES: ReadonlySet<string> = new Set(['function_definition', 'lambda']);
/** Process classes of multiprocessing that fix the start method. */
const FORK_CLASSES = new Set(['multiprocessing.context.ForkProcess']);
const OTHER_METHOD_CLASSES = new Set(['multiprocessing.context.SpawnProcess', 'multiprocessing.context.ForkServerProcess']);

/** How a process or pool construction starts its children: `fork` asked for, the platform's `default`, or `other` (spawn, forkserver). */
export type StartMethod = 'fork' | 'default' | 'other';

/** The loops between the innermost function and the node, outermost first. */
function enclosingLoops(ancestors: readonly Container[]): Container[] {
  const out: Container[] = [];
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i]!;
    if (FUNCTION_TYPES.has(a.type) || a.type === 'class_definition') break;
    if (LOOP_TYPES.has(a.type)) out.unshift(a);
  }
  return out;
}

export class ExecutionFacts {
  /** Loop node id → the names its `for` binds. */
  private readonly loopTargets = new Map<number, string[]>();
  private readonly frameLoops = new Set<number>();
  private readonly handlers = new Map<number, boolean>();
  /** `set_start_method("spawn")` and friends in this file, in document order. */
  readonly startMethods: string[] = [];

  constructor(private readonly model: SemanticModel) {}

  // ---------------------------------------------------------------- recording (the sweep)

  addLoopTargets(loop: Node, names: readonly string[]): void {
    this.loopTargets.set(loop.id, [...names]);
    if (names.some((n) => FRAME_NAME.test(n))) this.frameLoops.add(loop.id);
  }

  /** Every call with its dotted parts (from the text): frame reads mark their loops; start methods are noted. */
  addCall(call: Node, start: number, parts: readonly string[] | null, ancestors: readonly Container[]): void {
    if (!parts) return;
    const last = parts[parts.length - 1]!;
    if (parts.length > 1 && FRAME_READS.has(last)) {
      const kind = this.model.kindOfPath(parts.slice(0, -1), ancestors);
      const named = /(?:^|_)(?:cap|capture|camera|cam|stream|video|reader|source)$/i.test(parts[parts.length - 2]!);
      if (kind === 'capture' || (kind == null && named)) for (const loop of enclosingLoops(ancestors)) this.frameLoops.add(loop.node.id);
    } else if (last === 'set_start_method') {
      const m = /set_start_method\s*\(\s*(?:method\s*=\s*)?['"](\w+)['"]/y;
      m.lastIndex = this.model.file.source.indexOf('set_start_method', start);
      const method = m.exec(this.model.file.source)?.[1];
      if (method) this.startMethods.push(method);
    }
    void call;
  }

  // ---------------------------------------------------------------- questions

  /** True for a function decorated as a route of FastAPI, Flask or Starlette (`@app.post("/predict")`). */
  isRequestHandler(fn: Container | undefined): boolean {
    if (fn?.type !== 'function_definition') return false;
    let known = this.handlers.get(fn.node.id);
    if (known === undefined) this.handlers.set(fn.node.id, (known = this.routes(fn.node)));
    return known;
  }

  private routes(fn: Node): boolean {
    return this.model.decoratorsOf(fn).some((d) => {
      const receiver = ROUTE_DECORATOR.exec(d)?.[1]?.replace(/\s+/g, '');
      if (!receiver) return false;
      const parts = receiver.split('.');
      if (APP_NAME.test(parts[parts.length - 1]!)) return true;
      const cls = this.model.instanceClass(parts, []);
      return cls !== null && WEB_APPS.has(cls);
    });
  }

  /** The innermost enclosing loop that processes frames (it reads from a capture, or iterates frames). */
  frameLoop(ancestors: readonly Container[]): Container | undefined {
    if (this.frameLoops.size === 0) return undefined;
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const a = ancestors[i]!;
      if (FUNCTION_TYPES.has(a.type) || a.type === 'class_definition') return undefined;
      if (this.frameLoops.has(a.node.id)) return a;
    }
    return undefined;
  }

  /**
   * The start method a `Process(...)` / `Pool(...)` construction asks for: `fork` through
   * `get_context("fork")` or `ForkProcess`, `other` through spawn or forkserver, `default` for a
   * plain constructor or `get_context()` (a `set_start_method` elsewhere may still decide it).
   */
  startMethodOf(call: Node, ancestors: readonly Container[]): StartMethod {
    const callee = this.model.calleeName(call, ancestors);
    if (callee && FORK_CLASSES.has(callee)) return 'fork';
    if (callee && OTHER_METHOD_CLASSES.has(callee)) return 'other';
    const method = this.model.methodCall(call);
    return method ? this.contextStartMethod(method.receiver, ancestors) : 'default';
  }

  /** The start method a multiprocessing context expression names (`ctx = mp.get_context("spawn")`); `default` for anything else. */
  contextStartMethod(context: Node, ancestors: readonly Container[]): StartMethod {
    if (this.model.kindOf(context, ancestors) !== 'mp-context') return 'default';
    // `get_context()` with no method is the default.
    for (const { call } of this.model.constructionsOf(context, ancestors)) {
      const arg = argument(call, 'method', 0);
      if (!arg) return 'default';
      const name = /^['"](\w+)['"]$/.exec(arg.text)?.[1];
      return name === 'fork' ? 'fork' : name === undefined ? 'default' : 'other';
    }
    return 'default';
  }

  /** True inside a loop of the innermost function (asked of every call: allocates nothing). */
  inLoop(ancestors: readonly Container[]): boolean {
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const a = ancestors[i]!;
      if (FUNCTION_TYPES.has(a.type) || a.type === 'class_definition') return false;
      if (LOOP_TYPES.has(a.type)) return true;
    }
    return false;
  }

  /** The loops around the node within its function, outermost first. */
  loops(ancestors: readonly Container[]): Container[] {
    return enclosingLoops(ancestors);
  }

  /**
   * True when one of `names` changes from one iteration of `loop` to the next: a variable the
   * loop (or a loop inside it) binds, or a name assigned inside the loop before `before`.
   */
  variesWith(loop: Container, names: readonly string[], before: number, ancestors: readonly Container[]): boolean {
    const bound = new Set<string>();
    for (const [id, targets] of this.loopTargets) {
      if (id === loop.node.id || this.contains(loop, id, ancestors)) for (const t of targets) bound.add(t);
    }
    return names.some((n) => bound.has(n) || this.model.assignedBetween(n, ancestors, loop.start, before));
  }

  private contains(loop: Container, id: number, ancestors: readonly Container[]): boolean {
    return ancestors.some((a) => a.node.id === id && a.start >= loop.start && a.end <= loop.end);
  }
}
