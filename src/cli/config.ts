/**
 * Configuration: `[tool.pyteam-lint]` in the nearest `pyproject.toml`, or the top level of a
 * `pyteam-lint.toml`, validated with zod. Every mistake names the file, the key and what is allowed.
 * As Ruff's, configuration is hierarchical: each file is checked with the configuration nearest to
 * it (`ConfigResolver`), which may `extend` another file's; the project root, where cross-file
 * rules look, does not depend on which files a run names (`projectRoot`).
 */
import { existsSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import type { AnyRule } from '../rule.js';
import { UsageError } from './errors.js';
import { readRegularFile } from '../engine/files.js';
import { didYouMean } from './suggest.js';

export const CONFIG_FILES = ['pyteam-lint.toml', '.pyteam-lint.toml', 'pyproject.toml'] as const;

const codeList = z.array(z.string());

export const configSchema = z
  .object({
    select: codeList.optional(),
    'extend-select': codeList.optional(),
    ignore: codeList.optional(),
    exclude: z.array(z.string()).optional(),
    'extend-exclude': z.array(z.string()).optional(),
    'per-file-ignores': z.record(z.string(), codeList).optional(),
    'test-paths': z.array(z.string()).optional(),
    'extend-test-paths': z.array(z.string()).optional(),
    'respect-gitignore': z.boolean().optional(),
    'max-file-size': z.number().int().positive().optional(),
    rules: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
    extend: z.string().optional(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

export interface LoadedConfig {
  /** The file the configuration came from, or null for the defaults. */
  file: string | null;
  /** The project root (`projectRoot`): the repository, else the outermost configuration, else the start. */
  root: string;
  config: Config;
  /**
   * Where each setting came from: a top-level key, or `rules.<rule>.<option>`, → the file that set it
   * (the file itself, or one it extends). Relative patterns are relative to that file's directory.
   */
  sources: Record<string, string>;
  /** No configuration, repository or `pyproject.toml` above the start: the run is only its inputs. */
  rootless?: true;
}

/** Configuration files are small; a larger one is a mistake (or a trap), not a configuration. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/**
 * A configuration file that cannot be read — or is not a regular file, as a repository can ship
 * `pyproject.toml` as a symbolic link to `/dev/zero` or a FIFO — is an error, not skipped: running
 * with other settings than the project's would change the results without a word.
 */
function readToml(file: string): Record<string, unknown> {
  const read = readRegularFile(file, MAX_CONFIG_BYTES, 'the limit for configuration files');
  if (!read.ok) throw new UsageError(`cannot read configuration file ${file}: ${read.reason}`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes);
  } catch {
    throw new UsageError(`configuration file ${file} is not valid UTF-8`);
  }
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (error) {
    const { line, column } = error as { line?: number; column?: number };
    const first = (error as Error).message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    throw new UsageError(`${file}${line ? `:${line}:${column ?? 1}` : ''}: not valid TOML: ${first}`);
  }
}

/** The `[tool.pyteam-lint]` table of a pyproject.toml, or the whole of a pyteam-lint.toml. */
function section(file: string, data: Record<string, unknown>): Record<string, unknown> | null {
  if (path.basename(file) !== 'pyproject.toml') return data;
  const tool = data['tool'];
  if (tool && typeof tool === 'object' && 'pyteam-lint' in tool) {
    const table = (tool as Record<string, unknown>)['pyteam-lint'];
    if (table && typeof table === 'object' && !Array.isArray(table)) return table as Record<string, unknown>;
    throw new UsageError(`${file}: [tool.pyteam-lint] must be a table`);
  }
  return null;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const allowed = Object.keys(configSchema.shape).join(', ');
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}${issue.path.length ? ` in ${where}` : ''}; allowed keys: ${allowed}`;
  }
  return `'${where}': ${issue.message}`;
}

export function validateConfig(file: string, raw: Record<string, unknown>): Config {
  const parsed = configSchema.safeParse(raw, { jitless: true });
  if (!parsed.success) {
    const label = path.basename(file) === 'pyproject.toml' ? `${file} [tool.pyteam-lint]` : file;
    throw new UsageError(`${label}: ${parsed.error.issues.map(describeIssue).join('; ')}`);
  }
  return parsed.data;
}

export function findUp(start: string, predicate: (dir: string) => boolean): string | null {
  let dir = start;
  for (;;) {
    if (predicate(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Whether a directory holds `name` (a file, directory or link of any kind: a marker, not read). */
function holds(dir: string, name: string): boolean {
  try {
    lstatSync(path.join(dir, name));
    return true;
  } catch {
    return false;
  }
}

/**
 * The project root of a run that starts in `start`, whatever files it names: the nearest
 * repository (`.git`); outside one, the outermost directory above `start` holding a configuration
 * file or a `pyproject.toml`; else null (a run is then only its inputs: nothing above them is
 * indexed, written or read as project).
 */
export function projectRoot(start: string): string | null {
  const repo = findUp(start, (dir) => holds(dir, '.git'));
  if (repo) return repo;
  let outermost: string | null = null;
  findUp(start, (dir) => {
    if (holds(dir, 'pyproject.toml') || CONFIG_FILES.some((name) => holds(dir, name))) outermost = dir;
    return false;
  });
  return outermost;
}

/** One configuration file with the files it extends, merged: the extending file's settings win. */
function loadConfigFile(file: string, chain: readonly string[] = []): { config: Config; sources: Record<string, string> } {
  if (chain.includes(file)) throw new UsageError(`${chain[0]}: 'extend' makes a cycle: ${[...chain, file].join(' -> ')}`);
  const raw = section(file, readToml(file));
  if (raw === null) {
    if (chain.length === 0) return { config: {}, sources: {} };
    throw new UsageError(`${chain[chain.length - 1]}: extend = "${path.relative(path.dirname(chain[chain.length - 1]!), file)}": ${file} has no [tool.pyteam-lint] table`);
  }
  const own = validateConfig(file, raw);
  const sources: Record<string, string> = {};
  for (const key of Object.keys(own)) if (key !== 'rules' && key !== 'extend') sources[key] = file;
  for (const [rule, options] of Object.entries(own.rules ?? {})) {
    sources[`rules.${rule}`] = file;
    for (const option of Object.keys(options)) sources[`rules.${rule}.${option}`] = file;
  }
  const { extend, ...settings } = own;
  if (extend === undefined) return { config: settings, sources };
  const parentFile = path.resolve(path.dirname(file), extend);
  if (!existsSync(parentFile)) throw new UsageError(`${file}: extend = "${extend}": ${parentFile} does not exist`);
  const parent = loadConfigFile(parentFile, [...chain, file]);
  const rules: Record<string, Record<string, unknown>> = { ...parent.config.rules };
  for (const [rule, options] of Object.entries(settings.rules ?? {})) rules[rule] = { ...rules[rule], ...options };
  const config: Config = { ...parent.config, ...settings, ...(parent.config.rules || settings.rules ? { rules } : {}) };
  return { config, sources: { ...parent.sources, ...sources } };
}

/**
 * Finds each directory's configuration, as Ruff does: the nearest `pyteam-lint.toml`,
 * `.pyteam-lint.toml` or `pyproject.toml` with a `[tool.pyteam-lint]` table, looked for up to the
 * repository's top (a configuration above the repository belongs to other trees). `--config`
 * (`explicit`) is every directory's configuration. Each directory and file is looked at once.
 */
export class ConfigResolver {
  private readonly byDir = new Map<string, { file: string; config: Config; sources: Record<string, string> } | null>();
  private readonly byFile = new Map<string, { config: Config; sources: Record<string, string> }>();
  private readonly explicit: { file: string; config: Config; sources: Record<string, string> } | undefined;

  constructor(explicit: string | undefined, cwd: string) {
    if (explicit === undefined) return;
    const file = path.resolve(cwd, explicit);
    if (!existsSync(file)) throw new UsageError(`--config: ${explicit} does not exist`);
    this.explicit = { file, ...loadConfigFile(file) };
  }

  /** The configuration that applies in `dir`, or null for the defaults. */
  forDirectory(dir: string): { file: string; config: Config; sources: Record<string, string> } | null {
    if (this.explicit) return this.explicit;
    const known = this.byDir.get(dir);
    if (known !== undefined) return known;
    let found: { file: string; config: Config; sources: Record<string, string> } | null = null;
    for (const name of CONFIG_FILES) {
      const file = path.join(dir, name);
      if (!existsSync(file)) continue;
      let loaded = this.byFile.get(file);
      if (!loaded) {
        if (section(file, readToml(file)) === null) continue;
        this.byFile.set(file, (loaded = loadConfigFile(file)));
      }
      found = { file, ...loaded };
      break;
    }
    const parent = path.dirname(dir);
    if (!found && parent !== dir && !holds(dir, '.git')) found = this.forDirectory(parent);
    this.byDir.set(dir, found);
    return found;
  }
}

/**
 * The configuration for a run that starts in `start` (or uses `explicit`), with the project root
 * (`projectRoot`; `rootless` when there is none, and the root is then `start`).
 */
export function loadConfig(start: string, explicit: string | undefined, cwd: string, resolver = new ConfigResolver(explicit, cwd)): LoadedConfig {
  const found = resolver.forDirectory(start);
  const root = projectRoot(start);
  const config = found ? found.config : {};
  const sources = found ? found.sources : {};
  const file = found ? found.file : null;
  return root ? { file, root, config, sources } : { file, root: start, config, sources, rootless: true };
}

/** Resolves a code, code prefix or rule name against the registry; throws naming `where`. */
export function matchSelector(selector: string, rules: readonly AnyRule[], where: string): AnyRule[] {
  const s = selector.trim();
  const byName = rules.filter((r) => r.name === s);
  if (byName.length > 0) return byName;
  const upper = s.toUpperCase();
  if (upper === 'ALL') return [...rules];
  if (/^PTL\d{0,3}$/.test(upper)) {
    const matched = rules.filter((r) => r.code.startsWith(upper));
    if (matched.length > 0) return matched;
  }
  const hint = didYouMean(s, rules.flatMap((r) => [r.code, r.name]));
  throw new UsageError(
    `${where}: unknown rule selector '${selector}'${hint || `; use a code (PTL301), a code prefix (PTL3), a rule name (unsafe-torch-load) or ALL — see \`pyteam-lint rules\``}`,
  );
}

export interface Selection {
  select?: readonly string[] | undefined;
  extendSelect?: readonly string[] | undefined;
  ignore?: readonly string[] | undefined;
}

/**
 * The enabled rules, Ruff-style: `select` (the command line's replaces the file's) or the rules on
 * by default, plus `extend-select`, minus `ignore`. Off-by-default rules run only when a selector
 * (code, prefix, name or ALL) names them.
 */
export function selectRules(rules: readonly AnyRule[], config: Config, cli: Selection, configLabel: string): AnyRule[] {
  const pick = (list: readonly string[] | undefined, where: string): Set<AnyRule> =>
    new Set((list ?? []).flatMap((s) => matchSelector(s, rules, where)));
  const selected = cli.select
    ? pick(cli.select, '--select')
    : config.select
      ? pick(config.select, `${configLabel} select`)
      : new Set(rules.filter((r) => r.enabledByDefault));
  for (const r of pick(config['extend-select'], `${configLabel} extend-select`)) selected.add(r);
  for (const r of pick(cli.extendSelect, '--extend-select')) selected.add(r);
  for (const r of pick(config.ignore, `${configLabel} ignore`)) selected.delete(r);
  for (const r of pick(cli.ignore, '--ignore')) selected.delete(r);
  return rules.filter((r) => selected.has(r));
}

/** The option every rule takes: whether it reports in test code (overriding the rule's own policy). */
export const IN_TESTS_OPTION = 'in-tests';

export interface ParsedRuleOptions {
  options: unknown;
  /** `in-tests` when the configuration sets it. */
  inTests?: boolean;
}

/** Parses one rule's options from `[tool.pyteam-lint.rules.<name>]` through its zod schema. */
export function ruleOptions(rule: AnyRule, config: Config, configLabel: string): ParsedRuleOptions {
  const tables = config.rules ?? {};
  const { [IN_TESTS_OPTION]: inTests, ...raw } = tables[rule.name] ?? tables[rule.code] ?? {};
  if (inTests !== undefined && typeof inTests !== 'boolean') {
    throw new UsageError(`${configLabel} rules.${rule.name}: '${IN_TESTS_OPTION}' must be true or false (whether the rule reports in test code)`);
  }
  const parsed = rule.options.safeParse(raw, { jitless: true });
  if (parsed.success) return inTests === undefined ? { options: parsed.data } : { options: parsed.data, inTests };
  const issues = parsed.error.issues.map((issue) => {
    const key = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const shape = (rule.options as unknown as { shape?: Record<string, unknown> }).shape;
      const allowed = [...(shape ? Object.keys(shape) : []), IN_TESTS_OPTION];
      return `unknown option${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}; allowed: ${allowed.join(', ')}`;
    }
    return `'${key}': ${issue.message}`;
  });
  throw new UsageError(`${configLabel} rules.${rule.name}: ${issues.join('; ')}`);
}

/** Checks that every `[tool.pyteam-lint.rules.X]` table names a rule. */
export function checkRuleTables(rules: readonly AnyRule[], config: Config, configLabel: string): void {
  for (const key of Object.keys(config.rules ?? {})) {
    if (!rules.some((r) => r.name === key || r.code === key)) {
      throw new UsageError(`${configLabel} rules.${key}: no rule named '${key}'; rule names: ${rules.map((r) => r.name).join(', ')}`);
    }
  }
}
