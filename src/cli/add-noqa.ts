/**
 * `--add-noqa`, for adopting pyteam-lint on legacy code (Ruff's flag): every line with a finding
 * gets `# noqa: CODE` at its end, merged into the line's existing `# noqa: …` list when it has one
 * (its codes and their order kept, nothing written twice; a blanket `# noqa` already covers all).
 * The files are linted from the very bytes that are then rewritten, and each write is a compare
 * and swap against those bytes, in the file's own encoding, byte-order mark and line endings.
 *
 * A directive goes on the line a finding starts on, since that is the line a `# noqa` suppresses.
 * Where a comment cannot go there, the finding is left as it is and said so: a line that ends
 * inside a string (a triple-quoted string running on) or continues with a backslash, and files
 * that do not parse (fix the syntax error first). Unused-noqa findings (PTL002) get no directive:
 * the cure for an unused suppression is to remove it, not to suppress the report.
 */
import type { Node } from 'web-tree-sitter';
import { UNUSED_NOQA, displayPath, type Finding, type LintRequest, type LintResult, type Linter } from '../engine/lint.js';
import { NotWritten, applyFixes, encodeSource, sourceEncoding, writeFileAtomic } from '../engine/fix.js';
import { describeFsError } from '../engine/files.js';
import { firstSyntaxError } from '../engine/model.js';
import { loadPython, parse } from '../engine/parser.js';
import { LineIndex, isNotebookPath, readSource } from '../engine/source.js';
import { codeLineOf, lineEdits, readNotebook, toFileEdits } from '../engine/notebook.js';
import { collectSuppressions, isSuppressed, type NoqaDirective } from '../engine/suppressions.js';
import { withSignalsHeld, withTreeLock } from './fixlock.js';

export interface NoqaSkip {
  line: number;
  /** In a notebook, the cell the line is in (`line` is then within it). */
  cell?: number;
  codes: string[];
  reason: string;
}

