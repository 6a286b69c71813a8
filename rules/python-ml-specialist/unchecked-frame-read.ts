import { z } from 'zod';
import { defineRule, patternOption, regex } from '../../src/rule.js';

/** `ok, frame = cap.read()` / `_, frame = self.capture.read()` at an assignment's start. */
const READ_ASSIGNMENT = /\(?\s*([A-Za-z_]\w*)\s*,\s*([A-Za-z_]\w*)\s*\)?\s*=\s*((?:[A-Za-z_]\w*\s*\.\s*)+)read\s*\(\s*\)/y;

export default defineRule({
  code: 'PTL409',
  name: 'unchecked-frame-read',
  agent: 'python-ml-specialist',
  severity: 'warning',
  enabledByDefault: true,
  testCode: 'ignore',
  docs: {
    summary: '`ok, frame = cap.read()` uses `frame` before checking `ok`: a dropped stream fails far away.',
    why:
      '`VideoCapture.read()` returns `(False, None)` when an RTSP stream drops, a USB camera is unplugged or a ' +
      'file ends. Code that uses `frame` before looking at `ok` passes `None` on: the error surfaces as ' +
      '`cv2.error: (-215) !_src.empty()` or `\'NoneType\' object has no attribute \'shape\'` in a resize, a queue ' +
      'consumer or another process, minutes later and far from the camera. Check `ok` (or `frame is None`) right ' +
      'after the read and reconnect, skip or stop there. ' +
      'Not reported in test code, where a missing frame fails the test anyway.',
    bad: 'import cv2\n\ncap = cv2.VideoCapture(url)\nwhile True:\n    ok, frame = cap.read()\n    small = cv2.resize(frame, (640, 640))\n',
    good:
      'import cv2\n\ncap = cv2.VideoCapture(url)\nwhile True:\n    ok, frame = cap.read()\n    if not ok:\n        break\n' +
      '    small = cv2.resize(frame, (640, 640))\n',
  },
  options: z
    .object({
      'capture-name-pattern': patternOption(
        '^(?:cap|capture|camera|cam|video|stream|vid|vcap|\\w+_cap|\\w+_capture|\\w+_camera|\\w+_stream)$',
        'names taken to be cv2.VideoCapture objects when nothing else says what they are',
      ),
    })
    .strict(),
  messages: {
    unchecked:
      '`{{frame}}` from `{{receiver}}.read()` is used before `{{ok}}` is checked: a dropped stream gives `None` here and fails later elsewhere; check `{{ok}}` (or `{{frame}} is None`) first',
  },
  create(ctx) {
    const captureName = regex(ctx.options['capture-name-pattern']);
    const source = ctx.file.source;
    return {
      assignment(node) {
        READ_ASSIGNMENT.lastIndex = node.startIndex;
        const m = READ_ASSIGNMENT.exec(source);
        if (!m) return;
        const [, ok, frame] = m;
        const receiverParts = m[3]!.split('.').map((p) => p.trim()).filter(Boolean);
        const kind = ctx.model.kindOfPath(receiverParts, ctx.ancestors);
        if (kind !== 'capture' && !((kind === null || kind === undefined) && captureName.test(receiverParts[receiverParts.length - 1]!.replace(/^_+/, '')))) return;
        // `while not ok: ... ok, frame = cap.read()`: the loop checks the flag before it lets the frame out.
        const flag = new RegExp(`\\b${ok}\\b`);
        if (ok !== '_' && ctx.ancestors.some((a) => a.type === 'while_statement' && flag.test(a.node.childForFieldName('condition')?.text ?? ''))) return;
        const use = ctx.model.flow.firstUseAfter(frame!, ok!, node.endIndex, ctx.ancestors);
        if (use !== 'value') return;
        ctx.report({ node, messageId: 'unchecked', data: { frame: frame!, ok: ok!, receiver: receiverParts.join('.') } });
      },
    };
  },
});
