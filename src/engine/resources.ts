/**
 * Where the object a call makes goes, for rules about resources that must be freed by a method
 * call (`shm.unlink()`, `cap.release()`): the local names, attributes and containers it is stored
 * in, whether it escapes (returned, yielded, passed to a call: ownership moves there) or is
 * dropped where it is made; and, for the whole file, the receivers every `.<release>()` is called
 * on, traced back to the same names, attributes and containers. A handle is freed in the file
 * when the two share a root. Asked only by files that make such resources, so the scope
 * bindings it needs are read from the tree on demand, one scope at a time.
 */
import type { Node } from 'web-tree-sitter';
import type { SemanticModel } from './model.js';

const SCOPE_TYPES: ReadonlySet<string> = new Set(['function_definition', 'lambda']);
/** Methods that put their argument into the receiver: the receiver then holds the handle. */
const CONTAINER_METHODS: ReadonlySet<string> = new Set(['append', 'add', 'insert', 'extend', 'appendleft', 'setdefault', 'update', '__setitem__']);
/** Calls that look at a handle without keeping it. */
const LOOKS_ONLY: ReadonlySet<string> = new Set(['print', 'repr', 'str', 'len', 'id', 'isinstance', 'type', 'bool', 'hash', 'format', 'memoryview', 'bytes']);
/** Logging calls (`logger.info(shm)`) look only. */
const LOGGING_METHODS = /^(?:debug|info|warning|warn|error|exception|critical|log)$/;
/** Calls whose result holds what their arguments hold (`list(self.segments.values())`). */
const PASS_THROUGH: ReadonlySet<string> = new Set(['list', 'tuple', 'reversed', 'sorted', 'iter', 'zip', 'enumerate', 'chain', 'set', 'filter']);
/** Methods whose result comes out of the receiver (`self.segments.pop(name)`). */
const TAKES_FROM: ReadonlySet<string> = new Set(['pop', 'popitem', 'popleft', 'get', 'values', 'items', 'copy', 'setdefault']);

type Binding = { kind: 'value' | 'iterable'; node: Node } | { kind: 'other' };

/**
 * Names and their bindings per scope (a function or lambda, or the module), found in the tree on
 * demand: only files that create a segment ask, and only about the scopes involved.
 */
class Scopes {
  private readonly bindings = new Map<number, Map<string, Binding[]>>();
  private readonly declared = new Map<number, Set<string>>();

  constructor(private readonly root: Node) {}

  /** The scope that binds the name an identifier refers to: the innermost enclosing function that binds it, or the module. */
  scopeOf(identifier: Node): Node {
    const name = identifier.text;
    for (let n = identifier.parent; n; n = n.parent) {
      if (!SCOPE_TYPES.has(n.type)) continue;
      if (this.declared.get(this.index(n))?.has(name)) continue;
      if (this.bindingsIn(n).has(name)) return n;
    }
    return this.root;
  }

  bindingsOf(scope: Node, name: string): readonly Binding[] {
    return this.bindingsIn(scope).get(name) ?? [];
  }

  private bindingsIn(scope: Node): Map<string, Binding[]> {
    const id = this.index(scope);
    return this.bindings.get(id)!;
  }

