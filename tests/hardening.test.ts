/**
 * The edges a hostile repository or a careless user reaches (issue 16): special files where
 * sources, configs, ignore files, patches and standard input are read; concurrent and confined
 * `--fix`; failing output streams; a cache that checks itself; the project root; lone CR line
 * endings; `verify` kept inside its working tree; file names that are not UTF-8. Every case runs
 * the real binary (FIFOs, devices, symbolic links, concurrent processes, signals).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotWritten, writeFileAtomic } from '../src/engine/fix.js';
import { BIN, NO_TRACE, project, tempDir } from './spawn.js';
import { ROOT, pythonFilesUnder } from './helpers.js';

const UNSAFE = 'import torch\n\nstate = torch.load("model.pt")\n';
const FIXED = 'import torch\n\nstate = torch.load("model.pt", weights_only=True)\n';
const YAML = 'import yaml\n\n\ndef read(s):\n    return yaml.load(s)\n';
const YAML_FIXED = 'import yaml\n\n\ndef read(s):\n    return yaml.safe_load(s)\n';
const ENV = { NO_COLOR: '', FORCE_COLOR: '', PYTEAM_LINT_NO_CACHE: '1' };

/** The binary with a deadline: a hang fails the test instead of stalling the suite. */
function runFor(args: string[], cwd: string, options: { stdin?: number | string; env?: Record<string, string>; timeout?: number } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...ENV, ...options.env },
    timeout: options.timeout ?? 20_000,
    maxBuffer: 64 * 1024 * 1024,
    ...(typeof options.stdin === 'number' ? { stdio: [options.stdin, 'pipe', 'pipe'] } : { input: options.stdin ?? '' }),
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** A temporary project that is a repository (its own root). */
function repo(files: Record<string, string | Buffer>): string {
  const dir = project(files);
  mkdirSync(path.join(dir, '.git'));
  return dir;
}

function mkfifo(file: string): void {
  const r = spawnSync('mkfifo', [file]);
  if (r.status !== 0) throw new Error(`mkfifo failed: ${r.stderr}`);
}

function concise(r: { stdout: string }): string[] {
  return r.stdout.split('\n').filter((l) => /:\d+:\d+: PTL\d{3}/.test(l) || / error: /.test(l));
}

