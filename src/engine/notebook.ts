/**
 * Jupyter notebooks (`.ipynb`) as Python modules. The code cells' sources, joined in cell order by
 * one line break, are linted as one module, so an import in cell 1 resolves a name in cell 5.
 * IPython's own syntax (`%timeit`, `!pip`, `x = !ls`, `obj?`, `%%bash` cells) is masked with text
 * of the same length, so it neither fails the parse nor moves a position. Every offset of that
 * module maps back to a cell (line and column within it, as Jupyter shows them) and to the
 * notebook's own JSON text (for SARIF, editors and fixes: an edit of the module becomes an edit of
 * the string literals in the JSON, leaving every other byte of the file as it was).
 */
import type { Edit, Fix } from '../rule.js';
import type { Finding } from './lint.js';
import { LineIndex, isNotebookPath, type Location } from './source.js';

export { isNotebookPath };

/** One JSON string literal of a cell's `source` (an array element, or the whole string). */
interface Piece {
  /** Offsets into the module text this literal's value covers. */
  start: number;
  end: number;
  /** Offset of the literal's first character after its opening quote, in the JSON text. */
  raw: number;
  /** The literal as written, without its quotes (escapes and all). */
  text: string;
  /** 1-based line and column of `raw` in the JSON text (a literal never holds a raw line break). */
  fileLine: number;
  fileColumn: number;
}

export interface NotebookCell {
  /** 1-based index among all the notebook's cells (markdown ones included), as `cell N` is shown. */
  cell: number;
  /** Offsets of the cell's source in the module text (end exclusive, before the joining break). */
  start: number;
  end: number;
  /** 0-based module line of the cell's first line. */
  line: number;
  pieces: Piece[];
  /** How the JSON writes the source: one string, or an array of lines. */
  form: 'string' | 'array';
  /** What separates two array elements in the JSON (`,\n    `), for lines an edit inserts. */
  separator: string;
}

/** What a notebook's findings are mapped back with: plain data, so it can be cached and cross threads. */
export interface NotebookMap {
  cells: NotebookCell[];
  /** Offset of each module line's start (0-based lines): module locations back to offsets. */
  lineStarts: number[];
  /** Offsets of the module text that hold masked IPython syntax: no edit may touch them. */
  masked: Array<[number, number]>;
}

export type ReadNotebook = { ok: true; python: string; map: NotebookMap } | { ok: false; reason: string };

/** Where a finding is in its file's own text: for a notebook finding, in the JSON (`inFile`). */
export function fileLocation(f: Location & { inFile?: Location | undefined }): Location {
  return f.inFile ?? f;
}

/** The 1-based line of a finding's first line in the code it was found in (`codeOf`): for a notebook, the module of its cells. */
export function codeLineOf(f: { line: number; cellLine?: number | undefined }): number {
  return f.cellLine === undefined ? f.line : f.cellLine + f.line - 1;
}

// ---------------------------------------------------------------------------------------------
// A JSON reader that keeps where each string literal is. JSON.parse gives values, not places.

type Json =
  | { kind: 'object'; entries: Map<string, Json> }
  | { kind: 'array'; items: Json[] }
  | { kind: 'string'; value: string; raw: number; text: string }
  | { kind: 'other'; value: unknown };

class JsonError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 512;

