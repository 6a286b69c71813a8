/**
 * `--format junit`: JUnit XML as Ruff writes it, for CI test-report views (GitLab `reports:
 * junit:`, Jenkins, Azure's PublishTestResults): one `<testsuite>` per file, one `<testcase>` per
 * finding with a `<failure>`; a run without findings is one passing testcase, so the report is
 * never empty. A file that could not be checked is a testcase with an `<error>` (JUnit's word
 * for "the test could not run", counted in `errors`, not `failures`).
 *
 * Valid XML 1.0 whatever the project holds: text from the project is written with control
 * characters shown as escapes first (escape.ts; XML 1.0 has no way to carry most C0 controls, not
 * even as `&#1;`), then `&`, `<`, `>`, `"` as entities, and in attributes tab, LF and CR as
 * character references so attribute-value normalisation keeps them.
 *
 * A notebook finding's `line` and `column` attributes are in the `.ipynb` file's own text (the
 * JSON); its failure says where it is in the cell (`cell 3, line 2, col 5, message`).
 */
import { escapeForTerminal } from './escape.js';
import type { Finding, FileError } from '../engine/lint.js';
import { fileLocation } from '../engine/notebook.js';
import { cellLabel, withCell } from './cells.js';
import type { RunReport } from './types.js';

const INDENT = '    ';

/** Code points XML 1.0 does not allow that escapeForTerminal leaves alone: U+FFFE and U+FFFF. */
const NON_CHARACTERS = /[\ufffe\uffff]/g;

/** Project text as XML character data. */
export function xmlText(s: string): string {
  return escapeForTerminal(s)
    .replace(NON_CHARACTERS, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Project text as a double-quoted XML attribute value. */
export function xmlAttribute(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

function attributes(attrs: Record<string, string | number>): string {
  return Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${xmlAttribute(String(v))}"`)
    .join('');
}

/** Ruff's classname: the path without its extension (`pkg/mod.py` → `pkg/mod`). */
function classname(shown: string): string {
  if (shown.startsWith('<')) return 'pyteam-lint';
  const slash = shown.lastIndexOf('/');
  const dot = shown.lastIndexOf('.');
  return dot > slash + 1 ? shown.slice(0, dot) : shown;
}

interface Suite {
  path: string;
  findings: Finding[];
  errors: FileError[];
}

export function renderJunit(report: RunReport): string {
  const tool = report.tool.name;
  const suites = new Map<string, Suite>();
  const suite = (p: string): Suite => {
    let s = suites.get(p);
    if (!s) suites.set(p, (s = { path: p, findings: [], errors: [] }));
    return s;
  };
  for (const f of report.findings) suite(f.path).findings.push(f);
  for (const e of report.errors) suite(e.path).errors.push(e);
  // Findings and errors each come sorted by path; the suites are too, so the bytes are stable.
  const ordered = [...suites.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites${attributes({ name: tool, tests: report.findings.length + report.errors.length, failures: report.findings.length, errors: report.errors.length })}>`);
  if (ordered.length === 0) {
    out.push(`${INDENT}<testsuite${attributes({ name: tool, tests: 1, disabled: 0, errors: 0, failures: 0, package: tool })}>`);
    out.push(`${INDENT.repeat(2)}<testcase${attributes({ name: 'No errors found', classname: tool })}/>`);
    out.push(`${INDENT}</testsuite>`);
  }
  for (const s of ordered) {
    const attrs = { name: s.path, tests: s.findings.length + s.errors.length, disabled: 0, errors: s.errors.length, failures: s.findings.length, package: tool };
    out.push(`${INDENT}<testsuite${attributes(attrs)}>`);
    for (const f of s.findings) {
      const at = fileLocation(f);
      out.push(`${INDENT.repeat(2)}<testcase${attributes({ name: `${tool}.${f.code}`, classname: classname(s.path), line: at.line, column: at.column })}>`);
      const text = `${cellLabel(f) ?? `line ${f.line}`}, col ${f.column}, ${f.message}`;
      out.push(`${INDENT.repeat(3)}<failure${attributes({ message: withCell(f, f.message), type: f.severity })}>${xmlText(text)}</failure>`);
      out.push(`${INDENT.repeat(2)}</testcase>`);
    }
    for (const e of s.errors) {
      out.push(`${INDENT.repeat(2)}<testcase${attributes({ name: `${tool}.file-not-checked`, classname: classname(s.path) })}>`);
      out.push(`${INDENT.repeat(3)}<error${attributes({ message: e.message, type: e.internal ? 'internal' : 'not-checked' })}>${xmlText(e.message)}</error>`);
      out.push(`${INDENT.repeat(2)}</testcase>`);
    }
    out.push(`${INDENT}</testsuite>`);
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
