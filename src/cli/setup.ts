/**
 * The configuration of a lint run, shared by the check, `--fix`, `verify` and the MCP server: find
 * the project's configuration, select and configure the rules, and discover files alike.
 */
import { statSync } from 'node:fs';
import { fsPath } from '../engine/files.js';
import path from 'node:path';
import picomatch from 'picomatch';
import type { ConfiguredRule } from '../engine/lint.js';
import { displayPath } from '../engine/lint.js';
import type { AnyRule } from '../rule.js';
import { forAgent } from './agent.js';
import { ConfigResolver, checkRuleTables, loadConfig, matchSelector, ruleOptions, selectRules, type Config } from './config.js';
import { DEFAULT_EXCLUDES, Discoverer, type Discovered } from './discover.js';
import { DEFAULT_TEST_PATHS, testFileMatcher, type TestFileMatcher } from '../engine/testcode.js';

/** Larger files are almost always generated (protobuf, data dumps); users can raise the limit. */
export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

export interface SetupOptions {
  config?: string | undefined;
  select?: string[] | undefined;
  extendSelect?: string[] | undefined;
  ignore?: string[] | undefined;
  agent?: string | undefined;
  respectGitignore?: boolean | undefined;
  forceExclude?: boolean | undefined;
  /** `--exclude`: replaces the configured exclude patterns (relative to the current directory). */
  exclude?: string[] | undefined;
  /** `--extend-exclude`: added to them. */
  extendExclude?: string[] | undefined;
  /** The environment (HOME, XDG_CONFIG_HOME, GIT_CONFIG_GLOBAL locate git's global ignore file). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Where warnings about the run's setup go (an ignore file that cannot be used). */
  warn?: ((message: string) => void) | undefined;
}

/** What one configuration file (or, with none, the defaults) decides for the files it governs. */
export interface ConfigScope {
  /** The configuration file, or null for the defaults. */
  file: string | null;
  /** How messages name it. */
  label: string;
  config: Config;
  /** Where each setting came from (see `LoadedConfig.sources`). */
  sources: Record<string, string>;
  enabled: AnyRule[];
  configured: ConfiguredRule[];
  maxFileSize: number;
  /** `exclude` and `extend-exclude` (configured or from the command line), each with its base directory. */
  excludePatterns: ReadonlyArray<{ base: string; pattern: string }>;
  /** Whether a file is test code (`test-paths`, relative to the file that set them). */
  isTest(abs: string): boolean;
  /** The codes `per-file-ignores` drop in a file. */
  ignoredCodes(abs: string): ReadonlySet<string>;
  /** Whether `exclude`/`extend-exclude` of this configuration exclude a file found by walking. */
  excluded(abs: string): boolean;
}

export interface LintSetup extends ConfigScope {
  root: string;
  /** No repository, configuration or `pyproject.toml` above the inputs: nothing but them is indexed. */
  rootless: boolean;
  cwd: string;
  discoverer: Discoverer;
  /** The files a run lints: the discoverer's, less walked files their own configuration excludes. */
  discover(inputs: readonly string[]): Discovered;
  /** The configuration that governs a file: the nearest one above it (or `--config`'s). */
  scopeFor(abs: string): ConfigScope;
  /** Files grouped by the configuration that governs them, in a stable order. */
  groups(files: readonly string[]): Array<{ scope: ConfigScope; files: string[] }>;
  /** A plain function (no `this`), so it can be handed on as it is: per-file-ignores of each file's configuration. */
  ignoredCodesFor: (relativeToRoot: string) => ReadonlySet<string>;
  /** Which files are test code, each by its own configuration's `test-paths`. */
  isTestFile: TestFileMatcher;
  /** The project's files for cross-file rules (empty when no enabled rule needs them). */
  indexFiles(): string[];
}

function relativeTo(base: string, abs: string): string {
  return path.relative(base, abs).split(path.sep).join('/');
}

