/**
 * One file's analysis: decode, parse once, collect the nodes the model and the rules need in one
 * walk, build the semantic model and the file's summary from them, and feed the rules from the same
 * captures. Runs in the main thread or in a worker; results are plain data (structured-clonable
 * and JSON), so they can cross threads and be cached by content.
 */
import type { Node, Parser, Tree } from 'web-tree-sitter';
import type { FileInfo, Report, RuleContext, Span, Visitor } from '../rule.js';
import type { FileCache } from './cache.js';
import { displayPath, findingOf, type ConfiguredRule, type FileError, type Finding } from './lint.js';
import { CONTAINER_TYPES, MODEL_NODE_TYPES, SemanticModel } from './model.js';
import { isNodeType, loadPython, parse } from './parser.js';
import { moduleAliases, moduleNameFor, type FileSummary } from './project.js';
import { LineIndex, decodeSource, readLimit } from './source.js';
import { formatSize, readRegularFile } from './files.js';
import { asFileOutcome } from './outcome.js';
import { collectSuppressions } from './suppressions.js';
import { collectCaptures, sweep, type Capture, type Container } from './traverse.js';
import { containsMatch, matchStarts, mergeCaptures, nodesContaining } from './triggers.js';
import { reportsIn } from './testcode.js';
import { summariseFunctions } from './callgraph.js';
import { summariseChannels } from './channels.js';
import { isNotebookPath, readNotebook, type NotebookMap } from './notebook.js';

/** What the model and the sweep need captured in every file, whatever the rules listen to. */
const ALWAYS_CAPTURED: ReadonlySet<string> = new Set([...MODEL_NODE_TYPES, ...CONTAINER_TYPES]);

export interface FileJob {
  abs: string;
  /** Source text given directly (stdin), instead of reading the file. */
  text?: string;
  /** False: only summarise the file for cross-file rules (no findings). */
  report: boolean;
  /** The file is test code (`test-paths`). */
  test?: boolean;
  /**
   * Benchmarks only, the floors of our cost: 'parse' reads, decodes and parses; 'walk' also
   * collects the nodes of the root's type, which visits every node in wasm and hands back only the
   * root: what the walk costs before any node reaches JavaScript.
   */
  floor?: 'parse' | 'walk';
  root: string;
  cwd: string;
  maxFileSize: number;
}

export interface FileOutcome {
  findings: Finding[];
  summary: FileSummary | null;
  errors: FileError[];
  /** A notebook's map from the module its code cells make back to its cells and JSON text; findings and the summary are in module terms. */
  notebook?: NotebookMap;
}

/** `text` with the given ranges blanked: every character but a line break made a space, so no position moves. */
function blanked(text: string, ranges: ReadonlyArray<{ start: number; end: number }>): string {
  let out = '';
  let at = 0;
  for (const r of ranges) {
    out += text.slice(at, r.start) + text.slice(r.start, r.end).replace(/[^\n]/g, ' ');
    at = r.end;
  }
  return out + text.slice(at);
}

/** Two analyses of one notebook (its good cells, its broken ones) as one: findings, errors and noqa comments of both. */
function merged(good: FileOutcome, broken: FileOutcome): FileOutcome {
  const summary = good.summary && broken.summary
    ? {
        ...good.summary,
        suppressions: {
          lines: { ...good.summary.suppressions.lines, ...broken.summary.suppressions.lines },
          file: good.summary.suppressions.file ?? broken.summary.suppressions.file,
          directives: [...good.summary.suppressions.directives, ...broken.summary.suppressions.directives].sort((a, b) => a.line - b.line),
        },
      }
    : good.summary;
  return { findings: [...good.findings, ...broken.findings], summary, errors: [...good.errors, ...broken.errors] };
}

/** Handlers of call visitors by the callee names they asked for (`load`) and the suffixes (`*Process`). */
interface CalleeIndex<H> {
  readonly size: number;
  /** The handlers a call known by `names` goes to, each once, in rule order. */
  lookup(names: readonly string[]): readonly H[];
}

