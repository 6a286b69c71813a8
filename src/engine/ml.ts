/**
 * Facts about PyTorch code that the ML specialist's rules ask: where gradients are off (grad
 * context), which functions and classes train (a training signal), where a model is put in eval
 * mode, and which functions use CUDA. Recorded from the calls and `with` items the sweep already
 * hands the model, in document order; a question is a lookup, never a walk.
 */
import type { Node } from 'web-tree-sitter';
import type { Container } from './traverse.js';
import type { SemanticModel } from './model.js';

/** Calls that turn gradients off for the block of a `with` (and, as decorators, for a function). */
const GRAD_OFF = new Set(['torch.no_grad', 'torch.inference_mode', 'torch.set_grad_enabled', 'torch.autograd.no_grad', 'torch.autograd.grad_mode.no_grad']);
const FUNCTION_TYPES: ReadonlySet<string> = new Set(['function_definition', 'lambda']);
const MODULE_SCOPE = -1;
/** Text of a call that may be a training or eval signal on a call's result. */
const SIGNAL_TEXT = /\.\s*(?:eval|train|backward|zero_grad|step)\s*\(/;

/** Code shapes that put work on a GPU with CUDA (`x.cuda()`, `device="cuda:0"`, `torch.cuda.*`, the ONNX CUDA provider). */
const CUDA_USE = /\.cuda\s*\(|\.to\s*\(\s*(?:device\s*=\s*)?['"]cuda|device\s*=\s*['"]cuda|torch\s*\.\s*device\s*\(\s*['"]cuda|torch\s*\.\s*cuda\s*\.|CUDAExecutionProvider/g;

interface Span {
  start: number;
  end: number;
  /** The function the `with` is in (its node id), or the module. */
  scope: number;
}

function innermostFunction(ancestors: readonly Container[]): Container | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) if (FUNCTION_TYPES.has(ancestors[i]!.type)) return ancestors[i];
  return undefined;
}

/** The class whose method is the innermost function, if it is a method. */
function ownerClass(ancestors: readonly Container[]): Container | undefined {
  for (let i = ancestors.length - 1; i > 0; i--) {
    if (ancestors[i]!.type !== 'function_definition') continue;
    return ancestors[i - 1]!.type === 'class_definition' ? ancestors[i - 1] : undefined;
  }
  return undefined;
}

export class MlFacts {
  private readonly gradOff: Span[] = [];
  /** Per function node id: whether a decorator turns gradients off for it. */
  private readonly gradOffFunctions = new Map<number, boolean>();
  /** Function and class node ids (and the module) where training happens. */
  private readonly training = new Set<number>();
  /** Function and class node ids (and the module) where `.eval()` / `.train(False)` is called. */
  private readonly evaluating = new Set<number>();
  private cudaOffsets: number[] | undefined;

  constructor(private readonly model: SemanticModel) {}

  // ---------------------------------------------------------------- recording (the sweep)

  /** Every call, with its dotted callee parts when it has them (read from the text). */
  addCall(node: Node, start: number, parts: readonly string[] | null, ancestors: readonly Container[]): void {
    let method: string | undefined;
    let receiver = '';
    if (parts) {
      if (parts.length < 2) return;
      method = parts[parts.length - 1]!;
      receiver = parts[parts.length - 2]!;
    } else if (SIGNAL_TEXT.test(this.model.file.source.slice(start, start + 160))) {
      // `Detector().eval()`, `loss.mean().backward()`: a method of a call's result, read from the tree.
      method = this.model.methodCall(node)?.method;
    }
    if (!method) return;
    let table: Set<number> | undefined;
    switch (method) {
      case 'backward':
      case 'zero_grad':
        table = this.training;
        break;
      case 'step':
        // `optimizer.step()`, `self.optim.step()`, `scaler.step(opt)`: not `env.step(action)` or `scheduler.step()`.
        if (/(?:^|_)(?:optim\w*|opt|optimizer|scaler)$/i.test(receiver)) table = this.training;
        break;
      case 'eval':
        table = this.evaluating;
        break;
      case 'train': {
        const args = this.model.file.source.slice(start, start + 200);
        const m = /\btrain\s*\(\s*([^()]*?)\s*\)/.exec(args);
        const arg = m?.[1] ?? '';
        table = arg === 'False' || arg === 'mode=False' ? this.evaluating : arg === '' || arg === 'True' || arg === 'mode=True' ? this.training : undefined;
        break;
      }
    }
    if (!table) return;
    const fn = innermostFunction(ancestors);
    table.add(fn ? fn.node.id : MODULE_SCOPE);
    const cls = ownerClass(ancestors);
    if (cls) table.add(cls.node.id);
  }

  /** A `with` item: `with torch.no_grad():` turns gradients off for its statement's block. */
  addWithItem(node: Node, start: number, ancestors: readonly Container[]): void {
    const callee = /([A-Za-z_][\w.]*)\s*\(/y;
    callee.lastIndex = start;
    const written = callee.exec(this.model.file.source)?.[1];
    if (!written || !/(?:no_grad|inference_mode|set_grad_enabled)$/.test(written)) return;
    const qname = this.model.resolveDottedText(written, ancestors);
    if (!qname || !GRAD_OFF.has(qname)) return;
    if (qname === 'torch.set_grad_enabled' && !/set_grad_enabled\s*\(\s*(?:mode\s*=\s*)?False\s*\)/.test(this.model.file.source.slice(start, start + 80))) return;
    // with_item → with_clause → with_statement: the block the item governs.
    const statement = node.parent?.parent;
    if (statement?.type !== 'with_statement') return;
    const fn = innermostFunction(ancestors);
    this.gradOff.push({ start: statement.startIndex, end: statement.endIndex, scope: fn ? fn.node.id : MODULE_SCOPE });
  }

  // ---------------------------------------------------------------- questions

  /**
   * True when gradients are off at `offset`: inside a `with torch.no_grad():` (or
   * `inference_mode()`, `set_grad_enabled(False)`) at any level of the same function, or in a
   * function decorated `@torch.no_grad()` / `@torch.inference_mode()`.
   */
  inGradContext(node: Node, ancestors: readonly Container[]): boolean {
    const fn = innermostFunction(ancestors);
    const scope = fn ? fn.node.id : MODULE_SCOPE;
    if (fn?.type === 'function_definition') {
      let decorated = this.gradOffFunctions.get(scope);
      if (decorated === undefined) {
        decorated = this.model.decoratorsOf(fn.node).some((d) => this.isGradOffDecorator(d, ancestors));
        this.gradOffFunctions.set(scope, decorated);
      }
      if (decorated) return true;
    }
    // Most functions have no grad-off block: the node's offset (a call into the tree) is read only when one does.
    if (!this.gradOff.some((s) => s.scope === scope)) return false;
    const offset = node.startIndex;
    return this.gradOff.some((s) => s.scope === scope && s.start <= offset && offset < s.end);
  }

  /**
   * `@torch.no_grad()`, `@torch.inference_mode()`, and a project's own wrapper of them named so
   * (YOLOv5's `@smart_inference_mode()` picks one of the two by torch version).
   */
  private isGradOffDecorator(decorator: string, ancestors: readonly Container[]): boolean {
    const m = /^([A-Za-z_][\w.]*)\s*(\(.*)?$/s.exec(decorator);
    if (!m || !/(?:^|[._])(?:no_grad|inference_mode)$/.test(m[1]!)) return false;
    const qname = this.model.resolveDottedText(m[1]!, ancestors);
    return qname !== null && !qname.startsWith('torch.') ? true : qname !== null && GRAD_OFF.has(qname) && qname !== 'torch.set_grad_enabled';
  }

  /** True when the innermost function, or the class it is a method of, trains (`backward()`, `optimizer.step()`, `.train()`). */
  trainsHere(ancestors: readonly Container[]): boolean {
    return this.inScope(this.training, ancestors);
  }

  /** True when the innermost function, or its class, puts something in eval mode (`.eval()`, `.train(False)`). */
  evaluatesHere(ancestors: readonly Container[]): boolean {
    return this.inScope(this.evaluating, ancestors);
  }

  /** True when a function's own body puts something in eval mode. */
  evaluatesIn(fn: Node): boolean {
    return this.evaluating.has(fn.id);
  }

  /** True when the module itself (any function or class of the file, or its top level) calls `.eval()`. */
  evaluatesInFile(): boolean {
    return this.evaluating.size > 0;
  }

  private inScope(table: ReadonlySet<number>, ancestors: readonly Container[]): boolean {
    const fn = innermostFunction(ancestors);
    if (table.has(fn ? fn.node.id : MODULE_SCOPE)) return true;
    const cls = ownerClass(ancestors);
    return cls !== undefined && table.has(cls.node.id);
  }

  /** True when a function's own text puts work on CUDA (`.cuda()`, `.to("cuda")`, `torch.cuda.*`, `CUDAExecutionProvider`). */
  usesCuda(fn: Container): boolean {
    const source = this.model.file.source;
    if (this.cudaOffsets === undefined) {
      this.cudaOffsets = [];
      if (source.includes('cuda') || source.includes('CUDA')) for (const m of source.matchAll(CUDA_USE)) this.cudaOffsets.push(m.index);
    }
    return this.cudaOffsets.some((at) => fn.start <= at && at < fn.end);
  }
}
