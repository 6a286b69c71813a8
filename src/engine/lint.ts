/**
 * The linter: parse each file once, build its semantic model and summary from one walk of the tree,
 * feed the rules from the same captures, then run the cross-file rules over the combined summaries.
 * Findings are plain data, filtered by suppressions and sorted, so output is deterministic.
 * Which suppressions were used is only known once every finding is filtered, so the rule that
 * reports unused ones (PTL002) runs last, over what the filtering learnt.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { fsPath } from './files.js';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { renderMessage, type AnyRule, type Fix, type ProjectReport, type Severity } from '../rule.js';
import { FileAnalyzer, type FileJob, type FileOutcome } from './analyze.js';
import { FileCache } from './cache.js';
import { runInWorkers, workersAvailable, type WorkerInit } from './pool.js';
import { ProjectIndex, type FileSummary } from './project.js';
import type { Location } from './source.js';
import { suppressingDirective, type AuditedDirective, type NoqaDirective, type SuppressionAudit } from './suppressions.js';
import { loadRules } from './registry.js';
import { defaultTestFiles, reportsIn, type TestFileMatcher } from './testcode.js';
import { tuneForBatch } from './v8tune.js';
import { inNotebook, type NotebookMap } from './notebook.js';

export interface ConfiguredRule {
  rule: AnyRule;
  options: unknown;
  severity: Severity;
  /** The `in-tests` option: whether the rule reports in test code, overriding its policy. */
  inTests?: boolean | undefined;
}

export interface Finding extends Location {
  code: string;
  name: string;
  agent: string;
  severity: Severity;
  path: string;
  message: string;
  fix: Fix | null;
  /**
   * Notebooks (`.ipynb`): the cell the finding is in, numbered from 1 over every cell (markdown
   * ones included, as Jupyter shows them); `line` and `column` are then within that cell.
   */
  cell?: number;
  /** Notebooks: the line the cell starts on in the module its code cells make (`codeOf`): module line = cellLine + line - 1. */
  cellLine?: number;
  /** Notebooks: where the finding is in the `.ipynb` file's own text (the JSON), for SARIF, annotations and editors. */
  inFile?: Location;
}

export interface FileError {
  path: string;
  message: string;
  /** True for a failure of pyteam-lint itself (a rule threw), which makes the exit code 2. */
  internal?: boolean;
}

export interface LintRequest {
  /** Absolute project root: module names and the project index are relative to it. */
  root: string;
  /** Absolute directory that output paths are relative to. */
  cwd: string;
  /** Absolute paths of the files to lint and report on. */
  files: readonly string[];
  /** Absolute paths of further project files, summarised for cross-file rules but not reported. */
  indexOnly?: readonly string[];
  /** Source text given on stdin, linted under this absolute path. */
  stdin?: { path: string; text: string };
  /**
   * Texts to use instead of the files' content, by absolute path (a patch being judged, a fix in
   * progress): for linted and index-only files alike, so cross-file rules see the new text too.
   */
  texts?: ReadonlyMap<string, string>;
  maxFileSize: number;
  /** Codes to drop for a path relative to the root (per-file-ignores). */
  ignoredCodesFor?: (relativeToRoot: string) => ReadonlySet<string>;
  /** Which paths relative to the root are test code; the default `test-paths` when not given. */
  isTestFile?: TestFileMatcher;
  /** Report findings that a `# noqa` would suppress too (`--ignore-noqa`; the judge of fixes). */
  ignoreNoqa?: boolean;
}

export interface LintResult {
  findings: Finding[];
  errors: FileError[];
  /** Number of files linted (reported on), including those that produced an error. */
  files: number;
  /** The summaries of every file analysed (linted and index-only), by path: what the topology is drawn from. */
  summaries?: FileSummary[];
  /** The display paths of the linted files (the rest of `summaries` was only indexed). */
  linted?: string[];
}

export interface LinterOptions {
  /** Worker threads; 1 lints in this thread. Default: the machine's available parallelism. */
  threads?: number;
  /** The content cache, already opened (so its warning was given once). */
  cache?: FileCache | undefined;
}

/**
 * The rule that reports `# noqa` directives that suppress nothing (unused-noqa). It is a project
 * rule whose records come from the engine, not from visitors: its `project` hook runs after every
 * other finding is known and filtered, with one `SuppressionAudit` per linted file that has
 * directives. Its own findings are not filtered by `# noqa` (it judges those comments itself).
 */
export const UNUSED_NOQA = 'PTL002';

