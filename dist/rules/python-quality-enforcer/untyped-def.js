import { z } from 'zod';
import { defineRule } from '../../src/rule.js';
import { parameterName } from '../../src/engine/model.js';
import { innermost } from '../../src/engine/traverse.js';
const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition']);
const STATICMETHOD = new Set(['staticmethod', 'builtins.staticmethod']);
/** `a`, `` `a` and `b` ``, `` `a`, `b` and `c` ``. */
function listing(items) {
    if (items.length <= 1)
        return items.join('');
    return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
/** How a parameter is shown: `x`, `*args`, `**kwargs`. */
function shownName(p) {
    const name = parameterName(p);
    if (name === null)
        return null;
    if (p.type === 'list_splat_pattern')
        return `*${name}`;
    if (p.type === 'dictionary_splat_pattern')
        return `**${name}`;
    return name;
}
export default defineRule({
    code: 'PTL501',
    name: 'untyped-def',
    agent: 'python-quality-enforcer',
    severity: 'warning',
    enabledByDefault: false,
    precision: 'very-high',
    docs: {
        summary: 'A `def` missing a parameter or return annotation (what `mypy --strict`\'s `disallow_untyped_defs` rejects).',
        why: 'In ML code the types are the documentation of shapes and protocols: whether `frame` is a uint8 ' +
            'HWC `np.ndarray` or a float CHW `torch.Tensor`, whether `predict` returns boxes or logits, what a ' +
            'queue message carries between pipeline stages. An unannotated parameter is `Any` to the type ' +
            'checker, so a tensor passed where an array was expected, or a message dict missing a key, is ' +
            'found at run time — often hours into training or on the edge device — instead of in review. ' +
            'Untyped defs also switch off checking of their own bodies under mypy\'s defaults. `self` and ' +
            '`cls` need no annotation, and `__init__` may omit `-> None` once a parameter is annotated.',
        bad: 'import numpy as np\n\n\ndef preprocess(frame, size=640):\n    return np.resize(frame, (size, size)) / 255.0\n',
        good: 'import numpy as np\n\n\n' +
            'def preprocess(frame: np.ndarray, size: int = 640) -> np.ndarray:\n' +
            '    return np.resize(frame, (size, size)) / 255.0\n',
    },
    options: z.object({}).strict(),
    messages: {
        missing: '`{{name}}` is missing annotations for {{what}}',
        missingReturn: '`{{name}}` is missing its return type annotation',
    },
    create(ctx) {
        /** True when the def is a method whose first parameter is the implicit `self`/`cls`. */
        const bindsSelf = (fn) => {
            if (innermost(ctx.ancestors, SCOPE_TYPES)?.type !== 'class_definition')
                return false;
            const wrapper = fn.parent?.type === 'decorated_definition' ? fn.parent : null;
            for (const decorator of wrapper?.namedChildren ?? []) {
                if (decorator?.type !== 'decorator')
                    continue;
                const expression = decorator.namedChildren.find((n) => n !== null && n.type !== 'comment');
                const qname = expression ? ctx.model.qualifiedName(expression, ctx.ancestors) : null;
                if (qname && STATICMETHOD.has(qname))
                    return false;
            }
            return true;
        };
        return {
            function_definition(node) {
                const name = node.childForFieldName('name');
                const params = node.childForFieldName('parameters');
                if (!name || !params)
                    return;
                const isMethod = bindsSelf(node);
                const missing = [];
                let annotated = 0;
                let first = true;
                for (const p of params.namedChildren) {
                    if (!p || p.type === 'comment')
                        continue;
                    const isFirst = first;
                    first = false;
                    if (p.type === 'typed_parameter' || p.type === 'typed_default_parameter') {
                        annotated++;
                        continue;
                    }
                    const shown = shownName(p);
                    // `*` and `/` separators bind nothing.
                    if (shown === null)
                        continue;
                    // The implicit first parameter of a method (`self`, `cls`), but never `*args` there.
                    if (isFirst && isMethod && (p.type === 'identifier' || p.type === 'default_parameter'))
                        continue;
                    missing.push(`\`${shown}\``);
                }
                // mypy: `__init__` with at least one annotated parameter returns None implicitly.
                const implicitNone = isMethod && name.text === '__init__' && annotated > 0;
                const missingReturn = node.childForFieldName('return_type') === null && !implicitNone;
                if (missing.length === 0 && !missingReturn)
                    return;
                if (missing.length === 0) {
                    ctx.report({ node: name, messageId: 'missingReturn', data: { name: name.text } });
                    return;
                }
                const what = missingReturn ? listing([...missing, 'its return type']) : listing(missing);
                ctx.report({ node: name, messageId: 'missing', data: { name: name.text, what } });
            },
        };
    },
});