function readJson(text: string): Json {
  let at = 0;
  const space = (): void => {
    while (at < text.length) {
      const c = text.charCodeAt(at);
      if (c === 32 || c === 9 || c === 10 || c === 13) at++;
      else break;
    }
  };
  const fail = (what: string): never => {
    throw new JsonError(at >= text.length ? `unexpected end of the file, expected ${what}` : `unexpected \`${text[at]}\`, expected ${what}`, at);
  };
  const string = (): Json => {
    const raw = ++at;
    let escaped = false;
    for (;;) {
      const quote = text.indexOf('"', at);
      const slash = text.indexOf('\\', at);
      if (quote === -1) fail('the end of a string');
      if (slash !== -1 && slash < quote) {
        escaped = true;
        at = slash + 2;
        continue;
      }
      at = quote + 1;
      break;
    }
    const body = text.slice(raw, at - 1);
    if (/[\u0000-\u001f]/.test(body)) throw new JsonError('a control character inside a string', raw);
    let value = body;
    if (escaped) {
      try {
        value = JSON.parse(`"${body}"`) as string;
      } catch {
        throw new JsonError('an invalid escape in a string', raw);
      }
    }
    return { kind: 'string', value, raw, text: body };
  };
  const value = (depth: number): Json => {
    if (depth > MAX_DEPTH) throw new JsonError(`nested more than ${MAX_DEPTH} levels deep`, at);
    space();
    const c = text[at];
    if (c === '"') return string();
    if (c === '{') {
      at++;
      const entries = new Map<string, Json>();
      space();
      if (text[at] === '}') {
        at++;
        return { kind: 'object', entries };
      }
      for (;;) {
        space();
        if (text[at] !== '"') fail('a key');
        const key = string() as { value: string };
        space();
        if (text[at] !== ':') fail('`:`');
        at++;
        entries.set(key.value, value(depth + 1));
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === '}') {
          at++;
          return { kind: 'object', entries };
        }
        fail('`,` or `}`');
      }
    }
    if (c === '[') {
      at++;
      const items: Json[] = [];
      space();
      if (text[at] === ']') {
        at++;
        return { kind: 'array', items };
      }
      for (;;) {
        items.push(value(depth + 1));
        space();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === ']') {
          at++;
          return { kind: 'array', items };
        }
        fail('`,` or `]`');
      }
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(at, at + 64));
    if (!literal) fail('a value');
    at += literal![0].length;
    return { kind: 'other', value: JSON.parse(literal![0]) };
  };
  const result = value(0);
  space();
  if (at < text.length) fail('the end of the file');
  return result;
}

// ---------------------------------------------------------------------------------------------
// IPython syntax.

/** Cell magics whose body is Python (only their first line is IPython's). */
const PYTHON_CELL_MAGICS: ReadonlySet<string> = new Set(['time', 'timeit', 'capture', 'prun', 'debug', 'python', 'python3', 'memit', 'snakeviz']);

/**
 * A line magic or shell escape on its own (`%timeit f()`, `!pip install x`, `?obj`, `obj??`), after the
 * indentation; and `pip install x` / `conda install x`, which IPython runs as magics (automagic) and
 * which are never Python (two names side by side).
 */
const LINE_MAGIC = /^([ \t]*)([%!?].*|[A-Za-z_][\w.]*\?\??[ \t]*|(?:pip|conda|mamba)[ \t]+(?:install|uninstall|list|show|freeze|download|update|remove|create)\b.*)$/;
/** A magic whose output is assigned (`files = !ls`, `t = %time f()`): the part after `=`. */
const ASSIGNED_MAGIC = /^([ \t]*[A-Za-z_][\w.]*(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*)*[ \t]*=[ \t]*)([%!].*)$/;

/**
 * The spans of a cell's source that are IPython's, not Python's. Each is replaced by an expression
 * of the same length (`0` and blanks), so blocks stay non-empty and positions hold; a cell magic
 * with a foreign body (`%%bash`) is masked whole (from its `%%` line: comments above it stay). A
 * magic line ending in `\` continues the magic.
 */
