import { z } from 'zod';
import { defineRule } from '../../src/rule.js';
import { firstSyntaxError } from '../../src/engine/model.js';
export default defineRule({
    code: 'PTL001',
    name: 'syntax-error',
    agent: 'python-quality-enforcer',
    severity: 'error',
    enabledByDefault: true,
    precision: 'very-high',
    docs: {
        summary: 'The file does not parse as Python.',
        why: 'Code that does not parse cannot run, and every other rule can only guess around the broken region. ' +
            'pyteam-lint reports the first unparseable region and still checks the rest of the file, so one typo ' +
            'does not hide the other findings.',
        bad: 'def load(path:\n    return open(path).read()\n',
        good: 'def load(path: str) -> str:\n    return open(path).read()\n',
    },
    options: z.object({}).strict(),
    messages: {
        unexpected: 'syntax error: unexpected `{{text}}`',
        missing: 'syntax error: expected `{{text}}`',
    },
    create(ctx) {
        return {
            module(node) {
                const error = firstSyntaxError(node);
                if (!error)
                    return;
                if (error.isMissing) {
                    ctx.report({ node: error, messageId: 'missing', data: { text: error.type } });
                    return;
                }
                const firstLine = error.text.split(/\r?\n/)[0] ?? '';
                const text = firstLine.length > 30 ? `${firstLine.slice(0, 27)}...` : firstLine || error.type;
                ctx.report({ span: { start: error.startIndex, end: error.startIndex + Math.max(1, firstLine.length) }, messageId: 'unexpected', data: { text } });
            },
        };
    },
});
