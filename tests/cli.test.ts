/**
 * End-to-end: spawns the real binary (bin/pyteam-lint.js over the built dist/) in temporary
 * projects and checks stdout, stderr, exit codes and files written.
 */
import { chmodSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, expectationsIn, key, notebookExpectationsIn, notebooksUnder, pythonFilesUnder } from './helpers.js';
import { NO_TRACE, project, run, type Run } from './spawn.js';
import { displayPath } from '../src/engine/lint.js';

interface JsonReport {
  version: number;
  tool: { name: string; version: string };
  findings: Array<{ code: string; name: string; agent: string; severity: string; path: string; line: number; column: number; endLine: number; endColumn: number; cell?: number; message: string; fix: unknown }>;
  errors: Array<{ path: string; message: string }>;
  summary: { files: number; findings: number; errors: number };
}

function json(r: Run): JsonReport {
  return JSON.parse(r.stdout) as JsonReport;
}

const UNSAFE = 'import torch\n\nstate = torch.load("model.pt")\n';
const CLEAN = 'import torch\n\nstate = torch.load("model.pt", weights_only=True)\n';

describe('the demo project', () => {
  const demo = path.join(ROOT, 'fixtures', 'demo');

  it('reports exactly the findings its comments expect, across files, and exits 1', () => {
    const r = run(['--format', 'json', '.'], demo);
    expect(r.status).toBe(1);
    const report = json(r);
    const expected = [
      ...pythonFilesUnder(demo).flatMap((f) => expectationsIn(f, displayPath(f, demo))),
      ...notebooksUnder(demo).flatMap((f) => notebookExpectationsIn(f, displayPath(f, demo))),
    ];
    expect(expected.some((e) => e.cell !== undefined)).toBe(true);
    expect(report.findings.map(key).sort()).toEqual(expected.map(key).sort());
    expect(report.errors).toEqual([]);
  });

  it('prints the JSON document other tools parse', () => {
    const report = json(run(['--format', 'json', 'fixtures/demo'], ROOT));
    expect(Object.keys(report)).toEqual(['version', 'tool', 'findings', 'errors', 'summary']);
    expect(report.version).toBe(1);
    expect(report.tool.name).toBe('pyteam-lint');
    const f = report.findings.find((x) => x.code === 'PTL301' && x.path.endsWith('.py'))!;
    expect(Object.keys(f)).toEqual(['code', 'name', 'agent', 'severity', 'path', 'line', 'column', 'endLine', 'endColumn', 'message', 'fix']);
    expect(f).toMatchObject({ name: 'unsafe-torch-load', agent: 'python-security-reviewer', severity: 'error', path: 'fixtures/demo/pipeline/detector.py' });
    expect(report.summary).toEqual({ files: 8, findings: report.findings.length, errors: 0 });
  });

  it('prints the same bytes on every run, sorted by path, line, column and code', () => {
    const a = run(['--format', 'json', '.'], demo).stdout;
    const b = run(['--format', 'json', '.'], demo).stdout;
    expect(a).toBe(b);
    const findings = JSON.parse(a).findings as JsonReport['findings'];
    const sorted = [...findings].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : x.line - y.line || x.column - y.column || (x.code < y.code ? -1 : 1)));
    expect(findings).toEqual(sorted);
  });

  it('shows the source line and a caret underline in the full text form', () => {
    const r = run(['--color', 'never', 'pipeline/detector.py', '--select', 'PTL301'], demo);
    expect(r.stdout).toContain('pipeline/detector.py:17:13: PTL301');
    expect(r.stdout).toContain('17 |     model = torch.load(weights)');
    expect(r.stdout).toMatch(/\|\s{13}\^{19}\n/);
    expect(r.stdout).toContain('[python-security-reviewer]');
    expect(r.stdout).toMatch(/Found 1 finding in 1 file/);
  });
});