export function ipythonSpans(source: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const lines = source.split('\n');
  let offset = 0;
  // A cell magic opens the cell, after any blank or comment lines (IPython and Ruff read it so).
  const k = lines.findIndex((l) => !/^[ \t]*(?:#.*)?\r?$/.test(l));
  const first = k >= 0 ? /^%%([A-Za-z_]\w*)/.exec(lines[k]!) : null;
  if (first) {
    const at = lines.slice(0, k).reduce((n, l) => n + l.length + 1, 0);
    if (!PYTHON_CELL_MAGICS.has(first[1]!)) return [[at, source.length]];
    spans.push([at, at + lines[k]!.length]);
    offset = at + lines[k]!.length + 1;
    lines.splice(0, k + 1);
  }
  let continued = false; // the previous line is a magic ending in a backslash
  let open: Open = { depth: 0, triple: null, backslash: false };
  for (const line of lines) {
    const body = line.replace(/\r$/, '');
    let magic: boolean = continued;
    if (continued) spans.push([offset, offset + body.length]);
    else if (!isOpen(open) && !/^[ \t]*#/.test(body)) {
      const m = ASSIGNED_MAGIC.exec(body) ?? LINE_MAGIC.exec(body);
      if (m) {
        spans.push([offset + m[1]!.length, offset + body.length]);
        magic = true;
      }
    }
    continued = magic && body.endsWith('\\');
    if (!magic) open = carry(body, open);
    offset += line.length + 1;
  }
  return spans;
}

/** Where a Python line leaves the next one: inside brackets, inside a triple-quoted string, after a backslash. */
interface Open {
  depth: number;
  triple: string | null;
  backslash: boolean;
}

/**
 * Carries `state` over one Python line, where a leading `%` or `!` on the next line is not
 * IPython's when anything is left open. A rough count, on purpose: a miss only leaves a magic
 * unmasked (a syntax error in that cell), never masks Python.
 */
function carry(line: string, state: Open): Open {
  let { depth, triple } = state;
  for (let i = 0; i < line.length; i++) {
    if (triple) {
      const close = line.indexOf(triple, i);
      if (close === -1) break;
      i = close + 2;
      triple = null;
      continue;
    }
    const c = line[i];
    if (c === '#') break;
    if (line.startsWith('"""', i) || line.startsWith("'''", i)) {
      triple = line.slice(i, i + 3);
      i += 2;
    } else if (c === '"' || c === "'") {
      const close = line.indexOf(c, i + 1);
      if (close === -1) break;
      i = close;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return { depth, triple, backslash: !triple && line.endsWith('\\') };
}

const isOpen = (s: Open): boolean => s.depth > 0 || s.triple !== null || s.backslash;

function mask(source: string, spans: ReadonlyArray<[number, number]>): string {
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    // Blanks keep line breaks; a masked line becomes the expression `0` so a block stays a block.
    const hidden = source.slice(start, end).replace(/[^\n]/g, ' ');
    const whole = start === 0 && end === source.length && spans.length === 1 && source.startsWith('%%');
    out += source.slice(at, start) + (whole || hidden.length === 0 ? hidden : `0${hidden.slice(1)}`);
    at = end;
  }
  return out + source.slice(at);
}

// ---------------------------------------------------------------------------------------------

/** The kernel's language when the notebook names one. */
function languageOf(root: Map<string, Json>): string | undefined {
  const metadata = root.get('metadata');
  if (metadata?.kind !== 'object') return undefined;
  for (const [section, key] of [['language_info', 'name'], ['kernelspec', 'language']] as const) {
    const s = metadata.entries.get(section);
    const v = s?.kind === 'object' ? s.entries.get(key) : undefined;
    if (v?.kind === 'string') return v.value.toLowerCase();
  }
  return undefined;
}

/**
 * A notebook's JSON text as a Python module and the map back, or why it is not one: not JSON, not
 * nbformat 4 (no `cells` list), a cell whose `source` is not a string or a list of strings. A
 * notebook of another language (an R or Julia kernel) is an empty module: nothing of ours to lint.
 */
export function readNotebook(json: string): ReadNotebook {
  let root: Json;
  try {
    root = readJson(json);
  } catch (error) {
    if (!(error instanceof JsonError)) throw error;
    const at = new LineIndex(json).locate(error.offset, error.offset);
    return { ok: false, reason: `is not a valid notebook: not JSON (line ${at.line}, column ${at.column}: ${error.message})` };
  }
  if (root.kind !== 'object') return { ok: false, reason: 'is not a valid notebook: its JSON is not an object' };
  const cells = root.entries.get('cells');
  if (cells?.kind !== 'array') {
    const old = root.entries.has('worksheets') ? ' (nbformat 3 and older are not supported; convert it with `jupyter nbconvert --to notebook`)' : '';
    return { ok: false, reason: `is not a valid notebook: it has no "cells" list${old}` };
  }
  const map: NotebookMap = { cells: [], lineStarts: [0], masked: [] };
  const language = languageOf(root.entries);
  if (language !== undefined && language !== 'python' && !language.startsWith('python')) return { ok: true, python: '', map };
  const fileLines = new LineIndex(json);
  let python = '';
  let line = 0; // the module line the next cell starts on
  for (const [i, cell] of cells.items.entries()) {
    if (cell.kind !== 'object') return { ok: false, reason: `is not a valid notebook: cell ${i + 1} is not an object` };
    const type = cell.entries.get('cell_type');
    if (type?.kind !== 'string' || type.value !== 'code') continue;
    const source = cell.entries.get('source');
    const literals = source?.kind === 'string' ? [source] : source?.kind === 'array' ? source.items : null;
    if (!literals || literals.some((l) => l.kind !== 'string')) {
      return { ok: false, reason: `is not a valid notebook: the source of cell ${i + 1} is not a string or a list of strings` };
    }
    if (map.cells.length > 0) {
      python += '\n';
      line++;
    }
    const start = python.length;
    const pieces: Piece[] = [];
    for (const l of literals as Array<Extract<Json, { kind: 'string' }>>) {
      const at = fileLines.locate(l.raw, l.raw);
      pieces.push({ start: python.length, end: python.length + l.value.length, raw: l.raw, text: l.text, fileLine: at.line, fileColumn: at.column });
      python += l.value;
    }
    map.cells.push({ cell: i + 1, start, end: python.length, line, pieces, form: source!.kind === 'string' ? 'string' : 'array', separator: separatorOf(json, literals as Array<{ raw: number; text: string }>) });
    line += breaksIn(python, start);
  }
  // Mask each cell's IPython syntax in place.
  let masked = '';
  let at = 0;
  for (const c of map.cells) {
    const source = python.slice(c.start, c.end);
    const spans = ipythonSpans(source);
    masked += python.slice(at, c.start) + mask(source, spans);
    at = c.end;
    for (const [s, e] of spans) map.masked.push([c.start + s, c.start + e]);
  }
  masked += python.slice(at);
  for (let i = masked.indexOf('\n'); i >= 0; i = masked.indexOf('\n', i + 1)) map.lineStarts.push(i + 1);
  return { ok: true, python: masked, map };
}

/** Line breaks in `text` from `from` on. */
function breaksIn(text: string, from: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** What the JSON writes between two lines of a source array, so inserted lines look the same. */
function separatorOf(json: string, literals: ReadonlyArray<{ raw: number; text: string }>): string {
  if (literals.length >= 2) return json.slice(literals[0]!.raw + literals[0]!.text.length + 1, literals[1]!.raw - 1);
  if (literals.length === 1) {
    const before = json.lastIndexOf('[', literals[0]!.raw);
    return `,${json.slice(before + 1, literals[0]!.raw - 1)}`;
  }
  return ', ';
}

// ---------------------------------------------------------------------------------------------
// Mapping back.

/** The cell holding module offset `offset` (a cell's end counts as inside it). */
export function cellAt(map: NotebookMap, offset: number): NotebookCell | undefined {
  let lo = 0;
  let hi = map.cells.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (map.cells[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  const c = map.cells[lo];
  return c && c.start <= offset && offset <= c.end ? c : undefined;
}

/** The raw length of one decoded UTF-16 unit at `i` of a literal's text (an escape is 2 or 6). */
function rawUnit(text: string, i: number): number {
  if (text[i] !== '\\') return 1;
  return text[i + 1] === 'u' ? 6 : 2;
}

/**
 * Where module offset `offset` of cell `c` is in the JSON text: the literal and how far into it (raw
 * characters). Where two literals meet (a line break of an array source), the next literal's start:
 * so an edit that ends a line, or starts one, lands inside the literal it belongs to.
 */
function inFileAt(c: NotebookCell, offset: number): { piece: Piece; raw: number } | undefined {
  for (let k = 0; k < c.pieces.length; k++) {
    const p = c.pieces[k]!;
    const last = k === c.pieces.length - 1;
    if (offset < p.start || offset > p.end || (offset === p.end && !last)) continue;
    let raw = 0;
    for (let units = p.start; units < offset; units++) raw += rawUnit(p.text, raw);
    return { piece: p, raw };
  }
  return undefined;
}

/** A module text in a cell's JSON form: escaped, each line break closing one array element and opening the next. */
function encodeFor(c: NotebookCell, text: string): string {
  const escaped = JSON.stringify(text).slice(1, -1);
  return c.form === 'array' ? escaped.replace(/\\n/g, `\\n"${c.separator}"`) : escaped;
}

/** Where a module location is: its cell, the location within it, and the location in the JSON text. */
export function locateInNotebook(
  map: NotebookMap,
  moduleLocation: Location,
  span: { start: number; end: number },
): { cell: number; cellLine: number; location: Location; inFile: Location } | undefined {
  const c = cellAt(map, span.start);
  if (!c) return undefined;
  const end = Math.min(span.end, c.end);
  const from = inFileAt(c, span.start);
  const to = inFileAt(c, end);
  if (from === undefined || to === undefined) return undefined;
  const location = {
    line: moduleLocation.line - c.line,
    column: moduleLocation.column,
    endLine: moduleLocation.endLine - c.line,
    endColumn: moduleLocation.endColumn,
  };
  const inFile = { line: from.piece.fileLine, column: from.piece.fileColumn + from.raw, endLine: to.piece.fileLine, endColumn: to.piece.fileColumn + to.raw };
  return { cell: c.cell, cellLine: c.line + 1, location, inFile };
}

/**
 * Module edits as edits of the JSON text, or null when one cannot be made there: it spans two cells,
 * or touches masked IPython syntax.
 */
export function toFileEdits(map: NotebookMap, edits: readonly Edit[]): Edit[] | null {
  const out: Edit[] = [];
  for (const e of edits) {
    const c = cellAt(map, e.start);
    if (!c || e.end > c.end || c.pieces.length === 0) return null;
    if (map.masked.some(([s, t]) => e.start <= t && s <= e.end)) return null;
    const start = inFileAt(c, e.start);
    const end = inFileAt(c, e.end);
    if (start === undefined || end === undefined) return null;
    out.push({ start: start.piece.raw + start.raw, end: end.piece.raw + end.raw, text: encodeFor(c, e.text) });
  }
  return out;
}

/** The module offset of a 1-based line and column (UTF-16 units), clamped to the module. */
function offsetOf(map: NotebookMap, line: number, column: number): number {
  const starts = map.lineStarts;
  const l = Math.min(Math.max(line, 1), starts.length) - 1;
  return starts[l]! + column - 1;
}

/**
 * A finding of the module as the notebook's finding: its cell, the location within the cell and in
 * the JSON text, and its fix as edits of the JSON (dropped when the fix cannot be made there: it
 * spans two cells or touches masked IPython syntax). A location in no cell (a notebook without
 * code) is left as it is.
 */
export function inNotebook(map: NotebookMap, f: Finding): Finding {
  const span = { start: offsetOf(map, f.line, f.column), end: offsetOf(map, f.endLine, f.endColumn) };
  const at = locateInNotebook(map, f, span);
  if (!at) return f;
  let fix: Fix | null = null;
  if (f.fix) {
    const edits = toFileEdits(map, f.fix.edits);
    if (edits) fix = { ...f.fix, edits };
  }
  return { ...f, ...at.location, cell: at.cell, cellLine: at.cellLine, inFile: at.inFile, fix };
}

/**
 * The edits that turn module text `before` into `after` when only the insides of lines changed (as
 * `--add-noqa` changes them): one edit per changed line. A change of the line count is one edit of
 * the whole text (which `toFileEdits` refuses for a notebook of more than one cell).
 */
export function lineEdits(before: string, after: string): Edit[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length !== b.length) return [{ start: 0, end: before.length, text: after }];
  const edits: Edit[] = [];
  let at = 0;
  a.forEach((line, i) => {
    if (line !== b[i]) edits.push({ start: at, end: at + line.length, text: b[i]! });
    at += line.length + 1;
  });
  return edits;
}