  /** Indexes a scope once: what each name is bound to, and the names declared `global`/`nonlocal` there. */
  private index(scope: Node): number {
    if (this.bindings.has(scope.id)) return scope.id;
    const out = new Map<string, Binding[]>();
    const declared = new Set<string>();
    const bind = (target: Node | null, binding: Binding): void => {
      if (!target) return;
      if (target.type === 'identifier') {
        let list = out.get(target.text);
        if (!list) out.set(target.text, (list = []));
        list.push(binding);
      } else if (target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'list_pattern' || target.type === 'tuple' || target.type === 'list') {
        for (const item of target.namedChildren) bind(item, binding.kind === 'value' ? { kind: 'iterable', node: binding.node } : binding);
      } else if (target.type === 'parenthesized_expression' || target.type === 'as_pattern_target') {
        bind(target.namedChild(0), binding);
      }
    };
    if (scope.type !== 'module') {
      for (const p of scope.childForFieldName('parameters')?.namedChildren ?? []) {
        const name = p?.type === 'identifier' ? p : (p?.childForFieldName('name') ?? p?.namedChild(0) ?? null);
        if (name?.type === 'identifier') bind(name, { kind: 'other' });
      }
    }
    const body = scope.type === 'module' ? scope : scope.childForFieldName('body');
    const pending: Node[] = body ? [...body.namedChildren].filter((n): n is Node => n !== null) : [];
    while (pending.length > 0) {
      const n = pending.pop()!;
      switch (n.type) {
        case 'function_definition':
        case 'class_definition':
          bind(n.childForFieldName('name'), { kind: 'other' });
          continue; // their bodies are scopes of their own (or class bodies, not visible from methods)
        case 'lambda':
          continue;
        case 'assignment':
        case 'augmented_assignment': {
          let right = n.childForFieldName('right');
          while (right?.type === 'assignment') right = right.childForFieldName('right');
          const left = n.childForFieldName('left');
          if (right && left && (left.type === 'pattern_list' || left.type === 'tuple_pattern') && (right.type === 'expression_list' || right.type === 'tuple') && left.namedChildCount === right.namedChildCount) {
            left.namedChildren.forEach((item, i) => bind(item, { kind: 'value', node: right!.namedChild(i)! }));
          } else if (right) bind(left, { kind: 'value', node: right });
          break;
        }
        case 'for_statement':
        case 'for_in_clause': {
          const right = n.childForFieldName('right');
          if (right) bind(n.childForFieldName('left'), { kind: 'iterable', node: right });
          break;
        }
        case 'as_pattern': {
          const value = n.namedChild(0);
          if (value && n.parent?.type === 'with_item') bind(n.childForFieldName('alias'), { kind: 'value', node: value });
          else bind(n.childForFieldName('alias'), { kind: 'other' });
          break;
        }
        case 'named_expression': {
          const value = n.childForFieldName('value');
          if (value) bind(n.childForFieldName('name'), { kind: 'value', node: value });
          break;
        }
        case 'global_statement':
        case 'nonlocal_statement':
          for (const name of n.namedChildren) if (name?.type === 'identifier') declared.add(name.text);
          continue;
        case 'import_statement':
        case 'import_from_statement':
          for (const name of n.namedChildren) {
            if (name?.type === 'aliased_import') bind(name.childForFieldName('alias'), { kind: 'other' });
            else if (name?.type === 'dotted_name' && n.type === 'import_statement') bind(name.namedChild(0), { kind: 'other' });
          }
          continue;
      }
      for (const child of n.namedChildren) if (child) pending.push(child);
    }
    this.bindings.set(scope.id, out);
    this.declared.set(scope.id, declared);
    return scope.id;
  }

  /** The identifiers in a scope (and in nested functions that do not rebind it) that refer to `name`. */
  usesOf(scope: Node, name: string): Node[] {
    const out: Node[] = [];
    const pending: Node[] = [scope.type === 'module' ? scope : (scope.childForFieldName('body') ?? scope)];
    while (pending.length > 0) {
      const n = pending.pop()!;
      if (n.type === 'identifier') {
        if (n.text === name && !isNameOfSomethingElse(n)) out.push(n);
        continue;
      }
      if (n.id !== scope.id && SCOPE_TYPES.has(n.type) && this.bindingsOf(n, name).length > 0) continue;
      for (const child of n.namedChildren) if (child) pending.push(child);
    }
    return out;
  }
}

/** `obj.shm` (an attribute's name) and `f(shm=...)` (a keyword): identifiers that are not the variable. */
function isNameOfSomethingElse(identifier: Node): boolean {
  const parent = identifier.parent;
  if (parent?.type === 'attribute') return parent.childForFieldName('attribute')?.id === identifier.id;
  if (parent?.type === 'keyword_argument') return parent.childForFieldName('name')?.id === identifier.id;
  return false;
}

/**
 * Where a resource's handle goes, as "roots" the unlinks are matched against: a local name in its
 * scope (`n:<scope>:<name>`), an attribute of `self` in a method of a class (`a:<attr>#<class>`),
 * or an attribute of any other object (`a:<attr>`).
 */
export interface HandleFlow {
  roots: Set<string>;
  /** Handed to code the rule cannot follow (returned, yielded, passed to a call), or unlinked on the spot. */
  escapes: boolean;
  /** The handle is thrown away where it is made (`SharedMemory(create=True, size=n)` as a statement). */
  dropped: boolean;
  /** The segment's `.name` is handed on (returned, queued, stored): others can attach to it, and unlink it, by name. */
  nameShared: boolean;
}

/** What `releasesOf` finds: the roots of every released receiver, and whether one was attached to rather than created. */
export interface Releases {
  roots: ReadonlySet<string>;
  attached: boolean;
}

const NEVER = (): boolean => false;

