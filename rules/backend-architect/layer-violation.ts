import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule, type Visitors } from '../../src/rule.js';
import type { FileSummary } from '../../src/engine/project.js';
import type { Location } from '../../src/engine/source.js';
import type { Container } from '../../src/engine/traverse.js';

/** The guide's layering, highest first; `infrastructure` sits beside `application`. */
const DEFAULT_LAYERS: readonly string[] = ['presentation', 'application', 'domain'];
const DEFAULT_SIBLINGS: Readonly<Record<string, string>> = { infrastructure: 'application' };

const PACKAGE_NAME = /^[A-Za-z_]\w*$/;
const PACKAGE_NAME_MESSAGE = 'must be a package name (one identifier, such as "domain")';
const packageName = z.string({ error: PACKAGE_NAME_MESSAGE }).regex(PACKAGE_NAME, PACKAGE_NAME_MESSAGE);

/** One import statement of a file, as written: resolved against the project in the project phase. */
interface ImportRecord {
  location: Location;
  /** Leading dots of a relative `from` import (0: absolute). */
  dots: number;
  /** `import a.b, c` → ['a.b', 'c']; `from m import x` → ['m'] (may be '' for `from . import x`). */
  modules: string[];
  /** The names a `from` import takes (`*` included); empty for `import`. */
  names: string[];
}

/** The layers in force: rank 0 is the highest; siblings share a rank. */
interface Contract {
  rank: ReadonlyMap<string, number>;
  /** `presentation > application, infrastructure > domain` */
  text: string;
}

function contractOf(options: { layers: readonly string[]; siblings?: Readonly<Record<string, string>> | undefined }): Contract {
  const isDefault = options.layers.length === DEFAULT_LAYERS.length && options.layers.every((l, i) => l === DEFAULT_LAYERS[i]);
  const siblings = options.siblings ?? (isDefault ? DEFAULT_SIBLINGS : {});
  const rank = new Map<string, number>();
  const tiers = options.layers.map((layer, i) => {
    rank.set(layer, i);
    return [layer];
  });
  for (const [sibling, beside] of Object.entries(siblings)) {
    const i = options.layers.indexOf(beside);
    if (i < 0) continue; // the schema rejects it; defaults never do this
    rank.set(sibling, i);
    tiers[i]!.push(sibling);
  }
  return { rank, text: tiers.map((t) => t.join(', ')).join(' > ') };
}

/** `if TYPE_CHECKING:` / `if typing.TYPE_CHECKING:`: imports only a type checker runs. */
const TYPE_CHECKING = /^(?:[A-Za-z_]\w*\.)?TYPE_CHECKING$/;

/** True when the node is in the body of an `if TYPE_CHECKING:` (not in its `else:`). */
function underTypeChecking(node: Node, ancestors: readonly Container[]): boolean {
  for (const a of ancestors) {
    if (a.type !== 'if_statement') continue;
    const condition = a.node.childForFieldName('condition');
    if (!condition || !TYPE_CHECKING.test(condition.text.replace(/\s+/g, ''))) continue;
    const body = a.node.childForFieldName('consequence');
    if (body && node.startIndex >= body.startIndex && node.endIndex <= body.endIndex) return true;
  }
  return false;
}

/** A module's place in the layering: the package it sits under (`app`) and its layer (`domain`). */
interface Placement {
  /** The dotted name the placement was read from (`app.domain.orders`). */
  name: string;
  parent: string;
  layer: string;
}

/**
 * Where a file sits: the first of its names (its module name, then the dotted paths it may be
 * imported under) with a part that names a layer package: `app.domain.orders` → under `app`, in
 * `domain`. A layer is a package: `app/domain/` (or its `__init__.py`), not a module `app/domain.py`.
 */
function placementOf(file: FileSummary, rank: ReadonlyMap<string, number>): Placement | null {
  for (const name of [file.module, ...file.aliases]) {
    const parts = name.split('.');
    for (let i = 0; i < parts.length; i++) {
      if (!rank.has(parts[i]!)) continue;
      if (i === parts.length - 1 && !file.isPackage) break;
      return { name, parent: parts.slice(0, i).join('.'), layer: parts[i]! };
    }
  }
  return null;
}

/**
 * The project's files by every dotted name they can be imported under (module name first, then
 * aliases), and the file a dotted name refers to: the longest prefix that names one
 * (`app.presentation.api.render` → `app/presentation/api.py`).
 */
class ModuleTable {
  private readonly byName = new Map<string, FileSummary>();
  constructor(files: readonly FileSummary[]) {
    for (const f of files) if (!this.byName.has(f.module)) this.byName.set(f.module, f);
    for (const f of files) for (const a of f.aliases) if (!this.byName.has(a)) this.byName.set(a, f);
  }

  /** The file and the name it is known by, for the longest prefix of `dotted` that is a project module. */
  resolve(dotted: string): { file: FileSummary; name: string } | null {
    const parts = dotted.split('.');
    for (let n = parts.length; n > 0; n--) {
      const name = parts.slice(0, n).join('.');
      const file = this.byName.get(name);
      if (file) return { file, name };
    }
    return null;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }
}