describe('exit codes and output options', () => {
  it('exits 0 with no findings, 1 with findings, 0 with --exit-zero', () => {
    expect(run(['.'], project({ 'a.py': CLEAN })).status).toBe(0);
    const dir = project({ 'a.py': UNSAFE });
    expect(run(['.'], dir).status).toBe(1);
    expect(run(['--exit-zero', '.'], dir).status).toBe(0);
  });

  it('writes the report to --output-file and nothing to stdout', () => {
    const dir = project({ 'a.py': UNSAFE });
    const r = run(['--format', 'json', '-o', 'out.json', '.'], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')).findings[0].code).toBe('PTL301');
  });

  it('prints one line per finding with --format concise, and counts with --statistics', () => {
    const dir = project({ 'a.py': UNSAFE + 'import pickle\npickle.loads(b"")\npickle.loads(b"")\n' });
    const concise = run(['--format', 'concise', '--color', 'never', '-q', '.'], dir);
    expect(concise.stdout.trim().split('\n')).toHaveLength(3);
    expect(concise.stdout).toMatch(/^a\.py:3:9: PTL301 /);
    const stats = run(['--statistics', '--color', 'never', '.'], dir);
    expect(stats.stdout).toMatch(/^2\tPTL302\tunsafe-deserialization/m);
    expect(stats.stdout).toMatch(/^1\tPTL301\tunsafe-torch-load/m);
  });

  it('colours only when asked or on a terminal, and honours NO_COLOR', () => {
    const dir = project({ 'a.py': UNSAFE });
    expect(run(['--color', 'always', '.'], dir).stdout).toContain('\u001b[');
    expect(run(['.'], dir).stdout).not.toContain('\u001b[');
    expect(run(['--color', 'never', '.'], dir).stdout).not.toContain('\u001b[');
  });

  it('prints the version and help', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(run(['--version'], ROOT).stdout.trim()).toBe(`pyteam-lint ${pkg.version}`);
    const help = run(['--help'], ROOT);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--select');
  });
});

describe('rule selection', () => {
  const source = 'def load(path):\n    import torch\n    return torch.load(path)\n';

  it('runs the default rules; PTL501 only when selected', () => {
    const dir = project({ 'a.py': source });
    expect(json(run(['--format', 'json', '.'], dir)).findings.map((f) => f.code)).toEqual(['PTL301']);
    expect(json(run(['--format', 'json', '--select', 'PTL501', '.'], dir)).findings.map((f) => f.code)).toEqual(['PTL501']);
    expect(json(run(['--format', 'json', '--extend-select', 'untyped-def', '.'], dir)).findings.map((f) => f.code)).toEqual(['PTL501', 'PTL301']);
  });

  it('ignores by code prefix and by name', () => {
    const dir = project({ 'a.py': source });
    expect(json(run(['--format', 'json', '--ignore', 'PTL3', '.'], dir)).findings).toEqual([]);
    expect(json(run(['--format', 'json', '--ignore', 'unsafe-torch-load', '.'], dir)).findings).toEqual([]);
  });

  it('reads select, ignore and per-file-ignores from pyproject.toml', () => {
    const dir = project({
      'pyproject.toml': '[tool.pyteam-lint]\nextend-select = ["PTL501"]\n[tool.pyteam-lint.per-file-ignores]\n"tests/*" = ["PTL301"]\n',
      'src/a.py': source,
      'tests/test_a.py': source,
    });
    const codes = json(run(['--format', 'json', '.'], dir)).findings.map((f) => `${f.path} ${f.code}`);
    expect(codes).toEqual(['src/a.py PTL501', 'src/a.py PTL301', 'tests/test_a.py PTL501']);
  });

  it('passes rule options from [tool.pyteam-lint.rules.<name>]', () => {
    const chain = 'class A:\n    pass\n\nclass B(A):\n    pass\n\nclass C(B):\n    pass\n';
    const dir = project({ 'pyproject.toml': '[tool.pyteam-lint.rules.deep-inheritance]\nmax-depth = 3\n', 'm.py': chain });
    expect(run(['.'], dir).status).toBe(0);
    const strict = project({ 'pyproject.toml': '[tool.pyteam-lint.rules.deep-inheritance]\nmax-depth = 1\n', 'm.py': chain });
    expect(json(run(['--format', 'json', '.'], strict)).findings.map((f) => f.line)).toEqual([4, 7]);
  });
});

