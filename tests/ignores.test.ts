/**
 * Ignore files beyond `.gitignore`: `.git/info/exclude`, `core.excludesFile` (the repository's and
 * the user's git configuration, git's XDG default), ripgrep's `.ignore`, and how layers combine
 * (kinds ranked as ripgrep and Ruff rank them, the deepest file first within a kind, negations
 * across files). Through the Discoverer directly, against git itself where git can judge, and end
 * to end through `run(argv, io)`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Discoverer, gitConfigExcludesFile, type DiscoverOptions } from '../src/cli/discover.js';
import { run as runCli, type Io } from '../src/cli/main.js';
import { tempDir } from './spawn.js';

const UNSAFE = 'import torch\n\nstate = torch.load(p)\n';

/** Writes files (relative path → content) under `dir`, making directories as needed. */
function write(dir: string, files: Record<string, string>): string {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return dir;
}

function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

/** A home directory of its own, so the user's real git configuration is never read. */
function isolatedEnv(): { HOME: string } {
  return { HOME: tempDir('pyteam-lint-home-') };
}

interface Listing {
  files: string[];
  warnings: string[];
}

/** The files a Discoverer rooted at `root` finds under `inputs` (default: the root), relative to the root. */
function discover(root: string, options: Partial<DiscoverOptions> = {}, inputs: string[] = [root]): Listing {
  const warnings: string[] = [];
  const discoverer = new Discoverer({
    root,
    excludes: [],
    respectGitignore: true,
    forceExclude: false,
    env: isolatedEnv(),
    warn: (m) => warnings.push(m),
    ...options,
  });
  const { files } = discoverer.discover(inputs.map((i) => path.resolve(root, i)));
  return { files: files.map((f) => path.relative(root, f).split(path.sep).join('/')), warnings };
}

/** A directory that looks like a repository's root to the Discoverer (a `.git` directory). */
function repo(files: Record<string, string>): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, '.git', 'info'), { recursive: true });
  return write(dir, files);
}

describe('.git/info/exclude', () => {
  it('ignores what the repository excludes, at the repository root and below every .gitignore', () => {
    const dir = repo({
      '.git/info/exclude': '# local only\nscratch/\n*_local.py\n',
      'scratch/a.py': UNSAFE,
      'src/a.py': UNSAFE,
      'src/b_local.py': UNSAFE,
      // A .gitignore's negation outranks info/exclude.
      'keep/.gitignore': '!keep_local.py\n',
      'keep/keep_local.py': UNSAFE,
    });
    expect(discover(dir).files).toEqual(['keep/keep_local.py', 'src/a.py']);
  });

  it('is read from the common git directory of a worktree (.git file and commondir)', () => {
    const main = tempDir();
    write(main, { 'gitdir/info/exclude': 'generated/\n', 'gitdir/worktrees/wt/commondir': '../..\n' });
    const wt = write(tempDir(), { '.git': `gitdir: ${path.join(main, 'gitdir', 'worktrees', 'wt')}\n`, 'generated/g.py': UNSAFE, 'a.py': UNSAFE });
    expect(discover(wt).files).toEqual(['a.py']);
  });

  it('applies to a project root below the repository root, with patterns from the repository root', () => {
    const dir = repo({ '.git/info/exclude': '/ml/gen/\n', '.gitignore': 'data/\n', 'ml/gen/g.py': UNSAFE, 'ml/data/d.py': UNSAFE, 'ml/gen2/g.py': UNSAFE });
    expect(discover(path.join(dir, 'ml')).files).toEqual(['gen2/g.py']);
  });
});

