/**
 * `pyteam-lint verify PATCH.diff` with real unified diffs, made by `git diff` and `diff -u` in a
 * temporary repository: accepted, rejected for a new finding, for a syntax error, for resolving
 * nothing, and a patch that does not apply. Nothing in the working tree may change.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyFilePatch, parseUnifiedDiff } from '../src/engine/verify.js';
import { NO_TRACE, project, run } from './spawn.js';

const DETECTOR = [
  'import pickle',
  'import queue',
  '',
  'import torch',
  '',
  '',
  'def load_model(weights: str) -> torch.nn.Module:',
  '    return torch.load(weights)',
  '',
  '',
  'def consume(in_q: queue.Queue) -> None:',
  '    while not stopped():',
  '        frame = in_q.get()',
  '        handle(frame)',
  '',
].join('\n');

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8' });

function committedRepo(): string {
  const dir = project({ 'pyproject.toml': '[tool.pyteam-lint]\n', 'pipeline/__init__.py': '', 'pipeline/detector.py': DETECTOR });
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'init');
  return dir;
}

/**
 * The patch `git diff` gives for `change` (null deletes a file), made in one repository and saved
 * as fix.diff in a second, untouched one where it is judged.
 */
function repoWithPatch(change: Record<string, string | null>, ...diffOptions: string[]): { dir: string; patch: string } {
  const scratch = committedRepo();
  for (const [rel, text] of Object.entries(change)) {
    if (text === null) git(scratch, 'rm', '-q', rel);
    else writeFileSync(path.join(scratch, rel), text);
  }
  git(scratch, 'add', '-A');
  const patch = git(scratch, 'diff', '--cached', ...diffOptions);
  const dir = committedRepo();
  writeFileSync(path.join(dir, 'fix.diff'), patch);
  return { dir, patch };
}

const replaceIn = (text: string, from: string, to: string) => {
  expect(text).toContain(from);
  return text.replace(from, to);
};

function unchanged(dir: string): void {
  expect(git(dir, 'status', '--porcelain', '--untracked-files=no')).toBe('');
  expect(readFileSync(path.join(dir, 'pipeline/detector.py'), 'utf8')).toBe(DETECTOR);
}