/**
 * The exclude patterns in force, each with the directory it is relative to: `--exclude` replaces
 * the configured (or default) list and `--extend-exclude` adds to it, both relative to where the
 * command runs, as Ruff's.
 */
function excludesOf(config: Config, baseOf: (key: string) => string, options: SetupOptions, cwd: string): Array<{ base: string; pattern: string }> {
  const own = options.exclude
    ? options.exclude.map((pattern) => ({ base: cwd, pattern }))
    : (config.exclude ?? DEFAULT_EXCLUDES).map((pattern) => ({ base: baseOf('exclude'), pattern }));
  return [
    ...own,
    ...(config['extend-exclude'] ?? []).map((pattern) => ({ base: baseOf('extend-exclude'), pattern })),
    ...(options.extendExclude ?? []).map((pattern) => ({ base: cwd, pattern })),
  ];
}

/** Compiles one configuration into what linting a file under it needs; bad settings throw a UsageError. */
function scopeOf(
  loaded: { file: string | null; config: Config; sources: Record<string, string> },
  defaultBase: string,
  rules: readonly AnyRule[],
  options: SetupOptions,
  cwd: string,
): ConfigScope {
  const { config, sources, file } = loaded;
  const label = file ? displayPath(file, cwd) : 'configuration';
  const baseOf = (key: string) => (sources[key] ? path.dirname(sources[key]!) : defaultBase);
  checkRuleTables([...rules], config, label);
  const enabled = forAgent(
    selectRules([...rules], config, { select: options.select, extendSelect: options.extendSelect, ignore: options.ignore }, label),
    options.agent,
  );
  const configured: ConfiguredRule[] = enabled.map((rule) => ({ rule, ...ruleOptions(rule, config, label), severity: rule.severity }));
  const perFileIgnores = Object.entries(config['per-file-ignores'] ?? {}).map(([glob, codes]) => ({
    match: picomatch(glob, { dot: true }),
    basename: !glob.includes('/'),
    codes: new Set(codes.flatMap((c) => matchSelector(c, [...rules], `${label} per-file-ignores."${glob}"`)).map((r) => r.code)),
  }));
  const ignoresBase = baseOf('per-file-ignores');
  const tests = [
    { base: baseOf('test-paths'), match: testFileMatcher(config['test-paths'] ?? DEFAULT_TEST_PATHS) },
    ...(config['extend-test-paths'] ? [{ base: baseOf('extend-test-paths'), match: testFileMatcher(config['extend-test-paths']) }] : []),
  ];
  const excludePatterns = excludesOf(config, baseOf, options, cwd);
  const excludes = excludePatterns.map(({ base, pattern }) => ({ base, m: picomatch(pattern, { dot: true }) }));
  return {
    file,
    label,
    config,
    sources,
    enabled,
    configured,
    maxFileSize: config['max-file-size'] ?? DEFAULT_MAX_FILE_SIZE,
    excludePatterns,
    isTest: (abs) => tests.some((t) => t.match(relativeTo(t.base, abs))),
    ignoredCodes: (abs) => {
      const rel = relativeTo(ignoresBase, abs);
      const codes = new Set<string>();
      for (const p of perFileIgnores) {
        if (p.match(rel) || (p.basename && p.match(path.posix.basename(rel)))) for (const c of p.codes) codes.add(c);
      }
      return codes;
    },
    excluded: (abs) =>
      excludes.some(({ base, m }) => {
        const rel = relativeTo(base, abs);
        return !rel.startsWith('..') && (m(rel) || rel.split('/').some((part) => m(part)));
      }),
  };
}

/**
 * Finds the configuration from `start` upwards and prepares the rules; bad configuration throws a
 * UsageError. Each file is then checked with its own nearest configuration (`scopeFor`), as Ruff
 * does; the project root does not depend on which files a run names.
 */