describe('core.excludesFile', () => {
  it("is read from the repository's .git/config, with ~/ expanded from HOME", () => {
    const env = isolatedEnv();
    write(env.HOME, { 'my-ignores': 'secret_*.py\n' });
    const dir = repo({ '.git/config': '[core]\n\trepositoryformatversion = 0\n\texcludesFile = ~/my-ignores\n', 'secret_key.py': UNSAFE, 'a.py': UNSAFE });
    expect(discover(dir, { env }).files).toEqual(['a.py']);
  });

  it("is read from the user's ~/.gitconfig and the XDG git config, the repository's setting winning", () => {
    const env = isolatedEnv();
    write(env.HOME, { '.gitconfig': '[core]\n  excludesfile = "~/global ignores"\n', 'global ignores': 'from_global.py\n', 'repo-ignores': 'from_repo.py\n' });
    const files = { 'from_global.py': UNSAFE, 'from_repo.py': UNSAFE, 'a.py': UNSAFE };
    expect(discover(repo(files), { env }).files).toEqual(['a.py', 'from_repo.py']);
    const overridden = repo({ ...files, '.git/config': `[core]\nexcludesFile = ${path.join(env.HOME, 'repo-ignores')}\n` });
    expect(discover(overridden, { env }).files).toEqual(['a.py', 'from_global.py']);
    // $XDG_CONFIG_HOME/git/config is read before ~/.gitconfig, so ~/.gitconfig wins over it.
    const xdg = tempDir();
    write(xdg, { 'git/config': '[core]\nexcludesFile = ~/repo-ignores\n' });
    expect(discover(repo(files), { env: { ...env, XDG_CONFIG_HOME: xdg } }).files).toEqual(['a.py', 'from_repo.py']);
    const onlyXdg = { HOME: tempDir(), XDG_CONFIG_HOME: xdg };
    write(onlyXdg.HOME, { 'repo-ignores': 'from_repo.py\n' });
    expect(discover(repo(files), { env: onlyXdg }).files).toEqual(['a.py', 'from_global.py']);
  });

  it('defaults to $XDG_CONFIG_HOME/git/ignore, else ~/.config/git/ignore, as git does', () => {
    const files = { 'notes_scratch.py': UNSAFE, 'a.py': UNSAFE };
    const xdg = tempDir();
    write(xdg, { 'git/ignore': '*_scratch.py\n' });
    expect(discover(repo(files), { env: { ...isolatedEnv(), XDG_CONFIG_HOME: xdg } }).files).toEqual(['a.py']);
    const env = isolatedEnv();
    write(env.HOME, { '.config/git/ignore': '*_scratch.py\n' });
    expect(discover(repo(files), { env }).files).toEqual(['a.py']);
    // An empty XDG_CONFIG_HOME counts as unset.
    expect(discover(repo(files), { env: { ...env, XDG_CONFIG_HOME: '' } }).files).toEqual(['a.py']);
    // Set to nothing, it turns the global file off.
    expect(discover(repo({ ...files, '.git/config': '[core]\n\texcludesFile =\n' }), { env }).files).toEqual(['a.py', 'notes_scratch.py']);
  });

  it('applies only inside a repository, as git and ripgrep apply it', () => {
    const env = isolatedEnv();
    write(env.HOME, { '.config/git/ignore': '*_scratch.py\n' });
    const dir = write(tempDir(), { 'notes_scratch.py': UNSAFE });
    expect(discover(dir, { env }).files).toEqual(['notes_scratch.py']);
  });

  it('parses git configuration as git does: sections, case, quotes, escapes, comments, continuations', () => {
    expect(gitConfigExcludesFile('[core]\n\texcludesFile = /a/b\n')).toBe('/a/b');
    expect(gitConfigExcludesFile('[Core]\nEXCLUDESFILE=/x ; comment\n')).toBe('/x');
    expect(gitConfigExcludesFile('[core]\nexcludesFile = "/with # hash" # comment\n')).toBe('/with # hash');
    expect(gitConfigExcludesFile('[core]\nexcludesFile = /a\\\\b\\"c\n')).toBe('/a\\b"c');
    expect(gitConfigExcludesFile('[core]\nexcludesFile = /long\\\n/path\n')).toBe('/long/path');
    expect(gitConfigExcludesFile('[core]\nexcludesFile = two  words   \n')).toBe('two  words');
    expect(gitConfigExcludesFile('[core] excludesFile = /same-line\n')).toBe('/same-line');
    expect(gitConfigExcludesFile('[core]\nexcludesFile = /first\n[user]\nname = x\n[core]\nexcludesFile = /last\n')).toBe('/last');
    expect(gitConfigExcludesFile('[core "sub"]\nexcludesFile = /not-core\n[user]\nexcludesFile = /not-core\n')).toBeUndefined();
    expect(gitConfigExcludesFile('[core]\n# excludesFile = /commented\nexcludesFileX = /other-key\n')).toBeUndefined();
  });
});

