import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule, patternOption, regex, type Fix } from '../../src/rule.js';
import { argument, enclosingFunction, positionalArguments } from '../../src/engine/model.js';
import type { Container } from '../../src/engine/traverse.js';

/**
 * Where a value comes from, as far as exact comparison is concerned: a model's output, tensor or
 * array arithmetic (both differ across devices, kernels and versions), an integer or boolean (exact
 * wherever it is computed), a literal, or unknown (a parameter, a project function's result).
 */
type Origin = 'model' | 'math' | 'int' | 'literal';

/** Methods whose result is exact whatever they are called on: indices, counts, shapes, booleans, rounding. */
const INT_METHODS: ReadonlySet<string> = new Set([
  'argmax', 'argmin', 'argsort', 'long', 'int', 'bool', 'byte', 'short', 'size', 'numel', 'nonzero', 'round', 'floor', 'ceil', 'trunc',
  'sign', 'eq', 'ne', 'gt', 'lt', 'ge', 'le', 'isnan', 'isinf', 'isfinite', 'any', 'all', 'count_nonzero', 'dim', 'nelement', 'generate',
  'tokenize', 'encode_plus', 'keys', 'startswith', 'endswith',
]);
/** Methods that hand on their receiver's values (copies, views, moves, conversions, lookups). */
const PASS_METHODS: ReadonlySet<string> = new Set([
  'item', 'tolist', 'detach', 'cpu', 'cuda', 'numpy', 'clone', 'copy', 'squeeze', 'unsqueeze', 'flatten', 'view', 'reshape', 'permute',
  'transpose', 'contiguous', 'float', 'double', 'half', 'bfloat16', 'to', 't', 'expand', 'expand_as', 'repeat', 'narrow', 'select', 'get',
  'values', 'abs', 'clamp', 'clip', 'max', 'min', 'flip', 'ravel', 'astype', 'type', 'as_subclass', 'requires_grad_', 'data_ptr',
]);
/** Methods that compute new floats: reductions, transcendental functions, products. */
const FLOAT_METHODS: ReadonlySet<string> = new Set([
  'mean', 'sum', 'std', 'var', 'norm', 'softmax', 'log_softmax', 'sigmoid', 'exp', 'log', 'log2', 'log10', 'log1p', 'expm1', 'sqrt', 'rsqrt',
  'matmul', 'mm', 'bmm', 'prod', 'cumsum', 'cumprod', 'tanh', 'dot', 'pow', 'reciprocal', 'sin', 'cos', 'lerp', 'logsumexp', 'erf',
  'addmm', 'baddbmm', 'einsum', 'nanmean', 'nansum',
]);
/** `torch.X`, `torch.nn.functional.X`, `numpy.X`: functions that compute new floats. */
const FLOAT_FUNCTIONS: ReadonlySet<string> = new Set([
  ...FLOAT_METHODS, 'conv1d', 'conv2d', 'conv3d', 'conv_transpose2d', 'linear', 'interpolate', 'layer_norm', 'batch_norm', 'group_norm',
  'instance_norm', 'cdist', 'cosine_similarity', 'pairwise_distance', 'dist', 'inner', 'outer', 'tensordot', 'average', 'median',
  'percentile', 'quantile', 'interp', 'convolve', 'gelu', 'silu', 'mish', 'softplus', 'elu', 'selu', 'normalize', 'mse_loss', 'l1_loss',
  'cross_entropy', 'nll_loss', 'binary_cross_entropy', 'binary_cross_entropy_with_logits', 'kl_div', 'smooth_l1_loss', 'huber_loss',
  'scaled_dot_product_attention', 'multi_head_attention_forward', 'grid_sample', 'avg_pool2d', 'adaptive_avg_pool2d', 'arctan2', 'atan2',
  'hypot', 'cbrt', 'tan', 'arcsin', 'arccos', 'arctan', 'sinh', 'cosh',
]);
/** `torch.X` / `numpy.X` whose result is exact: indices, integer ranges, comparisons. */
const INT_FUNCTIONS: ReadonlySet<string> = new Set([
  'argmax', 'argmin', 'argsort', 'randint', 'randperm', 'nonzero', 'argwhere', 'bucketize', 'searchsorted', 'numel', 'count_nonzero', 'equal',
  'eq', 'ne', 'isclose', 'allclose', 'round', 'floor', 'ceil', 'trunc', 'sign', 'isnan', 'isinf', 'isfinite', 'logical_and', 'logical_or',
  'logical_not', 'unique', 'bincount', 'histc', 'one_hot', 'tril_indices', 'triu_indices', 'array_equal',
]);
/** `torch.X` / `numpy.X` that build or rearrange values without computing new ones: their arguments decide. */
const BUILD_FUNCTIONS: ReadonlySet<string> = new Set([
  'tensor', 'as_tensor', 'asarray', 'array', 'from_numpy', 'stack', 'cat', 'concatenate', 'hstack', 'vstack', 'clone', 'flip', 'squeeze',
  'unsqueeze', 'reshape', 'abs', 'clamp', 'clip', 'where', 'masked_fill', 'gather', 'index_select', 'take', 'max', 'min', 'amax', 'amin',
  'float16', 'float32', 'float64', 'copy', 'squeeze', 'transpose', 'ascontiguousarray',
]);
const INT_DTYPES = /(?:^|\.)(?:u?int(?:8|16|32|64)?|long|short|bool|bool_|int_)$/;
/** Names of values that are integers or booleans by what they hold: labels, token ids, indices, masks. */
const INT_NAMES = /^_*(?:\w+_)?(?:labels?|ids|idx|indices|index|tokens|token_ids|masks?|classes|class_ids?|counts?|shape|size|length|len|num_\w+|n_\w+)$/;
const LIBRARY_MATH = /^(?:torch|numpy)\./;