describe('bad configuration and arguments exit 2 with a message, never a stack trace', () => {
  const cases: Array<[string, Record<string, string>, string[], RegExp]> = [
    ['an unknown key', { 'pyproject.toml': '[tool.pyteam-lint]\nselects = ["PTL1"]\n' }, ['.'], /pyproject\.toml \[tool\.pyteam-lint\]: unknown key 'selects'.*allowed keys: select, extend-select/],
    ['a wrong type', { 'pyproject.toml': '[tool.pyteam-lint]\nselect = "PTL1"\n' }, ['.'], /'select': .*array/i],
    ['an unknown rule code', { 'pyproject.toml': '[tool.pyteam-lint]\nignore = ["PTL999"]\n' }, ['.'], /ignore: unknown rule selector 'PTL999'/],
    ['an unknown rule table', { 'pyproject.toml': '[tool.pyteam-lint.rules.no-such-rule]\nx = 1\n' }, ['.'], /rules\.no-such-rule: no rule named 'no-such-rule'/],
    ['an unknown rule option', { 'pyproject.toml': '[tool.pyteam-lint.rules.deep-inheritance]\ndepth = 3\n' }, ['.'], /rules\.deep-inheritance: unknown option 'depth'; allowed: max-depth/],
    ['a wrongly typed rule option', { 'pyproject.toml': '[tool.pyteam-lint.rules.deep-inheritance]\nmax-depth = "3"\n' }, ['.'], /rules\.deep-inheritance: 'max-depth': .*number/i],
    ['an invalid regular expression', { 'pyproject.toml': '[tool.pyteam-lint.rules.queue-get-without-timeout]\nqueue-name-pattern = "(["\n' }, ['.'], /queue-name-pattern': must be a valid regular expression/],
    ['invalid TOML', { 'pyproject.toml': '[tool.pyteam-lint\nselect = 1\n' }, ['.'], /pyproject\.toml:1:18: not valid TOML: /],
    ['an unknown flag', {}, ['--selec', 'PTL1', '.'], /Unknown option '--selec'/],
    ['an unknown --select code', {}, ['--select', 'PTL9', '.'], /--select: unknown rule selector 'PTL9'/],
    ['a bad --format', {}, ['--format', 'xml', '.'], /--format: 'xml' is not one of full, concise, text, json/],
    ['a missing --config file', {}, ['--config', 'nope.toml', '.'], /--config: nope\.toml does not exist/],
    ['explain of an unknown rule', {}, ['explain', 'PTL999'], /explain: unknown rule selector 'PTL999'/],
  ];
  for (const [name, files, args, message] of cases) {
    it(name, () => {
      const r = run(args, project({ 'a.py': UNSAFE, ...files }));
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(NO_TRACE);
      expect(r.stdout).toBe('');
    });
  }
});

describe('bad input yields a diagnostic for that file and loses nothing else', () => {
  const deep = `x = ${'('.repeat(5000)}1${')'.repeat(5000)}\n`;
  const files: Record<string, string | Buffer> = {
    'good.py': UNSAFE,
    'broken.py': 'import torch\n\ndef f(:\n    pass\n\nstate = torch.load("m.pt")\n',
    'latin1.py': Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xe9, 0x22, 0x0a]),
    'declared_latin1.py': Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\nimport torch\ns = "'), Buffer.from([0xe9]), Buffer.from('"\ntorch.load(s)\n')]),
    'binary.py': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]),
    'empty.py': '',
    'deep.py': deep,
    'huge.py': 'x = 1\n'.repeat(1_750_000),
  };

  it('reports every broken file and still lints the rest', () => {
    const dir = project(files);
    symlinkSync('missing-target.py', path.join(dir, 'dangling.py'));
    symlinkSync('loop.py', path.join(dir, 'loop.py'));
    const r = run(['--format', 'json', '.', 'does-not-exist.py'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const report = json(r);
    const errors = Object.fromEntries(report.errors.map((e) => [e.path, e.message]));
    expect(errors['latin1.py']).toMatch(/not valid UTF-8/);
    expect(errors['binary.py']).toMatch(/binary file/);
    expect(errors['dangling.py']).toMatch(/no such file/);
    expect(errors['loop.py']).toMatch(/symbolic link loop/);
    expect(errors['does-not-exist.py']).toMatch(/no such file or directory/);
    expect(errors['huge.py']).toMatch(/file is 10\.0 MiB, larger than max-file-size \(5\.0 MiB\); skipped/);
    const found = report.findings.map((f) => `${f.path}:${f.line} ${f.code}`);
    expect(found).toContain('good.py:3 PTL301');
    // The syntax error is reported once, and the rest of that file is still checked.
    expect(found.filter((f) => f.startsWith('broken.py'))).toEqual(['broken.py:3 PTL001', 'broken.py:6 PTL301']);
    expect(found).toContain('declared_latin1.py:4 PTL301');
    expect(found.some((f) => f.startsWith('deep.py') || f.startsWith('empty.py'))).toBe(false);
    // Eight files were read; the two broken links and the missing path never became files.
    expect(report.summary).toEqual({ files: 8, findings: report.findings.length, errors: 6 });
  });

  it('lints a file up to max-file-size and skips a larger one with a diagnostic', () => {
    const dir = project({ 'pyproject.toml': '[tool.pyteam-lint]\nmax-file-size = 100\n', 'big.py': `${'x = 1\n'.repeat(50)}`, 'a.py': UNSAFE });
    const report = json(run(['--format', 'json', '.'], dir));
    expect(report.errors).toEqual([{ path: 'big.py', message: expect.stringMatching(/larger than max-file-size/) }]);
    expect(report.findings.map((f) => f.path)).toEqual(['a.py']);
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable file', () => {
    const dir = project({ 'secret.py': UNSAFE, 'a.py': UNSAFE });
    chmodSync(path.join(dir, 'secret.py'), 0o000);
    const report = json(run(['--format', 'json', '.'], dir));
    expect(report.errors).toEqual([{ path: 'secret.py', message: expect.stringMatching(/permission denied/) }]);
    expect(report.findings.map((f) => f.path)).toEqual(['a.py']);
  });

  it('survives a directory symlink loop', () => {
    const dir = project({ 'pkg/a.py': UNSAFE });
    symlinkSync('..', path.join(dir, 'pkg', 'up'));
    const report = json(run(['--format', 'json', '.'], dir));
    expect(report.findings.map((f) => f.path)).toEqual(['pkg/a.py']);
    expect(report.errors.map((e) => e.message)).toEqual([expect.stringMatching(/symbolic link loop/)]);
  });
});

