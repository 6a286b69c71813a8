/**
 * Terminal output. `full` (default) shows each finding with its source line and a caret
 * underline, Ruff-style; `concise` is one line per finding, for editors and grep. Everything that
 * comes from the project (paths, messages, fix titles, source lines) is shown through
 * `escapeForTerminal`, so a control character in it is printed as an escape, never obeyed.
 * A notebook finding is placed in its cell, as Ruff and Jupyter show it (`nb.ipynb:cell 3:2:5:`),
 * and its source line is the cell's Python (`codeOf`), not the notebook's JSON.
 */
import type { Finding } from '../engine/lint.js';
import { codeLineOf } from '../engine/notebook.js';
import { sourceLines } from '../engine/source.js';
import { codeTextOf } from './cells.js';
import { escapeForTerminal } from './escape.js';
import type { RunReport, TextStyle } from './types.js';

function severityLabel(f: Finding, s: TextStyle): string {
  return f.severity === 'error' ? s.red(f.code) : f.severity === 'warning' ? s.yellow(f.code) : s.blue(f.code);
}

/** How fixes are marked: `[*]` the fix `--fix` would apply, `[-]` an unsafe one that needs `--unsafe-fixes`. */
export interface FixDisplay {
  unsafeFixes: boolean;
}

function header(f: Finding, s: TextStyle, fixes: FixDisplay): string {
  const fix = f.fix ? ` ${s.cyan(f.fix.applicability === 'safe' || fixes.unsafeFixes ? '[*]' : '[-]')}` : '';
  const cell = f.cell === undefined ? '' : `:cell ${f.cell}`;
  return `${s.bold(escapeForTerminal(f.path))}${s.dim(`${cell}:${f.line}:${f.column}:`)} ${severityLabel(f, s)}${fix} ${escapeForTerminal(f.message)} ${s.dim(`[${f.agent}]`)}`;
}

/**
 * A source line as the terminal shows it — tabs expanded, control characters escaped — and the
 * displayed column of each UTF-16 offset in it, so the caret lines up with the escaped text
 * (an escaped `\x1b` is four columns wide).
 */
function displayLine(line: string): { shown: string; columns: number[] } {
  const columns: number[] = [];
  let shown = '';
  for (let i = 0; i < line.length; ) {
    const c = line.charCodeAt(i);
    const width = c >= 0xd800 && c <= 0xdbff && (line.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    const piece = c === 9 ? ' '.repeat(8 - (shown.length % 8)) : escapeForTerminal(line.slice(i, i + width));
    for (let k = 0; k < width; k++) columns.push(shown.length);
    shown += piece;
    i += width;
  }
  columns.push(shown.length);
  return { shown, columns };
}

/** The finding's first line with a caret underline; `lines` are the code's, numbered as the finding is (within its cell). */
function snippet(f: Finding, lines: readonly string[] | undefined, s: TextStyle): string[] {
  if (lines === undefined) return [];
  const text = lines[codeLineOf(f) - 1];
  if (text === undefined) return [];
  const gutter = String(f.line).length;
  const pad = ' '.repeat(gutter);
  const { shown, columns } = displayLine(text);
  const columnOf = (column0: number): number => columns[Math.max(0, Math.min(column0, text.length))]!;
  const start = columnOf(f.column - 1);
  const end = Math.max(start + 1, columnOf(f.endLine === f.line ? f.endColumn - 1 : text.length));
  return [
    `${pad} ${s.dim('|')}`,
    `${s.dim(String(f.line))} ${s.dim('|')} ${shown}`,
    `${pad} ${s.dim('|')} ${' '.repeat(start)}${severityLabel({ ...f, code: '^'.repeat(end - start) }, s)}`,
    `${pad} ${s.dim('|')}`,
  ];
}

function errorLine(e: { path: string; message: string }, s: TextStyle): string {
  return `${s.bold(escapeForTerminal(e.path))}: ${s.red('error:')} ${escapeForTerminal(e.message)}`;
}

export function summaryLine(report: RunReport, fixes: FixDisplay = { unsafeFixes: false }): string {
  const n = report.findings.length;
  const fixable = report.findings.filter((f) => f.fix && (f.fix.applicability === 'safe' || fixes.unsafeFixes)).length;
  const hidden = report.findings.filter((f) => f.fix).length - fixable;
  const files = new Set(report.findings.map((f) => f.path)).size;
  const parts = [
    n === 0
      ? `No findings in ${report.files} file${report.files === 1 ? '' : 's'}.`
      : `Found ${n} finding${n === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${report.files} checked).`,
  ];
  if (fixable > 0) parts.push(`[*] ${fixable} fixable with --fix${fixes.unsafeFixes ? ' --unsafe-fixes' : ''}.`);
  if (hidden > 0) parts.push(`[-] ${hidden} more with --fix --unsafe-fixes (unsafe: review them).`);
  if (report.errors.length > 0) parts.push(`${report.errors.length} file${report.errors.length === 1 ? '' : 's'} could not be checked.`);
  return parts.join(' ');
}

export function renderText(
  report: RunReport,
  style: TextStyle,
  form: 'full' | 'concise',
  quiet: boolean,
  fixes: FixDisplay = { unsafeFixes: false },
): string {
  const out: string[] = [];
  const linesOf = sourceLines(codeTextOf(report));
  for (const f of report.findings) {
    out.push(header(f, style, fixes));
    if (form === 'full') {
      out.push(...snippet(f, linesOf(f.path), style));
      if (f.fix) out.push(`${style.cyan('  = fix')}${f.fix.applicability === 'unsafe' ? ' (unsafe)' : ''}: ${escapeForTerminal(f.fix.title)}`);
      out.push('');
    }
  }
  for (const e of report.errors) out.push(errorLine(e, style));
  if (!quiet) {
    if (out.length > 0 && form === 'concise') out.push('');
    out.push(summaryLine(report, fixes));
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

export function renderStatistics(report: RunReport, style: TextStyle): string {
  const counts = new Map<string, { n: number; f: Finding }>();
  for (const f of report.findings) {
    const c = counts.get(f.code);
    if (c) c.n++;
    else counts.set(f.code, { n: 1, f });
  }
  const rows = [...counts.values()].sort((a, b) => b.n - a.n || (a.f.code < b.f.code ? -1 : 1));
  const width = Math.max(1, ...rows.map((r) => String(r.n).length));
  const lines = rows.map(
    (r) => `${String(r.n).padStart(width)}\t${severityLabel(r.f, style)}\t${r.f.name}\t${style.dim(`[${r.f.agent}]`)}${r.f.fix ? '\t' + style.cyan('fixable') : ''}`,
  );
  for (const e of report.errors) lines.push(errorLine(e, style));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
