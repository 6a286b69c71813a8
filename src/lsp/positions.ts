/**
 * Positions as the client counts them. The engine counts in UTF-16 code units (JavaScript strings:
 * Finding columns, fix offsets), which is also LSP's default; a client that offers `utf-8` in
 * `general.positionEncodings` gets byte columns instead (Neovim, Helix, Zed count bytes). Lines
 * break where the engine's LineIndex breaks them — `\n`, `\r\n` and a lone `\r` — which are
 * exactly LSP's line terminators.
 */
import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { LineIndex, type Location } from '../engine/source.js';
import { fileLocation } from '../engine/notebook.js';

export type Encoding = 'utf-8' | 'utf-16';

/** `utf-8` when the client offers it, else LSP's mandatory default. */
export function negotiateEncoding(offered: readonly string[] | undefined): Encoding {
  return offered?.includes('utf-8') ? 'utf-8' : 'utf-16';
}

/** UTF-8 length of one UTF-16 code unit (a surrogate pair's two units count 2 each: 4 together). */
function utf8Units(code: number): number {
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdfff ? 2 : 3;
}

/** Converts between offsets into one text (UTF-16) and the client's positions and ranges. */
export class Positions {
  private readonly lines: LineIndex;

  constructor(
    readonly text: string,
    readonly encoding: Encoding,
  ) {
    this.lines = new LineIndex(text);
  }

  /** The end of a 0-based line's text, before its terminator. */
  private lineEnd(line0: number): number {
    return this.lines.lineStart(line0) + this.lines.lineText(line0).length;
  }

  position(offset: number): Position {
    const line = this.lines.lineOf(offset);
    const start = this.lines.lineStart(line);
    const at = Math.min(offset, this.lineEnd(line));
    if (this.encoding === 'utf-16') return { line, character: at - start };
    let character = 0;
    for (let i = start; i < at; i++) character += utf8Units(this.text.charCodeAt(i));
    return { line, character };
  }

  /** The offset of a client position; a character past the end of its line means the line's end, as LSP says. */
  offset(position: Position): number {
    if (position.line >= this.lines.lineCount) return this.text.length;
    const start = this.lines.lineStart(position.line);
    const end = this.lineEnd(position.line);
    if (this.encoding === 'utf-16') return Math.min(start + position.character, end);
    let i = start;
    for (let units = 0; i < end && units < position.character; i++) units += utf8Units(this.text.charCodeAt(i));
    return i;
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /** Offsets of a finding's 1-based location (columns in UTF-16 code units): a notebook finding's in the JSON text. */
  span(finding: Location & { inFile?: Location | undefined }): { start: number; end: number } {
    const location = fileLocation(finding);
    return {
      start: this.lines.lineStart(location.line - 1) + location.column - 1,
      end: this.lines.lineStart(location.endLine - 1) + location.endColumn - 1,
    };
  }

  rangeOf(location: Location & { inFile?: Location | undefined }): Range {
    const { start, end } = this.span(location);
    return this.range(start, end);
  }
}

/** A document's text after the client's changes (whole texts, or ranges in its position encoding), applied in order. */
export function applyChanges(text: string, changes: readonly TextDocumentContentChangeEvent[], encoding: Encoding): string {
  for (const change of changes) {
    if (!('range' in change)) {
      text = change.text;
      continue;
    }
    const at = new Positions(text, encoding);
    text = text.slice(0, at.offset(change.range.start)) + change.text + text.slice(at.offset(change.range.end));
  }
  return text;
}

/** Whether an offset falls between the halves of a surrogate pair or of a `\r\n`, where no edit may start or end. */
function splits(text: string, offset: number): boolean {
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return (before === 13 && after === 10) || (before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff);
}

/**
 * The one replacement that turns `before` into `after`: the span between their common prefix and
 * suffix. How a whole-text change (every fix of a file, a noqa merged into a line) becomes an edit
 * that leaves the rest of the buffer — and the editor's marks in it — alone.
 */
export function replacement(before: string, after: string): { start: number; end: number; text: string } {
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  while (prefix > 0 && (splits(before, prefix) || splits(after, prefix))) prefix--;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  while (suffix > 0 && (splits(before, before.length - suffix) || splits(after, after.length - suffix))) suffix--;
  return { start: prefix, end: before.length - suffix, text: after.slice(prefix, after.length - suffix) };
}