/** `from ..x import y` in a file known as `name` → the absolute base (`app.x`), or null above the top. */
function relativeBase(name: string, isPackage: boolean, dots: number, rest: string): string | null {
  const parts = name ? name.split('.') : [];
  if (!isPackage) parts.pop();
  for (let i = 1; i < dots; i++) {
    if (parts.length === 0) return null;
    parts.pop();
  }
  const base = parts.join('.');
  return base && rest ? `${base}.${rest}` : base || rest || null;
}

/** The dotted names an import statement brings in, absolute: `from .. import presentation` → `app.presentation`. */
function importedNames(record: ImportRecord, file: FileSummary, table: ModuleTable): string[] {
  if (record.dots === 0 && record.names.length === 0) return record.modules;
  const [module = ''] = record.modules;
  let base: string | null = module;
  if (record.dots > 0) {
    // The module name, as Python resolves it; a file of a namespace package is known by its path.
    // A top-level module has no package to be relative to: a namespace package's file is known by its path.
    const names = file.module.includes('.') || file.isPackage ? [file.module, ...file.aliases] : file.aliases;
    const bases = names.map((n) => relativeBase(n, file.isPackage, record.dots, module)).filter((b): b is string => b !== null);
    base = bases.find((b) => table.resolve(b) !== null) ?? bases[0] ?? null;
  }
  if (base === null) return [];
  return record.names.map((n) => (n === '*' ? base! : table.has(`${base}.${n}`) ? `${base}.${n}` : base!));
}

const optionsSchema = z
  .object({
    layers: z
      .array(packageName, { error: 'must be a list of package names, highest layer first, such as ["presentation", "application", "domain"]' })
      .min(2, 'must name at least two layers')
      .default([...DEFAULT_LAYERS])
      .describe('layer packages, highest first: a layer may import the layers below it, never those above'),
    siblings: z
      .record(packageName, packageName, { error: 'must be a table of extra layers, each naming the layer it sits beside, such as { infrastructure = "application" }' })
      .optional()
      .describe(
        'extra layer packages, each ranked with the layer of `layers` it names (`{ infrastructure = "application" }`), which it may import and be imported by; when unset, `infrastructure` sits beside `application` if `layers` is the default, and there are no siblings otherwise',
      ),
  })
  .strict()
  .superRefine((options, ctx) => {
    const seen = new Set<string>();
    options.layers.forEach((layer, i) => {
      if (seen.has(layer)) ctx.addIssue({ code: 'custom', path: ['layers', i], message: `layer '${layer}' is listed twice` });
      seen.add(layer);
    });
    for (const [sibling, beside] of Object.entries(options.siblings ?? {})) {
      if (seen.has(sibling)) ctx.addIssue({ code: 'custom', path: ['siblings', sibling], message: `'${sibling}' is already in \`layers\`: a layer is listed twice` });
      if (!seen.has(beside)) {
        ctx.addIssue({ code: 'custom', path: ['siblings', sibling], message: `'${beside}' is not a layer; siblings sit beside one of ${options.layers.map((l) => `'${l}'`).join(', ')}` });
      }
    }
  });

