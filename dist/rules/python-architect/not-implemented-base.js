import { z } from 'zod';
import { defineRule } from '../../src/rule.js';
/** Bases that add no behaviour: a class with only these is a pure interface when its methods are stubs. */
const INERT_BASES = new Set(['object', 'builtins.object', 'abc.ABC']);
/** Bases allowed only subscripted (`Generic[T]`). */
const GENERIC_BASES = new Set(['typing.Generic', 'typing_extensions.Generic']);
const INERT_METACLASSES = new Set(['abc.ABCMeta']);
const NOT_IMPLEMENTED = new Set(['NotImplementedError', 'builtins.NotImplementedError']);
/** The statements of a block, comments left out. */
function statements(block) {
    return block?.namedChildren.filter((n) => n !== null && n.type !== 'comment') ?? [];
}
function isDocstring(statement) {
    const only = statement.namedChildCount === 1 ? statement.namedChild(0) : null;
    return statement.type === 'expression_statement' && (only?.type === 'string' || only?.type === 'concatenated_string');
}
/**
 * True when the class's superclass list holds only inert bases (and at most an `abc.ABCMeta`
 * metaclass). Every positional base must resolve: a base the model cannot name (`make_base()`,
 * `*bases`, a local variable) may bring behaviour, so the class is left alone.
 */
function hasOnlyInertBases(cls, model, ancestors) {
    for (const arg of cls.childForFieldName('superclasses')?.namedChildren ?? []) {
        if (!arg || arg.type === 'comment')
            continue;
        if (arg.type === 'keyword_argument') {
            if (arg.childForFieldName('name')?.text !== 'metaclass')
                return false;
            const value = arg.childForFieldName('value');
            const metaclass = value ? model.qualifiedName(value, ancestors) : null;
            if (!metaclass || !INERT_METACLASSES.has(metaclass))
                return false;
            continue;
        }
        if (arg.type === 'subscript') {
            const value = arg.childForFieldName('value');
            const base = value ? model.qualifiedName(value, ancestors) : null;
            if (!base || !GENERIC_BASES.has(base))
                return false;
            continue;
        }
        const base = model.qualifiedName(arg, ancestors);
        if (!base || !INERT_BASES.has(base))
            return false;
    }
    return true;
}
/** Classifies a method body: `raise NotImplementedError[(...)]`, `...` (each after an optional docstring), or anything else. */
function classifyBody(fn, model, ancestors) {
    const body = statements(fn.childForFieldName('body'));
    if (body.length > 1 && isDocstring(body[0]))
        body.shift();
    if (body.length !== 1)
        return 'real';
    const only = body[0];
    if (only.type === 'expression_statement') {
        return only.namedChildCount === 1 && only.namedChild(0)?.type === 'ellipsis' ? 'ellipsis' : 'real';
    }
    if (only.type !== 'raise_statement')
        return 'real';
    const cause = only.childForFieldName('cause');
    let raised = only.namedChildren.find((n) => n !== null && n.type !== 'comment' && n.id !== cause?.id) ?? null;
    if (raised?.type === 'call')
        raised = raised.childForFieldName('function');
    if (!raised)
        return 'real';
    const qname = model.qualifiedName(raised, ancestors);
    return qname && NOT_IMPLEMENTED.has(qname) ? 'raises' : 'real';
}
/** The function a class-body statement defines (decorated or not), or null when it defines none. */
function methodOf(statement) {
    if (statement.type === 'function_definition')
        return statement;
    if (statement.type === 'decorated_definition') {
        const definition = statement.childForFieldName('definition');
        return definition?.type === 'function_definition' ? definition : null;
    }
    return null;
}
/**
 * A class-body statement that is code rather than a declaration: `x = lambda self: ...` is a
 * method, and `if`/`try`/`for` blocks (or anything else unusual) may define real ones.
 */
function isRealStatement(statement) {
    switch (statement.type) {
        case 'expression_statement': {
            const assignment = statement.namedChild(0);
            return assignment?.type === 'assignment' && assignment.childForFieldName('right')?.type === 'lambda';
        }
        case 'pass_statement':
        case 'class_definition':
        case 'decorated_definition':
            return false;
        default:
            return true;
    }
}
export default defineRule({
    code: 'PTL202',
    name: 'not-implemented-base',
    agent: 'python-architect',
    severity: 'warning',
    enabledByDefault: true,
    docs: {
        summary: 'A base class made only of `raise NotImplementedError` stubs is an interface written as inheritance; declare it as a `typing.Protocol`.',
        why: 'Pipelines and detector plugins grow around such "abstract" bases: every backend, camera source and ' +
            'result sink must inherit from the one class, import its module, and keep up with whatever state ' +
            'someone later adds to it — the fragile base class problem. A stub-only base carries no behaviour, ' +
            'so inheritance buys nothing but coupling, and a method someone forgets to override fails only at ' +
            'run time, deep in a long-running job. A `typing.Protocol` states the same contract structurally: ' +
            'a third-party model wrapper or a test double satisfies it without inheriting anything, and the ' +
            'type checker reports a missing or mistyped method before the pipeline ever starts.',
        bad: 'import numpy as np\n\n\n' +
            'class Detector:\n' +
            '    def load(self, weights: str) -> None:\n' +
            '        raise NotImplementedError\n\n' +
            '    def predict(self, frame: np.ndarray) -> list[dict[str, float]]:\n' +
            '        raise NotImplementedError\n',
        good: 'from typing import Protocol\n\nimport numpy as np\n\n\n' +
            'class Detector(Protocol):\n' +
            '    def load(self, weights: str) -> None: ...\n\n' +
            '    def predict(self, frame: np.ndarray) -> list[dict[str, float]]: ...\n',
    },
    options: z.object({}).strict(),
    messages: {
        stubBase: '`{{name}}` only declares NotImplementedError stubs: make it a `typing.Protocol` so implementations need not inherit from it',
    },
    create(ctx) {
        return {
            class_definition(node) {
                const name = node.childForFieldName('name');
                if (!name || !hasOnlyInertBases(node, ctx.model, ctx.ancestors))
                    return;
                let raises = 0;
                for (const statement of statements(node.childForFieldName('body'))) {
                    const method = methodOf(statement);
                    if (method) {
                        // A method body sees the names of the class's enclosing scopes, not the class body's.
                        const body = classifyBody(method, ctx.model, ctx.ancestors);
                        if (body === 'real')
                            return;
                        // A class whose only stub is its constructor is a tombstone ("this class was removed"), not an interface.
                        const methodName = method.childForFieldName('name')?.text;
                        if (body === 'raises' && methodName !== '__init__' && methodName !== '__new__')
                            raises++;
                    }
                    else if (isRealStatement(statement)) {
                        return;
                    }
                }
                if (raises > 0)
                    ctx.report({ node: name, messageId: 'stubBase', data: { name: name.text } });
            },
        };
    },
});
