/**
 * The semantic model of one file, built once from the same captures the rules are fed from.
 * Rules ask it questions — "what is the qualified name of this callee?", "what kind of object is
 * this receiver?", "is this call awaited?" — instead of re-deriving the answers themselves.
 *
 * Everything here is deliberately flow-insensitive and scope-approximate (like pyflakes, not like
 * a type checker): a name's bindings are all the places in its scope that bind it.
 */
import type { Node } from 'web-tree-sitter';
import type { Capture, Container } from './traverse.js';
import { innermost } from './traverse.js';
import { ExecutionFacts } from './execution.js';
import { FlowFacts } from './flow.js';
import { MlFacts } from './ml.js';
import { ResourceFacts } from './resources.js';
import { ANNOTATION_KINDS, CONSTRUCTOR_KINDS, FACTORY_METHODS, MODEL_RETURNING_METHODS, PROCESS_CLASSES, TORCH_MODULE_CLASSES, kindOfConstructor, type Kind, type ValueKind } from './kinds.js';
import { argument, dottedParts, firstParameterName, joinName, parameterName } from './syntax.js';

export { PROCESS_CLASSES, SYNC_QUEUE_KINDS, type Kind, type ValueKind } from './kinds.js';
export { argument, dottedParts, enclosingFunction, firstSyntaxError, hasSplat, isCommitShaLiteral, isTruthyLiteral, joinName, parameterName, positionalArguments, stringValue } from './syntax.js';

/** Name patterns that stand in for an unknown origin (parameters, attributes never assigned here). */
export interface NameHints {
  queue?: RegExp;
  process?: RegExp;
  processes?: RegExp;
  event?: RegExp;
  model?: RegExp;
  session?: RegExp;
}

/** The node types the model needs captured, whatever the rules listen to. */
export const MODEL_NODE_TYPES = [
  'import_statement',
  'import_from_statement',
  'function_definition',
  'class_definition',
  'lambda',
  'assignment',
  'named_expression',
  'with_item',
  'for_statement',
  'for_in_clause',
  'call',
  'await',
  'yield',
  'decorated_definition',
] as const;

/** Nodes that open a context: scopes, loops, branches and handlers. */
export const CONTAINER_TYPES = [
  'function_definition',
  'lambda',
  'class_definition',
  'for_statement',
  'while_statement',
  'try_statement',
  'except_clause',
  'finally_clause',
  'if_statement',
  'elif_clause',
  'else_clause',
] as const;

const SCOPE_TYPES: ReadonlySet<string> = new Set(['function_definition', 'lambda', 'class_definition']);
export const LOOP_TYPES: ReadonlySet<string> = new Set(['for_statement', 'while_statement']);

/**
 * What binds a name. Most bindings are never asked about, so the nodes they point to (values,
 * annotations, defaults) are found in the tree only when a question reads them (`Lazy`).
 */
type Binding =
  | { type: 'import'; qname: string }
  | { type: 'def'; qname: string; node: Node }
  | { type: 'param'; readonly annotation: Node | null; readonly defaultValue: Node | null; scope: readonly Container[] }
  | { type: 'annotation'; annotation: Node; scope: readonly Container[] }
  /** `at`: where the binding statement starts, for "the value a name holds at this point". */
  | { type: 'value'; value: Lazy; scope: readonly Container[]; at: number }
  | { type: 'tuple-item'; value: Lazy; index: number; scope: readonly Container[] }
  | { type: 'element'; iterable: Node; scope: readonly Container[]; at: number }
  /** One name of a loop's tuple target (`for i, frame in enumerate(frames)`): bound, kind unknown. */
  | { type: 'iterated'; scope: readonly Container[]; at: number }
  | { type: 'member'; value: Lazy; scope: readonly Container[] };

/** A node found in the tree once, the first time it is asked for. */
class Lazy {
  private found: Node | null | undefined;
  constructor(private readonly find: () => Node | null) {}
  get node(): Node | null {
    if (this.found === undefined) this.found = this.find();
    return this.found;
  }
}

/** A parameter's binding: its annotation and default are found in the tree only when asked for. */
class ParamBinding {
  readonly type = 'param' as const;
  private foundAnnotation: Node | null | undefined;
  private foundDefault: Node | null | undefined;
  constructor(
    private readonly parameter: Node,
    readonly scope: readonly Container[],
  ) {}

  get annotation(): Node | null {
    if (this.foundAnnotation === undefined) this.foundAnnotation = this.parameter.childForFieldName('type');
    return this.foundAnnotation;
  }

  get defaultValue(): Node | null {
    if (this.foundDefault === undefined) this.foundDefault = this.parameter.childForFieldName('value');
    return this.foundDefault;
  }
}

/** The value an assignment gives its target: the right side, through a chain (`a = b = value`). */
function assignedValue(assignment: Node): Node | null {
  let right = assignment.childForFieldName('right');
  while (right?.type === 'assignment') right = right.childForFieldName('right');
  return right;
}

export interface ClassInfo {
  name: string;
  qname: string;
  node: Node;
  /** Qualified names of the bases, as written (keyword arguments such as `metaclass=` left out). */
  bases: string[];
  /** The `metaclass=` argument's qualified name, if any. */
  metaclass: string | null;
}

export interface FileContext {
  /** Dotted module name of the file (`pkg.sub.mod`). */
  module: string;
  /** True for a package's `__init__.py`: relative imports then resolve from the package itself. */
  isPackage: boolean;
  /** The decoded source the tree was parsed from (node offsets index into it). */
  source: string;
  /** The file is test code (`test-paths`). */
  isTest?: boolean;
}

const MODULE_SCOPE = -1;

export class SemanticModel {
  private readonly bindings = new Map<string, Binding[]>();
  /** Per call node id: its method-call parts and callee name, asked for by the model and many rules. */
  private readonly methodCalls = new Map<number, MethodCall | null>();
  private readonly calleeNames = new Map<number, string | null>();
  /** Per captured call node id whose callee is a plain dotted name: that name, read from the text. */
  private readonly calleeTexts = new Map<number, CalleeText>();
  private readonly asyncFunctions = new Map<number, boolean>();
  /** Ids of the calls that are the operand of an `await` (see `addAwait`). */
  private readonly awaitedCalls = new Set<number>();
  /** Per definition node id: its name; per function node id: its first parameter's name. */
  private readonly names = new Map<number, string | null>();
  private readonly firstParameters = new Map<number, string | null>();
  private readonly decorators = new Map<number, readonly string[]>();
  /** Parameter names per function node id: asked for by the call graph, the resources and the channel facts. */
  private readonly parameters = new Map<number, readonly string[]>();
  /** Definitions that have decorators (the rest need no look at the tree). */
  private readonly decorated = new Set<number>();
  private decoratedPending = false;
  private buildsModels: boolean | undefined;
  /** How the last `resolveDotted` resolved its head (read right after it returns). */
  private resolvedVia: Resolution = 'local';
  private readonly kindMemo = new Map<string, ValueKind | null>();
  private readonly resolving = new Set<string>();
  readonly classes: ClassInfo[] = [];
  private readonly classesByQname = new Map<string, ClassInfo>();
  private readonly classesByNodeId = new Map<number, ClassInfo>();
  /** Qualified names of functions/methods passed as `target=` to a process constructor. */
  readonly processTargets: string[] = [];
  /** Every `def` of the file with its qualified name, in document order. */
  readonly functions: Array<{ capture: Capture; qname: string; ancestors: readonly Container[] }> = [];
  private readonly functionsByQname = new Map<string, { capture: Capture; ancestors: readonly Container[] }>();
  private readonly returnKinds = new Map<number, ValueKind | null>();
  private readonly modelCalls = new Map<number, { target: readonly string[]; origin?: string } | null>();
  private readonly moduleClasses = new Map<number, boolean>();
  /** Local names bound by imports anywhere in the file, for the project index's re-exports. */
  readonly moduleImports = new Map<string, string>();
  /** Flow facts within each function (queues filled before a `get`, joins, guards, yields). */
  readonly flow: FlowFacts = new FlowFacts(this);
  /** PyTorch facts: grad context, training and eval calls, CUDA use. */
  readonly ml: MlFacts = new MlFacts(this);
  /** Request handlers, frame loops, loop-invariant arguments, start methods. */
  readonly execution: ExecutionFacts = new ExecutionFacts(this);
  /** Where resource handles go and where they are released (`shm.unlink()`, `cap.release()`). */
  readonly resources: ResourceFacts = new ResourceFacts(this);

  constructor(readonly file: FileContext) {}

  // ---------------------------------------------------------------- building

