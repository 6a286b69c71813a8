import { z } from 'zod';
import { defineRule } from '../../src/rule.js';
import { enclosingFunction } from '../../src/engine/model.js';
import { TORCH_MODULE_CLASSES } from '../../src/engine/kinds.js';
import type { Location } from '../../src/engine/source.js';

/** Loads and constructors that give a module in training mode (dropout on, batch norm updating). */
const TRAINING_MODE_ORIGINS = /^(?:torch\.load|torch\.hub\.load|timm\.create_model|torchvision\.models\.\w[\w.]*|torch\.nn\.[A-Z]\w*)$/;
/** Loaders that hand back a module already in eval mode (or one that is not an nn.Module). */
const EVAL_MODE_ORIGINS = /(?:\.from_pretrained|^torch\.jit\.(?:load|script|trace)|^ultralytics\.\w+|^torch\.compile)$/;

interface Candidate {
  model: string;
  reason?: string;
  fn?: string;
  /** Project classes of other modules among what built the model. */
  classes: string[];
  location: Location;
}

export default defineRule({
  code: 'PTL402',
  name: 'model-not-in-eval-mode',
  agent: 'python-ml-specialist',
  severity: 'warning',
  enabledByDefault: true,
  docs: {
    summary: 'A model is built or loaded and used for inference without `.eval()`.',
    why:
      'A freshly built or loaded `nn.Module` is in training mode: dropout drops activations at random and batch ' +
      'norm normalises with the statistics of the current batch (a batch of one frame) and updates its running ' +
      'averages as it goes. The detector gives different boxes for the same frame on every call and drifts over ' +
      'time, and no error ever says why. Call `model.eval()` (or `model.train(False)`) once after loading, before ' +
      'inference. `from_pretrained` (transformers returns eval mode), `torch.jit.load` and ONNX sessions are not ' +
      'reported, and neither is a model put in eval mode anywhere in the function, its class or its module, nor an ' +
      'instance of a project class whose constructor (or what it calls) puts it in eval mode.',
    bad:
      'import torch\nimport torchvision\n\ndef serve(weights, frames):\n    model = torchvision.models.resnet18()\n' +
      '    model.load_state_dict(torch.load(weights, weights_only=True))\n    with torch.inference_mode():\n' +
      '        return [model(f) for f in frames]\n',
    good:
      'import torch\nimport torchvision\n\ndef serve(weights, frames):\n    model = torchvision.models.resnet18()\n' +
      '    model.load_state_dict(torch.load(weights, weights_only=True))\n    model.eval()\n    with torch.inference_mode():\n' +
      '        return [model(f) for f in frames]\n',
  },
  options: z.object({}).strict(),
  messages: {
    training:
      '`{{model}}` is used for inference ({{reason}}) but never put in eval mode: dropout and batch norm still behave as in training; call `{{model}}.eval()` after loading it',
  },
  create(ctx) {
    const { model } = ctx;
    return {
      call(node) {
        // The cheap questions first: a file that calls `.eval()` anywhere is not reported at all.
        if (model.ml.evaluatesInFile() || model.ml.trainsHere(ctx.ancestors)) return;
        const parts = model.calleeParts(node);
        if (!parts) return;
        const fn = enclosingFunction(ctx.ancestors);
        const gradOff = model.ml.inGradContext(node, ctx.ancestors);
        const handler = !gradOff && model.execution.isRequestHandler(fn);
        if (!gradOff && !handler && (fn?.type !== 'function_definition' || !model.execution.inLoop(ctx.ancestors))) return;
        // A model is called as `model(x)`, `self.model(x)` or `m.forward(x)`: not as a function, a class or a method.
        if (!model.mayCallModel(node, ctx.ancestors)) return;
        if (parts[0] === 'self' && model.inModuleMethod(ctx.ancestors)) return;
        const target = model.modelCall(node, ctx.ancestors);
        if (!target) return;
        const receiver = model.methodCall(node)?.receiver ?? node.childForFieldName('function');
        if (!receiver) return;
        const origins = model.modelOrigins(receiver, ctx.ancestors);
        if (origins.length === 0 || origins.some((o) => EVAL_MODE_ORIGINS.test(o))) return;
        // Loaders and library constructors are decided here; a project class may put itself in eval
        // mode in its constructor (or a helper it calls), which the project index can see.
        const classes = origins.filter((o) => !TRAINING_MODE_ORIGINS.test(o));
        const local = classes.length === 0 && origins.some((o) => TRAINING_MODE_ORIGINS.test(o));
        if (!local && classes.length === 0) return;
        const reason = gradOff ? 'gradients are off here' : handler ? 'in a request handler' : undefined;
        const name = target.target.join('.');
        if (reason && local) {
          ctx.report({ node, messageId: 'training', data: { model: name, reason } });
          return;
        }
        const candidate: Candidate = { model: name, classes: local ? [] : classes, location: ctx.locate(node) };
        if (reason) candidate.reason = reason;
        else candidate.fn = model.definitionQname(fn!.node, ctx.ancestors.slice(0, ctx.ancestors.indexOf(fn!)));
        ctx.record(candidate);
      },
    };
  },
  project(ctx) {
    for (const { path, data } of ctx.records()) {
      const c = data as Candidate;
      if (c.classes.length > 0) {
        const modules = c.classes.filter((o) => ctx.index.ancestors(o).some((a) => TORCH_MODULE_CLASSES.has(a)));
        // `DetectMultiBackend(...)` whose constructor loads its weights with `.eval()`.
        if (modules.length === 0 || modules.some((o) => ctx.index.reaches(o, (facts) => facts.evals === true))) continue;
      }
      const reason = c.reason ?? (c.fn && ctx.index.isProcessTarget(c.fn) ? 'in a process target' : undefined);
      if (reason) ctx.report({ path, location: c.location, messageId: 'training', data: { model: c.model, reason } });
    }
  },
});
