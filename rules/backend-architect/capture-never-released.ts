import { z } from 'zod';
import { defineRule } from '../../src/rule.js';

/** OpenCV objects that hold a device or a file until `release()`. */
const RELEASED_BY_RELEASE: ReadonlyMap<string, string> = new Map([
  ['cv2.VideoCapture', 'the camera stays locked (no other process can open it) and its buffers stay allocated'],
  ['cv2.VideoWriter', 'the video file is never finalised: its index is not written and the last frames are lost'],
]);

export default defineRule({
  code: 'PTL702',
  name: 'capture-never-released',
  agent: 'backend-architect',
  severity: 'warning',
  enabledByDefault: true,
  testCode: 'ignore',
  docs: {
    summary: 'A `cv2.VideoCapture` or `cv2.VideoWriter` that nothing in the file ever `.release()`s.',
    why:
      'A `VideoCapture` holds its device: until `release()` (or garbage collection, whose timing nobody controls), ' +
      'no other process can open the camera, and a service that reopens it after an error leaks one handle per ' +
      'retry. A `VideoWriter` writes its container index on `release()`: a file that is never released is ' +
      'truncated or unplayable. Release them where their owner stops, in a `finally`, a `close()`/`__exit__` ' +
      'method, or wrap them in a context manager. Reported when the object\'s handle (a name, a `self` attribute ' +
      'or a container it is stored in) is never `.release()`d in the file; returning it or handing it to another ' +
      'call moves ownership there. ' +
      'Owned by the backend architect: resource ownership is a design decision. Not reported in test code.',
    bad:
      'import cv2\n\nclass Camera:\n    def __init__(self, url):\n        self.cap = cv2.VideoCapture(url)\n\n' +
      '    def frames(self):\n        while True:\n            ok, frame = self.cap.read()\n            if not ok:\n' +
      '                return\n            yield frame\n',
    good:
      'import cv2\n\nclass Camera:\n    def __init__(self, url):\n        self.cap = cv2.VideoCapture(url)\n\n' +
      '    def frames(self):\n        try:\n            while True:\n                ok, frame = self.cap.read()\n' +
      '                if not ok:\n                    return\n                yield frame\n        finally:\n' +
      '            self.cap.release()\n',
  },
  callees: ['VideoCapture', 'VideoWriter'],
  options: z.object({}).strict(),
  messages: {
    held: '`{{handle}}` holds a `{{callee}}` that nothing in this file `.release()`s: {{effect}}; release it in a `finally` or in its owner\'s `close()`/`__exit__`',
    dropped: 'this `{{callee}}(...)` is never `.release()`d and its handle is dropped: {{effect}}; keep it and release it when done',
  },
  create(ctx) {
    const { model } = ctx;
    return {
      call(node) {
        const qname = model.calleeName(node, ctx.ancestors);
        const effect = qname ? RELEASED_BY_RELEASE.get(qname) : undefined;
        if (!qname || !effect) return;
        const flow = model.resources.flowOf(node, 'release');
        if (flow.escapes) return;
        if (model.resources.isReleased(flow, model.resources.releasesOf('release', node))) return;
        const callee = qname.slice(qname.indexOf('.') + 1);
        const handle = model.resources.handleText(node, flow);
        if (handle === null) ctx.report({ node, messageId: 'dropped', data: { callee, effect } });
        else ctx.report({ node, messageId: 'held', data: { handle, callee, effect } });
      },
    };
  },
});
