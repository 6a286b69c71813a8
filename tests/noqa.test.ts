/**
 * Suppression hygiene (issue 15, "suppressions rot silently"): PTL002 unused-noqa judged beside
 * the rules whose findings a noqa suppresses (the fixture runs it alone), end to end through the
 * CLI's `run`, with the cache; and `--add-noqa`'s writer on a temporary project.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Linter, type Finding, type LintRequest } from '../src/engine/lint.js';
import { FileCache } from '../src/engine/cache.js';
import { asFileOutcome } from '../src/engine/outcome.js';
import { applyFixes } from '../src/engine/fix.js';
import { addNoqa, addNoqaToText } from '../src/cli/add-noqa.js';
import { run, type Io } from '../src/cli/main.js';
import { pythonFilesUnder, ruleByCode } from './helpers.js';
import { project, tempDir } from './spawn.js';

type Options = Record<string, Record<string, unknown>>;

async function linterOf(codes: readonly string[], options: Options = {}, cache?: FileCache): Promise<Linter> {
  const rules = await Promise.all(codes.map(ruleByCode));
  return Linter.create(
    rules.map((rule) => ({ rule, options: rule.options.parse(options[rule.code] ?? {}), severity: rule.severity })),
    { threads: 1, cache },
  );
}

/** Lints a project (relative path → text) with these rules; `extra` adds to the request. */
async function lintProject(codes: readonly string[], files: Record<string, string>, options: Options = {}, extra: Partial<LintRequest> = {}) {
  const dir = project(files);
  const linter = await linterOf(codes, options);
  const result = await linter.lint({ root: dir, cwd: dir, files: pythonFilesUnder(dir), maxFileSize: 1 << 24, ...extra });
  expect(result.errors).toEqual([]);
  return { dir, result };
}

const unusedNoqa = (findings: readonly Finding[]) => findings.filter((f) => f.code === 'PTL002').map((f) => `${f.path}:${f.line} ${f.message}`);

/** One file's PTL002 findings with PTL002 and these rules enabled. */
async function judged(text: string, codes: readonly string[] = ['PTL301', 'PTL302'], options: Options = {}, extra: Partial<LintRequest> = {}) {
  const { result } = await lintProject(['PTL002', ...codes], { 'app.py': text }, options, extra);
  return result.findings.filter((f) => f.code === 'PTL002');
}

const TORCH = 'import torch\nimport pickle\n';

