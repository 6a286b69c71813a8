/**
 * Configuration: `[tool.pyteam-lint]` in the nearest `pyproject.toml`, or the top level of a
 * `pyteam-lint.toml`, validated with zod. Every mistake names the file, the key and what is allowed.
 */
import { existsSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import type { AnyRule } from '../rule.js';
import { UsageError } from './errors.js';
import { readRegularFile } from '../engine/files.js';

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
  })
  .strict();

export type Config = z.infer<typeof configSchema>;

export interface LoadedConfig {
  /** The file the configuration came from, or null for the defaults. */
  file: string | null;
  /** The project root: the configuration file's directory, else the repository root, else the start. */
  root: string;
  config: Config;
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
    const first = (error as Error).message.split('\n')[0];
    throw new UsageError(`${file} is not valid TOML: ${first}`);
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
 * The project root when no configuration names one: the nearest directory above `start` holding a
 * `.git` or a `pyproject.toml`, or null when there is none (then a run is only its inputs: nothing
 * above them is indexed, written or read as project).
 */
export function markedRoot(start: string): string | null {
  return findUp(start, (dir) => holds(dir, '.git') || holds(dir, 'pyproject.toml'));
}

/**
 * Finds and validates the configuration for a run that starts in `start` (or uses `explicit`): the
 * nearest configuration file, looked for up to the repository's top. This decides the project root
 * for every command: the configuration file's directory, else the nearest repository or Python
 * project (`markedRoot`), else `start` itself with `rootless` set.
 */
export function loadConfig(start: string, explicit: string | undefined, cwd: string): LoadedConfig {
  if (explicit) {
    const file = path.resolve(cwd, explicit);
    if (!existsSync(file)) throw new UsageError(`--config: ${explicit} does not exist`);
    const raw = section(file, readToml(file)) ?? {};
    return { file, root: path.dirname(file), config: validateConfig(file, raw) };
  }
  let found: { file: string; raw: Record<string, unknown> } | null = null;
  findUp(start, (dir) => {
    for (const name of CONFIG_FILES) {
      const file = path.join(dir, name);
      if (!existsSync(file)) continue;
      const raw = section(file, readToml(file));
      if (raw) {
        found = { file, raw };
        return true;
      }
    }
    // A repository is a boundary: a configuration above it (in a home directory, say) belongs to
    // other trees and must not make them this project.
    return holds(dir, '.git');
  });
  if (found) {
    const { file, raw } = found as { file: string; raw: Record<string, unknown> };
    return { file, root: path.dirname(file), config: validateConfig(file, raw) };
  }
  const marked = markedRoot(start);
  return marked ? { file: null, root: marked, config: {} } : { file: null, root: start, config: {}, rootless: true };
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
  throw new UsageError(
    `${where}: unknown rule selector '${selector}'; use a code (PTL301), a code prefix (PTL3), a rule name (unsafe-torch-load) or ALL — see \`pyteam-lint rules\``,
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
