/**
 * `# noqa` suppressions, gathered once per file from its comment nodes (never from strings):
 * - `# noqa` on a line suppresses every finding that starts on that line;
 * - `# noqa: PTL102, PTL301` only those codes (case-insensitive keyword, as Ruff);
 * - `# pyteam-lint: noqa` anywhere on its own, for the whole file, optionally with codes.
 * Each directive is also kept with its place in the text, so the linter can tell which ones
 * suppressed nothing (PTL002) and `--add-noqa` can extend a list in place.
 */
import type { Node } from 'web-tree-sitter';
import type { Edit } from '../rule.js';

/** One `# noqa…` directive as written. */
export interface NoqaDirective {
  /** `line`: `# noqa…`, for findings that start on its line; `file`: `# pyteam-lint: noqa…`, for the whole file. */
  scope: 'line' | 'file';
  /** 1-based line, and 1-based columns (UTF-16 code units, end exclusive) from its `#` to the end of its last code. */
  line: number;
  column: number;
  endColumn: number;
  /** The same span as UTF-16 offsets into the decoded text. */
  start: number;
  end: number;
  /** The directive's text (that span), so a fix can rewrite its code list in the same style. */
  text: string;
  /** The codes as written, in order (duplicates kept), or null for a blanket directive. */
  codes: string[] | null;
  /**
   * The edit that takes the directive out cleanly, as Ruff's `delete_comment`: the whole line when
   * the directive is all there is on it; the directive and the blanks before it when it ends the
   * line; the directive and the blanks after it when another comment follows (`# noqa: X  # type:
   * ignore`); otherwise it leaves `# ` before the remaining comment text (`# noqa: X why` → `# why`).
   */
  removal: Edit;
}

export interface Suppressions {
  /** 1-based line → codes, or 'all' for a blanket `# noqa`. */
  lines: Record<number, string[] | 'all'>;
  /** Codes suppressed in the whole file, or 'all'. */
  file: string[] | 'all' | null;
  /** Every directive, in text order (file-level ones included). */
  directives: NoqaDirective[];
}

/**
 * A code: letters, then a digit, then letters or digits — so a typo such as `PTL3O1` is read as
 * one (unknown) code rather than as `PTL3` followed by junk.
 */
const CODE = '[A-Za-z]+[0-9][A-Za-z0-9]*';
const LIST = `${CODE}(?:[\\s,]+${CODE})*`;
const LINE_NOQA = new RegExp(`#\\s*noqa(?::\\s*(${LIST}))?`, 'i');
const FILE_NOQA = new RegExp(`^#\\s*pyteam-lint\\s*:\\s*noqa(?::\\s*(${LIST}))?\\s*$`, 'i');

function codesOf(list: string | undefined): string[] | null {
  return list ? list.split(/[\s,]+/).filter(Boolean) : null;
}