describe('files, excludes and suppressions', () => {
  it('respects .gitignore and the default excludes, but lints explicitly named files', () => {
    const dir = project({
      '.gitignore': 'generated/\n',
      'generated/g.py': UNSAFE,
      '.venv/lib/v.py': UNSAFE,
      'build/b.py': UNSAFE,
      'src/a.py': UNSAFE,
      'src/stub.pyi': UNSAFE,
      'notes.txt': UNSAFE,
    });
    expect(json(run(['--format', 'json', '.'], dir)).findings.map((f) => f.path)).toEqual(['src/a.py', 'src/stub.pyi']);
    expect(json(run(['--format', 'json', 'generated/g.py'], dir)).findings.map((f) => f.path)).toEqual(['generated/g.py']);
    expect(json(run(['--format', 'json', '--force-exclude', 'generated/g.py', 'build/b.py'], dir)).findings).toEqual([]);
    expect(json(run(['--format', 'json', '--no-respect-gitignore', '.'], dir)).findings.map((f) => f.path)).toContain('generated/g.py');
  });

  it('honours exclude and extend-exclude globs', () => {
    const dir = project({ 'pyproject.toml': '[tool.pyteam-lint]\nextend-exclude = ["legacy", "**/*_pb2.py"]\n', 'legacy/a.py': UNSAFE, 'src/x_pb2.py': UNSAFE, 'src/a.py': UNSAFE });
    expect(json(run(['--format', 'json', '.'], dir)).findings.map((f) => f.path)).toEqual(['src/a.py']);
  });

  it('suppresses with # noqa, # noqa: CODE and # pyteam-lint: noqa', () => {
    const dir = project({
      'a.py': [
        'import torch, pickle',
        'torch.load("a")  # noqa',
        'torch.load("b")  # NOQA: PTL301',
        'torch.load("c")  # noqa: PTL302',
        'torch.load("d")  # noqa:PTL302,PTL301',
        's = "# noqa"; torch.load(s)',
        'pickle.loads(b"")',
      ].join('\n'),
      'b.py': '# pyteam-lint: noqa: PTL302\nimport torch, pickle\npickle.loads(b"")\ntorch.load("x")\n',
      'c.py': '# pyteam-lint: noqa\nimport torch\ntorch.load("x")\n',
    });
    const found = json(run(['--format', 'json', '.'], dir)).findings.map((f) => `${f.path}:${f.line} ${f.code}`);
    // Lines 4 and 5 name PTL302, which suppresses nothing there: PTL002 (unused noqa) says so.
    expect(found).toEqual(['a.py:4 PTL301', 'a.py:4 PTL002', 'a.py:5 PTL002', 'a.py:6 PTL301', 'a.py:7 PTL302', 'b.py:4 PTL301']);
  });

  it('lints standard input under --stdin-filename', () => {
    const dir = project({});
    const r = run(['--format', 'json', '--stdin-filename', 'pkg/model_io.py', '-'], dir, { input: UNSAFE });
    expect(r.status).toBe(1);
    expect(json(r).findings.map((f) => `${f.path}:${f.line} ${f.code}`)).toEqual(['pkg/model_io.py:3 PTL301']);
  });

  it('sees the whole project when only one file is named (as pre-commit does)', () => {
    const dir = project({
      'pyproject.toml': '[tool.pyteam-lint]\n',
      'pipeline/__init__.py': 'from .base import Base\n',
      'pipeline/base.py': 'class Base:\n    pass\n',
      'pipeline/frame.py': 'from pipeline import Base\n\nclass Frame(Base):\n    pass\n',
      'pipeline/detection.py': 'from .frame import Frame\n\nclass Detection(Frame):\n    pass\n',
      'pipeline/camera.py': 'import multiprocessing as mp\n\ndef capture(frame_q, cam):\n    for f in cam:\n        frame_q.put(f)\n',
      'main.py': 'import multiprocessing as mp\nfrom pipeline.camera import capture\n\nmp.Process(target=capture, args=(mp.Queue(), [])).start()\n',
    });
    const one = json(run(['--format', 'json', 'pipeline/detection.py', 'pipeline/camera.py'], dir));
    expect(one.findings.map((f) => `${f.path}:${f.line} ${f.code}`)).toEqual(['pipeline/camera.py:3 PTL104', 'pipeline/detection.py:3 PTL201']);
    expect(one.summary.files).toBe(2);
  });
});