function calleeIndex<H extends { callees?: readonly string[] }>(handlers: readonly H[]): CalleeIndex<H> {
  const exact = new Map<string, H[]>();
  const suffixes: Array<[string, H]> = [];
  for (const h of handlers) {
    for (const pattern of h.callees!) {
      if (pattern.startsWith('*')) suffixes.push([pattern.slice(1), h]);
      else {
        const list = exact.get(pattern);
        if (list) list.push(h);
        else exact.set(pattern, [h]);
      }
    }
  }
  const none: readonly H[] = [];
  return {
    size: handlers.length,
    lookup(names) {
      let found: H[] | undefined;
      for (const name of names) {
        for (const h of exact.get(name) ?? none) if (!found?.includes(h)) (found ??= []).push(h);
        for (const [suffix, h] of suffixes) if (name.endsWith(suffix) && !found?.includes(h)) (found ??= []).push(h);
      }
      if (!found) return none;
      return found.length > 1 ? handlers.filter((h) => found!.includes(h)) : found;
    },
  };
}

type Prepared =
  | { outcome: FileOutcome }
  | { bytes: Uint8Array; shown: string; module: string; isPackage: boolean; cacheKey: string | undefined; fail: (message: string) => FileOutcome };

export class FileAnalyzer {
  /**
   * @param configKey identifies the rule set and its options, for cache keys
   */
  constructor(
    private readonly rules: readonly ConfiguredRule[],
    private readonly cache: FileCache | undefined,
    private readonly configKey: string,
  ) {}

  private typesFor(extraTypes: Iterable<string>): string[] {
    return [...new Set([...ALWAYS_CAPTURED, ...extraTypes])].sort();
  }

  /** Lints (or, with `report: false`, only summarises) one file: from the cache when its content is known. */
  async run(job: FileJob): Promise<FileOutcome> {
    const prepared = this.prepare(job);
    if ('outcome' in prepared) return prepared.outcome;
    const { bytes, shown, module, isPackage, cacheKey, fail } = prepared;
    if (job.floor) return this.floor(bytes, job);
    const outcome = await this.analyseBytes(bytes, job, shown, module, isPackage, fail);
    if (cacheKey && !outcome.errors.some((e) => e.internal)) this.cache!.set(cacheKey, outcome);
    return outcome;
  }

  /** Reads and hashes a job: its outcome when that is already known (cached, unreadable), else what analysis needs. */
  prepare(job: FileJob): Prepared {
    const shown = displayPath(job.abs, job.cwd);
    const fail = (message: string): FileOutcome => ({ findings: [], summary: null, errors: job.report ? [{ path: shown, message }] : [] });
    let bytes: Uint8Array;
    if (job.text !== undefined) {
      bytes = Buffer.from(job.text, 'utf8');
    } else {
      const read = readRegularFile(job.abs, readLimit(job.abs, job.maxFileSize));
      if (!read.ok) return { outcome: fail(read.refused ? `${read.reason}; skipped` : read.reason) };
      bytes = read.bytes;
    }
    const { module, isPackage } = moduleNameFor(job.abs, job.root);
    const cacheKey = job.floor
      ? undefined
      : this.cache?.key([this.configKey, job.report ? 'lint' : 'summary', job.test ? 'test' : 'code', job.root, shown, module, String(isPackage), String(job.maxFileSize)], bytes);
    const cached = cacheKey ? this.cache!.get(cacheKey, asFileOutcome) : undefined;
    return cached ? { outcome: cached } : { bytes, shown, module, isPackage, cacheKey, fail };
  }

  private async floor(bytes: Uint8Array, job: FileJob): Promise<FileOutcome> {
    const decoded = decodeSource(bytes, readLimit(job.abs, job.maxFileSize));
    if (decoded.ok) {
      const { parser } = await loadPython();
      const tree = parse(parser, decoded.text);
      if (job.floor === 'walk') collectCaptures(tree.rootNode, ['module']);
      tree.delete();
    }
    return { findings: [], summary: null, errors: [] };
  }

