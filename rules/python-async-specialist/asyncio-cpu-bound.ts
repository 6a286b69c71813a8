import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule, patternOption, regex, type Fix } from '../../src/rule.js';
import { argument, enclosingFunction } from '../../src/engine/model.js';
import { statedElementCount } from '../../src/engine/arrays.js';
import type { Location } from '../../src/engine/source.js';

/** A sync function of the project that blocks: the first blocking call in its own body. */
interface Leaf {
  kind: 'leaf';
  fn: string;
  callee: string;
}

/** A call in a coroutine of something that may be a sync project function. */
interface Candidate {
  kind: 'call';
  callee: string;
  fn: string;
  /** Where the coroutine starts (an offset): with the path and the callee, "this helper in this coroutine". */
  fnStart: number;
  location: Location;
}

/** Arrays and tensors up to this many elements, stated in the source, are cheap to make anywhere. */
const SMALL_TENSOR = 4096;

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];
/** Methods of a sync HTTP client (`requests.Session`, `httpx.Client`) that wait for the network. */
const HTTP_CLIENT_METHODS: ReadonlySet<string> = new Set([...HTTP_METHODS, 'send', 'stream']);

/** Device queries of any backend (`torch.cuda`, `torch.xpu`, `torch.mps`, ...): answered without work. */
const CHEAP_QUERIES = new Set(['is_available', 'device_count', 'current_device', 'is_initialized', 'get_device_name']);

/** Methods that wait on another thread or process, by the kind of their receiver. */
const WAITS_BY_KIND: ReadonlyMap<string, ReadonlySet<string>> = new Map<string, ReadonlySet<string>>([
  ['queue', new Set(['get', 'put'])],
  ['simple-queue', new Set(['get', 'put'])],
  ['process', new Set(['join'])],
  ['thread', new Set(['join'])],
  ['event', new Set(['wait'])],
  ['lock', new Set(['acquire', 'wait'])],
  ['pool', new Set(['map', 'apply', 'starmap'])],
]);
const WAIT_METHODS: ReadonlySet<string> = new Set([...[...WAITS_BY_KIND.values()].flatMap((m) => [...m]), 'result']);
/** Calls whose result is a `concurrent.futures.Future`, whose `result()` blocks. */
const FUTURE_MAKERS: ReadonlySet<string> = new Set(['asyncio.run_coroutine_threadsafe', 'concurrent.futures.Future']);
const WAIT_REMEDY = 'await it in a thread (`await asyncio.to_thread(...)`, `await loop.run_in_executor(None, ...)`) or use its asyncio counterpart';

function shorten(callee: string): string {
  return callee.length > 50 ? `${callee.slice(0, 47)}...` : callee;
}

