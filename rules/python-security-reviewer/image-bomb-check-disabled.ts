import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../src/rule.js';
import type { Container } from '../../src/engine/traverse.js';
import { argument, positionalArguments, stringValue } from '../../src/engine/model.js';

const LIMIT = 'PIL.Image.MAX_IMAGE_PIXELS';
/** Pillow's default: `int(1024 * 1024 * 1024 // 4 // 3)`, for `MAX_IMAGE_PIXELS *= 10`. */
const PILLOW_DEFAULT = 89_478_485n;
/** At or above this many pixels the check no longer bounds what a decoder allocates (spec: 2**31). */
const UNBOUNDED = 2n ** 31n;
/** Names whose value is infinite or as large as the platform allows. */
const HUGE_NAMES: ReadonlySet<string> = new Set(['math.inf', 'numpy.inf', 'numpy.Inf', 'numpy.infty', 'sys.maxsize', 'torch.inf']);

/** A number as the rule compares it: a big integer, or Infinity for `float("inf")` and friends. */
type Amount = bigint | number;

function atLeast(value: Amount, bound: bigint): boolean {
  return typeof value === 'bigint' ? value >= bound : value >= Number(bound);
}

/** `1_000`, `0x10`, `1e10`, `10.0` → their value; `1.5` → a number. */
function numberLiteral(node: Node): Amount | null {
  const text = node.text.replace(/_/g, '');
  if (node.type === 'integer') {
    if (/[jJ]$/.test(text)) return null;
    try {
      return BigInt(text.replace(/[lL]$/, '').replace(/^0(?=\d)/, '') || '0');
    } catch {
      return null;
    }
  }
  if (node.type === 'float') {
    if (/[jJ]$/.test(text)) return null;
    const n = Number(text);
    return Number.isFinite(n) && Number.isInteger(n) && Math.abs(n) < 2 ** 53 ? BigInt(n) : n;
  }
  return null;
}

function combine(op: string, a: Amount, b: Amount): Amount | null {
  if (typeof a === 'bigint' && typeof b === 'bigint' && op !== '/') {
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '**':
        return b >= 0n && b <= 4096n ? a ** b : null;
      case '<<':
        return b >= 0n && b <= 4096n ? a << b : null;
      case '//':
        return b === 0n ? null : a / b - (a % b !== 0n && a < 0n !== b < 0n ? 1n : 0n);
      default:
        return null;
    }
  }
  const x = Number(a);
  const y = Number(b);
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '**':
      return x ** y;
    case '/':
      return y === 0 ? null : x / y;
    default:
      return null;
  }
}