export class ResourceFacts {
  private scopes: Scopes | undefined;
  private readonly releases = new Map<string, Releases>();

  constructor(private readonly model: SemanticModel) {}

  /** Follows the object `call` makes: where it is stored, and whether it escapes or is dropped. `release` called on the spot counts as escaping. */
  flowOf(call: Node, release: string): HandleFlow {
    const flow: HandleFlow = { roots: new Set(), escapes: false, dropped: false, nameShared: false };
    this.follow(call, flow, true, 0, release);
    return flow;
  }

  /**
   * The roots of the receivers of every `.<release>()` in the file (and `.<release>` passed as a
   * callback), and `c:<class>` for a class whose methods call `self.<release>()`: its instances
   * release themselves. `attaches` says which calls only attach to an existing resource.
   */
  releasesOf(release: string, anyNode: Node, attaches: (call: Node) => boolean = NEVER): Releases {
    let known = this.releases.get(release);
    if (known) return known;
    const found = { roots: new Set<string>(), attached: false };
    const root = anyNode.tree.rootNode;
    const source = this.model.file.source;
    const word = new RegExp(`\\.\\s*${release}\\b`, 'g');
    for (let m = word.exec(source); m !== null; m = word.exec(source)) {
      const ident = root.descendantForIndex(m.index + m[0].length - 1);
      const attribute = ident?.parent;
      if (ident?.type !== 'identifier' || attribute?.type !== 'attribute' || attribute.childForFieldName('attribute')?.id !== ident.id) continue;
      const object = attribute.childForFieldName('object');
      const owner = object?.type === 'identifier' ? this.selfReleasingClass(object, release) : null;
      if (owner) found.roots.add(`c:${owner}`);
      this.sourcesOf(object, found, 0, attaches);
    }
    known = { roots: found.roots, attached: found.attached };
    this.releases.set(release, known);
    return known;
  }

  /** The name or attribute a handle is kept in, as written (`shm`, `self.cap`); null when it is dropped or kept nowhere. */
  handleText(call: Node, flow: HandleFlow): string | null {
    const first = [...flow.roots][0];
    if (flow.dropped || first === undefined) return null;
    if (!first.startsWith('a:')) return first.slice(first.lastIndexOf(':') + 1);
    return nearestAttributeText(call) ?? `self.${first.slice(2).split('#')[0]}`;
  }

  /**
   * True when one of the roots a handle went to is released. The same `self` attribute in two
   * classes is two handles, unless one class derives from the other; an attribute of another
   * object (`camera.cap.release()`) may be any class's.
   */
  isReleased(flow: HandleFlow, releases: Releases): boolean {
    for (const root of flow.roots) {
      if (releases.roots.has(root)) return true;
      if (!root.startsWith('a:')) continue;
      const [attr, cls] = root.slice(2).split('#') as [string, string | undefined];
      if (releases.roots.has(`a:${attr}`)) return true;
      for (const released of releases.roots) {
        if (!released.startsWith(`a:${attr}#`)) continue;
        const other = released.slice(released.indexOf('#') + 1);
        if (cls === undefined || this.model.inheritsFrom(cls, new Set([other])) || this.model.inheritsFrom(other, new Set([cls]))) return true;
      }
    }
    return false;
  }

  /** `self.cap` in a method of `Camera` → `a:cap#pkg.Camera`; `camera.cap` → `a:cap`. */
  private attributeRoot(attribute: Node): string | null {
    const attr = attribute.childForFieldName('attribute')?.text;
    if (!attr) return null;
    const object = attribute.childForFieldName('object');
    const cls = object?.type === 'identifier' ? this.selfClass(object) : null;
    return cls ? `a:${attr}#${cls}` : `a:${attr}`;
  }

  /** The qualified name of the class whose method has `self` as its first parameter. */
  private selfClass(self: Node): string | null {
    const method = this.methodOf(self);
    if (!method || this.model.parameterNames(method)[0] !== self.text) return null;
    const parent = method.parent;
    const cls = parent?.type === 'block' ? parent.parent : parent?.type === 'decorated_definition' ? parent.parent?.parent : null;
    return cls?.type === 'class_definition' ? (this.model.classOfNode(cls)?.qname ?? null) : null;
  }

  /** The innermost `def` around a node (null inside a lambda or at module level). */
  private methodOf(node: Node): Node | null {
    for (let n = node.parent; n; n = n.parent) {
      if (n.type === 'lambda') return null;
      if (n.type === 'function_definition') return n;
    }
    return null;
  }