  private async analyseBytes(
    bytes: Uint8Array,
    job: FileJob,
    shown: string,
    module: string,
    isPackage: boolean,
    fail: (message: string) => FileOutcome,
  ): Promise<FileOutcome> {
    let text: string;
    if (job.text !== undefined) text = job.text;
    else {
      const decoded = decodeSource(bytes, readLimit(job.abs, job.maxFileSize));
      if (!decoded.ok) return fail(decoded.reason);
      text = decoded.text;
    }
    const { parser } = await loadPython();
    const aliases = moduleAliases(job.abs, job.root, module);
    const analyseText = (source: string, tree = parse(parser, source)): FileOutcome => {
      try {
        return this.analyse(tree.rootNode, source, { path: shown, module, source, isTest: job.test === true }, isPackage, job.report, aliases);
      } finally {
        tree.delete();
      }
    };
    try {
      if (!isNotebookPath(job.abs)) return analyseText(text);
      const notebook = readNotebook(text);
      if (!notebook.ok) return fail(notebook.reason);
      const { python, map } = notebook;
      const size = Buffer.byteLength(python, 'utf8');
      if (size > job.maxFileSize) return fail(`its code cells are ${formatSize(size)}, larger than max-file-size (${formatSize(job.maxFileSize)}); skipped`);
      return { ...this.analyseCells(parser, python, map, analyseText), notebook: map };
    } catch (error) {
      return fail(`could not be parsed: ${(error as Error).message}`);
    }
  }

  /**
   * A notebook's module. A cell that does not parse would make the rest of the module a tree of
   * errors, so when the whole does not parse, the cells that do not parse alone are blanked (no
   * position moves) and the rest analysed as one module; the broken cells are analysed on their
   * own (the others blanked), for their syntax errors and whatever can still be seen in them.
   */
  private analyseCells(parser: Parser, python: string, map: NotebookMap, analyseText: (source: string, tree?: Tree) => FileOutcome): FileOutcome {
    const whole = parse(parser, python);
    if (!whole.rootNode.hasError) return analyseText(python, whole);
    const broken = map.cells.filter((c) => {
      const alone = parse(parser, python.slice(c.start, c.end));
      try {
        return alone.rootNode.hasError;
      } finally {
        alone.delete();
      }
    });
    if (broken.length === 0 || broken.length === map.cells.length) return analyseText(python, whole);
    whole.delete();
    const good = analyseText(blanked(python, broken));
    return merged(good, analyseText(blanked(python, map.cells.filter((c) => !broken.includes(c)))));
  }

