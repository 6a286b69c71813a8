/**
 * `--format brief` (a Markdown task list per role) and `--agent ROLE` (one role's findings in any
 * format): the real binary on the demo project, and the renderer on crafted reports.
 */
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/engine/lint.js';
import { renderBrief } from '../src/report/brief.js';
import type { RunReport } from '../src/report/types.js';
import { AGENTS } from '../src/rule.js';
import { ROOT } from './helpers.js';
import { project, run } from './spawn.js';

const DEMO = path.join(ROOT, 'fixtures', 'demo');

interface JsonFinding {
  code: string;
  agent: string;
  path: string;
  line: number;
  column: number;
  cell?: number;
  fix: unknown;
}

const demoFindings = (): JsonFinding[] => (JSON.parse(run(['--format', 'json', '.'], DEMO).stdout) as { findings: JsonFinding[] }).findings;

describe('--format brief on the demo project', () => {
  const brief = run(['--format', 'brief', '.'], DEMO);
  const findings = demoFindings();

  it('is deterministic and exits as the check does', () => {
    expect(brief.status).toBe(1);
    expect(run(['--format', 'brief', '.'], DEMO).stdout).toBe(brief.stdout);
  });

  it('has one section per role with work, in the team order, each saying what the role owns', () => {
    const roles = [...brief.stdout.matchAll(/^## (\S+) \((\d+) findings?\)$/gm)].map((m) => [m[1], Number(m[2])]);
    const expected = AGENTS.filter((a) => findings.some((f) => f.agent === a)).map((a) => [a, findings.filter((f) => f.agent === a).length]);
    expect(roles).toEqual(expected);
    expect(roles.length).toBeGreaterThanOrEqual(3);
    expect(brief.stdout).toMatch(/## python-security-reviewer \(6 findings\)\n\nOwns untrusted input/);
  });

  it('lists every finding once under its rule, with its location, the code around it, and the rule\'s why and good example', () => {
    // A notebook finding is headed by its cell and the line within it.
    const listed = [...brief.stdout.matchAll(/^#### \d+\. `([^`]+)`(?:, (cell \d+, line \d+))?$/gm)].map((m) => (m[2] ? `${m[1]} ${m[2]}` : m[1])).sort();
    expect(listed).toEqual(findings.map((f) => (f.cell === undefined ? `${f.path}:${f.line}:${f.column}` : `${f.path} cell ${f.cell}, line ${f.line}`)).sort());
    expect(listed.some((l) => l!.includes('.ipynb cell 3, line 1'))).toBe(true);
    expect(brief.stdout).toContain('### PTL301 `unsafe-torch-load` (2 findings)');
    expect(brief.stdout).toContain('> 17 |     model = torch.load(weights)  # expect: PTL301');
    expect(brief.stdout).toContain('**Why it matters:** A checkpoint is a pickle');
    expect(brief.stdout).toContain('state = torch.load("checkpoints/detector.pt", map_location="cpu", weights_only=True)');
  });

  it('gives the deterministic fix as a patch, marked unsafe, where there is one', () => {
    const fixes = brief.stdout.match(/\*\*Deterministic fix \(unsafe: review it before applying\):\*\*/g) ?? [];
    expect(fixes.length).toBe(findings.filter((f) => f.fix).length);
    expect(brief.stdout).toContain('```diff\n--- a/pipeline/detector.py\n+++ b/pipeline/detector.py\n');
    expect(brief.stdout).toContain('+        msg = in_q.get(timeout=1.0)  # expect: PTL102');
  });

  it('gives a command that applies just that rule\'s fix, and it does', () => {
    const command = /`pyteam-lint (--fix --unsafe-fixes --select PTL102 pipeline\/detector\.py)` applies it/.exec(brief.stdout);
    expect(command).not.toBeNull();
    const dir = project({});
    cpSync(DEMO, dir, { recursive: true });
    const before = readFileSync(path.join(dir, 'pipeline', 'detector.py'), 'utf8');
    run(command![1]!.split(' '), dir);
    const after = readFileSync(path.join(dir, 'pipeline', 'detector.py'), 'utf8');
    expect(after).toBe(before.replace('msg = in_q.get()', 'msg = in_q.get(timeout=1.0)'));
  });

  it('never repeats a password that the source holds in a URL', () => {
    expect(brief.stdout).not.toContain('admin:secret@192.168.1.64');
    expect(brief.stdout).toContain('rtsp://admin:***@192.168.1.64:554/Streaming/Channels/101');
  });
});

describe('--agent', () => {
  it('limits a brief to one role', () => {
    const r = run(['--format', 'brief', '--agent', 'python-architect', '.'], DEMO);
    expect([...r.stdout.matchAll(/^## (\S+)/gm)].map((m) => m[1])).toEqual(['python-architect']);
    expect(r.status).toBe(1);
  });

  it('limits JSON (and every format) to one role, and exits 0 when that role has nothing', () => {
    const r = run(['--format', 'json', '--agent', 'python-async-specialist', '.'], DEMO);
    const report = JSON.parse(r.stdout) as { findings: JsonFinding[] };
    expect(report.findings.length).toBe(demoFindings().filter((f) => f.agent === 'python-async-specialist').length);
    expect(new Set(report.findings.map((f) => f.agent))).toEqual(new Set(['python-async-specialist']));
    const none = run(['--format', 'concise', '--agent', 'python-test-writer', '.'], DEMO);
    expect(none.stdout).toBe('No findings in 8 files.\n');
    expect(none.status).toBe(0);
  });

  it('exits 2 for a role that is not one of ours, naming the allowed ones', () => {
    const r = run(['--agent', 'python-wizard', '.'], DEMO);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`pyteam-lint: error: --agent: 'python-wizard' is not a role; use one of ${AGENTS.join(', ')}\n`);
  });
});

describe('renderBrief', () => {
  const finding = (over: Partial<Finding>): Finding => ({
    code: 'PTL303',
    name: 'credentials-in-url',
    agent: 'python-security-reviewer',
    severity: 'error',
    path: 'x.py',
    line: 2,
    column: 1,
    endLine: 2,
    endColumn: 10,
    message: 'a message',
    fix: null,
    ...over,
  });
  const report = (findings: Finding[], source: string): RunReport => ({
    findings,
    errors: [],
    files: 1,
    rules: [],
    tool: { name: 'pyteam-lint', version: '0', informationUri: '' },
    cwd: '/',
    srcRoot: '/',
    sourceOf: () => source,
  });

  it('says when no role has work', () => {
    expect(renderBrief(report([], ''))).toBe('# pyteam-lint brief\n\nNo findings in 1 file checked: no role has work.\n');
  });

  it('fences code that itself holds backticks with a longer fence', () => {
    const out = renderBrief(report([finding({})], 'doc = """\n```python\nx\n```\n"""\n'));
    expect(out).toContain('````text\n');
    expect(out).not.toMatch(/^```text$/m);
  });

  it('lists files that could not be checked', () => {
    const out = renderBrief({ ...report([], ''), errors: [{ path: 'blob.py', message: 'binary file (contains NUL bytes); skipped' }] });
    expect(out).toContain('## Files not checked (1)\n\n- `blob.py`: binary file (contains NUL bytes); skipped\n');
  });
});

it('a brief on a project without findings is short and exits 0', () => {
  const dir = project({ 'ok.py': 'x = 1\n' });
  const r = run(['--format', 'brief', '.'], dir);
  expect(r.stdout).toBe('# pyteam-lint brief\n\nNo findings in 1 file checked: no role has work.\n');
  expect(r.status).toBe(0);
});
