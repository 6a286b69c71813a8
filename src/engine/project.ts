/**
 * The project index: per-file summaries (module name, classes with their bases, imports, process
 * targets) combined once, so cross-file rules answer questions about the whole project without
 * opening other files. Summaries are plain JSON, so workers and caches can produce them.
 */
import { existsSync } from 'node:fs';
import { fsPath } from './files.js';
import path from 'node:path';
import type { Suppressions } from './suppressions.js';
import type { Location } from './source.js';
import { joinName } from './model.js';
import { expandFunctions, type FunctionSummary } from './callgraph.js';
import type { ChannelSummary } from './channels.js';

export interface ClassSummary {
  name: string;
  qname: string;
  bases: string[];
  metaclass: string | null;
  location: Location;
}

export interface FileSummary {
  /** Display path (relative to the current directory, `/`-separated). */
  path: string;
  module: string;
  isPackage: boolean;
  /** The file is test code (`test-paths`). */
  test: boolean;
  /** Other names the module is imported under: its dotted path from the root (namespace packages). */
  aliases: string[];
  /** Local name → qualified name, for every import of the file (re-exports). */
  imports: Record<string, string>;
  classes: ClassSummary[];
  processTargets: string[];
  /** `set_start_method(...)` calls in the file (`spawn`, `forkserver`, `fork`), in document order. */
  startMethods?: string[];
  /** Per function defined in the file: its calls and the facts cross-file rules ask about (names relative to `module`, see `FunctionSummary`). */
  functions: Record<string, FunctionSummary>;
  /** The file's channels, workers and what its functions do with them, for the topology; absent when it has none. */
  channels?: ChannelSummary;
  suppressions: Suppressions;
  /** Data recorded by cross-file rules, by rule code. */
  records: Record<string, unknown[]>;
}

export class ProjectIndex {
  private readonly modules = new Map<string, FileSummary>();
  /** Alias (dotted path from the root) → the module name the file's own packages give it. */
  private readonly aliases = new Map<string, string>();
  private readonly classes = new Map<string, ClassSummary & { path: string }>();
  private readonly targets = new Set<string>();
  private readonly functions = new Map<string, FunctionSummary>();
  private subclasses: Map<string, string[]> | undefined;

  constructor(readonly files: readonly FileSummary[]) {
    for (const file of files) {
      if (!this.modules.has(file.module)) this.modules.set(file.module, file);
      for (const alias of file.aliases) if (!this.aliases.has(alias)) this.aliases.set(alias, file.module);
      for (const cls of file.classes) if (!this.classes.has(cls.qname)) this.classes.set(cls.qname, { ...cls, path: file.path });
    }
    for (const file of files) {
      for (const t of file.processTargets) this.targets.add(this.canonical(t));
      for (const [qname, facts] of expandFunctions(file.module, file.functions)) if (!this.functions.has(qname)) this.functions.set(qname, facts);
    }
  }

  /**
   * The name a symbol is defined under, following re-exports: `pipeline.Frame` →
   * `pipeline.frames.Frame` when `pipeline/__init__.py` does `from .frames import Frame`.
   */
  canonical(qname: string): string {
    let current = qname;
    for (let hop = 0; hop < 16; hop++) {
      if (this.classes.has(current)) return current;
      const parts = current.split('.');
      let next: string | null = null;
      for (let i = parts.length - 1; i >= 1; i--) {
        const prefix = parts.slice(0, i).join('.');
        const mod = this.modules.get(prefix) ?? this.modules.get(this.aliases.get(prefix) ?? '');
        if (!mod) continue;
        if (mod.module !== prefix) {
          // `frigate.output.output.X` for a file of a namespace package known as `output`.
          next = joinName(mod.module, parts.slice(i).join('.'));
          break;
        }
        const imported = mod.imports[parts[i]!];
        if (imported && imported !== current) next = joinName(imported, parts.slice(i + 1).join('.'));
        break;
      }
      if (next === null) return current;
      current = next;
    }
    return current;
  }

  classByQname(qname: string): (ClassSummary & { path: string }) | undefined {
    return this.classes.get(this.canonical(qname));
  }

  /** Every class defined in the project, in file order. */
  allClasses(): Array<ClassSummary & { path: string }> {
    return [...this.classes.values()];
  }

  /** True when a function or method (by qualified name) is passed as a process `target=`. */
  isProcessTarget(qname: string): boolean {
    return this.targets.has(this.canonical(qname));
  }

  /**
   * The project functions a call of `qname` may run: the function itself; for `Class.method`, the
   * definition in the class or the nearest ancestor that has one (and, with `overrides`, every
   * subclass's override: `self.before_run()` in a base runs a subclass's `before_run`); for a
   * class, its `__init__`.
   */
  functionsCalledAs(qname: string, overrides = false): string[] {
    const q = this.canonical(qname);
    if (this.classes.has(q)) return this.functionsCalledAs(`${q}.__init__`, overrides);
    const dot = q.lastIndexOf('.');
    const owner = dot > 0 ? this.canonical(q.slice(0, dot)) : '';
    const member = q.slice(dot + 1);
    const out: string[] = [];
    if (this.functions.has(q)) out.push(q);
    else if (this.classes.has(owner)) {
      const inherited = this.ancestors(owner).find((a) => this.functions.has(`${a}.${member}`));
      if (inherited) out.push(`${inherited}.${member}`);
    }
    if (overrides && this.classes.has(owner)) {
      for (const sub of this.subclassesOf(owner)) if (this.functions.has(`${sub}.${member}`)) out.push(`${sub}.${member}`);
    }
    return [...new Set(out)];
  }