  /**
   * Reads the callee of every captured call from the source text where it is a plain dotted name
   * (`torch.load(`, `self.q.get(`), so the questions most rules ask of every call (`calleeName`,
   * `methodCall`) need no walk of the tree. A call that starts where a later captured call starts
   * calls that call's result (`f(x)(y)`, `a.b(x).c()`): its callee is not a dotted name, so it is
   * left to the tree. Needs every call of the file among `captures`, in document order.
   */
  indexCalls(captures: readonly Capture[]): void {
    const source = this.file.source;
    for (let i = 0; i < captures.length; i++) {
      const capture = captures[i]!;
      if (capture.type !== 'call') continue;
      let compound = false;
      for (let j = i + 1; j < captures.length && captures[j]!.start === capture.start; j++) {
        if (captures[j]!.type === 'call') {
          compound = true;
          break;
        }
      }
      if (compound) continue;
      DOTTED_CALLEE.lastIndex = capture.start;
      const m = DOTTED_CALLEE.exec(source);
      if (!m) continue;
      const callee = m[1]!;
      const lastDot = callee.lastIndexOf('.');
      this.calleeTexts.set(capture.node.id, {
        parts: lastDot < 0 ? [callee] : /\s/.test(callee) ? callee.split('.').map((p) => p.trim()) : callee.split('.'),
        receiverText: lastDot < 0 ? '' : callee.slice(0, lastDot).trimEnd(),
      });
    }
  }

