/**
 * The pre-commit hook end to end, with the real pre-commit (Debian's package; .ci/run installs
 * it): `pre-commit try-repo <this project> pyteam-lint` in a throwaway git repository.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';
import { project, tempDir } from './spawn.js';

const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
// In CI the hook must be tested: a missing pre-commit is a failure there, not a skip.
const runIt = hasPreCommit || process.env['CI'] ? it : it.skip;

const home = tempDir('pre-commit-home-');

function gitRepo(files: Record<string, string>): string {
  const dir = project(files);
  const git = (...args: string[]) => spawnSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', ...args], { cwd: dir, encoding: 'utf8' });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'fixture');
  return dir;
}

function tryRepo(repo: string, ...args: string[]): { status: number; output: string } {
  const r = spawnSync('pre-commit', ['try-repo', ROOT, 'pyteam-lint', ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, PRE_COMMIT_HOME: home, NO_COLOR: '1', PRE_COMMIT_COLOR: 'never' },
    timeout: 300_000,
  });
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

describe('pre-commit hook', () => {
  runIt('fails with our findings on a bad file', () => {
    const repo = gitRepo({ 'bad.py': 'import torch\nstate = torch.load("m.pt")\n', 'good.py': 'x = 1\n' });
    const r = tryRepo(repo, '--all-files');
    expect(r.status, r.output).toBe(1);
    expect(r.output).toContain('bad.py:2:9: PTL301');
    expect(r.output).not.toContain('good.py:');
  }, 300_000);

  runIt('passes on a clean repository, excluding what the excludes say even when pre-commit names it', () => {
    const repo = gitRepo({ 'src/app.py': 'import torch\nstate = torch.load("m.pt", weights_only=True)\n', 'build/gen.py': 'import pickle\npickle.loads(b"")\n' });
    const r = tryRepo(repo, '--all-files');
    expect(r.status, r.output).toBe(0);
    expect(r.output).toMatch(/pyteam-lint\.+Passed/);
  }, 300_000);

  runIt('checks each changed file with its nearest configuration, whatever else changed', () => {
    const repo = gitRepo({
      'a.py': 'import torch\nstate = torch.load("m.pt")\n',
      'sub/pyproject.toml': '[tool.pyteam-lint]\nignore = ["PTL301"]\n',
      'sub/b.py': 'import torch\nstate = torch.load("m.pt")\n',
    });
    const alone = tryRepo(repo, '--files', 'sub/b.py');
    expect(alone.status, alone.output).toBe(0);
    const together = tryRepo(repo, '--files', 'a.py', 'sub/b.py');
    expect(together.status, together.output).toBe(1);
    expect(together.output).toContain('a.py:2:9: PTL301');
    expect(together.output).not.toContain('sub/b.py:');
  }, 300_000);

  runIt('sees the whole project when only a changed file is passed', () => {
    const repo = gitRepo({
      'pipeline/__init__.py': '',
      'pipeline/base.py': 'class Base:\n    pass\n',
      'pipeline/frame.py': 'from .base import Base\n\nclass Frame(Base):\n    pass\n',
      'pipeline/detection.py': 'from .frame import Frame\n\nclass Detection(Frame):\n    pass\n',
    });
    const r = tryRepo(repo, '--files', 'pipeline/detection.py');
    expect(r.status, r.output).toBe(1);
    expect(r.output).toContain('pipeline/detection.py:3:7: PTL201');
  }, 300_000);
});
