import { sourceLines } from '../engine/source.js';
function severityLabel(f, s) {
    return f.severity === 'error' ? s.red(f.code) : f.severity === 'warning' ? s.yellow(f.code) : s.blue(f.code);
}
function header(f, s, fixes) {
    const fix = f.fix ? ` ${s.cyan(f.fix.applicability === 'safe' || fixes.unsafeFixes ? '[*]' : '[-]')}` : '';
    return `${s.bold(f.path)}${s.dim(`:${f.line}:${f.column}:`)} ${severityLabel(f, s)}${fix} ${f.message} ${s.dim(`[${f.agent}]`)}`;
}
/** Expands tabs so the caret lines up with what a terminal shows. */
function visibleColumn(line, column0) {
    let col = 0;
    for (let i = 0; i < column0 && i < line.length; i++)
        col = line[i] === '\t' ? col + 8 - (col % 8) : col + 1;
    return col;
}
function snippet(f, lines, s) {
    if (lines === undefined)
        return [];
    const text = lines[f.line - 1];
    if (text === undefined)
        return [];
    const gutter = String(f.line).length;
    const pad = ' '.repeat(gutter);
    const start = visibleColumn(text, f.column - 1);
    const endCol0 = f.endLine === f.line ? f.endColumn - 1 : text.length;
    const end = Math.max(start + 1, visibleColumn(text, endCol0));
    const shown = text.replace(/\t/g, (_m, offset) => ' '.repeat(8 - (visibleColumn(text, offset) % 8)));
    return [
        `${pad} ${s.dim('|')}`,
        `${s.dim(String(f.line))} ${s.dim('|')} ${shown}`,
        `${pad} ${s.dim('|')} ${' '.repeat(start)}${severityLabel({ ...f, code: '^'.repeat(end - start) }, s)}`,
        `${pad} ${s.dim('|')}`,
    ];
}
export function summaryLine(report, fixes = { unsafeFixes: false }) {
    const n = report.findings.length;
    const fixable = report.findings.filter((f) => f.fix && (f.fix.applicability === 'safe' || fixes.unsafeFixes)).length;
    const hidden = report.findings.filter((f) => f.fix).length - fixable;
    const files = new Set(report.findings.map((f) => f.path)).size;
    const parts = [
        n === 0
            ? `No findings in ${report.files} file${report.files === 1 ? '' : 's'}.`
            : `Found ${n} finding${n === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'} (${report.files} checked).`,
    ];
    if (fixable > 0)
        parts.push(`[*] ${fixable} fixable with --fix${fixes.unsafeFixes ? ' --unsafe-fixes' : ''}.`);
    if (hidden > 0)
        parts.push(`[-] ${hidden} more with --fix --unsafe-fixes (unsafe: review them).`);
    if (report.errors.length > 0)
        parts.push(`${report.errors.length} file${report.errors.length === 1 ? '' : 's'} could not be checked.`);
    return parts.join(' ');
}
export function renderText(report, style, form, quiet, fixes = { unsafeFixes: false }) {
    const out = [];
    const linesOf = sourceLines(report.sourceOf);
    for (const f of report.findings) {
        out.push(header(f, style, fixes));
        if (form === 'full') {
            out.push(...snippet(f, linesOf(f.path), style));
            if (f.fix)
                out.push(`${style.cyan('  = fix')}${f.fix.applicability === 'unsafe' ? ' (unsafe)' : ''}: ${f.fix.title}`);
            out.push('');
        }
    }
    for (const e of report.errors)
        out.push(`${style.bold(e.path)}: ${style.red('error:')} ${e.message}`);
    if (!quiet) {
        if (out.length > 0 && form === 'concise')
            out.push('');
        out.push(summaryLine(report, fixes));
    }
    return out.length > 0 ? `${out.join('\n')}\n` : '';
}
export function renderStatistics(report, style) {
    const counts = new Map();
    for (const f of report.findings) {
        const c = counts.get(f.code);
        if (c)
            c.n++;
        else
            counts.set(f.code, { n: 1, f });
    }
    const rows = [...counts.values()].sort((a, b) => b.n - a.n || (a.f.code < b.f.code ? -1 : 1));
    const width = Math.max(1, ...rows.map((r) => String(r.n).length));
    const lines = rows.map((r) => `${String(r.n).padStart(width)}\t${severityLabel(r.f, style)}\t${r.f.name}\t${style.dim(`[${r.f.agent}]`)}${r.f.fix ? '\t' + style.cyan('fixable') : ''}`);
    for (const e of report.errors)
        lines.push(`${style.bold(e.path)}: ${style.red('error:')} ${e.message}`);
    return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
