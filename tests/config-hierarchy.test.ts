/**
 * Issue 15's configuration and command-line habits, through the real binary: each file checked
 * with its nearest configuration (whatever else is named), `extend`, `--config`, `--show-settings`,
 * `--show-files`, `--exclude`, and the flags and messages Ruff's users reach for.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, project, run } from './spawn.js';

const UNSAFE = 'import torch\n\nstate = torch.load("model.pt")\n';
const FIXED = 'import torch\n\nstate = torch.load("model.pt", weights_only=True)\n';
const YAML = 'import yaml\n\n\ndef read(s):\n    return yaml.load(s)\n';

function nested(): string {
  return project({
    'pyproject.toml': '[tool.pyteam-lint]\nextend-select = ["PTL305"]\n',
    'a.py': UNSAFE,
    'sub/pyproject.toml': '[tool.pyteam-lint]\nignore = ["PTL301"]\n',
    'sub/b.py': UNSAFE + YAML,
  });
}

function codesByFile(stdout: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of (JSON.parse(stdout) as { findings: Array<{ path: string; code: string }> }).findings) (out[f.path] ??= []).push(f.code);
  return out;
}

describe('hierarchical configuration', () => {
  it('checks each file with its nearest configuration, whatever other files are named', () => {
    const dir = nested();
    const alone = run(['--format', 'json', 'sub/b.py'], dir);
    const together = run(['--format', 'json', 'a.py', 'sub/b.py'], dir);
    const all = run(['--format', 'json', '.'], dir);
    expect(codesByFile(alone.stdout)).toEqual({ 'sub/b.py': ['PTL302'] });
    expect(codesByFile(together.stdout)).toEqual({ 'a.py': ['PTL301'], 'sub/b.py': ['PTL302'] });
    expect(codesByFile(all.stdout)).toEqual(codesByFile(together.stdout));
  });

  it('extend inherits the parent settings; the extending file wins', () => {
    const dir = project({
      'pyproject.toml': '[tool.pyteam-lint]\nignore = ["PTL302"]\n\n[tool.pyteam-lint.rules.deep-inheritance]\nmax-depth = 1\n',
      'svc/pyteam-lint.toml': 'extend = "../pyproject.toml"\nextend-select = ["PTL305"]\n',
      'svc/m.py': `${UNSAFE}${YAML}\nclass A:\n    pass\n\n\nclass B(A):\n    pass\n`,
    });
    expect(codesByFile(run(['--format', 'json', 'svc/m.py'], dir).stdout)).toEqual({ 'svc/m.py': ['PTL301', 'PTL201'] });
    const shown = run(['--show-settings', 'svc/m.py'], dir).stdout;
    expect(shown).toContain('configuration file: svc/pyteam-lint.toml');
    expect(shown).toMatch(/^ignore = \["PTL302"\] {4}# pyproject\.toml$/m);
    expect(shown).toMatch(/^extend-select = \["PTL305"\] {4}# svc\/pyteam-lint\.toml$/m);
    expect(shown).toMatch(/PTL201 deep-inheritance: max-depth=1 \(pyproject\.toml\)/);
  });

  it('an extend cycle or a missing parent is a configuration error naming the file', () => {
    const cycle = project({ 'a.toml': 'extend = "b.toml"\n', 'b.toml': 'extend = "a.toml"\n', 'pyteam-lint.toml': 'extend = "a.toml"\n', 'm.py': 'x = 1\n' });
    const r = run(['m.py'], cycle);
    expect(r.stderr).toMatch(/^pyteam-lint: error: .*pyteam-lint\.toml: 'extend' makes a cycle: /);
    expect(r.status).toBe(2);
    const missing = project({ 'pyteam-lint.toml': 'extend = "../nope.toml"\n', 'm.py': 'x = 1\n' });
    expect(run(['m.py'], missing).stderr).toMatch(/extend = "\.\.\/nope\.toml": .* does not exist/);
  });

  it('--config overrides every file\'s own configuration', () => {
    const dir = nested();
    writeFileSync(path.join(dir, 'strict.toml'), 'select = ["PTL301"]\n');
    expect(codesByFile(run(['--format', 'json', '--config', 'strict.toml', '.'], dir).stdout)).toEqual({ 'a.py': ['PTL301'], 'sub/b.py': ['PTL301'] });
  });

  it('per-file-ignores and test-paths are relative to the file that sets them', () => {
    const dir = project({
      '.git/HEAD': '',
      'svc/pyproject.toml': '[tool.pyteam-lint]\ntest-paths = ["checks/"]\n\n[tool.pyteam-lint.per-file-ignores]\n"legacy/*.py" = ["PTL302"]\n',
      'svc/legacy/old.py': YAML,
      'svc/checks/test_x.py': 'import queue\nq = queue.Queue()\nq.get()\n',
      'legacy/top.py': YAML,
    });
    const found = codesByFile(run(['--format', 'json', '.'], dir).stdout);
    expect(found['svc/legacy/old.py']).toBeUndefined();
    expect(found['legacy/top.py']).toEqual(['PTL302']);
    expect(run(['--show-settings', 'svc/checks/test_x.py'], dir).stdout).toContain('test code: yes');
  });

  it('--show-files lists what would be linted; --exclude and --extend-exclude change it', () => {
    const dir = project({ 'pyproject.toml': '[tool.pyteam-lint]\n', 'a.py': '', 'gen/b.py': '', 'build/c.py': '', 'x/d.py': '' });
    expect(run(['--show-files', '.'], dir).stdout).toBe('a.py\ngen/b.py\nx/d.py\n');
    expect(run(['--show-files', '--extend-exclude', 'gen', '.'], dir).stdout).toBe('a.py\nx/d.py\n');
    expect(run(['--show-files', '--exclude', 'x', '.'], dir).stdout).toBe('a.py\nbuild/c.py\ngen/b.py\n');
  });
});

describe('Ruff habits', () => {
  it('--output-format is --format, and PYTEAM_LINT_OUTPUT_FORMAT its default', () => {
    const dir = project({ 'm.py': UNSAFE });
    const concise = run(['--format', 'concise', 'm.py'], dir).stdout;
    expect(run(['--output-format', 'concise', 'm.py'], dir).stdout).toBe(concise);
    expect(run(['m.py'], dir, { env: { PYTEAM_LINT_OUTPUT_FORMAT: 'concise' } }).stdout).toBe(concise);
    const clash = run(['--format', 'json', '--output-format', 'concise', 'm.py'], dir);
    expect(clash.stderr).toMatch(/--format 'json' and --output-format 'concise' disagree/);
    expect(clash.status).toBe(2);
    expect(run(['--output-format', 'jsno', 'm.py'], dir).stderr).toMatch(/--output-format: 'jsno' is not one of .*; did you mean 'json'\?/);
  });

  it('every format is reachable from the command line', () => {
    const dir = project({ 'm.py': UNSAFE, 'bin.py': Buffer.from('x = 1\0\n') });
    const gitlab = JSON.parse(run(['--output-format', 'gitlab', '.'], dir).stdout) as Array<{ check_name: string }>;
    expect(gitlab.map((g) => g.check_name).sort()).toEqual(['PTL301', 'pyteam-lint/file-not-checked']);
    const lines = run(['--format', 'json-lines', '.'], dir);
    expect(lines.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { code: string }).code)).toEqual(['PTL301']);
    expect(lines.stderr).toContain('pyteam-lint: error: bin.py: binary file');
    expect(run(['--format', 'junit', '.'], dir).stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites/);
    expect(run(['--format', 'pylint', 'm.py'], dir).stdout).toMatch(/^m\.py:3: \[PTL301\(unsafe-torch-load\), \] /);
    expect(run(['--format', 'azure', 'm.py'], dir).stdout).toMatch(/^##vso\[task\.logissue type=error;sourcepath=.*m\.py;linenumber=3;columnnumber=9;code=PTL301;\]/);
    expect((JSON.parse(run(['--format', 'rdjson', 'm.py'], dir).stdout) as { diagnostics: unknown[] }).diagnostics).toHaveLength(1);
  });

  it.each([
    [['--selct', 'PTL301', '.'], /Unknown option '--selct'; did you mean '--select'\?/],
    [['rulez'], /unknown command 'rulez'; did you mean 'rules'\?/],
    [['explain', 'unsafe-torch-lod'], /unknown rule selector 'unsafe-torch-lod'; did you mean 'unsafe-torch-load'\?/],
    [['--select', 'PTL3O1', '.'], /--select: unknown rule selector 'PTL3O1'; did you mean 'PTL301'\?/],
  ])('suggests what was meant: %j', (args, message) => {
    const r = run(args, project({ 'm.py': 'x = 1\n' }));
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(2);
  });

  it('a TOML error names its line and column', () => {
    const r = run(['.'], project({ 'pyproject.toml': '[tool.pyteam-lint]\nselect = ["PTL301"\nignore = []\n', 'm.py': '' }));
    expect(r.stderr).toMatch(/pyproject\.toml:3:1: not valid TOML: /);
    expect(r.status).toBe(2);
  });

  it('--statistics follows --format json', () => {
    const r = run(['--statistics', '--format', 'json', '.'], project({ 'a.py': UNSAFE, 'b.py': UNSAFE + YAML }));
    const doc = JSON.parse(r.stdout) as { statistics: Array<{ code: string; count: number; fixable: number }> };
    expect(doc.statistics.map((s) => [s.code, s.count, s.fixable])).toEqual([['PTL301', 2, 2], ['PTL302', 1, 1]]);
  });

  it('FORCE_COLOR colours output that is not a terminal; --color never wins', () => {
    const dir = project({ 'm.py': UNSAFE });
    expect(run(['m.py'], dir, { env: { FORCE_COLOR: '1' } }).stdout).toContain('\x1b[');
    expect(run(['m.py'], dir).stdout).not.toContain('\x1b[');
    expect(run(['--color', 'never', 'm.py'], dir, { env: { FORCE_COLOR: '1' } }).stdout).not.toContain('\x1b[');
  });

  it('--fix-only fixes and reports nothing else; --exit-non-zero-on-fix says a fix happened', () => {
    // p.py keeps a finding no fix removes: --fix-only does not report it.
    const dir = project({ 'm.py': UNSAFE, 'p.py': 'import pickle\n\n\ndef f(b):\n    return pickle.loads(b)\n' });
    const only = run(['--fix-only', '--unsafe-fixes', '.'], dir);
    expect(only.stdout).toBe('Fixed 1 finding in 1 file.\n');
    expect(only.status).toBe(0);
    expect(readFileSync(path.join(dir, 'm.py'), 'utf8')).toBe(FIXED);
    writeFileSync(path.join(dir, 'm.py'), UNSAFE);
    expect(run(['--fix-only', '--unsafe-fixes', '--exit-non-zero-on-fix', 'm.py'], dir).status).toBe(1);
    expect(run(['--fix-only', '--unsafe-fixes', '--exit-non-zero-on-fix', 'm.py'], dir).status).toBe(0);
    writeFileSync(path.join(dir, 'm.py'), UNSAFE);
    const fixAll = run(['--fix', '--unsafe-fixes', '--exit-non-zero-on-fix', 'm.py'], dir);
    expect(fixAll.stdout).toContain('No findings in 1 file.');
    expect(fixAll.status).toBe(1);
  });

  it('--ignore-noqa reports what noqa comments suppress', () => {
    const dir = project({ 'm.py': 'import torch\n\nstate = torch.load("model.pt")  # noqa: PTL301\n' });
    expect(run(['--format', 'concise', 'm.py'], dir).stdout).not.toContain('PTL301');
    expect(run(['--format', 'concise', '--ignore-noqa', 'm.py'], dir).stdout).toContain('m.py:3:9: PTL301');
  });

  it('--add-noqa adopts the tool on legacy code, and --fix removes each noqa once it is no longer needed', () => {
    const chain = 'class A:\n    pass\n\n\nclass B(A):\n    pass\n\n\nclass C(B):\n    pass\n';
    const dir = project({ 'pyproject.toml': '[tool.pyteam-lint]\n', 'm.py': UNSAFE, 'deep.py': chain });
    const added = run(['--add-noqa', '.'], dir);
    expect(added.stdout).toBe('Added 2 noqa directives.\n');
    expect(readFileSync(path.join(dir, 'm.py'), 'utf8')).toBe('import torch\n\nstate = torch.load("model.pt")  # noqa: PTL301\n');
    expect(readFileSync(path.join(dir, 'deep.py'), 'utf8')).toContain('class C(B):  # noqa: PTL201\n');
    expect(run(['.'], dir).status).toBe(0);
    // The hierarchy gets shallower: the cross-file finding goes, and its noqa is reported and removed.
    writeFileSync(path.join(dir, 'deep.py'), readFileSync(path.join(dir, 'deep.py'), 'utf8').replace('class B(A):', 'class B:'));
    expect(run(['--format', 'concise', '.'], dir).stdout).toMatch(/deep\.py:9:\d+: PTL002 \[\*\] /);
    run(['--fix', '.'], dir);
    expect(readFileSync(path.join(dir, 'deep.py'), 'utf8')).toContain('class C(B):\n');
    expect(readFileSync(path.join(dir, 'm.py'), 'utf8')).toContain('# noqa: PTL301');
  });

  it('--watch lints again when a file changes', async () => {
    const dir = project({ 'pyproject.toml': '[tool.pyteam-lint]\n', 'm.py': 'x = 1\n' });
    const child = spawn(process.execPath, [BIN, '--watch', '--format', 'concise', '.'], { cwd: dir, env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const until = async (pattern: RegExp) => {
      for (let i = 0; i < 200 && !pattern.test(out); i++) await new Promise((r) => setTimeout(r, 50));
      return pattern.test(out);
    };
    try {
      expect(await until(/No findings in 1 file\.[\s\S]*Watching for file changes/)).toBe(true);
      writeFileSync(path.join(dir, 'm.py'), UNSAFE);
      expect(await until(/m\.py:3:9: PTL301/)).toBe(true);
    } finally {
      child.kill('SIGINT');
    }
  }, 30_000);
});
