import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter, type Finding, type LintResult } from '../src/engine/lint.js';
import { loadRules } from '../src/engine/registry.js';
import type { AnyRule } from '../src/rule.js';

export const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
export const FIXTURES = path.join(ROOT, 'fixtures');

export function pythonFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) stack.push(p);
      else if (/\.pyi?$/.test(entry.name)) out.push(p);
    }
  }
  return out.sort();
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

export function key(e: { path: string; line: number; code: string }): string {
  return `${e.path}:${e.line} ${e.code}`;
}

export function findingKeys(findings: readonly Finding[]): string[] {
  return findings.map(key);
}