describe('pyteam-lint verify', () => {
  it('accepts a git patch that resolves a finding and adds none (exit 0)', () => {
    const { dir } = repoWithPatch({ 'pipeline/detector.py': replaceIn(DETECTOR, 'torch.load(weights)', 'torch.load(weights, weights_only=True)') });
    const r = run(['verify', 'fix.diff'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Accepted: resolves 1 finding and introduces none\./);
    expect(r.stdout).toContain('pipeline/detector.py:8:12: PTL301');
    expect(r.stdout).toContain('Still there: 1 finding');
    unchanged(dir);
  });

  it('matches findings by code, not line: moving code is neither resolving nor introducing', () => {
    const moved = replaceIn(DETECTOR, 'import pickle\n', 'import pickle\n\n# a comment that shifts every line\n');
    const { dir } = repoWithPatch({ 'pipeline/detector.py': replaceIn(moved, 'in_q.get()', 'in_q.get(timeout=1.0)') });
    const r = run(['verify', '--format', 'json', 'fix.diff'], dir);
    const verdict = JSON.parse(r.stdout) as { verdict: string; resolved: Array<{ code: string; line: number }>; introduced: unknown[]; remaining: Array<{ code: string; line: number }> };
    expect(verdict.verdict).toBe('accepted');
    expect(verdict.resolved.map((f) => `${f.code}:${f.line}`)).toEqual(['PTL102:13']);
    expect(verdict.introduced).toEqual([]);
    expect(verdict.remaining.map((f) => `${f.code}:${f.line}`)).toEqual(['PTL301:10']);
    expect(r.status).toBe(0);
  });

  it('rejects a patch that brings in a new finding, naming it (exit 1)', () => {
    const fixed = replaceIn(DETECTOR, 'torch.load(weights)', 'torch.load(weights, weights_only=True)');
    const { dir } = repoWithPatch({ 'pipeline/detector.py': replaceIn(fixed, '        handle(frame)', '        handle(pickle.loads(frame))') });
    const r = run(['verify', 'fix.diff'], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^Rejected: it introduces 1 new finding\./);
    expect(r.stdout).toMatch(/New \(1\)[^\n]*\n {2}pipeline\/detector\.py:14:16: PTL302/);
    unchanged(dir);
  });

  it('rejects a patch after which the file no longer parses', () => {
    const { dir } = repoWithPatch({ 'pipeline/detector.py': replaceIn(DETECTOR, 'return torch.load(weights)', 'return torch.load(weights, weights_only=True') });
    const r = run(['verify', 'fix.diff'], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('pipeline/detector.py does not parse after the change');
  });

  it('rejects a patch that resolves nothing', () => {
    const { dir } = repoWithPatch({ 'pipeline/detector.py': replaceIn(DETECTOR, '        handle(frame)', '        handle(frame)  # handled') });
    const r = run(['verify', 'fix.diff'], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('Rejected: it resolves no finding.\n\nStill there: 2 findings the patch does not touch.\n');
  });

  it('rejects a patch that does not apply to the working tree, writing nothing', () => {
    const { dir, patch } = repoWithPatch({ 'pipeline/detector.py': replaceIn(DETECTOR, 'torch.load(weights)', 'torch.load(weights, weights_only=True)') });
    writeFileSync(path.join(dir, 'stale.diff'), patch.replace(' def load_model(weights: str) -> torch.nn.Module:', ' def load_checkpoint(weights: str) -> torch.nn.Module:'));
    const r = run(['verify', 'stale.diff'], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('Rejected: the patch does not apply to pipeline/detector.py: its context lines are not in the file.\n');
    unchanged(dir);
  });

  it('judges a patch that creates and deletes files, and reads it from stdin', () => {
    const { dir, patch } = repoWithPatch({
      'pipeline/detector.py': null,
      'pipeline/safe_detector.py': replaceIn(DETECTOR, 'torch.load(weights)', 'torch.load(weights, weights_only=True)'),
    }, '--no-renames');
    expect(patch).toContain('deleted file mode');
    expect(patch).toContain('new file mode');
    const r = run(['verify', '-'], dir, { input: patch });
    // The move drops PTL301, but the PTL102 it carries along has a new path: honestly a new finding.
    expect(r.stdout).toMatch(/^Rejected: it introduces 1 new finding\./);
    expect(r.stdout).toContain('pipeline/safe_detector.py:13:17: PTL102');
    expect(r.status).toBe(1);
  });

  it('rejects a rename, which it cannot judge, saying so', () => {
    const { dir, patch } = repoWithPatch({ 'pipeline/detector.py': null, 'pipeline/detect.py': DETECTOR });
    expect(patch).toContain('rename from pipeline/detector.py');
    const r = run(['verify', 'fix.diff'], dir);
    expect(r.stdout).toMatch(/^Rejected: renames and copies are not supported \(pipeline\/detector\.py -> pipeline\/detect\.py\)/);
    expect(r.status).toBe(1);
  });

  it('takes a plain `diff -u` patch between a copy and the file', () => {
    const dir = project({ 'detector.py': DETECTOR, 'detector.py.new': replaceIn(DETECTOR, 'in_q.get()', 'in_q.get(timeout=1.0)') });
    const diff = spawnSync('diff', ['-u', 'detector.py', 'detector.py.new'], { cwd: dir, encoding: 'utf8' }).stdout;
    expect(diff).toMatch(/^--- detector\.py\t/);
    writeFileSync(path.join(dir, 'p.diff'), diff);
    const r = run(['verify', 'p.diff'], dir);
    expect(r.stdout).toMatch(/^Accepted: resolves 1 finding/);
    expect(r.status).toBe(0);
  });

  it('rejects what is not a diff, and fails usage errors with exit 2', () => {
    const dir = project({ 'a.py': 'x = 1\n', 'notes.txt': 'just some text\n' });
    const notDiff = run(['verify', 'notes.txt'], dir);
    expect(notDiff.status).toBe(1);
    expect(notDiff.stdout).toMatch(/^Rejected: no file changes found/);
    const missing = run(['verify', 'nope.diff'], dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/verify: cannot read nope\.diff: no such file/);
    expect(missing.stderr).not.toMatch(NO_TRACE);
    expect(run(['verify'], dir).status).toBe(2);
    expect(run(['verify', '--format', 'sarif', 'notes.txt'], dir).status).toBe(2);
  });
});

describe('parseUnifiedDiff / applyFilePatch', () => {
  it('keeps CRLF line endings when the diff was taken with LF', () => {
    const [patch] = parseUnifiedDiff('--- a/x.py\n+++ b/x.py\n@@ -1,2 +1,2 @@\n a = 1\n-b = 2\n+b = 3\n');
    expect(patch!.oldPath).toBe('x.py');
    expect(applyFilePatch('a = 1\r\nb = 2\r\n', patch!)).toBe('a = 1\r\nb = 3\r\n');
  });

  it('refuses renames (git detects them unless told not to)', () => {
    expect(() => parseUnifiedDiff('diff --git a/x.py b/y.py\nsimilarity index 100%\nrename from x.py\nrename to y.py\n')).toThrow(/renames/);
  });
});
