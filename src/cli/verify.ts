/**
 * `pyteam-lint verify PATCH.diff`: applies a unified diff in memory to the working tree's files,
 * lints the changed Python files before and after, prints what the patch resolves, what it only
 * hides behind a new `noqa` (suppressed), what it removes with its code (deleted) and what it
 * brings in, and exits 0 only when the patch is accepted (1 rejected or not applicable, 2 usage).
 * `--allow-suppressions` and `--allow-deletions` count suppressed and deleted findings as resolved.
 * Nothing is written.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Linter, displayPath, type Finding } from '../engine/lint.js';
import { readSource } from '../engine/source.js';
import { isInside, readRegularFile, type ReadResult } from '../engine/files.js';
import { applyFilePatch, judgeChange, parseUnifiedDiff, type ChangedFile, type FilePatch, type Judgement, type TextLinter } from '../engine/verify.js';
import { findingJson } from '../report/json.js';
import { escapeForTerminal } from '../report/escape.js';
import type { AnyRule } from '../rule.js';
import { findUp } from './config.js';
import { UsageError } from './errors.js';
import { prepareLint, type LintSetup } from './setup.js';

interface VerifyFlags {
  format?: string | undefined;
  config?: string | undefined;
  select?: string[] | undefined;
  'extend-select'?: string[] | undefined;
  ignore?: string[] | undefined;
  agent?: string | undefined;
  'allow-suppressions'?: boolean | undefined;
  'allow-deletions'?: boolean | undefined;
}

interface VerifyIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(maxBytes: number, limitName?: string): ReadResult;
  cwd: string;
}

const PYTHON = /\.pyi?$/;

/** A patch an agent proposes is small; this bounds memory against an endless input. */
const MAX_PATCH_BYTES = 64 * 1024 * 1024;

function splitList(values: readonly string[] | undefined): string[] | undefined {
  return values?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

/**
 * The verdict as JSON: what `verify --format json` prints and the MCP tool `verify_fix` returns.
 * Fields are only ever added: `suppressed` (lines of the changed text) and `deleted` (lines of the
 * original) came after the others.
 */
export function judgementJson(j: Judgement) {
  return {
    verdict: j.verdict,
    reasons: j.reasons,
    parses: j.parses,
    syntaxErrors: j.syntaxErrors,
    resolved: j.resolved.map(findingJson),
    introduced: j.introduced.map(findingJson),
    remaining: j.remaining.map(findingJson),
    errors: j.errors.map((e) => ({ path: e.path, message: e.message })),
    suppressed: j.suppressed.map(findingJson),
    deleted: j.deleted.map(findingJson),
  };
}

/** The JSON verdict on a change that could not be judged (not a diff, does not apply…). */
export function notJudgedJson(reason: string) {
  return { verdict: 'rejected' as const, reasons: [reason], parses: null, syntaxErrors: [], resolved: [], introduced: [], remaining: [], errors: [], suppressed: [], deleted: [] };
}

function line(f: Finding): string {
  return `  ${escapeForTerminal(`${f.path}:${f.line}:${f.column}: ${f.code} ${f.message} [${f.agent}]`)}`;
}

const count = (n: number, what: string) => `${n} finding${n === 1 ? '' : 's'}${what}`;

export function renderJudgement(j: Judgement): string {
  const done = j.resolved.length > 0 || (j.suppressed.length === 0 && j.deleted.length === 0) ? [`resolves ${count(j.resolved.length, '')}`] : [];
  // Accepted with suppressions or deletions in it: they were allowed (or, deletions, beside a real fix).
  if (j.suppressed.length > 0) done.push(`suppresses ${count(j.suppressed.length, ' with noqa (allowed)')}`);
  if (j.deleted.length > 0) done.push(`deletes ${count(j.deleted.length, ` with ${j.deleted.length === 1 ? 'its' : 'their'} code`)}`);
  const out = [
    j.verdict === 'accepted'
      ? `Accepted: ${done.join(', ')} and introduces none.`
      : `Rejected: ${escapeForTerminal(j.reasons.join('; '))}.`,
  ];
  if (j.resolved.length > 0) out.push('', `Resolved (${j.resolved.length}), lines of the original:`, ...j.resolved.map(line));
  if (j.suppressed.length > 0) out.push('', `Suppressed with noqa, not fixed (${j.suppressed.length}), lines of the patched text:`, ...j.suppressed.map(line));
  if (j.deleted.length > 0) out.push('', `Deleted with its code: ${j.deleted.length}, lines of the original:`, ...j.deleted.map(line));
  if (j.introduced.length > 0) out.push('', `New (${j.introduced.length}), lines of the patched text:`, ...j.introduced.map(line));
  for (const e of j.syntaxErrors) out.push('', `${escapeForTerminal(e.path)}:${e.line}:${e.column}: does not parse after the patch`);
  if (j.remaining.length > 0) out.push('', `Still there: ${j.remaining.length} finding${j.remaining.length === 1 ? '' : 's'} the patch does not touch.`);
  return `${out.join('\n')}\n`;
}

/**
 * The file a patch edits: its path when both sides name the same file; else, as GNU patch, of
 * the names that exist the one with the fewest components, then the shortest basename, then the
 * shortest name (`diff -u x.py x.py.new` edits x.py).
 */
function targetOf(p: FilePatch, base: string): string {
  if (p.oldPath === null) return p.newPath!;
  if (p.newPath === null || p.newPath === p.oldPath) return p.oldPath;
  const names = [p.oldPath, p.newPath];
  const existing = names.filter((n) => existsSync(path.resolve(base, n)));
  const rank = (n: string) => [n.split('/').length, path.posix.basename(n).length, n.length];
  const pool = existing.length > 0 ? existing : names;
  return pool.sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    return ra[0]! - rb[0]! || ra[1]! - rb[1]! || ra[2]! - rb[2]!;
  })[0]!;
}