describe('only regular files are read (rows 1, 2, 18)', () => {
  it('a FIFO or /dev/zero named on the command line is an error for that file; the others are linted', () => {
    const dir = repo({ 'good.py': UNSAFE });
    mkfifo(path.join(dir, 'p.py'));
    const r = runFor(['--format', 'concise', 'good.py', 'p.py', '/dev/zero'], dir);
    expect(r.signal).toBeNull();
    expect(r.stdout).toContain('good.py:3:9: PTL301');
    expect(r.stdout).toContain('p.py: error: is a FIFO (named pipe), not a regular file; skipped');
    expect(r.stdout).toMatch(/dev\/zero: error: is a character device, not a regular file; skipped/);
    expect(r.status).toBe(1);
  });

  it('a FIFO in a walked directory is said, not skipped in silence', () => {
    const dir = repo({ 'pkg/good.py': 'x = 1\n' });
    mkfifo(path.join(dir, 'pkg', 'pipe.py'));
    const r = runFor(['--format', 'concise', '.'], dir);
    expect(r.stdout).toContain('pkg/pipe.py: error: is a FIFO (named pipe), not a regular file; skipped');
    expect(r.stdout).toContain('1 file could not be checked');
  });

  it('standard input is checked as a file is: endless, NUL bytes, not UTF-8', () => {
    const dir = repo({});
    const zero = openSync('/dev/zero', 'r');
    try {
      const endless = runFor(['--format', 'concise', '-'], dir, { stdin: zero });
      expect(endless.signal).toBeNull();
      expect(endless.stdout).toContain('stdin.py: error: standard input: file is larger than max-file-size (5.0 MiB)');
      expect(endless.status).toBe(1);
    } finally {
      closeSync(zero);
    }
    const nul = spawnSync(process.execPath, [BIN, '--format', 'concise', '-'], { cwd: dir, input: Buffer.from('x = 1\0\n'), env: { ...process.env, ...ENV }, encoding: 'utf8' });
    expect(nul.stdout).toContain('stdin.py: error: standard input: binary file (contains NUL bytes); skipped');
    const latin = spawnSync(process.execPath, [BIN, '--format', 'concise', '-'], { cwd: dir, input: Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xe9, 0x22, 0x0a]), env: { ...process.env, ...ENV }, encoding: 'utf8' });
    expect(latin.stdout).toContain('stdin.py: error: standard input: not valid UTF-8');
  });

  it('verify refuses a patch that is a FIFO or endless instead of waiting on it', () => {
    const dir = repo({ 'm.py': UNSAFE });
    mkfifo(path.join(dir, 'fix.diff'));
    const fifo = runFor(['verify', 'fix.diff'], dir);
    expect(fifo.stderr).toBe('pyteam-lint: error: verify: cannot read fix.diff: is a FIFO (named pipe), not a regular file\n');
    expect(fifo.status).toBe(2);
    const zero = openSync('/dev/zero', 'r');
    try {
      const endless = runFor(['verify', '-'], dir, { stdin: zero });
      expect(endless.stderr).toMatch(/^pyteam-lint: error: verify: cannot read standard input: file is larger than the patch size limit/);
      expect(endless.status).toBe(2);
    } finally {
      closeSync(zero);
    }
  });

  it('a .gitignore that is a link to /dev/zero is left out with a warning; the run completes', () => {
    const dir = repo({ 'm.py': UNSAFE, 'skip/n.py': UNSAFE });
    symlinkSync('/dev/zero', path.join(dir, '.gitignore'));
    const r = runFor(['--format', 'concise', '.'], dir);
    expect(r.signal).toBeNull();
    expect(r.stderr).toContain('.gitignore: is a character device, not a regular file; its patterns are not applied');
    expect(concise(r)).toHaveLength(2);
  });

  it('a pyproject.toml that is a FIFO or /dev/zero is a configuration error naming it, not a hang', () => {
    const dir = repo({ 'm.py': UNSAFE });
    mkfifo(path.join(dir, 'pyproject.toml'));
    const fifo = runFor(['m.py'], dir);
    expect(fifo.stderr).toMatch(/^pyteam-lint: error: cannot read configuration file .*pyproject\.toml: is a FIFO \(named pipe\), not a regular file\n$/);
    expect(fifo.status).toBe(2);
    rmSync(path.join(dir, 'pyproject.toml'));
    symlinkSync('/dev/zero', path.join(dir, 'pyproject.toml'));
    const zero = runFor(['m.py'], dir);
    expect(zero.stderr).toMatch(/pyproject\.toml: is a character device, not a regular file\n$/);
    expect(zero.status).toBe(2);
  });
});

