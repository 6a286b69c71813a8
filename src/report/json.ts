/** `--format json`: a stable document for other tools (version 1; fields are only ever added). */
import type { Finding } from '../engine/lint.js';
import type { RunReport } from './types.js';

/**
 * One finding as the JSON document (and the MCP tools and `verify --format json`) carry it. A
 * notebook finding adds `cell` (as Ruff's JSON does): its line and column are within that cell.
 */
export function findingJson(f: Finding) {
  return {
    code: f.code,
    name: f.name,
    agent: f.agent,
    severity: f.severity,
    path: f.path,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    ...(f.cell === undefined ? {} : { cell: f.cell }),
    message: f.message,
    fix: f.fix
      ? {
          title: f.fix.title,
          applicability: f.fix.applicability,
          edits: f.fix.edits.map((e) => ({ start: e.start, end: e.end, text: e.text })),
        }
      : null,
  };
}

export function renderJson(report: RunReport): string {
  const doc = {
    version: 1,
    tool: report.tool,
    findings: report.findings.map(findingJson),
    errors: report.errors.map((e) => ({ path: e.path, message: e.message })),
    summary: { files: report.files, findings: report.findings.length, errors: report.errors.length },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * `--statistics --format json`: one entry per rule with findings, most first (as Ruff's: `code`,
 * `name`, `count`, `fixable` — how many of them carry a fix), then the files that could not be checked.
 */
export function renderStatisticsJson(report: RunReport): string {
  const counts = new Map<string, { code: string; name: string; agent: string; count: number; fixable: number }>();
  for (const f of report.findings) {
    const c = counts.get(f.code) ?? { code: f.code, name: f.name, agent: f.agent, count: 0, fixable: 0 };
    c.count++;
    if (f.fix) c.fixable++;
    counts.set(f.code, c);
  }
  const rules = [...counts.values()].sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
  return `${JSON.stringify({ version: 1, statistics: rules, errors: report.errors.map((e) => ({ path: e.path, message: e.message })) }, null, 2)}\n`;
}
