/**
 * Findings as LSP diagnostics, and the hover that explains them. The code is the rule's code and
 * the owner role travels in the message (`[python-security-reviewer]`, as `--format concise`
 * shows it) and in `data`. No rule has a documentation page of its own to link, so diagnostics
 * carry no `codeDescription`; the hover shows what `pyteam-lint explain` prints instead.
 */
import { DiagnosticSeverity, DiagnosticTag, MarkupKind, type Diagnostic, type Hover, type Position } from 'vscode-languageserver/node';
import { UNUSED_NOQA, type Finding } from '../engine/lint.js';
import { explainRule } from '../cli/explain.js';
import type { AnyRule, Severity } from '../rule.js';
import type { Positions } from './positions.js';

export const SOURCE = 'pyteam-lint';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function diagnosticOf(f: Finding, at: Positions): Diagnostic {
  return {
    range: at.rangeOf(f),
    severity: SEVERITY[f.severity],
    code: f.code,
    source: SOURCE,
    message: `${f.message} [${f.agent}]`,
    data: { name: f.name, agent: f.agent },
    // An unused suppression is dead text: editors grey it out.
    ...(f.code === UNUSED_NOQA ? { tags: [DiagnosticTag.Unnecessary] } : {}),
  };
}

/** The rule documentation of the findings under a position (each rule once), or null where there are none. */
export function hoverAt(position: Position, findings: readonly Finding[], at: Positions, rules: ReadonlyMap<string, AnyRule>): Hover | null {
  const offset = at.offset(position);
  const under = findings.filter((f) => {
    const { start, end } = at.span(f);
    return start <= offset && offset <= end;
  });
  const explained = [...new Set(under.map((f) => f.code))].flatMap((code) => {
    const rule = rules.get(code);
    return rule ? [explainRule(rule)] : [];
  });
  if (explained.length === 0) return null;
  return { contents: { kind: MarkupKind.PlainText, value: explained.join('\n') }, range: at.rangeOf(under[0]!) };
}