describe('PTL002 judged beside the rules a noqa is for', () => {
  it('reports a code whose rule ran and found nothing there, and leaves a used one alone', async () => {
    const findings = await judged(`${TORCH}a = torch.load("a.pt", weights_only=True)  # noqa: PTL301\nb = torch.load("b.pt")  # noqa: PTL301\n`);
    expect(findings.map((f) => [f.line, f.message])).toEqual([[3, expect.stringContaining('unused: `PTL301`')]]);
    expect(findings[0]!.fix?.applicability).toBe('safe');
  });

  it('removes only the unused one of two codes, in the list\'s own spelling', async () => {
    const text = `${TORCH}b = torch.load("b.pt")  # noqa:PTL301,PTL302\n`;
    const findings = await judged(text);
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('unused: `PTL302`')]);
    expect(applyFixes(text, [findings[0]!.fix!]).text).toBe(`${TORCH}b = torch.load("b.pt")  # noqa:PTL301\n`);
  });

  it('reports unused, unknown and duplicated codes of one directive together, keeping other tools\' codes', async () => {
    const text = `${TORCH}x = 1  # noqa: E501, PTL301, PTL3O2, PTL301, S301\n`;
    const [finding, ...rest] = await judged(text);
    expect(rest).toEqual([]);
    expect(finding!.message).toContain('unused: `PTL301`; unknown: `PTL3O2` (did you mean `PTL302`?); duplicated: `PTL301`');
    expect(applyFixes(text, [finding!.fix!]).text).toBe(`${TORCH}x = 1  # noqa: E501, S301\n`);
  });

  it('deletes an own-line directive with its line, keeping CRLF line endings', async () => {
    const text = 'import torch\r\n# noqa: PTL301\r\nx = 1\r\n';
    const [finding] = await judged(text);
    expect(applyFixes(text, [finding!.fix!]).text).toBe('import torch\r\nx = 1\r\n');
  });

  it('credits a noqa used by a cross-file finding (PTL201 on a class line)', async () => {
    const files = {
      'a.py': 'class A:\n    pass\n',
      'b.py': 'from a import A\n\nclass B(A):\n    pass\n',
      'c.py': 'from b import B\n\nclass C(B):  # noqa: PTL201\n    pass\n\nclass D:  # noqa: PTL201\n    pass\n',
    };
    const { result } = await lintProject(['PTL002', 'PTL201'], files);
    expect(result.findings.map((f) => `${f.path}:${f.line} ${f.code}`)).toEqual(['c.py:6 PTL002']);
  });

  it('credits a noqa used by a syntax error (PTL001)', async () => {
    expect(await judged('def broken(:  # noqa: PTL001\n    pass\n', ['PTL001'])).toEqual([]);
    expect((await judged('def fine():  # noqa: PTL001\n    pass\n', ['PTL001'])).map((f) => f.line)).toEqual([1]);
  });

  it('leaves a code alone where its rule could not report: not selected, a test file it skips, per-file-ignores', async () => {
    expect(await judged(`${TORCH}x = 1  # noqa: PTL301\n`, [])).toEqual([]);
    const tests = { 'tests/test_models.py': 'class A:\n    pass\n\nclass B(A):\n    pass\n\nclass C(B):  # noqa: PTL201\n    pass\n' };
    expect(unusedNoqa((await lintProject(['PTL002', 'PTL201'], tests)).result.findings)).toEqual([]);
    const ignored = await judged(`${TORCH}x = 1  # noqa: PTL301\n`, ['PTL301'], {}, { ignoredCodesFor: () => new Set(['PTL301']) });
    expect(ignored).toEqual([]);
  });

  it('does not credit a noqa for a finding the test-code policy or per-file-ignores drop anyway', async () => {
    // PTL301 is ignored in this file, so its noqa is not judged; PTL302 ran, found nothing, and is reported.
    const text = `${TORCH}b = torch.load("b.pt")  # noqa: PTL301, PTL302\n`;
    const findings = await judged(text, ['PTL301', 'PTL302'], {}, { ignoredCodesFor: () => new Set(['PTL301']) });
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('unused: `PTL302`')]);
  });

  it('judges file-level codes, and credits the file-level directive before the line\'s', async () => {
    const unused = await judged(`# pyteam-lint: noqa: PTL302\n${TORCH}x = 1\n`);
    expect(unused.map((f) => [f.line, f.message])).toEqual([[1, expect.stringContaining('file-level')]]);
    expect(await judged(`# pyteam-lint: noqa: PTL302\n${TORCH}x = pickle.loads(b"")\n`)).toEqual([]);
    const both = await judged(`# pyteam-lint: noqa: PTL302\n${TORCH}x = pickle.loads(b"")  # noqa: PTL302\n`);
    expect(both.map((f) => f.line)).toEqual([4]);
  });

  it('leaves blanket directives alone by default, and reports them without a fix with report-blanket', async () => {
    const text = `${TORCH}x = 1  # noqa\ny = torch.load("y.pt")  # noqa\n`;
    expect(await judged(text)).toEqual([]);
    const reported = await judged(text, ['PTL301'], { PTL002: { 'report-blanket': true } });
    expect(reported.map((f) => [f.line, f.fix])).toEqual([[3, null]]);
    const fileBlanket = `# pyteam-lint: noqa\n${TORCH}x = 1  # noqa: PTL3O1\n`;
    expect(await judged(fileBlanket)).toEqual([]);
    expect((await judged(fileBlanket, ['PTL301'], { PTL002: { 'report-blanket': true } })).map((f) => [f.line, f.fix])).toEqual([[1, null]]);
    expect(await judged(`# pyteam-lint: noqa\n${TORCH}torch.load("m.pt")\n`, ['PTL301'], { PTL002: { 'report-blanket': true } })).toEqual([]);
  });

  it('does not judge a directive naming PTL002, nor a file that exempts PTL002', async () => {
    expect(await judged(`${TORCH}x = 1  # noqa: PTL002, PTL301\n`)).toEqual([]);
    expect(await judged(`# pyteam-lint: noqa: PTL002\n${TORCH}x = 1  # noqa: PTL301, PTL999\n`)).toEqual([]);
  });

  it('never judges the prefixes in external, nor codes of other tools', async () => {
    const text = `${TORCH}x = 1  # noqa: PTL901, PTL9X, E501, B614, F401\n`;
    expect((await judged(text)).map((f) => f.message)).toEqual([expect.stringContaining('unknown: `PTL901`, `PTL9X`')]);
    expect(await judged(text, ['PTL301'], { PTL002: { external: ['PTL9'] } })).toEqual([]);
    const rule = await ruleByCode('PTL002');
    expect(rule.options.safeParse({ external: ['S', 'B', 'PTL9'] }).success).toBe(true);
    expect(rule.options.safeParse({ external: ['not a prefix'] }).success).toBe(false);
  });

  it('is not run with ignoreNoqa (--ignore-noqa), where nothing is suppressed', async () => {
    const findings = (await lintProject(['PTL002', 'PTL301'], { 'app.py': `${TORCH}x = 1  # noqa: PTL301, PTL999\n` }, {}, { ignoreNoqa: true })).result.findings;
    expect(findings).toEqual([]);
  });

  it('gives the same findings from the cache, whose entries pass the outcome check with their directives', async () => {
    const dir = project({ 'app.py': `${TORCH}a = torch.load("a.pt")  # noqa: PTL301, PTL302\n` });
    const cacheDir = tempDir();
    const lintOnce = async () => {
      const cache = FileCache.open(cacheDir, 'noqa-test', () => undefined)!;
      const linter = await linterOf(['PTL002', 'PTL301', 'PTL302'], {}, cache);
      return (await linter.lint({ root: dir, cwd: dir, files: [path.join(dir, 'app.py')], maxFileSize: 1 << 24 })).findings;
    };
    const cold = await lintOnce();
    expect(cold.map((f) => f.code)).toEqual(['PTL002']);
    const entries = readdirSync(cacheDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.json'));
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      const text = readFileSync(path.join(e.parentPath, e.name), 'utf8');
      const outcome = asFileOutcome(JSON.parse(text.slice(text.indexOf('\n') + 1)));
      expect(outcome?.summary?.suppressions.directives).toHaveLength(1);
    }
    expect(await lintOnce()).toEqual(cold);
  });
});