export interface NoqaText {
  /** The text with the directives added (the input when nothing was added). */
  text: string;
  /** Lines that gained a directive or codes. */
  added: number;
  /** Lines that needed one but could not take it, and why. */
  skipped: NoqaSkip[];
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\f';

/** Whether `offset` lies strictly inside a string literal of the tree (a line break in a triple-quoted string). */
function insideString(root: Node, offset: number): boolean {
  for (let node: Node | null = root.descendantForIndex(offset); node; node = node.parent) {
    if (node.type === 'string' && node.startIndex < offset && offset < node.endIndex) return true;
  }
  return false;
}

function insideComment(root: Node, offset: number): boolean {
  const node = root.descendantForIndex(offset);
  return node?.type === 'comment' && node.startIndex <= offset && offset < node.endIndex;
}

/** `head` and the separator of an existing `# noqa: A, B` (its own spelling), to extend it alike. */
function extended(d: NoqaDirective, codes: readonly string[]): string {
  const head = /^#\s*noqa\s*:\s*/i.exec(d.text)![0];
  const separator = /[\s,]+/.exec(d.text.slice(head.length))?.[0] ?? ', ';
  return head + [...d.codes!, ...codes].join(separator);
}

/**
 * Adds `# noqa: CODE` for each finding (its code on its first line) to one file's text: pure
 * apart from parsing. Codes a directive of the text already suppresses are not added again, so a
 * second run changes nothing.
 */
export async function addNoqaToText(text: string, findings: ReadonlyArray<Pick<Finding, 'code' | 'line'>>): Promise<NoqaText> {
  const byLine = new Map<number, Set<string>>();
  for (const f of findings) {
    if (f.code === UNUSED_NOQA) continue;
    let codes = byLine.get(f.line);
    if (!codes) byLine.set(f.line, (codes = new Set()));
    codes.add(f.code);
  }
  const result: NoqaText = { text, added: 0, skipped: [] };
  if (byLine.size === 0) return result;
  const { parser } = await loadPython();
  const tree = parse(parser, text);
  try {
    const root = tree.rootNode;
    const lines = [...byLine.keys()].sort((a, b) => a - b);
    if (firstSyntaxError(root)) {
      for (const line of lines) result.skipped.push({ line, codes: [...byLine.get(line)!].sort(), reason: 'the file does not parse; fix the syntax error first' });
      return result;
    }
    const suppressions = collectSuppressions(root, text);
    const index = new LineIndex(text);
    const edits: Array<{ start: number; end: number; text: string }> = [];
    for (const line of lines) {
      const codes = [...byLine.get(line)!].filter((c) => !isSuppressed(suppressions, c, line)).sort();
      if (codes.length === 0) continue;
      const skip = (reason: string) => void result.skipped.push({ line, codes, reason });
      if (line < 1 || line > index.lineCount) {
        skip('the file has no such line (it changed since it was linted)');
        continue;
      }
      const start = index.lineStart(line - 1);
      const lineEnd = start + index.lineText(line - 1).length;
      if (insideString(root, lineEnd)) {
        skip('the line ends inside a string, where a comment would become part of it');
        continue;
      }
      if (text[lineEnd - 1] === '\\' && !insideComment(root, lineEnd - 1)) {
        skip('the line continues with a backslash, after which no comment may follow');
        continue;
      }
      if (suppressions.directives.some((d) => d.scope === 'file' && d.line === line)) {
        // `# pyteam-lint: noqa…` must be the whole comment: anything after it would undo it.
        skip('the line holds a file-level `# pyteam-lint: noqa` directive');
        continue;
      }
      const existing = suppressions.directives.find((d) => d.scope === 'line' && d.line === line);
      if (existing?.codes) {
        const have = new Set(existing.codes.map((c) => c.toUpperCase()));
        edits.push({ start: existing.start, end: existing.end, text: extended(existing, codes.filter((c) => !have.has(c))) });
      } else {
        let end = lineEnd;
        while (end > start && isBlank(text[end - 1])) end--;
        edits.push({ start: end, end: lineEnd, text: `${end > start ? '  ' : ''}# noqa: ${codes.join(', ')}` });
      }
      result.added++;
    }
    let out = text;
    for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    result.text = out;
    return result;
  } finally {
    tree.delete();
  }
}

export interface AddNoqaOptions {
  /** Whether a file's real path may be written (inside the tree), as for `--fix`. */
  confine?: ((real: string) => boolean) | undefined;
  /** Told when the run waits for another one writing the same tree. */
  notify?: ((message: string) => void) | undefined;
}

export interface AddNoqaResult {
  /** Lines that gained a directive or codes, in files written: `Added N noqa directives.` */
  added: number;
  /** Files written. */
  files: number;
  /** Why findings got no directive, or files were not written: `path:line: message` lines for stderr. */
  warnings: string[];
  /** The lint the directives were added for (its errors are the check's: unreadable files…). */
  lint: LintResult;
}

/**
 * `addNoqaToText` for a notebook's JSON: the comments are added to the module of its code cells (the
 * findings' lines there) and written into the cells' sources, every other byte kept. A skipped
 * line is named by its cell.
 */
export async function addNoqaToNotebook(json: string, findings: readonly Finding[]): Promise<NoqaText> {
  const notebook = readNotebook(json);
  if (!notebook.ok) return { text: json, added: 0, skipped: [] };
  const { python, map } = notebook;
  const edited = await addNoqaToText(python, findings.map((f) => ({ code: f.code, line: codeLineOf(f) })));
  const skipped = edited.skipped.map((s) => {
    const f = findings.find((g) => codeLineOf(g) === s.line);
    return f?.cell === undefined ? s : { ...s, cell: f.cell, line: f.line };
  });
  const edits = edited.added > 0 ? toFileEdits(map, lineEdits(python, edited.text)) : [];
  if (edits === null) return { text: json, added: 0, skipped: [...skipped, { line: findings[0]!.line, ...(findings[0]!.cell === undefined ? {} : { cell: findings[0]!.cell }), codes: [...new Set(findings.map((f) => f.code))], reason: 'the comments could not be written into the cells' }] };
  return { text: applyFixes(json, [{ title: 'noqa', applicability: 'safe', edits }]).text, added: edited.added, skipped };
}

/**
 * Lints `request.files` (standard input is not supported: there is no file to write) with
 * `linter`, from the bytes read here, and adds the directives its findings need, holding the
 * tree's lock as `--fix` does.
 */
export async function addNoqa(linter: Linter, request: LintRequest, options: AddNoqaOptions = {}): Promise<AddNoqaResult> {
  return withTreeLock(request.root, () => addNoqaUnlocked(linter, request, options), options.notify ?? (() => undefined));
}

async function addNoqaUnlocked(linter: Linter, request: LintRequest, options: AddNoqaOptions): Promise<AddNoqaResult> {
  const read = new Map<string, { bytes: Uint8Array; text: string }>();
  for (const abs of new Set(request.files)) {
    const source = readSource(abs, request.maxFileSize);
    if (source.ok) read.set(abs, source); // else the lint reports why
  }
  const texts = new Map(request.texts ?? []);
  for (const [abs, { text }] of read) texts.set(abs, text);
  const lint = await linter.lint({ ...request, stdin: undefined, texts });
  const byPath = new Map<string, Finding[]>();
  for (const f of lint.findings) {
    const list = byPath.get(f.path);
    if (list) list.push(f);
    else byPath.set(f.path, [f]);
  }
  const result: AddNoqaResult = { added: 0, files: 0, warnings: [], lint };
  const planned: Array<{ abs: string; shown: string; bytes: Uint8Array; data: Uint8Array; added: number }> = [];
  for (const [abs, { bytes, text }] of [...read].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const shown = displayPath(abs, request.cwd);
    const findings = byPath.get(shown);
    if (!findings) continue;
    const edited = isNotebookPath(abs) ? await addNoqaToNotebook(text, findings) : await addNoqaToText(text, findings);
    for (const s of edited.skipped) result.warnings.push(`${shown}:${s.cell === undefined ? '' : `cell ${s.cell}:`}${s.line}: no noqa added for ${s.codes.join(', ')}: ${s.reason}`);
    if (edited.added === 0) continue;
    const data = encodeSource(edited.text, sourceEncoding(bytes));
    if (typeof data === 'string') {
      result.warnings.push(`${shown}: not written: ${data}`);
      continue;
    }
    planned.push({ abs, shown, bytes, data, added: edited.added });
  }
  await withSignalsHeld(() => {
    for (const p of planned) {
      try {
        writeFileAtomic(p.abs, p.data, p.bytes, options.confine);
        result.added += p.added;
        result.files++;
      } catch (error) {
        result.warnings.push(`${p.shown}: not written: ${error instanceof NotWritten ? error.message : describeFsError(error, 'written')}`);
      }
    }
  });
  return result;
}
