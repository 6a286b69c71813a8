import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../src/rule.js';
import { enclosingFunction } from '../../src/engine/model.js';

/** Calls that load a model from disk or a hub. */
const LOADERS = new Set([
  'torch.load',
  'torch.jit.load',
  'torch.hub.load',
  'onnxruntime.InferenceSession',
  'timm.create_model',
  'ultralytics.YOLO',
  'ultralytics.RTDETR',
  'cv2.dnn.readNet',
  'cv2.dnn.readNetFromONNX',
  'cv2.dnn.readNetFromDarknet',
  'cv2.dnn.readNetFromCaffe',
  'cv2.dnn.readNetFromTensorflow',
  'cv2.dnn.readNetFromTorch',
  'tensorflow.keras.models.load_model',
  'keras.models.load_model',
  'keras.saving.load_model',
  'joblib.load',
]);
const CACHE_DECORATOR = /^(?:functools\.)?(?:lru_cache|cache|cached_property)\b|^(?:\w+\.)*cache(?:d)?\b/;
/** `if self._model is None:`, `if model is None:`, `if not self.session:`: a lazy singleton's guard. */
const LAZY_GUARD = /(?:^|\s)(?:[\w.]+\s+is\s+None|not\s+[\w.]+|[\w.]+\s+not\s+in\s+[\w.]+|[\w.]+\s+is\s+not\s+None)\b/;

export default defineRule({
  code: 'PTL403',
  name: 'model-load-in-loop',
  agent: 'python-ml-specialist',
  severity: 'warning',
  enabledByDefault: true,
  testCode: 'ignore',
  docs: {
    summary: 'A model is loaded inside a loop or a request handler: load it once and reuse it.',
    why:
      'Loading a model reads hundreds of megabytes, unpickles or compiles a graph and, on a GPU, allocates and ' +
      'copies every weight: seconds of work and a memory spike. In a frame loop it turns a 30 fps pipeline into a ' +
      'slideshow; in a request handler every request pays it and concurrent requests multiply the memory until the ' +
      'process is killed. Load once (at start-up, in `__init__`, or lazily behind `if self.model is None:`) and keep ' +
      'the object. A load in a `for` loop whose arguments change per iteration (`for ckpt in checkpoints:`), in a ' +
      'loader decorated `functools.cache`/`lru_cache`, or followed by `break`/`return` or inside a `try` (a retry loop) is ' +
      'not reported. ' +
      'Not reported in test code, where loading per test case is what isolates the cases.',
    bad:
      'import torch\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\n@app.post("/predict")\nasync def predict(image: bytes):\n' +
      '    model = torch.jit.load("detector.pt")\n    return model(decode(image)).tolist()\n',
    good:
      'import torch\nfrom fastapi import FastAPI\n\napp = FastAPI()\nmodel = torch.jit.load("detector.pt")\n\n' +
      '@app.post("/predict")\nasync def predict(image: bytes):\n    return model(decode(image)).tolist()\n',
  },
  callees: ['load', 'InferenceSession', 'create_model', 'YOLO', 'RTDETR', 'from_pretrained', 'load_model', '*readNet', 'readNetFromONNX', 'readNetFromDarknet', 'readNetFromCaffe', 'readNetFromTensorflow', 'readNetFromTorch'],
  options: z.object({}).strict(),
  messages: {
    inLoop: '`{{callee}}(...)` loads a model on every iteration of this {{loop}}; load it once before the loop and reuse it',
    inHandler: '`{{callee}}(...)` loads a model on every request to `{{handler}}`; load it once at start-up (or lazily, cached) and reuse it',
  },
  create(ctx) {
    const { model } = ctx;
    const source = ctx.file.source;
    /** Names the call's arguments read, from its text (attribute names after a `.` left out). */
    const argumentNames = (node: Node): string[] => {
      const text = source.slice(node.startIndex, node.endIndex);
      const open = text.indexOf('(');
      const names = new Set<string>();
      for (const m of text.slice(open + 1).matchAll(/(?<![.\w])([A-Za-z_]\w*)(?!\s*=[^=])/g)) names.add(m[1]!);
      return [...names];
    };
    const isLoader = (qname: string | null): qname is string =>
      qname !== null && (LOADERS.has(qname) || (qname.endsWith('.from_pretrained') && !/(?:Tokenizer|Config|Processor|FeatureExtractor)\.from_pretrained$/.test(qname)));
    return {
      call(node) {
        const parts = model.calleeParts(node);
        if (!parts) return;
        const qname = model.calleeName(node, ctx.ancestors);
        if (!isLoader(qname)) return;
        const fn = enclosingFunction(ctx.ancestors);
        if (fn?.type === 'function_definition' && model.decoratorsOf(fn.node).some((d) => CACHE_DECORATOR.test(d))) return;
        // `if self._model is None: self._model = torch.load(...)`: loaded once, then kept.
        const insideFunction = ctx.ancestors.slice(fn ? ctx.ancestors.indexOf(fn) + 1 : 0);
        if (insideFunction.some((a) => (a.type === 'if_statement' || a.type === 'elif_clause') && LAZY_GUARD.test(a.node.childForFieldName('condition')?.text ?? ''))) return;
        const callee = parts.join('.');
        const loops = model.execution.loops(ctx.ancestors);
        for (let i = loops.length - 1; i >= 0; i--) {
          const loop = loops[i]!;
          if (loop.type === 'for_statement' && model.execution.variesWith(loop, argumentNames(node), node.startIndex, ctx.ancestors)) continue;
          // A retry loop: the load is followed by `break` or `return`, or tried until it works.
          if (model.flow.followedByExit(node) || ctx.ancestors.some((a) => a.type === 'try_statement' && a.start > loop.start)) return;
          ctx.report({ node, messageId: 'inLoop', data: { callee, loop: loop.type === 'while_statement' ? '`while` loop' : '`for` loop' } });
          return;
        }
        if (model.execution.isRequestHandler(fn)) {
          ctx.report({ node, messageId: 'inHandler', data: { callee, handler: model.nameOf(fn!.node) ?? '?' } });
        }
      },
    };
  },
});
