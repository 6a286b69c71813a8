/**
 * `--format pylint`: Pylint's "parseable" line, `path:line: [CODE(name), ] message` (the
 * `{path}:{line}: [{msg_id}({symbol}), {obj}] {msg}` template with no object), which Jenkins'
 * Warnings plugin and editors' problem matchers read. Ruff's `pylint` output is the same line with
 * only the code in the brackets; the name is kept here because Pylint's own output carries it.
 * Paths are relative to the working directory, as in the text output, and every control
 * character in a path or message is shown as an escape (escape.ts), so one finding is one line.
 * A notebook finding's line is its line of the `.ipynb` file (the JSON) and its message names the
 * cell: `nb.ipynb:14: [PTL301(unsafe-torch-load), ] cell 3, line 2: message`.
 *
 * A file that could not be checked is a line too, `path:1: [pyteam-lint(file-not-checked), ]
 * message`, so a parser that only keeps bracketed lines still sees it.
 */
import { fileLocation } from '../engine/notebook.js';
import { withCell } from './cells.js';
import { escapeForTerminal } from './escape.js';
import type { RunReport } from './types.js';

export function renderPylint(report: RunReport): string {
  const lines = report.findings.map((f) => `${escapeForTerminal(f.path)}:${fileLocation(f).line}: [${f.code}(${f.name}), ] ${escapeForTerminal(withCell(f, f.message))}`);
  for (const e of report.errors) lines.push(`${escapeForTerminal(e.path)}:1: [${report.tool.name}(file-not-checked), ] ${escapeForTerminal(e.message)}`);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