describe('--fix is compare-and-swap, serialised and confined (rows 3, 4, 18)', () => {
  it('two concurrent --fix runs on one tree leave every file exactly fixed once', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 120; i++) files[`pkg/m${String(i).padStart(3, '0')}.py`] = i % 2 ? YAML : UNSAFE;
    const dir = repo(files);
    const start = () =>
      new Promise<number>((resolve) => {
        const child = spawn(process.execPath, [BIN, '--fix', '--unsafe-fixes', '-q', '.'], { cwd: dir, env: { ...process.env, ...ENV }, stdio: 'ignore' });
        child.on('exit', (code) => resolve(code ?? -1));
      });
    const first = start();
    await new Promise((r) => setTimeout(r, 200));
    const codes = await Promise.all([first, start()]);
    expect(codes).toEqual([0, 0]);
    for (let i = 0; i < 120; i++) {
      const name = `pkg/m${String(i).padStart(3, '0')}.py`;
      expect(readFileSync(path.join(dir, name), 'utf8'), name).toBe(i % 2 ? YAML_FIXED : FIXED);
    }
  }, 120_000);

  it('a file changed after it was read is left alone and reported, never merged', () => {
    const dir = project({ 'm.py': UNSAFE });
    const file = path.join(dir, 'm.py');
    writeFileSync(file, `${UNSAFE}# saved by an editor\n`);
    expect(() => writeFileAtomic(file, Buffer.from(FIXED), Buffer.from(UNSAFE))).toThrow(new NotWritten('it changed during the fix; not written (run again)'));
    expect(readFileSync(file, 'utf8')).toBe(`${UNSAFE}# saved by an editor\n`);
    expect(readdirSync(dir)).toEqual(['m.py']); // no temporary file left behind
  });

  it('never writes through a file or directory link to outside the tree', () => {
    const outer = tempDir();
    const dir = path.join(outer, 'proj');
    mkdirSync(path.join(dir, '.git'), { recursive: true });
    mkdirSync(path.join(outer, 'outside', 'lib'), { recursive: true });
    writeFileSync(path.join(outer, 'outside', 'victim.py'), UNSAFE);
    writeFileSync(path.join(outer, 'outside', 'lib', 'other.py'), UNSAFE);
    mkdirSync(path.join(dir, 'pkg'));
    writeFileSync(path.join(dir, 'pkg', 'own.py'), UNSAFE);
    symlinkSync('../../outside/victim.py', path.join(dir, 'pkg', 'x.py'));
    symlinkSync('../../outside/lib', path.join(dir, 'pkg', 'lib'));
    const r = runFor(['--fix', '--unsafe-fixes', '--format', 'concise', 'pkg/'], dir);
    expect(readFileSync(path.join(outer, 'outside', 'victim.py'), 'utf8')).toBe(UNSAFE);
    expect(readFileSync(path.join(outer, 'outside', 'lib', 'other.py'), 'utf8')).toBe(UNSAFE);
    expect(readFileSync(path.join(dir, 'pkg', 'own.py'), 'utf8')).toBe(FIXED);
    expect(r.stderr).toMatch(/pkg\/x\.py: not fixed: it resolves to .*outside\/victim\.py, outside the tree being fixed; not written/);
    // The directory link out of the project is not even walked (ripgrep's and Ruff's default).
    expect(r.stdout + r.stderr).not.toContain('other.py');
    expect(lstatSync(path.join(dir, 'pkg', 'x.py')).isSymbolicLink()).toBe(true);
  });

  it('a directory link to / in the repository is not walked', () => {
    const dir = repo({ 'pkg/own.py': UNSAFE });
    symlinkSync('/', path.join(dir, 'pkg', 'root'));
    const r = runFor(['--format', 'concise', '.'], dir);
    expect(r.signal).toBeNull();
    expect(concise(r)).toEqual([expect.stringMatching(/^pkg\/own\.py:3:9: PTL301/)]);
    expect(r.stdout).toContain('(1 checked)');
  });

  it('never rewrites a read-only file, and says so', () => {
    const dir = repo({ 'ro.py': UNSAFE, 'rw.py': UNSAFE });
    chmodSync(path.join(dir, 'ro.py'), 0o444);
    const r = runFor(['--fix', '--unsafe-fixes', '.'], dir);
    expect(readFileSync(path.join(dir, 'ro.py'), 'utf8')).toBe(UNSAFE);
    expect(statSync(path.join(dir, 'ro.py')).mode & 0o777).toBe(0o444);
    expect(readFileSync(path.join(dir, 'rw.py'), 'utf8')).toBe(FIXED);
    expect(r.stderr).toContain('pyteam-lint: warning: ro.py: not fixed: it is read-only; not written');
  });

  it('a signal during the write phase leaves no temporary file and no half-written file', async () => {
    // Large to write, cheap to lint: one long string each.
    const big = `${UNSAFE}blob = "${'a'.repeat(1_000_000)}"\n`;
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`m${i}.py`] = big;
    const dir = repo(files);
    const fixedBig = big.replace('torch.load("model.pt")', 'torch.load("model.pt", weights_only=True)');
    for (let trial = 0; trial < 3; trial++) {
      for (let i = 0; i < 40; i++) writeFileSync(path.join(dir, `m${i}.py`), big);
      const child = spawn(process.execPath, [BIN, '--fix', '--unsafe-fixes', '-q', '--threads', '1', '.'], { cwd: dir, env: { ...process.env, ...ENV }, stdio: 'ignore' });
      const exited = new Promise((r) => child.on('exit', r));
      let running = true;
      void exited.then(() => (running = false));
      // The interrupt arrives the moment a temporary file exists: in the middle of a write.
      while (running && !readdirSync(dir).some((f) => f.endsWith('.tmp'))) await new Promise((r) => setImmediate(r));
      child.kill('SIGTERM');
      await exited;
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp')), `trial ${trial}`).toEqual([]);
      for (let i = 0; i < 40; i++) expect([big, fixedBig]).toContain(readFileSync(path.join(dir, `m${i}.py`), 'utf8'));
    }
  }, 120_000);

  it.skipIf(process.getuid?.() === 0)('a directory it cannot write into is "cannot be written", not "cannot be read"', () => {
    const dir = repo({ 'ro/m.py': UNSAFE });
    chmodSync(path.join(dir, 'ro'), 0o555);
    try {
      const r = runFor(['--fix', '--unsafe-fixes', 'ro/m.py'], dir);
      expect(r.stderr).toContain('ro/m.py: not fixed: permission denied: cannot be written');
    } finally {
      chmodSync(path.join(dir, 'ro'), 0o755);
    }
  });
});