  /** Roots of the local name an identifier is, as `n:<scope id>:<name>`. */
  private nameRoot(identifier: Node): string {
    return `n:${this.scopesFor(identifier).scopeOf(identifier).id}:${identifier.text}`;
  }

  private scopesFor(node: Node): Scopes {
    return (this.scopes ??= new Scopes(node.tree.rootNode));
  }

  /**
   * The roots an expression's value comes from: `shm` → its name (and what it was assigned or
   * iterated from), `self.segments[k]` / `self.segments.pop(k)` → `a:segments`, `sl.shm` → `a:shm`
   * and `sl`. `attached`: the value may be a segment attached to by name (`SharedMemory(name=n)`).
   */
  private sourcesOf(expr: Node | null, out: { roots: Set<string>; attached: boolean }, depth: number, attaches: (call: Node) => boolean): void {
    if (!expr || depth > 6) return;
    switch (expr.type) {
      case 'identifier': {
        const root = this.nameRoot(expr);
        if (out.roots.has(root)) return;
        out.roots.add(root);
        const s = this.scopesFor(expr);
        for (const b of s.bindingsOf(s.scopeOf(expr), expr.text)) if (b.kind !== 'other') this.sourcesOf(b.node, out, depth + 1, attaches);
        return;
      }
      case 'attribute': {
        const root = this.attributeRoot(expr);
        if (root) out.roots.add(root);
        const attr = expr.childForFieldName('attribute')?.text;
        // A wrapper's own handle: `sl.shm.unlink()` unlinks a ShareableList's segment.
        if (attr === 'shm') this.sourcesOf(expr.childForFieldName('object'), out, depth + 1, attaches);
        return;
      }
      case 'subscript':
        return this.sourcesOf(expr.childForFieldName('value'), out, depth + 1, attaches);
      case 'parenthesized_expression':
      case 'list':
      case 'tuple':
      case 'expression_list':
      case 'conditional_expression':
      case 'boolean_operator':
        for (const item of expr.namedChildren) this.sourcesOf(item, out, depth + 1, attaches);
        return;
      case 'call': {
        const fn = expr.childForFieldName('function');
        if (attaches(expr)) {
          out.attached = true;
          return;
        }
        if (fn?.type === 'attribute') {
          const method = fn.childForFieldName('attribute')?.text ?? '';
          if (TAKES_FROM.has(method)) this.sourcesOf(fn.childForFieldName('object'), out, depth + 1, attaches);
          return;
        }
        if (fn?.type === 'identifier' && PASS_THROUGH.has(fn.text)) {
          for (const arg of expr.childForFieldName('arguments')?.namedChildren ?? []) this.sourcesOf(arg, out, depth + 1, attaches);
        }
        return;
      }
      default:
        return;
    }
  }

  /** The class whose method this `self` is the first parameter of, when the method is not `release` itself (a subclass's own unlink). */
  private selfReleasingClass(self: Node, release: string): string | null {
    const method = this.methodOf(self);
    return method && this.model.nameOf(method) !== release ? this.selfClass(self) : null;
  }

