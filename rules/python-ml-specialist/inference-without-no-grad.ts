import { z } from 'zod';
import { defineRule } from '../../src/rule.js';
import { enclosingFunction } from '../../src/engine/model.js';
import { TORCH_MODULE_CLASSES } from '../../src/engine/kinds.js';
import type { Location } from '../../src/engine/source.js';

/** A model call whose inference context or model-ness only the project index can confirm. */
interface Candidate {
  model: string;
  /** Set when the call is in an inference context already known in the file. */
  reason?: string;
  /** The function the call is in, when only being a process target would make it inference. */
  fn?: string;
  /** The project class of another module the object is an instance of. */
  origin?: string;
  location: Location;
}

export default defineRule({
  code: 'PTL401',
  name: 'inference-without-no-grad',
  agent: 'python-ml-specialist',
  severity: 'warning',
  enabledByDefault: true,
  testCode: 'ignore',
  docs: {
    summary: 'A model is called for inference with autograd on: wrap inference in `torch.inference_mode()`.',
    why:
      'Outside `torch.no_grad()` / `torch.inference_mode()` every forward pass records the autograd graph and keeps ' +
      'every intermediate activation alive for a backward pass that never comes: several times the memory of the ' +
      'weights for a detector at 640x640, and measurably slower. In a long-running frame loop or a request handler ' +
      'that is the difference between fitting two models on a GPU and an out-of-memory crash. Wrap inference in ' +
      '`with torch.inference_mode():` (or decorate the function). Reported where the code does inference: the model ' +
      'was put in eval mode in that function or class, or the call is in a request handler, a frame loop or a ' +
      'process target\'s loop, and nothing there trains (`backward()`, `optimizer.step()`, `.train()`). A module calling its ' +
      'own sub-modules inside its methods, Ultralytics models (their predictor turns gradients off) and ONNX or ' +
      'TensorRT sessions are not reported; a decorator named like the two (`@smart_inference_mode()`) counts. ' +
      'Not reported in test code: a test runs a model a few times, where the graph costs nothing that lasts.',
    bad:
      'import torch\n\ndef detect_loop(cap, weights):\n    model = torch.jit.load(weights).eval()\n    while True:\n' +
      '        ok, frame = cap.read()\n        if not ok:\n            break\n        boxes = model(preprocess(frame))\n',
    good:
      'import torch\n\ndef detect_loop(cap, weights):\n    model = torch.jit.load(weights).eval()\n    with torch.inference_mode():\n' +
      '        while True:\n            ok, frame = cap.read()\n            if not ok:\n                break\n' +
      '            boxes = model(preprocess(frame))\n',
  },
  options: z.object({}).strict(),
  messages: {
    autograd:
      '`{{model}}(...)` runs inference ({{reason}}) with autograd on: every activation is kept for a backward pass that never comes; wrap it in `with torch.inference_mode():`',
  },
  create(ctx) {
    const { model } = ctx;
    return {
      call(node) {
        // The cheap questions first: most calls are in no inference context at all, and most are not model calls.
        const parts = model.calleeParts(node);
        // A model is called as `model(x)`, `self.model(x)` or `m.forward(x)`: not as a function, a class or a method.
        if (!parts) return;
        const fn = enclosingFunction(ctx.ancestors);
        const evaluates = model.ml.evaluatesHere(ctx.ancestors);
        const handler = !evaluates && model.execution.isRequestHandler(fn);
        // Without eval mode or a route, only a loop (a frame loop, a process target's loop) does inference.
        if (!evaluates && !handler && !model.execution.inLoop(ctx.ancestors)) return;
        if (!model.mayCallModel(node, ctx.ancestors)) return;
        if (model.ml.inGradContext(node, ctx.ancestors) || model.ml.trainsHere(ctx.ancestors)) return;
        // A module calling its own layers: `self.backbone(x)` in `forward`.
        if (parts[0] === 'self' && model.inModuleMethod(ctx.ancestors)) return;
        const reason = evaluates
          ? 'the model is in eval mode here'
          : handler
            ? 'in a request handler'
            : model.execution.frameLoop(ctx.ancestors)
              ? 'in a frame loop'
              : undefined;
        // Otherwise only a process target's loop, which the project index confirms, does inference here.
        if (!reason && fn?.type !== 'function_definition') return;
        const target = model.modelCall(node, ctx.ancestors);
        if (!target) return;
        // Ultralytics' YOLO(...) predicts under inference mode itself.
        const receiver = model.methodCall(node)?.receiver ?? node.childForFieldName('function');
        if (receiver && model.modelOrigins(receiver, ctx.ancestors).some((o) => o.startsWith('ultralytics.'))) return;
        const name = target.target.join('.');
        if (reason && !target.origin) {
          ctx.report({ node, messageId: 'autograd', data: { model: name, reason } });
          return;
        }
        const candidate: Candidate = { model: name, location: ctx.locate(node) };
        if (reason) candidate.reason = reason;
        else candidate.fn = model.definitionQname(fn!.node, ctx.ancestors.slice(0, ctx.ancestors.indexOf(fn!)));
        if (target.origin) candidate.origin = target.origin;
        ctx.record(candidate);
      },
    };
  },
  project(ctx) {
    for (const { path, data } of ctx.records()) {
      const c = data as Candidate;
      if (c.origin && !ctx.index.ancestors(c.origin).some((a) => TORCH_MODULE_CLASSES.has(a))) continue;
      const reason = c.reason ?? (c.fn && ctx.index.isProcessTarget(c.fn) ? 'in a process target' : undefined);
      if (reason) ctx.report({ path, location: c.location, messageId: 'autograd', data: { model: c.model, reason } });
    }
  },
});
