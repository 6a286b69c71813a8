/**
 * Deterministic fixes, Ruff-style: a fix is a set of byte-range edits with a safety level; a pass
 * applies every applicable fix that does not touch one already taken, the text is linted again,
 * and passes repeat until no fix is left (at most MAX_FIX_PASSES). A pass whose result no longer
 * parses is retried fix by fix, and a fix that breaks the parse on its own is rejected, so fixed
 * text never gains a syntax error. Files are written back atomically, in their own encoding, with
 * their byte-order mark and permissions.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync, chmodSync, chownSync } from 'node:fs';
import { fsPath, kindOf, readRegularFile, realPath } from './files.js';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { FILE_HEADERS_ONLY, createTwoFilesPatch } from 'diff';
import type { Fix } from '../rule.js';
import type { Finding } from './lint.js';
import { firstSyntaxError } from './model.js';
import { loadPython, parse } from './parser.js';
import { declaredEncoding } from './source.js';
import { cellAt, readNotebook, type NotebookMap } from './notebook.js';

export const MAX_FIX_PASSES = 10;

/** Whether a fix may be applied: safe fixes always, unsafe ones only when asked for. */
export function isApplicable(fix: Fix | null, unsafe: boolean): fix is Fix {
  return fix !== null && fix.edits.length > 0 && (fix.applicability === 'safe' || unsafe);
}

/** The line terminator a file mostly uses, so inserted line breaks match it. */
export function lineEnding(text: string): '\n' | '\r\n' | '\r' {
  const m = /\r\n|\n|\r/.exec(text);
  return (m?.[0] as '\n' | '\r\n' | '\r' | undefined) ?? '\n';
}

/** A fix's edits sorted, or null when they are malformed (out of range, overlapping each other). */
function sortedEdits(fix: Fix, length: number): Fix['edits'] | null {
  const edits = [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let last = -1;
  for (const e of edits) {
    if (!Number.isInteger(e.start) || !Number.isInteger(e.end) || e.start < 0 || e.end < e.start || e.end > length) return null;
    if (e.start < last) return null;
    last = e.end;
  }
  return edits;
}

export interface Applied {
  text: string;
  /** The fixes applied, in the order of their first edit. */
  applied: Fix[];
  /** Fixes left out because they touch a fix already taken (the next pass sees them again). */
  deferred: Fix[];
  /** Fixes whose edits are malformed: a bug in the rule that offered them. */
  malformed: Fix[];
}

/**
 * Applies the fixes that do not overlap or touch one another, each whole or not at all: fixes are
 * taken in order of their first edit, and a fix whose range meets an edit already taken is
 * deferred (as Ruff: touching counts, so two insertions at one point never race). The same fix
 * offered twice (two rules, one edit) is applied once.
 */
export function applyFixes(text: string, fixes: readonly Fix[]): Applied {
  const eol = lineEnding(text);
  const candidates: Array<{ fix: Fix; edits: Fix['edits'] }> = [];
  const malformed: Fix[] = [];
  for (const fix of fixes) {
    const edits = sortedEdits(fix, text.length);
    if (edits && edits.length > 0) candidates.push({ fix, edits });
    else malformed.push(fix);
  }
  candidates.sort((a, b) => a.edits[0]!.start - b.edits[0]!.start || a.edits[0]!.end - b.edits[0]!.end);
  const taken: Array<{ start: number; end: number; text: string }> = [];
  const applied: Fix[] = [];
  const deferred: Fix[] = [];
  const seen = new Set<string>();
  for (const { fix, edits } of candidates) {
    const key = JSON.stringify(edits.map((e) => [e.start, e.end, e.text]));
    if (seen.has(key)) continue;
    const clashes = edits.some((e) => taken.some((t) => e.start <= t.end && t.start <= e.end));
    if (clashes) {
      deferred.push(fix);
      continue;
    }
    seen.add(key);
    applied.push(fix);
    for (const e of edits) taken.push({ start: e.start, end: e.end, text: eol === '\n' ? e.text : e.text.replace(/\r\n|\r|\n/g, eol) });
  }
  taken.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of taken) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  out += text.slice(at);
  return { text: out, applied, deferred, malformed };
}

/**
 * Where the text first fails to parse (what PTL001 reports), or null when it parses. A notebook's
 * text is its JSON: it fails where it is no longer a notebook, or where its code cells fail (`cell`
 * set, the line within the cell).
 */
export async function syntaxErrorIn(text: string, notebook = false): Promise<{ line: number; column: number; cell?: number } | null> {
  let code = text;
  let map: NotebookMap | undefined;
  if (notebook) {
    const read = readNotebook(text);
    if (!read.ok) return { line: 1, column: 1 };
    code = read.python;
    map = read.map;
  }
  const { parser } = await loadPython();
  const tree = parse(parser, code);
  try {
    const error = firstSyntaxError(tree.rootNode);
    if (!error) return null;
    const at = { line: error.startPosition.row + 1, column: error.startPosition.column + 1 };
    const cell = map && cellAt(map, error.startIndex);
    return cell ? { cell: cell.cell, line: at.line - cell.line, column: at.column } : at;
  } finally {
    tree.delete();
  }
}