/** Below this many files, starting workers costs more than it saves. */
const MIN_FILES_PER_WORKER = 8;

/** A configured rule's finding at `location`, its message rendered from the rule's template. */
export function findingOf(
  configured: ConfiguredRule,
  file: string,
  location: Location,
  report: Pick<ProjectReport<string>, 'messageId' | 'data'>,
  fix: Fix | null,
): Finding {
  const { rule } = configured;
  const template = rule.messages[report.messageId];
  if (template === undefined) throw new Error(`unknown message id '${report.messageId}'`);
  return {
    code: rule.code,
    name: rule.name,
    agent: rule.agent,
    severity: configured.severity,
    path: file,
    ...location,
    message: renderMessage(template, report.data),
    fix,
  };
}

export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return (rel === '' ? path.basename(abs) : rel).split(path.sep).join('/');
}

export class Linter {
  private readonly analyzer: FileAnalyzer;
  private readonly configKey: string;

  private constructor(
    private readonly rules: readonly ConfiguredRule[],
    private readonly options: LinterOptions,
  ) {
    this.configKey = createHash('sha256')
      .update(JSON.stringify(rules.map((r) => [r.rule.code, r.severity, r.options, r.inTests ?? null])))
      .digest('hex');
    this.analyzer = new FileAnalyzer(rules, options.cache, this.configKey);
  }

  /** Nothing heavy happens here: the grammar loads on the first file that is not in the cache. */
  static async create(rules: readonly ConfiguredRule[], options: LinterOptions = {}): Promise<Linter> {
    tuneForBatch();
    return new Linter(rules, options);
  }

  async lint(request: LintRequest): Promise<LintResult> {
    const linted = [...new Set(request.files)].sort();
    const base = { root: request.root, cwd: request.cwd, maxFileSize: request.maxFileSize };
    const isTestFile = request.isTestFile ?? defaultTestFiles;
    const testOf = (abs: string): { test: true } | object =>
      isTestFile(path.relative(request.root, abs).split(path.sep).join('/')) ? { test: true } : {};
    const textOf = (abs: string): { text: string } | object => {
      if (request.stdin && request.stdin.path === abs) return { text: request.stdin.text };
      const text = request.texts?.get(abs);
      return text === undefined ? {} : { text };
    };
    const jobs: FileJob[] = linted.map((abs) => ({ abs, report: true, ...base, ...testOf(abs), ...textOf(abs) }));
    const hasProjectRules = this.rules.some((r) => r.rule.project && r.rule.code !== UNUSED_NOQA);
    if (hasProjectRules) {
      const seen = new Set(linted);
      for (const abs of [...new Set(request.indexOnly ?? [])].sort()) if (!seen.has(abs)) jobs.push({ abs, report: false, ...base, ...testOf(abs), ...textOf(abs) });
    }
    const results = await this.execute(jobs);
    const outcomes = new Map<string, FileOutcome>();
    const summaries: FileSummary[] = [];
    results.forEach((outcome, i) => {
      if (jobs[i]!.report) outcomes.set(jobs[i]!.abs, outcome);
      if (outcome.summary) summaries.push(outcome.summary);
    });
    summaries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

    const findings: Finding[] = [];
    const errors: FileError[] = [];
    for (const o of outcomes.values()) {
      findings.push(...o.findings);
      errors.push(...o.errors);
    }
    let index: ProjectIndex | undefined;
    const indexOf = (): ProjectIndex => (index ??= new ProjectIndex(summaries));
    if (hasProjectRules) findings.push(...this.runProjectRules(summaries, indexOf, errors));

    const reported = new Map<string, FileSummary>();
    for (const abs of linted) {
      const s = outcomes.get(abs)?.summary;
      if (s) reported.set(s.path, s);
    }
    const byCode = new Map(this.rules.map((r) => [r.rule.code, r]));
    const ignored = request.ignoredCodesFor ? this.perFileIgnores(request, linted) : undefined;
    // The codes each directive suppressed. Test-code policy and per-file ignores come first: a
    // finding they drop was never going to be reported, so no noqa earns credit for it.
    const used = new Map<NoqaDirective, Set<string>>();
    const kept = findings.filter((f) => {
      const summary = reported.get(f.path);
      if (!summary) return false;
      const configured = byCode.get(f.code);
      if (configured && !reportsIn(configured.rule, configured.inTests, summary.test)) return false;
      if (ignored?.get(f.path)?.has(f.code)) return false;
      if (request.ignoreNoqa) return true;
      const by = suppressingDirective(summary.suppressions, f.code, f.line);
      if (!by) return true;
      const codes = used.get(by);
      if (codes) codes.add(f.code);
      else used.set(by, new Set([f.code]));
      return false;
    });
    const auditor = request.ignoreNoqa ? undefined : byCode.get(UNUSED_NOQA);
    if (auditor?.rule.project) {
      const audits = await this.auditSuppressions(reported, used, byCode, ignored, auditor);
      if (audits.length > 0) kept.push(...this.runProjectRule(auditor, indexOf, () => audits, errors));
    }
    // Notebook findings were found, and filtered by noqa, in the module of their code cells: now
    // they are placed in their cells and in the file's JSON, fixes included.
    const notebooks = new Map<string, NotebookMap>();
    for (const o of outcomes.values()) if (o.notebook && o.summary) notebooks.set(o.summary.path, o.notebook);
    const placed = notebooks.size === 0 ? kept : kept.map((f) => (notebooks.has(f.path) ? inNotebook(notebooks.get(f.path)!, f) : f));
    return { findings: sortFindings(placed), errors: sortErrors(errors), files: linted.length, summaries, linted: [...reported.keys()] };
  }

