/**
 * GitHub Actions output: workflow-command annotations (`--format github`) and a Markdown findings
 * summary for `$GITHUB_STEP_SUMMARY` (`--summary-file`).
 */
import { fromSourceRoot } from './paths.js';
const COMMANDS = { error: 'error', warning: 'warning', info: 'notice' };
/** Escaping of a workflow command's message. */
export function escapeData(s) {
    return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
/** Escaping of a workflow command's property values (also `:` and `,`). */
export function escapeProperty(s) {
    return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
export function renderGithub(report) {
    const lines = report.findings.map((f) => {
        const props = [
            `file=${escapeProperty(fromSourceRoot(f.path, report.cwd, report.srcRoot))}`,
            `line=${f.line}`,
            `col=${f.column}`,
            `endLine=${f.endLine}`,
            `endColumn=${f.endColumn}`,
            `title=${escapeProperty(`${f.code} ${f.name}`)}`,
        ];
        return `::${COMMANDS[f.severity]} ${props.join(',')}::${escapeData(`${f.message} [${f.agent}]`)}`;
    });
    for (const e of report.errors) {
        const file = e.path.startsWith('<') ? '' : `file=${escapeProperty(fromSourceRoot(e.path, report.cwd, report.srcRoot))},`;
        lines.push(`::error ${file}title=${escapeProperty('pyteam-lint could not check this file')}::${escapeData(e.message)}`);
    }
    return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
function cell(s) {
    return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
/** A Markdown table of findings per rule, for a job summary. */
export function renderSummaryMarkdown(report) {
    const out = ['### pyteam-lint', ''];
    if (report.findings.length === 0) {
        out.push(`No findings in ${report.files} file${report.files === 1 ? '' : 's'}.`);
    }
    else {
        const counts = new Map();
        for (const f of report.findings) {
            const c = counts.get(f.code);
            if (c)
                c.n++;
            else
                counts.set(f.code, { name: f.name, agent: f.agent, n: 1 });
        }
        out.push('| code | rule | owner | findings |', '|---|---|---|---:|');
        for (const [code, c] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1)))
            out.push(`| ${code} | \`${c.name}\` | ${c.agent} | ${c.n} |`);
        out.push(`| | **total** | | **${report.findings.length}** |`, '', `${report.files} file${report.files === 1 ? '' : 's'} checked.`);
    }
    if (report.errors.length > 0) {
        out.push('', `**${report.errors.length} file${report.errors.length === 1 ? '' : 's'} could not be checked:**`, '');
        for (const e of report.errors)
            out.push(`- \`${cell(e.path)}\`: ${cell(e.message)}`);
    }
    return `${out.join('\n')}\n`;
}
