/**
 * Facts about each function of a file that cross-file questions are built from: whom it calls
 * (callees that may be project functions), whether it is a coroutine, whether it installs a
 * SIGTERM handler. They go into the file's summary (plain JSON, cached with it), and the project
 * index joins them into a call graph: "does this helper block, through which chain?", "does this
 * process's `run()` handle SIGTERM?". A file's facts change only with its own text, so editing a
 * helper re-checks its callers in the next run without re-analysing them.
 */
import type { Node } from 'web-tree-sitter';
import type { SemanticModel } from './model.js';

/**
 * A function's facts. In a file's summary, names under the file's own module are written relative
 * to it (`.Recorder.flush` in `pkg.media`): most calls are of the module's own functions and
 * methods, and summaries cross threads and sit in the cache. `expandFunctions` restores them.
 */
export interface FunctionSummary {
  /** Callees that may be project functions, each once, in the order the body first calls them; awaited calls are left out. */
  calls?: string[];
  async?: true;
  /** Has a `yield`: calling it builds a generator and runs nothing yet. */
  generator?: true;
  /** Calls `signal.signal(signal.SIGTERM, ...)` itself. */
  sigterm?: true;
  /** Puts work on CUDA itself (`.cuda()`, `.to("cuda")`, `torch.cuda.*`). */
  cuda?: true;
  /** Puts a module in eval mode itself (`.eval()`, `.train(False)`). */
  evals?: true;
  /**
   * Queues it puts to in a `while` loop that never waits on a `get`: its parameters by position
   * (a method's `self` is position 0) and `self` attributes (`self.frames`).
   */
  loopPuts?: Array<number | string>;
  /** Queues it puts to anywhere (and does not `cancel_join_thread()`), in the same terms as `loopPuts`. */
  puts?: Array<number | string>;
}

const SIGTERM = new Set(['signal.SIGTERM', 'SIGTERM', '15']);

/**
 * Top-level packages that are never the project's own (the standard library and the libraries ML
 * code calls most): their functions are not in the project index, so a summary need not list
 * calls of them. Most calls of ML code are calls of these, so this keeps summaries small.
 */
const EXTERNAL_ROOTS: ReadonlySet<string> = new Set([
  'abc', 'argparse', 'array', 'ast', 'asyncio', 'base64', 'bisect', 'builtins', 'collections', 'concurrent', 'contextlib',
  'copy', 'csv', 'ctypes', 'dataclasses', 'datetime', 'decimal', 'enum', 'errno', 'functools', 'gc', 'glob', 'gzip',
  'hashlib', 'heapq', 'hmac', 'html', 'http', 'importlib', 'inspect', 'io', 'ipaddress', 'itertools', 'json', 'logging',
  'math', 'mimetypes', 'multiprocessing', 'operator', 'os', 'pathlib', 'pickle', 'platform', 'pprint', 'queue',
  'random', 're', 'secrets', 'select', 'shlex', 'shutil', 'signal', 'socket', 'sqlite3', 'ssl', 'statistics', 'string',
  'struct', 'subprocess', 'sys', 'tarfile', 'tempfile', 'textwrap', 'threading', 'time', 'timeit', 'traceback', 'types',
  'typing', 'unittest', 'urllib', 'uuid', 'warnings', 'weakref', 'zipfile', 'zlib',
  'torch', 'torchvision', 'numpy', 'cv2', 'scipy', 'pandas', 'sklearn', 'tensorflow', 'jax', 'transformers', 'PIL',
  'onnxruntime', 'requests', 'httpx', 'aiohttp', 'pydantic', 'fastapi', 'starlette', 'typing_extensions', 'yaml',
  'tqdm', 'einops', 'triton', 'pytest', 'attr', 'attrs', 'click', 'rich',
]);

/** True for a callee of a package that is never the project's own (linting torch itself, its own calls are project calls). */
export function isExternalCallee(callee: string, module: string): boolean {
  const dot = callee.indexOf('.');
  const root = dot < 0 ? callee : callee.slice(0, dot);
  return root !== module.split('.')[0] && EXTERNAL_ROOTS.has(root);
}

/** Receivers as written (`out_q`, `self.frames`) as the parameter positions and `self` attributes they are. */
function slots(model: SemanticModel, fn: Node, receivers: readonly string[]): Array<number | string> {
  if (receivers.length === 0) return [];
  const params = model.parameterNames(fn);
  return receivers.flatMap((r): Array<number | string> =>
    params.includes(r) ? [params.indexOf(r)] : /^\w+\.\w+$/.test(r) && r.startsWith(`${params[0]}.`) ? [`self.${r.slice(r.indexOf('.') + 1)}`] : [],
  );
}

export function summariseFunctions(model: SemanticModel): Record<string, FunctionSummary> {
  const out: Record<string, FunctionSummary> = {};
  // No production path runs through test code: a test file's functions keep their own facts (CUDA
  // use, eval calls, ...) but not their calls, the bulk of a summary.
  const followCalls = !model.file.isTest;
  const prefix = `${model.file.module}.`;
  const relative = (qname: string): string => (prefix.length > 1 && qname.startsWith(prefix) ? qname.slice(prefix.length - 1) : qname);
  const external = (callee: string): boolean => isExternalCallee(callee, model.file.module);
  for (const { capture, qname: absolute } of model.functions) {
    const qname = relative(absolute);
    const facts: FunctionSummary = out[qname] ?? {};
    if (model.isAsync(capture)) facts.async = true;
    if (model.flow.isGenerator(capture.node)) facts.generator = true;
    if (model.ml.usesCuda(capture)) facts.cuda = true;
    if (model.ml.evaluatesIn(capture.node)) facts.evals = true;
    const loopPuts = slots(model, capture.node, model.flow.loopPuts(capture.node));
    if (loopPuts.length > 0) facts.loopPuts = loopPuts;
    const puts = slots(model, capture.node, model.flow.putTargets(capture.node));
    if (puts.length > 0) facts.puts = puts;
    let calls: Set<string> | undefined;
    if (followCalls) model.flow.forEachCall(capture.node, (node, ancestors) => {
      if (model.isAwaited(node)) return;
      const callee = model.projectCallee(node, ancestors);
      if (callee === null) return;
      if (callee === 'signal.signal') {
        const first = node.childForFieldName('arguments')?.namedChild(0);
        if (first && SIGTERM.has(model.qualifiedName(first, ancestors) ?? first.text)) facts.sigterm = true;
      } else if (!external(callee)) (calls ??= new Set(facts.calls)).add(relative(callee));
    });
    // A name defined twice (`if`/`else`, `@overload`, a property's setter) answers for both.
    if (calls) facts.calls = [...calls];
    // Every function is listed, calls or not: a rule's own facts (a blocking call) may make it a leaf.
    out[qname] = facts;
  }
  return out;
}

/** A summary's functions with their names made absolute again (see `FunctionSummary`). */
export function expandFunctions(module: string, functions: Record<string, FunctionSummary>): Array<[string, FunctionSummary]> {
  const absolute = (name: string): string => (name.startsWith('.') ? module + name : name);
  return Object.entries(functions).map(([name, facts]) => [absolute(name), facts.calls ? { ...facts, calls: facts.calls.map(absolute) } : facts]);
}
