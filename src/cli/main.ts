/**
 * The command line: `pyteam-lint [PATH ...]`, `pyteam-lint rules`, `pyteam-lint explain CODE`.
 * Exit codes as Ruff: 0 nothing found, 1 findings (or files that could not be checked),
 * 2 bad arguments, bad configuration or an internal error.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Chalk } from 'chalk';
import { Linter, displayPath, sortFindings, type Finding, type LintResult } from '../engine/lint.js';
import { codeFingerprint, loadRules } from '../engine/registry.js';
import { decodeSource, isNotebookPath, readSource } from '../engine/source.js';
import { readNotebook } from '../engine/notebook.js';
import { exactArgv, isInside, readStream, type ReadResult } from '../engine/files.js';
import { describeWriteFailure, guardStream, isClosedPipe } from './streams.js';
import { escapeForTerminal } from '../report/escape.js';
import { FileCache } from '../engine/cache.js';
import type { AnyRule } from '../rule.js';
import { createBaseline, filterByBaseline, readBaseline } from '../engine/baseline.js';
import { renderGithub, renderSummaryMarkdown } from '../report/github.js';
import { renderJson, renderStatisticsJson } from '../report/json.js';
import { fromSourceRoot } from '../report/paths.js';
import { renderSarif, sarifCapWarning } from '../report/sarif.js';
import { ERRORS_ON_STDERR, EXTRA_FORMATS, EXTRA_FORMAT_NAMES, isExtraFormat } from '../report/formats.js';
import { renderStatistics, renderText } from '../report/text.js';
import type { RunReport, TextStyle } from '../report/types.js';
import { findUp, matchSelector } from './config.js';
import { UsageError } from './errors.js';
import { explainRule, listRules } from './explain.js';
import { closest, didYouMean } from './suggest.js';
import { DEFAULT_MAX_FILE_SIZE, commonDirectory, directoryOf, prepareLint, type LintSetup } from './setup.js';
import { DEFAULT_EXCLUDES } from './discover.js';
import { DEFAULT_TEST_PATHS } from '../engine/testcode.js';

/** Our own package.json, found upwards from this module (src/cli in tests, dist/ when built). */
function ownPackage(): { version: string; homepage: string } {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string; homepage?: string };
      if (pkg.name === 'pyteam-lint' && pkg.version) return { version: pkg.version, homepage: pkg.homepage ?? '' };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return { version: '0.0.0', homepage: '' };
    dir = parent;
  }
}

const PACKAGE = ownPackage();
export const VERSION = PACKAGE.version;

/**
 * The content cache as every command opens it: off with `--no-cache` (`off`) or
 * PYTEAM_LINT_NO_CACHE=1; in `--cache-dir` (`dir`), else PYTEAM_LINT_CACHE_DIR, else
 * `<home>/.pyteam-lint-cache`, relative to `cwd`.
 */
export function openCache(home: string, cwd: string, env: NodeJS.ProcessEnv, warn: (message: string) => void, flags: { off?: boolean; dir?: string | undefined } = {}): FileCache | undefined {
  if (flags.off || ['1', 'true', 'yes'].includes((env['PYTEAM_LINT_NO_CACHE'] ?? '').toLowerCase())) return undefined;
  const dir = path.resolve(cwd, flags.dir ?? env['PYTEAM_LINT_CACHE_DIR'] ?? path.join(home, '.pyteam-lint-cache'));
  return FileCache.open(dir, `${VERSION}:${codeFingerprint()}`, warn);
}

const FORMATS = ['full', 'concise', 'text', 'json', 'sarif', 'github', 'brief', ...EXTRA_FORMAT_NAMES] as const;
const COLORS = ['auto', 'always', 'never'] as const;