describe('output streams (row 5)', () => {
  it('a reader that goes away ends the run quietly, with the usual exit status', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`m${i}.py`] = UNSAFE;
    const dir = repo(files);
    // As a user writes it: `pyteam-lint --format json . | true` (pipefail gives our exit status).
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" --format json . | true`], { cwd: dir, env: { ...process.env, ...ENV }, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
  });

  it('a full disk is one clear message and exit 2', () => {
    const dir = repo({ 'm.py': UNSAFE });
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [BIN, '--format', 'json', '.'], { cwd: dir, env: { ...process.env, ...ENV }, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      expect(r.stderr).toBe('pyteam-lint: error: cannot write to standard output: no space left on device (ENOSPC)\n');
      expect(r.stderr).not.toMatch(NO_TRACE);
      expect(r.status).toBe(2);
    } finally {
      closeSync(full);
    }
  });
});

describe('a self-checking cache (rows 6, 7)', () => {
  const files = {
    'pkg/__init__.py': '',
    'pkg/a.py': UNSAFE,
    'pkg/b.py': YAML,
    'pkg/c.py': 'class A:\n    pass\n\nclass B(A):\n    pass\n\nclass C(B):\n    pass\n',
    'pkg/d.py': 'from pkg.c import C\n\nclass D(C):\n    pass\n',
  };
  const cached = { PYTEAM_LINT_NO_CACHE: '' };
  const entriesOf = (dir: string) =>
    (readdirSync(path.join(dir, '.pyteam-lint-cache'), { recursive: true }) as string[]).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(dir, '.pyteam-lint-cache', f));

  it('a flipped bit anywhere in any entry is a miss: the same findings, no crash, no warning', () => {
    const dir = repo(files);
    const baseline = runFor(['--format', 'json', '.'], dir, { env: cached });
    expect(baseline.status).toBe(1);
    const entries = entriesOf(dir);
    expect(entries.length).toBe(5);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 24; trial++) {
      const file = entries[Math.floor(random() * entries.length)]!;
      const bytes = readFileSync(file);
      const at = Math.floor(random() * bytes.length);
      bytes[at]! ^= 1 << Math.floor(random() * 8);
      writeFileSync(file, bytes);
      const r = runFor(['--format', 'json', '.'], dir, { env: cached });
      expect(r.stderr, `trial ${trial}`).toBe('');
      expect(r.stdout, `trial ${trial}: byte ${at} of ${path.basename(file)}`).toBe(baseline.stdout);
      expect(r.status).toBe(1);
    }
  }, 120_000);

  it('an entry edited to report nothing does not hide the finding', () => {
    const dir = repo(files);
    const baseline = runFor(['--format', 'json', 'pkg/a.py'], dir, { env: cached });
    expect(baseline.stdout).toContain('PTL301');
    for (const file of entriesOf(dir)) {
      // The payload follows a header line (an older layout was one JSON object with a `value`).
      const text = readFileSync(file, 'utf8');
      const newline = text.indexOf('\n');
      const entry = JSON.parse(text.slice(newline + 1)) as { findings?: unknown[]; value?: { findings: unknown[] } };
      if (entry.value) entry.value.findings = [];
      else entry.findings = [];
      writeFileSync(file, `${text.slice(0, newline + 1)}${JSON.stringify(entry)}`);
    }
    const r = runFor(['--format', 'json', 'pkg/a.py'], dir, { env: cached });
    expect(r.stdout).toBe(baseline.stdout);
  });

  it('an entry that is a link to /dev/zero or a FIFO is ignored', () => {
    const dir = repo(files);
    const baseline = runFor(['--format', 'json', '.'], dir, { env: cached });
    const [first, second] = entriesOf(dir);
    rmSync(first!);
    symlinkSync('/dev/zero', first!);
    rmSync(second!);
    mkfifo(second!);
    const r = runFor(['--format', 'json', '.'], dir, { env: cached });
    expect(r.signal).toBeNull();
    expect(r.stdout).toBe(baseline.stdout);
  });
});