export function prepareLint(start: string, cwd: string, rules: readonly AnyRule[], options: SetupOptions = {}): LintSetup {
  const resolver = new ConfigResolver(options.config, cwd);
  const loaded = loadConfig(start, options.config, cwd, resolver);
  const { config, root } = loaded;
  const rootless = loaded.rootless === true;
  const top = scopeOf(loaded, root, rules, options, cwd);
  const scopes = new Map<string | null, ConfigScope>([[top.file, top]]);
  const scopeFor = (abs: string): ConfigScope => {
    const found = resolver.forDirectory(path.dirname(abs));
    const key = found ? found.file : null;
    let scope = scopes.get(key);
    if (!scope) scopes.set(key, (scope = scopeOf(found ?? { file: null, config: {}, sources: {} }, root, rules, options, cwd)));
    return scope;
  };
  // One walker from the project root. Its excludes prune the walk: the top configuration's when it
  // sits at the root, else the defaults; every walked file is then kept only if its own
  // configuration does not exclude it (patterns relative to the file that set them).
  const atRoot = top.excludePatterns.filter((p) => p.base === root).map((p) => p.pattern);
  const discoverer = new Discoverer({
    root,
    excludes: atRoot.length > 0 || top.excludePatterns.length === 0 ? atRoot : DEFAULT_EXCLUDES,
    respectGitignore: options.respectGitignore ?? config['respect-gitignore'] ?? true,
    forceExclude: options.forceExclude ?? false,
    env: options.env,
    warn: options.warn,
  });
  // Files governed by the top configuration need no second look when the walker applied its patterns.
  const walkerHasTop = atRoot.length === top.excludePatterns.length;
  const discover = (inputs: readonly string[]): Discovered => {
    const found = discoverer.discover(inputs);
    const named = new Set(options.forceExclude ? [] : inputs.map((i) => path.resolve(i)));
    const kept = found.files.filter((f) => {
      if (named.has(f)) return true;
      const scope = scopeFor(f);
      return (scope === top && walkerHasTop) || !scope.excluded(f);
    });
    return { ...found, files: kept };
  };
  const fromRoot = (rel: string) => path.resolve(root, rel);
  return {
    ...top,
    root,
    rootless,
    cwd,
    discoverer,
    discover,
    scopeFor,
    groups(files) {
      const byScope = new Map<ConfigScope, string[]>();
      for (const f of files) {
        const scope = scopeFor(f);
        const list = byScope.get(scope);
        if (list) list.push(f);
        else byScope.set(scope, [f]);
      }
      return [...byScope].map(([scope, list]) => ({ scope, files: list })).sort((a, b) => ((a.scope.file ?? '') < (b.scope.file ?? '') ? -1 : 1));
    },
    isTestFile: (rel) => rel !== '' && !rel.startsWith('../') && scopeFor(fromRoot(rel)).isTest(fromRoot(rel)),
    ignoredCodesFor: (rel) => scopeFor(fromRoot(rel)).ignoredCodes(fromRoot(rel)),
    indexFiles() {
      if (rootless || !configured(scopes).some((c) => c.rule.project)) return [];
      return discover([root]).files;
    },
  };
}

/** Every configured rule of the scopes seen so far. */
function configured(scopes: ReadonlyMap<string | null, ConfigScope>): ConfiguredRule[] {
  return [...scopes.values()].flatMap((s) => s.configured);
}

/** An input's directory: itself, or the directory of a file; null when it does not exist. */
export function directoryOf(p: string): string | null {
  try {
    return statSync(fsPath(p)).isDirectory() ? p : path.dirname(p);
  } catch {
    return null;
  }
}

/**
 * The deepest directory containing every input that exists (a file counts as its directory); a
 * missing path does not widen it (it is reported, and must not make its parent the project).
 */
export function commonDirectory(inputs: readonly string[], cwd: string): string {
  const dirs = inputs.flatMap((p) => directoryOf(p) ?? []);
  if (dirs.length === 0) return cwd;
  let common = dirs[0]!.split(path.sep);
  for (const d of dirs.slice(1)) {
    const parts = d.split(path.sep);
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join(path.sep) || path.sep;
}