  private analyse(root: Node, text: string, file: FileInfo, isPackage: boolean, report: boolean, aliases: string[]): FileOutcome {
    const { path: shown, module } = file;
    const lines = new LineIndex(text);
    const model = new SemanticModel({ module, isPackage, source: text, isTest: file.isTest });
    const records: Record<string, unknown[]> = {};
    const findings: Finding[] = [];
    const errors: FileError[] = [];

    // Rules first, so the collection also captures what they listen to.
    type Handler = { rule: ConfiguredRule; visit: Visitor; trigger?: readonly number[]; callees?: readonly string[] };
    const handlers = new Map<string, Handler[]>();
    const exitHandlers = new Map<string, Handler[]>();
    let ancestors: readonly Container[] = [];
    const failed = new Set<ConfiguredRule>();
    const internal = (rule: ConfiguredRule, error: unknown): void => {
      if (failed.has(rule)) return;
      failed.add(rule);
      const detail = error instanceof Error ? error.message : String(error);
      errors.push({ path: shown, message: `internal error in rule ${rule.rule.code} (${rule.rule.name}): ${detail}`, internal: true });
    };

    // A rule runs where it reports; a cross-file rule also runs wherever its records may be needed
    // (files it does not report in, files only summarised for the index), its findings there dropped.
    for (const configured of this.rules) {
      const { rule } = configured;
      if (!rule.project && !(report && reportsIn(rule, configured.inTests, file.isTest))) continue;
      const ctx: RuleContext<unknown, string> = {
        options: configured.options,
        file,
        model,
        get ancestors() {
          return ancestors;
        },
        report: (r: Report<string>) => {
          if (!report) return;
          const span: Span = r.span ?? { start: r.node?.startIndex ?? 0, end: r.node?.endIndex ?? 0 };
          findings.push(findingOf(configured, shown, lines.locate(span.start, span.end), r, r.fix ?? null));
        },
        locate: (node: Node) => lines.locate(node.startIndex, node.endIndex),
        record: (data: unknown) => {
          (records[rule.code] ??= []).push(data);
        },
      };
      let visitors;
      try {
        visitors = rule.create(ctx);
      } catch (error) {
        internal(configured, error);
        continue;
      }
      for (const [key, visit] of Object.entries(visitors)) {
        const exit = key.endsWith(':exit');
        const type = exit ? key.slice(0, -5) : key;
        if (!isNodeType(root.tree.language, type)) {
          throw new Error(`rule ${rule.code} (${rule.name}) listens to '${key}', which is not a tree-sitter-python node type`);
        }
        const table = exit ? exitHandlers : handlers;
        let list = table.get(type);
        if (!list) table.set(type, (list = []));
        const pattern = exit ? undefined : rule.textTriggers?.[type];
        const callees = !exit && type === 'call' ? rule.callees : undefined;
        list.push({ rule: configured, visit, ...(pattern ? { trigger: matchStarts(text, pattern) } : {}), ...(callees ? { callees } : {}) });
      }
    }

    // A type the model does not capture anyway, whose every visitor has a text trigger, is found
    // from the matches instead of being captured.
    const fromText = new Map(
      [...handlers].filter(([type, list]) => !ALWAYS_CAPTURED.has(type) && !exitHandlers.has(type) && list.every((h) => h.trigger)),
    );
    let captures = collectCaptures(root, this.typesFor([...handlers.keys(), ...exitHandlers.keys()].filter((t) => !fromText.has(t))));
    for (const [type, list] of fromText) {
      const starts = [...new Set(list.flatMap((h) => h.trigger!))].sort((a, b) => a - b);
      captures = mergeCaptures(captures, nodesContaining(root, starts, type));
    }
    const containers = new Set<string>(CONTAINER_TYPES);
    for (const t of exitHandlers.keys()) containers.add(t);

    model.indexCalls(captures);
    const modelTypes: ReadonlySet<string> = new Set(MODEL_NODE_TYPES);
    const processCalls: Array<{ node: Node; ancestors: readonly Container[] }> = [];
    sweep(captures, containers, {
      enter(capture, stack) {
        if (!modelTypes.has(capture.type)) return;
        model.enter(capture, stack);
        if (capture.type === 'call' && model.mayConstructProcess(capture.node)) processCalls.push({ node: capture.node, ancestors: stack });
      },
    });
    model.finish(processCalls);

    if (handlers.size > 0 || exitHandlers.size > 0) {
      const run = (handler: Handler, capture: Capture): void => {
        const { rule, visit, trigger } = handler;
        if (failed.has(rule)) return;
        if (trigger && !containsMatch(trigger, capture.start, capture.end)) return;
        try {
          visit(capture.node);
        } catch (error) {
          internal(rule, error);
        }
      };
      // Call visitors that name their callees are looked up by the call's names, not asked one by one.
      const calls = handlers.get('call') ?? [];
      const everyCall = calls.filter((h) => !h.callees);
      const byName = calleeIndex(calls.filter((h) => h.callees));
      const dispatch = (table: typeof handlers, capture: Capture, stack: readonly Container[]): void => {
        ancestors = stack;
        if (table === handlers && capture.type === 'call') {
          for (const h of everyCall) run(h, capture);
          if (byName.size > 0) for (const h of byName.lookup(model.calleeLastNames(capture.node))) run(h, capture);
          return;
        }
        const list = table.get(capture.type);
        if (list) for (const h of list) run(h, capture);
      };
      sweep(captures, containers, {
        enter: (capture, stack) => dispatch(handlers, capture, stack),
        exit: (container, stack) => dispatch(exitHandlers, container, stack),
      });
    }

    const channels = summariseChannels(model, text, (start, end) => lines.locate(start, end));
    const summary: FileSummary = {
      path: shown,
      module,
      isPackage,
      test: file.isTest,
      aliases,
      imports: Object.fromEntries(model.moduleImports),
      classes: model.classes.map((c) => {
        const name = c.node.childForFieldName('name') ?? c.node;
        return { name: c.name, qname: c.qname, bases: c.bases, metaclass: c.metaclass, location: lines.locate(name.startIndex, name.endIndex) };
      }),
      processTargets: model.processTargets,
      functions: summariseFunctions(model),
      ...(model.execution.startMethods.length > 0 ? { startMethods: model.execution.startMethods } : {}),
      ...(channels ? { channels } : {}),
      suppressions: collectSuppressions(root, text),
      records,
    };
    return { findings, summary, errors };
  }
}
