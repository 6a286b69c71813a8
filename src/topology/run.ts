/**
 * One topology run: lint the files as the check does (each group of files with its own
 * configuration, the project index beside them, the same cache), then draw the graph from the
 * summaries and findings that run produced. No file is parsed twice, so a topology costs what a
 * lint costs, and after a lint it is answered from the cache.
 */
import { Linter, displayPath, type FileError, type LinterOptions } from '../engine/lint.js';
import type { FileSummary } from '../engine/project.js';
import type { Finding } from '../engine/lint.js';
import type { LintSetup } from '../cli/setup.js';
import { buildTopology, type Topology } from './graph.js';

export interface TopologyRun {
  topology: Topology;
  /** Files that could not be checked. */
  errors: FileError[];
  files: number;
}

/** The topology of the pipelines started in `files` (absolute paths, already discovered). */
export async function topologyOf(setup: LintSetup, files: readonly string[], cwd: string, options: LinterOptions = {}): Promise<TopologyRun> {
  const indexOnly = files.length > 0 ? setup.indexFiles() : [];
  const findings: Finding[] = [];
  const errors: FileError[] = [];
  const summaries = new Map<string, FileSummary>();
  for (const g of setup.groups(files)) {
    const linter = await Linter.create(g.scope.configured, options);
    const part = await linter.lint({
      root: setup.root,
      cwd,
      files: g.files,
      indexOnly,
      maxFileSize: g.scope.maxFileSize,
      ignoredCodesFor: setup.ignoredCodesFor,
      isTestFile: setup.isTestFile,
    });
    findings.push(...part.findings);
    errors.push(...part.errors);
    for (const s of part.summaries ?? []) if (!summaries.has(s.path)) summaries.set(s.path, s);
  }
  const linted = new Set(files.map((f) => displayPath(f, cwd)));
  return { topology: buildTopology([...summaries.values()], findings, linted), errors, files: files.length };
}
