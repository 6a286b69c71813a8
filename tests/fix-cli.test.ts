/**
 * `--fix`, `--unsafe-fixes`, `--diff` and `--show-fixes` end to end: the real binary on copies of
 * the demo project and on files with unusual bytes (encodings, BOM, CRLF, permissions, links).
 */
import { chmodSync, cpSync, lstatSync, readFileSync, readdirSync, realpathSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../src/engine/fix.js';
import { ROOT, notebooksUnder, pythonFilesUnder } from './helpers.js';
import { project, run } from './spawn.js';

const UNSAFE = 'import torch\n\nstate = torch.load("model.pt")\n';
const FIXED = 'import torch\n\nstate = torch.load("model.pt", weights_only=True)\n';

function demoCopy(): string {
  const dir = project({});
  cpSync(path.join(ROOT, 'fixtures', 'demo'), dir, { recursive: true });
  return dir;
}

function snapshot(dir: string): Map<string, string> {
  return new Map([...pythonFilesUnder(dir), ...notebooksUnder(dir)].sort().map((f) => [path.relative(dir, f), readFileSync(f, 'utf8')]));
}

describe('--diff and --fix on the demo project', () => {
  it('--diff without --unsafe-fixes has nothing to do (every demo fix is unsafe)', () => {
    const dir = demoCopy();
    const r = run(['--diff', '.'], dir);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('No fixes to apply.\n');
    expect(r.status).toBe(0);
  });

  it('--diff --unsafe-fixes prints what --fix then writes, and --fix leaves the project parseable and idempotent', () => {
    const dir = demoCopy();
    const before = snapshot(dir);
    const diff = run(['--diff', '--unsafe-fixes', '.'], dir);
    expect(diff.status).toBe(1);
    expect(diff.stderr).toBe('Would fix 5 findings in 3 files; run with --fix --unsafe-fixes to apply.\n');
    // The notebook's fix is an edit of its JSON, inside the cell's source.
    expect(diff.stdout).toMatch(/^--- a\/notebooks\/explore\.ipynb\n\+\+\+ b\/notebooks\/explore\.ipynb\n@@ /);
    expect(diff.stdout).toContain('+    "detector = torch.load(\\"checkpoints/detector.pt\\", weights_only=True)  # expect: PTL301\\n",');
    expect(diff.stdout).toContain('\n--- a/pipeline/aggregator.py\n+++ b/pipeline/aggregator.py\n@@ ');
    expect(diff.stdout).toContain('\n--- a/pipeline/detector.py\n+++ b/pipeline/detector.py\n@@ ');
    expect(diff.stdout).toContain('+            await asyncio.sleep(0.01)  # expect: PTL106');
    expect(diff.stdout).toContain('+        return yaml.safe_load(f)  # expect: PTL302');
    expect(diff.stdout).toContain('+    model = torch.load(weights, weights_only=True)  # expect: PTL301');
    expect(diff.stdout).toContain('+        msg = in_q.get(timeout=1.0)  # expect: PTL102');
    expect(snapshot(dir)).toEqual(before); // --diff writes nothing

    const fix = run(['--fix', '--unsafe-fixes', '--format', 'concise', '.'], dir);
    expect(fix.status).toBe(1); // findings without a fix remain
    expect(fix.stdout).toContain('Fixed 5 findings in 3 files.');
    expect(fix.stdout).not.toMatch(/PTL30[12]\b.*detector|detector.*PTL30[12]\b|detector\.py:\d+:\d+: PTL102/);
    const after = snapshot(dir);
    const changed = [...after].filter(([rel, text]) => before.get(rel) !== text).map(([rel]) => rel);
    expect(changed).toEqual([path.join('notebooks', 'explore.ipynb'), path.join('pipeline', 'aggregator.py'), path.join('pipeline', 'detector.py')]);
    const written = changed.map((rel) => unifiedDiff(rel.split(path.sep).join('/'), before.get(rel)!, after.get(rel)!)).join('');
    expect(written).toBe(diff.stdout);

    expect(run(['--select', 'PTL001', '.'], dir).status).toBe(0); // still parses
    const again = run(['--fix', '--unsafe-fixes', '--format', 'concise', '.'], dir);
    expect(again.stdout).not.toContain('Fixed');
    expect(snapshot(dir)).toEqual(after);
  });

  it('--fix without --unsafe-fixes applies nothing unsafe', () => {
    const dir = demoCopy();
    const before = snapshot(dir);
    const r = run(['--fix', '.'], dir);
    expect(r.status).toBe(1);
    expect(snapshot(dir)).toEqual(before);
  });

  it('--show-fixes lists each fix by file and rule; with JSON the note goes to stderr', () => {
    const dir = demoCopy();
    const r = run(['--fix', '--unsafe-fixes', '--show-fixes', '--format', 'json', '.'], dir);
    const report = JSON.parse(r.stdout) as { findings: Array<{ code: string; path: string }> };
    expect(report.findings.filter((f) => f.path === 'pipeline/detector.py').map((f) => f.code)).toEqual(['PTL104', 'PTL103', 'PTL101']);
    expect(r.stderr).toBe(
      [
        'Fixed 5 findings:',
        '- notebooks/explore.ipynb:',
        '    1 × PTL301 (unsafe-torch-load) [unsafe] Pass `weights_only=True` (loads tensors only; a checkpoint holding pickled objects will then fail to load)',
        '- pipeline/aggregator.py:',
        '    1 × PTL106 (asyncio-cpu-bound) [unsafe] Use `await asyncio.sleep(...)` (unsafe: other tasks of the event loop now run during the pause)',
        '- pipeline/detector.py:',
        '    1 × PTL102 (queue-get-without-timeout) [unsafe] Pass `timeout=1.0` (unsafe: `get` then raises `queue.Empty` after 1.0 s; the caller must handle `queue.Empty`)',
        '    1 × PTL301 (unsafe-torch-load) [unsafe] Pass `weights_only=True` (loads tensors only; a checkpoint holding pickled objects will then fail to load)',
        '    1 × PTL302 (unsafe-deserialization) [unsafe] Call `yaml.safe_load` instead (builds plain data only; a stream with Python-specific tags such as `!!python/object` will then fail to load)',
        '',
      ].join('\n'),
    );
  });

  it('--agent limits the fixes to that role', () => {
    const dir = demoCopy();
    const r = run(['--fix', '--unsafe-fixes', '--show-fixes', '--agent', 'python-async-specialist', '--format', 'concise', '.'], dir);
    expect(r.stdout).toContain('1 × PTL102');
    expect(r.stdout).not.toContain('PTL301');
    expect(readFileSync(path.join(dir, 'pipeline', 'detector.py'), 'utf8')).toContain('torch.load(weights)  #');
  });
});

describe('fixable markers', () => {
  it('marks unsafe fixes [-] with a hint, and [*] once --unsafe-fixes would apply them', () => {
    const dir = project({ 'm.py': UNSAFE });
    const plain = run(['--format', 'concise', 'm.py'], dir);
    expect(plain.stdout).toContain('m.py:3:9: PTL301 [-] ');
    expect(plain.stdout).toContain('[-] 1 more with --fix --unsafe-fixes (unsafe: review them).');
    const full = run(['m.py'], dir);
    expect(full.stdout).toContain('  = fix (unsafe): Pass `weights_only=True`');
    const unsafe = run(['--format', 'concise', '--unsafe-fixes', 'm.py'], dir);
    expect(unsafe.stdout).toContain('m.py:3:9: PTL301 [*] ');
    expect(unsafe.stdout).toContain('[*] 1 fixable with --fix --unsafe-fixes.');
  });
});

describe('writing fixed files', () => {
  it('keeps the encoding, the BOM, CRLF line endings and the permissions', () => {
    const latin1 = Buffer.from('# -*- coding: latin-1 -*-\r\n# café\r\nimport torch\r\n\r\nstate = torch.load("modèle.pt")\r\n', 'latin1');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('import torch\n\nstate = torch.load("ü.pt")\n', 'utf8')]);
    const dir = project({ 'latin.py': latin1, 'bom.py': bom });
    chmodSync(path.join(dir, 'latin.py'), 0o750);
    chmodSync(path.join(dir, 'bom.py'), 0o600);
    const r = run(['--fix', '--unsafe-fixes', '.'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(path.join(dir, 'latin.py'))).toEqual(
      Buffer.from('# -*- coding: latin-1 -*-\r\n# café\r\nimport torch\r\n\r\nstate = torch.load("modèle.pt", weights_only=True)\r\n', 'latin1'),
    );
    expect(readFileSync(path.join(dir, 'bom.py'))).toEqual(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('import torch\n\nstate = torch.load("ü.pt", weights_only=True)\n', 'utf8')]),
    );
    expect(statSync(path.join(dir, 'latin.py')).mode & 0o777).toBe(0o750);
    expect(statSync(path.join(dir, 'bom.py')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('fixes the target of a symbolic link and leaves the link a link', () => {
    const dir = project({ 'real/m.py': UNSAFE });
    symlinkSync(path.join(dir, 'real', 'm.py'), path.join(dir, 'link.py'));
    run(['--fix', '--unsafe-fixes', 'link.py'], dir);
    expect(lstatSync(path.join(dir, 'link.py')).isSymbolicLink()).toBe(true);
    expect(realpathSync(path.join(dir, 'link.py'))).toBe(path.join(realpathSync(dir), 'real', 'm.py'));
    expect(readFileSync(path.join(dir, 'real', 'm.py'), 'utf8')).toBe(FIXED);
  });

  it('leaves a file that does not parse alone, and says why', () => {
    const broken = 'import torch\n\nstate = torch.load("model.pt")\ndef (\n';
    const dir = project({ 'b.py': broken });
    const r = run(['--fix', '--unsafe-fixes', 'b.py'], dir);
    expect(r.stderr).toContain('pyteam-lint: warning: b.py: not fixed: does not parse (line 4');
    expect(readFileSync(path.join(dir, 'b.py'), 'utf8')).toBe(broken);
    expect(r.status).toBe(1);
  });

  it('with stdin, prints the fixed source to stdout and the report to stderr', () => {
    const dir = project({});
    const r = run(['--fix', '--unsafe-fixes', '--stdin-filename', 'm.py', '-'], dir, { input: UNSAFE });
    expect(r.stdout).toBe(FIXED);
    expect(r.stderr).toContain('No findings in 1 file.');
    expect(r.status).toBe(0);
    const unfixable = run(['--fix', '--stdin-filename', 'm.py', '-'], dir, { input: UNSAFE });
    expect(unfixable.stdout).toBe(UNSAFE);
    expect(unfixable.stderr).toContain('m.py:3:9: PTL301');
    expect(unfixable.status).toBe(1);
  });

  // Root writes anywhere, so this can only be checked as another user.
  it.skipIf(process.getuid?.() === 0)('does not write into a read-only directory half-way: the file is left as it was', () => {
    const dir = project({ 'ro/m.py': UNSAFE });
    chmodSync(path.join(dir, 'ro'), 0o555);
    try {
      const r = run(['--fix', '--unsafe-fixes', 'ro/m.py'], dir);
      expect(r.stderr).toMatch(/ro\/m\.py: not fixed: permission denied/);
      expect(readFileSync(path.join(dir, 'ro', 'm.py'), 'utf8')).toBe(UNSAFE);
    } finally {
      chmodSync(path.join(dir, 'ro'), 0o755);
    }
  });
});