/** The CLI's `run` in this process (the spawned binary runs the last build). */
async function cli(args: string[], cwd: string): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: () => ({ ok: false, reason: 'no standard input in this test' }) as ReturnType<Io['readStdin']>,
    isTty: false,
    env: { NO_COLOR: '1' },
    cwd,
  };
  const status = await run(args, io);
  return { status, stdout, stderr };
}

describe('PTL002 through the CLI', () => {
  it('reports an unused and a mistyped code by default, and --fix removes them', async () => {
    const dir = project({
      'pyproject.toml': '[tool.pyteam-lint]\n',
      'app.py': `${TORCH}a = torch.load("a.pt", weights_only=True)  # noqa: PTL301\nb = pickle.loads(b"")  # noqa: PTL3O2\nc = 1  # noqa: E501\n`,
    });
    const check = await cli(['--no-cache', '--format', 'concise', 'app.py'], dir);
    expect(check.stdout).toContain('app.py:3:');
    expect(check.stdout).toMatch(/PTL002.*unused: `PTL301`/);
    expect(check.stdout).toMatch(/PTL002.*unknown: `PTL3O2` \(did you mean `PTL302`\?\)/);
    expect(check.status).toBe(1);

    const fixed = await cli(['--no-cache', '--fix', '--format', 'concise', 'app.py'], dir);
    expect(readFileSync(path.join(dir, 'app.py'), 'utf8')).toBe(`${TORCH}a = torch.load("a.pt", weights_only=True)\nb = pickle.loads(b"")\nc = 1  # noqa: E501\n`);
    // What is left is the finding the mistyped code never suppressed.
    expect(fixed.stdout).toMatch(/app\.py:4:\d+: PTL302/);
    expect(fixed.stdout).not.toContain('PTL002');
  });

  it('--ignore-noqa reports what noqa hides and no PTL002', async () => {
    const dir = project({ 'pyproject.toml': '[tool.pyteam-lint]\n', 'app.py': `${TORCH}b = torch.load("b.pt")  # noqa: PTL301, PTL999\n` });
    const out = await cli(['--no-cache', '--ignore-noqa', '--format', 'concise', 'app.py'], dir);
    expect(out.stdout).toContain('PTL301');
    expect(out.stdout).not.toContain('PTL002');
  });

  it('takes external from the configuration', async () => {
    const dir = project({
      'pyproject.toml': '[tool.pyteam-lint]\n[tool.pyteam-lint.rules.unused-noqa]\nexternal = ["PTL9"]\n',
      'app.py': 'x = 1  # noqa: PTL901\ny = 2  # noqa: PTL801\n',
    });
    const out = await cli(['--no-cache', '--format', 'concise', 'app.py'], dir);
    expect(out.stdout).toContain('app.py:2:');
    expect(out.stdout).not.toContain('app.py:1:');
  });
});

