/**
 * `--format rdjson`: reviewdog's Diagnostic Format as JSON (the `DiagnosticResult` message of
 * reviewdog's proto/rdf/reviewdog.proto), for `pyteam-lint --format rdjson . | reviewdog -f=rdjson
 * -reporter=github-pr-review`. Each finding is a `Diagnostic` with its range, severity, rule code
 * and, when it has a fix, one `Suggestion` per edit (reviewdog posts them as suggested changes).
 *
 * Positions follow the proto: lines from 1, columns from 1 counted in UTF-8 bytes ("'a𐐀b': the
 * column of b is 6"), the end exclusive. Our columns are UTF-16 code units (what web-tree-sitter
 * reports), so each is converted through the text of its line (`sourceOf`, decoded as the engine
 * decoded it); without the text (it could not be read again) the UTF-16 column is kept and the
 * fixes are left out, as SARIF does. Paths are relative to the working directory, which reviewdog
 * resolves against its own (run it where pyteam-lint runs). A notebook finding's range is in the
 * `.ipynb` file's own text (the JSON, where its fix's edits are too) and its message names the cell.
 */
import { LineIndex } from '../engine/source.js';
import type { Finding } from '../engine/lint.js';
import { fileLocation } from '../engine/notebook.js';
import { withCell } from './cells.js';
import type { Severity } from '../rule.js';
import type { RunReport } from './types.js';
import { wellFormedStrings } from './unicode.js';

export type RdSeverity = 'ERROR' | 'WARNING' | 'INFO';

export interface RdPosition {
  line: number;
  column: number;
}
export interface RdRange {
  start: RdPosition;
  end: RdPosition;
}
export interface RdDiagnostic {
  message: string;
  location: { path: string; range?: RdRange };
  severity: RdSeverity;
  code: { value: string; url?: string };
  suggestions?: Array<{ range: RdRange; text: string }>;
}
export interface RdDiagnosticResult {
  source: { name: string; url?: string };
  severity?: RdSeverity;
  diagnostics: RdDiagnostic[];
}

const SEVERITIES: Record<Severity, RdSeverity> = { error: 'ERROR', warning: 'WARNING', info: 'INFO' };

/**
 * The 1-based UTF-8 byte column of the 1-based UTF-16 column `column` of `lineText`. A column past
 * the end of the text (the end of a span that takes the line break) counts the rest as one byte
 * each: line terminators are ASCII.
 */
export function utf8Column(lineText: string, column: number): number {
  const units = column - 1;
  const inLine = Math.min(units, lineText.length);
  return Buffer.byteLength(lineText.slice(0, inLine), 'utf8') + (units - inLine) + 1;
}

export function renderRdjson(report: RunReport): string {
  const indexes = new Map<string, LineIndex | null>();
  const indexOf = (shown: string): LineIndex | null => {
    if (!indexes.has(shown)) {
      const text = report.sourceOf(shown);
      indexes.set(shown, text === undefined ? null : new LineIndex(text));
    }
    return indexes.get(shown)!;
  };
  const position = (lines: LineIndex | null, line: number, column: number): RdPosition => ({
    line,
    column: lines && line <= lines.lineCount ? utf8Column(lines.lineText(line - 1), column) : column,
  });
  const rangeOf = (lines: LineIndex | null, l: { line: number; column: number; endLine: number; endColumn: number }): RdRange => ({
    start: position(lines, l.line, l.column),
    end: position(lines, l.endLine, l.endColumn),
  });

  const diagnostic = (f: Finding): RdDiagnostic => {
    const lines = indexOf(f.path);
    const text = withCell(f, f.message);
    const d: RdDiagnostic = {
      // A suggestion is only ever applied by a reviewer, but one that may change behaviour says so.
      message: f.fix && lines && f.fix.applicability === 'unsafe' ? `${text} (suggested fix: ${f.fix.title}; unsafe, it may change behaviour)` : text,
      location: { path: f.path, range: rangeOf(lines, fileLocation(f)) },
      severity: SEVERITIES[f.severity],
      code: { value: f.code },
    };
    if (f.fix && lines) {
      d.suggestions = f.fix.edits.map((e) => ({ range: rangeOf(lines, lines.locate(e.start, e.end)), text: e.text }));
    }
    return d;
  };

  const diagnostics = report.findings.map(diagnostic);
  // A file that could not be checked is a diagnostic without a range: reviewdog shows it with
  // `-filter-mode=nofilter` (and in its check's log otherwise) rather than losing it.
  for (const e of report.errors) {
    diagnostics.push({ message: `${report.tool.name} could not check this file: ${e.message}`, location: { path: e.path }, severity: 'ERROR', code: { value: 'file-not-checked' } });
  }
  const result: RdDiagnosticResult = {
    source: report.tool.informationUri ? { name: report.tool.name, url: report.tool.informationUri } : { name: report.tool.name },
    // The overall severity is the most severe diagnostic's.
    ...(diagnostics.length > 0 ? { severity: (['ERROR', 'WARNING', 'INFO'] as const).find((s) => diagnostics.some((d) => d.severity === s))! } : {}),
    diagnostics,
  };
  // reviewdog reads it with protojson, which rejects a lone surrogate: U+FFFD stands in (unicode.ts).
  return `${JSON.stringify(result, wellFormedStrings, 2)}\n`;
}
