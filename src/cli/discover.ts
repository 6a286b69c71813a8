/**
 * Which files a run lints: `*.py` and `*.pyi` under the given directories, skipping default
 * excludes, configured excludes and what ignore files ignore; files named explicitly are always
 * linted unless `--force-exclude`. The walk is iterative, sorted and follows directory symlinks
 * only once per real directory, so loops end with a diagnostic instead of hanging, and only when
 * they stay inside the project.
 *
 * Ignore files are honoured as ripgrep and Ruff (both on the `ignore` crate) honour them, under
 * `respect-gitignore`: `.ignore` files (in any directory, in a repository or not), `.gitignore`
 * files (from a repository's root down; outside any repository, from the project root down), and
 * the repository's `.git/info/exclude` and `core.excludesFile` (the repository's git
 * configuration over the user's; git's default `~/.config/git/ignore` when unset). They are read
 * from the project's top — its repository's root when it has one, else the project root — down;
 * nothing above it (a home directory's `.ignore`) applies. For a path, the kinds rank in that
 * order and, within a kind, the deepest file first: the first file with a verdict (a pattern that
 * ignores it, or a `!pattern` that un-ignores it) decides. A directory that is ignored is not
 * entered, so nothing under it can be un-ignored, as in git; a directory named on the command
 * line is entered whatever ignores it.
 */