  /** Called by the engine for every model capture, in document order. */
  enter(capture: Capture, ancestors: readonly Container[]): void {
    const { node } = capture;
    switch (capture.type) {
      case 'import_statement':
        return this.addImport(node, ancestors);
      case 'import_from_statement':
        return this.addFromImport(node, ancestors);
      case 'function_definition':
      case 'class_definition':
        if (this.decoratedPending) {
          this.decorated.add(node.id);
          this.decoratedPending = false;
        }
        return this.addDefinition(capture, ancestors);
      case 'lambda':
        return this.addParameters(node, capture, ancestors);
      case 'assignment':
        return this.addAssignment(capture, ancestors);
      case 'named_expression': {
        const name = node.childForFieldName('name');
        const value = node.childForFieldName('value');
        if (name && value) this.bindTarget(name, new Lazy(() => value), ancestors, undefined, capture.start);
        return;
      }
      case 'with_item': {
        const value = node.childForFieldName('value');
        if (value?.type !== 'as_pattern') return this.ml.addWithItem(node, capture.start, ancestors);
        const target = value.childForFieldName('alias')?.namedChild(0);
        const source = value.namedChild(0);
        if (target && source) this.bindTarget(target, new Lazy(() => source), ancestors, undefined, capture.start);
        this.ml.addWithItem(node, capture.start, ancestors);
        return;
      }
      case 'for_statement':
      case 'for_in_clause': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left?.type === 'identifier' && right) {
          this.bind(this.scopeKey(ancestors, left.text), { type: 'element', iterable: right, scope: ancestors, at: capture.start });
          if (capture.type === 'for_statement') this.execution.addLoopTargets(node, [left.text]);
        } else if (left && (left.type === 'pattern_list' || left.type === 'tuple_pattern')) {
          const names = left.namedChildren.filter((n): n is Node => n?.type === 'identifier').map((n) => n.text);
          for (const name of names) this.bind(this.scopeKey(ancestors, name), { type: 'iterated', scope: ancestors, at: capture.start });
          if (capture.type === 'for_statement') this.execution.addLoopTargets(node, names);
        }
        return;
      }
      case 'call': {
        const parts = this.calleeTexts.get(node.id)?.parts ?? null;
        this.flow.addCall(node, capture.start, parts, ancestors);
        this.ml.addCall(node, capture.start, parts, ancestors);
        this.execution.addCall(node, capture.start, parts, ancestors);
        return this.addCall(node, ancestors);
      }
      case 'await':
        return this.addAwait(node);
      case 'yield':
        return this.flow.addYield(ancestors);
      case 'decorated_definition':
        // The definition it decorates is the next definition captured.
        this.decoratedPending = true;
        return;
    }
  }

  private bind(key: string | null, binding: Binding): void {
    if (key === null) return;
    let list = this.bindings.get(key);
    if (!list) this.bindings.set(key, (list = []));
    list.push(binding);
  }

  /** Key of a plain name in the innermost scope of `ancestors`. */
  private scopeKey(ancestors: readonly Container[], name: string): string {
    const scope = innermost(ancestors, SCOPE_TYPES);
    return `${scope ? scope.node.id : MODULE_SCOPE}:${name}`;
  }

  /** Key of `self.<attr>` inside a method: the attribute belongs to the enclosing class. */
  private attributeKey(ancestors: readonly Container[], target: Node): string | null {
    const object = target.childForFieldName('object');
    const attr = target.childForFieldName('attribute');
    if (object?.type !== 'identifier' || !attr) return null;
    return this.selfAttributeKey(ancestors, object.text, attr.text);
  }

  private selfAttributeKey(ancestors: readonly Container[], object: string, attr: string): string | null {
    const cls = this.enclosingClassOfMethod(ancestors, object);
    return cls ? `${cls.node.id}:self.${attr}` : null;
  }

  /** The class whose method binds `selfName` as its first parameter, if the innermost function is such a method. */
  private enclosingClassOfMethod(ancestors: readonly Container[], selfName: string): Container | null {
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const a = ancestors[i]!;
      if (a.type === 'lambda') continue;
      if (a.type !== 'function_definition') continue;
      const parentIsClass = i > 0 && ancestors[i - 1]!.type === 'class_definition';
      let first = this.firstParameters.get(a.node.id);
      if (first === undefined) this.firstParameters.set(a.node.id, (first = firstParameterName(a.node)));
      if (first !== selfName) continue;
      return parentIsClass ? ancestors[i - 1]! : null;
    }
    return null;
  }

  private addImport(node: Node, ancestors: readonly Container[]): void {
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'dotted_name') {
        const head = child.text.split('.')[0]!;
        this.bindImport(ancestors, head, head);
      } else if (child.type === 'aliased_import') {
        const name = child.childForFieldName('name');
        const alias = child.childForFieldName('alias');
        if (name && alias) this.bindImport(ancestors, alias.text, name.text);
      }
    }
  }

  private addFromImport(node: Node, ancestors: readonly Container[]): void {
    const moduleNode = node.childForFieldName('module_name');
    if (!moduleNode) return;
    const from = moduleNode.type === 'relative_import' ? this.resolveRelative(moduleNode) : moduleNode.text;
    if (from === null) return;
    for (const nameNode of node.childrenForFieldName('name')) {
      if (!nameNode) continue;
      if (nameNode.type === 'dotted_name') {
        this.bindImport(ancestors, nameNode.text, joinName(from, nameNode.text));
      } else if (nameNode.type === 'aliased_import') {
        const name = nameNode.childForFieldName('name');
        const alias = nameNode.childForFieldName('alias');
        if (name && alias) this.bindImport(ancestors, alias.text, joinName(from, name.text));
      }
    }
  }

  private bindImport(ancestors: readonly Container[], local: string, qname: string): void {
    this.bind(this.scopeKey(ancestors, local), { type: 'import', qname });
    if (!this.moduleImports.has(local)) this.moduleImports.set(local, qname);
  }

  /** `from ..x import y` → absolute module name, from this file's place in its package. */
  private resolveRelative(node: Node): string | null {
    const text = node.text;
    const dots = text.length - text.replace(/^\.+/, '').length;
    const rest = text.slice(dots);
    const parts = this.file.module ? this.file.module.split('.') : [];
    if (!this.file.isPackage) parts.pop();
    for (let i = 1; i < dots; i++) {
      if (parts.length === 0) return null;
      parts.pop();
    }
    return joinName(parts.join('.'), rest);
  }

  private addDefinition(capture: Capture, ancestors: readonly Container[]): void {
    const { node } = capture;
    const name = this.nameOf(node);
    if (name === null) return;
    const qname = this.definitionQname(node, ancestors);
    this.bind(this.scopeKey(ancestors, name), { type: 'def', qname, node });
    if (capture.type === 'function_definition') {
      const entry = { capture, qname, ancestors };
      this.functions.push(entry);
      if (!this.functionsByQname.has(qname)) this.functionsByQname.set(qname, entry);
      this.addParameters(node, capture, ancestors);
      return;
    }
    const bases: string[] = [];
    let metaclass: string | null = null;
    for (const arg of node.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (!arg) continue;
      if (arg.type === 'keyword_argument') {
        if (arg.childForFieldName('name')?.text === 'metaclass') {
          const value = arg.childForFieldName('value');
          metaclass = value ? (this.qualifiedName(value, ancestors) ?? value.text) : null;
        }
        continue;
      }
      const base = arg.type === 'subscript' ? arg.childForFieldName('value') : arg;
      const q = base ? this.qualifiedName(base, ancestors) : null;
      if (q) bases.push(q);
    }
    const info: ClassInfo = { name, qname, node, bases, metaclass };
    this.classes.push(info);
    this.classesByQname.set(qname, info);
    this.classesByNodeId.set(node.id, info);
  }

  private addParameters(node: Node, self: Capture, ancestors: readonly Container[]): void {
    const params = node.childForFieldName('parameters');
    if (!params) return;
    const scope = [...ancestors, self];
    for (const p of params.namedChildren) {
      if (!p) continue;
      const name = parameterName(p);
      if (!name) continue;
      this.bind(`${node.id}:${name}`, new ParamBinding(p, scope));
    }
  }

  /**
   * Each link of a chain (`a = b = value`) is captured and binds its own target to the chain's
   * value. `name = ...` and `self.attr = ...`, most assignments, are read from the text.
   */
  private addAssignment(capture: Capture, ancestors: readonly Container[]): void {
    const { node } = capture;
    const value = new Lazy(() => assignedValue(node));
    SIMPLE_TARGET.lastIndex = capture.start;
    const simple = SIMPLE_TARGET.exec(this.file.source);
    if (simple) {
      const [, name, attr] = simple;
      const key = attr === undefined ? this.scopeKey(ancestors, name!) : this.selfAttributeKey(ancestors, name!, attr);
      this.bind(key, { type: 'value', value, scope: ancestors, at: capture.start });
      return;
    }
    const left = node.childForFieldName('left');
    if (left) this.bindTarget(left, value, ancestors, node.childForFieldName('type') ?? undefined, capture.start);
  }

  private bindTarget(target: Node, value: Lazy, ancestors: readonly Container[], annotation: Node | undefined, at: number): void {
    const scope = ancestors;
    const keyFor = (t: Node): string | null => {
      if (t.type === 'identifier') {
        // An annotation directly in a class body declares an instance attribute (dataclasses, attrs).
        const inner = innermost(ancestors, SCOPE_TYPES);
        if (inner?.type === 'class_definition' && annotation) {
          this.bind(`${inner.node.id}:self.${t.text}`, { type: 'annotation', annotation, scope });
        }
        return this.scopeKey(ancestors, t.text);
      }
      if (t.type === 'attribute') return this.attributeKey(ancestors, t);
      return null;
    };
    if (target.type === 'subscript') {
      const container = target.childForFieldName('value');
      if (container) this.bind(keyFor(container), { type: 'member', value, scope });
      return;
    }
    if (target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'list_pattern') {
      target.namedChildren.forEach((item, index) => {
        if (item) this.bind(keyFor(item), { type: 'tuple-item', value, index, scope });
      });
      return;
    }
    const key = keyFor(target);
    if (annotation) this.bind(key, { type: 'annotation', annotation, scope });
    // `x: int` declares without assigning.
    if (annotation === undefined || value.node) this.bind(key, { type: 'value', value, scope, at });
  }

  private addCall(node: Node, ancestors: readonly Container[]): void {
    // `items.append(x)` / `items.add(x)`: the collection holds x's kind.
    const call = this.methodCall(node);
    if (!call || (call.method !== 'append' && call.method !== 'add')) return;
    const first = node.childForFieldName('arguments')?.namedChild(0);
    if (!first || first.type === 'keyword_argument') return;
    const object = call.receiver;
    const key = object.type === 'identifier' ? this.scopeKey(ancestors, object.text) : object.type === 'attribute' ? this.attributeKey(ancestors, object) : null;
    this.bind(key, { type: 'member', value: new Lazy(() => first), scope: ancestors });
  }

  /**
   * The calls this `await` awaits, directly or through parentheses (`await (f())`), so that
   * `isAwaited` needs no `parent` walk: in web-tree-sitter each one descends from the root, which
   * made every call in a deeply nested expression cost its depth.
   */
  private addAwait(node: Node): void {
    const pending = [node];
    for (let n = pending.pop(); n; n = pending.pop()) {
      for (const child of n.namedChildren) {
        if (child?.type === 'call') this.awaitedCalls.add(child.id);
        else if (child?.type === 'parenthesized_expression') pending.push(child);
      }
    }
  }

  /** Cheap pre-filter: only calls whose callee ends in `Process` or `Thread` can start a worker. */
  mayConstructWorker(call: Node): boolean {
    const parts = this.calleeTexts.get(call.id)?.parts;
    const last = parts ? parts[parts.length - 1]! : '';
    return last.endsWith('Process') || last.endsWith('Thread');
  }

  /**
   * The attributes a method's `self` has in its class (`self.frames = mp.Queue()` in `__init__`),
   * with the calls assigned to each: what a bound-method target shares with its object.
   */
  selfAttributeValues(self: string, ancestors: readonly Container[]): Array<{ name: string; values: Array<{ call: Node; scope: readonly Container[] }> }> {
    const cls = this.enclosingClassOfMethod(ancestors, self);
    if (!cls) return [];
    const prefix = `${cls.node.id}:self.`;
    const out: Array<{ name: string; values: Array<{ call: Node; scope: readonly Container[] }> }> = [];
    for (const [key, bindings] of this.bindings) {
      if (!key.startsWith(prefix)) continue;
      const values = bindings.flatMap((b) => (b.type === 'value' && b.value.node?.type === 'call' ? [{ call: b.value.node, scope: b.scope }] : []));
      if (values.length > 0) out.push({ name: key.slice(prefix.length), values });
    }
    return out;
  }

  /** Cheap pre-filter for process targets: only calls whose callee ends in `Process` can start one. */
  mayConstructProcess(call: Node): boolean {
    const text = this.calleeTexts.get(call.id);
    if (text) return text.parts.at(-1)!.endsWith('Process');
    const facts = this.methodCall(call);
    if (facts) return facts.method.endsWith('Process');
    const fn = call.childForFieldName('function');
    return fn?.type === 'identifier' && fn.text.endsWith('Process');
  }

  /** Called once every capture has been entered: facts that need the whole file's bindings. */
  finish(calls: ReadonlyArray<{ node: Node; ancestors: readonly Container[] }>): void {
    for (const { node, ancestors } of calls) {
      if (this.kindOf(node, ancestors, {}) !== 'process') continue;
      const target = argument(node, 'target', 1);
      const q = target ? this.qualifiedName(target, ancestors) : null;
      if (q) this.processTargets.push(q);
    }
  }

  // ---------------------------------------------------------------- queries

  /** `pkg.mod.Class.method` for a definition node. */
  definitionQname(node: Node, ancestors: readonly Container[]): string {
    const parts: string[] = [];
    for (const a of ancestors) {
      if (a.type === 'class_definition' || a.type === 'function_definition') {
        parts.push(this.nameOf(a.node) ?? '?');
        if (a.type === 'function_definition') parts.push('<locals>');
      }
    }
    parts.push(this.nameOf(node) ?? '?');
    return joinName(this.file.module, parts.join('.'));
  }

  /** The name of a function or class definition (read from the text when it is ASCII). */
  nameOf(definition: Node): string | null {
    let name = this.names.get(definition.id);
    if (name === undefined) {
      DEFINITION_NAME.lastIndex = definition.startIndex;
      name = DEFINITION_NAME.exec(this.file.source)?.[1] ?? definition.childForFieldName('name')?.text ?? null;
      this.names.set(definition.id, name);
    }
    return name;
  }

  /** The names of a function's parameters, in order (`self` included for a method). */
  parameterNames(fn: Node): readonly string[] {
    let names = this.parameters.get(fn.id);
    if (names === undefined) {
      const params = fn.childForFieldName('parameters');
      names = params ? params.namedChildren.flatMap((p) => (p ? [parameterName(p) ?? ''] : [])) : [];
      this.parameters.set(fn.id, names);
    }
    return names;
  }

  /** The decorators of a function or class definition, as written (`pytest.mark.timeout(30)`), outermost first. */
  decoratorsOf(definition: Node): readonly string[] {
    if (!this.decorated.has(definition.id)) return NO_DECORATORS;
    let found = this.decorators.get(definition.id);
    if (found === undefined) {
      const parent = definition.parent;
      found =
        parent?.type === 'decorated_definition'
          ? parent.namedChildren.filter((c): c is Node => c?.type === 'decorator').map((d) => d.text.replace(/^@\s*/, ''))
          : [];
      this.decorators.set(definition.id, found);
    }
    return found;
  }

  /** The source text of the value a module-level name is assigned (`pytestmark = [...]`), if it is assigned once. */
  moduleValueText(name: string): string | null {
    const bindings = this.bindings.get(`${MODULE_SCOPE}:${name}`);
    const only = bindings?.length === 1 ? bindings[0] : undefined;
    return only?.type === 'value' ? (only.value.node?.text ?? null) : null;
  }

  /** Whether `name` is bound (imported, defined or assigned) where `ancestors` say we are. */
  isBound(name: string, ancestors: readonly Container[]): boolean {
    return this.lookup(name, ancestors).length > 0;
  }

  /** Bindings visible for `name` from a node whose enclosing containers are `ancestors`. */
  private lookup(name: string, ancestors: readonly Container[]): Binding[] {
    const key = this.bindingKey(name, ancestors);
    return (key === null ? undefined : this.bindings.get(key)) ?? [];
  }

  /**
   * The key of the scope whose binding of `name` is visible from `ancestors` (`<scope id>:name`):
   * the same key for every use of the same variable. A name bound nowhere gets the module's key.
   */
  bindingKey(name: string, ancestors: readonly Container[]): string | null {
    let innermostScope = true;
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const a = ancestors[i]!;
      if (!SCOPE_TYPES.has(a.type)) continue;
      // A class body's names are visible only directly inside it, not from its methods.
      if (a.type === 'class_definition' && !innermostScope) continue;
      innermostScope = false;
      const key = `${a.node.id}:${name}`;
      if (this.bindings.has(key)) return key;
    }
    return `${MODULE_SCOPE}:${name}`;
  }

  /** True when every assignment of the name builds it with a call of one of `kinds` (`q = queue.Queue()`). */
  isConstructedHere(name: Node, ancestors: readonly Container[], kinds: ReadonlySet<ValueKind | null>): boolean {
    const bindings = this.lookup(name.text, ancestors);
    return (
      bindings.length > 0 &&
      bindings.every((b) => {
        let value: Node | null = null;
        if (b.type === 'value') value = b.value.node;
        // `commands, responses = Queue(), Queue()`
        else if (b.type === 'tuple-item') {
          const whole = b.value.node;
          value = whole && (whole.type === 'tuple' || whole.type === 'expression_list') ? whole.namedChild(b.index) : null;
        } else return false;
        return value?.type === 'call' && kinds.has(this.kindOf(value, b.scope));
      })
    );
  }

  /** True when `name` (as seen from `ancestors`) is assigned or iterated at an offset in [from, to). */
  assignedBetween(name: string, ancestors: readonly Container[], from: number, to: number): boolean {
    return this.lookup(name, ancestors).some((b) => 'at' in b && b.at >= from && b.at < to);
  }

  /**
   * The source text of what an expression stands for: itself, or for a plain name the value last
   * assigned to it before `offset` in its scope, else its only module-level assignment; null for a
   * name bound otherwise. Lets `revision=MODEL_REVISION` be read as the string it holds.
   */
  constantText(node: Node, ancestors: readonly Container[], offset: number): string | null {
    if (node.type !== 'identifier') return node.text;
    return this.valueBefore(node, ancestors, offset)?.text ?? this.moduleValueText(node.text);
  }

  /**
   * The value a plain name was last assigned before `offset` in its own scope (`msg = {...}` before
   * `q.put(msg)`), in document order; null when the last binding before it is not an assignment
   * (a parameter, a loop variable, a tuple unpacking).
   */
  valueBefore(name: Node, ancestors: readonly Container[], offset: number): Node | null {
    let latest: Binding | undefined;
    let latestAt = -1;
    for (const b of this.lookup(name.text, ancestors)) {
      const at = b.type === 'value' ? b.at : -1;
      // `msg["k"] = v` changes what msg holds, not what kind of object it is.
      if (b.type === 'param' || b.type === 'import' || b.type === 'def' || b.type === 'annotation' || b.type === 'member') continue;
      if (b.type !== 'value') return null; // unpacked or iterated: not one value
      if (at < offset && at > latestAt) {
        latest = b;
        latestAt = at;
      }
    }
    return latest?.type === 'value' ? latest.value.node : null;
  }

  /** The call that built the object a plain name holds (`runner = Runner(q)`), when that is its only assignment. */
  constructorCall(name: Node, ancestors: readonly Container[]): { node: Node; scope: readonly Container[] } | null {
    const bindings = this.lookup(name.text, ancestors);
    if (bindings.length !== 1 || bindings[0]!.type !== 'value') return null;
    const { value, scope } = bindings[0]!;
    const node = value.node;
    return node?.type === 'call' ? { node, scope } : null;
  }

  /**
   * Why pickle cannot send a callable by reference, if it cannot: `'a lambda'` (also a name bound
   * only to one), `'a nested function'` (a `def` inside another function), or either wrapped in
   * `functools.partial(...)`. Pickle sends a function as its module and qualified name; neither
   * names these, so a child process started with spawn or forkserver cannot receive them.
   */
  localCallable(node: Node, ancestors: readonly Container[], depth = 0): string | null {
    if (depth > 3) return null;
    if (node.type === 'lambda') return 'a lambda';
    if (node.type === 'call') {
      if (this.calleeName(node, ancestors) !== 'functools.partial') return null;
      const first = node.childForFieldName('arguments')?.namedChild(0);
      const inner = first && first.type !== 'keyword_argument' ? this.localCallable(first, ancestors, depth + 1) : null;
      return inner && `a \`functools.partial\` of ${inner.replace(/^a (?:`functools.partial` of )?/, 'a ')}`;
    }
    if (node.type !== 'identifier') return null;
    const bindings = this.lookup(node.text, ancestors);
    let found: string | null = null;
    for (const b of bindings) {
      let why: string | null = null;
      if (b.type === 'def') why = definedInFunction(b.node) ? 'a nested function' : null;
      else if (b.type === 'value' && b.value.node) why = this.localCallable(b.value.node, b.scope, depth + 1);
      // Any binding that may be a picklable callable (an import, a parameter, a module-level def) decides it.
      if (why === null) return null;
      found = why;
    }
    return found;
  }

  /**
   * The qualified name an expression refers to, through imports, aliases and local definitions:
   * `T.load` → `torch.load` after `import torch as T`; `self.run` → `pkg.mod.Worker.run`.
   * A name bound by nothing resolves to itself (`print`, `Exception`), so builtins stay readable.
   * Returns null for expressions that are not dotted names, and for local variables.
   */
  qualifiedName(node: Node, ancestors: readonly Container[]): string | null {
    const parts = dottedParts(node);
    if (!parts) return null;
    return this.resolveDotted(parts, ancestors, 0);
  }

  private resolveDotted(parts: readonly string[], ancestors: readonly Container[], depth: number): string | null {
    const head = parts[0];
    if (head === undefined || depth > 8) return null;
    if (parts.length > 1) {
      const cls = this.enclosingClassOfMethod(ancestors, head);
      if (cls) {
        this.resolvedVia = 'self';
        const clsName = this.classesByNodeId.get(cls.node.id)?.qname;
        return clsName ? joinName(clsName, parts.slice(1).join('.')) : null;
      }
    }
    const bindings = this.lookup(head, ancestors);
    if (bindings.length === 0) {
      this.resolvedVia = 'unbound';
      return parts.length === 1 ? head : parts.join('.');
    }
    this.resolvedVia = 'binding';
    for (const b of bindings) {
      if (b.type === 'import' || b.type === 'def') return parts.length === 1 ? b.qname : joinName(b.qname, parts.slice(1).join('.'));
    }
    // `T = torch` / `load = torch.load`: an alias of another dotted name.
    for (const b of bindings) {
      if (b.type === 'value') {
        const value = b.value.node;
        const inner = value ? dottedParts(value) : null;
        if (inner) return this.resolveDotted([...inner, ...parts.slice(1)], b.scope, depth + 1);
      }
    }
    this.resolvedVia = 'local';
    return null;
  }

  /** The qualified name of what a call calls (`torch.load` for `T.load(p)`), or null. */
  calleeName(call: Node, ancestors: readonly Container[]): string | null {
    let name = this.calleeNames.get(call.id);
    if (name === undefined) {
      const text = this.calleeTexts.get(call.id);
      if (text) {
        name = this.resolveDotted(text.parts, ancestors, 0);
        text.via = this.resolvedVia;
      } else {
        const fn = call.childForFieldName('function');
        name = fn ? this.qualifiedName(fn, ancestors) : null;
      }
      this.calleeNames.set(call.id, name);
    }
    return name;
  }

  /**
   * The qualified name of a callee that may be a function of this project: reached through an
   * import, a definition, `self` (`helpers.render`, `self._encode`) or an instance whose class is
   * known (`self.uploader.upload` → `Uploader.upload`); never a builtin or a method of a value of
   * unknown type (`print`, `frame.copy`).
   */
  projectCallee(call: Node, ancestors: readonly Container[]): string | null {
    const text = this.calleeTexts.get(call.id);
    if (!text) return this.superCallee(call, ancestors);
    const qname = this.calleeName(call, ancestors);
    const { parts, via } = text;
    if (via === 'binding' && qname !== null) return qname;
    // `self.conv(x)` where `self.conv = nn.Conv2d(...)`: an attribute holding an object, not a method.
    if (via === 'self' && parts.length === 2) return this.isAssignedAttribute(ancestors, parts[0]!, parts[1]!) ? null : qname;
    // `self.uploader.upload()` / `uploader.upload()` on an instance built here: `Uploader.upload`.
    if ((via === 'self' && parts.length === 3) || (via === 'local' && parts.length === 2)) {
      const origin = this.instanceClass(parts.slice(0, -1), ancestors);
      if (origin) return `${origin}.${parts[parts.length - 1]}`;
    }
    return null;
  }

  /** `super().setup(...)` in a method of `class C(Base)`: `Base.setup` (the index finds where it is defined). */
  private superCallee(call: Node, ancestors: readonly Container[]): string | null {
    SUPER_CALL.lastIndex = call.startIndex;
    const method = SUPER_CALL.exec(this.file.source)?.[1];
    if (!method) return null;
    for (let i = ancestors.length - 1; i > 0; i--) {
      if (ancestors[i]!.type !== 'function_definition') continue;
      const owner = ancestors[i - 1]!;
      const base = owner.type === 'class_definition' ? this.classesByNodeId.get(owner.node.id)?.bases[0] : undefined;
      return base ? `${base}.${method}` : null;
    }
    return null;
  }

  /** The class of the method `ancestors` are in, when `parts` is that method's `self`. */
  private selfClass(parts: readonly string[], ancestors: readonly Container[]): ClassInfo | undefined {
    if (parts.length !== 1) return undefined;
    const cls = this.enclosingClassOfMethod(ancestors, parts[0]!);
    return cls ? this.classesByNodeId.get(cls.node.id) : undefined;
  }

  /** True when `parts` is `self` in a method of a class of this file that derives from a PyTorch module. */
  isModuleSelf(parts: readonly string[], ancestors: readonly Container[]): boolean {
    const cls = this.selfClass(parts, ancestors);
    return cls !== undefined && this.inheritsFrom(cls.qname, TORCH_MODULE_CLASSES);
  }

  /** The qualified name of `self`'s class, for the project index to say what it derives from. */
  moduleSelfOrigin(parts: readonly string[], ancestors: readonly Container[]): string | null {
    return this.selfClass(parts, ancestors)?.qname ?? null;
  }

  /** True when `self.<attr>` is assigned somewhere in the class of the method `ancestors` are in. */
  private isAssignedAttribute(ancestors: readonly Container[], self: string, attr: string): boolean {
    const key = this.selfAttributeKey(ancestors, self, attr);
    return key !== null && this.bindings.has(key);
  }

  /**
   * The names a call is known by for dispatch: the last part of its callee (`load` for
   * `torch.load(...)`, `Process` for `mp.get_context("fork").Process(...)`) and, for a name bound
   * by an import, the imported name's last part (`from torch import load as tl; tl(...)`).
   */
  calleeLastNames(call: Node): readonly string[] {
    const parts = this.calleeTexts.get(call.id)?.parts;
    if (!parts) {
      const method = this.methodCall(call)?.method;
      return method ? [method] : [];
    }
    const last = parts[parts.length - 1]!;
    const imported = parts.length === 1 ? this.moduleImports.get(last) : undefined;
    return imported && !imported.endsWith(`.${last}`) ? [last, imported.slice(imported.lastIndexOf('.') + 1)] : [last];
  }

  /** The dotted name a call calls, as written (`['self', 'model', 'predict']`); null for other callees (`f(x)(y)`, `fs[0]()`). */
  calleeParts(call: Node): readonly string[] | null {
    return this.calleeTexts.get(call.id)?.parts ?? null;
  }

  /** `receiver.method(...)` → its receiver node and method name; null for any other call. */
  methodCall(call: Node): MethodCall | null {
    let facts = this.methodCalls.get(call.id);
    if (facts === undefined) {
      const text = this.calleeTexts.get(call.id);
      if (text) {
        facts = text.parts.length > 1 ? new TextMethodCall(call, text.parts.at(-1)!, text.receiverText) : null;
      } else {
        const fn = call.childForFieldName('function');
        const receiver = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
        const method = receiver ? fn!.childForFieldName('attribute') : null;
        facts = receiver && method ? { receiver, receiverText: receiver.text, method: method.text } : null;
      }
      this.methodCalls.set(call.id, facts);
    }
    return facts;
  }

  /** True for an `async def` (memoised: rules ask it for every call inside a function). */
  isAsync(fn: Container | undefined): boolean {
    if (fn?.type !== 'function_definition') return false;
    let known = this.asyncFunctions.get(fn.node.id);
    if (known === undefined) this.asyncFunctions.set(fn.node.id, (known = this.file.source.startsWith('async', fn.start)));
    return known;
  }

  /** Resolves a dotted name written as text, such as an annotation inside a string. */
  resolveDottedText(text: string, ancestors: readonly Container[]): string | null {
    if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(text)) return null;
    return this.resolveDotted(text.split('.'), ancestors, 0);
  }

  classByQname(qname: string): ClassInfo | undefined {
    return this.classesByQname.get(qname);
  }

  /** The class a `class_definition` node defines. */
  classOfNode(definition: Node): ClassInfo | undefined {
    return this.classesByNodeId.get(definition.id);
  }

  /** True when the class (by qualified name) has any of `targets` among its ancestors in this file. */
  inheritsFrom(qname: string, targets: ReadonlySet<string>): boolean {
    const seen = new Set<string>();
    const work = [qname];
    while (work.length > 0) {
      const cur = work.pop()!;
      if (seen.has(cur)) continue;
      seen.add(cur);
      for (const base of this.classesByQname.get(cur)?.bases ?? []) {
        if (targets.has(base)) return true;
        work.push(base);
      }
    }
    return false;
  }

  /**
   * What kind of object an expression evaluates to, from constructors, annotations and the
   * assignments of the names involved; `hints` supply name patterns for unknown origins.
   */
  kindOf(node: Node, ancestors: readonly Container[], hints: NameHints = {}): ValueKind | null {
    switch (node.type) {
      case 'parenthesized_expression': {
        const inner = node.namedChild(0);
        return inner ? this.kindOf(inner, ancestors, hints) : null;
      }
      case 'lambda':
        return 'function';
      case 'identifier':
        return this.kindOfName(node.text, this.lookup(node.text, ancestors), hints, undefined);
      case 'attribute': {
        const attr = node.childForFieldName('attribute')!.text;
        const key = this.attributeKey(ancestors, node);
        if (key) {
          const assigned = this.bindings.get(key);
          // `self.detect` where the class defines `def detect`: a bound method.
          if (!assigned && this.bindings.get(`${key.slice(0, key.indexOf(':'))}:${attr}`)?.some((b) => b.type === 'def' && b.node.type === 'function_definition')) {
            return 'function';
          }
          return this.kindOfName(attr, assigned ?? [], hints, key);
        }
        // `worker.frames_queue` where `worker = FramesWorker(...)` (or is annotated so) and that class sets `self.frames_queue`.
        const object = node.childForFieldName('object');
        const cls = object ? this.classByQname(this.constructedBy(object, ancestors) ?? '') : undefined;
        const members = cls ? this.bindings.get(`${cls.node.id}:self.${attr}`) : undefined;
        if (members) return this.kindOfName(attr, members, {}, `${cls!.node.id}:self.${attr}`);
        return this.kindOfQualified(this.qualifiedName(node, ancestors));
      }
      case 'subscript': {
        const container = node.childForFieldName('value');
        const kind = container ? this.kindOf(container, ancestors, hints) : null;
        return kind?.startsWith('list:') ? (kind.slice(5) as Kind) : null;
      }
      case 'call':
        return this.kindOfCall(node, ancestors, hints);
      case 'list':
      case 'tuple':
      case 'set': {
        for (const item of node.namedChildren) {
          const k = item ? this.kindOf(item, ancestors, hints) : null;
          if (k && !k.startsWith('list:')) return `list:${k as Kind}`;
        }
        return null;
      }
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression': {
        const body = node.childForFieldName('body');
        const k = body ? this.kindOf(body, ancestors, hints) : null;
        return k && !k.startsWith('list:') ? `list:${k as Kind}` : null;
      }
      case 'dictionary_comprehension': {
        const value = node.childForFieldName('body')?.childForFieldName('value');
        const k = value ? this.kindOf(value, ancestors, hints) : null;
        return k && !k.startsWith('list:') ? `list:${k as Kind}` : null;
      }
      case 'conditional_expression':
      case 'boolean_operator': {
        for (const item of node.namedChildren) {
          const k = item ? this.kindOf(item, ancestors, hints) : null;
          if (k) return k;
        }
        return null;
      }
      default:
        return null;
    }
  }

  /**
   * The qualified name of the class (or factory) whose call produced the value of a name or
   * `self` attribute, from its assignments or its annotation: `w = OutputProcess()` → the
   * qualified name of OutputProcess. Null when nothing says.
   */
  constructedBy(node: Node, ancestors: readonly Container[], depth = 0): string | null {
    if (depth > 4) return null;
    let bindings: readonly Binding[];
    if (node.type === 'identifier') bindings = this.lookup(node.text, ancestors);
    else if (node.type === 'attribute') {
      const key = this.attributeKey(ancestors, node);
      if (!key) return null;
      bindings = this.bindings.get(key) ?? [];
    } else return null;
    for (const b of bindings) {
      if ((b.type === 'annotation' || b.type === 'param') && b.annotation) {
        let text = b.annotation.text.trim();
        if (/^(['"]).*\1$/s.test(text)) text = text.slice(1, -1).trim();
        const head = text.split(/[[|,\s]/)[0] ?? '';
        const resolved = this.resolveDottedText(head, b.scope);
        if (resolved) return resolved;
      }
      if (b.type !== 'value') continue;
      // `x = pkg.Cls(...)`, `self.x = Cls(...)`: the callee is read from the text when it can be.
      const written = this.assignedCallee(b.at);
      if (written) {
        const resolved = this.resolveDottedText(written.replace(/\s+/g, ''), b.scope);
        if (resolved) return resolved;
        continue;
      }
      const value = b.value.node;
      if (value?.type === 'call') {
        const fn = value.childForFieldName('function');
        const resolved = fn ? this.qualifiedName(fn, b.scope) : null;
        if (resolved) return resolved;
      }
      // `self.manager = manager` where the parameter says what it is.
      if (value && (value.type === 'identifier' || value.type === 'attribute')) {
        const resolved = this.constructedBy(value, b.scope, depth + 1);
        if (resolved) return resolved;
      }
    }
    return null;
  }

  /**
   * The class a name or `self` attribute holds an instance of, from assignments written as a call
   * of a CapWords name (`uploader = Uploader(...)`, `self.store = storage.Store(...)`); text only,
   * for questions asked of every call (a call of a lower-case name is a function's result).
   */
  instanceClass(parts: readonly string[], ancestors: readonly Container[]): string | null {
    let bindings: readonly Binding[] | undefined;
    if (parts.length === 1) bindings = this.lookup(parts[0]!, ancestors);
    else if (parts.length === 2) {
      const key = this.selfAttributeKey(ancestors, parts[0]!, parts[1]!);
      bindings = key ? this.bindings.get(key) : undefined;
    }
    for (const b of bindings ?? []) {
      if (b.type !== 'value') continue;
      const written = this.assignedCallee(b.at);
      if (!written || !/(?:^|\.)\s*[A-Z]\w*$/.test(written)) continue;
      const resolved = this.resolveDottedText(written.replace(/\s+/g, ''), b.scope);
      if (resolved) return resolved;
    }
    return null;
  }

  /**
   * Whether the file can build a model object by construction (`YOLO(...)`, `torch.jit.load`,
   * `torch.hub.load`, `torch.compile`): when it cannot, only names say what is a model.
   */
  constructsModels(): boolean {
    const source = this.file.source;
    this.buildsModels ??= MODEL_BUILDERS.some((word) => source.includes(word));
    return this.buildsModels;
  }

  /**
   * The calls that built the value an expression holds, through names, `self` attributes,
   * `append`ed members and loop variables (`for w in self.workers:` → each `Process(...)` put in
   * `self.workers`). Bounded: a value assigned through more than a few names is not followed.
   */
  constructionsOf(node: Node, ancestors: readonly Container[], depth = 0): Array<{ call: Node; scope: readonly Container[] }> {
    if (depth > 4) return [];
    switch (node.type) {
      case 'call':
        return [{ call: node, scope: ancestors }];
      case 'parenthesized_expression': {
        const inner = node.namedChild(0);
        return inner ? this.constructionsOf(inner, ancestors, depth + 1) : [];
      }
      case 'list':
      case 'tuple':
        return node.namedChildren.flatMap((item) => (item ? this.constructionsOf(item, ancestors, depth + 1) : []));
      case 'list_comprehension':
      case 'generator_expression': {
        const body = node.childForFieldName('body');
        return body ? this.constructionsOf(body, ancestors, depth + 1) : [];
      }
      case 'identifier':
      case 'attribute': {
        const key = node.type === 'identifier' ? this.bindingKey(node.text, ancestors) : this.attributeKey(ancestors, node);
        const out: Array<{ call: Node; scope: readonly Container[] }> = [];
        for (const b of (key === null ? undefined : this.bindings.get(key)) ?? []) {
          if (b.type === 'value' || b.type === 'member') {
            const value = b.value.node;
            if (value) out.push(...this.constructionsOf(value, b.scope, depth + 1));
          } else if (b.type === 'element') {
            for (const c of this.constructionsOf(b.iterable, b.scope, depth + 1)) out.push(c);
          }
        }
        return out;
      }
      default:
        return [];
    }
  }

  /**
   * The callees of the calls that built a model object, through `.to(device)` / `.eval()` chains:
   * `model = Detector().to(dev)` → the qualified name of `Detector`; `torch.load`, `timm.create_model`.
   */
  modelOrigins(node: Node, ancestors: readonly Container[]): string[] {
    const out = new Set<string>();
    const pending = this.constructionsOf(node, ancestors);
    for (let i = 0; i < pending.length && i < 16; i++) {
      const { call, scope } = pending[i]!;
      const method = this.methodCall(call);
      if (method && MODEL_RETURNING_METHODS.has(method.method)) {
        pending.push(...this.constructionsOf(method.receiver, scope));
        continue;
      }
      const callee = this.calleeName(call, scope);
      if (callee) out.add(callee);
    }
    return [...out].sort();
  }

  /**
   * The object a call runs as a model, if it is one: `model(x)`, `self.detector(frame)` and
   * `net.forward(x)` on a value the engine knows to be a model (`kind`), or on an instance of a
   * project class of another module (`origin`, for the project index to decide). Calls of
   * functions and classes (`F.relu(x)`, `Detector()`) are not model calls.
   */
  modelCall(call: Node, ancestors: readonly Container[]): { target: readonly string[]; origin?: string } | null {
    let known = this.modelCalls.get(call.id);
    if (known === undefined) this.modelCalls.set(call.id, (known = this.findModelCall(call, ancestors)));
    return known;
  }

  /**
   * Whether a call has the shape of a model call, from its text and how its name resolved: `model(x)`,
   * `self.model(x)`, `m.forward(x)`; not a function or a class (`F.relu(x)`, `Detector()`), a builtin,
   * or a method of an object (`x.view(...)`). Cheap: rules ask it of every call before `modelCall`.
   */
  mayCallModel(call: Node, ancestors: readonly Container[]): boolean {
    const text = this.calleeTexts.get(call.id);
    if (!text) return false;
    const parts = text.parts;
    if (parts.length > 1 && parts[parts.length - 1] === 'forward') return true;
    // `a.b.c(x)` is almost always a method, not a model stored deep in an object.
    if (parts.length > 2 || (parts.length === 2 && !this.enclosingClassOfMethod(ancestors, parts[0]!))) return false;
    this.calleeName(call, ancestors);
    if (text.via === 'unbound') return false;
    // Through an import or a definition: a function or a class, not an object.
    if (text.via === 'binding' && this.lookup(parts[0]!, ancestors).some((b) => b.type === 'import' || b.type === 'def')) return false;
    // `Detector(...)` builds an object; `MODEL(x)` (a constant) calls one.
    const last = parts[parts.length - 1]!;
    return !(/^[A-Z]/.test(last) && /[a-z]/.test(last));
  }

  private findModelCall(call: Node, ancestors: readonly Container[]): { target: readonly string[]; origin?: string } | null {
    if (!this.mayCallModel(call, ancestors)) return null;
    const parts = this.calleeTexts.get(call.id)!.parts;
    const forward = parts.length > 1 && parts[parts.length - 1] === 'forward';
    const target = forward ? parts.slice(0, -1) : parts;
    let kind = this.kindOfPath(target, ancestors);
    if (kind === undefined) {
      const fn = call.childForFieldName('function');
      const object = forward ? fn?.childForFieldName('object') : fn;
      kind = object ? this.kindOf(object, ancestors) : null;
    }
    if (kind === 'model') return { target };
    if (kind !== null) return null;
    const origin = this.instanceClass(target, ancestors);
    return origin && !this.classesByQname.has(origin) ? { target, origin } : null;
  }

  /** True inside a method of a class that is (or looks like) a module: it derives from one or defines `forward`. */
  inModuleMethod(ancestors: readonly Container[]): boolean {
    for (let i = ancestors.length - 1; i > 0; i--) {
      if (ancestors[i]!.type !== 'function_definition') continue;
      const owner = ancestors[i - 1]!;
      if (owner.type !== 'class_definition') return false;
      let module = this.moduleClasses.get(owner.node.id);
      if (module === undefined) {
        const cls = this.classesByNodeId.get(owner.node.id);
        module = cls !== undefined && (this.inheritsFrom(cls.qname, TORCH_MODULE_CLASSES) || (this.bindings.get(`${owner.node.id}:forward`)?.some((b) => b.type === 'def') ?? false));
        this.moduleClasses.set(owner.node.id, module);
      }
      return module;
    }
    return false;
  }

  /**
   * What a `Process(target=..., args=(...))` / `Thread(...)` construction hands its target: the
   * target, its qualified name, and each positional argument with the parameter position it lands
   * in (a bound method's `self` is position 0, so `target=self.capture` shifts them by one).
   */
  targetArguments(call: Node, ancestors: readonly Container[]): { target: Node; qname: string; args: Array<{ item: Node; slot: number }> } | null {
    // Process(group, target, name, args, ...) and Thread(group, target, name, args, ...) alike.
    const target = argument(call, 'target', 1);
    const qname = target ? this.qualifiedName(target, ancestors) : null;
    if (!target || !qname) return null;
    const selfOffset = target.type === 'attribute' ? 1 : 0;
    const tuple = argument(call, 'args', 3);
    const args: Array<{ item: Node; slot: number }> = [];
    if (tuple && (tuple.type === 'tuple' || tuple.type === 'list')) {
      tuple.namedChildren.forEach((item, i) => {
        if (item) args.push({ item, slot: i + selfOffset });
      });
    }
    return { target, qname, args };
  }

  /**
   * What a process object runs, by qualified name: the project class it is an instance of
   * (`DetectorProcess(...)`, whose `run()` it runs) and the `target=` it was given.
   */
  processOrigins(node: Node, ancestors: readonly Container[]): string[] {
    const out = new Set<string>();
    for (const { call, scope } of this.constructionsOf(node, ancestors)) {
      const callee = this.calleeName(call, scope);
      const last = this.methodCall(call)?.method ?? callee?.split('.').pop() ?? '';
      if (callee && !CONSTRUCTOR_KINDS.has(callee) && !FACTORY_METHODS.has(last)) out.add(callee);
      // `Process(group, target, ...)`: the target may be positional; for other classes only `target=` says.
      const processConstructor = last === 'Process' || (callee !== null && CONSTRUCTOR_KINDS.get(callee) === 'process');
      const target = argument(call, 'target', processConstructor ? 1 : undefined);
      const q = target ? this.qualifiedName(target, scope) : null;
      if (q) out.add(q);
    }
    return [...out].sort();
  }

  /**
   * The kind a dotted name refers to as a value (`pipeline.frames_q`, `mp.Queue` as a default): the
   * tables say what calling a name makes, so a reference to a model constructor or loader
   * (`norm_layer=nn.LayerNorm`, `loader = torch.load`) is not a model.
   */
  private kindOfQualified(qname: string | null): ValueKind | null {
    const kind = qname ? (CONSTRUCTOR_KINDS.get(qname) ?? null) : null;
    return kind === 'model' ? null : kind;
  }

  /**
   * The kind a call of `qname` makes when the engine knows it: a constructor of the tables, a class
   * of this file deriving from Process or from a PyTorch module, or a function of this file that
   * returns a model (`def build_detector(): ... return model`).
   */
  private kindOfCallee(qname: string): ValueKind | null | undefined {
    const known = kindOfConstructor(qname);
    if (known) return known;
    if (this.classesByQname.has(qname)) {
      if (this.inheritsFrom(qname, PROCESS_CLASSES)) return 'process';
      return this.inheritsFrom(qname, TORCH_MODULE_CLASSES) ? 'model' : null;
    }
    const def = this.functionsByQname.get(qname);
    return def ? this.returnedKind(def) : undefined;
  }

  private kindOfCall(node: Node, ancestors: readonly Container[], hints: NameHints): ValueKind | null {
    const fn = node.childForFieldName('function');
    if (!fn) return null;
    const qname = this.qualifiedName(fn, ancestors);
    if (qname) {
      const known = this.kindOfCallee(qname);
      if (known !== undefined && known !== null) return known;
    }
    if (fn.type === 'attribute') {
      const object = fn.childForFieldName('object');
      const method = fn.childForFieldName('attribute')?.text ?? '';
      const objectKind = object ? this.kindOf(object, ancestors, hints) : null;
      if (objectKind === 'mp-context' || objectKind === 'manager') return FACTORY_METHODS.get(method) ?? null;
      // `model.to(device)`, `model.eval()`: the module itself.
      if (objectKind === 'model' && MODEL_RETURNING_METHODS.has(method)) return 'model';
    }
    return null;
  }

  /** The kind a function of this file returns: the first `return` whose value has a kind (`return model.eval()`). */
  private returnedKind(def: { capture: Capture; ancestors: readonly Container[] }): ValueKind | null {
    const id = def.capture.node.id;
    if (this.returnKinds.has(id)) return this.returnKinds.get(id)!;
    this.returnKinds.set(id, null); // a recursive helper returns nothing known
    const body = def.capture.node;
    const scope = [...def.ancestors, def.capture];
    // Returns of functions nested in it belong to them.
    const nested = body.descendantsOfType(['function_definition', 'lambda']).filter((n): n is Node => n !== null && n.id !== id);
    let kind: ValueKind | null = null;
    for (const ret of body.descendantsOfType('return_statement')) {
      if (!ret || nested.some((n) => n.startIndex <= ret.startIndex && ret.endIndex <= n.endIndex)) continue;
      const value = ret.namedChild(0);
      const k = value ? this.kindOf(value, scope) : null;
      if (k) {
        kind = k;
        break;
      }
    }
    this.returnKinds.set(id, kind);
    return kind;
  }

  private kindOfName(
    name: string,
    bindings: readonly Binding[],
    hints: NameHints,
    attributeKey: string | undefined,
  ): ValueKind | null {
    const memoKey = `${attributeKey ?? bindingsId(bindings, name)}|${hintsKey(hints)}`;
    if (this.kindMemo.has(memoKey)) return this.kindMemo.get(memoKey)!;
    if (this.resolving.has(memoKey)) return null;
    this.resolving.add(memoKey);
    let result: ValueKind | null = null;
    let unknownOrigin = bindings.length === 0;
    for (const b of bindings) {
      if (b.type === 'annotation' || (b.type === 'param' && b.annotation)) {
        const annotation = b.type === 'annotation' ? b.annotation : b.annotation!;
        result = this.kindOfAnnotation(annotation, b.scope);
        break;
      }
    }
    if (result === null) {
      for (const b of bindings) {
        let k: ValueKind | null = null;
        switch (b.type) {
          case 'value': {
            const fromText = this.kindOfAssignedCall(b);
            if (fromText !== undefined) {
              k = fromText;
              break;
            }
            const value = b.value.node;
            k = value ? this.kindOf(value, b.scope, hints) : null;
            // `self.workers = []`, `self.proc = None`: a placeholder, filled in elsewhere.
            if (k === null && value && isPlaceholderValue(value)) unknownOrigin = true;
            break;
          }
          case 'tuple-item': {
            const value = b.value.node;
            k = value ? this.kindOfTupleItem(value, b.index, b.scope, hints) : null;
            break;
          }
          case 'element': {
            const outer = this.kindOf(b.iterable, b.scope, hints);
            k = outer?.startsWith('list:') ? (outer.slice(5) as Kind) : null;
            break;
          }
          case 'member': {
            const value = b.value.node;
            const inner = value ? this.kindOf(value, b.scope, hints) : null;
            k = inner && !inner.startsWith('list:') ? `list:${inner as Kind}` : null;
            break;
          }
          case 'param':
            if (b.defaultValue) k = this.kindOf(b.defaultValue, b.scope, hints);
            unknownOrigin = true;
            break;
          case 'import':
            k = this.kindOfQualified(b.qname);
            unknownOrigin = true;
            break;
          case 'def':
            k = b.node.type === 'function_definition' ? 'function' : 'other';
            break;
          case 'annotation':
            break;
          case 'iterated':
            unknownOrigin = true;
            break;
        }
        if (k) {
          result = k;
          break;
        }
      }
    }
    if (result === null && (unknownOrigin || (attributeKey !== undefined && bindings.length === 0))) {
      result = kindFromName(name, hints);
    }
    this.resolving.delete(memoKey);
    this.kindMemo.set(memoKey, result);
    return result;
  }

  /**
   * The callee of an assignment whose whole value is one call of a dotted name (`x = pkg.Cls(a, b)`),
   * read from the text at the assignment's start; null when the value is anything else
   * (`Manager().Queue()`, `A() if c else B()`) or the text is not plain enough to tell.
   */
  private assignedCallee(at: number): string | null {
    const source = this.file.source;
    ASSIGNED_CALL.lastIndex = at;
    const m = ASSIGNED_CALL.exec(source);
    if (!m) return null;
    // Find the call's closing parenthesis; give up at a string or a long argument list.
    let depth = 1;
    let i = ASSIGNED_CALL.lastIndex;
    for (const limit = Math.min(source.length, i + 2000); i < limit && depth > 0; i++) {
      const c = source.charCodeAt(i);
      if (c === 40 || c === 91 || c === 123) depth++; // ( [ {
      else if (c === 41 || c === 93 || c === 125) depth--; // ) ] }
      else if (c === 35) return null; // a comment inside the call
      else if (c === 34 || c === 39) {
        // A one-line string: skip to its closing quote.
        if (source.charCodeAt(i + 1) === c && source.charCodeAt(i + 2) === c) return null;
        for (i++; i < limit && source.charCodeAt(i) !== c; i++) {
          const d = source.charCodeAt(i);
          if (d === 10 || d === 13) return null;
          if (d === 92) i++; // backslash
        }
      }
    }
    if (depth > 0) return null;
    while (i < source.length && (source[i] === ' ' || source[i] === '\t')) i++;
    const next = source[i];
    return next === undefined || next === '\n' || next === '\r' || next === ';' || next === '#' ? m[1]! : null;
  }

  /**
   * The kind an assignment `x = pkg.Cls(...)` gives, read from the text without the tree: known
   * when the callee is a dotted name reached through imports or definitions; undefined when the
   * text does not say (another shape of value, or a factory method of a local object such as
   * `ctx.Queue()`, whose kind depends on the object's).
   */
  private kindOfAssignedCall(b: Extract<Binding, { type: 'value' }>): ValueKind | null | undefined {
    const written = this.assignedCallee(b.at);
    if (!written) return undefined;
    const parts = written.split('.').map((p) => p.trim());
    const head = this.lookup(parts[0]!, b.scope);
    if (parts.length > 1 && head.length > 0 && !head.every((h) => h.type === 'import' || h.type === 'def')) return undefined;
    if (parts.length > 1 && this.enclosingClassOfMethod(b.scope, parts[0]!)) return undefined;
    const qname = this.resolveDotted(parts, b.scope, 0);
    if (qname === null) return undefined;
    const known = this.kindOfCallee(qname);
    return known === undefined ? null : known;
  }

  private kindOfTupleItem(value: Node, index: number, scope: readonly Container[], hints: NameHints): ValueKind | null {
    if (value.type === 'tuple' || value.type === 'expression_list' || value.type === 'list') {
      const item = value.namedChild(index);
      return item ? this.kindOf(item, scope, hints) : null;
    }
    const whole = this.kindOf(value, scope, hints);
    if (whole === 'pipe-pair') return 'pipe';
    return whole?.startsWith('list:') ? (whole.slice(5) as Kind) : null;
  }

  /** The kind an annotation names; an annotation that names something else is 'other'. */
  kindOfAnnotation(annotation: Node, ancestors: readonly Container[]): ValueKind {
    let text = annotation.text.trim();
    if (/^(['"]).*\1$/s.test(text)) text = text.slice(1, -1).trim();
    // Peel Optional[...] / Union[..., None] / X | None down to the first real type.
    for (;;) {
      const m = /^(?:typing\.)?(?:Optional|Union)\s*\[(.*)\]$/s.exec(text);
      if (!m) break;
      text = m[1]!.trim();
    }
    const head = text.split(/[[|,\s]/)[0] ?? '';
    const qname = this.resolveDottedText(head, ancestors) ?? head;
    // `net: Detector` for a module of this file, `model: nn.Module`.
    if (TORCH_MODULE_CLASSES.has(qname) || (this.classesByQname.has(qname) && this.inheritsFrom(qname, TORCH_MODULE_CLASSES))) return 'model';
    const kind = CONSTRUCTOR_KINDS.get(qname) ?? ANNOTATION_KINDS.get(qname);
    if (kind === 'pipe-pair') return 'other';
    if (kind === 'mp-context' || kind === 'manager') return kind;
    if (kind) return kind;
    if (/^(?:typing\.)?(?:List|Sequence|Iterable|list|tuple|Tuple)$/.test(head)) {
      const inner = /\[(.*)\]$/s.exec(text)?.[1]?.split(',')[0]?.trim() ?? '';
      const innerHead = inner.split(/[[|,\s]/)[0] ?? '';
      const innerKind = CONSTRUCTOR_KINDS.get(this.resolveDottedText(innerHead, ancestors) ?? innerHead);
      if (innerKind && !innerKind.startsWith('list:')) return `list:${innerKind as Kind}`;
    }
    return 'other';
  }

  /**
   * `kindOf` for an expression given as its dotted parts (`['frame_q']`, `['self', 'model']`),
   * answered from the bindings without looking at the tree; undefined for other shapes.
   */
  kindOfPath(parts: readonly string[], ancestors: readonly Container[], hints: NameHints = {}): ValueKind | null | undefined {
    if (parts.length === 1) return this.kindOfName(parts[0]!, this.lookup(parts[0]!, ancestors), hints, undefined);
    if (parts.length !== 2) return undefined;
    const key = this.selfAttributeKey(ancestors, parts[0]!, parts[1]!);
    if (!key) return undefined;
    const assigned = this.bindings.get(key);
    if (!assigned && this.bindings.get(`${key.slice(0, key.indexOf(':'))}:${parts[1]}`)?.some((b) => b.type === 'def' && b.node.type === 'function_definition')) {
      return 'function';
    }
    return this.kindOfName(parts[1]!, assigned ?? [], hints, key);
  }

  /** True when the call is the operand of `await`, parentheses aside. */
  isAwaited(call: Node): boolean {
    return this.awaitedCalls.has(call.id);
  }
}

/** `[]`, `{}`, `()`, `None`, `list()`, `dict()`: a value that says nothing of what will be stored. */
function isPlaceholderValue(node: Node): boolean {
  switch (node.type) {
    case 'none':
      return true;
    case 'list':
    case 'dictionary':
    case 'tuple':
    case 'set':
      return node.namedChildCount === 0;
    case 'call':
      return /^(?:list|dict|set|tuple)\s*\(\s*\)$/.test(node.text);
    default:
      return false;
  }
}

/** Name patterns are written for the public name: `_workers` and `__proc` are read as `workers` and `proc`. */
function kindFromName(rawName: string, hints: NameHints): ValueKind | null {
  const name = rawName.replace(/^_+(?=.)/, '');
  if (hints.queue?.test(name)) return 'queue';
  if (hints.processes?.test(name)) return 'list:process';
  if (hints.process?.test(name)) return 'process';
  if (hints.event?.test(name)) return 'event';
  if (hints.session?.test(name)) return 'ort-session';
  if (hints.model?.test(name)) return 'model';
  return null;
}

const hintKeys = new WeakMap<NameHints, string>();
function hintsKey(hints: NameHints): string {
  let key = hintKeys.get(hints);
  if (key === undefined) {
    key = Object.entries(hints)
      .map(([k, v]) => `${k}=${(v as RegExp).source}`)
      .join(';');
    hintKeys.set(hints, key);
  }
  return key;
}

const bindingIds = new WeakMap<readonly Binding[], string>();
let nextBindingId = 0;
function bindingsId(bindings: readonly Binding[], name: string): string {
  if (bindings.length === 0) return `unbound:${name}`;
  let id = bindingIds.get(bindings);
  if (id === undefined) bindingIds.set(bindings, (id = `b${nextBindingId++}`));
  return id;
}

export interface MethodCall {
  readonly receiver: Node;
  /** The receiver's source text (`self.frames`), without walking the tree. */
  readonly receiverText: string;
  readonly method: string;
}

/** A method call whose parts were read from the text: the receiver node is found only if asked for. */
class TextMethodCall implements MethodCall {
  private node: Node | undefined;
  constructor(
    private readonly call: Node,
    readonly method: string,
    readonly receiverText: string,
  ) {}

  get receiver(): Node {
    this.node ??= this.call.childForFieldName('function')!.childForFieldName('object')!;
    return this.node;
  }
}

interface CalleeText {
  parts: string[];
  receiverText: string;
  /** How the head resolved, once `calleeName` has asked: through a binding, `self`, nothing (a builtin) or a local value. */
  via?: Resolution;
}

type Resolution = 'binding' | 'self' | 'unbound' | 'local';

/** An assignment to a plain name or to `object.attr`, read at the assignment's start: `x = `, `self.q = `. */
const SIMPLE_TARGET = /([A-Za-z_]\w*)(?:\s*\.\s*([A-Za-z_]\w*))?\s*=(?!=)/y;

/** `def name(`, `async def name[`, `class Name:` at a definition's start (ASCII names; others go to the tree). */
const DEFINITION_NAME = /(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)(?=\s*[(:[])/y;

const NO_DECORATORS: readonly string[] = [];

/** `super().name(` at a call's start. */
const SUPER_CALL = /super\s*\(\s*\)\s*\.\s*([A-Za-z_]\w*)\s*\(/y;

/** Text that every construction of a model object (CONSTRUCTOR_KINDS' 'model' entries) contains. */
const MODEL_BUILDERS = ['YOLO(', 'jit.load(', 'jit.script(', 'jit.trace(', 'hub.load(', 'torch.compile('];

/** An assignment (or a chain of them) of a call of a dotted name: `x = Cls(`, `self.a = b = mod.make(`. */
const ASSIGNED_CALL = /(?:[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)?\s*=(?!=)\s*)+([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*\(/y;

/** A dotted name directly followed by the `(` of the arguments: `torch.load(`, `self.q . get (`. */
const DOTTED_CALLEE = /([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*\(/y;


/** True for a `def` whose nearest enclosing definition is a function (not a class or the module). */
function definedInFunction(def: Node): boolean {
  for (let p = def.parent; p; p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'lambda') return true;
    if (p.type === 'class_definition') return false;
  }
  return false;
}