export const HELP = `pyteam-lint — finds the anti-patterns of Python ML pipelines; every finding names the team role that owns its fix.

Usage:
  pyteam-lint [OPTIONS] [PATH ...]     lint files and directories (default: .)
  pyteam-lint rules [--format json|markdown]  list every rule
  pyteam-lint explain CODE|NAME        print a rule's documentation
  pyteam-lint verify PATCH.diff        judge a proposed patch: exit 0 only when it resolves findings and adds none
                                       (--allow-suppressions, --allow-deletions: accept noqa-only or deleting changes)
  pyteam-lint mcp                      run the MCP server on standard input/output (for coding agents)
  pyteam-lint server [--stdio]         run the language server on standard input/output (for editors)
  pyteam-lint topology [PATH ...] [--format mermaid|dot|svg|json]
                                       draw the pipeline: processes, queues, shutdown paths, with their findings
  pyteam-lint init agents [--target claude|cursor] [--force]
                                       write the MCP server entry and one agent definition per role

Options:
  --select CODES           rules to enable (codes, prefixes such as PTL3, names, or ALL), comma-separated
  --extend-select CODES    rules to enable on top of the selection
  --ignore CODES           rules to disable
  --format FORMAT          full (default), concise, json, json-lines, sarif, github (workflow annotations),
                           gitlab (Code Quality), junit, pylint, azure, rdjson (reviewdog),
                           brief (a Markdown task list per role); also --output-format, PYTEAM_LINT_OUTPUT_FORMAT
  -o, --output-file FILE   write the report to FILE instead of standard output
  --sarif-file FILE        also write SARIF 2.1.0 to FILE (for GitHub code scanning)
  --sarif-category NAME    SARIF automationDetails.id, to upload several runs side by side
  --json-file FILE         also write the JSON report to FILE
  --summary-file FILE      append a Markdown findings table to FILE (e.g. $GITHUB_STEP_SUMMARY)
  --baseline FILE          report only findings that FILE (from --write-baseline) does not record
  --write-baseline FILE    record today's findings in FILE and exit 0
  --statistics             print the number of findings per rule instead of the findings (JSON with --format json)
  --exit-zero              exit 0 even when there are findings
  --exit-non-zero-on-fix   exit 1 when --fix fixed anything, even if nothing remains
  --config FILE            use this pyproject.toml or pyteam-lint.toml
  --stdin-filename NAME    the file name to report for source read from standard input (PATH '-')
  --force-exclude          apply exclusions to files named on the command line too
  --exclude PATTERNS       replace the configured exclude patterns (relative to the current directory)
  --extend-exclude PATTERNS  exclude these too
  --show-files             list the files that would be linted, and exit
  --show-settings          print the settings the first file is checked with, and where each came from
  --no-respect-gitignore   lint files that ignore files (.gitignore, .ignore, .git/info/exclude,
                           core.excludesFile) ignore
  --threads N              worker threads (default: the number of cores)
  --no-cache               do not read or write the cache (also PYTEAM_LINT_NO_CACHE=1)
  --cache-dir DIR          cache location (default: .pyteam-lint-cache in the project root;
                           also PYTEAM_LINT_CACHE_DIR)
  --fix                    apply safe fixes, then report what remains
  --fix-only               apply fixes and report nothing else (exit 0 unless --exit-non-zero-on-fix)
  --unsafe-fixes           with --fix or --diff, apply unsafe fixes too (review them)
  --diff                   print the fixes as a unified diff instead of writing them (exit 1 if any)
  --show-fixes             list the fixes applied
  --add-noqa               write "# noqa: CODE" on every line with a finding (adopting the tool on legacy code)
  --ignore-noqa            report findings that "# noqa" comments suppress too
  -w, --watch              lint again whenever a file changes (uses the cache)
  --agent ROLE             only the findings (and fixes) of one role, e.g. python-security-reviewer
  --color WHEN             auto (default), always, never; NO_COLOR and FORCE_COLOR are honoured
  -q, --quiet              print findings only, no summary
  --version                print the version
  -h, --help               print this help

Exit status: 0 no findings, 1 findings or unreadable files, 2 usage, configuration or internal error.
Suppress a finding with "# noqa: PTL102" on its line, or a whole file with "# pyteam-lint: noqa".`;

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Standard input's bytes, at most `maxBytes` of them (an endless stdin is an error, not a hang; `limitName` says which limit). */
  readStdin(maxBytes: number, limitName?: string): ReadResult;
  isTty: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