describe('--add-noqa', () => {
  const LEGACY =
    'import pickle\nimport torch\n\n' +
    'a = torch.load("a.pt")\n' + // 4: a new directive
    'b = torch.load("b.pt")  # noqa: E501\n' + // 5: merged into another tool's list
    'c = torch.load("c.pt")  # weights from our bucket\n' + // 6: after a comment
    'd = torch.load("d.pt"); e = pickle.loads(b"")   \n' + // 7: two codes, trailing blanks trimmed
    'f = torch.load("""\n# not a comment\n""")\n' + // 8: ends inside a string: skipped
    'g = torch.load("g.pt") + \\\n    0\n' + // 11: continues with a backslash: skipped
    'h = torch.load("h.pt")  # noqa\n'; // 13: a blanket already covers it

  const EXPECTED =
    'import pickle\nimport torch\n\n' +
    'a = torch.load("a.pt")  # noqa: PTL301\n' +
    'b = torch.load("b.pt")  # noqa: E501, PTL301\n' +
    'c = torch.load("c.pt")  # weights from our bucket  # noqa: PTL301\n' +
    'd = torch.load("d.pt"); e = pickle.loads(b"")  # noqa: PTL301, PTL302\n' +
    'f = torch.load("""\n# not a comment\n""")\n' +
    'g = torch.load("g.pt") + \\\n    0\n' +
    'h = torch.load("h.pt")  # noqa\n';

  async function adopt(dir: string, files: string[]) {
    const linter = await linterOf(['PTL002', 'PTL301', 'PTL302']);
    return addNoqa(linter, { root: dir, cwd: dir, files: files.map((f) => path.join(dir, f)), maxFileSize: 1 << 24 });
  }

  it('adds, merges, skips where a comment cannot go, and a second run changes nothing', async () => {
    const dir = project({ 'legacy.py': LEGACY });
    const first = await adopt(dir, ['legacy.py']);
    expect(readFileSync(path.join(dir, 'legacy.py'), 'utf8')).toBe(EXPECTED);
    expect({ added: first.added, files: first.files }).toEqual({ added: 4, files: 1 });
    expect(first.warnings).toEqual([
      'legacy.py:8: no noqa added for PTL301: the line ends inside a string, where a comment would become part of it',
      'legacy.py:11: no noqa added for PTL301: the line continues with a backslash, after which no comment may follow',
    ]);
    const second = await adopt(dir, ['legacy.py']);
    expect({ added: second.added, files: second.files }).toEqual({ added: 0, files: 0 });
    expect(readFileSync(path.join(dir, 'legacy.py'), 'utf8')).toBe(EXPECTED);
    // What it added is used: the directives hide the findings, and PTL002 has nothing to say.
    expect(second.lint.findings.map((f) => `${f.line} ${f.code}`)).toEqual(['8 PTL301', '11 PTL301']);
  });

  it('keeps CRLF line endings and the byte-order mark', async () => {
    const crlf = 'import torch\r\nx = torch.load("x.pt")\r\ny = 1\r\n';
    const dir = project({ 'crlf.py': crlf, 'bom.py': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('import torch\nx = torch.load("x.pt")\n')]) });
    const result = await adopt(dir, ['bom.py', 'crlf.py']);
    expect(result.added).toBe(2);
    expect(readFileSync(path.join(dir, 'crlf.py'), 'utf8')).toBe('import torch\r\nx = torch.load("x.pt")  # noqa: PTL301\r\ny = 1\r\n');
    const bom = readFileSync(path.join(dir, 'bom.py'));
    expect([...bom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bom.subarray(3).toString('utf8')).toBe('import torch\nx = torch.load("x.pt")  # noqa: PTL301\n');
  });

  it('writes in a file\'s declared single-byte encoding', async () => {
    const text = '# -*- coding: latin-1 -*-\nimport torch\nname = "café"; x = torch.load("x.pt")\n';
    const dir = project({ 'latin.py': Buffer.from(text, 'latin1') });
    await adopt(dir, ['latin.py']);
    expect(readFileSync(path.join(dir, 'latin.py'))).toEqual(Buffer.from(text.replace('("x.pt")\n', '("x.pt")  # noqa: PTL301\n'), 'latin1'));
  });

  it('never writes after a file-level directive, which must stay the whole comment', async () => {
    const text = '# pyteam-lint: noqa: PTL302\nimport torch\n';
    const out = await addNoqaToText(text, [{ code: 'PTL301', line: 1 }]);
    expect(out.text).toBe(text);
    expect(out.skipped.map((s) => s.reason)).toEqual([expect.stringContaining('file-level')]);
  });

  it('leaves a file that does not parse alone', async () => {
    const text = 'import torch\nx = torch.load("x.pt")\ndef broken(:\n';
    expect((await addNoqaToText(text, [{ code: 'PTL301', line: 2 }])).text).toBe(text);
  });

  it('never writes into a string, and never answers an unused-noqa finding with a noqa', async () => {
    // The finding starts on line 1, where a `# noqa` would be string content; on line 2 it would not suppress it.
    const text = 'x = f("""a\nb""")\ny = 1  # noqa: PTL999\nz = g("""c""",\n      d)\n';
    const out = await addNoqaToText(text, [{ code: 'PTL301', line: 1 }, { code: 'PTL002', line: 3 }, { code: 'PTL301', line: 4 }]);
    expect(out.text).toBe('x = f("""a\nb""")\ny = 1  # noqa: PTL999\nz = g("""c""",  # noqa: PTL301\n      d)\n');
    expect(out.skipped).toEqual([{ line: 1, codes: ['PTL301'], reason: expect.stringContaining('inside a string') }]);
    expect(out.added).toBe(1);
  });

  it('does not write a file that changed after it was read', async () => {
    const dir = project({ 'a.py': 'import torch\nx = torch.load("x.pt")\n' });
    const linter = await linterOf(['PTL301']);
    const original = linter.lint.bind(linter);
    // Another program saves the file while the lint runs.
    linter.lint = async (request) => {
      const result = await original(request);
      writeFileSync(path.join(dir, 'a.py'), 'import torch\nx = torch.load("x.pt")  # edited\n');
      return result;
    };
    const result = await addNoqa(linter, { root: dir, cwd: dir, files: [path.join(dir, 'a.py')], maxFileSize: 1 << 24 });
    expect(result.added).toBe(0);
    expect(result.warnings).toEqual([expect.stringMatching(/^a\.py: not written: it changed during the fix/)]);
    expect(readFileSync(path.join(dir, 'a.py'), 'utf8')).toBe('import torch\nx = torch.load("x.pt")  # edited\n');
  });
});
