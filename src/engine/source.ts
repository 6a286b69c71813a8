/**
 * Turning a file's bytes into text we can lint, with a clear reason when we cannot, and mapping
 * UTF-16 offsets (what web-tree-sitter reports for JavaScript strings) to 1-based lines/columns.
 */
import { formatSize, readRegularFile } from './files.js';

export interface Location {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type Decoded = { ok: true; text: string } | { ok: false; reason: string };

const CODING_COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

export function decodeSource(bytes: Uint8Array, maxBytes: number): Decoded {
  if (bytes.length > maxBytes) {
    return { ok: false, reason: `file is ${formatSize(bytes.length)}, larger than max-file-size (${formatSize(maxBytes)}); skipped` };
  }
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes); skipped' };
  const encoding = declaredEncoding(bytes);
  try {
    let text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text };
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, reason: `unknown source encoding '${encoding}' declared; skipped` };
    return {
      ok: false,
      reason: encoding === 'utf-8' ? 'not valid UTF-8 and no other encoding declared (PEP 263); skipped' : `not valid ${encoding}; skipped`,
    };
  }
}

/** PEP 263: a coding cookie on one of the first two lines selects the encoding. */
export function declaredEncoding(bytes: Uint8Array): string {
  const firstLines = new TextDecoder('latin1').decode(bytes.subarray(0, 400)).split(/\r?\n|\r/, 2);
  for (const line of firstLines) {
    const m = CODING_COOKIE.exec(line);
    if (m) return encodingLabel(m[1]!);
    if (!/^[ \t\f]*(#.*)?$/.test(line)) break;
  }
  return 'utf-8';
}

/** Python codec names (PEP 263 cookies) → WHATWG labels that TextDecoder knows. */
function encodingLabel(codec: string): string {
  const name = codec.toLowerCase().replace(/_/g, '-');
  if (name === 'utf8' || name.startsWith('utf-8')) return 'utf-8';
  if (/^(latin-?1|iso-?8859-1|l1|cp819)$/.test(name)) return 'iso-8859-1';
  const iso = /^iso-?8859-(\d+)$/.exec(name);
  if (iso) return `iso-8859-${iso[1]}`;
  const cp = /^(?:cp|windows-)(\d{3,4})$/.exec(name);
  if (cp) return `windows-${cp[1]}`;
  return name;
}


/**
 * Memoises each source's lines, so code that runs per finding (fingerprints, snippets, briefs)
 * splits a file once rather than once per finding.
 */
export function sourceLines(sourceOf: (path: string) => string | undefined): (path: string) => string[] | undefined {
  const cache = new Map<string, string[] | undefined>();
  return (path) => {
    if (!cache.has(path)) {
      const source = sourceOf(path);
      cache.set(path, source === undefined ? undefined : source.split(/\r\n|\r|\n/));
    }
    return cache.get(path);
  };
}

export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    if (!text.includes('\r')) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  /** 0-based line of an offset. */
  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineStart(line0: number): number {
    return this.starts[line0] ?? this.text.length;
  }

  /** The text of a 0-based line, without its terminator. */
  lineText(line0: number): string {
    const start = this.lineStart(line0);
    const end = line0 + 1 < this.starts.length ? this.starts[line0 + 1]! : this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$|\r$/, '');
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line and column (UTF-16 code units) of a span; the end is exclusive. */
  locate(start: number, end: number): Location {
    const l0 = this.lineOf(start);
    const l1 = this.lineOf(end);
    return { line: l0 + 1, column: start - this.starts[l0]! + 1, endLine: l1 + 1, endColumn: end - this.starts[l1]! + 1 };
  }
}

export type ReadSource = { ok: true; bytes: Buffer; text: string } | { ok: false; reason: string };

export function isNotebookPath(file: string): boolean {
  return file.endsWith('.ipynb');
}

/**
 * A notebook's outputs (images, tables) can be far larger than its code: it is read up to this many
 * times `max-file-size`, and `max-file-size` applies to the code of its cells.
 */
const NOTEBOOK_READ_FACTOR = 10;

/** The most a file may hold to be read at all, under `max-file-size`. */
export function readLimit(file: string, maxFileSize: number): number {
  return isNotebookPath(file) ? maxFileSize * NOTEBOOK_READ_FACTOR : maxFileSize;
}

/**
 * A source file's bytes and its text, read and decoded as the engine reads and decodes it (regular
 * files only, the size cap while reading, BOM and PEP 263 coding), or why not. A notebook's
 * text is its JSON, read up to `readLimit`.
 */
export function readSource(file: string, maxFileSize: number): ReadSource {
  const maxBytes = readLimit(file, maxFileSize);
  const read = readRegularFile(file, maxBytes);
  if (!read.ok) return read;
  const decoded = decodeSource(read.bytes, maxBytes);
  return decoded.ok ? { ok: true, bytes: read.bytes, text: decoded.text } : decoded;
}
