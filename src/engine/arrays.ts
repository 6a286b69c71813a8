/**
 * Arrays and tensors whose size the source states: `np.zeros((480, 640, 3))`, `torch.zeros(2, 2)`,
 * `torch.tensor([4])`. A tiny constant tensor costs nothing on an event loop; a frame-sized one
 * allocated per frame is the waste a pre-allocated buffer avoids. Sizes are counted from integer
 * literals only (and names a caller can resolve to one), never guessed.
 */
import type { Node } from 'web-tree-sitter';

/** Allocators whose arguments are the shape: `zeros((h, w))`, `zeros(h, w)` (torch), `full((h, w), v)`. */
export const SHAPE_ALLOCATORS: ReadonlySet<string> = new Set(
  ['zeros', 'ones', 'empty', 'full', 'rand', 'randn'].flatMap((f) => [`numpy.${f}`, `torch.${f}`]).concat(['numpy.random.rand', 'numpy.random.randn']),
);

/** Constructors whose first argument is the data itself: `tensor([[1, 2], [3, 4]])`. */
export const DATA_CONSTRUCTORS: ReadonlySet<string> = new Set([
  'torch.tensor',
  'torch.Tensor',
  'torch.as_tensor',
  'torch.FloatTensor',
  'torch.LongTensor',
  'torch.IntTensor',
  'torch.BoolTensor',
  'numpy.array',
  'numpy.asarray',
]);

function positional(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  if (args?.type !== 'argument_list') return [];
  return args.namedChildren.filter((a): a is Node => a !== null && a.type !== 'keyword_argument' && a.type !== 'comment');
}

function keyword(call: Node, name: string): Node | null {
  const args = call.childForFieldName('arguments');
  for (const a of args?.namedChildren ?? []) {
    if (a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === name) return a.childForFieldName('value');
  }
  return null;
}

/** An integer from a literal (`640`, `1_024`), or through `constant` (a module-level `H = 480`). */
function integerOf(node: Node, constant: (name: string) => number | null): number | null {
  if (node.type === 'integer') {
    const n = Number(node.text.replace(/_/g, ''));
    return Number.isSafeInteger(n) ? n : null;
  }
  if (node.type === 'identifier') return constant(node.text);
  if (node.type === 'parenthesized_expression' && node.namedChild(0)) return integerOf(node.namedChild(0)!, constant);
  return null;
}

function product(items: readonly Node[], constant: (name: string) => number | null): number | null {
  let n = 1;
  for (const item of items) {
    const v = integerOf(item, constant);
    if (v === null) return null;
    n *= v;
  }
  return n;
}

/** Numbers in a nested literal list or tuple, or null when anything in it is not a literal. */
function literalLeaves(node: Node, depth: number): number | null {
  if (node.type === 'integer' || node.type === 'float' || node.type === 'true' || node.type === 'false') return 1;
  if (node.type === 'unary_operator') return node.childForFieldName('argument') ? literalLeaves(node.childForFieldName('argument')!, depth) : null;
  if ((node.type === 'list' || node.type === 'tuple') && depth < 8) {
    let n = 0;
    for (const item of node.namedChildren) {
      const k = item ? literalLeaves(item, depth + 1) : null;
      if (k === null) return null;
      n += k;
    }
    return n;
  }
  return null;
}

/**
 * The number of elements an allocation of `qname` makes, when the source states it; null when
 * it depends on anything else (`np.zeros(frame.shape)`, `torch.tensor(values)`).
 */
export function statedElementCount(call: Node, qname: string, constant: (name: string) => number | null = () => null): number | null {
  if (DATA_CONSTRUCTORS.has(qname)) {
    const data = positional(call)[0] ?? keyword(call, 'data');
    return data ? literalLeaves(data, 0) : null;
  }
  if (!SHAPE_ALLOCATORS.has(qname)) return null;
  const args = positional(call);
  const shape = keyword(call, 'size') ?? keyword(call, 'shape');
  const first = shape ?? args[0];
  if (!first) return null;
  if (first.type === 'tuple' || first.type === 'list') return product(first.namedChildren.filter((c): c is Node => c !== null), constant);
  if (shape) return integerOf(shape, constant);
  // `torch.zeros(2, 3)`, `np.random.rand(2, 3)`; elsewhere numpy's second positional is a dtype or a fill value, so only leading integers count.
  const leading: Node[] = [];
  for (const a of qname.startsWith('torch.') || qname.startsWith('numpy.random.') ? args : args.slice(0, 1)) {
    if (integerOf(a, constant) === null) break;
    leading.push(a);
  }
  return leading.length > 0 ? product(leading, constant) : null;
}
