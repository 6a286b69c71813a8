import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule, type Fix } from '../../src/rule.js';
import { TORCH_MODULE_CLASSES } from '../../src/engine/kinds.js';
import type { Location } from '../../src/engine/source.js';

interface Candidate {
  /** The project class of another module the receiver is an instance of. */
  origin: string;
  receiver: string;
  location: Location;
}

export default defineRule({
  code: 'PTL404',
  name: 'forward-called-directly',
  agent: 'python-ml-specialist',
  severity: 'warning',
  enabledByDefault: true,
  fixable: 'safe',
  testCode: 'ignore',
  docs: {
    summary: '`model.forward(x)` bypasses the module\'s hooks; call the module: `model(x)`.',
    why:
      '`nn.Module.__call__` runs the forward pre-hooks and hooks around `forward()`: the hooks that quantization, ' +
      'pruning, `torch.compile`, profilers, activation checkpointing and feature extractors install. Calling ' +
      '`forward()` directly skips all of them, so the model that runs in production differs from the one that was ' +
      'measured and exported. Call the module itself. Inside a `forward` override, `super().forward(x)` and ' +
      '`Base.forward(self, x)` are the right way to reach the parent, and a module calling its own `self.forward(...)` ' +
      'composes its own implementation: neither is reported. OpenCV networks, ONNX sessions and classes that are not ' +
      '`nn.Module`s have their own `forward` and are left alone. Not reported in test code, where a test may exercise ' +
      '`forward` on purpose.',
    bad: 'import torch\n\nmodel = torch.hub.load("ultralytics/yolov5", "yolov5s")\nboxes = model.forward(frame)\n',
    good: 'import torch\n\nmodel = torch.hub.load("ultralytics/yolov5", "yolov5s")\nboxes = model(frame)\n',
  },
  callees: ['forward'],
  options: z.object({}).strict(),
  messages: {
    direct: '`{{receiver}}.forward(...)` skips the module\'s hooks (quantization, compile, profilers); call `{{receiver}}(...)`',
  },
  create(ctx) {
    const { model } = ctx;
    /** `m.forward(x)` → `m(x)`: the attribute's `.forward` part removed (safe: `__call__` runs `forward`). */
    const callInstead = (node: Node): Fix | undefined => {
      const fn = node.childForFieldName('function');
      const object = fn?.childForFieldName('object');
      if (!fn || !object) return undefined;
      return { title: 'Call the module instead of `.forward`', applicability: 'safe', edits: [{ start: object.endIndex, end: fn.endIndex, text: '' }] };
    };
    return {
      call(node) {
        const parts = model.calleeParts(node);
        if (!parts || parts.length < 2 || parts[parts.length - 1] !== 'forward') return;
        const receiverParts = parts.slice(0, -1);
        const receiver = receiverParts.join('.');
        const call = model.methodCall(node);
        if (!call) return;
        // `Base.forward(self, x)` inside an override: the parent's forward, reached on purpose.
        if (model.classByQname(model.resolveDottedText(receiver, ctx.ancestors) ?? '') || /^[A-Z]/.test(receiverParts[receiverParts.length - 1]!)) return;
        // A module calling its own forward from another of its methods (`training_step`, a helper).
        if (model.moduleSelfOrigin(receiverParts, ctx.ancestors) !== null) return;
        const kind = model.kindOf(call.receiver, ctx.ancestors);
        if (kind === 'model') {
          ctx.report({ node, messageId: 'direct', data: { receiver }, fix: callInstead(node) });
          return;
        }
        if (kind !== null && kind !== 'other') return;
        // An instance of a project class whose bases the file alone does not show: the index knows.
        const origin = model.constructedBy(call.receiver, ctx.ancestors);
        if (origin) {
          const candidate: Candidate = { origin, receiver, location: ctx.locate(node) };
          ctx.record(candidate);
        }
      },
    };
  },
  project(ctx) {
    for (const { path, data } of ctx.records()) {
      const c = data as Candidate;
      if (!ctx.index.ancestors(c.origin).some((a) => TORCH_MODULE_CLASSES.has(a))) continue;
      ctx.report({ path, location: c.location, messageId: 'direct', data: { receiver: c.receiver } });
    }
  },
});
