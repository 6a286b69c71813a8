/**
 * Deterministic fixes: the edit applier, the fix loop (convergence, the pass cap, never a syntax
 * error), every fixable rule's fixture fixed and compared with its expected patch
 * (`fixtures/<agent>/<name>.fix.diff`, regenerate with UPDATE_FIX_DIFFS=1 and review the diff),
 * and the meta check that a rule declaring `fixable` offers fixes (and one that does not, never).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { applyFixes, encodeSource, fixSource, isApplicable, syntaxErrorIn, unifiedDiff, MAX_FIX_PASSES } from '../src/engine/fix.js';
import { Linter, type Finding } from '../src/engine/lint.js';
import { loadRules } from '../src/engine/registry.js';
import { defineRule, type AnyRule, type Fix } from '../src/rule.js';
import { FIXTURES, pythonFilesUnder, ruleByCode } from './helpers.js';

const loaded = await loadRules();

/** Lints one in-memory text with the given rules (default options unless given), as `file` of the project `root`. */
function linterFor(rules: readonly AnyRule[], options: Record<string, unknown> = {}, root = '/virtual', file = path.join(root, 'example.py')) {
  const linter = Linter.create(rules.map((rule) => ({ rule, options: rule.options.parse(options[rule.code] ?? {}), severity: rule.severity })));
  return async (text: string): Promise<Finding[]> =>
    (await (await linter).lint({ root, cwd: root, files: [file], stdin: { path: file, text }, maxFileSize: 1 << 24 })).findings;
}

/**
 * The files of a rule's fixture, each with the linter that sees it where it lies: `<name>.py` alone,
 * or (for a rule with only a directory fixture, such as a test-only rule whose findings exist in
 * `tests/` files) every file of `<name>/` at its own path, so `test-paths` applies.
 */
function fixtureFiles(rule: AnyRule): Array<{ shown: string; source: string; lint: (text: string) => Promise<Finding[]> }> {
  const single = path.join(FIXTURES, rule.agent, `${rule.name}.py`);
  if (existsSync(single)) return [{ shown: `${rule.agent}/${rule.name}.py`, source: readFileSync(single, 'utf8'), lint: linterFor([rule]) }];
  const dir = path.join(FIXTURES, rule.agent, rule.name);
  return pythonFilesUnder(dir).map((file) => ({
    shown: `${rule.agent}/${rule.name}/${path.relative(dir, file).split(path.sep).join('/')}`,
    source: readFileSync(file, 'utf8'),
    lint: linterFor([rule], {}, dir, file),
  }));
}

async function fixWith(code: string, text: string, options: Record<string, unknown> = {}, unsafe = true) {
  const rule = await ruleByCode(code);
  return fixSource(text, linterFor([rule], { [code]: options }), { unsafe });
}

const fix = (start: number, end: number, text: string, applicability: Fix['applicability'] = 'safe'): Fix => ({
  title: `replace ${start}-${end}`,
  applicability,
  edits: [{ start, end, text }],
});

describe('applyFixes', () => {
  it('applies non-overlapping edits in order of position, whatever order they come in', () => {
    const out = applyFixes('abcdef', [fix(4, 5, 'E'), fix(0, 1, 'A')]);
    expect(out.text).toBe('AbcdEf');
    expect(out.applied).toHaveLength(2);
  });

  it('defers a fix that overlaps or touches one already taken, and applies a multi-edit fix whole or not at all', () => {
    const twoEdits: Fix = { title: 'two', applicability: 'safe', edits: [{ start: 3, end: 4, text: 'X' }, { start: 0, end: 0, text: '>' }] };
    const out = applyFixes('abcdef', [fix(1, 3, 'B'), twoEdits, fix(3, 3, '!'), fix(5, 6, 'F')]);
    // Ordered by first edit: `two` (0) is taken; 1-3 and 3-3 touch its edit at 3-4; 5-6 is clear.
    expect(out.applied.map((f) => f.title)).toEqual(['two', 'replace 5-6']);
    expect(out.deferred.map((f) => f.title)).toEqual(['replace 1-3', 'replace 3-3']);
    expect(out.text).toBe('>abcXeF');
  });

  it('applies the same fix offered twice only once', () => {
    const out = applyFixes('x = 1', [fix(4, 5, '2'), fix(4, 5, '2')]);
    expect(out.text).toBe('x = 2');
  });

  it("writes inserted line breaks with the file's own line ending", () => {
    expect(applyFixes('a\r\nb\r\n', [fix(3, 3, 'x\ny\n')]).text).toBe('a\r\nx\r\ny\r\nb\r\n');
    expect(applyFixes('a\nb\n', [fix(2, 2, 'x\n')]).text).toBe('a\nx\nb\n');
  });

  it('sets malformed fixes aside instead of corrupting the text', () => {
    const out = applyFixes('abc', [fix(2, 1, 'x'), fix(0, 9, 'y'), { title: 'self-overlap', applicability: 'safe', edits: [{ start: 0, end: 2, text: '' }, { start: 1, end: 3, text: '' }] }]);
    expect(out.text).toBe('abc');
    expect(out.malformed).toHaveLength(3);
  });

  it('takes unsafe fixes only when asked', () => {
    expect(isApplicable(fix(0, 0, '', 'unsafe'), false)).toBe(false);
    expect(isApplicable(fix(0, 0, '', 'unsafe'), true)).toBe(true);
    expect(isApplicable(fix(0, 0, '', 'safe'), false)).toBe(true);
    expect(isApplicable(null, true)).toBe(false);
  });
});

