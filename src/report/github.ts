/**
 * GitHub Actions output: workflow-command annotations (`--format github`) and a Markdown findings
 * summary for `$GITHUB_STEP_SUMMARY` (`--summary-file`). A file name or message from the project
 * can neither start a workflow command of its own (CR and LF are `%0D`/`%0A`-encoded, as GitHub
 * documents) nor drive the log viewer or a terminal (every other control character is shown as an
 * escape, see escape.ts), nor break the Markdown of the summary. A notebook finding is annotated at
 * its lines of the `.ipynb` file (the JSON, which is what the diff shows), its message led by the cell.
 */
import { fileLocation } from '../engine/notebook.js';
import { withCell } from './cells.js';
import { codeSpan, escapeForTerminal } from './escape.js';
import { fromSourceRoot } from './paths.js';
import type { RunReport } from './types.js';

const COMMANDS = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** Escaping of a workflow command's message. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a workflow command's property values (also `:` and `,`). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A workflow command's message: `escapeData`, then every other control character escaped. */
function message(s: string): string {
  return escapeForTerminal(escapeData(s));
}

/** A workflow command's property value: `escapeProperty`, then every other control character escaped. */
function property(s: string): string {
  return escapeForTerminal(escapeProperty(s));
}

export function renderGithub(report: RunReport): string {
  const lines = report.findings.map((f) => {
    const at = fileLocation(f);
    const props = [
      `file=${property(fromSourceRoot(f.path, report.cwd, report.srcRoot))}`,
      `line=${at.line}`,
      `col=${at.column}`,
      `endLine=${at.endLine}`,
      `endColumn=${at.endColumn}`,
      `title=${property(`${f.code} ${f.name}`)}`,
    ];
    return `::${COMMANDS[f.severity]} ${props.join(',')}::${message(`${withCell(f, f.message)} [${f.agent}]`)}`;
  });
  for (const e of report.errors) {
    const file = e.path.startsWith('<') ? '' : `file=${property(fromSourceRoot(e.path, report.cwd, report.srcRoot))},`;
    lines.push(`::error ${file}title=${property('pyteam-lint could not check this file')}::${message(e.message)}`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** Text in a table cell: `|` would end the cell, a line break the table. */
function cell(s: string): string {
  return escapeForTerminal(s).replace(/\|/g, '\\|');
}

/** A Markdown table of findings per rule, for a job summary. */
export function renderSummaryMarkdown(report: RunReport): string {
  const out = ['### pyteam-lint', ''];
  if (report.findings.length === 0) {
    out.push(`No findings in ${report.files} file${report.files === 1 ? '' : 's'}.`);
  } else {
    const counts = new Map<string, { name: string; agent: string; n: number }>();
    for (const f of report.findings) {
      const c = counts.get(f.code);
      if (c) c.n++;
      else counts.set(f.code, { name: f.name, agent: f.agent, n: 1 });
    }
    out.push('| code | rule | owner | findings |', '|---|---|---|---:|');
    for (const [code, c] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) out.push(`| ${cell(code)} | ${cell(codeSpan(c.name))} | ${cell(c.agent)} | ${c.n} |`);
    out.push(`| | **total** | | **${report.findings.length}** |`, '', `${report.files} file${report.files === 1 ? '' : 's'} checked.`);
  }
  if (report.errors.length > 0) {
    out.push('', `**${report.errors.length} file${report.errors.length === 1 ? '' : 's'} could not be checked:**`, '');
    for (const e of report.errors) out.push(`- ${codeSpan(escapeForTerminal(e.path))}: ${escapeForTerminal(e.message)}`);
  }
  return `${out.join('\n')}\n`;
}
