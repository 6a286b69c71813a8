/**
 * Repository scale: worker threads must not change a byte of output, and the content cache must
 * hit when nothing changed, miss when a file, the configuration or a file a cross-file rule reads
 * changes, survive corruption and concurrent runs, and step aside when it cannot be written.
 */
import { spawn } from 'node:child_process';
import { chmodSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';
import { BIN, project, run as runCli, tempDir } from './spawn.js';

/** The CLI with the cache on (the shared runner turns it off). */
function run(args: string[], cwd: string, env: Record<string, string> = {}) {
  return runCli(args, cwd, { env: { PYTEAM_LINT_NO_CACHE: '', ...env } });
}

/** Cache entries on disk (one JSON file per cached file result). */
function entries(cacheDir: string): string[] {
  return (readdirSync(cacheDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.json')).sort();
}

describe('threads', () => {
  it('prints the same bytes with 1 and 2 threads on the fixtures', () => {
    const fixtures = path.join(ROOT, 'fixtures');
    const args = ['--no-cache', '--format', 'json', '--select', 'ALL', '.'];
    const one = run(['--threads', '1', ...args], fixtures);
    const two = run(['--threads', '2', ...args], fixtures);
    expect(one.stderr).toBe('');
    expect(JSON.parse(one.stdout).summary.files).toBeGreaterThan(16); // enough files for workers to start
    expect(two.stdout).toBe(one.stdout);
    expect(run(['--threads', '0', '.'], fixtures).stderr).toMatch(/--threads: '0' is not a whole number from 1 to 256/);
  });
});

describe('cache', () => {
  const files = {
    'pyproject.toml': '[tool.pyteam-lint]\n',
    'pkg/__init__.py': '',
    'pkg/base.py': 'class Base:\n    pass\n',
    'pkg/frame.py': 'from .base import Base\n\nclass Frame(Base):\n    pass\n',
    'pkg/io.py': 'import torch\nstate = torch.load("m.pt")\n',
  };

  it('reuses results when nothing changed and recomputes what changed', () => {
    const dir = project(files);
    const cache = path.join(dir, '.pyteam-lint-cache');
    const first = run(['--format', 'json', '.'], dir);
    expect(readFileSync(path.join(cache, '.gitignore'), 'utf8')).toContain('*');
    const cached = entries(cache);
    expect(cached).toHaveLength(4);
    expect(run(['--format', 'json', '.'], dir).stdout).toBe(first.stdout);
    expect(entries(cache)).toEqual(cached); // nothing recomputed

    // A changed file gets a new entry; the others are reused.
    writeFileSync(path.join(dir, 'pkg/io.py'), 'import torch\nstate = torch.load("m.pt", weights_only=True)\n');
    const after = JSON.parse(run(['--format', 'json', '.'], dir).stdout) as { findings: Array<{ code: string }> };
    expect(after.findings.map((f) => f.code)).toEqual([]);
    expect(entries(cache)).toHaveLength(5);

    // A file a cross-file rule depends on: Frame becomes 3 deep when Base gains a project base.
    writeFileSync(path.join(dir, 'pkg/base.py'), 'class Root:\n    pass\n\nclass Base(Root):\n    pass\n');
    const deeper = JSON.parse(run(['--format', 'json', 'pkg/frame.py'], dir).stdout) as { findings: Array<{ code: string; path: string }> };
    expect(deeper.findings).toEqual([expect.objectContaining({ code: 'PTL201', path: 'pkg/frame.py' })]);

    // New configuration: different results, not stale ones.
    writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.pyteam-lint.rules.deep-inheritance]\nmax-depth = 5\n');
    expect(JSON.parse(run(['--format', 'json', '.'], dir).stdout).findings).toEqual([]);
  });

  it('ignores a corrupt or foreign entry and rewrites it', () => {
    const dir = project(files);
    const cache = path.join(dir, '.pyteam-lint-cache');
    const first = run(['--format', 'json', '.'], dir).stdout;
    const all = entries(cache);
    writeFileSync(path.join(cache, all[0]!), '{"key": "trun');
    writeFileSync(path.join(cache, all[1]!), JSON.stringify({ key: 'someone-else', value: { findings: 'nope' } }));
    const again = run(['--format', 'json', '.'], dir);
    expect(again.stderr).toBe('');
    expect(again.stdout).toBe(first);
    // Rewritten whole: a header naming its key and checksum, then the payload.
    const rewritten = readFileSync(path.join(cache, all[0]!), 'utf8');
    expect(rewritten.split('\n', 1)[0]).toMatch(new RegExp(`^pyteam-lint-cache ${path.basename(all[0]!, '.json')} [0-9a-f]{64}$`));
    expect(JSON.parse(rewritten.slice(rewritten.indexOf('\n') + 1))).toHaveProperty('findings');
  });

  it('is shared safely by two runs at once', async () => {
    const many: Record<string, string> = { 'pyproject.toml': '[tool.pyteam-lint]\n' };
    for (let i = 0; i < 60; i++) many[`m${i}.py`] = `import torch\n\ndef load_${i}(p):\n    return torch.load(p)\n`;
    const dir = project(many);
    const once = (): Promise<string> =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, [BIN, '--format', 'json', '.'], { cwd: dir });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.on('close', () => resolve(out));
      });
    const [a, b] = await Promise.all([once(), once()]);
    expect(a).toBe(b);
    expect(JSON.parse(a).findings).toHaveLength(60);
    expect(run(['--format', 'json', '.'], dir).stdout).toBe(a);
    expect(entries(path.join(dir, '.pyteam-lint-cache')).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('honours --no-cache, --cache-dir and the environment', () => {
    const dir = project(files);
    run(['--no-cache', '.'], dir);
    run(['.'], dir, { PYTEAM_LINT_NO_CACHE: '1' });
    expect(readdirSync(dir)).not.toContain('.pyteam-lint-cache');
    const elsewhere = tempDir('pyteam-cache-');
    run(['--cache-dir', elsewhere, '.'], dir);
    expect(entries(elsewhere)).toHaveLength(4);
    const fromEnv = tempDir('pyteam-cache-env-');
    run(['.'], dir, { PYTEAM_LINT_CACHE_DIR: fromEnv });
    expect(entries(fromEnv)).toHaveLength(4);
  });

  it.skipIf(process.getuid?.() === 0)('turns itself off with one warning where it cannot write', () => {
    const dir = project(files);
    const locked = tempDir('pyteam-locked-');
    chmodSync(locked, 0o500);
    const r = run(['--cache-dir', path.join(locked, 'cache'), '--format', 'json', '.'], dir);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/warning: cache directory .* cannot be written \(EACCES\); running without a cache/)]);
    expect(JSON.parse(r.stdout).findings).toHaveLength(1);
  });

  it('turns itself off with one warning where the location is not a directory', () => {
    const dir = project({ ...files, 'not-a-dir': 'x' });
    const r = run(['--cache-dir', 'not-a-dir/cache', '--format', 'json', '.'], dir);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/warning: cache directory .*not-a-dir\/cache cannot be written \(\w+\); running without a cache/)]);
    expect(JSON.parse(r.stdout).findings.map((f: { code: string }) => f.code)).toEqual(['PTL301']);
  });
});