describe('the project root (row 8)', () => {
  // Two unrelated directories under one parent with no project marker: the parent is not the
  // project. Were it indexed, c/base.py would make D four classes deep (PTL201) and be cached.
  function unrelated(): string {
    const parent = tempDir();
    mkdirSync(path.join(parent, 'a'));
    mkdirSync(path.join(parent, 'b'));
    mkdirSync(path.join(parent, 'c'));
    writeFileSync(path.join(parent, 'a', 'm.py'), 'from c.base import Base\n\n\nclass D(Base):\n    pass\n');
    writeFileSync(path.join(parent, 'b', 'n.py'), 'x = 1\n');
    writeFileSync(path.join(parent, 'c', 'base.py'), 'class Root:\n    pass\n\n\nclass Mid(Root):\n    pass\n\n\nclass Base(Mid):\n    pass\n');
    return parent;
  }

  it('files with no project above them are the whole run: their common parent is not indexed', () => {
    const parent = unrelated();
    const work = tempDir();
    const r = runFor(['--format', 'concise', path.join(parent, 'a', 'm.py'), path.join(parent, 'b', 'n.py')], work, { env: { PYTEAM_LINT_NO_CACHE: '' } });
    expect(r.stdout).not.toContain('PTL201');
    expect(r.stdout).toContain('No findings in 2 files.');
    // The cache is the run's own (where it ran), holding the two named files and nothing else.
    const entries = (readdirSync(path.join(work, '.pyteam-lint-cache'), { recursive: true }) as string[]).filter((f) => f.endsWith('.json'));
    expect(entries).toHaveLength(2);
    expect(readdirSync(parent).sort()).toEqual(['a', 'b', 'c']);
  });

  it('a missing path is an error before any discovery: its parent is not indexed', () => {
    const parent = unrelated();
    const r = runFor(['--format', 'concise', 'typo_dir'], parent, { env: { PYTEAM_LINT_NO_CACHE: '' } });
    expect(r.stdout).toContain('typo_dir: error: no such file or directory');
    expect(r.status).toBe(1);
    // Nothing was summarised: the run's cache holds no entry.
    expect((readdirSync(parent, { recursive: true }) as string[]).filter((f) => f.endsWith('.json'))).toEqual([]);
  });

  it('a project marker above the files makes them one project (and the cross-file finding appears)', () => {
    const parent = unrelated();
    writeFileSync(path.join(parent, 'pyproject.toml'), '[project]\nname = "x"\n');
    const r = runFor(['--format', 'concise', 'a/m.py', 'b/n.py'], parent);
    expect(r.stdout).toContain('a/m.py:4:7: PTL201');
  });
});

