import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter, type Finding, type LintResult } from '../src/engine/lint.js';
import { loadRules } from '../src/engine/registry.js';
import type { AnyRule } from '../src/rule.js';

export const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
export const FIXTURES = path.join(ROOT, 'fixtures');

export function pythonFilesUnder(dir: string): string[] {
  return filesUnder(dir, /\.pyi?$/);
}

/** The files under a directory whose names match, sorted. */
function filesUnder(dir: string, name: RegExp): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) stack.push(p);
      else if (name.test(entry.name)) out.push(p);
    }
  }
  return out.sort();
}

/** The notebooks under a directory, sorted. */
export function notebooksUnder(dir: string): string[] {
  return filesUnder(dir, /\.ipynb$/);
}

/** Lints a file or a directory (as its own project root) with the given rules and their default options. */
export async function lintWith(rules: readonly AnyRule[], target: string, options: Record<string, unknown> = {}): Promise<LintResult> {
  const isDir = statSync(target).isDirectory();
  const files = isDir ? pythonFilesUnder(target) : [target];
  const linter = await Linter.create(
    rules.map((rule) => ({ rule, options: rule.options.parse(options[rule.code] ?? {}), severity: rule.severity })),
  );
  return linter.lint({ root: isDir ? target : path.dirname(target), cwd: isDir ? target : path.dirname(target), files, maxFileSize: 1 << 24 });
}

export async function ruleByCode(code: string): Promise<AnyRule> {
  const found = (await loadRules()).find((r) => r.rule.code === code);
  if (!found) throw new Error(`no rule ${code}`);
  return found.rule;
}

export interface Expectation {
  path: string;
  /** In a notebook, the cell (`line` is then within it). */
  cell?: number;
  line: number;
  code: string;
}

const EXPECT = /#\s*expect(?:\[\+(\d+)\])?:\s*(PTL\d{3}(?:\s*,\s*PTL\d{3})*)/g;

/** `# expect: PTL102` marks its own line, `# expect[+1]: PTL102` the next one. */
export function expectationsIn(file: string, shownPath: string): Expectation[] {
  const out: Expectation[] = [];
  readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((text, i) => {
      for (const m of text.matchAll(EXPECT)) {
        const line = i + 1 + (m[1] ? Number(m[1]) : 0);
        for (const code of m[2]!.split(/\s*,\s*/)) out.push({ path: shownPath, line, code });
      }
    });
  return out;
}

/** The `# expect:` comments of a notebook's code cells, each at its cell and the line within it. */
export function notebookExpectationsIn(file: string, shownPath: string): Expectation[] {
  const cells = (JSON.parse(readFileSync(file, 'utf8')) as { cells: Array<{ cell_type: string; source: string | string[] }> }).cells;
  return cells.flatMap((c, i) => {
    if (c.cell_type !== 'code') return [];
    const source = Array.isArray(c.source) ? c.source.join('') : c.source;
    return source.split('\n').flatMap((text, l) =>
      [...text.matchAll(EXPECT)].flatMap((m) => m[2]!.split(/\s*,\s*/).map((code) => ({ path: shownPath, cell: i + 1, line: l + 1 + (m[1] ? Number(m[1]) : 0), code }))),
    );
  });
}

export function key(e: { path: string; line: number; code: string; cell?: number | undefined }): string {
  return `${e.path}:${e.cell === undefined ? '' : `cell ${e.cell}:`}${e.line} ${e.code}`;
}

export function findingKeys(findings: readonly Finding[]): string[] {
  return findings.map(key);
}