function splitList(values: readonly string[] | undefined): string[] | undefined {
  return values?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function choice<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag}: '${value}' is not one of ${allowed.join(', ')}${didYouMean(value, allowed)}`);
}

function makeStyle(color: (typeof COLORS)[number], io: Io, toFile: boolean): TextStyle {
  const set = (name: string) => io.env[name] !== undefined && io.env[name] !== '';
  // FORCE_COLOR (force-color.org) colours output that is not a terminal; NO_COLOR turns colour off;
  // --color always/never decides over both.
  const forced = set('FORCE_COLOR') && !['0', 'false'].includes(io.env['FORCE_COLOR']!.toLowerCase());
  const enabled = color === 'always' || (color === 'auto' && !toFile && (forced || (io.isTty && !set('NO_COLOR'))));
  const chalk = new Chalk({ level: enabled ? 1 : 0 });
  return { bold: chalk.bold, dim: chalk.dim, red: chalk.red, yellow: chalk.yellow, cyan: chalk.cyan, blue: chalk.blue };
}

const OPTIONS = {
  select: { type: 'string', multiple: true },
  'extend-select': { type: 'string', multiple: true },
  ignore: { type: 'string', multiple: true },
  format: { type: 'string' },
  'output-format': { type: 'string' },
  'output-file': { type: 'string', short: 'o' },
  'sarif-file': { type: 'string' },
  'sarif-category': { type: 'string' },
  'json-file': { type: 'string' },
  'summary-file': { type: 'string' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  statistics: { type: 'boolean' },
  'exit-zero': { type: 'boolean' },
  config: { type: 'string' },
  'stdin-filename': { type: 'string' },
  'force-exclude': { type: 'boolean' },
  exclude: { type: 'string', multiple: true },
  'extend-exclude': { type: 'string', multiple: true },
  'ignore-noqa': { type: 'boolean' },
  'add-noqa': { type: 'boolean' },
  'exit-non-zero-on-fix': { type: 'boolean' },
  'fix-only': { type: 'boolean' },
  watch: { type: 'boolean', short: 'w' },
  'show-settings': { type: 'boolean' },
  'show-files': { type: 'boolean' },
  'allow-suppressions': { type: 'boolean' },
  'allow-deletions': { type: 'boolean' },
  'no-respect-gitignore': { type: 'boolean' },
  threads: { type: 'string' },
  'no-cache': { type: 'boolean' },
  'cache-dir': { type: 'string' },
  fix: { type: 'boolean' },
  'unsafe-fixes': { type: 'boolean' },
  diff: { type: 'boolean' },
  'show-fixes': { type: 'boolean' },
  agent: { type: 'string' },
  color: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  version: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const OPTION_NAMES = Object.keys(OPTIONS).map((name) => `--${name}`);

const SUBCOMMANDS = ['rules', 'explain', 'verify', 'mcp', 'init', 'topology', 'server'];

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: OPTIONS,
    });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument starting with a '-'.*$/s, '');
    const unknown = /^Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
    const hint = unknown ? didYouMean(unknown, OPTION_NAMES) : '';
    throw new UsageError(`${message}${hint}\nRun 'pyteam-lint --help' for the options.`);
  }
}

export async function run(argv: readonly string[], io: Io): Promise<number> {
  // `init` parses its own flags (--target, --force), which the check does not take.
  if (argv[0] === 'init') return (await import('./init.js')).runInit(argv.slice(1), (await loadRules()).map((r) => r.rule), io);
  if (argv[0] === 'server') return (await import('../lsp/command.js')).runServer(argv.slice(1), io);
  if (argv[0] === 'topology') return (await import('../topology/command.js')).runTopology(argv.slice(1), io);
  const { values, positionals } = parse(argv);
  if (values.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  if (values.version) {
    io.stdout(`pyteam-lint ${VERSION}\n`);
    return 0;
  }
  const rules = (await loadRules()).map((r) => r.rule);
  const [command, ...rest] = positionals;
  if (command !== undefined && !SUBCOMMANDS.includes(command) && !existsSync(path.resolve(io.cwd, command))) {
    // `pyteam-lint rulez` is a mistyped command, not a missing file.
    const meant = closest(command, SUBCOMMANDS);
    if (meant) throw new UsageError(`unknown command '${command}'; did you mean '${meant}'? (a path to lint must exist)`);
  }
  if (command === 'rules') {
    const format = choice('--format', values.format, ['text', 'json', 'markdown'] as const, 'text');
    io.stdout(listRules(rules, format));
    return 0;
  }
  // Loaded on demand: a plain lint (what pre-commit and editors run) should not pay for the MCP
  // SDK or the diff library at start-up.
  if (command === 'mcp') return (await loadMcp()).runMcpCommand(rest, rules, VERSION, io);
  if (command === 'verify') return (await import('./verify.js')).runVerify(rest, values, rules, io);
  if (command === 'explain') {
    if (rest.length !== 1) throw new UsageError('explain takes one rule code or name, e.g. pyteam-lint explain PTL301');
    const [rule] = matchSelector(rest[0]!, rules, 'explain');
    if (!rule || !(rule.code === rest[0]!.toUpperCase() || rule.name === rest[0])) {
      throw new UsageError(`explain: '${rest[0]}' is not a rule code or name; see pyteam-lint rules`);
    }
    io.stdout(explainRule(rule));
    return 0;
  }
  if (values.watch) return watch(positionals, values, rules, io);
  return check(positionals, values, rules, io);
}

/** What makes `--watch` lint again: sources and the files that change how they are linted. */
const WATCHED = /(?:\.pyi?|\.ipynb|(?:^|\/)(?:pyproject|\.?pyteam-lint)\.toml|(?:^|\/)\.(?:git)?ignore)$/;

/**
 * `--watch`: lints, then lints again whenever a source or configuration file under the inputs
 * changes (debounced), reusing the cache so only what changed is analysed; runs until interrupted.
 */
async function watch(positionals: string[], values: ReturnType<typeof parse>['values'], rules: AnyRule[], io: Io): Promise<number> {
  if (values.fix || values.diff || values['fix-only'] || values['add-noqa'] || positionals.includes('-')) {
    throw new UsageError('--watch lints files as they change; it cannot be combined with --fix, --diff, --fix-only, --add-noqa or standard input');
  }
  const { watch: watchFs } = await import('node:fs');
  const inputs = (positionals.length > 0 ? positionals : ['.']).map((p) => path.resolve(io.cwd, p));
  const dirs = [...new Set(inputs.map((p) => directoryOf(p) ?? path.dirname(p)))];
  const lintOnce = async () => {
    if (io.isTty) io.stdout('\x1bc');
    io.stdout(`[${new Date().toTimeString().slice(0, 8)}] Linting…\n`);
    try {
      await check(positionals, values, rules, io);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr(`pyteam-lint: error: ${escapeForTerminal(error.message)}\n`);
    }
    io.stdout('Watching for file changes (Ctrl-C to stop).\n');
  };
  await lintOnce();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  for (const dir of dirs) {
    watchFs(dir, { recursive: true }, (_event, name) => {
      if (name === null || !WATCHED.test(String(name).split(path.sep).join('/')) || /(?:^|\/)\.pyteam-lint-cache\//.test(String(name))) return;
      clearTimeout(timer);
      timer = setTimeout(() => (running = running.then(lintOnce)), 150);
    });
  }
  return new Promise<number>(() => {});
}

/**
 * The MCP server's module. Its SDK is an optional dependency (installed by default; the GitHub
 * Action leaves it out, as `npm install --omit=optional` does, to install a third of the size).
 */
async function loadMcp(): Promise<typeof import('./mcp.js')> {
  try {
    return await import('./mcp.js');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND' || !String((error as Error).message).includes('@modelcontextprotocol/sdk')) throw error;
    throw new UsageError('mcp needs the optional dependency @modelcontextprotocol/sdk, which this installation left out (npm --omit=optional); install pyteam-lint without --omit=optional');
  }
}

async function check(
  positionals: string[],
  values: ReturnType<typeof parse>['values'],
  rules: AnyRule[],
  io: Io,
): Promise<number> {
  if (values.format !== undefined && values['output-format'] !== undefined && values.format !== values['output-format']) {
    throw new UsageError(`--format '${values.format}' and --output-format '${values['output-format']}' disagree; give one (--output-format is Ruff's name for --format)`);
  }
  const requested = values['output-format'] ?? values.format ?? (io.env['PYTEAM_LINT_OUTPUT_FORMAT'] || undefined);
  const format = choice(values['output-format'] !== undefined ? '--output-format' : values.format !== undefined ? '--format' : 'PYTEAM_LINT_OUTPUT_FORMAT', requested, FORMATS, 'full');
  const color = choice('--color', values.color, COLORS, 'auto');
  const inputs = positionals.length > 0 ? positionals : ['.'];
  const usesStdin = inputs.includes('-');
  if (usesStdin && inputs.length > 1) throw new UsageError("'-' (standard input) cannot be combined with other paths");
  if (values['stdin-filename'] !== undefined && !usesStdin) throw new UsageError("--stdin-filename needs '-' as the path");

  const cwd = io.cwd;
  const stdinPath = usesStdin ? path.resolve(cwd, values['stdin-filename'] ?? 'stdin.py') : undefined;
  const absInputs = usesStdin ? [] : inputs.map((p) => path.resolve(cwd, p));
  const start = stdinPath ? path.dirname(stdinPath) : commonDirectory(absInputs, cwd);
  const setup = prepareLint(start, cwd, rules, {
    config: values.config,
    select: splitList(values.select),
    extendSelect: splitList(values['extend-select']),
    ignore: splitList(values.ignore),
    agent: values.agent,
    respectGitignore: values['no-respect-gitignore'] ? false : undefined,
    forceExclude: values['force-exclude'],
    exclude: splitList(values.exclude),
    extendExclude: splitList(values['extend-exclude']),
    env: io.env,
    warn: (message) => io.stderr(`pyteam-lint: warning: ${escapeForTerminal(message)}\n`),
  });
  const { root, discoverer, ignoredCodesFor, isTestFile } = setup;
  const discovered: { files: string[]; errors: Array<{ path: string; message: string }> } = usesStdin ? { files: [], errors: [] } : setup.discover(absInputs);
  const files = stdinPath ? [stdinPath] : discovered.files;
  if (stdinPath && values['force-exclude'] && discoverer.isExcluded(stdinPath)) files.length = 0;
  if (values['show-files']) {
    // What would be linted, one per line (as Ruff's --show-files), then what could not be looked at.
    io.stdout(files.map((f) => `${escapeForTerminal(displayPath(f, cwd))}\n`).join(''));
    for (const e of discovered.errors) io.stderr(`pyteam-lint: ${escapeForTerminal(`${displayPath(e.path, cwd)}: ${e.message}`)}\n`);
    return discovered.errors.length > 0 ? 1 : 0;
  }
  if (values['show-settings']) {
    const target = stdinPath ?? files[0] ?? absInputs[0] ?? cwd;
    io.stdout(showSettings(setup, target, cwd));
    return 0;
  }
  // Each file is checked with its own nearest configuration: one group of files per configuration.
  const groups = setup.groups(files);
  const maxFileSize = Math.max(setup.maxFileSize, ...groups.map((g) => g.scope.maxFileSize));
  let stdinText: string | undefined;
  if (stdinPath && files.length > 0) {
    // Checked as a file is: a cap while reading, no NUL bytes, valid UTF-8 (or the declared coding).
    const limit = setup.scopeFor(stdinPath).maxFileSize;
    const read = io.readStdin(limit);
    const decoded = read.ok ? decodeSource(read.bytes, limit) : { ok: false as const, reason: read.reason };
    if (decoded.ok) stdinText = decoded.text;
    else {
      discovered.errors.push({ path: stdinPath, message: `standard input: ${decoded.reason}` });
      files.length = 0;
      groups.length = 0;
    }
  }
  // Cross-file rules see the whole project even when only some files are named (pre-commit).
  const indexOnly = files.length > 0 ? setup.indexFiles() : [];

  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1 || threads > 256)) {
    throw new UsageError(`--threads: '${values.threads}' is not a whole number from 1 to 256`);
  }
  // Outside any project the cache goes where the command runs, as Ruff's does: never into `/` or
  // the common parent of unrelated files.
  const cache = openCache(setup.rootless ? cwd : root, cwd, io.env, (m) => io.stderr(`pyteam-lint: warning: ${m}\n`), {
    off: values['no-cache'] === true,
    dir: values['cache-dir'],
  });
  const textReport = !values.statistics && (format === 'full' || format === 'concise' || format === 'text');
  // What --fix and --add-noqa may write: the project, or outside any, the named directories and the named files' own.
  const confine = writableTree(setup.rootless ? absInputs.flatMap((p) => directoryOf(p) ?? []) : [root]);
  if (values['add-noqa']) {
    if (stdinPath) throw new UsageError("--add-noqa writes files; it cannot be used with '-' (standard input)");
    if (values.fix || values.diff || values['fix-only']) throw new UsageError('--add-noqa cannot be combined with --fix, --diff or --fix-only; fix first, then add noqa to what remains');
    const { addNoqa } = await import('./add-noqa.js');
    const notify = (message: string) => io.stderr(`pyteam-lint: ${escapeForTerminal(message)}\n`);
    let added = 0;
    let internal = false;
    for (const g of groups) {
      const linter = await Linter.create(g.scope.configured, threads ? { threads } : {});
      const r = await addNoqa(linter, { root, cwd, files: g.files, indexOnly, maxFileSize: g.scope.maxFileSize, ignoredCodesFor, isTestFile }, { confine, notify });
      for (const w of r.warnings) io.stderr(`pyteam-lint: warning: ${escapeForTerminal(w)}\n`);
      for (const e of r.lint.errors) io.stderr(`pyteam-lint: error: ${escapeForTerminal(`${e.path}: ${e.message}`)}\n`);
      internal ||= r.lint.errors.some((e) => e.internal);
      added += r.added;
    }
    io.stdout(`Added ${added} noqa directive${added === 1 ? '' : 's'}.\n`);
    return internal ? 2 : 0;
  }
  let fixing: { reportToStderr: boolean; note: string; fixed: number } | undefined;
  if (values.fix === true || values.diff === true || values['fix-only'] === true) {
    const { runFixes } = await import('./fix.js');
    let diffExit: number | undefined;
    fixing = { reportToStderr: false, note: '', fixed: 0 };
    for (const g of groups) {
      const out = await runFixes(values, { configured: g.scope.configured, files: g.files, indexOnly, root, cwd, maxFileSize: g.scope.maxFileSize, ignoredCodesFor, isTestFile, threads,
        stdout: io.stdout, stderr: io.stderr, confine, stdin: stdinPath && stdinText !== undefined ? { path: stdinPath, text: stdinText } : undefined });
      if (out.exit !== undefined) diffExit = Math.max(diffExit ?? 0, out.exit);
      if (out.stdinText !== undefined) stdinText = out.stdinText;
      fixing.reportToStderr ||= out.reportToStderr;
      fixing.note += out.note;
      fixing.fixed += out.fixed ?? 0;
    }
    if (diffExit !== undefined) return diffExit;
  }
  const result: LintResult = { findings: [], errors: [], files: 0, summaries: [], linted: [] };
  for (const g of groups) {
    const linter = await Linter.create(g.scope.configured, { ...(threads ? { threads } : {}), cache });
    const part = await linter.lint({
      root,
      cwd,
      files: g.files,
      indexOnly,
      ...(stdinPath && stdinText !== undefined ? { stdin: { path: stdinPath, text: stdinText } } : {}),
      maxFileSize: g.scope.maxFileSize,
      ignoredCodesFor,
      isTestFile,
      ...(values['ignore-noqa'] ? { ignoreNoqa: true } : {}),
    });
    result.findings.push(...part.findings);
    result.errors.push(...part.errors);
    result.files += part.files;
    result.summaries!.push(...(part.summaries ?? []));
    result.linted!.push(...(part.linted ?? []));
  }
  if (groups.length > 1) {
    sortFindings(result.findings);
    result.errors.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
  const enabled = rules.filter((r) => setup.enabled.includes(r) || groups.some((g) => g.scope.enabled.includes(r)));
  const errors = [...discovered.errors.map((e) => ({ path: displayPath(e.path, cwd), message: e.message })), ...result.errors];

  const sources = new Map<string, string | undefined>();
  const sourceOf = (shown: string): string | undefined => {
    if (!sources.has(shown)) {
      if (stdinPath && shown === displayPath(stdinPath, cwd)) sources.set(shown, stdinText);
      else {
        // Decoded as the engine decoded it (BOM, PEP 263 coding), so columns and snippets agree.
        const source = readSource(path.resolve(cwd, shown), maxFileSize);
        sources.set(shown, source.ok ? source.text : undefined);
      }
    }
    return sources.get(shown);
  };
  // The code findings' lines count in: a notebook's code cells as the one module they were linted as.
  const codes = new Map<string, string | undefined>();
  const codeOf = (shown: string): string | undefined => {
    if (!isNotebookPath(shown)) return sourceOf(shown);
    if (!codes.has(shown)) {
      const json = sourceOf(shown);
      const notebook = json === undefined ? undefined : readNotebook(json);
      codes.set(shown, notebook?.ok ? notebook.python : undefined);
    }
    return codes.get(shown);
  };
  // Code scanning and annotations want paths from the repository root, which may be above the
  // project; outside a repository, from where the command runs.
  const srcRoot = findUp(root, (dir) => existsSync(path.join(dir, '.git'))) ?? cwd;
  const fromRoot = (f: Finding): string => fromSourceRoot(f.path, cwd, srcRoot);

  if (values['write-baseline'] !== undefined) {
    writeOutput('--write-baseline', values['write-baseline'], createBaseline(result.findings, codeOf, fromRoot), cwd);
    io.stderr(`pyteam-lint: recorded ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'} in ${values['write-baseline']}\n`);
    return result.errors.some((e) => e.internal) ? 2 : 0;
  }
  let findings = result.findings;
  if (values.baseline !== undefined) {
    const baseline = readBaseline(path.resolve(cwd, values.baseline));
    if (typeof baseline === 'string') throw new UsageError(`--baseline: ${baseline}`);
    findings = filterByBaseline(findings, baseline, codeOf, fromRoot);
  }

  const report: RunReport = {
    findings,
    errors,
    files: result.files,
    rules: enabled,
    tool: { name: 'pyteam-lint', version: VERSION, informationUri: PACKAGE.homepage },
    cwd,
    srcRoot,
    sourceOf,
    codeOf,
    summaries: result.summaries!,
    linted: result.linted!,
  };
  const sarifOptions = { category: values['sarif-category'] };
  const capWarning = format === 'sarif' || values['sarif-file'] !== undefined ? sarifCapWarning(findings.length) : null;
  if (capWarning) io.stderr(`pyteam-lint: warning: ${capWarning}\n`);
  if (values['sarif-file'] !== undefined) writeOutput('--sarif-file', values['sarif-file'], renderSarif(report, sarifOptions), cwd);
  if (values['json-file'] !== undefined) writeOutput('--json-file', values['json-file'], renderJson(report), cwd);
  if (values['summary-file'] !== undefined) writeOutput('--summary-file', values['summary-file'], renderSummaryMarkdown(report), cwd, true);

  const toFile = values['output-file'] !== undefined;
  const style = makeStyle(color, io, toFile);
  const text = values['fix-only']
    ? ''
    : values.statistics
    ? format === 'json'
      ? renderStatisticsJson(report)
      : renderStatistics(report, style)
    : format === 'json'
      ? renderJson(report)
      : format === 'sarif'
        ? renderSarif(report, sarifOptions)
        : format === 'github'
          ? renderGithub(report)
          : format === 'brief'
            ? (await import('../report/brief.js')).renderBrief(report)
            : isExtraFormat(format)
            ? EXTRA_FORMATS[format](report)
            : renderText(report, style, format === 'concise' ? 'concise' : 'full', values.quiet ?? false, { unsafeFixes: values['unsafe-fixes'] === true });
  if (isExtraFormat(format) && ERRORS_ON_STDERR.has(format)) {
    for (const e of errors) io.stderr(`pyteam-lint: error: ${escapeForTerminal(`${e.path}: ${e.message}`)}\n`);
  }
  if (toFile) writeOutput('--output-file', values['output-file']!, text, cwd);
  else (fixing?.reportToStderr ? io.stderr : io.stdout)(text);
  if (fixing?.note) (textReport && !toFile && !fixing.reportToStderr ? io.stdout : io.stderr)(fixing.note);

  if (result.errors.some((e) => e.internal)) return 2;
  if (values['exit-non-zero-on-fix'] && (fixing?.fixed ?? 0) > 0) return 1;
  if (values['exit-zero'] || values['fix-only']) return 0;
  return report.findings.length > 0 || errors.length > 0 ? 1 : 0;
}