describe('the traversal (rows 9, 11)', () => {
  it('deeply nested lambdas take linear time (60,000 deep in seconds, not minutes)', () => {
    const deep = `f = ${'lambda: '.repeat(60_000)}0\n`;
    const dir = repo({ 'deep.py': `import torch\n${deep}x = torch.load("m.pt")\n` });
    const r = runFor(['--format', 'concise', 'deep.py'], dir, { timeout: 60_000 });
    expect(r.signal).toBeNull();
    expect(concise(r)).toEqual([expect.stringMatching(/^deep\.py:3:5: PTL301/)]);
  }, 90_000);

  it('lone CR line endings parse as Python reads them: the same findings at the same places, and --fix keeps them', () => {
    const source = 'import torch\nimport yaml\n\n\ndef load(p, s):\n    if p:\n        return torch.load(p)  # trailing\n    return yaml.load(s)\n';
    const dir = repo({ 'lf.py': source, 'cr.py': source.replace(/\n/g, '\r') });
    const r = runFor(['--format', 'json', 'lf.py', 'cr.py'], dir);
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ path: string; code: string; line: number; column: number; endLine: number; endColumn: number }> }).findings;
    const at = (p: string) => findings.filter((f) => f.path === p).map(({ code, line, column, endLine, endColumn }) => ({ code, line, column, endLine, endColumn }));
    expect(at('cr.py')).toEqual(at('lf.py'));
    expect(at('cr.py').map((f) => f.code)).toEqual(['PTL301', 'PTL302']);
    runFor(['--fix', '--unsafe-fixes', 'cr.py'], dir);
    const fixed = readFileSync(path.join(dir, 'cr.py'), 'utf8');
    expect(fixed).toBe(source.replace('torch.load(p)', 'torch.load(p, weights_only=True)').replace('yaml.load', 'yaml.safe_load').replace(/\n/g, '\r'));
  });
});

describe('verify judges only inside its working tree (row 15)', () => {
  function setup() {
    const outer = tempDir();
    const dir = path.join(outer, 'proj');
    mkdirSync(path.join(dir, '.git'), { recursive: true });
    mkdirSync(path.join(outer, 'outside'));
    writeFileSync(path.join(outer, 'outside', 'victim.py'), UNSAFE);
    writeFileSync(path.join(dir, 'own.py'), UNSAFE);
    return { outer, dir };
  }
  const patchOf = (name: string, line: string) =>
    `--- a/${name}\n+++ b/${name}\n@@ -1,3 +1,3 @@\n import torch\n \n-${line}\n+state = torch.load("model.pt", weights_only=True)\n`;

  it('a patch reaching outside through .. is rejected before anything is read', () => {
    const { dir } = setup();
    writeFileSync(path.join(dir, 'p.diff'), patchOf('../outside/victim.py', 'state = torch.load("model.pt")'));
    const r = runFor(['verify', 'p.diff'], dir);
    expect(r.stdout).toMatch(/^Rejected: the patch names "\.\.\/outside\/victim\.py", which is outside the working tree/);
    expect(r.status).toBe(1);
  });

  it('an absolute path gets the same verdict for a right and a wrong guess of its content', () => {
    const { outer, dir } = setup();
    const victim = path.join(outer, 'outside', 'victim.py');
    const abs = (line: string) => `--- ${victim}\n+++ ${victim}\n@@ -1,3 +1,3 @@\n import torch\n \n-${line}\n+x = 1\n`;
    writeFileSync(path.join(dir, 'right.diff'), abs('state = torch.load("model.pt")'));
    writeFileSync(path.join(dir, 'wrong.diff'), abs('state = something_else()'));
    const right = runFor(['verify', '--format', 'json', 'right.diff'], dir);
    const wrong = runFor(['verify', '--format', 'json', 'wrong.diff'], dir);
    expect(right.stdout).toBe(wrong.stdout);
    expect(right.status).toBe(wrong.status);
    expect(JSON.parse(right.stdout).reasons[0]).toMatch(/outside the working tree/);
  });

  it('an in-tree link to an outside file is rejected and its text never echoed', () => {
    const { dir } = setup();
    symlinkSync('../outside/victim.py', path.join(dir, 'link.py'));
    writeFileSync(path.join(dir, 'p.diff'), patchOf('link.py', 'state = torch.load("model.pt")'));
    const r = runFor(['verify', '--format', 'json', 'p.diff'], dir);
    expect(JSON.parse(r.stdout).verdict).toBe('rejected');
    expect(r.stdout).toMatch(/outside the working tree/);
    expect(r.stdout).not.toContain('torch.load');
    // Inside the tree the same patch is judged as usual.
    writeFileSync(path.join(dir, 'own.diff'), patchOf('own.py', 'state = torch.load("model.pt")'));
    expect(runFor(['verify', 'own.diff'], dir).stdout).toMatch(/^Accepted: resolves 1 finding/);
  });
});

