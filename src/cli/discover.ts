/**
 * Which files a run lints: `*.py` and `*.pyi` under the given directories, skipping default
 * excludes, configured excludes and what `.gitignore` files ignore; files named explicitly are
 * always linted unless `--force-exclude`. The walk is iterative, sorted and follows directory
 * symlinks only once per real directory, so loops end with a diagnostic instead of hanging, and
 * only when they stay inside the project.
 */
import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { describeFsError, fsPath, kindOf, isInside, nameFromBytes, readRegularFile, realPath } from '../engine/files.js';

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
  respectGitignore: boolean;
  forceExclude: boolean;
  /** Told once per ignore file that cannot be used. */
  warn?: ((message: string) => void) | undefined;
}

/** Ignore files are small; a larger one is a mistake, not a list of patterns. */
const MAX_IGNORE_FILE_BYTES = 4 * 1024 * 1024;

export interface Discovered {
  files: string[];
  errors: Array<{ path: string; message: string }>;
}

interface IgnoreLayer {
  base: string;
  ig: Ignore;
}

export class Discoverer {
  private readonly matchers: Array<(p: string) => boolean>;
  private readonly gitignores = new Map<string, IgnoreLayer | null>();
  private readonly layers = new Map<string, IgnoreLayer[]>();

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

  private gitignoreOf(dir: string): IgnoreLayer | null {
    if (this.gitignores.has(dir)) return this.gitignores.get(dir)!;
    let layer: IgnoreLayer | null = null;
    const file = path.join(dir, '.gitignore');
    if (existsSync(fsPath(file))) {
      // An ignore file that is not a regular file (git stores symbolic links: a repository can ship
      // `.gitignore -> /dev/zero`) or cannot be read is left out with a warning rather than failing
      // the run: it can only make the run lint more files, and the warning says so.
      const read = readRegularFile(file, MAX_IGNORE_FILE_BYTES, 'the limit for ignore files');
      if (read.ok) layer = { base: dir, ig: ignore().add(read.bytes.toString('utf8')) };
      else this.options.warn?.(`${file}: ${read.reason}; its patterns are not applied`);
    }
    this.gitignores.set(dir, layer);
    return layer;
  }

  /** The .gitignore layers that apply inside `dir`: from the root (or the repository) down. */
  private layersFor(dir: string): IgnoreLayer[] {
    let known = this.layers.get(dir);
    if (!known) this.layers.set(dir, (known = this.computeLayers(dir)));
    return known;
  }

  private computeLayers(dir: string): IgnoreLayer[] {
    // A directory's layers are its parent's plus its own, unless it is the root or a repository.
    const parent = path.dirname(dir);
    if (dir !== this.options.root && parent !== dir && !existsSync(fsPath(path.join(dir, '.git'))) && this.layers.has(parent)) {
      const own = this.gitignoreOf(dir);
      return own ? [...this.layers.get(parent)!, own] : this.layers.get(parent)!;
    }
    const chain: string[] = [];
    let d = dir;
    const stop = this.options.root;
    for (;;) {
      chain.unshift(d);
      if (d === stop || existsSync(fsPath(path.join(d, '.git')))) break;
      const parent = path.dirname(d);
      if (parent === d) break;
      d = parent;
    }
    return chain.map((c) => this.gitignoreOf(c)).filter((l): l is IgnoreLayer => l !== null);
  }

  private gitIgnored(layers: readonly IgnoreLayer[], abs: string, isDir: boolean): boolean {
    for (const { base, ig } of layers) {
      const rel = path.relative(base, abs).split(path.sep).join('/');
      if (!rel || rel.startsWith('..')) continue;
      if (ig.ignores(isDir ? `${rel}/` : rel)) return true;
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

  private explicitlyExcluded(abs: string): boolean {
    if (this.isExcluded(abs)) return true;
    return this.options.respectGitignore && this.gitIgnored(this.layersFor(path.dirname(abs)), abs, false);
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
      const layers = this.options.respectGitignore ? this.layersFor(dir) : [];
      const subdirs: string[] = [];
      // Names are compared as bytes (file systems sort and store bytes; not every name is UTF-8).
      for (const entry of entries.sort((a, b) => Buffer.compare(a.name, b.name))) {
        const name = nameFromBytes(entry.name);
        const abs = path.join(dir, name);
        const python = /\.pyi?$/.test(name);
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
        if (layers.length > 0 && this.gitIgnored(layers, abs, isDir)) continue;
        if (isDir) subdirs.push(abs);
        else files.add(abs);
      }
      // Reverse so that popping visits subdirectories in sorted order.
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
    }
  }
}
