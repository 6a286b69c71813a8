/**
 * Notebook findings as a reader finds them. A notebook finding's line and column are within its
 * cell (as Jupyter shows them), so wherever they are shown the cell is named with them; formats that
 * place findings in the `.ipynb` file's own text (its JSON lines, so links and annotations land on
 * real lines of the file) name the cell in the message instead. Other findings are left as they are.
 */
import type { Finding } from '../engine/lint.js';
import type { RunReport } from './types.js';

/** `cell 3, line 2` for a notebook finding, else undefined. */
export function cellLabel(f: Finding): string | undefined {
  return f.cell === undefined ? undefined : `cell ${f.cell}, line ${f.line}`;
}

/** A message as a format positioned in the JSON text writes it: led by the cell for a notebook finding. */
export function withCell(f: Finding, message: string): string {
  const label = cellLabel(f);
  return label === undefined ? message : `${label}: ${message}`;
}

/**
 * The code findings' lines count in (`codeLineOf`), by display path: `codeOf`, or the file's text
 * when the report has none. A notebook whose code is unknown gives undefined, never its JSON.
 */
export function codeTextOf(report: RunReport): (path: string) => string | undefined {
  return report.codeOf ? (p) => report.codeOf!(p) : (p) => report.sourceOf(p);
}
