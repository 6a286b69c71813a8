/**
 * `--format azure`: Azure Pipelines logging commands, one per finding:
 * `##vso[task.logissue type=error;sourcepath=…;linenumber=…;columnnumber=…;code=PTL301;]message`.
 * The agent turns each into an error or warning on the run's summary, linked to the file.
 *
 * Escaping is the one azure-pipelines-task-lib applies (taskcommand.ts): in the message `%` →
 * `%AZP25`, CR → `%0D`, LF → `%0A`; in property values also `;` → `%3B` (it would end the value)
 * and `]` → `%5D` (it would end the properties). Every other control character is then shown as
 * an escape (escape.ts), so a name or message from the project can neither start a command of its
 * own nor drive the log viewer. Azure has only `error` and `warning`: `info` findings are warnings.
 * `sourcepath` is absolute, as the logging-command documentation asks ("File paths should be given
 * as absolute paths"); the agent links it to the repository. Columns are UTF-16 code units, as in
 * the text output. A notebook finding is at its line of the `.ipynb` file (the JSON) and its message
 * names the cell.
 */
import path from 'node:path';
import { fileLocation } from '../engine/notebook.js';
import { withCell } from './cells.js';
import { escapeForTerminal } from './escape.js';
import type { RunReport } from './types.js';

/** Escaping of a logging command's message. */
export function azureEscapeData(s: string): string {
  return s.replace(/%/g, '%AZP25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a logging command's property value. */
export function azureEscapeProperty(s: string): string {
  return azureEscapeData(s).replace(/]/g, '%5D').replace(/;/g, '%3B');
}

function message(s: string): string {
  return escapeForTerminal(azureEscapeData(s));
}

function property(s: string): string {
  return escapeForTerminal(azureEscapeProperty(s));
}

function command(props: ReadonlyArray<readonly [string, string | number]>, text: string): string {
  return `##vso[task.logissue ${props.map(([k, v]) => `${k}=${typeof v === 'number' ? v : property(v)};`).join('')}]${message(text)}`;
}

export function renderAzure(report: RunReport): string {
  const absolute = (shown: string) => path.resolve(report.cwd, shown);
  const lines = report.findings.map((f) => {
    const at = fileLocation(f);
    return command(
      [
        ['type', f.severity === 'error' ? 'error' : 'warning'],
        ['sourcepath', absolute(f.path)],
        ['linenumber', at.line],
        ['columnnumber', at.column],
        ['code', f.code],
      ],
      // The issue list shows the message, not the code property: the rule leads it.
      `${f.code} ${f.name}: ${withCell(f, f.message)} [${f.agent}]`,
    );
  });
  for (const e of report.errors) {
    const where: Array<readonly [string, string]> = e.path.startsWith('<') ? [] : [['sourcepath', absolute(e.path)]];
    lines.push(command([['type', 'error'], ...where], `pyteam-lint could not check this file: ${e.message}`));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