describe('.ignore files', () => {
  it('are honoured outside any repository, in any directory', () => {
    const dir = write(tempDir(), { '.ignore': 'scratch/\n', 'scratch/a.py': UNSAFE, 'src/.ignore': 'wip_*.py\n', 'src/wip_x.py': UNSAFE, 'src/a.py': UNSAFE, 'wip_root.py': UNSAFE });
    expect(discover(dir).files).toEqual(['src/a.py', 'wip_root.py']);
  });

  it('outrank .gitignore: a negation in .ignore re-includes what .gitignore ignores', () => {
    const dir = repo({
      '.gitignore': 'generated/\n*_pb2.py\n',
      '.ignore': '!generated/\n!keep_pb2.py\n',
      'generated/g.py': UNSAFE,
      'keep_pb2.py': UNSAFE,
      'other_pb2.py': UNSAFE,
    });
    expect(discover(dir).files).toEqual(['generated/g.py', 'keep_pb2.py']);
  });

  it('apply across a nested repository, where the outer .gitignore does not', () => {
    const dir = repo({ '.gitignore': 'vendored_*.py\n', '.ignore': 'wip_*.py\n', 'sub/.git/info/exclude': '', 'sub/vendored_a.py': UNSAFE, 'sub/wip_a.py': UNSAFE, 'vendored_b.py': UNSAFE });
    expect(discover(dir).files).toEqual(['sub/vendored_a.py']);
  });

  it('above the project top (a home directory, say) are not read', () => {
    const outer = write(tempDir(), { '.ignore': '*\n' });
    const dir = write(path.join(outer, 'project'), { 'pyproject.toml': '', 'a.py': UNSAFE });
    expect(discover(dir).files).toEqual(['a.py']);
  });

  it('that are not regular files are left out with a warning', () => {
    const dir = repo({ 'a.py': UNSAFE, 'sub/b.py': UNSAFE });
    symlinkSync('/dev/zero', path.join(dir, '.ignore'));
    mkfifo(path.join(dir, 'sub', '.ignore'));
    const { files, warnings } = discover(dir);
    expect(files).toEqual(['a.py', 'sub/b.py']);
    expect(warnings).toEqual([
      `${path.join(dir, '.ignore')}: is a character device, not a regular file; its patterns are not applied`,
      `${path.join(dir, 'sub', '.ignore')}: is a FIFO (named pipe), not a regular file; its patterns are not applied`,
    ]);
  });

  it('a git configuration or core.excludesFile that is not a regular file is left out with a warning', () => {
    const env = isolatedEnv();
    symlinkSync('/dev/zero', path.join(env.HOME, '.gitconfig'));
    const global = discover(repo({ 'a.py': UNSAFE }), { env });
    expect(global.files).toEqual(['a.py']);
    expect(global.warnings).toEqual([`${path.join(env.HOME, '.gitconfig')}: is a character device, not a regular file; its settings are not applied`]);
    mkfifo(path.join(env.HOME, 'fifo'));
    const local = discover(repo({ '.git/config': '[core]\nexcludesFile = ~/fifo\n', 'a.py': UNSAFE }), { env });
    expect(local.files).toEqual(['a.py']);
    expect(local.warnings).toEqual([`${path.join(env.HOME, 'fifo')}: is a FIFO (named pipe), not a regular file; its patterns are not applied`]);
  });
});