  /** Benchmarks only: reads, decodes and parses the files (and walks the trees) with the same threads, nothing else. */
  async floor(files: readonly string[], root: string, maxFileSize: number, floor: 'parse' | 'walk'): Promise<void> {
    await this.execute(files.map((abs) => ({ abs, report: false, floor, root, cwd: root, maxFileSize })));
  }

  /** Answers what it can from the cache and analyses the rest; results in job order. */
  private async execute(all: readonly FileJob[]): Promise<FileOutcome[]> {
    const out = new Array<FileOutcome>(all.length);
    let pending = all.map((_, i) => i);
    const threads = Math.max(1, this.options.threads ?? availableParallelism());
    const parallel = threads > 1 && all.length >= MIN_FILES_PER_WORKER * 2 && workersAvailable();
    if (parallel && this.options.cache) {
      // Cache hits are answered here, so a warm run starts no worker and loads no parser. Only the
      // verdict is kept, not the bytes: workers read their files themselves, so memory stays flat.
      pending = pending.filter((i) => {
        const prepared = this.analyzer.prepare(all[i]!);
        if (!('outcome' in prepared)) return true;
        out[i] = prepared.outcome;
        return false;
      });
    }
    if (parallel && pending.length >= MIN_FILES_PER_WORKER * 2) {
      const results = await this.analyseInWorkers(threads, pending.map((i) => all[i]!));
      results.forEach((outcome, k) => (out[pending[k]!] = outcome));
    } else {
      // One file at a time (read, look up, analyse), so nothing is held past its file.
      for (const i of pending) out[i] = await this.analyzer.run(all[i]!);
    }
    return out;
  }

  /** Analyses in worker threads (each reads its files itself); results in job order. */
  private async analyseInWorkers(threads: number, jobs: readonly FileJob[]): Promise<FileOutcome[]> {
    const init: WorkerInit = {
      rules: this.rules.map((r) => ({ code: r.rule.code, options: r.options, severity: r.severity, inTests: r.inTests })),
      configKey: this.configKey,
      cache: this.options.cache ? { dir: this.options.cache.dir, salt: this.options.cache.salt } : undefined,
    };
    const workers = Math.min(threads, Math.ceil(jobs.length / MIN_FILES_PER_WORKER));
    const sizes = jobs.map((job) => {
      if (job.text !== undefined) return job.text.length;
      try {
        return statSync(fsPath(job.abs)).size;
      } catch {
        return 0;
      }
    });
    const largestFirst = jobs.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
    const results = await runInWorkers(workers, init, jobs, largestFirst);
    return results.map((r, i) =>
      r instanceof Error
        ? { findings: [], summary: null, errors: [{ path: displayPath(jobs[i]!.abs, jobs[i]!.cwd), message: `internal error: ${r.message}`, internal: true }] }
        : r,
    );
  }

  /** The per-file-ignores of each linted file, by display path. */
  private perFileIgnores(request: LintRequest, linted: readonly string[]): Map<string, ReadonlySet<string>> {
    const byDisplay = new Map<string, ReadonlySet<string>>();
    for (const abs of linted) {
      const rel = path.relative(request.root, abs).split(path.sep).join('/');
      byDisplay.set(displayPath(abs, request.cwd), request.ignoredCodesFor!(rel));
    }
    return byDisplay;
  }