/** Test rules over identifiers, to drive the loop through chains, cycles and broken fixes. */
function renameRule(code: string, rename: Record<string, string>): AnyRule {
  return defineRule({
    code,
    name: `rename-${code.toLowerCase()}`,
    agent: 'python-quality-enforcer',
    severity: 'warning',
    enabledByDefault: true,
    fixable: 'safe',
    docs: { summary: 's', why: 'w', bad: 'b', good: 'g' },
    options: z.object({}).strict(),
    messages: { rename: 'rename this identifier to what the test says' },
    create(ctx) {
      return {
        identifier(node) {
          const to = rename[node.text];
          if (to === undefined) return;
          ctx.report({ node, messageId: 'rename', fix: { title: `rename to ${to}`, applicability: 'safe', edits: [{ start: node.startIndex, end: node.endIndex, text: to }] } });
        },
      };
    },
  }) as AnyRule;
}

describe('fixSource', () => {
  it('re-lints after each pass until nothing is offered (a → b → c takes two passes)', async () => {
    const result = await fixSource('a = 1\n', linterFor([renameRule('PTL901', { a: 'b', b: 'c' })]), { unsafe: false });
    expect(result.text).toBe('c = 1\n');
    expect(result.passes).toBe(2);
    expect(result.converged).toBe(true);
    expect(result.remaining).toEqual([]);
  });

  it(`stops after ${MAX_FIX_PASSES} passes when fixes keep coming back, and says so`, async () => {
    expect(MAX_FIX_PASSES).toBe(10); // the cap issue 4 sets
    const result = await fixSource('a = 1\n', linterFor([renameRule('PTL902', { a: 'b', b: 'a' })]), { unsafe: false });
    expect(result.passes).toBe(MAX_FIX_PASSES);
    expect(result.converged).toBe(false);
    expect(await syntaxErrorIn(result.text)).toBeNull();
  });

  it('rejects a fix that would break the parse and still applies the others', async () => {
    const lint = linterFor([renameRule('PTL903', { a: 'b', c: 'def' })]);
    const result = await fixSource('a = 1\nc = 2\n', lint, { unsafe: false });
    expect(result.text).toBe('b = 1\nc = 2\n');
    expect(result.rejected.map((r) => `${r.code}:${r.line}`)).toEqual(['PTL903:2']);
    expect(result.converged).toBe(true);
  });

  it('rejects a malformed fix (a rule bug) without touching the text or looping', async () => {
    const broken = defineRule({
      ...renameRule('PTL905', {}),
      create(ctx) {
        return {
          identifier(node) {
            ctx.report({ node, messageId: 'rename', fix: { title: 'out of range edit', applicability: 'safe', edits: [{ start: 0, end: 10_000, text: '' }] } });
          },
        };
      },
    }) as AnyRule;
    const result = await fixSource('a = 1\n', linterFor([broken]), { unsafe: false });
    expect(result.text).toBe('a = 1\n');
    expect(result.rejected.map((r) => r.title)).toEqual(['out of range edit']);
    expect(result.converged).toBe(true);
    expect(result.passes).toBe(0);
  });

  it('leaves a file that does not parse alone', async () => {
    const result = await fixSource('a = (\n', linterFor([renameRule('PTL904', { a: 'b' })]), { unsafe: false });
    expect(result.text).toBe('a = (\n');
    expect(result.skipped).toMatch(/does not parse \(line 1/);
  });

  it('leaves unsafe fixes alone unless asked', async () => {
    const text = 'import torch\nm = torch.load("m.pt")\n';
    expect((await fixWith('PTL301', text, {}, false)).text).toBe(text);
    expect((await fixWith('PTL301', text, {}, true)).text).toBe('import torch\nm = torch.load("m.pt", weights_only=True)\n');
  });

  it('adds an argument on its own line where the arguments are one a line, keeping CRLF', async () => {
    const text = 'import torch\r\nm = torch.load(\r\n    "m.pt",\r\n    map_location="cpu",\r\n)\r\n';
    expect((await fixWith('PTL301', text)).text).toBe('import torch\r\nm = torch.load(\r\n    "m.pt",\r\n    map_location="cpu",\r\n    weights_only=True,\r\n)\r\n');
  });

  it('keeps a # noqa line untouched', async () => {
    const text = 'import torch\nm = torch.load("m.pt")  # noqa: PTL301\n';
    expect((await fixWith('PTL301', text)).text).toBe(text);
  });
});

describe('PTL102 fix: add a timeout (unsafe, the caller must handle queue.Empty)', () => {
  const wrap = (call: string) => `import queue\n\ndef consume(q: queue.Queue) -> None:\n    item = ${call}\n`;
  const cases: Array<[string, string]> = [
    ['q.get()', 'q.get(timeout=1.0)'],
    ['q.get(True)', 'q.get(True, timeout=1.0)'],
    ['q.get(block=True)', 'q.get(block=True, timeout=1.0)'],
    ['q.get(timeout=None)', 'q.get(timeout=1.0)'],
    ['q.get(True, None)', 'q.get(True, 1.0)'],
    ['q.get(block=True, timeout=None)', 'q.get(block=True, timeout=1.0)'],
    ['q.get(True,)', 'q.get(True, timeout=1.0,)'],
    ['q.get(  # wait here\n    )', 'q.get(timeout=1.0  # wait here\n    )'],
    ['q.get(\n        block=True,\n    )', 'q.get(\n        block=True,\n        timeout=1.0,\n    )'],
    ['q.get(\n        True\n    )', 'q.get(\n        True, timeout=1.0\n    )'],
  ];
  for (const [before, after] of cases) {
    it(`${before.replace(/\n/g, '⏎')} → ${after.replace(/\n/g, '⏎')}`, async () => {
      const result = await fixWith('PTL102', wrap(before));
      expect(result.text).toBe(wrap(after));
      expect(result.remaining).toEqual([]);
      expect(result.fixed.map((f) => f.applicability)).toEqual(['unsafe']);
      expect(result.fixed[0]!.title).toContain('queue.Empty');
    });
  }

  it('uses the fix-timeout option', async () => {
    expect((await fixWith('PTL102', wrap('q.get()'), { 'fix-timeout': 0.25 })).text).toBe(wrap('q.get(timeout=0.25)'));
    expect((await fixWith('PTL102', wrap('q.get()'), { 'fix-timeout': 30 })).text).toBe(wrap('q.get(timeout=30.0)'));
    const rule = await ruleByCode('PTL102');
    expect(rule.options.safeParse({ 'fix-timeout': 0 }).success).toBe(false);
    expect(rule.options.safeParse({ 'fix-timeout': -1 }).success).toBe(false);
  });

  it('offers no fix for SimpleQueue, which cannot take a timeout', async () => {
    const text = 'from multiprocessing import SimpleQueue\n\nq = SimpleQueue()\nitem = q.get()\n';
    const findings = await linterFor([await ruleByCode('PTL102')])(text);
    expect(findings.map((f) => f.code)).toEqual(['PTL102']);
    expect(findings[0]!.fix).toBeNull();
  });
});

describe('PTL302 fixes', () => {
  it('yaml.unsafe_load → yaml.safe_load, through an alias', async () => {
    const result = await fixWith('PTL302', 'import yaml as y\n\ncfg = y.unsafe_load(text)\nall_ = y.unsafe_load_all(text)\n');
    expect(result.text).toBe('import yaml as y\n\ncfg = y.safe_load(text)\nall_ = y.safe_load_all(text)\n');
  });

  it('np.load(allow_pickle=True) → allow_pickle=False, by keyword or position', async () => {
    const result = await fixWith('PTL302', 'import numpy as np\n\na = np.load(p, allow_pickle=True)\nb = np.load(p, None, True)\n');
    expect(result.text).toBe('import numpy as np\n\na = np.load(p, allow_pickle=False)\nb = np.load(p, None, False)\n');
    expect(result.remaining).toEqual([]);
  });

  it('offers nothing where the fix is not mechanical (pickle, a Loader argument)', async () => {
    const text = 'import pickle\nimport yaml\n\nx = pickle.loads(b)\ny = yaml.load(f, Loader=yaml.FullLoader)\n';
    const findings = await linterFor([await ruleByCode('PTL302')])(text);
    expect(findings).toHaveLength(2);
    expect(findings.every((f) => f.fix === null)).toBe(true);
  });
});

describe('PTL106 fix: time.sleep in a coroutine → await asyncio.sleep (unsafe)', () => {
  const cases: Array<[string, string, string | null]> = [
    ['plain', 'import asyncio\nimport time\n\nasync def f():\n    time.sleep(1)\n', 'import asyncio\nimport time\n\nasync def f():\n    await asyncio.sleep(1)\n'],
    ['through the alias asyncio is imported as', 'import asyncio as aio\nfrom time import sleep\n\nasync def f():\n    sleep(0.5)\n', 'import asyncio as aio\nfrom time import sleep\n\nasync def f():\n    await aio.sleep(0.5)\n'],
    ['not without an asyncio import in scope', 'import time\n\ndef g():\n    import asyncio\n\nasync def f():\n    time.sleep(1)\n', null],
    ['not when asyncio is shadowed', 'import asyncio\nimport time\n\nasync def f(asyncio):\n    time.sleep(1)\n', null],
    ['not inside a larger expression', 'import asyncio\nimport time\n\nasync def f():\n    x = time.sleep(1)\n', null],
  ];
  for (const [name, before, after] of cases) {
    it(name, async () => {
      const result = await fixWith('PTL106', before);
      expect(result.text).toBe(after ?? before);
      if (after) expect(result.remaining).toEqual([]);
    });
  }
});

describe('every fixable rule: its fixture fixed', () => {
  const fixable = loaded.filter(({ rule }) => rule.fixable);
  for (const { rule } of fixable) {
    it(`${rule.code} ${rule.name}: fixes match ${rule.name}.fix.diff, converge and still parse`, async () => {
      let diff = '';
      let offeredInAll = 0;
      for (const { shown, source, lint } of fixtureFiles(rule)) {
        const before = await lint(source);
        const offered = before.filter((f) => isApplicable(f.fix, true));
        offeredInAll += offered.length;
        if (offered.length === 0) continue;
        const result = await fixSource(source, lint, { unsafe: true });
        expect(result.converged).toBe(true);
        expect(result.rejected).toEqual([]);
        expect(await syntaxErrorIn(result.text)).toBeNull();
        // Every finding that offered a fix is gone; the others are untouched.
        expect(result.remaining.filter((f) => f.fix)).toEqual([]);
        expect(result.remaining.length).toBe(before.length - offered.length);
        // A second run has nothing left to do.
        expect((await fixSource(result.text, lint, { unsafe: true })).text).toBe(result.text);
        diff += unifiedDiff(shown, source, result.text);
      }
      expect(offeredInAll, 'the fixture has findings with fixes').toBeGreaterThan(0);

      const expectedFile = path.join(FIXTURES, rule.agent, `${rule.name}.fix.diff`);
      if (process.env['UPDATE_FIX_DIFFS'] === '1') writeFileSync(expectedFile, diff);
      expect(existsSync(expectedFile), `${path.relative(FIXTURES, expectedFile)} exists (UPDATE_FIX_DIFFS=1 writes it)`).toBe(true);
      expect(diff).toBe(readFileSync(expectedFile, 'utf8'));
    });
  }
});

describe('meta: fixable means fixes are offered', () => {
  for (const { rule } of loaded) {
    it(`${rule.code} ${rule.name} ${rule.fixable ? `offers ${rule.fixable} fixes on its fixture` : 'offers no fix'}`, async () => {
      const findings: Finding[] = [];
      for (const { source, lint } of fixtureFiles(rule)) findings.push(...(await lint(source)));
      const fixes = findings.flatMap((f) => (f.fix ? [f.fix] : []));
      if (!rule.fixable) {
        expect(fixes).toEqual([]);
        return;
      }
      expect(fixes.length, `${rule.code} declares fixable: '${rule.fixable}' but offers no fix on its fixture`).toBeGreaterThan(0);
      if (rule.fixable === 'unsafe') expect(fixes.some((f) => f.applicability === 'unsafe')).toBe(true);
      else expect(fixes.every((f) => f.applicability === 'safe')).toBe(true);
      for (const f of fixes) expect(f.title.length).toBeGreaterThan(10);
    });
  }
});

describe('encodeSource', () => {
  it('writes UTF-8 with or without the byte-order mark it had', () => {
    expect(Buffer.from(encodeSource('x = "é"\n', { encoding: 'utf-8', bom: false }) as Uint8Array)).toEqual(Buffer.from('x = "é"\n', 'utf8'));
    const withBom = Buffer.from(encodeSource('x = 1\n', { encoding: 'utf-8', bom: true }) as Uint8Array);
    expect([...withBom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('writes a single-byte encoding back byte for byte', () => {
    const text = '# -*- coding: latin-1 -*-\nname = "café"\n';
    const bytes = Buffer.from(encodeSource(text, { encoding: 'iso-8859-1', bom: false }) as Uint8Array);
    expect(bytes).toEqual(Buffer.from(text, 'latin1'));
  });

  it('refuses what the encoding cannot hold, rather than writing something else', () => {
    expect(encodeSource('x = "€"\n', { encoding: 'iso-8859-2', bom: false })).toMatch(/cannot/);
    expect(encodeSource('x = "日本"\n', { encoding: 'shift_jis', bom: false })).toMatch(/cannot/);
  });
});