describe('rules and explain', () => {
  it('lists every rule with its owner and default', () => {
    const r = run(['rules'], ROOT);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^PTL301\s+unsafe-torch-load\s+python-security-reviewer\s+on\s+unsafe\s+report$/m);
    expect(r.stdout).toMatch(/^PTL106\s+asyncio-cpu-bound\s+python-async-specialist\s+on\s+unsafe\s+ignore$/m);
    expect(r.stdout).toMatch(/^PTL501\s+untyped-def\s+python-quality-enforcer\s+off/m);
    const rows = JSON.parse(run(['rules', '--format', 'json'], ROOT).stdout) as Array<{ code: string }>;
    expect(rows.map((x) => x.code)).toContain('PTL104');
  });

  it('explains a rule by code or name, with its options', () => {
    const byCode = run(['explain', 'PTL201'], ROOT);
    expect(byCode.status).toBe(0);
    expect(byCode.stdout).toMatch(/^PTL201 deep-inheritance\nowner: python-architect/);
    expect(byCode.stdout).toContain('Why is this bad?');
    expect(byCode.stdout).toContain('max-depth = 2');
    expect(run(['explain', 'deep-inheritance'], ROOT).stdout).toBe(byCode.stdout);
  });

  it('shows an option without a default as unset, not as undefined', () => {
    const out = run(['explain', 'PTL701'], ROOT).stdout;
    expect(out).toContain('siblings = (unset)');
    expect(out).not.toContain('undefined');
  });
});