describe('layers and negations', () => {
  it('a deeper .gitignore un-ignores a file a shallower one ignores', () => {
    const dir = repo({ '.gitignore': '*_gen.py\n', 'sub/.gitignore': '!keep_gen.py\n', 'keep_gen.py': UNSAFE, 'sub/keep_gen.py': UNSAFE, 'sub/other_gen.py': UNSAFE, 'sub/a.py': UNSAFE });
    expect(discover(dir).files).toEqual(['sub/a.py', 'sub/keep_gen.py']);
  });

  it("a deeper file un-ignores a directory, and the shallower file's own patterns still apply inside it", () => {
    const dir = repo({
      '.gitignore': 'build/\n*_pb2.py\n',
      'sub/.gitignore': '!build/\n',
      'build/a.py': UNSAFE,
      'sub/build/a.py': UNSAFE,
      'sub/build/a_pb2.py': UNSAFE,
      'sub/build/deep/b.py': UNSAFE,
    });
    expect(discover(dir).files).toEqual(['sub/build/a.py', 'sub/build/deep/b.py']);
  });

  it('nothing under an ignored directory can be un-ignored, as in git', () => {
    const dir = repo({ '.gitignore': 'generated/\n!generated/keep.py\n', 'generated/keep.py': UNSAFE, 'generated/.gitignore': '!keep.py\n', 'a.py': UNSAFE });
    expect(discover(dir).files).toEqual(['a.py']);
  });

  it('a directory named on the command line is entered, its files judged by their own patterns', () => {
    const dir = repo({ '.gitignore': 'generated/\n*_pb2.py\n', 'generated/g.py': UNSAFE, 'generated/g_pb2.py': UNSAFE, 'generated/we*ird[x] /w.py': UNSAFE });
    expect(discover(dir, {}, ['generated']).files).toEqual(['generated/g.py', 'generated/we*ird[x] /w.py']);
  });

  it('--force-exclude: a named file is excluded when it or a directory above it is ignored', () => {
    const dir = repo({ '.ignore': 'generated/\n', '.git/info/exclude': 'local.py\n', 'generated/g.py': UNSAFE, 'local.py': UNSAFE, 'a.py': UNSAFE });
    expect(discover(dir, { forceExclude: true }, ['generated/g.py', 'local.py', 'a.py']).files).toEqual(['a.py']);
    expect(discover(dir, {}, ['generated/g.py', 'local.py', 'a.py']).files).toEqual(['a.py', 'generated/g.py', 'local.py']);
  });

  it('patterns are case-sensitive, as git, ripgrep and Ruff match them', () => {
    const dir = repo({ '.gitignore': 'Generated/\n', 'generated/g.py': UNSAFE });
    expect(discover(dir).files).toEqual(['generated/g.py']);
  });

  it('respect-gitignore = false turns every kind off', () => {
    const env = isolatedEnv();
    write(env.HOME, { '.config/git/ignore': 'global.py\n' });
    const dir = repo({ '.gitignore': 'a.py\n', '.ignore': 'b.py\n', '.git/info/exclude': 'c.py\n', 'a.py': UNSAFE, 'b.py': UNSAFE, 'c.py': UNSAFE, 'global.py': UNSAFE });
    expect(discover(dir, { env }).files).toEqual([]);
    expect(discover(dir, { env, respectGitignore: false }).files).toEqual(['a.py', 'b.py', 'c.py', 'global.py']);
  });
});

const hasGit = spawnSync('git', ['--version']).status === 0;