/** `--show-settings`: the settings a file is checked with, and where each came from (as Ruff's). */
function showSettings(setup: LintSetup, target: string, cwd: string): string {
  const scope = setup.scopeFor(target);
  const where = (key: string) => (scope.sources[key] ? displayPath(scope.sources[key]!, cwd) : 'default');
  const lines = [
    `Settings for ${displayPath(target, cwd)}`,
    `configuration file: ${scope.file ? displayPath(scope.file, cwd) : '(none: defaults)'}`,
    `project root: ${setup.root}${setup.rootless ? ' (no repository or configuration above: only the named files)' : ''}`,
    `test code: ${scope.isTest(target) ? 'yes' : 'no'}`,
    '',
  ];
  const keys = ['select', 'extend-select', 'ignore', 'exclude', 'extend-exclude', 'per-file-ignores', 'test-paths', 'extend-test-paths', 'respect-gitignore', 'max-file-size'] as const;
  const defaults: Record<string, unknown> = { exclude: DEFAULT_EXCLUDES, 'test-paths': DEFAULT_TEST_PATHS, 'max-file-size': DEFAULT_MAX_FILE_SIZE, 'respect-gitignore': true };
  for (const key of keys) {
    const value = scope.config[key] ?? defaults[key];
    if (value !== undefined) lines.push(`${key} = ${JSON.stringify(value)}    # ${where(key)}`);
  }
  lines.push('', `enabled rules (${scope.enabled.length}):`);
  for (const c of scope.configured) {
    const options = Object.entries((c.options ?? {}) as Record<string, unknown>).map(([k, v]) => `${k}=${JSON.stringify(v)}${scope.sources[`rules.${c.rule.name}.${k}`] ? ` (${where(`rules.${c.rule.name}.${k}`)})` : ''}`);
    lines.push(`  ${c.rule.code} ${c.rule.name}${c.inTests !== undefined ? ` in-tests=${c.inTests}` : ''}${options.length ? `: ${options.join(', ')}` : ''}`);
  }
  return `${lines.map(escapeForTerminal).join('\n')}\n`;
}

