/**
 * A finding's identity that survives edits elsewhere in its file: the rule, the path and the
 * flagged source text with whitespace folded — never line numbers. Identical findings in one file
 * share a fingerprint; `occurrence` tells them apart in document order. Used by the baseline and by
 * SARIF's partialFingerprints.
 */
import { createHash } from 'node:crypto';
import type { Finding } from './lint.js';
import { sourceLines } from './source.js';

/** The text a finding covers (its first 400 characters), whitespace folded. */
export function flaggedText(finding: Finding, lines: readonly string[] | undefined): string {
  if (lines === undefined) return '';
  const out: string[] = [];
  for (let l = finding.line; l <= finding.endLine && l <= lines.length; l++) {
    const text = lines[l - 1]!;
    const from = l === finding.line ? finding.column - 1 : 0;
    const to = l === finding.endLine ? finding.endColumn - 1 : text.length;
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

export function fingerprintFindings(findings: readonly Finding[], sourceOf: (path: string) => string | undefined, pathOf: (f: Finding) => string = (f) => f.path): Fingerprinted[] {
  const seen = new Map<string, number>();
  const linesOf = sourceLines(sourceOf);
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