export default defineRule({
  code: 'PTL307',
  name: 'image-bomb-check-disabled',
  agent: 'python-security-reviewer',
  severity: 'warning',
  enabledByDefault: true,
  precision: 'very-high',
  security: { cwe: [400], severity: 6.5 },
  testCode: 'ignore',
  docs: {
    summary:
      '`PIL.Image.MAX_IMAGE_PIXELS = None` (or a limit of 2**31 pixels or more) turns off Pillow\'s decompression-bomb check (CWE-400).',
    why:
      'Pillow refuses to decode an image whose header claims more than `MAX_IMAGE_PIXELS` pixels (about 89 million by ' +
      'default; it warns above the limit and raises above twice it), because a PNG of a few kilobytes can declare a ' +
      '50,000 x 50,000 canvas that takes gigabytes to decode. Setting the limit to `None`, infinity or billions of pixels ' +
      'switches the check off for the whole process, so one uploaded or scraped image can exhaust the memory of a ' +
      'dataloader worker or an inference server. Where large images are expected (whole-slide pathology, satellite ' +
      'tiles), raise the limit to a bound that fits the machine — `Image.MAX_IMAGE_PIXELS = 400_000_000` — or open ' +
      'such files with a tiled reader. A limit read from a variable is not reported (nothing says how large it is). ' +
      'Not reported in test code, which decodes the project\'s own fixture images.',
    bad: 'from PIL import Image\n\nImage.MAX_IMAGE_PIXELS = None\n\n\ndef load(path):\n    return Image.open(path).convert("RGB")\n',
    good:
      'from PIL import Image\n\n# Slides are up to 20k x 20k: allow that, and no more.\nImage.MAX_IMAGE_PIXELS = 400_000_000\n\n\n' +
      'def load(path):\n    return Image.open(path).convert("RGB")\n',
  },
  textTriggers: { assignment: /MAX_IMAGE_PIXELS/, augmented_assignment: /MAX_IMAGE_PIXELS/ },
  callees: ['setattr'],
  options: z.object({}).strict(),
  messages: {
    disabled:
      '`{{target}} = {{value}}` turns off Pillow\'s decompression-bomb check for the whole process: a small crafted image can then take gigabytes to decode; set a bounded limit (e.g. `400_000_000`) that fits the machine',
    huge:
      '`{{target}} = {{value}}` allows {{pixels}} pixels, which bounds nothing a decoder can allocate: a small crafted image can then take gigabytes to decode; set a limit below 2**31 that fits the machine',
  },
  create(ctx) {
    /**
     * The number of pixels an expression allows: Infinity for `None`, `float("inf")`, `math.inf`
     * and `sys.maxsize`, the value of a constant expression (`2**32`, `int(1e10)`), the constant a
     * name was assigned; null when nothing says (a variable, a call).
     */
    function pixels(node: Node, ancestors: readonly Container[], depth = 0): Amount | null {
      if (depth > 8) return null;
      switch (node.type) {
        case 'none':
          return Infinity;
        case 'integer':
        case 'float':
          return numberLiteral(node);
        case 'parenthesized_expression': {
          const inner = node.namedChildren.find((c) => c !== null && c.type !== 'comment');
          return inner ? pixels(inner, ancestors, depth + 1) : null;
        }
        case 'unary_operator': {
          const operand = node.childForFieldName('argument');
          const value = operand ? pixels(operand, ancestors, depth + 1) : null;
          if (value === null || !/^[-+]/.test(node.text)) return null;
          return node.text.startsWith('-') ? -value : value;
        }
        case 'binary_operator': {
          const left = node.childForFieldName('left');
          const right = node.childForFieldName('right');
          const op = node.childForFieldName('operator')?.text;
          const a = left ? pixels(left, ancestors, depth + 1) : null;
          const b = right ? pixels(right, ancestors, depth + 1) : null;
          return a === null || b === null || !op ? null : combine(op, a, b);
        }
        case 'call': {
          const callee = ctx.model.calleeName(node, ancestors);
          const args = positionalArguments(node);
          if (args.length !== 1) return null;
          const only = args[0]!;
          if (callee === 'float' && /^[-+]?(?:inf|infinity)$/i.test(stringValue(only, true)?.trim() ?? '')) {
            return stringValue(only, true)!.trim().startsWith('-') ? -Infinity : Infinity;
          }
          if (callee === 'int' || callee === 'float') {
            const value = pixels(only, ancestors, depth + 1);
            if (value === null) return null;
            if (callee === 'float' || typeof value === 'bigint') return value;
            return Number.isFinite(value) ? BigInt(Math.trunc(value)) : null;
          }
          return null;
        }
        case 'identifier': {
          const value = ctx.model.valueBefore(node, ancestors, node.startIndex);
          if (value) return pixels(value, ancestors, depth + 1);
          return HUGE_NAMES.has(ctx.model.qualifiedName(node, ancestors) ?? '') ? Infinity : null;
        }
        case 'attribute':
          return HUGE_NAMES.has(ctx.model.qualifiedName(node, ancestors) ?? '') ? Infinity : null;
        default:
          return null;
      }
    }

    function check(reportOn: Node, target: string, written: string, value: Amount | null): void {
      if (value === null || !atLeast(value, UNBOUNDED)) return;
      const valueText = written.replace(/#[^\n]*/g, '').replace(/\s+/g, ' ').replace(/\(\s/g, '(').replace(/\s\)/g, ')');
      const unbounded = value === Infinity;
      ctx.report({
        node: reportOn,
        messageId: unbounded ? 'disabled' : 'huge',
        data: { target, value: valueText, pixels: typeof value === 'bigint' ? value.toString() : String(value) },
      });
    }

    /** True when `node` is `Image.MAX_IMAGE_PIXELS` (through any import of `PIL.Image`), not a local name of that spelling. */
    function isLimit(node: Node | null): node is Node {
      return node?.type === 'attribute' && ctx.model.qualifiedName(node, ctx.ancestors) === LIMIT;
    }

    return {
      assignment(node) {
        const left = node.childForFieldName('left');
        if (!isLimit(left)) return;
        let right = node.childForFieldName('right');
        // `Image.MAX_IMAGE_PIXELS = other = None`
        while (right?.type === 'assignment') right = right.childForFieldName('right');
        if (!right) return;
        check(node, left.text, right.text, pixels(right, ctx.ancestors));
      },
      augmented_assignment(node) {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const op = node.childForFieldName('operator')?.text.replace(/=$/, '');
        if (!isLimit(left) || !right || !op) return;
        const factor = pixels(right, ctx.ancestors);
        // Read against Pillow's default: a project that changed it earlier is not followed.
        const value = factor === null ? null : combine(op, PILLOW_DEFAULT, factor);
        check(node, left.text, `${left.text} ${op} ${right.text}`, value);
      },
      call(node) {
        if (ctx.model.calleeName(node, ctx.ancestors) !== 'setattr') return;
        const owner = argument(node, 'obj', 0);
        const name = argument(node, 'name', 1);
        const value = argument(node, 'value', 2);
        if (!owner || !name || !value || stringValue(name, true) !== 'MAX_IMAGE_PIXELS') return;
        if (ctx.model.qualifiedName(owner, ctx.ancestors) !== 'PIL.Image') return;
        check(node, `${owner.text}.MAX_IMAGE_PIXELS`, value.text, pixels(value, ctx.ancestors));
      },
    };
  },
});