export default defineRule({
  code: 'PTL106',
  name: 'asyncio-cpu-bound',
  agent: 'python-async-specialist',
  severity: 'warning',
  enabledByDefault: true,
  fixable: 'unsafe',
  precision: 'medium',
  testCode: 'ignore',
  docs: {
    summary: 'A synchronous CPU-bound or blocking call inside `async def` stalls the event loop.',
    why:
      'An asyncio service runs every request on one thread. Model inference, tensor maths, image ' +
      'processing or `time.sleep` called directly in a coroutine blocks that thread: every other request, ' +
      'health check and websocket waits, latency spikes and timeouts cascade. asyncio is for I/O ' +
      'concurrency; move CPU-bound work to an executor (`await loop.run_in_executor(pool, fn, x)` or ' +
      '`await asyncio.to_thread(fn, x)`) or a process pool, and use `await asyncio.sleep()`. The blocking ' +
      'work may be one call away: a sync function of the project that (through its own calls, across files) ' +
      'runs `subprocess.run`, a blocking HTTP call, `time.sleep` or inference, called from a coroutine, is ' +
      'reported at that call with the chain (`render_clip() → subprocess.run`). Waiting on a thread or process blocks ' +
      'the loop the same way: a sync queue\'s `get()` (and `put()` on a bounded one), `Process.join()`, a threading or ' +
      'multiprocessing `Event.wait()`, `Lock.acquire()`, `Future.result()`, a pool\'s `map`/`apply`; reported where ' +
      'written, not through helpers, and not with `block=False` or a zero timeout. Not reported in test code, ' +
      'where nothing else waits on the event loop; tiny constant tensors (`torch.zeros(2, 2)`) are not reported.',
    bad: 'async def predict(request):\n    image = await request.body()\n    return model(preprocess(image))\n',
    good:
      'import asyncio\n\nasync def predict(request):\n    image = await request.body()\n' +
      '    return await asyncio.to_thread(model, preprocess(image))\n',
  },
  options: z
    .object({
      'blocking-calls': z
        .array(z.string())
        .default([
          'time.sleep',
          ...HTTP_METHODS.map((m) => `requests.${m}`),
          ...HTTP_METHODS.map((m) => `httpx.${m}`),
          'httpx.stream',
          'urllib.request.urlopen',
          'subprocess.run',
          'subprocess.call',
          'subprocess.check_call',
          'subprocess.check_output',
          'subprocess.getoutput',
          'subprocess.getstatusoutput',
          'os.system',
        ])
        .describe('qualified names of blocking calls (methods of sync HTTP clients and `Popen.wait()`/`communicate()` are known too)'),
      'cpu-bound-modules': z
        .array(z.string())
        .default(['torch', 'numpy.linalg', 'cv2', 'scipy.linalg'])
        .describe('modules whose functions are CPU/GPU-bound work'),
      'allowed-calls': z
        .array(z.string())
        .default([
          'torch.no_grad',
          'torch.inference_mode',
          'torch.enable_grad',
          'torch.set_grad_enabled',
          'torch.device',
          'torch.dtype',
          'torch.Size',
          'torch.cuda.is_available',
          'torch.cuda.device_count',
          'torch.cuda.current_device',
          'torch.cuda.get_device_name',
          'torch.cuda.get_device_properties',
          'torch.cuda.empty_cache',
          'torch.cuda.memory_allocated',
          'torch.cuda.memory_reserved',
          'torch.cuda.max_memory_allocated',
          'torch.cuda.mem_get_info',
          'torch.cuda.set_device',
          'torch.cuda.is_initialized',
          // Stream and event bookkeeping is queued on the device, not waited for (`synchronize()` is).
          'torch.cuda.Event',
          'torch.cuda.Stream',
          'torch.cuda.stream',
          'torch.cuda.current_stream',
          'torch.cuda.default_stream',
          'torch.from_numpy',
          'torch.frombuffer',
          'torch.get_default_dtype',
          'torch.set_default_dtype',
          'torch.is_tensor',
          'torch.is_grad_enabled',
          'torch.manual_seed',
          'torch.set_num_threads',
          'torch.get_num_threads',
          'torch.backends',
          'cv2.VideoWriter_fourcc',
          'cv2.getTickCount',
          'cv2.getTickFrequency',
          'cv2.setNumThreads',
          'cv2.useOptimized',
        ])
        .describe('cheap calls (or modules) inside cpu-bound-modules that never need an executor'),
      'model-name-pattern': patternOption(
        '^(?!(?:get|load|build|create|make|init|setup|prepare|download|save|export|serialize|deserialize|update|register|reset|convert|wrap|select|fetch|set|is|has|to|from)_)' +
          '(?:model|net|network|detector|classifier|predictor|backbone|encoder|decoder|segmenter|tracker|llm|\\w+_model|\\w+_net|\\w+_detector|\\w+_classifier|\\w+_llm)$',
        'names of objects whose call is model inference (a name starting with a verb, `load_model`, names a function)',
      ),
      'inference-methods': z
        .array(z.string())
        .default(['predict', 'predict_proba', 'infer', 'inference', 'infer_from_request', 'forward', 'generate', 'chat', 'detect'])
        .describe('methods that run inference when called on a model-like object'),
      'session-name-pattern': patternOption(
        '^(?:session|sess|ort_session|ort_sess|\\w+_session|\\w+_sess)$',
        'names taken to be ONNX Runtime sessions (`.run()`) when nothing else says what they are',
      ),
    })
    .strict(),
  messages: {
    blocking: '`{{callee}}()` blocks the event loop inside `async def {{fn}}`; {{remedy}}',
    blockingHelper:
      '`{{callee}}()` blocks the event loop inside `async def {{fn}}` ({{chain}}); run it with `await asyncio.to_thread(...)`, or make the blocking part async',
  },
  create(ctx) {
    const o = ctx.options;
    const blocking = new Set(o['blocking-calls']);
    const modelName = regex(o['model-name-pattern']);
    const inference = new Set(o['inference-methods']);
    const sessionHints = { session: regex(o['session-name-pattern']) };
    const cpuBound = new Set(o['cpu-bound-modules']);
    const allowed = new Set(o['allowed-calls']);
    /** The first dotted segment of every prefix: most names are rejected by their root alone. */
    const roots = (prefixes: ReadonlySet<string>): ReadonlySet<string> => new Set([...prefixes].map((p) => p.split('.')[0]!));
    const cpuRoots = roots(cpuBound);
    const allowedRoots = roots(allowed);
    /** `torch.nn.functional.relu` is within `torch` and `torch.nn`: one set lookup per dotted prefix. */
    const within = (name: string, prefixes: ReadonlySet<string>, prefixRoots: ReadonlySet<string>): boolean => {
      const dot = name.indexOf('.');
      if (!prefixRoots.has(dot < 0 ? name : name.slice(0, dot))) return false;
      for (let end = name.length; end > 0; end = name.lastIndexOf('.', end - 1)) if (prefixes.has(end === name.length ? name : name.slice(0, end))) return true;
      return false;
    };

    const ownPrefix = `${ctx.file.module}.`;
    /**
     * A model by construction (`YOLO(...)`, `torch.jit.load`) or, when nothing says it is something
     * else, by name (`model`, `self.detector`); a lambda, a function or a queue named so is not one.
     * `parts` is the expression as a dotted name; `node` is found only when its kind is needed.
     */
    const isModelLike = (parts: readonly string[], node: () => Node | null, qname: string | null): boolean => {
      const last = parts[parts.length - 1]!;
      const named = (parts.length === 1 || parts[0] === 'self') && modelName.test(last);
      // A name from an import or a builtin is a function or a class, never a model instance; a
      // name that does not say "model" is one only where the file builds models.
      if (!named && ((qname !== null && !qname.startsWith(ownPrefix)) || !ctx.model.constructsModels())) return false;
      let kind = ctx.model.kindOfPath(parts, ctx.ancestors);
      if (kind === undefined) {
        // `a.b.c(...)`: only asked about receivers of inference methods (rare), never every call.
        const target = node();
        kind = target ? ctx.model.kindOf(target, ctx.ancestors) : null;
      }
      if (kind === 'model') return true;
      return named && (kind === null || kind === 'other');
    };

    /** A literal `block=False` / `blocking=False` / `timeout=0`: the call returns at once. */
    const returnsAtOnce = (node: Node, flag: string, flagAt: number, timeoutAt: number): boolean => {
      const block = argument(node, flag, flagAt);
      const timeout = argument(node, 'timeout', timeoutAt);
      return block?.type === 'false' || (timeout !== null && /^0(?:\.0*)?$/.test(timeout.text));
    };
    /** Queues built here with no positive `maxsize` never block a `put`. */
    const unbounded = (receiver: Node): boolean => {
      const built = ctx.model.constructionsOf(receiver, ctx.ancestors);
      return built.length > 0 && built.every(({ call }) => {
        const maxsize = argument(call, 'maxsize', 0);
        return !maxsize || /^(?:0|-\s*\d+|None)$/.test(maxsize.text.trim());
      });
    };
    /**
     * A call that waits on another thread or process: a sync queue's `get()` (and `put()` on a
     * bounded one), `join()`, `Event.wait()`, `Lock.acquire()`, a pool's `map`/`apply`, a
     * `concurrent.futures.Future`'s `result()`; not with `block=False` or a zero timeout.
     */
    const concurrencyWait = (node: Node, method: string, text: string): { callee: string; remedy: string } | null => {
      const receiver = ctx.model.methodCall(node)?.receiver;
      if (!receiver) return null;
      if (method === 'result') {
        const made = ctx.model.constructionsOf(receiver, ctx.ancestors);
        const future =
          made.length > 0 &&
          made.every(({ call, scope }) => FUTURE_MAKERS.has(ctx.model.calleeName(call, scope) ?? '') || ctx.model.methodCall(call)?.method === 'submit');
        return future && !returnsAtOnce(node, 'timeout', -1, 0) ? { callee: text, remedy: 'await it with `await asyncio.wrap_future(future)`' } : null;
      }
      const kind = ctx.model.kindOf(receiver, ctx.ancestors);
      if (!kind || !WAITS_BY_KIND.get(kind)?.has(method)) return null;
      switch (kind) {
        case 'queue':
        case 'simple-queue':
          if (method === 'get' ? returnsAtOnce(node, 'block', 0, 1) : returnsAtOnce(node, 'block', 1, 2) || unbounded(receiver)) return null;
          return { callee: text, remedy: 'use an `asyncio.Queue`, or `await asyncio.to_thread(...)` for a queue shared with threads or processes' };
        case 'event':
          // asyncio's Event is awaited; called without `await` it waits for nothing.
          if (ctx.model.constructionsOf(receiver, ctx.ancestors).some(({ call, scope }) => ctx.model.calleeName(call, scope)?.startsWith('asyncio.'))) return null;
          return returnsAtOnce(node, 'timeout', -1, 0) ? null : { callee: text, remedy: WAIT_REMEDY };
        case 'lock':
          return returnsAtOnce(node, method === 'acquire' ? 'blocking' : 'timeout', method === 'acquire' ? 0 : -1, method === 'acquire' ? 1 : 0) ? null : { callee: text, remedy: WAIT_REMEDY };
        case 'pool':
          return { callee: text, remedy: WAIT_REMEDY };
        default:
          return returnsAtOnce(node, 'timeout', -1, 0) ? null : { callee: text, remedy: WAIT_REMEDY };
      }
    };

    /**
     * What blocks in a call. `inCoroutine`: waits on another thread or process count only there,
     * where they are written; a sync helper that waits (`stop()` joining its workers) is no leaf,
     * since whether its caller may block there is the caller's own design.
     */
    const classify = (node: Node, inCoroutine: boolean): { callee: string; remedy: string } | null => {
      const qname = ctx.model.calleeName(node, ctx.ancestors);
      if (qname) {
        if (blocking.has(qname)) {
          const remedy = qname === 'time.sleep' ? 'use `await asyncio.sleep(...)`' : 'use an async client or `await asyncio.to_thread(...)`';
          return { callee: qname, remedy };
        }
        if (within(qname, cpuBound, cpuRoots) && !within(qname, allowed, allowedRoots) && !CHEAP_QUERIES.has(qname.slice(qname.lastIndexOf('.') + 1))) {
          const size = statedElementCount(node, qname);
          if (size !== null && size < SMALL_TENSOR) return null;
          return { callee: qname, remedy: 'run it with `await loop.run_in_executor(...)` or `await asyncio.to_thread(...)`' };
        }
      }
      const parts = ctx.model.calleeParts(node);
      if (!parts) return null;
      const text = parts.join('.');
      const remedy = 'run inference with `await loop.run_in_executor(...)` or `await asyncio.to_thread(...)`';
      const direct = parts.length === 1 || (parts.length === 2 && parts[0] === 'self');
      if (direct && isModelLike(parts, () => node.childForFieldName('function'), qname)) return { callee: text, remedy };
      if (parts.length < 2) return null;
      const method = parts[parts.length - 1]!;
      const receiver = (): Node | null => ctx.model.methodCall(node)?.receiver ?? null;
      if (HTTP_CLIENT_METHODS.has(method) || method === 'wait' || method === 'communicate') {
        // `d.get(k)` is far more often a dict: only a name or `self` attribute known to hold a client counts.
        const kind = ctx.model.kindOfPath(parts.slice(0, -1), ctx.ancestors);
        if (kind === 'http-client' && HTTP_CLIENT_METHODS.has(method)) return { callee: text, remedy: 'use an async client or `await asyncio.to_thread(...)`' };
        if (kind === 'popen' && (method === 'wait' || method === 'communicate')) {
          return { callee: text, remedy: 'use `asyncio.create_subprocess_exec` and `await proc.wait()`' };
        }
      }
      if (inCoroutine && WAIT_METHODS.has(method)) {
        const wait = concurrencyWait(node, method, text);
        if (wait) return wait;
      }
      const receiverParts = parts.slice(0, -1);
      if (inference.has(method) && isModelLike(receiverParts, receiver, ctx.model.resolveDottedText(receiverParts.join('.'), ctx.ancestors))) {
        return { callee: text, remedy };
      }
      if (method === 'run') {
        const target = receiver();
        if (target && ctx.model.kindOf(target, ctx.ancestors, sessionHints) === 'ort-session') return { callee: text, remedy };
      }
      return null;
    };

    /** How this scope spells `asyncio.sleep` through an import (`asyncio.sleep`, `aio.sleep`, `sleep`), if it can. */
    const asyncioSleepName = (): string | undefined => {
      const spellings = [...ctx.model.moduleImports]
        .flatMap(([local, qname]) => (qname === 'asyncio' ? [[local, `${local}.sleep`]] : qname === 'asyncio.sleep' ? [[local, local]] : []))
        .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0));
      for (const [local, spelling] of spellings) {
        if (ctx.model.isBound(local!, ctx.ancestors) && ctx.model.resolveDottedText(spelling!, ctx.ancestors) === 'asyncio.sleep') return spelling;
      }
      return undefined;
    };

    /**
     * `time.sleep(x)` as a statement of the coroutine → `await asyncio.sleep(x)`, when `asyncio`
     * here is the asyncio module. Unsafe: other tasks now run during the pause.
     */
    const awaitSleep = (node: Node, callee: string): Fix | undefined => {
      if (callee !== 'time.sleep') return undefined;
      const statement = node.parent;
      if (statement?.type !== 'expression_statement' || statement.namedChildCount !== 1) return undefined;
      const sleep = asyncioSleepName();
      const fn = node.childForFieldName('function');
      if (!sleep || !fn || fn.startIndex !== node.startIndex) return undefined;
      return {
        title: `Use \`await ${sleep}(...)\` (unsafe: other tasks of the event loop now run during the pause)`,
        applicability: 'unsafe',
        edits: [{ start: fn.startIndex, end: fn.endIndex, text: `await ${sleep}` }],
      };
    };

    /** Functions of this file that already have their leaf recorded. */
    const leaves = new Set<number>();
    return {
      call(node) {
        const fn = enclosingFunction(ctx.ancestors);
        if (fn?.type !== 'function_definition' || ctx.model.isAwaited(node)) return;
        const sync = !ctx.model.isAsync(fn);
        // A sync function needs one blocking call to be a leaf: the rest of its calls are not asked about.
        // Test helpers are called from tests, where this rule does not report: they are no leaves.
        if (sync && (ctx.file.isTest || leaves.has(fn.node.id))) return;
        const hit = classify(node, !sync);
        if (sync) {
          // A sync function that blocks: its callers in coroutines are found in the project phase.
          // Linear algebra in a helper is mostly bookkeeping on a few numbers; in a coroutine it is reported where it is written.
          if (hit && !/^(?:numpy|scipy)\./.test(hit.callee)) {
            leaves.add(fn.node.id);
            const leaf: Leaf = { kind: 'leaf', fn: ctx.model.definitionQname(fn.node, ctx.ancestors.slice(0, ctx.ancestors.indexOf(fn))), callee: hit.callee };
            ctx.record(leaf);
          }
          return;
        }
        const name = ctx.model.nameOf(fn.node) ?? '?';
        if (!hit) {
          const callee = ctx.model.projectCallee(node, ctx.ancestors);
          if (callee) {
            const candidate: Candidate = { kind: 'call', callee, fn: name, fnStart: fn.start, location: ctx.locate(node) };
            ctx.record(candidate);
          }
          return;
        }
        const fix = awaitSleep(node, hit.callee);
        ctx.report({ node, messageId: 'blocking', data: { callee: shorten(hit.callee), fn: name, remedy: hit.remedy }, ...(fix ? { fix } : {}) });
      },
    };
  },
  project(ctx) {
    const leafOf = new Map<string, string>();
    for (const { data } of ctx.records()) {
      const leaf = data as Leaf | Candidate;
      if (leaf.kind === 'leaf' && !leafOf.has(leaf.fn)) leafOf.set(leaf.fn, leaf.callee);
    }
    if (leafOf.size === 0) return;
    /** `render_clip()`, or `Recorder.flush()` for a method. */
    const short = (qname: string): string => {
      const parts = qname.split('.');
      const owner = parts.slice(0, -1).join('.');
      return ctx.index.classByQname(owner) ? `${parts.at(-2)}.${parts.at(-1)}()` : `${parts.at(-1)}()`;
    };
    // One finding per coroutine and helper: the fix is made once, in the helper or at its first call.
    const reported = new Set<string>();
    for (const { path, data } of ctx.records()) {
      const c = data as Leaf | Candidate;
      if (c.kind !== 'call') continue;
      const once = `${path}\0${c.fnStart}\0${c.callee}`;
      if (reported.has(once)) continue;
      const chain = ctx.index.callChain(c.callee, (fn) => leafOf.get(fn));
      if (!chain) continue;
      reported.add(once);
      ctx.report({
        path,
        location: c.location,
        messageId: 'blockingHelper',
        data: { callee: shorten(c.callee.split('.').pop()!), fn: c.fn, chain: [...chain.path.map(short), chain.leaf].join(' → ') },
      });
    }
  },
});
