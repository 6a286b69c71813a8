/**
 * A finding's identity that survives edits elsewhere in its file: the rule, the path and the
 * flagged source text with whitespace folded — never line numbers. Identical findings in one file
 * share a fingerprint; `occurrence` tells them apart in document order. Used by the baseline and by
 * SARIF's partialFingerprints.
 */
import { createHash } from 'node:crypto';
import { sourceLines } from './source.js';
/** The text a finding covers (its first 400 characters), whitespace folded. */
export function flaggedText(finding, lines) {
    if (lines === undefined)
        return '';
    const out = [];
    for (let l = finding.line; l <= finding.endLine && l <= lines.length; l++) {
        const text = lines[l - 1];
        const from = l === finding.line ? finding.column - 1 : 0;
        const to = l === finding.endLine ? finding.endColumn - 1 : text.length;
        out.push(text.slice(from, to));
        if (out.join(' ').length > 400)
            break;
    }
    return out.join(' ').replace(/\s+/g, ' ').trim().slice(0, 400);
}
export function fingerprintFindings(findings, sourceOf, pathOf = (f) => f.path) {
    const seen = new Map();
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
