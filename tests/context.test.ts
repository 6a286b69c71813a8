/**
 * The contexts the engine knows beyond one file's text: test code (`test-paths`, each rule's
 * policy, `in-tests`), and cross-file summaries kept correct by the cache (a helper edited in one
 * file changes the finding in its caller's file on the next cached run).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_TRACE, project, run } from './spawn.js';

const ASYNC_SLEEP = 'import time\n\n\nasync def poll():\n    time.sleep(1)\n';

function findingsOf(dir: string, args: string[] = [], env: Record<string, string> = {}): string[] {
  const r = run(['--format', 'json', '--select', 'PTL106,PTL303', ...args, '.'], dir, { env });
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { findings: Array<{ path: string; line: number; code: string }> }).findings.map(
    (f) => `${f.path}:${f.line} ${f.code}`,
  );
}

describe('test code', () => {
  it("drops a rule's findings in test paths when its policy says so, and keeps the rest", () => {
    const dir = project({
      'pyproject.toml': '[tool.pyteam-lint]\n',
      'src/service.py': ASYNC_SLEEP,
      'tests/test_service.py': ASYNC_SLEEP,
      'integration-tests/helpers.py': ASYNC_SLEEP,
      'src/test_helpers.py': 'URL = "rtsp://user:secret@10.0.0.1/"\n',
      'src/settings.py': 'URL = "rtsp://user:secret@10.0.0.1/"\n',
    });
    expect(findingsOf(dir)).toEqual(['src/service.py:5 PTL106', 'src/settings.py:1 PTL303']);
  });

  it('takes test-paths, extend-test-paths and a per-rule in-tests from the configuration', () => {
    const dir = project({
      'pyproject.toml':
        '[tool.pyteam-lint]\ntest-paths = ["qa/"]\nextend-test-paths = ["checks_*.py"]\n' +
        '[tool.pyteam-lint.rules.credentials-in-url]\nin-tests = true\n',
      'tests/test_service.py': ASYNC_SLEEP,
      'qa/probe.py': ASYNC_SLEEP,
      'src/checks_camera.py': `${ASYNC_SLEEP}URL = "rtsp://user:secret@10.0.0.1/"\n`,
    });
    // tests/ is no longer test code; qa/ and checks_*.py are; PTL303 now reports in test code.
    expect(findingsOf(dir)).toEqual(['src/checks_camera.py:6 PTL303', 'tests/test_service.py:5 PTL106']);
  });

  it('rejects an in-tests that is not a boolean, naming the key', () => {
    const dir = project({
      'pyproject.toml': '[tool.pyteam-lint.rules.asyncio-cpu-bound]\nin-tests = "yes"\n',
      'a.py': ASYNC_SLEEP,
    });
    const r = run(['.'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("rules.asyncio-cpu-bound: 'in-tests' must be true or false");
    expect(r.stderr).not.toMatch(NO_TRACE);
  });

  it('names the policy in rules, explain and the JSON rule list', () => {
    const dir = project({ 'a.py': '' });
    expect(run(['explain', 'PTL106'], dir).stdout).toMatch(/not reported in test code/);
    expect(run(['explain', 'PTL106'], dir).stdout).toMatch(/^ {4}in-tests = false {2}— /m);
    expect(run(['explain', 'PTL102'], dir).stdout).toMatch(/^ {4}in-tests = true {2}— /m);
    const rows = JSON.parse(run(['rules', '--format', 'json'], dir).stdout) as Array<{ code: string; testCode: string }>;
    expect(Object.fromEntries(rows.map((r) => [r.code, r.testCode]))).toMatchObject({ PTL102: 'report', PTL106: 'ignore', PTL303: 'ignore' });
  });
});

describe('blocking helpers across files, with the cache', () => {
  it('re-checks the caller when only the helper file changes', () => {
    const dir = project({
      'pyproject.toml': '[tool.pyteam-lint]\n',
      'app/__init__.py': '',
      'app/media.py': 'def render_clip(path):\n    return path\n',
      'app/api.py': 'from .media import render_clip\n\n\nasync def get_clip(path):\n    return render_clip(path)\n',
    });
    const cached = { PYTEAM_LINT_NO_CACHE: '' };
    expect(findingsOf(dir, [], cached)).toEqual([]);
    writeFileSync(
      path.join(dir, 'app/media.py'),
      'import subprocess\n\n\ndef render_clip(path):\n    return subprocess.run(["ffmpeg", "-i", path], check=True)\n',
    );
    const r = run(['--format', 'json', '--select', 'PTL106', '.'], dir, { env: cached });
    const findings = (JSON.parse(r.stdout) as { findings: Array<{ path: string; line: number; message: string }> }).findings;
    expect(findings.map((f) => `${f.path}:${f.line}`)).toEqual(['app/api.py:5']);
    expect(findings[0]!.message).toContain('(render_clip() → subprocess.run)');
    // And back: the helper stops blocking, the caller's finding goes, still from the cache.
    writeFileSync(path.join(dir, 'app/media.py'), 'def render_clip(path):\n    return path\n');
    expect(findingsOf(dir, [], cached)).toEqual([]);
  });

  it('sees the helper when only the caller is named (pre-commit)', () => {
    const dir = project({
      'pyproject.toml': '[tool.pyteam-lint]\n',
      'app/__init__.py': '',
      'app/media.py': 'import time\n\n\ndef backoff(n):\n    time.sleep(n)\n',
      'app/api.py': 'from app import media\n\n\nasync def retry():\n    media.backoff(1)\n',
    });
    const r = run(['--format', 'concise', '--select', 'PTL106', 'app/api.py'], dir);
    expect(r.stdout).toContain('app/api.py:5:5: PTL106 `backoff()` blocks the event loop inside `async def retry` (backoff() → time.sleep)');
    expect(r.status).toBe(1);
  });
});