/** `--fix` writes only files whose real path is inside the project (or, outside any, inside the named directories and the named files' own). */
function writableTree(trees: readonly string[]): (real: string) => boolean {
  return (real) => trees.some((tree) => isInside(tree, real));
}

function writeOutput(flag: string, file: string, text: string, cwd: string, append = false): void {
  try {
    if (append) appendFileSync(path.resolve(cwd, file), text);
    else writeFileSync(path.resolve(cwd, file), text);
  } catch (error) {
    throw new UsageError(`${flag}: cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** Entry point used by bin/pyteam-lint.js: never lets a stack trace reach the user. */
export async function main(argv: readonly string[]): Promise<number> {
  const stdout = guardStream(process.stdout);
  const stderr = guardStream(process.stderr);
  const io: Io = {
    stdout: (t) => stdout.write(t),
    stderr: (t) => stderr.write(t),
    readStdin: (maxBytes, limitName) => readStream(0, maxBytes, limitName),
    isTty: process.stdout.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  };
  const code = await runGuarded(exactArgv(argv), io);
  const failure = await stdout.flush();
  if (failure && !isClosedPipe(failure)) {
    io.stderr(`pyteam-lint: error: ${describeWriteFailure('standard output', failure)}\n`);
    return 2;
  }
  await stderr.flush();
  return code;
}

async function runGuarded(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`pyteam-lint: error: ${escapeForTerminal(error.message)}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`pyteam-lint: internal error: ${escapeForTerminal(message)}\nThis is a bug in pyteam-lint; please report it with the command you ran.\n`);
    if (process.env['PYTEAM_LINT_DEBUG']) io.stderr(`${(error as Error).stack ?? ''}\n`);
    return 2;
  }
}