/** Where the patch's paths live: the working directory, or the repository root (git paths). */
function baseFor(patches: readonly FilePatch[], cwd: string): string {
  const edits = patches.filter((p) => p.oldPath !== null);
  const found = (base: string) => edits.every((p) => existsSync(path.resolve(base, targetOf(p, base))));
  if (found(cwd)) return cwd;
  const repo = findUp(cwd, (dir) => existsSync(path.join(dir, '.git')));
  return repo && found(repo) ? repo : cwd;
}

export type Applied = { ok: true; changes: ChangedFile[] } | { ok: false; reason: string };

/**
 * A patch may name only files inside the working tree (`base`), as written and after resolving
 * symbolic links. Checked for every file before any is read, so the verdict on a patch aimed
 * outside says nothing about what is there.
 */
export function outsideTree(patches: readonly FilePatch[], base: string, cwd: string): string | null {
  for (const p of patches) {
    for (const name of [p.oldPath, p.newPath]) {
      if (name === null) continue;
      const abs = path.resolve(base, name);
      if (path.isAbsolute(name) || !isInside(base, abs)) {
        return `the patch names ${JSON.stringify(name)}, which is outside the working tree ${displayPath(base, cwd) || '.'} (${base}); only files inside it are judged`;
      }
    }
  }
  return null;
}

/** Applies every file patch in memory; the first that does not apply rejects the whole patch. */
export function applyInMemory(patches: readonly FilePatch[], base: string, cwd: string, maxFileSize: number): Applied {
  const changes: ChangedFile[] = [];
  for (const p of patches) {
    const abs = path.resolve(base, targetOf(p, base));
    const shown = displayPath(abs, cwd);
    let before: string | null = null;
    if (p.oldPath !== null) {
      const source = readSource(abs, maxFileSize);
      if (!source.ok) return { ok: false, reason: `the patch does not apply: ${shown}: ${source.reason}` };
      before = source.text;
    } else if (existsSync(abs)) {
      return { ok: false, reason: `the patch does not apply: it creates ${shown}, which exists` };
    }
    const patched = applyFilePatch(before ?? '', p);
    if (patched === null) return { ok: false, reason: `the patch does not apply to ${shown}: its context lines are not in the file` };
    changes.push({ abs, before, after: p.newPath === null ? null : patched });
  }
  return { ok: true, changes };
}

