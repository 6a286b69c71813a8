/**
 * `--fix`, `--unsafe-fixes`, `--diff` and `--show-fixes`: runs the fix loop over the files the
 * check would lint, then hands back to the check, which reports what remains. `--diff` prints
 * what would change and writes nothing; with `-` (stdin) the fixed source goes to standard output
 * and the report to standard error, as editors expect.
 */
import { Linter, UNUSED_NOQA, displayPath, type ConfiguredRule, type Finding } from '../engine/lint.js';
import type { TestFileMatcher } from '../engine/testcode.js';
import { NotWritten, encodeSource, fixSource, isApplicable, sourceEncoding, unifiedDiff, writeFileAtomic, type FixRecord, type FixResult } from '../engine/fix.js';
import { isNotebookPath, readSource } from '../engine/source.js';
import { describeFsError } from '../engine/files.js';
import { withSignalsHeld, withTreeLock } from './fixlock.js';
import { escapeForTerminal } from '../report/escape.js';

export interface FixFlags {
  fix?: boolean | undefined;
  'unsafe-fixes'?: boolean | undefined;
  diff?: boolean | undefined;
  'show-fixes'?: boolean | undefined;
  quiet?: boolean | undefined;
}

export interface FixContext {
  configured: readonly ConfiguredRule[];
  /** Absolute paths the check lints. */
  files: readonly string[];
  root: string;
  cwd: string;
  maxFileSize: number;
  ignoredCodesFor?: (relativeToRoot: string) => ReadonlySet<string>;
  isTestFile?: TestFileMatcher;
  /** Source read from standard input, linted under `path`. */
  stdin?: { path: string; text: string } | undefined;
  threads?: number | undefined;
  /** Further project files, for cross-file rules (PTL002's first pass needs every rule's findings). */
  indexOnly?: readonly string[];
  /** Whether a file's real path may be written (inside the tree being fixed). */
  confine?: (real: string) => boolean;
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface FixOutcome {
  /** Set when the command is complete (`--diff`): the exit code. */
  exit?: number;
  /** The fixed stdin text, when the input was stdin: the report is then of this text. */
  stdinText?: string;
  /** Where the report goes: stderr when stdout carries the fixed source. */
  reportToStderr: boolean;
  /** Printed after the report (`Fixed 3 findings …` and `--show-fixes`). */
  note: string;
  /** Findings fixed (written, or for stdin printed): `--exit-non-zero-on-fix` asks. */
  fixed?: number;
}

export interface FileFix {
  path: string;
  abs: string;
  /** The bytes the fix was computed from: the write happens only if the file still holds them. */
  bytes?: Uint8Array;
  before: string;
  result: FixResult;
}

/**
 * Fixes every file with an applicable fix, in memory. Each file is read once, and its first pass
 * of findings comes from exactly those bytes (edits computed on one text and applied to another are
 * how fixes corrupt code); the write later happens only if the file still holds them. Later passes
 * run only the rules that can offer fixes — unless PTL002 (unused noqa) is on: whether a noqa is
 * used depends on every rule, cross-file ones included, so its first pass runs them all over the
 * project. Suppressions and per-file ignores apply as in the check, so a `# noqa` keeps its line
 * untouched.
 */
export async function fixInMemory(ctx: FixContext, unsafe: boolean): Promise<{ fixes: FileFix[]; warnings: string[] }> {
  const fixable = ctx.configured.filter((c) => c.rule.fixable !== undefined);
  const warnings: string[] = [];
  const fixes: FileFix[] = [];
  if (fixable.length === 0) return { fixes, warnings };
  const options = ctx.threads ? { threads: ctx.threads } : {};
  const linter = await Linter.create(fixable, options);
  const auditsNoqa = fixable.some((c) => c.rule.code === UNUSED_NOQA);
  const base = {
    root: ctx.root,
    cwd: ctx.cwd,
    maxFileSize: ctx.maxFileSize,
    ...(ctx.ignoredCodesFor ? { ignoredCodesFor: ctx.ignoredCodesFor } : {}),
    ...(ctx.isTestFile ? { isTestFile: ctx.isTestFile } : {}),
  };
  const texts = new Map<string, string>();
  const bytesOf = new Map<string, Uint8Array>();
  for (const abs of ctx.files) {
    if (ctx.stdin && ctx.stdin.path === abs) {
      texts.set(abs, ctx.stdin.text);
      continue;
    }
    const source = readSource(abs, ctx.maxFileSize);
    if (!source.ok) continue; // the check reports why
    texts.set(abs, source.text);
    bytesOf.set(abs, source.bytes);
  }
  const files = [...texts.keys()];
  const first = auditsNoqa
    ? await (await Linter.create(ctx.configured, options)).lint({ ...base, files, texts, indexOnly: ctx.indexOnly ?? [] })
    : await linter.lint({ ...base, files, texts });
  const byPath = new Map<string, Finding[]>();
  for (const f of first.findings) {
    if (!isApplicable(f.fix, unsafe)) continue;
    const list = byPath.get(f.path);
    if (list) list.push(f);
    else byPath.set(f.path, [f]);
  }
  const absOf = new Map(files.map((abs) => [displayPath(abs, ctx.cwd), abs]));
  for (const [shown, initial] of [...byPath].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const abs = absOf.get(shown);
    if (!abs) continue;
    const before = texts.get(abs)!;
    const lint = async (text: string): Promise<Finding[]> => (await linter.lint({ ...base, files: [abs], stdin: { path: abs, text } })).findings;
    const result = await fixSource(before, lint, { unsafe, initial, notebook: isNotebookPath(abs) });
    if (result.skipped) warnings.push(`${shown}: not fixed: ${result.skipped}`);
    for (const r of result.rejected) warnings.push(`${shown}:${r.line}: ${r.code} fix not applied: its edits would leave the file broken (please report this)`);
    if (!result.converged) warnings.push(`${shown}: fixes still offered after ${result.passes} passes; stopped (please report this)`);
    const bytes = bytesOf.get(abs);
    if (result.text !== before) fixes.push({ path: shown, abs, before, result, ...(bytes ? { bytes } : {}) });
  }
  return { fixes, warnings };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `--show-fixes`: what was fixed, per file and rule, Ruff-style. */
export function describeFixes(fixes: readonly FileFix[], verb: 'Fixed' | 'Would fix'): string {
  const total = fixes.reduce((n, f) => n + f.result.fixed.length, 0);
  const out = [`${verb} ${plural(total, 'finding')}:`];
  for (const file of fixes) {
    out.push(`- ${escapeForTerminal(file.path)}:`);
    const counts = new Map<string, { n: number; r: FixRecord }>();
    for (const r of file.result.fixed) {
      const key = `${r.code}\0${r.title}`;
      const c = counts.get(key);
      if (c) c.n++;
      else counts.set(key, { n: 1, r });
    }
    for (const { n, r } of [...counts.values()].sort((a, b) => (a.r.code < b.r.code ? -1 : a.r.code > b.r.code ? 1 : a.r.title < b.r.title ? -1 : 1))) {
      out.push(`    ${n} × ${r.code} (${r.name}) ${r.applicability === 'unsafe' ? '[unsafe] ' : ''}${r.title}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/**
 * Runs the fix step of a check; the check then lints and reports the (possibly rewritten) files.
 * Runs that write take the tree's lock, so concurrent `--fix` runs take turns.
 */
export async function runFixes(flags: FixFlags, ctx: FixContext): Promise<FixOutcome> {
  if (flags.diff || ctx.stdin) return fixStep(flags, ctx);
  return withTreeLock(ctx.root, () => fixStep(flags, ctx), (message) => ctx.stderr(`pyteam-lint: ${message}\n`));
}

async function fixStep(flags: FixFlags, ctx: FixContext): Promise<FixOutcome> {
  const unsafe = flags['unsafe-fixes'] === true;
  const { fixes, warnings } = await fixInMemory(ctx, unsafe);
  for (const w of warnings) ctx.stderr(`pyteam-lint: warning: ${escapeForTerminal(w)}\n`);
  const total = fixes.reduce((n, f) => n + f.result.fixed.length, 0);
  const stdinFix = ctx.stdin ? fixes.find((f) => f.abs === ctx.stdin!.path) : undefined;

  if (flags.diff) {
    for (const f of fixes) ctx.stdout(unifiedDiff(f.path, f.before, f.result.text));
    const summary = fixes.length > 0 ? `Would fix ${plural(total, 'finding')} in ${plural(fixes.length, 'file')}; run with --fix${unsafe ? ' --unsafe-fixes' : ''} to apply.` : 'No fixes to apply.';
    if (flags['show-fixes'] && fixes.length > 0) ctx.stderr(describeFixes(fixes, 'Would fix'));
    if (!flags.quiet) ctx.stderr(`${summary}\n`);
    return { exit: fixes.length > 0 ? 1 : 0, reportToStderr: false, note: '' };
  }

  let written = 0;
  const done: FileFix[] = [];
  await withSignalsHeld(() => {
    for (const f of fixes) {
      if (f === stdinFix) {
        done.push(f);
        continue;
      }
      try {
        const data = encodeSource(f.result.text, sourceEncoding(f.bytes!));
        if (typeof data === 'string') {
          ctx.stderr(`pyteam-lint: warning: ${escapeForTerminal(`${f.path}: not fixed: ${data}`)}\n`);
          continue;
        }
        writeFileAtomic(f.abs, data, f.bytes!, ctx.confine);
        written++;
        done.push(f);
      } catch (error) {
        const message = error instanceof NotWritten ? error.message : describeFsError(error, 'written');
        ctx.stderr(`pyteam-lint: warning: ${escapeForTerminal(`${f.path}: not fixed: ${message}`)}\n`);
      }
    }
  });
  const fixedCount = done.reduce((n, f) => n + f.result.fixed.length, 0);
  let note = '';
  if (flags['show-fixes'] && done.length > 0) note += describeFixes(done, 'Fixed');
  else if (!flags.quiet && fixedCount > 0) note += `Fixed ${plural(fixedCount, 'finding')}${written > 0 ? ` in ${plural(written, 'file')}` : ''}.\n`;
  if (ctx.stdin) {
    const text = stdinFix ? stdinFix.result.text : ctx.stdin.text;
    ctx.stdout(text);
    return { stdinText: text, reportToStderr: true, note, fixed: fixedCount };
  }
  return { reportToStderr: false, note, fixed: fixedCount };
}
