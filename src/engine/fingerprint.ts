/**
 * A finding's identity that survives edits elsewhere in its file: the rule, the path and the
 * flagged code with whitespace folded — never line numbers. Identical findings in one file share a
 * fingerprint; `occurrence` tells them apart in document order. Used by the baseline, by SARIF's
 * partialFingerprints and by GitLab's fingerprints. A notebook finding's code is its cells' Python,
 * not the JSON around it, so re-saving the notebook with another indent keeps its fingerprints.
 */
import { createHash } from 'node:crypto';
import type { Finding } from './lint.js';
import { codeLineOf } from './notebook.js';
import { sourceLines } from './source.js';

/**
 * The text a finding covers (its first 400 characters), whitespace folded. `lines` are the code's
 * (`codeOf`): a notebook finding's lines count from its cell's first line there.
 */
export function flaggedText(finding: Finding, lines: readonly string[] | undefined): string {
  if (lines === undefined) return '';
  const first = codeLineOf(finding);
  const last = first + finding.endLine - finding.line;
  const out: string[] = [];
  for (let l = first; l <= last && l <= lines.length; l++) {
    const text = lines[l - 1]!;
    const from = l === first ? finding.column - 1 : 0;
    const to = l === last ? finding.endColumn - 1 : text.length;
    out.push(text.slice(from, to));
    if (out.join(' ').length > 400) break;
  }
  return out.join(' ').replace(/\s+/g, ' ').trim().slice(0, 400);
}

export interface Fingerprinted {
  finding: Finding;
  /** Hash of code, path and flagged text. */
  fingerprint: string;
  /** 1 for the first finding with this fingerprint in its file, 2 for the next… */
  occurrence: number;
}

/**
 * `codeOf` gives the code a finding's lines count in, by path: a file's text, and for a notebook
 * the module its code cells make (see `codeLineOf`).
 */
export function fingerprintFindings(findings: readonly Finding[], codeOf: (path: string) => string | undefined, pathOf: (f: Finding) => string = (f) => f.path): Fingerprinted[] {
  const seen = new Map<string, number>();
  const linesOf = sourceLines(codeOf);
  return findings.map((finding) => {
    const fingerprint = createHash('sha256')
      .update(`${finding.code}\0${pathOf(finding)}\0${flaggedText(finding, linesOf(finding.path))}`)
      .digest('hex')
      .slice(0, 32);
    const occurrence = (seen.get(fingerprint) ?? 0) + 1;
    seen.set(fingerprint, occurrence);
    return { finding, fingerprint, occurrence };
  });
}