  functionFacts(qname: string): FunctionSummary | undefined {
    return this.functions.get(qname);
  }

  /**
   * The shortest chain of synchronous project calls from a call of `start` to a function that
   * `leafOf` names a leaf for (`['pkg.media.render_clip']` and `'subprocess.run'`), at most
   * `maxDepth` functions long; cycles are cut; coroutines and generators end a chain (calling one
   * runs none of its body).
   */
  callChain(start: string, leafOf: (fn: string) => string | undefined, maxDepth = 4): { path: string[]; leaf: string } | null {
    const seen = new Set<string>();
    let level: Array<{ fn: string; path: string[] }> = this.functionsCalledAs(start).map((fn) => ({ fn, path: [fn] }));
    for (let depth = 1; depth <= maxDepth && level.length > 0; depth++) {
      const next: typeof level = [];
      for (const { fn, path } of level) {
        if (seen.has(fn)) continue;
        seen.add(fn);
        const facts = this.functions.get(fn);
        if (!facts || facts.async || facts.generator) continue;
        const leaf = leafOf(fn);
        if (leaf !== undefined) return { path, leaf };
        for (const callee of facts.calls ?? []) for (const g of this.functionsCalledAs(callee)) next.push({ fn: g, path: [...path, g] });
      }
      level = next;
    }
    return null;
  }

  /** True when a call of `start` reaches, through project calls (and overrides), a function whose facts satisfy `test`. */
  reaches(start: string, test: (facts: FunctionSummary) => boolean, maxDepth = 4): boolean {
    const seen = new Set<string>();
    let level = this.functionsCalledAs(start, true);
    for (let depth = 1; depth <= maxDepth && level.length > 0; depth++) {
      const next: string[] = [];
      for (const fn of level) {
        if (seen.has(fn)) continue;
        seen.add(fn);
        const facts = this.functions.get(fn);
        if (!facts) continue;
        if (test(facts)) return true;
        for (const callee of facts.calls ?? []) next.push(...this.functionsCalledAs(callee, true));
      }
      level = next;
    }
    return false;
  }

  /** Project classes that have `qname` among their ancestors, in file order. */
  subclassesOf(qname: string): string[] {
    if (!this.subclasses) {
      this.subclasses = new Map();
      for (const cls of this.classes.values()) {
        for (const a of this.ancestors(cls.qname)) {
          const list = this.subclasses.get(a);
          if (list) list.push(cls.qname);
          else this.subclasses.set(a, [cls.qname]);
        }
      }
    }
    return this.subclasses.get(qname) ?? [];
  }

  /**
   * All ancestors of a class, canonical names, project classes and external ones alike
   * (`torch.nn.Module`, `Exception`), breadth first; cycles are cut.
   */
  ancestors(qname: string): string[] {
    const seen = new Set<string>();
    const order: string[] = [];
    const queue = [...(this.classByQname(qname)?.bases ?? [])];
    while (queue.length > 0) {
      const base = this.canonical(queue.shift()!);
      if (seen.has(base)) continue;
      seen.add(base);
      order.push(base);
      queue.push(...(this.classes.get(base)?.bases ?? []));
    }
    return order;
  }
}

/**
 * The names a module may be imported under besides its package-derived one: with namespace
 * packages (directories without `__init__.py`, PEP 420) `frigate/output/output.py` is imported as
 * `frigate.output.output`; under a `src/` layout, without the `src.` prefix.
 */
export function moduleAliases(absPath: string, root: string, module: string): string[] {
  const rel = path.relative(root, absPath).split(path.sep).join('/');
  if (rel.startsWith('..')) return [];
  const dotted = rel.replace(/\.pyi?$/, '').replace(/\/__init__$/, '').split('/').join('.');
  const out = new Set([dotted, dotted.replace(/^src\./, '')]);
  out.delete(module);
  out.delete('');
  return [...out];
}

const initCache = new Map<string, boolean>();
function hasInit(dir: string): boolean {
  let known = initCache.get(dir);
  if (known === undefined) {
    known = existsSync(fsPath(path.join(dir, '__init__.py'))) || existsSync(fsPath(path.join(dir, '__init__.pyi')));
    initCache.set(dir, known);
  }
  return known;
}

/**
 * The module name of a file from the package structure around it: the file's stem, prefixed
 * by every enclosing directory that is a package (has `__init__.py`), stopping at the root.
 */
export function moduleNameFor(absPath: string, root: string): { module: string; isPackage: boolean } {
  const base = path.basename(absPath).replace(/\.pyi?$/, '');
  const isPackage = base === '__init__';
  const parts: string[] = isPackage ? [] : [base];
  let dir = path.dirname(absPath);
  const stop = path.dirname(root);
  while (dir !== stop && dir !== path.dirname(dir) && hasInit(dir)) {
    parts.unshift(path.basename(dir));
    dir = path.dirname(dir);
  }
  if (isPackage && parts.length === 0) parts.push(path.basename(path.dirname(absPath)));
  return { module: parts.join('.'), isPackage };
}
