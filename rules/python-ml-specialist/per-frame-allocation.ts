import { z } from 'zod';
import { defineRule } from '../../src/rule.js';
import { SHAPE_ALLOCATORS, statedElementCount } from '../../src/engine/arrays.js';

export default defineRule({
  code: 'PTL407',
  name: 'per-frame-allocation',
  agent: 'python-ml-specialist',
  severity: 'warning',
  enabledByDefault: true,
  testCode: 'ignore',
  docs: {
    summary: 'A constant-shape array or tensor allocated inside a frame loop: pre-allocate it once and fill it.',
    why:
      'A frame loop runs 30 times a second per camera. `np.zeros((640, 640, 3))` or `torch.empty(1, 3, 640, 640)` ' +
      'inside it allocates (and for `zeros`, clears) the same buffer every frame: megabytes a second of garbage, ' +
      'allocator fragmentation, and on the GPU a synchronising allocation per frame. The shape never changes, so ' +
      'allocate the buffer once before the loop and write into it (`np.copyto`, `buf[:] = ...`, `out=`), as the ' +
      'guide\'s pre-allocated input buffer does. Shapes taken from the frame or the loop variable, and arrays of ' +
      'fewer than `min-elements` elements, are not reported. ' +
      'Not reported in test code.',
    bad:
      'import numpy as np\n\nwhile True:\n    ok, frame = cap.read()\n    if not ok:\n        break\n' +
      '    canvas = np.zeros((640, 640, 3), dtype=np.uint8)\n    canvas[:h, :w] = frame\n',
    good:
      'import numpy as np\n\ncanvas = np.zeros((640, 640, 3), dtype=np.uint8)\nwhile True:\n    ok, frame = cap.read()\n' +
      '    if not ok:\n        break\n    canvas.fill(0)\n    canvas[:h, :w] = frame\n',
  },
  callees: ['zeros', 'ones', 'empty', 'full', 'rand', 'randn'],
  options: z
    .object({
      'min-elements': z.number().int().positive().default(4096).describe('allocations with fewer elements than this are cheap enough to make per frame'),
    })
    .strict(),
  messages: {
    perFrame:
      '`{{callee}}(...)` allocates a constant {{size}}-element buffer on every iteration of this {{loop}}; allocate it once before the loop and fill it',
  },
  create(ctx) {
    const minimum = ctx.options['min-elements'];
    const constant = (name: string): number | null => {
      const text = ctx.model.moduleValueText(name);
      return text !== null && /^\d[\d_]*$/.test(text.trim()) ? Number(text.replace(/_/g, '')) : null;
    };
    return {
      call(node) {
        const parts = ctx.model.calleeParts(node);
        if (!parts) return;
        const qname = ctx.model.calleeName(node, ctx.ancestors);
        if (!qname || !SHAPE_ALLOCATORS.has(qname)) return;
        const loops = ctx.model.execution.loops(ctx.ancestors);
        const frameLoop = ctx.model.execution.frameLoop(ctx.ancestors);
        const loop = frameLoop ?? loops.find((l) => l.type === 'while_statement');
        if (!loop) return;
        const size = statedElementCount(node, qname, constant);
        if (size === null || size < minimum) return;
        ctx.report({
          node,
          messageId: 'perFrame',
          data: { callee: parts.join('.'), size: size.toLocaleString('en-US'), loop: frameLoop ? 'frame loop' : '`while` loop' },
        });
      },
    };
  },
});