const EXACT_HELPERS: ReadonlySet<string> = new Set(['round', 'int', 'len', 'bool', 'str', 'repr', 'hash', 'id', 'isinstance', 'type']);
const PASS_HELPERS: ReadonlySet<string> = new Set(['float', 'abs', 'max', 'min', 'list', 'tuple', 'sorted', 'next', 'iter']);

const AND = /^\s*and\s*$/;

export default defineRule({
  code: 'PTL603',
  name: 'float-equality-on-model-output',
  agent: 'python-test-writer',
  severity: 'warning',
  enabledByDefault: true,
  testCode: 'only',
  fixable: 'unsafe',
  docs: {
    summary: 'A test compares a model output (or tensor arithmetic) with `==`: `assert score == 0.9`, `torch.equal(out, expected)`.',
    why:
      'A model\'s output is the result of thousands of floating-point operations whose order depends on the device, ' +
      'the kernel chosen, the batch size, the BLAS and cuDNN build and the library version. `assert score == 0.9` passes ' +
      'on the laptop that wrote it and fails on the CI runner, on a GPU, or after a PyTorch upgrade, with a difference in ' +
      'the last bit that means nothing. Compare with a tolerance: `pytest.approx(0.9)`, `math.isclose`, ' +
      '`torch.testing.assert_close(out, expected)` or `np.testing.assert_allclose`. Reported for `assert x == 0.9` / `!=` ' +
      'and `self.assertEqual(x, 0.9)` where `x` comes from a model call, a tensor or NumPy computation (a reduction, a ' +
      'matmul, a softmax) or arithmetic on one, and for `torch.equal(a, b)`, `(a == b).all()`, `torch.all(a == b)` and ' +
      '`np.testing.assert_array_equal(a, b)` where `a` or `b` is. Not reported: integers and booleans (labels, `argmax`, ' +
      '`.long()`, shapes, token ids from `generate`), which are exact; comparisons with `0.0`, which zeroed or masked ' +
      'values meet exactly; values assigned from a literal; the same model call compared with itself (a determinism ' +
      'check); and `pytest.approx(...)` or `math.isclose(...)`. The fix turns `assert x == 0.5` into ' +
      '`assert x == pytest.approx(0.5)` where the file imports pytest (unsafe: it accepts a relative difference of 1e-6, ' +
      'and a tensor operand needs `.item()` first). Reported only in test code: outside tests exact comparisons are ' +
      'often deliberate (a sentinel, a threshold), and in tests they are the flaky assertion this rule is about.',
    bad:
      'import pytest\nimport torch\n\ndef test_detector_confidence(detector, frame):\n    with torch.no_grad():\n' +
      '        scores = detector(frame).softmax(dim=-1)\n    assert scores[0, 1].item() == 0.9\n',
    good:
      'import pytest\nimport torch\n\ndef test_detector_confidence(detector, frame):\n    with torch.no_grad():\n' +
      '        scores = detector(frame).softmax(dim=-1)\n    assert scores[0, 1].item() == pytest.approx(0.9, abs=1e-4)\n' +
      '    assert torch.equal(scores.argmax(dim=-1), torch.tensor([1]))\n',
  },
  textTriggers: { assert_statement: /==|!=|equal\s*\(/ },
  callees: ['assertEqual', 'assertEquals', 'assertNotEqual', 'assertTrue', 'assert_', 'assert_array_equal', 'assert_equal'],
  options: z
    .object({
      'model-name-pattern': patternOption(
        '^(?!(?:get|load|build|create|make|init|setup|prepare|compute|calc|calculate|to|from)_)' +
          '(?:model|net|network|detector|classifier|predictor|backbone|encoder|decoder|segmenter|llm|head|\\w+_model|\\w+_net|\\w+_detector|' +
          '\\w+_classifier|\\w+_predictor|\\w+_encoder|\\w+_decoder|\\w+_head|session|sess|ort_session|\\w+_session)$',
        'names of objects whose call (or `.predict(...)`, `.run(...)`) is taken to be model inference',
      ),
    })
    .strict(),
  messages: {
    floatEq:
      '`{{expr}}` compares {{what}} with `{{op}}`: float results differ across devices, kernels and library versions; compare with `pytest.approx({{literal}})` or `math.isclose`',
    tensorEq:
      '`{{expr}}` compares {{what}} bit for bit: float results differ across devices, kernels and library versions; use `torch.testing.assert_close` or `np.testing.assert_allclose`',
    assertEqual:
      '`{{expr}}` compares {{what}} exactly: float results differ across devices, kernels and library versions; use `assertAlmostEqual` or `pytest.approx`',
  },
  create(ctx) {
    const { model } = ctx;
    const modelName = regex(ctx.options['model-name-pattern']);
    let approx: string | null | undefined;

    /** How this file spells `pytest.approx` at module level (`pytest.approx`, `pt.approx`, `approx`), if it imports it. */
    const approxName = (): string | null => {
      if (approx !== undefined) return approx;
      approx = null;
      for (const [local, qname] of model.moduleImports) {
        // Bound at module level, so visible in every test of the file.
        if (!model.isBound(local, []) || model.resolveDottedText(local, []) !== qname) continue;
        if (qname === 'pytest') approx ??= `${local}.approx`;
        else if (qname === 'pytest.approx') approx = local;
      }
      return approx;
    };

    const isModelName = (parts: readonly string[]): boolean => {
      const last = parts[parts.length - 1]!.replace(/^_+/, '');
      return (parts.length === 1 || (parts.length === 2 && parts[0] === 'self')) && modelName.test(last);
    };

    /** Where a value comes from (see `Origin`); null when nothing says. */
    const origin = (node: Node | null, ancestors: readonly Container[], depth = 0): Origin | null => {
      if (!node || depth > 10) return null;
      const next = (n: Node | null): Origin | null => origin(n, ancestors, depth + 1);
      switch (node.type) {
        case 'parenthesized_expression':
          return next(node.namedChild(0));
        case 'integer':
        case 'true':
        case 'false':
        case 'comparison_operator':
        case 'not_operator':
          return 'int';
        case 'float':
        case 'string':
        case 'none':
          return 'literal';
        case 'unary_operator':
          return next(node.childForFieldName('argument'));
        case 'boolean_operator':
          return 'int';
        case 'list':
        case 'tuple':
        case 'expression_list': {
          let all: Origin | null = 'int';
          for (const item of node.namedChildren) {
            const o = next(item);
            if (o === 'model' || o === 'math') return o;
            if (o === null) all = null;
            else if (o === 'literal' && all === 'int') all = 'literal';
          }
          return node.namedChildCount === 0 ? null : all;
        }
        case 'list_comprehension':
        case 'generator_expression': {
          const o = next(node.childForFieldName('body'));
          return o === 'model' || o === 'math' ? o : null;
        }
        case 'identifier': {
          if (INT_NAMES.test(node.text)) return 'int';
          return next(assignedValue(node, ancestors));
        }
        case 'attribute': {
          const attr = node.childForFieldName('attribute')?.text ?? '';
          if (attr === 'shape' || attr === 'ndim' || attr === 'dtype' || attr === 'device' || attr === 'indices' || INT_NAMES.test(attr)) return 'int';
          // `out.logits`: what a computed value holds; `cfg.lr`, `self.threshold`: unknown, like their object.
          const o = next(node.childForFieldName('object'));
          return o === 'model' || o === 'math' || o === 'int' ? o : null;
        }
        case 'subscript': {
          const o = next(node.childForFieldName('value'));
          return o === 'model' || o === 'math' || o === 'int' ? o : null;
        }
        case 'binary_operator': {
          const op = node.childForFieldName('operator')?.type ?? '';
          const left = next(node.childForFieldName('left'));
          const right = next(node.childForFieldName('right'));
          if (left === 'model' || left === 'math' || right === 'model' || right === 'math') return op === '//' || op === '%' ? null : 'math';
          // `x @ w`: only arrays and tensors multiply so.
          if (op === '@') return 'math';
          if (left === 'int' && right === 'int' && op !== '/' && op !== '**') return 'int';
          if ((left === 'literal' || left === 'int') && (right === 'literal' || right === 'int')) return 'literal';
          return null;
        }
        case 'call':
          return callOrigin(node, ancestors, depth);
        default:
          return null;
      }
    };

    const callOrigin = (call: Node, ancestors: readonly Container[], depth: number): Origin | null => {
      const next = (n: Node | null): Origin | null => origin(n, ancestors, depth + 1);
      const fn = call.childForFieldName('function');
      if (!fn) return null;
      const qname = model.calleeName(call, ancestors);
      // Library math and constructors first: `torch.softmax(...)` is a function, not a model.
      if (qname && LIBRARY_MATH.test(qname)) {
        const last = qname.slice(qname.lastIndexOf('.') + 1);
        if (intDtype(call)) return 'int';
        if (INT_FUNCTIONS.has(last)) return 'int';
        if (FLOAT_FUNCTIONS.has(last) || qname.startsWith('torch.nn.functional.') || qname.startsWith('numpy.linalg.') || qname.startsWith('torch.linalg.')) return 'math';
        if (BUILD_FUNCTIONS.has(last) || last.endsWith('_like')) {
          const first = positionalArguments(call)[0] ?? null;
          const o = first ? next(first) : null;
          return o;
        }
        if (last === 'arange' || last === 'zeros' || last === 'ones' || last === 'full' || last === 'empty' || last === 'eye') return 'literal';
        return null;
      }
      if (fn.type === 'attribute') {
        const method = fn.childForFieldName('attribute')?.text ?? '';
        const receiver = fn.childForFieldName('object');
        if (method === 'to' || method === 'type' || method === 'astype') {
          if (intDtype(call)) return 'int';
          return next(receiver);
        }
        if (INT_METHODS.has(method)) return 'int';
        if (PASS_METHODS.has(method)) return next(receiver);
        if (FLOAT_METHODS.has(method)) {
          const o = next(receiver);
          // Sums and means of integers and booleans (`(a == b).float().mean() == 1.0`) are exact.
          if (o === 'int' && /^(?:sum|prod|cumsum|mean|nansum|nanmean)$/.test(method)) return 'int';
          // `loader.sqrt(4)`, `history.mean()`: a method of something unknown says nothing about tensors.
          return o === null ? null : o === 'literal' || o === 'int' ? 'math' : o;
        }
      }
      // `model(x)`, `self.detector(frame)`, `net.forward(x)`, `model.predict(x)`, `session.run(None, feeds)`.
      // An instance of a project class of another module (`blurrer(image)`) may be anything: its name decides.
      const target = model.modelCall(call, ancestors);
      if (target && target.origin === undefined) return 'model';
      const parts = model.calleeParts(call);
      if (parts) {
        if (model.mayCallModel(call, ancestors) && isModelName(parts)) return 'model';
        if (parts.length >= 2 && INFERENCE_METHODS.has(parts[parts.length - 1]!)) {
          const receiver = parts.slice(0, -1);
          const kind = model.kindOfPath(receiver, ancestors);
          if (kind === 'model' || kind === 'ort-session' || kind === 'cv2-net' || (kind !== 'other' && isModelName(receiver))) return 'model';
        }
        if (parts.length === 1) {
          if (EXACT_HELPERS.has(parts[0]!)) return 'int';
          if (PASS_HELPERS.has(parts[0]!)) return next(positionalArguments(call)[0] ?? null);
          if (parts[0] === 'sum') {
            const o = next(positionalArguments(call)[0] ?? null);
            return o === 'model' || o === 'math' ? 'math' : null;
          }
        }
      }
      return null;
    };

    /** The value a name was last given before it is used here: a plain assignment, or its place in an unpacking. */
    const assignedValue = (name: Node, ancestors: readonly Container[]): Node | null => {
      const plain = model.valueBefore(name, ancestors, name.startIndex);
      if (plain) return plain;
      const fn = enclosingFunction(ancestors);
      if (fn?.type !== 'function_definition') return null;
      let found: Node | null = null;
      for (const a of assignmentsIn(fn.node)) {
        if (a.startIndex >= name.startIndex) break;
        const left = a.childForFieldName('left');
        if (left?.type !== 'pattern_list' && left?.type !== 'tuple_pattern') continue;
        const index = left.namedChildren.findIndex((c) => c?.type === 'identifier' && c.text === name.text);
        if (index < 0) continue;
        const right = a.childForFieldName('right');
        // `a, b = f(x), g(x)`: the matching item; `loss, acc = model(x)`: the whole result.
        found = right && (right.type === 'expression_list' || right.type === 'tuple') && right.namedChildCount === left.namedChildCount ? right.namedChild(index) : right;
      }
      return found;
    };

    const assignmentCache = new Map<number, Node[]>();
    const assignmentsIn = (fn: Node): Node[] => {
      let list = assignmentCache.get(fn.id);
      if (!list) assignmentCache.set(fn.id, (list = fn.descendantsOfType('assignment').filter((n): n is Node => n !== null)));
      return list;
    };

    /**
     * The literal was handed to the code under test earlier in the test (`Clip(high=0.1)`, `fill(x, 0.5)`,
     * `threshold = 0.5`): a value read back, which passes through unchanged.
     */
    const givenBefore = (literal: Node, ancestors: readonly Container[]): boolean => {
      const fn = enclosingFunction(ancestors);
      const from = fn?.start ?? 0;
      // Other assertions' expected values are not values handed to the code.
      const text = ctx.file.source
        .slice(from, literal.startIndex)
        .split('\n')
        .filter((line) => !/^\s*(?:assert\b|self\.assert|\w+\.testing\.)/.test(line))
        .join('\n');
      const number = literal.text.replace(/^[-+(\s]+|[)\s]+$/g, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      // A whole argument or assigned value (`high=0.1,`), not an operand (`scale = 1.0 / dim`).
      return new RegExp(`(?:[(,\\[]|(?<![=!<>])=)\\s*[-+]?${number}\\s*(?:[,)\\]#\\r\\n]|$)`).test(text);
    };

    const describe = (o: Origin): string => (o === 'model' ? 'a model output' : 'the result of tensor arithmetic');

    /** `x == 0.5` with `x` computed: the literal and the computed side, or null. */
    const floatComparison = (cmp: Node, ancestors: readonly Container[]): { literal: Node; op: string; what: Origin } | null => {
      const operands = cmp.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
      if (operands.length !== 2) return null;
      const op = cmp.children.find((c) => c !== null && !c.isNamed)?.type;
      if (op !== '==' && op !== '!=') return null;
      const [a, b] = operands as [Node, Node];
      const literal = isFloatLiteral(a) ? a : isFloatLiteral(b) ? b : null;
      if (!literal) return null;
      const other = literal === a ? b : a;
      if (isZero(literal) || givenBefore(literal, ancestors)) return null;
      const o = origin(other, ancestors);
      // A model with integer weights fed integers gives integers exactly (`out[:, 0] == 15.0`); a
      // reduction or a transcendental function meets an integral value only by rounding luck.
      if (o === 'model' && isIntegral(literal)) return null;
      return o === 'model' || o === 'math' ? { literal, op, what: o } : null;
    };

    /**
     * `a == b` between two arrays or tensors: a computed one against an expected value that is a float
     * constant (`torch.tensor([0.1, 0.7])`) or a reference computation (`x @ w + b`). Not: integers on
     * either side; two model outputs (batched against single, scripted against eager, merged against
     * unmerged: a consistency check between runs of the same weights); a model output against its
     * input or a parameter (an identity or pass-through check).
     */
    const tensorsDiffer = (a: Node | null, b: Node | null, ancestors: readonly Container[]): Origin | null => {
      if (!a || !b) return null;
      const oa = origin(a, ancestors);
      const ob = origin(b, ancestors);
      if (oa === null || ob === null || oa === 'int' || ob === 'int') return null;
      if (oa === 'model' && ob === 'model') return null;
      if (oa === 'literal' && ob === 'literal') return null;
      // `torch.equal(x @ w, x @ w)`: the same computation twice, a determinism check.
      if (oa === ob && sameComputation(a, b, ancestors)) return null;
      return oa === 'model' || ob === 'model' ? 'model' : 'math';
    };

    const sameComputation = (a: Node, b: Node, ancestors: readonly Container[]): boolean => {
      const value = (n: Node): string => (n.type === 'identifier' ? (assignedValue(n, ancestors)?.text ?? n.text) : n.text).replace(/\s+/g, '');
      return value(a) === value(b);
    };

    const fixFor = (literal: Node, statement: Node): Fix | undefined => {
      const name = approxName();
      if (!name || statement.type !== 'assert_statement') return undefined;
      return {
        title: `Compare with \`${name}(${literal.text})\` (unsafe: a relative tolerance of 1e-6; a tensor needs \`.item()\` first)`,
        applicability: 'unsafe',
        edits: [{ start: literal.startIndex, end: literal.endIndex, text: `${name}(${literal.text})` }],
      };
    };

    /** Every comparison an assertion's truth rests on: through `and`, `not`, parentheses, `.all()` and `torch.all(...)`. */
    const check = (expr: Node | null, statement: Node, negated: boolean, topLevel: boolean): void => {
      if (!expr) return;
      switch (expr.type) {
        case 'parenthesized_expression':
          check(expr.namedChild(0), statement, negated, topLevel);
          return;
        case 'not_operator':
          check(expr.childForFieldName('argument'), statement, !negated, false);
          return;
        case 'boolean_operator': {
          const op = expr.children.find((c) => c !== null && !c.isNamed)?.text ?? '';
          if (!AND.test(op)) return;
          check(expr.childForFieldName('left'), statement, negated, topLevel);
          check(expr.childForFieldName('right'), statement, negated, topLevel);
          return;
        }
        case 'comparison_operator': {
          const float = floatComparison(expr, ctx.ancestors);
          if (float) {
            ctx.report({
              node: expr,
              messageId: 'floatEq',
              data: { expr: shorten(expr.text), what: describe(float.what), op: float.op, literal: float.literal.text },
              ...(topLevel && !negated ? optionalFix(fixFor(float.literal, statement)) : {}),
            });
            return;
          }
          if (negated || !topLevel) return;
          // `(out == expected)` directly asserted is a tensor's truth value only when it has one element; leave it.
          return;
        }
        case 'call': {
          const fn = expr.childForFieldName('function');
          const parts = model.calleeParts(expr);
          const qname = model.calleeName(expr, ctx.ancestors);
          // `torch.equal(a, b)`, `np.array_equal(a, b)`
          if (qname === 'torch.equal' || qname === 'numpy.array_equal' || qname === 'numpy.array_equiv') {
            if (negated) return;
            const [a, b] = positionalArguments(expr);
            const what = tensorsDiffer(a ?? null, b ?? null, ctx.ancestors);
            if (what) ctx.report({ node: expr, messageId: 'tensorEq', data: { expr: shorten(expr.text), what: describe(what) } });
            return;
          }
          // `torch.all(a == b)`, `np.all(a == b)`, `(a == b).all()`, `(a == b).all().item()`, `bool(...)`
          let inner: Node | null = null;
          if (qname === 'torch.all' || qname === 'numpy.all' || qname === 'numpy.alltrue' || (parts?.length === 1 && (parts[0] === 'bool' || parts[0] === 'all'))) inner = positionalArguments(expr)[0] ?? null;
          else if (fn?.type === 'attribute') {
            const method = fn.childForFieldName('attribute')?.text;
            if (method === 'all' || method === 'item') inner = fn.childForFieldName('object');
          }
          if (inner) checkElementwise(inner, statement, negated);
          return;
        }
        default:
          return;
      }
    };

    const checkElementwise = (inner: Node, statement: Node, negated: boolean): void => {
      let node: Node | null = inner;
      while (node?.type === 'parenthesized_expression') node = node.namedChild(0);
      if (!node) return;
      if (node.type === 'call') {
        check(node, statement, negated, false);
        return;
      }
      if (node.type !== 'comparison_operator' || negated) return;
      const float = floatComparison(node, ctx.ancestors);
      if (float) {
        ctx.report({ node: inner, messageId: 'floatEq', data: { expr: shorten(node.text), what: describe(float.what), op: float.op, literal: float.literal.text } });
        return;
      }
      const operands = node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
      const op = node.children.find((c) => c !== null && !c.isNamed)?.type;
      if (operands.length !== 2 || op !== '==') return;
      // `(out == 0.0).all()`, `(labels == 3).all()`: a constant, decided above.
      if (operands.some((o) => isFloatLiteral(o) || o.type === 'integer')) return;
      const what = tensorsDiffer(operands[0]!, operands[1]!, ctx.ancestors);
      if (what) ctx.report({ node: inner, messageId: 'tensorEq', data: { expr: shorten(node.text), what: describe(what) } });
    };

    return {
      assert_statement(node) {
        check(node.namedChild(0), node, false, true);
      },
      call(node) {
        const parts = model.calleeParts(node);
        if (!parts || parts.length < 2) return;
        const method = parts[parts.length - 1]!;
        if (method === 'assertTrue' || method === 'assert_') {
          if (parts[0] !== 'self') return;
          check(positionalArguments(node)[0] ?? argument(node, 'expr'), node, false, false);
          return;
        }
        if (method === 'assert_array_equal' || method === 'assert_equal') {
          const qname = model.calleeName(node, ctx.ancestors);
          if (qname !== 'numpy.testing.assert_array_equal' && qname !== 'numpy.testing.assert_equal') return;
          const [a, b] = positionalArguments(node);
          if (!a || !b) return;
          const float = isFloatLiteral(a) ? a : isFloatLiteral(b) ? b : null;
          if (float) {
            const o = isZero(float) ? null : origin(float === a ? b : a, ctx.ancestors);
            if (o === 'model' || o === 'math') ctx.report({ node, messageId: 'tensorEq', data: { expr: shorten(node.text), what: describe(o) } });
            return;
          }
          const what = tensorsDiffer(a, b, ctx.ancestors);
          if (what) ctx.report({ node, messageId: 'tensorEq', data: { expr: shorten(node.text), what: describe(what) } });
          return;
        }
        // unittest: `self.assertEqual(score, 0.9)`
        if (parts[0] !== 'self' || parts.length !== 2) return;
        const [a, b] = positionalArguments(node);
        if (!a || !b) return;
        const literal = isFloatLiteral(a) ? a : isFloatLiteral(b) ? b : null;
        if (!literal || isZero(literal)) return;
        const o = origin(literal === a ? b : a, ctx.ancestors);
        if (o === 'model' || o === 'math') ctx.report({ node, messageId: 'assertEqual', data: { expr: shorten(node.text), what: describe(o) } });
      },
    };
  },
});

/** Methods that run a model (or a session, a network) on their receiver. */
const INFERENCE_METHODS: ReadonlySet<string> = new Set(['predict', 'predict_proba', 'infer', 'inference', 'forward', 'detect', 'classify', 'segment', 'embed', 'encode', 'run', 'score', '__call__']);

function optionalFix(fix: Fix | undefined): { fix?: Fix } {
  return fix ? { fix } : {};
}

/** `0.5`, `-1.5`, `1e-3`, `(2.0)`: a float written in the code. */
function isFloatLiteral(node: Node): boolean {
  if (node.type === 'float') return !/[jJ]$/.test(node.text);
  if (node.type === 'unary_operator' && /^[-+]/.test(node.text)) {
    const arg = node.childForFieldName('argument');
    return arg !== null && isFloatLiteral(arg);
  }
  if (node.type === 'parenthesized_expression') {
    const inner = node.namedChild(0);
    return inner !== null && isFloatLiteral(inner);
  }
  return false;
}

/** `1.0`, `15.0`, `-2.`: a whole number written as a float. */
function isIntegral(literal: Node): boolean {
  return Number.isInteger(Number(literal.text.replace(/[()\s_]/g, '')));
}

/** `0.0`, `-0.0`, `0.`: zeroed and masked values meet it exactly. */
function isZero(literal: Node): boolean {
  return Number(literal.text.replace(/[()\s_+-]/g, '')) === 0;
}

/** A call whose `dtype=` (or `.to(torch.long)`, `.astype(np.int64)`) is an integer or boolean type. */
function intDtype(call: Node): boolean {
  const dtype = argument(call, 'dtype') ?? (/\.(?:to|type|astype)\s*\($/.test(call.childForFieldName('function')?.text + '(') ? positionalArguments(call)[0] : null);
  if (!dtype) return false;
  const text = dtype.type === 'string' ? dtype.text.slice(1, -1) : dtype.text;
  return INT_DTYPES.test(text) || /^(?:int|bool)$/.test(text);
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}