describe.skipIf(!hasGit)('the same verdicts as git', () => {
  it('lists what `git ls-files --others --exclude-standard` lists, on a tree of tricky cases', () => {
    const home = tempDir('pyteam-lint-home-');
    const env = { HOME: home, XDG_CONFIG_HOME: path.join(home, 'xdg') };
    const gitEnv = { ...process.env, ...env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: path.join(home, '.gitconfig') };
    const dir = tempDir();
    execFileSync('git', ['init', '-q', dir], { env: gitEnv });
    write(home, { 'xdg/git/ignore': '*_global.py\n' });
    write(dir, {
      '.git/info/exclude': 'excluded/\n*_local.py\n',
      '.gitignore': 'build/\n*_pb2.py\n/anchored.py\n**/deep_*.py\n!keep_*.py\nkeep_no.py\n',
      'a.py': '',
      'anchored.py': '',
      'x_global.py': '',
      'y_local.py': '',
      'keep_local.py': '',
      'keep_no.py': '',
      'm_pb2.py': '',
      'build/b.py': '',
      'excluded/e.py': '',
      'sub/anchored.py': '',
      'sub/deep_a.py': '',
      'sub/.gitignore': '!build/\n!m_pb2.py\n*.py\n!s.py\n',
      'sub/s.py': '',
      'sub/t.py': '',
      'sub/m_pb2.py': '',
      'sub/build/b.py': '',
      'sub/build/n_pb2.py': '',
      'sub/build/.gitignore': '!t.py\n',
      'sub/build/t.py': '',
      'pkg/build/c.py': '',
      'pkg/inner/.gitignore': '/*\n!/wanted.py\n',
      'pkg/inner/wanted.py': '',
      'pkg/inner/unwanted.py': '',
    });
    const fromGit = execFileSync('git', ['ls-files', '--others', '--exclude-standard', '-z'], { cwd: dir, env: gitEnv, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f.endsWith('.py'))
      .sort();
    expect(fromGit.length).toBeGreaterThan(3);
    expect(discover(dir, { env }).files).toEqual(fromGit);
  });
});

describe('end to end: run(argv, io)', () => {
  // Until the run passes its own environment to the Discoverer, it reads the process's: point
  // that at a home of its own too, so no test reads the real user's git configuration.
  const saved = { HOME: process.env['HOME'], XDG_CONFIG_HOME: process.env['XDG_CONFIG_HOME'], GIT_CONFIG_GLOBAL: process.env['GIT_CONFIG_GLOBAL'] };
  const home = tempDir('pyteam-lint-home-');
  beforeAll(() => {
    process.env['HOME'] = home;
    delete process.env['XDG_CONFIG_HOME'];
    delete process.env['GIT_CONFIG_GLOBAL'];
  });
  afterAll(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  async function cli(argv: string[], cwd: string): Promise<{ status: number; paths: string[]; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: Io = {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
      readStdin: () => {
        throw new Error('these tests give no standard input');
      },
      isTty: false,
      env: { NO_COLOR: '', PYTEAM_LINT_NO_CACHE: '1', HOME: home },
      cwd,
    };
    const status = await runCli(['--format', 'json', '--select', 'PTL301', ...argv], io);
    const paths = status === 2 ? [] : (JSON.parse(stdout) as { findings: Array<{ path: string }> }).findings.map((f) => f.path);
    return { status, paths, stderr };
  }

  it('honours info/exclude, core.excludesFile, the XDG default and .ignore; --no-respect-gitignore turns them all off', async () => {
    write(home, { '.config/git/ignore': 'from_xdg_default.py\n', 'team-ignores': 'from_excludes_file.py\n' });
    const dir = repo({
      '.git/config': '[core]\n\texcludesFile = ~/team-ignores\n',
      '.git/info/exclude': 'from_info_exclude.py\n',
      '.gitignore': 'generated/\n',
      '.ignore': '!generated/\nfrom_dot_ignore.py\n',
      'generated/g.py': UNSAFE,
      'from_info_exclude.py': UNSAFE,
      'from_excludes_file.py': UNSAFE,
      'from_dot_ignore.py': UNSAFE,
      'a.py': UNSAFE,
    });
    const honoured = await cli(['.'], dir);
    expect(honoured.status).toBe(1);
    expect(honoured.paths).toEqual(['a.py', 'generated/g.py']);
    const off = await cli(['--no-respect-gitignore', '.'], dir);
    expect(off.paths).toEqual(['a.py', 'from_dot_ignore.py', 'from_excludes_file.py', 'from_info_exclude.py', 'generated/g.py']);
    // The XDG default applies where core.excludesFile is not set.
    const other = repo({ 'from_xdg_default.py': UNSAFE, 'a.py': UNSAFE });
    expect((await cli(['.'], other)).paths).toEqual(['a.py']);
  });

  it('honours .ignore outside any repository, and warns about one that is not a regular file', async () => {
    const dir = write(tempDir(), { '.ignore': 'scratch/\n', 'scratch/s.py': UNSAFE, 'a.py': UNSAFE, 'sub/b.py': UNSAFE });
    expect((await cli(['.'], dir)).paths).toEqual(['a.py', 'sub/b.py']);
    symlinkSync('/dev/zero', path.join(dir, 'sub', '.ignore'));
    const r = await cli(['.'], dir);
    expect(r.paths).toEqual(['a.py', 'sub/b.py']);
    expect(r.stderr).toContain(`sub/.ignore: is a character device, not a regular file; its patterns are not applied`);
  });
});
