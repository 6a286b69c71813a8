/**
 * Checks every rule module against the house conventions, and each rule's own documentation
 * against the rule: the `bad` example must fire it and the `good` example must not (a test-only
 * rule's example is linted as a test file; a multi-file example, as one project).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Linter } from '../src/engine/lint.js';
import { RULES_DIR, loadRules } from '../src/engine/registry.js';
import type { AnyRule } from '../src/rule.js';

const loaded = await loadRules();

/** A docs example may hold several files, each after a `# path/to/file.py` line (its first line says whether it does). */
const FILE_HEADER = /^# ([\w./-]+\.pyi?)$/;

/** The files of a docs example under /virtual; a one-file example of a test-only rule is a test file. */
function snippetFiles(rule: AnyRule, source: string): Array<[string, string]> {
  const lines = source.split('\n');
  if (!FILE_HEADER.test(lines[0] ?? '')) return [[path.join('/virtual', rule.testCode === 'only' ? 'test_example.py' : 'example.py'), source]];
  const files: Array<[string, string]> = [];
  for (const line of lines) {
    const header = FILE_HEADER.exec(line);
    if (header) files.push([path.join('/virtual', header[1]!), '']);
    else files[files.length - 1]![1] += `${line}\n`;
  }
  return files;
}

async function lintSnippet(rule: AnyRule, source: string): Promise<string[]> {
  const linter = await Linter.create([{ rule, options: rule.options.parse({}), severity: rule.severity }]);
  const files = snippetFiles(rule, source);
  const result = await linter.lint({ root: '/virtual', cwd: '/virtual', files: files.map(([f]) => f), texts: new Map(files), maxFileSize: 1 << 20 });
  expect(result.errors).toEqual([]);
  return result.findings.map((f) => f.code);
}

describe('rule modules', () => {
  it('has the rules the issue fixes, with unique codes and names', () => {
    const codes = loaded.map((l) => l.rule.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(loaded.map((l) => l.rule.name)).size).toBe(loaded.length);
    for (const code of ['PTL001', 'PTL101', 'PTL102', 'PTL103', 'PTL104', 'PTL105', 'PTL106', 'PTL201', 'PTL202', 'PTL301', 'PTL302', 'PTL303', 'PTL501']) {
      expect(codes).toContain(code);
    }
  });

  for (const { rule, file } of loaded) {
    describe(`${rule.code} ${rule.name}`, () => {
      it('lives in rules/<agent>/<name>', () => {
        const rel = path.relative(RULES_DIR, file).split(path.sep);
        expect(rel[0]).toBe(rule.agent);
        expect(rel[1]!.replace(/\.(ts|js)$/, '')).toBe(rule.name);
      });

      it('has options that all have defaults', () => {
        expect(rule.options.safeParse({}).success).toBe(true);
        expect(rule.options.safeParse({ 'no-such-option': 1 }).success).toBe(false);
      });

      it('has messages that are sentences about the code, not placeholders', () => {
        for (const m of Object.values(rule.messages) as string[]) expect(m.length).toBeGreaterThan(20);
      });

      it("flags its docs' bad example", async () => {
        expect(await lintSnippet(rule, rule.docs.bad)).toContain(rule.code);
      });

      it("leaves its docs' good example alone", async () => {
        expect(await lintSnippet(rule, rule.docs.good)).toEqual([]);
      });
    });
  }
});

describe('documentation', () => {
  it("README's rule table is the one generated from the rules' metadata (npm run docs)", async () => {
    const { readFileSync } = await import('node:fs');
    const { rulesMarkdown } = await import('../src/cli/explain.js');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`<!-- rules:start -->\n${rulesMarkdown(loaded.map((l) => l.rule))}<!-- rules:end -->`);
  });
});