/** Lints changed texts with the project's configuration; cross-file rules see the changed texts. */
export function textLinter(setup: LintSetup, deleted: ReadonlySet<string> = new Set()): TextLinter {
  let linter: Promise<Linter> | undefined;
  let index: string[] | undefined;
  return async (texts, options = {}) => {
    linter ??= Linter.create(setup.configured, { threads: 1 });
    index ??= setup.indexFiles();
    const files = [...texts.keys()];
    const indexOnly = index.filter((f) => !deleted.has(f) || texts.has(f));
    return (await linter).lint({
      root: setup.root,
      cwd: setup.cwd,
      files,
      texts,
      indexOnly,
      maxFileSize: setup.maxFileSize,
      ignoredCodesFor: setup.ignoredCodesFor,
      isTestFile: setup.isTestFile,
      ...(options.ignoreNoqa ? { ignoreNoqa: true } : {}),
    });
  };
}

export async function runVerify(args: readonly string[], flags: VerifyFlags, rules: readonly AnyRule[], io: VerifyIo): Promise<number> {
  if (args.length !== 1) throw new UsageError("verify takes one patch file (a unified diff), or '-' for standard input");
  const format = flags.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format: '${format}' is not one of text, json (for verify)`);
  const source = args[0]!;
  const read = source === '-' ? io.readStdin(MAX_PATCH_BYTES, 'the patch size limit') : readRegularFile(path.resolve(io.cwd, source), MAX_PATCH_BYTES, 'the patch size limit');
  if (!read.ok) throw new UsageError(`verify: cannot read ${source === '-' ? 'standard input' : source}: ${read.reason}`);
  let diffText: string;
  try {
    diffText = new TextDecoder('utf-8', { fatal: true }).decode(read.bytes);
  } catch {
    throw new UsageError(`verify: ${source === '-' ? 'standard input' : source} is not valid UTF-8`);
  }
  const reject = (reason: string): number => {
    if (format === 'json') io.stdout(`${JSON.stringify(notJudgedJson(reason), null, 2)}\n`);
    else io.stdout(`Rejected: ${escapeForTerminal(reason)}.\n`);
    return 1;
  };
  let patches: FilePatch[];
  try {
    patches = parseUnifiedDiff(diffText);
  } catch (error) {
    return reject((error as Error).message);
  }
  const base = baseFor(patches, io.cwd);
  const outside = outsideTree(patches, base, io.cwd);
  if (outside) return reject(outside);
  const firstPath = path.resolve(base, targetOf(patches[0]!, base));
  const setup = prepareLint(path.dirname(firstPath), io.cwd, rules, {
    config: flags.config,
    select: splitList(flags.select),
    extendSelect: splitList(flags['extend-select']),
    ignore: splitList(flags.ignore),
    agent: flags.agent,
  });
  const applied = applyInMemory(patches, base, io.cwd, setup.maxFileSize);
  if (!applied.ok) return reject(applied.reason);
  const python = applied.changes.filter((c) => PYTHON.test(c.abs));
  if (python.length === 0) return reject('the patch changes no Python file, so it resolves no finding');
  const deleted = new Set(python.filter((c) => c.after === null).map((c) => c.abs));
  const judgement = await judgeChange(python, textLinter(setup, deleted), io.cwd, {
    allowSuppressions: flags['allow-suppressions'] === true,
    allowDeletions: flags['allow-deletions'] === true,
  });
  io.stdout(format === 'json' ? `${JSON.stringify(judgementJson(judgement), null, 2)}\n` : renderJudgement(judgement));
  return judgement.verdict === 'accepted' ? 0 : 1;
}