/** One fix that was applied (or rejected), described for `--show-fixes` and the MCP tools. */
export interface FixRecord {
  code: string;
  name: string;
  title: string;
  applicability: Fix['applicability'];
  /** The 1-based line of the finding in the text the pass saw. */
  line: number;
}

export interface FixResult {
  /** The fixed text (the input when nothing applied). */
  text: string;
  fixed: FixRecord[];
  /** Fixes left out because the text would no longer parse with them. */
  rejected: FixRecord[];
  /** Passes that changed the text. */
  passes: number;
  /** False when fixes were still being offered after MAX_FIX_PASSES passes. */
  converged: boolean;
  /** Findings of the final text, from the last lint (only the rules the caller's lint ran). */
  remaining: Finding[];
  /** Set when the file was left alone entirely, with the reason. */
  skipped?: string;
}

export interface FixOptions {
  unsafe: boolean;
  maxPasses?: number;
  /** The findings of `text` when the caller already has them (saves the first lint). */
  initial?: readonly Finding[];
  /** The text is a notebook's JSON (its fixes are edits of the JSON; its code is its cells'). */
  notebook?: boolean;
}

function record(f: Finding): FixRecord {
  return { code: f.code, name: f.name, title: f.fix!.title, applicability: f.fix!.applicability, line: f.line };
}

/** What identifies a fix across passes, where its offsets shift: the rule, the title and what it replaces by what. */
function fixIdentity(f: Finding, text: string): string {
  return JSON.stringify([f.code, f.fix!.title, f.fix!.edits.map((e) => [text.slice(e.start, e.end), e.text])]);
}

/**
 * Fixes one file's text to a fixed point. `lint` lints a text of this file (the caller decides
 * which rules run and how suppressions apply). A text that does not parse to begin with is not
 * touched: fixes are only offered with confidence on code the engine fully understands.
 */
export async function fixSource(text: string, lint: (text: string) => Promise<Finding[]>, options: FixOptions): Promise<FixResult> {
  const maxPasses = options.maxPasses ?? MAX_FIX_PASSES;
  let findings = options.initial ? [...options.initial] : await lint(text);
  const result: FixResult = { text, fixed: [], rejected: [], passes: 0, converged: true, remaining: findings };
  /** Fixes that broke the parse, never offered again (their offsets shift, so by identity). */
  const rejected = new Set<string>();
  const applicable = (fs: readonly Finding[]) => fs.filter((f) => isApplicable(f.fix, options.unsafe) && !rejected.has(fixIdentity(f, result.text)));
  if (applicable(findings).length === 0) return result;
  const notebook = options.notebook === true;
  const before = await syntaxErrorIn(text, notebook);
  if (before) {
    result.skipped = `does not parse (${before.cell === undefined ? '' : `cell ${before.cell}, `}line ${before.line}, column ${before.column}); fix the syntax error first`;
    return result;
  }
  for (;;) {
    const candidates = applicable(findings);
    if (candidates.length === 0) break;
    if (result.passes >= maxPasses) {
      result.converged = false;
      break;
    }
    const reject = (f: Finding): void => {
      rejected.add(fixIdentity(f, result.text));
      result.rejected.push(record(f));
    };
    let next = applyFixes(result.text, candidates.map((f) => f.fix!));
    for (const f of candidates) if (next.malformed.includes(f.fix!)) reject(f);
    let used = candidates.filter((f) => next.applied.includes(f.fix!));
    if (used.length === 0) continue; // only malformed fixes: look again without them
    if (await syntaxErrorIn(next.text, notebook)) {
      // Find the fixes that break the parse on their own, reject them, and apply the rest.
      const fine: Finding[] = [];
      for (const f of used) {
        if (await syntaxErrorIn(applyFixes(result.text, [f.fix!]).text, notebook)) reject(f);
        else fine.push(f);
      }
      next = applyFixes(result.text, fine.map((f) => f.fix!));
      used = fine.filter((f) => next.applied.includes(f.fix!));
      // Fine alone but broken together: take only the first, the next pass sees the rest.
      if (used.length > 1 && (await syntaxErrorIn(next.text, notebook))) {
        next = applyFixes(result.text, [used[0]!.fix!]);
        used = [used[0]!];
      }
      if (used.length === 0) continue; // every candidate was rejected: look again without them
    }
    if (next.text === result.text) {
      // Fixes that change nothing would be offered forever.
      result.converged = false;
      break;
    }
    result.fixed.push(...used.map(record));
    result.text = next.text;
    result.passes++;
    findings = await lint(result.text);
    result.remaining = findings;
  }
  return result;
}

