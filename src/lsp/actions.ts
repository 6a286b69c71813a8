/**
 * Code actions for the findings on the lines a client asks about: each finding's fix (a
 * `quickfix`; an unsafe one says so in its title, and only a safe one is preferred), and
 * "suppress with `# noqa: CODE`" merged into the line's noqa list as `--add-noqa` merges it; and
 * for the whole file `source.fixAll.pyteam-lint`, every safe fix as `--fix` applies them (passes to
 * a fixed point, never breaking the parse). Every edit is computed against the text the findings
 * came from, and sent with that text's version to clients that take versioned edits, so they
 * apply none to a buffer that moved on.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { addNoqaToNotebook, addNoqaToText } from '../cli/add-noqa.js';
import { fileLocation, isNotebookPath } from '../engine/notebook.js';
import { applyFixes, isApplicable } from '../engine/fix.js';
import type { Finding } from '../engine/lint.js';
import { diagnosticOf } from './diagnostics.js';
import { replacement, type Positions } from './positions.js';

export const FIX_ALL = `${CodeActionKind.SourceFixAll}.pyteam-lint`;

/** One linted version of a document: what its actions are computed from. */
export interface LintedText {
  uri: string;
  version: number;
  at: Positions;
  findings: readonly Finding[];
}

export interface ActionRequest {
  range: Range;
  /** The kinds the client wants (`context.only`); all when absent. */
  only?: readonly string[] | undefined;
  /** Whether the client takes `documentChanges` (versioned edits). */
  versioned: boolean;
  /** The text with every safe fix applied, as `--fix` would leave it. */
  fixAll(): Promise<string>;
}

/** A kind is wanted when it is, or is under, one the client asked for (`source` covers `source.fixAll.pyteam-lint`). */
function wanted(kind: string, only: readonly string[] | undefined): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function workspaceEdit(doc: LintedText, edits: TextEdit[], versioned: boolean): WorkspaceEdit {
  return versioned ? { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] } : { changes: { [doc.uri]: edits } };
}

/** The edit that turns the linted text into `after`, or null when nothing changes. */
function editTo(doc: LintedText, after: string): TextEdit | null {
  if (after === doc.at.text) return null;
  const r = replacement(doc.at.text, after);
  return { range: doc.at.range(r.start, r.end), newText: r.text };
}

function fixAction(doc: LintedText, f: Finding, diagnostic: Diagnostic, versioned: boolean): CodeAction | null {
  if (!isApplicable(f.fix, true)) return null;
  // Applied as --fix applies it: malformed edits are refused, line endings follow the file's.
  const edit = editTo(doc, applyFixes(doc.at.text, [f.fix]).text);
  if (!edit) return null;
  const safe = f.fix.applicability === 'safe';
  return {
    title: safe ? f.fix.title : `${f.fix.title} (unsafe fix)`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    ...(safe ? { isPreferred: true } : {}),
    edit: workspaceEdit(doc, [edit], versioned),
  };
}

async function noqaAction(doc: LintedText, f: Finding, diagnostic: Diagnostic, versioned: boolean): Promise<CodeAction | null> {
  const noqa = isNotebookPath(doc.uri) ? await addNoqaToNotebook(doc.at.text, [f]) : await addNoqaToText(doc.at.text, [f]);
  const edit = noqa.added > 0 ? editTo(doc, noqa.text) : null;
  if (!edit) return null;
  return {
    title: `Suppress ${f.code} on this line with \`# noqa: ${f.code}\``,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: workspaceEdit(doc, [edit], versioned),
  };
}

export async function codeActions(doc: LintedText, request: ActionRequest): Promise<CodeAction[]> {
  const actions: CodeAction[] = [];
  const { range, only, versioned } = request;
  if (wanted(CodeActionKind.QuickFix, only)) {
    const suppressed = new Set<string>();
    for (const f of doc.findings) {
      const at = fileLocation(f);
      if (at.endLine - 1 < range.start.line || at.line - 1 > range.end.line) continue;
      const diagnostic = diagnosticOf(f, doc.at);
      const fix = fixAction(doc, f, diagnostic, versioned);
      if (fix) actions.push(fix);
      const key = `${at.line}:${f.code}`;
      if (suppressed.has(key)) continue;
      suppressed.add(key);
      const noqa = await noqaAction(doc, f, diagnostic, versioned);
      if (noqa) actions.push(noqa);
    }
  }
  if (wanted(FIX_ALL, only) && doc.findings.some((f) => isApplicable(f.fix, false))) {
    const edit = editTo(doc, await request.fixAll());
    if (edit) actions.push({ title: 'Fix all safe pyteam-lint fixes in the file', kind: FIX_ALL, edit: workspaceEdit(doc, [edit], versioned) });
  }
  return actions;
}