describe('file names that are not UTF-8 (row 17)', () => {
  it('are linted, shown escaped, and fixed in place', () => {
    const dir = repo({});
    const name = Buffer.concat([Buffer.from(dir), Buffer.from('/caf'), Buffer.from([0xe9]), Buffer.from('.py')]);
    const sub = Buffer.concat([Buffer.from(dir), Buffer.from('/pk'), Buffer.from([0xff])]);
    writeFileSync(name, UNSAFE);
    mkdirSync(sub);
    writeFileSync(Buffer.concat([sub, Buffer.from('/m.py')]), YAML);
    const r = runFor(['--format', 'concise', '.'], dir);
    expect(concise(r)).toEqual([expect.stringMatching(/^caf\\xe9\.py:3:9: PTL301 /), expect.stringMatching(/^pk\\xff\/m\.py:5:12: PTL302 /)]);
    // Named on the command line too (Node decodes argv lossily; the exact bytes come from /proc).
    const named = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" --format concise "$(printf 'caf\\351.py')"`], { cwd: dir, env: { ...process.env, ...ENV }, encoding: 'utf8' });
    expect(named.stdout).toMatch(/^caf\\xe9\.py:3:9: PTL301 /);
    runFor(['--fix', '--unsafe-fixes', '.'], dir);
    expect(readFileSync(name, 'utf8')).toBe(FIXED);
    expect(readFileSync(Buffer.concat([sub, Buffer.from('/m.py')]), 'utf8')).toBe(YAML_FIXED);
  });
});

describe('the shape a cache entry must have', () => {
  it('accepts every real outcome of the demo project and rejects damaged ones', async () => {
    const { FileAnalyzer } = await import('../src/engine/analyze.js');
    const { asFileOutcome } = await import('../src/engine/outcome.js');
    const { loadRules } = await import('../src/engine/registry.js');
    const rules = (await loadRules()).map((l) => l.rule);
    const analyzer = new FileAnalyzer(rules.map((rule) => ({ rule, options: rule.options.parse({}), severity: rule.severity })), undefined, 'test');
    const demo = path.join(ROOT, 'fixtures', 'demo');
    let findings = 0;
    for (const abs of pythonFilesUnder(demo)) {
      const real = JSON.parse(JSON.stringify(await analyzer.run({ abs, report: true, root: demo, cwd: demo, maxFileSize: 1 << 24 }))) as Record<string, unknown>;
      findings += (real['findings'] as unknown[]).length;
      expect(asFileOutcome(real), abs).toBe(real);
      const damaged: Array<Record<string, unknown>> = [
        { ...real, findings: 'none' },
        { ...real, errors: undefined },
        { ...real, extra: 1 },
        { ...real, summary: { ...(real['summary'] as object), classes: [{ name: 1 }] } },
        { ...real, summary: { ...(real['summary'] as object), functions: { f: { calls: [1] } } } },
      ];
      for (const d of damaged) expect(asFileOutcome(d)).toBeUndefined();
    }
    expect(findings).toBeGreaterThan(3);
    const [one] = (await analyzer.run({ abs: path.join(demo, 'pipeline', 'detector.py'), report: true, root: demo, cwd: demo, maxFileSize: 1 << 24 })).findings;
    expect(asFileOutcome({ findings: [{ ...one, severity: 'fatal' }], summary: null, errors: [] })).toBeUndefined();
    expect(asFileOutcome({ findings: [{ ...one, line: '3' }], summary: null, errors: [] })).toBeUndefined();
    expect(asFileOutcome({ findings: [one], summary: null, errors: [] })).toBeDefined();
  });
});
