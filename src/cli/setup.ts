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
import { checkRuleTables, loadConfig, matchSelector, ruleOptions, selectRules, type Config } from './config.js';
import { DEFAULT_EXCLUDES, Discoverer } from './discover.js';
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
  /** Where warnings about the run's setup go (an ignore file that cannot be used). */
  warn?: ((message: string) => void) | undefined;
}

export interface LintSetup {
  root: string;
  /** No configuration, repository or `pyproject.toml` above the inputs: nothing but them is indexed. */
  rootless: boolean;
  cwd: string;
  config: Config;
  enabled: AnyRule[];
  configured: ConfiguredRule[];
  discoverer: Discoverer;
  maxFileSize: number;
  /** A plain function (no `this`), so it can be handed on as it is. */
  ignoredCodesFor: (relativeToRoot: string) => ReadonlySet<string>;
  /** Which files are test code (`test-paths` and `extend-test-paths`). */
  isTestFile: TestFileMatcher;
  /** The project's files for cross-file rules (empty when no enabled rule needs them). */
  indexFiles(): string[];
}

/** Finds the configuration from `start` upwards and prepares the rules; bad configuration throws a UsageError. */
export function prepareLint(start: string, cwd: string, rules: readonly AnyRule[], options: SetupOptions = {}): LintSetup {
  const loaded = loadConfig(start, options.config, cwd);
  const { config, root } = loaded;
  const label = loaded.file ? displayPath(loaded.file, cwd) : 'configuration';
  checkRuleTables([...rules], config, label);
  const enabled = forAgent(
    selectRules([...rules], config, { select: options.select, extendSelect: options.extendSelect, ignore: options.ignore }, label),
    options.agent,
  );
  const configured: ConfiguredRule[] = enabled.map((rule) => ({ rule, ...ruleOptions(rule, config, label), severity: rule.severity }));
  const discoverer = new Discoverer({
    root,
    excludes: [...(config.exclude ?? DEFAULT_EXCLUDES), ...(config['extend-exclude'] ?? [])],
    respectGitignore: options.respectGitignore ?? config['respect-gitignore'] ?? true,
    forceExclude: options.forceExclude ?? false,
    warn: options.warn,
  });
  const perFileIgnores = Object.entries(config['per-file-ignores'] ?? {}).map(([glob, codes]) => ({
    match: picomatch(glob, { dot: true }),
    basename: !glob.includes('/'),
    codes: new Set(codes.flatMap((c) => matchSelector(c, [...rules], `${label} per-file-ignores."${glob}"`)).map((r) => r.code)),
  }));
  const rootless = loaded.rootless === true;
  return {
    root,
    rootless,
    cwd,
    config,
    enabled,
    configured,
    discoverer,
    maxFileSize: config['max-file-size'] ?? DEFAULT_MAX_FILE_SIZE,
    isTestFile: testFileMatcher([...(config['test-paths'] ?? DEFAULT_TEST_PATHS), ...(config['extend-test-paths'] ?? [])]),
    ignoredCodesFor: (rel) => {
      const codes = new Set<string>();
      for (const p of perFileIgnores) {
        if (p.match(rel) || (p.basename && p.match(path.posix.basename(rel)))) for (const c of p.codes) codes.add(c);
      }
      return codes;
    },
    indexFiles() {
      return !rootless && configured.some((c) => c.rule.project) ? discoverer.discover([root]).files : [];
    },
  };
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
