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

/**
 * A rule's fixtures: `<name>.py` (one module) and/or `<name>/` (a project of its own, for
 * cross-file facts and test code: its `tests/` files are test code by the default `test-paths`).
 */
function fixtureTargets(base: string): string[] {
  return [`${base}.py`, base].filter((t) => existsSync(t));
}

describe('rule fixtures', () => {
  for (const { rule } of rules) {
    const base = path.join(FIXTURES, rule.agent, rule.name);
    it(`${rule.code} ${rule.name} has a fixture`, () => {
      expect(fixtureTargets(base).length, `fixture ${path.relative(FIXTURES, base)}(.py|/) exists`).toBeGreaterThan(0);
    });
    for (const target of fixtureTargets(base)) {
      it(`${rule.code} ${rule.name}: ${path.relative(FIXTURES, target)}`, async () => {
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
  }
});
