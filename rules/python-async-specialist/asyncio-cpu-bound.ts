import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule, patternOption, regex, type Fix } from '../../src/rule.js';
import { dottedParts, enclosingFunction } from '../../src/engine/model.js';

export default defineRule({
  code: 'PTL106',
  name: 'asyncio-cpu-bound',
  agent: 'python-async-specialist',
  severity: 'warning',
  enabledByDefault: true,
  fixable: 'unsafe',
  precision: 'medium',
  docs: {
    summary: 'A synchronous CPU-bound or blocking call inside `async def` stalls the event loop.',
    why:
      'An asyncio service runs every request on one thread. Model inference, tensor maths, image ' +
      'processing or `time.sleep` called directly in a coroutine blocks that thread: every other request, ' +
      'health check and websocket waits, latency spikes and timeouts cascade. asyncio is for I/O ' +
      'concurrency; move CPU-bound work to an executor (`await loop.run_in_executor(pool, fn, x)` or ' +
      '`await asyncio.to_thread(fn, x)`) or a process pool, and use `await asyncio.sleep()`.',
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
          'requests.get',
          'requests.post',
          'requests.put',
          'requests.patch',
          'requests.delete',
          'requests.head',
          'requests.request',
          'urllib.request.urlopen',
        ])
        .describe('qualified names of blocking calls'),
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
        '^(?:model|net|network|detector|classifier|predictor|backbone|encoder|decoder|segmenter|tracker|\\w+_model|\\w+_net|\\w+_detector|\\w+_classifier)$',
        'names of objects whose call is model inference',
      ),
      'inference-methods': z
        .array(z.string())
        .default(['predict', 'predict_proba', 'infer', 'inference', 'forward', 'generate', 'detect'])
        .describe('methods that run inference when called on a model-like object'),
      'session-name-pattern': patternOption(
        '^(?:session|sess|ort_session|ort_sess|\\w+_session|\\w+_sess)$',
        'names taken to be ONNX Runtime sessions (`.run()`) when nothing else says what they are',
      ),
    })
    .strict(),
  messages: {
    blocking: '`{{callee}}()` blocks the event loop inside `async def {{fn}}`; {{remedy}}',
  },
  create(ctx) {
    const o = ctx.options;
    const blocking = new Set(o['blocking-calls']);
    const modelName = regex(o['model-name-pattern']);
    const inference = new Set(o['inference-methods']);
    const sessionHints = { session: regex(o['session-name-pattern']) };
    const within = (name: string, prefixes: readonly string[]): boolean => prefixes.some((p) => name === p || name.startsWith(`${p}.`));

    /** A model by construction (`YOLO(...)`, `torch.jit.load`) or by name (`model`, `self.detector`). */
    const isModelLike = (node: Node): boolean => {
      if (ctx.model.kindOf(node, ctx.ancestors) === 'model') return true;
      const parts = dottedParts(node);
      const last = parts?.[parts.length - 1];
      return last !== undefined && (parts!.length === 1 || parts![0] === 'self') && modelName.test(last);
    };

    const classify = (node: Node): { callee: string; remedy: string } | null => {
      const fn = node.childForFieldName('function');
      if (!fn) return null;
      const qname = ctx.model.calleeName(node, ctx.ancestors);
      if (qname) {
        if (blocking.has(qname)) {
          const remedy = qname === 'time.sleep' ? 'use `await asyncio.sleep(...)`' : 'use an async client or `await asyncio.to_thread(...)`';
          return { callee: qname, remedy };
        }
        if (within(qname, o['cpu-bound-modules']) && !within(qname, o['allowed-calls'])) {
          return { callee: qname, remedy: 'run it with `await loop.run_in_executor(...)` or `await asyncio.to_thread(...)`' };
        }
      }
      const remedy = 'run inference with `await loop.run_in_executor(...)` or `await asyncio.to_thread(...)`';
      if ((fn.type === 'identifier' || fn.type === 'attribute') && isModelLike(fn)) return { callee: fn.text, remedy };
      const call = ctx.model.methodCall(node);
      if (!call) return null;
      if (inference.has(call.method) && isModelLike(call.receiver)) return { callee: fn.text, remedy };
      if (call.method === 'run' && ctx.model.kindOf(call.receiver, ctx.ancestors, sessionHints) === 'ort-session') return { callee: fn.text, remedy };
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

    return {
      call(node) {
        const fn = enclosingFunction(ctx.ancestors);
        if (!ctx.model.isAsync(fn) || ctx.model.isAwaited(node)) return;
        const hit = classify(node);
        if (!hit) return;
        const callee = hit.callee.length > 50 ? `${hit.callee.slice(0, 47)}...` : hit.callee;
        const fix = awaitSleep(node, hit.callee);
        ctx.report({ node, messageId: 'blocking', data: { callee, fn: fn!.node.childForFieldName('name')?.text ?? '?', remedy: hit.remedy }, ...(fix ? { fix } : {}) });
      },
    };
  },
});
