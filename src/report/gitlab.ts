/**
 * `--format gitlab`: a GitLab Code Quality report (`artifacts: reports: codequality:`), the subset
 * of the Code Climate issue format GitLab reads: an array of `{ description, check_name,
 * fingerprint, severity, location: { path, lines: { begin, end } } }`, paths relative to the
 * repository root without `./` (GitLab matches them against the merge request's files).
 *
 * GitLab keys issues by fingerprint (a duplicate replaces the earlier one) and compares the base
 * and head reports by it, so a fingerprint must be unique in the report and stable across edits
 * elsewhere in the file: it is derived from the same line-independent identity as the baseline and
 * SARIF's partialFingerprints (rule, path, flagged text), plus the occurrence number that tells
 * identical findings in one file apart.
 *
 * A notebook finding's lines are those of the `.ipynb` file (the JSON, which is what the merge
 * request's diff shows) and its description names the cell; its fingerprint is of its cell's code.
 */
import { createHash } from 'node:crypto';
import { fingerprintFindings } from '../engine/fingerprint.js';
import type { Finding } from '../engine/lint.js';
import { fileLocation } from '../engine/notebook.js';
import type { AnyRule } from '../rule.js';
import { codeTextOf, withCell } from './cells.js';
import { fromSourceRoot } from './paths.js';
import type { RunReport } from './types.js';
import { wellFormedStrings } from './unicode.js';

export type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface GitlabIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: GitlabSeverity;
  location: { path: string; lines: { begin: number; end: number } };
}

/** The `check_name` of a file that could not be checked. */
export const GITLAB_NOT_CHECKED = 'pyteam-lint/file-not-checked';

/**
 * GitLab's scale has five steps, ours three: `error` is `major`, raised to `critical` for a
 * security rule whose security-severity is high (≥ 7.0, GitHub's "high" band); `warning` is
 * `minor`, `info` is `info`. `blocker` is left to the project's own gate.
 */
export function gitlabSeverity(f: Finding, rule: AnyRule | undefined): GitlabSeverity {
  if (f.severity === 'info') return 'info';
  if (f.severity === 'warning') return 'minor';
  return (rule?.security?.severity ?? 0) >= 7 ? 'critical' : 'major';
}

function hash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

export function renderGitlab(report: RunReport): string {
  const fromRoot = (shown: string) => (shown.startsWith('<') ? shown : fromSourceRoot(shown, report.cwd, report.srcRoot));
  const rules = new Map(report.rules.map((r) => [r.code, r]));
  const used = new Set<string>();
  /** A fingerprint not yet in the report (a hash collision is re-salted, never emitted twice). */
  const unique = (...parts: string[]): string => {
    let fp = hash(...parts);
    while (used.has(fp)) fp = hash(fp, ...parts);
    used.add(fp);
    return fp;
  };

  const issues: GitlabIssue[] = fingerprintFindings(report.findings, codeTextOf(report), (f) => fromRoot(f.path)).map(({ finding: f, fingerprint, occurrence }) => {
    const at = fileLocation(f);
    return {
      // GitLab's widget shows the description but not check_name, so the rule leads it (as Ruff does).
      description: `${f.code} ${f.name}: ${withCell(f, f.message)}`,
      check_name: f.code,
      fingerprint: unique('pyteam-lint', fingerprint, String(occurrence)),
      severity: gitlabSeverity(f, rules.get(f.code)),
      location: { path: fromRoot(f.path), lines: { begin: at.line, end: at.endLine } },
    };
  });

  // A file that could not be checked is an issue too: the widget is where a reviewer looks, and
  // an unreadable (binary-looking, oversized, undecodable) file hides every finding it would have
  // had. It is `minor` (`major` for a failure of pyteam-lint itself) and resolves in the widget
  // once the file can be checked. Its identity is the path and the message.
  const seen = new Map<string, number>();
  for (const e of report.errors) {
    const where = fromRoot(e.path);
    const key = `${where}\0${e.message}`;
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    issues.push({
      description: `pyteam-lint could not check this file: ${e.message}`,
      check_name: GITLAB_NOT_CHECKED,
      fingerprint: unique('pyteam-lint-error', where, e.message, String(occurrence)),
      severity: e.internal ? 'major' : 'minor',
      location: { path: where, lines: { begin: 1, end: 1 } },
    });
  }
  // GitLab's parser wants well-formed UTF-8: a name that is not UTF-8 is written with U+FFFD.
  return `${JSON.stringify(issues, wellFormedStrings, 2)}\n`;
}
