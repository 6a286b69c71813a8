import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule, type Fix } from '../../src/rule.js';
import { argument, hasSplat } from '../../src/engine/model.js';
import { appendArgument } from '../../src/engine/edits.js';

const TORCH_LOADS = new Set(['torch.load', 'torch.serialization.load']);
const CHECKED = new Set([...TORCH_LOADS, 'torch.hub.load', 'torch.hub.load_state_dict_from_url']);

/** `torch.load(p)` → `torch.load(p, weights_only=True)`; `weights_only=False` → `True`. */
function addWeightsOnly(call: Node, source: string): Fix | undefined {
  const existing = argument(call, 'weights_only');
  const title = 'Pass `weights_only=True` (loads tensors only; a checkpoint holding pickled objects will then fail to load)';
  if (existing) {
    return { title, applicability: 'unsafe', edits: [{ start: existing.startIndex, end: existing.endIndex, text: 'True' }] };
  }
  const edit = appendArgument(call, 'weights_only=True', source);
  return edit ? { title, applicability: 'unsafe', edits: [edit] } : undefined;
}

export default defineRule({
  code: 'PTL301',
  name: 'unsafe-torch-load',
  agent: 'python-security-reviewer',
  severity: 'error',
  enabledByDefault: true,
  precision: 'very-high',
  security: { cwe: [502], severity: 8.8 },
  fixable: 'unsafe',
  docs: {
    summary: '`torch.load` without `weights_only=True` unpickles arbitrary objects (CWE-502).',
    why:
      'A checkpoint is a pickle: loading one with `weights_only=False` (the default before PyTorch 2.6, and ' +
      'what `pickle_module=` forces) runs any code the file carries. Checkpoints come from model hubs, ' +
      'shared drives and colleagues, so a single poisoned file is remote code execution on the training ' +
      'cluster or the inference fleet. `weights_only=True` restricts loading to tensors and plain containers. ' +
      '`torch.hub.load(..., trust_repo=True)` runs the hub repository\'s code without asking.',
    bad: 'import torch\n\nstate = torch.load("checkpoints/detector.pt", map_location="cpu")\n',
    good:
      'import torch\n\nstate = torch.load("checkpoints/detector.pt", map_location="cpu", weights_only=True)\n' +
      '# or keep weights in safetensors: safetensors.torch.load_file("detector.safetensors")\n',
  },
  options: z.object({}).strict(),
  messages: {
    missing: '`{{callee}}` without `weights_only=True` can execute code hidden in the checkpoint; pass `weights_only=True` or load safetensors',
    notLiteral: '`{{callee}}` with `weights_only={{value}}` can execute code hidden in the checkpoint; pass the literal `weights_only=True`',
    pickleModule: '`{{callee}}` with `pickle_module=` unpickles arbitrary objects; drop it and pass `weights_only=True`',
    trustRepo: '`torch.hub.load(..., trust_repo=True)` runs the repository\'s code without confirmation; pin a reviewed commit and leave trust_repo unset',
    hubUrl: '`{{callee}}` without `weights_only=True` unpickles whatever the URL serves; pass `weights_only=True`',
  },
  create(ctx) {
    return {
      call(node) {
        const callee = ctx.model.calleeName(node, ctx.ancestors);
        if (callee === null || !CHECKED.has(callee)) return;
        const weightsOnly = argument(node, 'weights_only');
        const isTrue = weightsOnly?.type === 'true';
        if (TORCH_LOADS.has(callee)) {
          if (argument(node, 'pickle_module')) {
            ctx.report({ node, messageId: 'pickleModule', data: { callee } });
          } else if (!weightsOnly) {
            // With **kwargs the argument may already be there: no mechanical fix.
            ctx.report({ node, messageId: 'missing', data: { callee }, fix: hasSplat(node) ? undefined : addWeightsOnly(node, ctx.file.source) });
          } else if (!isTrue) {
            const fix = weightsOnly.type === 'false' ? addWeightsOnly(node, ctx.file.source) : undefined;
            ctx.report({ node, messageId: 'notLiteral', data: { callee, value: weightsOnly.text }, fix });
          }
        } else if (callee === 'torch.hub.load') {
          if (argument(node, 'trust_repo')?.type === 'true') ctx.report({ node, messageId: 'trustRepo' });
        } else if (callee === 'torch.hub.load_state_dict_from_url') {
          if (!isTrue) ctx.report({ node, messageId: 'hubUrl', data: { callee }, fix: addWeightsOnly(node, ctx.file.source) });
        }
      },
    };
  },
});