import { existsSync, lstatSync, readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { describeFsError, fsPath, kindOf, isInside, nameFromBytes, readRegularFile, realPath } from '../engine/files.js';
import { findUp } from './config.js';

export const DEFAULT_EXCLUDES = [
  '.bzr',
  '.direnv',
  '.eggs',
  '.git',
  '.hg',
  '.ipynb_checkpoints',
  '.mypy_cache',
  '.nox',
  '.pyteam-lint-cache',
  '.pytest_cache',
  '.pytype',
  '.ruff_cache',
  '.svn',
  '.tox',
  '.venv',
  '__pycache__',
  '__pypackages__',
  'build',
  'dist',
  'node_modules',
  'site-packages',
  'venv',
];

export interface DiscoverOptions {
  root: string;
  excludes: readonly string[];
  /** `respect-gitignore`: `.ignore`, `.gitignore`, `.git/info/exclude` and `core.excludesFile`, all or none. */
  respectGitignore: boolean;
  forceExclude: boolean;
  /** Told once per ignore (or git configuration) file that cannot be used. */
  warn?: ((message: string) => void) | undefined;
  /**
   * Where `HOME`, `XDG_CONFIG_HOME` and `GIT_CONFIG_GLOBAL` are read, to find the user's git
   * configuration and global ignore file as git does (default: the process's environment).
   */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** Ignore files are small; a larger one is a mistake, not a list of patterns. */
const MAX_IGNORE_FILE_BYTES = 4 * 1024 * 1024;
/** Likewise git configuration files, and `.git` files and `commondir` (one line each). */
const MAX_GIT_FILE_BYTES = 4 * 1024 * 1024;

export interface Discovered {
  files: string[];
  errors: Array<{ path: string; message: string }>;
}

/** The patterns of one ignore file, applied to paths relative to `base`. */
interface IgnoreLayer {
  base: string;
  ig: Ignore;
  /** Matchers that tell this layer's own verdict on paths under an ancestor it ignores (see `ownVerdict`). */
  under?: Map<string, Ignore>;
}

/** The ignore files that apply inside one directory, by kind, each deepest first. */
interface DirLayers {
  /** `.ignore` files (ripgrep's), from this directory up to the top of the chain, across repositories. */
  dot: readonly IgnoreLayer[];
  /** `.gitignore` files, from this directory up to its repository's root (or the chain's top outside one). */
  git: readonly IgnoreLayer[];
  /** The repository's `.git/info/exclude`, then its `core.excludesFile`. */
  repo: readonly IgnoreLayer[];
  /** All of them in precedence order: the first that has a verdict on a path decides. */
  ordered: readonly IgnoreLayer[];
  /** The highest directory whose ignore files were read. */
  top: string;
}

/** Whether a directory holds `name` (of any kind, a dangling link too: a marker, not read). */
function holds(dir: string, name: string): boolean {
  try {
    lstatSync(fsPath(path.join(dir, name)));
    return true;
  } catch {
    return false;
  }
}

/** `p` relative to `base` with `/` separators, or null when it is not strictly inside `base`. */
function relativeInside(base: string, p: string): string | null {
  const rel = path.relative(base, p);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}

/** A path component as a literal gitignore pattern (`\`, wildcards, brackets and trailing spaces escaped). */
function literalPattern(component: string): string {
  return component.replace(/[\\*?[\]]/g, '\\$&').replace(/ +$/, (spaces) => '\\ '.repeat(spaces.length));
}

/** The escapes of git configuration values besides `\\` and `\"`. */
const CONFIG_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', b: '\b' };

/**
 * The value of `core.excludesFile` in git configuration text, or undefined when it is not set
 * there. A minimal reading of git's INI format: `[core]` sections (names case-insensitive; not
 * `[core "sub"]`), keys case-insensitive, the last one wins, values quoted or not with `\"`, `\\`,
 * `\n`, `\t`, `\b` escapes, `#` and `;` comments, and a trailing `\` continuing the line.
 * `include` and `includeIf` are not followed.
 */
export function gitConfigExcludesFile(text: string): string | undefined {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  let inCore = false;
  let found: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    let rest = lines[i]!.trimStart();
    if (rest.startsWith('[')) {
      const close = rest.indexOf(']');
      if (close < 0) continue;
      const header = rest.slice(1, close).trim();
      inCore = header.toLowerCase() === 'core';
      rest = rest.slice(close + 1).trimStart();
    }
    if (!inCore) continue;
    const key = /^([A-Za-z][A-Za-z0-9-]*)\s*=/.exec(rest);
    if (!key || key[1]!.toLowerCase() !== 'excludesfile') continue;
    // The value, read character by character: it may continue on the next lines.
    let value = '';
    let pendingSpace = '';
    let quoted = false;
    let text = rest.slice(key[0].length).trimStart();
    for (let j = 0; j < text.length; j++) {
      const c = text[j]!;
      if (c === '\\') {
        if (j === text.length - 1) {
          // A backslash at the end of the line: the value goes on with the next line.
          text = lines[++i] ?? '';
          j = -1;
          continue;
        }
        const next = text[++j]!;
        value += pendingSpace + (CONFIG_ESCAPES[next] ?? next);
        pendingSpace = '';
        continue;
      }
      if (c === '"') {
        value += pendingSpace;
        pendingSpace = '';
        quoted = !quoted;
        continue;
      }
      if (!quoted && (c === '#' || c === ';')) break;
      if (!quoted && (c === ' ' || c === '\t')) {
        pendingSpace += c;
        continue;
      }
      value += pendingSpace + c;
      pendingSpace = '';
    }
    found = value;
  }
  return found;
}

export class Discoverer {
  private readonly matchers: Array<(p: string) => boolean>;
  /** Parsed ignore files by path (null: absent or unusable). */
  private readonly ignoreFiles = new Map<string, Ignore | null>();
  private readonly layers = new Map<string, DirLayers>();
  private readonly repoLayers = new Map<string, IgnoreLayer[]>();
  private readonly gitFiles = new Map<string, string | null>();
  private topDir: string | undefined;
  private globalExcludes: { value: string | undefined } | undefined;

  constructor(private readonly options: DiscoverOptions) {
    this.matchers = options.excludes.map((pattern) => picomatch(pattern, { dot: true }));
  }

  /** True when a path (absolute) is excluded by the exclude patterns: matched on its path
   *  relative to the root, or on any one of its components (so `build` excludes every build/). */
  isExcluded(abs: string): boolean {
    const rel = path.relative(this.options.root, abs).split(path.sep).join('/');
    const candidates = rel && !rel.startsWith('..') ? [rel, ...rel.split('/')] : [path.basename(abs)];
    return this.matchers.some((m) => candidates.some((c) => m(c)));
  }

  /**
   * The patterns of an ignore file, or null when there is none. An ignore file that is not a
   * regular file (git stores symbolic links: a repository can ship `.gitignore -> /dev/zero`) or
   * cannot be read is left out with a warning rather than failing the run: it can only make the
   * run lint more files, and the warning says so.
   */
  private ignoreFileAt(file: string): Ignore | null {
    let ig = this.ignoreFiles.get(file);
    if (ig !== undefined) return ig;
    ig = null;
    if (existsSync(fsPath(file))) {
      const read = readRegularFile(file, MAX_IGNORE_FILE_BYTES, 'the limit for ignore files');
      // Case-sensitive, as git (with core.ignoreCase unset), ripgrep and Ruff match.
      if (read.ok) ig = ignore({ ignorecase: false }).add(read.bytes.toString('utf8'));
      else this.options.warn?.(`${file}: ${read.reason}; its patterns are not applied`);
    }
    this.ignoreFiles.set(file, ig);
    return ig;
  }

  private layerOf(file: string, base: string): IgnoreLayer | null {
    const ig = this.ignoreFileAt(file);
    return ig ? { base, ig } : null;
  }

  /** A small git file's text (`.git` as a file, `commondir`, configuration), or null when absent or unusable. */
  private gitFile(file: string): string | null {
    let text = this.gitFiles.get(file);
    if (text !== undefined) return text;
    text = null;
    if (existsSync(fsPath(file))) {
      const read = readRegularFile(file, MAX_GIT_FILE_BYTES, 'the limit for git files');
      if (read.ok) text = read.bytes.toString('utf8');
      else this.options.warn?.(`${file}: ${read.reason}; its settings are not applied`);
    }
    this.gitFiles.set(file, text);
    return text;
  }

  private get env(): Readonly<Record<string, string | undefined>> {
    return this.options.env ?? process.env;
  }

  /** `~/…` as git expands it in a path setting; other values as they are. */
  private expandHome(value: string): string | undefined {
    if (value !== '~' && !value.startsWith('~/')) return value;
    const home = this.env['HOME'];
    return home ? path.join(home, value.slice(1)) : undefined;
  }

  /** `$XDG_CONFIG_HOME/git/NAME`, or `~/.config/git/NAME` when it is unset or empty, as git looks. */
  private xdgGitFile(name: string): string | undefined {
    const xdg = this.env['XDG_CONFIG_HOME'];
    if (xdg) return path.join(xdg, 'git', name);
    const home = this.env['HOME'];
    return home ? path.join(home, '.config', 'git', name) : undefined;
  }

  /** `core.excludesFile` from the user's global git configuration (read once): `GIT_CONFIG_GLOBAL`, else the XDG file then `~/.gitconfig`. */
  private globalExcludesSetting(): string | undefined {
    if (!this.globalExcludes) {
      const override = this.env['GIT_CONFIG_GLOBAL'];
      const home = this.env['HOME'];
      const files = override ? [override] : [this.xdgGitFile('config'), home ? path.join(home, '.gitconfig') : undefined];
      let value: string | undefined;
      for (const file of files) {
        const text = file ? this.gitFile(file) : null;
        const set = text === null ? undefined : gitConfigExcludesFile(text);
        if (set !== undefined) value = set;
      }
      this.globalExcludes = { value };
    }
    return this.globalExcludes.value;
  }

  /** The git directory shared by a repository's worktrees: `.git`, or where a `.git` file (`gitdir: …`) and `commondir` lead. */
  private commonGitDir(repo: string): string | null {
    const dotGit = path.join(repo, '.git');
    let gitDir: string;
    try {
      const stat = statSync(fsPath(dotGit));
      if (stat.isDirectory()) gitDir = dotGit;
      else {
        const link = /^gitdir:\s*(.+?)\s*$/m.exec(this.gitFile(dotGit) ?? '');
        if (!link) return null;
        gitDir = path.resolve(repo, link[1]!);
      }
    } catch {
      return null;
    }
    const common = this.gitFile(path.join(gitDir, 'commondir'))?.trim();
    return common ? path.resolve(gitDir, common) : gitDir;
  }

  /**
   * A repository's own exclude layers, at its root and below every ignore file: `info/exclude`,
   * then the file `core.excludesFile` names (the repository's configuration over the user's), or
   * git's default `$XDG_CONFIG_HOME/git/ignore` (`~/.config/git/ignore`) when it is unset.
   */
  private repoExcludes(repo: string): IgnoreLayer[] {
    let known = this.repoLayers.get(repo);
    if (known) return known;
    known = [];
    const common = this.commonGitDir(repo);
    if (common) {
      const exclude = this.layerOf(path.join(common, 'info', 'exclude'), repo);
      if (exclude) known.push(exclude);
      const text = this.gitFile(path.join(common, 'config'));
      const local = text === null ? undefined : gitConfigExcludesFile(text);
      const setting = local ?? this.globalExcludesSetting();
      // Set but empty turns the global file off, as in git; a relative path is from the worktree's top.
      const file = setting === undefined ? this.xdgGitFile('ignore') : setting === '' ? undefined : this.expandHome(setting);
      const global = file ? this.layerOf(path.resolve(repo, file), repo) : null;
      if (global) known.push(global);
    }
    this.repoLayers.set(repo, known);
    return known;
  }

  /** The highest directory whose ignore files apply in the project: its repository's root, else the root. */
  private get top(): string {
    this.topDir ??= findUp(this.options.root, (dir) => holds(dir, '.git')) ?? this.options.root;
    return this.topDir;
  }

  /** The ignore layers that apply inside `dir`. */
  private layersFor(dir: string): DirLayers {
    let known = this.layers.get(dir);
    if (!known) this.layers.set(dir, (known = this.computeLayers(dir)));
    return known;
  }

  private computeLayers(dir: string): DirLayers {
    // A directory's layers are its parent's plus its own, unless it is where the chain starts.
    const parent = path.dirname(dir);
    const cached = this.layers.get(parent);
    if (dir !== this.top && parent !== dir && cached) return this.withDirectory(cached, dir);
    // The chain starts at the project's top; a directory outside it (a named file elsewhere) starts at its own repository, or alone.
    const top = dir === this.top || relativeInside(this.top, dir) !== null ? this.top : (findUp(dir, (d) => holds(d, '.git')) ?? dir);
    const chain: string[] = [];
    for (let d = dir; ; d = path.dirname(d)) {
      chain.unshift(d);
      if (d === top || path.dirname(d) === d) break;
    }
    let layers: DirLayers = { dot: [], git: [], repo: [], ordered: [], top: chain[0]! };
    for (const d of chain) layers = this.withDirectory(layers, d);
    return layers;
  }

  /** `outer` (the parent's layers) with the ignore files of `dir` added; a repository's root starts its own `.gitignore` chain. */
  private withDirectory(outer: DirLayers, dir: string): DirLayers {
    const dot = this.layerOf(path.join(dir, '.ignore'), dir);
    const gitignore = this.layerOf(path.join(dir, '.gitignore'), dir);
    const repository = holds(dir, '.git');
    const layers = {
      dot: dot ? [dot, ...outer.dot] : outer.dot,
      git: repository ? (gitignore ? [gitignore] : []) : gitignore ? [gitignore, ...outer.git] : outer.git,
      repo: repository ? this.repoExcludes(dir) : outer.repo,
    };
    const same = layers.dot === outer.dot && layers.git === outer.git && layers.repo === outer.repo;
    // As ripgrep and Ruff (the `ignore` crate) rank them: every `.ignore` over every `.gitignore`,
    // over `info/exclude`, over `core.excludesFile`; within a kind, the deepest file first.
    return same ? outer : { ...layers, ordered: [...layers.dot, ...layers.git, ...layers.repo], top: outer.top };
  }

  /**
   * One layer's verdict on a path of its own (not inherited from an ancestor directory: the walk
   * does not enter an ignored directory, so an ancestor here is one that is not ignored overall,
   * or one the run was asked to lint): true ignored, false explicitly un-ignored (`!pattern`),
   * undefined no pattern matches it.
   */
  private ownVerdict(layer: IgnoreLayer, rel: string, isDir: boolean): boolean | undefined {
    const p = isDir ? `${rel}/` : rel;
    const result = layer.ig.test(p);
    if (result.unignored) return false;
    if (!result.ignored) return undefined;
    const slash = rel.lastIndexOf('/');
    if (slash < 0 || !layer.ig.test(rel.slice(0, slash + 1)).ignored) return true;
    // The `ignore` package reports a path under a directory it ignores as ignored, whatever its
    // own patterns say. Its own verdict is what the layer says once every ancestor is un-ignored
    // by a last, literal `!/a/b/` pattern each.
    const parent = rel.slice(0, slash);
    layer.under ??= new Map();
    let own = layer.under.get(parent);
    if (!own) {
      const parts = parent.split('/');
      const ancestors = parts.map((_, i) => `!/${parts.slice(0, i + 1).map(literalPattern).join('/')}/`);
      layer.under.set(parent, (own = ignore({ ignorecase: false }).add(layer.ig).add(ancestors)));
    }
    const mine = own.test(p);
    return mine.unignored ? false : mine.ignored ? true : undefined;
  }

  /** Whether the ignore files ignore `abs`: the first layer, in precedence order, with a verdict decides. */
  private gitIgnored(layers: DirLayers, abs: string, isDir: boolean): boolean {
    for (const layer of layers.ordered) {
      const rel = relativeInside(layer.base, abs);
      if (rel === null) continue;
      const verdict = this.ownVerdict(layer, rel, isDir);
      if (verdict !== undefined) return verdict;
    }
    return false;
  }

  discover(inputs: readonly string[]): Discovered {
    const files = new Set<string>();
    const errors: Discovered['errors'] = [];
    for (const input of inputs) {
      const abs = path.resolve(input);
      let stat;
      try {
        stat = statSync(fsPath(abs));
      } catch (error) {
        errors.push({ path: abs, message: describeFsError(error) });
        continue;
      }
      if (stat.isDirectory()) {
        this.walk(abs, files, errors);
      } else if (!this.options.forceExclude || !this.explicitlyExcluded(abs)) {
        files.add(abs);
      }
    }
    return { files: [...files].sort(), errors };
  }

  /** `--force-exclude` on a named file: excluded, or ignored itself or through a directory above it (up to the top). */
  private explicitlyExcluded(abs: string): boolean {
    if (this.isExcluded(abs)) return true;
    if (!this.options.respectGitignore) return false;
    const layers = this.layersFor(path.dirname(abs));
    const ancestors: string[] = [];
    for (let d = path.dirname(abs); relativeInside(layers.top, d) !== null; d = path.dirname(d)) ancestors.unshift(d);
    return ancestors.some((d) => this.gitIgnored(this.layersFor(path.dirname(d)), d, true)) || this.gitIgnored(layers, abs, false);
  }

  private walk(start: string, files: Set<string>, errors: Discovered['errors']): void {
    const visited = new Set<string>();
    const stack: string[] = [start];
    while (stack.length > 0) {
      const dir = stack.pop()!;
      let real: string;
      try {
        real = realPath(dir);
      } catch (error) {
        errors.push({ path: dir, message: describeFsError(error) });
        continue;
      }
      if (visited.has(real)) {
        if (dir !== start) errors.push({ path: dir, message: 'symbolic link loop: directory already visited; skipped' });
        continue;
      }
      visited.add(real);
      let entries: Array<Dirent<Buffer>>;
      try {
        entries = readdirSync(fsPath(dir), { withFileTypes: true, encoding: 'buffer' });
      } catch (error) {
        errors.push({ path: dir, message: describeFsError(error) });
        continue;
      }
      const layers = this.options.respectGitignore ? this.layersFor(dir) : undefined;
      const subdirs: string[] = [];
      // Names are compared as bytes (file systems sort and store bytes; not every name is UTF-8).
      for (const entry of entries.sort((a, b) => Buffer.compare(a.name, b.name))) {
        const name = nameFromBytes(entry.name);
        const abs = path.join(dir, name);
        const python = /\.(?:pyi?|ipynb)$/.test(name);
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        let special: string | undefined = isDir || isFile || entry.isSymbolicLink() ? undefined : kindOf(entry);
        if (entry.isSymbolicLink()) {
          try {
            const target = statSync(fsPath(abs));
            isDir = target.isDirectory();
            isFile = target.isFile();
            if (!isDir && !isFile) special = kindOf(target);
            // As ripgrep and Ruff, a link to a directory outside the project is not followed: a
            // repository can ship `lib -> /`, and nothing out there is this project's code.
            if (isDir && !isInside(this.options.root, abs)) continue;
          } catch (error) {
            if (python) errors.push({ path: abs, message: describeFsError(error) });
            continue;
          }
        }
        if (!isDir && !(isFile && python)) {
          // A FIFO, socket or device named like a source file is said, not skipped in silence.
          if (special && python && !this.isExcluded(abs)) errors.push({ path: abs, message: `is ${special}, not a regular file; skipped` });
          continue;
        }
        if (this.isExcluded(abs)) continue;
        if (layers && this.gitIgnored(layers, abs, isDir)) continue;
        if (isDir) subdirs.push(abs);
        else files.add(abs);
      }
      // Reverse so that popping visits subdirectories in sorted order.
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
    }
  }
}