  /**
   * Follows a value from where it is made or used outwards: into the names, attributes and
   * containers it is stored in (`creation`: a bare statement drops it), or out of reach (returned,
   * yielded, passed to a call). Names it is stored in are followed to their own uses.
   */
  private follow(start: Node, flow: HandleFlow, creation: boolean, depth: number, release: string): void {
    let cur = start;
    for (;;) {
      const parent = cur.parent;
      if (!parent) return;
      switch (parent.type) {
        case 'parenthesized_expression':
        case 'conditional_expression':
        case 'boolean_operator':
        case 'list':
        case 'tuple':
        case 'set':
        case 'expression_list':
        case 'list_comprehension':
        case 'set_comprehension':
        case 'generator_expression':
        case 'dictionary':
        case 'dictionary_comprehension':
        case 'list_splat':
          // `[SharedMemory(...) for _ in range(n)]`: the container holds the handle (a comprehension's
          // iterable is read, not held).
          if ((parent.type.endsWith('comprehension') || parent.type === 'generator_expression') && parent.childForFieldName('body')?.id !== cur.id) return;
          if (parent.type === 'conditional_expression' && parent.namedChild(1)?.id === cur.id) return; // the condition
          cur = parent;
          continue;
        case 'pair':
          if (parent.childForFieldName('value')?.id !== cur.id) return;
          cur = parent;
          continue;
        case 'assignment':
        case 'augmented_assignment': {
          if (parent.childForFieldName('right')?.id !== cur.id) return; // a target, not a value
          for (let a: Node | null = parent; a?.type === 'assignment' || a?.type === 'augmented_assignment'; a = a.parent) {
            this.store(a.childForFieldName('left'), flow, depth, release);
          }
          return;
        }
        case 'named_expression':
          this.store(parent.childForFieldName('name'), flow, depth, release);
          cur = parent;
          continue;
        case 'as_pattern':
          if (parent.parent?.type === 'with_item') this.store(parent.childForFieldName('alias'), flow, depth, release);
          return;
        case 'return_statement':
        case 'yield':
        case 'lambda':
          flow.escapes = true;
          return;
        case 'keyword_argument':
          if (parent.childForFieldName('value')?.id !== cur.id) return;
          cur = parent;
          continue;
        case 'argument_list': {
          const call = parent.parent;
          if (call?.type !== 'call') return;
          const fn = call.childForFieldName('function');
          const method = fn?.type === 'attribute' ? (fn.childForFieldName('attribute')?.text ?? '') : '';
          if (CONTAINER_METHODS.has(method)) {
            this.store(fn!.childForFieldName('object'), flow, depth, release);
            return;
          }
          if (fn?.type === 'identifier' && PASS_THROUGH.has(fn.text)) {
            cur = call;
            continue;
          }
          if (!looksOnly(call)) flow.escapes = true;
          return;
        }
        case 'attribute': {
          if (parent.childForFieldName('object')?.id !== cur.id) return;
          const attr = parent.childForFieldName('attribute')?.text;
          // `SharedMemory(name=n, create=True, size=1).unlink()`: released on the spot.
          if (attr === release) flow.escapes = true;
          else if (attr === 'name' && !flow.nameShared) {
            // `q.put(shm.name)`, `return shm.name`: the name goes where the handle cannot be followed.
            const names: HandleFlow = { roots: new Set(), escapes: false, dropped: false, nameShared: false };
            this.follow(parent, names, false, depth + 1, release);
            if (names.escapes || [...names.roots].some((r) => r.startsWith('a:'))) flow.nameShared = true;
          }
          // `SharedMemory(create=True, size=n).buf`: only the buffer is kept, the handle is gone.
          if (creation && attr !== release) flow.dropped = true;
          return;
        }
        case 'expression_statement':
          // `SharedMemory(create=True, size=n)` alone: made for others to attach to, handle gone.
          if (creation) flow.dropped = true;
          return;
        case 'subscript':
          if (creation && parent.childForFieldName('value')?.id === cur.id) flow.dropped = true;
          return;
        default:
          return;
      }
    }
  }

  /** The handle goes into `target`: record its root, and follow a local name to its uses. */
  private store(target: Node | null, flow: HandleFlow, depth: number, release: string): void {
    if (!target) return;
    switch (target.type) {
      case 'identifier': {
        const root = this.nameRoot(target);
        if (flow.roots.has(root)) return;
        flow.roots.add(root);
        if (depth >= 4) return;
        const s = this.scopesFor(target);
        for (const use of s.usesOf(s.scopeOf(target), target.text)) {
          if (use.id === target.id) continue;
          this.follow(use, flow, false, depth + 1, release);
        }
        return;
      }
      case 'attribute': {
        const root = this.attributeRoot(target);
        if (root) flow.roots.add(root);
        return;
      }
      case 'subscript':
        return this.store(target.childForFieldName('value'), flow, depth, release);
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'as_pattern_target':
      case 'parenthesized_expression':
        for (const item of target.namedChildren) this.store(item, flow, depth, release);
        return;
      default:
        return;
    }
  }
}

/** True for a call that only looks at its arguments (`print(shm)`, `logger.info(shm)`, `len(sl)`). */
function looksOnly(call: Node): boolean {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier') return LOOKS_ONLY.has(fn.text);
  if (fn?.type === 'attribute') return LOGGING_METHODS.test(fn.childForFieldName('attribute')?.text ?? '');
  return false;
}

/** `self.shm` for `self.shm = SharedMemory(...)`: the assignment's target as written, if it is one. */
function nearestAttributeText(call: Node): string | null {
  let cur: Node | null = call.parent;
  while (cur && (cur.type === 'parenthesized_expression' || cur.type === 'conditional_expression')) cur = cur.parent;
  if (cur?.type !== 'assignment') return null;
  const left = cur.childForFieldName('left');
  return left?.type === 'attribute' ? left.text.replace(/\s+/g, '') : null;
}
