import { z } from 'zod';
import { defineRule } from '../../src/rule.js';
import { appendArgument } from '../../src/engine/edits.js';
import { argument, hasSplat, positionalArguments } from '../../src/engine/model.js';

export default defineRule({
  code: 'PTL408',
  name: 'onnx-session-without-providers',
  agent: 'python-ml-specialist',
  severity: 'warning',
  enabledByDefault: true,
  testCode: 'ignore',
  fixable: 'unsafe',
  docs: {
    summary: '`onnxruntime.InferenceSession(path)` without `providers=` runs wherever the build happens to default to.',
    why:
      'Since onnxruntime 1.9 a session on a build with more than the CPU provider (`onnxruntime-gpu`, TensorRT, ' +
      'OpenVINO) raises unless `providers=` is given, and a CPU-only build silently runs on the CPU: the same ' +
      'line is a crash on the GPU box and a 20x slowdown on the laptop that nobody notices. Name the providers in ' +
      'order of preference, so the choice is in the code and reviewable: `providers=["CUDAExecutionProvider", ' +
      '"CPUExecutionProvider"]`. The fix adds `providers=["CPUExecutionProvider"]` (unsafe: it pins inference to the ' +
      'CPU; put a GPU provider first where one is meant). ' +
      'Not reported in test code, where CPU inference is usually the point.',
    bad: 'import onnxruntime as ort\n\nsession = ort.InferenceSession("yolov8n.onnx")\n',
    good: 'import onnxruntime as ort\n\nsession = ort.InferenceSession("yolov8n.onnx", providers=["CUDAExecutionProvider", "CPUExecutionProvider"])\n',
  },
  callees: ['InferenceSession'],
  options: z.object({}).strict(),
  messages: {
    noProviders:
      '`{{callee}}(...)` without `providers=` raises on GPU builds of onnxruntime and silently runs on the CPU elsewhere; name the execution providers',
  },
  create(ctx) {
    return {
      call(node) {
        if (ctx.model.calleeName(node, ctx.ancestors) !== 'onnxruntime.InferenceSession') return;
        const parts = ctx.model.calleeParts(node) ?? ['InferenceSession'];
        // InferenceSession(path_or_bytes, sess_options=None, providers=None, ...): the third positional is providers.
        if (argument(node, 'providers', 2) || hasSplat(node)) return;
        const edit = positionalArguments(node).length === 0 && !argument(node, 'path_or_bytes') ? undefined : appendArgument(node, 'providers=["CPUExecutionProvider"]', ctx.file.source);
        ctx.report({
          node,
          messageId: 'noProviders',
          data: { callee: parts.join('.') },
          ...(edit ? { fix: { title: 'Add `providers=["CPUExecutionProvider"]` (unsafe: pins inference to the CPU)', applicability: 'unsafe' as const, edits: [edit] } } : {}),
        });
      },
    };
  },
});