export default defineRule({
  code: 'PTL701',
  name: 'layer-violation',
  agent: 'backend-architect',
  severity: 'warning',
  enabledByDefault: true,
  testCode: 'ignore',
  docs: {
    summary: 'A lower layer imports a higher one (`domain` importing `presentation` or `infrastructure`): the dependency points the wrong way.',
    why:
      'A layered service keeps its dependencies pointing down: `presentation` (routes, views, CLI) uses `application` ' +
      '(use cases) and `infrastructure` (databases, queues, HTTP clients), and both use `domain` (entities and rules), ' +
      'which uses none of them. Once `domain` imports a repository or a FastAPI schema, a rule change drags the web ' +
      'framework and the database driver into every unit test, import cycles appear, and the layers can no longer be ' +
      'tested, deployed or replaced apart. Reported at every import, absolute or relative, at module level or inside a ' +
      'function, from a module of a lower layer to a module of a higher one (`app.domain.orders` → ' +
      '`app.presentation.api`), found from the project index. Layers are packages: a module is in layer `L` when one of ' +
      'its dotted parts is `L`. By default `presentation` > `application` ≈ `infrastructure` > `domain`, in force under ' +
      'a parent package with at least two of those packages; the layers of an enclosing package (`app/infrastructure/` ' +
      'for `app/modules/orders/domain/`) and of another layered module (`app/modules/shared/presentation/`) bind it too. ' +
      '`[tool.pyteam-lint.rules.layer-violation]` sets `layers` (highest first) and `siblings` for another layering. ' +
      'Not reported: imports under `if TYPE_CHECKING:` (they never run), imports within one layer or between siblings, ' +
      'imports of the standard library and third parties, and test code, which imports across layers by design ' +
      '(`in-tests = true` holds it to the layering too).',
    bad:
      '# app/presentation/api.py\nclass OrderOut:\n    def __init__(self, id: int) -> None:\n        self.id = id\n\n\n' +
      '# app/domain/orders.py\nfrom app.presentation.api import OrderOut\n\n\nclass Order:\n    id: int\n\n' +
      '    def to_response(self) -> OrderOut:\n        return OrderOut(id=self.id)\n',
    good:
      '# app/presentation/api.py\nfrom app.domain.orders import Order\n\n\nclass OrderOut:\n    def __init__(self, id: int) -> None:\n' +
      '        self.id = id\n\n\ndef to_response(order: Order) -> OrderOut:\n    return OrderOut(id=order.id)\n\n\n' +
      '# app/domain/orders.py\nclass Order:\n    id: int\n',
  },
  options: optionsSchema,
  messages: {
    violation: '`{{importer}}` imports `{{imported}}`: {{lower}} must not depend on {{higher}} (layers: {{contract}})',
  },
  create(ctx): Visitors {
    const { rank } = contractOf(ctx.options);
    // Only a file under a layer package can break the layering: no records elsewhere.
    const segments = [...ctx.file.module.split('.'), ...ctx.file.path.split('/').slice(0, -1)];
    if (!segments.some((s) => rank.has(s))) return {};
    const visit = (node: Node): void => {
      if (underTypeChecking(node, ctx.ancestors)) return;
      const record = importRecord(node);
      if (record) ctx.record({ ...record, location: ctx.locate(node) });
    };
    return { import_statement: visit, import_from_statement: visit };
  },
  project(ctx) {
    const { rank, text } = contractOf(ctx.options);
    const code = ctx.index.files.filter((f) => !f.test);
    const table = new ModuleTable(ctx.index.files);
    const byPath = new Map(ctx.index.files.map((f) => [f.path, f]));
    // Layers in force: a parent package with at least two layer packages of code (not tests) under it.
    // Test files are placed too, so that `in-tests = true` holds them to the layering.
    const layersUnder = new Map<string, Set<string>>();
    const placements = new Map<FileSummary, Placement | null>();
    const placed = (f: FileSummary): Placement | null => {
      if (!placements.has(f)) placements.set(f, placementOf(f, rank));
      return placements.get(f)!;
    };
    for (const f of code) {
      const p = placed(f);
      if (!p) continue;
      let set = layersUnder.get(p.parent);
      if (!set) layersUnder.set(p.parent, (set = new Set()));
      set.add(p.layer);
    }
    /**
     * Whether the target's layer binds the importer: both sit under one parent, or the target's
     * parent is layered too (another module's `infrastructure`), or encloses the importer's (an
     * `app/infrastructure/` shared by every module under `app/modules/`).
     */
    const sameLayering = (from: Placement, to: Placement): boolean =>
      to.parent === from.parent ||
      (layersUnder.get(to.parent)?.size ?? 0) >= 2 ||
      to.parent === '' ||
      from.parent.startsWith(`${to.parent}.`);
    for (const { path, data } of ctx.records()) {
      const record = data as ImportRecord;
      const file = byPath.get(path);
      const from = file ? placed(file) : null;
      if (!file || !from || (layersUnder.get(from.parent)?.size ?? 0) < 2) continue;
      const reported = new Set<string>();
      for (const name of importedNames(record, file, table)) {
        const target = table.resolve(name);
        if (!target || target.file === file) continue;
        const to = placed(target.file);
        if (!to || !sameLayering(from, to) || reported.has(to.layer)) continue;
        if (rank.get(from.layer)! <= rank.get(to.layer)!) continue;
        reported.add(to.layer);
        ctx.report({
          path,
          location: record.location,
          messageId: 'violation',
          data: { importer: from.name, imported: target.name, lower: from.layer, higher: to.layer, contract: text },
        });
      }
    }
  },
});

/** What an import statement names, as written (relative dots kept). */
function importRecord(node: Node): Omit<ImportRecord, 'location'> | null {
  if (node.type === 'import_statement') {
    const modules: string[] = [];
    for (const child of node.namedChildren) {
      if (child?.type === 'dotted_name') modules.push(child.text);
      else if (child?.type === 'aliased_import') {
        const name = child.childForFieldName('name');
        if (name) modules.push(name.text);
      }
    }
    return modules.length > 0 ? { dots: 0, modules, names: [] } : null;
  }
  const moduleNode = node.childForFieldName('module_name');
  if (!moduleNode) return null;
  const written = moduleNode.text.replace(/\s+/g, '');
  const dots = written.length - written.replace(/^\.+/, '').length;
  const names: string[] = [];
  for (const n of node.childrenForFieldName('name')) {
    if (n?.type === 'dotted_name') names.push(n.text);
    else if (n?.type === 'aliased_import') {
      const name = n.childForFieldName('name');
      if (name) names.push(name.text);
    }
  }
  if (names.length === 0 && node.namedChildren.some((c) => c?.type === 'wildcard_import')) names.push('*');
  return { dots, modules: [written.slice(dots)], names };
}
