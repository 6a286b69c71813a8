/**
 * Every rule's fixture, run with only that rule enabled: the expected (line, code) pairs written
 * as `# expect:` comments must be exactly the findings. Lines without an expectation are traps
 * that must stay silent.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/engine/registry.js';
import { displayPath } from '../src/engine/lint.js';
import { FIXTURES, expectationsIn, key, lintWith, pythonFilesUnder } from './helpers.js';

const rules = await loadRules();

describe('rule fixtures', () => {
  for (const { rule } of rules) {
    it(`${rule.code} ${rule.name}`, async () => {
      const base = path.join(FIXTURES, rule.agent, rule.name);
      const target = existsSync(`${base}.py`) ? `${base}.py` : base;
      expect(existsSync(target), `fixture ${path.relative(FIXTURES, base)}(.py|/) exists`).toBe(true);
      const isDir = statSync(target).isDirectory();
      const cwd = isDir ? target : path.dirname(target);
      const files = isDir ? pythonFilesUnder(target) : [target];
      const expected = files.flatMap((f) => expectationsIn(f, displayPath(f, cwd))).filter((e) => e.code === rule.code);
      expect(expected.length, 'the fixture expects at least one finding').toBeGreaterThan(0);

      const result = await lintWith([rule], target);
      expect(result.errors.filter((e) => e.internal)).toEqual([]);
      const actual = new Set(result.findings.map(key));
      const wanted = new Set(expected.map(key));
      const missing = [...wanted].filter((k) => !actual.has(k)).sort();
      const noisy = result.findings.filter((f) => !wanted.has(key(f))).map((f) => `${key(f)}  ${f.message}`);
      expect({ missing, noisy }).toEqual({ missing: [], noisy: [] });
    });
  }
});