function merge(a: string[] | 'all' | null | undefined, b: string[] | null): string[] | 'all' {
  if (a === 'all' || b === null) return 'all';
  return [...new Set([...(a ?? []), ...b.map((c) => c.toUpperCase())])];
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\f';

/** Ruff's `delete_comment`, on the directive at `start`–`end` of `text`. */
function removalOf(text: string, start: number, end: number): Edit {
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\r', start - 1)) + 1;
  let lineEnd = end;
  while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
  let before = start;
  while (before > lineStart && isBlank(text[before - 1])) before--;
  let after = end;
  while (after < lineEnd && isBlank(text[after])) after++;
  if (before === lineStart && after === lineEnd) {
    const next = text.startsWith('\r\n', lineEnd) ? lineEnd + 2 : lineEnd < text.length ? lineEnd + 1 : lineEnd;
    return { start: lineStart, end: next, text: '' };
  }
  if (after === lineEnd) return { start: before, end: lineEnd, text: '' };
  if (text[after] === '#') return { start, end: after, text: '' };
  return { start, end: after, text: '# ' };
}

/**
 * The comments that mention noqa, found by scanning the text (cheap) and confirming each hit is a
 * comment node (one lookup per hit), instead of capturing every comment of every file.
 */
function noqaComments(root: Node, text: string): Array<{ text: string; start: number; line: number; column: number }> {
  const out: Array<{ text: string; start: number; line: number; column: number }> = [];
  const word = /noqa/gi;
  for (let m = word.exec(text); m !== null; m = word.exec(text)) {
    // The comment holding it starts at a `#` earlier on the same line (a `#` in a string does not count).
    const lineStart = Math.max(text.lastIndexOf('\n', m.index), text.lastIndexOf('\r', m.index)) + 1;
    for (let hash = text.indexOf('#', lineStart); hash !== -1 && hash < m.index; hash = text.indexOf('#', hash + 1)) {
      const node = root.descendantForIndex(hash);
      if (node?.type !== 'comment' || node.startIndex !== hash) continue;
      out.push({ text: node.text, start: hash, line: node.startPosition.row + 1, column: hash - lineStart + 1 });
      // One comment per line: go on after it.
      word.lastIndex = Math.max(word.lastIndex, node.endIndex);
      break;
    }
  }
  return out;
}

/** The suppressions of a parsed file (`root` is the tree of `text`). */
export function collectSuppressions(root: Node, text: string): Suppressions {
  const result: Suppressions = { lines: {}, file: null, directives: [] };
  for (const comment of noqaComments(root, text)) {
    const fileMatch = FILE_NOQA.exec(comment.text);
    const match = fileMatch ?? LINE_NOQA.exec(comment.text);
    if (!match) continue;
    const codes = codesOf(match[1]);
    if (fileMatch) result.file = merge(result.file, codes);
    else result.lines[comment.line] = merge(result.lines[comment.line], codes);
    // The directive runs from its `#` to the end of its last code (a file-level one, the whole comment less trailing blanks).
    const written = fileMatch ? match[0].trimEnd() : match[0];
    const start = comment.start + match.index;
    const end = start + written.length;
    result.directives.push({
      scope: fileMatch ? 'file' : 'line',
      line: comment.line,
      column: comment.column + match.index,
      endColumn: comment.column + match.index + written.length,
      start,
      end,
      text: written,
      codes,
      removal: removalOf(text, start, end),
    });
  }
  return result;
}

export function isSuppressed(s: Suppressions, code: string, line: number): boolean {
  const fileCodes = s.file;
  if (fileCodes === 'all' || fileCodes?.includes(code)) return true;
  const codes = s.lines[line];
  return codes === 'all' || (codes?.includes(code) ?? false);
}

/**
 * The directive that suppresses a finding of `code` starting on `line`, or undefined: a file-level
 * one first (naming the code, else a blanket one), as Ruff checks its file exemption before the
 * line's `# noqa`; then the line's own.
 */
export function suppressingDirective(s: Suppressions, code: string, line: number): NoqaDirective | undefined {
  if (!isSuppressed(s, code, line)) return undefined;
  let blanket: NoqaDirective | undefined;
  let own: NoqaDirective | undefined;
  for (const d of s.directives) {
    if (d.scope === 'file') {
      if (d.codes === null) blanket ??= d;
      else if (d.codes.some((c) => c.toUpperCase() === code)) return d;
    } else if (d.line === line && !own && (d.codes === null || d.codes.some((c) => c.toUpperCase() === code))) own = d;
  }
  return blanket ?? own;
}

/**
 * What the linter learnt about one directive of a linted file once every finding (per-file and
 * cross-file) was filtered: the facts PTL002 (unused-noqa) judges it by, handed to that rule's
 * `project` hook as its records, one `SuppressionAudit` per file that has directives.
 */
export interface AuditedDirective extends NoqaDirective {
  /** Whether it suppressed at least one finding. */
  matched: boolean;
  /** Per code as written (null for a blanket directive): whether it suppressed a finding, and its rule here. */
  audit: AuditedCode[] | null;
}

export interface AuditedCode {
  code: string;
  matched: boolean;
  /**
   * `enabled`: the rule ran on this file and could report here (selected, not a test file it skips,
   * not in its per-file ignores); `disabled`: a rule pyteam-lint has that did not; `unknown`: no rule
   * has this code (other tools' codes included: the rule tells them apart).
   */
  rule: 'enabled' | 'disabled' | 'unknown';
}

export interface SuppressionAudit {
  directives: AuditedDirective[];
  /** Every rule code pyteam-lint has, sorted (the same array for every file): for "did you mean". */
  knownCodes: readonly string[];
}