  /**
   * Each linted file's directives with what filtering learnt about them, for the unused-noqa rule:
   * whether each code suppressed a finding, and whether its rule could have reported in that file.
   * Only files with directives cost anything; the auditor's own test-code policy and per-file
   * ignores apply to the files it looks at.
   */
  private async auditSuppressions(
    reported: ReadonlyMap<string, FileSummary>,
    used: ReadonlyMap<NoqaDirective, ReadonlySet<string>>,
    byCode: ReadonlyMap<string, ConfiguredRule>,
    ignored: ReadonlyMap<string, ReadonlySet<string>> | undefined,
    auditor: ConfiguredRule,
  ): Promise<Array<{ path: string; module: string; data: SuppressionAudit }>> {
    const files = [...reported.values()].filter(
      (s) => s.suppressions.directives.length > 0 && reportsIn(auditor.rule, auditor.inTests, s.test) && !ignored?.get(s.path)?.has(UNUSED_NOQA),
    );
    if (files.length === 0) return [];
    const knownCodes = await allRuleCodes(this.rules);
    const known = knownCodes ? new Set(knownCodes) : undefined;
    const out: Array<{ path: string; module: string; data: SuppressionAudit }> = [];
    for (const summary of files.sort((a, b) => compare(a.path, b.path))) {
      const skipped = ignored?.get(summary.path);
      const ruleOf = (code: string): 'enabled' | 'disabled' | 'unknown' => {
        const configured = byCode.get(code);
        if (configured) return reportsIn(configured.rule, configured.inTests, summary.test) && !skipped?.has(code) ? 'enabled' : 'disabled';
        // Without the registry (it failed to load) no code can be called unknown.
        return !known || known.has(code) ? 'disabled' : 'unknown';
      };
      const directives: AuditedDirective[] = summary.suppressions.directives.map((d) => {
        const matched = used.get(d);
        return {
          ...d,
          matched: matched !== undefined,
          audit: d.codes && d.codes.map((code) => ({ code, matched: matched?.has(code.toUpperCase()) ?? false, rule: ruleOf(code.toUpperCase()) })),
        };
      });
      out.push({ path: summary.path, module: summary.module, data: { directives, knownCodes: knownCodes ?? [] } });
    }
    return out;
  }

  private runProjectRules(summaries: readonly FileSummary[], indexOf: () => ProjectIndex, errors: FileError[]): Finding[] {
    const findings: Finding[] = [];
    for (const configured of this.rules) {
      const { rule } = configured;
      if (!rule.project || rule.code === UNUSED_NOQA) continue;
      const records = () => summaries.flatMap((s) => (s.records[rule.code] ?? []).map((data) => ({ path: s.path, module: s.module, data })));
      findings.push(...this.runProjectRule(configured, indexOf, records, errors));
    }
    return findings;
  }

  private runProjectRule(
    configured: ConfiguredRule,
    indexOf: () => ProjectIndex,
    records: () => ReadonlyArray<{ path: string; module: string; data: unknown }>,
    errors: FileError[],
  ): Finding[] {
    const { rule } = configured;
    const findings: Finding[] = [];
    try {
      rule.project!({
        options: configured.options,
        get index() {
          return indexOf();
        },
        records,
        // A project report may carry a fix whose edits are offsets into its file's text (unused-noqa's do).
        report: (r: ProjectReport<string> & { fix?: Fix }) => {
          findings.push(findingOf(configured, r.path, r.location, r, r.fix ?? null));
        },
      });
    } catch (error) {
      errors.push({
        path: '<project>',
        message: `internal error in rule ${rule.code} (${rule.name}): ${error instanceof Error ? error.message : String(error)}`,
        internal: true,
      });
    }
    return findings;
  }
}

/** Every rule code pyteam-lint has (the registry's and any rule given directly), sorted; undefined when the registry cannot load. */
async function allRuleCodes(rules: readonly ConfiguredRule[]): Promise<string[] | undefined> {
  try {
    const loaded = await loadRules();
    return [...new Set([...loaded.map((l) => l.rule.code), ...rules.map((r) => r.rule.code)])].sort();
  } catch {
    return undefined;
  }
}

function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      compare(a.path, b.path) ||
      compare(a.cell ?? 0, b.cell ?? 0) ||
      compare(a.line, b.line) ||
      compare(a.column, b.column) ||
      compare(a.code, b.code) ||
      compare(a.endLine, b.endLine) ||
      compare(a.endColumn, b.endColumn) ||
      compare(a.message, b.message),
  );
}

function sortErrors(errors: FileError[]): FileError[] {
  return errors.sort((a, b) => compare(a.path, b.path) || compare(a.message, b.message));
}
