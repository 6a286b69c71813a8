/**
 * What linting an open file needs, found as the command line finds it: the file's project (the
 * repository, else the outermost configuration above it: `projectRoot`), set up once per project
 * as `pyteam-lint .` run at its root would be (`prepareLint`), and each file checked with its own
 * nearest configuration (`scopeFor`), its per-file ignores, test paths and `# noqa` comments.
 * Cross-file rules index the project's other files from disk — through the content cache, so only
 * what changed is analysed again — and the open buffers' unsaved texts instead of their files.
 *
 * Bad configuration is a lint's `error`, the message naming the file and key (the server shows
 * it); everything is read again after `reset()`, which the server calls when it may have changed.
 */
import path from 'node:path';
import { FileCache } from '../engine/cache.js';
import { formatSize } from '../engine/files.js';
import { readLimit } from '../engine/source.js';
import { Linter, type FileError, type Finding } from '../engine/lint.js';
import { projectRoot } from '../cli/config.js';
import { UsageError } from '../cli/errors.js';
import { openCache } from '../cli/main.js';
import { prepareLint, type ConfigScope, type LintSetup } from '../cli/setup.js';
import type { AnyRule } from '../rule.js';
import { setupOptions, type Settings } from './settings.js';

/** A file's lint: its findings, why it was not linted, or the configuration error that stopped it. */
export type Linted = FileLint | { error: string };

type FileLint = { findings: Finding[]; errors: FileError[] } | { skipped: string };

export interface ProjectsOptions {
  rules: readonly AnyRule[];
  env: NodeJS.ProcessEnv;
  /** Where the server was started: relative `PYTEAM_LINT_CACHE_DIR` is relative to it. */
  cwd: string;
  /** Warnings about the setup (an ignore file or cache directory that cannot be used). */
  warn(message: string): void;
}

/** One project: its setup, the linter of each configuration in it, and the files it indexes. */
class Project {
  private readonly linters = new Map<ConfigScope, Promise<Linter>>();
  private index: string[] | undefined;

  constructor(
    readonly setup: LintSetup,
    private readonly cache: FileCache | undefined,
  ) {}

  async lint(abs: string, texts: ReadonlyMap<string, string>): Promise<FileLint> {
    const { setup } = this;
    const scope = setup.scopeFor(abs);
    // As Ruff's server does, an editor does not lint what the configuration excludes (.venv, build…).
    if (setup.discoverer.isExcluded(abs) || scope.excluded(abs)) return { skipped: 'excluded by the configuration' };
    const size = Buffer.byteLength(texts.get(abs) ?? '', 'utf8');
    const limit = readLimit(abs, scope.maxFileSize);
    if (size > limit) return { skipped: `${formatSize(size)}, larger than ${limit === scope.maxFileSize ? 'max-file-size' : 'a notebook may be'} (${formatSize(limit)})` };
    let linter = this.linters.get(scope);
    if (!linter) this.linters.set(scope, (linter = Linter.create(scope.configured, { threads: 1, cache: this.cache })));
    this.index ??= setup.indexFiles();
    const result = await (await linter).lint({
      root: setup.root,
      cwd: setup.root,
      files: [abs],
      texts,
      indexOnly: this.index,
      maxFileSize: scope.maxFileSize,
      ignoredCodesFor: setup.ignoredCodesFor,
      isTestFile: setup.isTestFile,
    });
    return { findings: result.findings, errors: result.errors };
  }
}

export class Projects {
  private readonly byRoot = new Map<string, Project>();
  private readonly caches = new Map<string, FileCache | undefined>();
  private settings: Settings = {};

  constructor(private readonly options: ProjectsOptions) {}

  /** Settings for the setups from now on (after `reset()`). */
  configure(settings: Settings): void {
    this.settings = settings;
  }

  /** Forgets every setup, so configuration files and the project's file list are read again. */
  reset(): void {
    this.byRoot.clear();
  }

  /** Lints one file from `texts` (which holds its text and every other open buffer's). */
  async lint(abs: string, texts: ReadonlyMap<string, string>): Promise<Linted> {
    const dir = path.dirname(abs);
    const root = projectRoot(dir) ?? dir;
    try {
      return await this.projectOf(root).lint(abs, texts);
    } catch (error) {
      if (error instanceof UsageError) return { error: error.message };
      throw error;
    }
  }

  private projectOf(root: string): Project {
    let project = this.byRoot.get(root);
    if (!project) {
      const setup = prepareLint(root, root, this.options.rules, { ...setupOptions(this.settings), env: this.options.env, warn: this.options.warn });
      project = new Project(setup, setup.rootless ? undefined : this.cacheFor(root));
      this.byRoot.set(root, project);
    }
    return project;
  }

  /** The project's content cache, as the command line opens it (and its environment variables turn off or move). */
  private cacheFor(root: string): FileCache | undefined {
    if (!this.caches.has(root)) this.caches.set(root, openCache(root, this.options.cwd, this.options.env, this.options.warn));
    return this.caches.get(root);
  }
}