/** A file's bytes as the fixer needs them: its text, and how to turn fixed text back into bytes. */
export interface SourceFile {
  text: string;
  encoding: string;
  bom: boolean;
  bytes: Uint8Array;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && UTF8_BOM.every((b, i) => bytes[i] === b);
}

const singleByteTables = new Map<string, Map<string, number> | null>();

/**
 * char → byte for a single-byte encoding (latin-1, cp1252, iso-8859-x…); null for a multi-byte
 * one, whose lead bytes do not decode on their own.
 */
function singleByteTable(encoding: string): Map<string, number> | null {
  if (singleByteTables.has(encoding)) return singleByteTables.get(encoding)!;
  const decoder = new TextDecoder(encoding);
  const table = new Map<string, number>();
  let undecodable = 0;
  for (let b = 0; b < 256; b++) {
    const ch = decoder.decode(Uint8Array.of(b));
    if (ch.length !== 1 || ch === '\ufffd') undecodable++;
    else if (!table.has(ch)) table.set(ch, b);
  }
  const result = undecodable < 32 ? table : null;
  singleByteTables.set(encoding, result);
  return result;
}

/**
 * Text back to bytes in the file's own encoding, or a reason why that cannot be done exactly. The
 * result is checked by decoding it again, so a write never changes a character it did not mean to.
 */
export function encodeSource(text: string, file: Pick<SourceFile, 'encoding' | 'bom'>): Uint8Array | string {
  let body: Uint8Array;
  if (file.encoding === 'utf-8') {
    body = Buffer.from(text, 'utf8');
  } else {
    const table = singleByteTable(file.encoding);
    if (!table) return `cannot write ${file.encoding} back exactly`;
    body = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const b = text.charCodeAt(i) < 0x80 ? text.charCodeAt(i) : table.get(text[i]!);
      if (b === undefined) return `the fixed text has a character that ${file.encoding} cannot hold`;
      body[i] = b;
    }
  }
  const bytes = file.bom ? Buffer.concat([Buffer.from(UTF8_BOM), body]) : body;
  let check = new TextDecoder(file.encoding, { ignoreBOM: false }).decode(bytes);
  if (check.charCodeAt(0) === 0xfeff) check = check.slice(1);
  return check === text ? bytes : `cannot write ${file.encoding} back exactly`;
}

/** The encoding and BOM of a file's bytes, as decodeSource read them. */
export function sourceEncoding(bytes: Uint8Array): { encoding: string; bom: boolean } {
  return { encoding: declaredEncoding(bytes), bom: hasUtf8Bom(bytes) };
}

/** A fix that is not written, and why (a refusal, not a failure of the tool). */
export class NotWritten extends Error {}

/**
 * Replaces a file's content atomically and only if nobody changed it: a temporary file beside it
 * (same directory, so the rename stays on one file system) with the original's permissions,
 * synced; then the file is read again and compared with `expected` (what the fix was computed
 * from) immediately before the rename, so an editor's save or another run's write is never
 * overwritten or merged (compare and swap). A symbolic link is followed, so the link stays a link,
 * but only to a file inside the tree (`confine`); a read-only file is not written.
 */
export function writeFileAtomic(file: string, data: Uint8Array, expected: Uint8Array, confine?: (real: string) => boolean): void {
  const target = realPath(file);
  if (confine && !confine(target)) throw new NotWritten(`it resolves to ${target}, outside the tree being fixed; not written`);
  const stat = statSync(fsPath(target));
  if (!stat.isFile()) throw new NotWritten(`it is ${kindOf(stat)}; not written`);
  if ((stat.mode & 0o222) === 0) throw new NotWritten('it is read-only; not written');
  const unchanged = (): boolean => {
    const now = readRegularFile(target, Math.max(expected.length, 1));
    return now.ok && Buffer.from(now.bytes).equals(Buffer.from(expected));
  };
  const changed = 'it changed during the fix; not written (run again)';
  if (!unchanged()) throw new NotWritten(changed);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.pyteam-lint.tmp`);
  const mode = stat.mode & 0o7777;
  try {
    const fd = openSync(fsPath(tmp), 'wx', mode);
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(fsPath(tmp), mode); // the umask may have narrowed it
    try {
      if (typeof process.getuid === 'function' && (stat.uid !== process.getuid() || stat.gid !== process.getgid?.())) chownSync(fsPath(tmp), stat.uid, stat.gid);
    } catch {
      // Only the owner's group or root may hand a file over; keep our own otherwise.
    }
    if (!unchanged()) throw new NotWritten(changed);
    renameSync(fsPath(tmp), fsPath(target));
  } catch (error) {
    rmSync(fsPath(tmp), { force: true });
    throw error;
  }
}

/** A unified diff of one file (`--- a/path` / `+++ b/path`, 3 lines of context), empty when nothing changed. */
export function unifiedDiff(displayPath: string, before: string, after: string): string {
  if (before === after) return '';
  return createTwoFilesPatch(`a/${displayPath}`, `b/${displayPath}`, before, after, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
}
