/**
 * The engine as judge of a proposed change: lint the files before and after, match findings by
 * their fingerprint (rule, path, flagged source; never line numbers, which a patch shifts), and
 * accept the change only when it resolves at least one finding, introduces none and every changed
 * file still parses. Used by `pyteam-lint verify PATCH.diff` and the MCP tool `verify_fix`.
 * Unified diffs are parsed and applied in memory with the `diff` package (git and plain `diff -u`).
 */
import { applyPatch, parsePatch } from 'diff';
import { fingerprintFindings } from './fingerprint.js';
import { syntaxErrorIn } from './fix.js';
import { displayPath } from './lint.js';
function cleanName(name, prefix, strip) {
    if (name === undefined || name === '' || name === '/dev/null')
        return null;
    const unquoted = name.replace(/\t.*$/, '');
    return strip && unquoted.startsWith(prefix) ? unquoted.slice(prefix.length) : unquoted;
}
/** Parses a unified diff (one or several files); a diff with no file in it, or a rename, is an error. */
export function parseUnifiedDiff(text) {
    let patches;
    try {
        patches = parsePatch(text);
    }
    catch (error) {
        throw new Error(`not a unified diff: ${error instanceof Error ? error.message : String(error)}`);
    }
    const out = [];
    for (const patch of patches) {
        if (patch.hunks.length === 0 && !patch.oldFileName && !patch.newFileName)
            continue;
        const old = patch.oldFileName;
        const neu = patch.newFileName;
        // git writes a/ and b/ prefixes; `diff -u` writes the paths as they are.
        const strip = (old === undefined || old === '/dev/null' || old.startsWith('a/')) && (neu === undefined || neu === '/dev/null' || neu.startsWith('b/'));
        const oldPath = cleanName(old, 'a/', strip);
        const newPath = cleanName(neu, 'b/', strip);
        if (oldPath === null && newPath === null)
            throw new Error('a file patch names no file (--- and +++ lines are missing)');
        if (patch.isRename || patch.isCopy) {
            throw new Error(`renames and copies are not supported (${oldPath} -> ${newPath}); give the change as an edit of one path`);
        }
        if (patch.hunks.length === 0)
            throw new Error(`the patch of ${newPath ?? oldPath} has no hunks (mode changes and binary patches are not supported)`);
        out.push({ oldPath, newPath, patch });
    }
    if (out.length === 0)
        throw new Error('no file changes found: expected a unified diff (--- a/PATH, +++ b/PATH, @@ hunks)');
    return out;
}
/** The patched text, or null when the patch does not apply (its context is not in the text). */
export function applyFilePatch(original, patch) {
    const result = applyPatch(original, patch.patch);
    return result === false ? null : result;
}
function keyOf(f, fingerprint, occurrence) {
    return `${f.code}\0${f.path}\0${fingerprint}\0${occurrence}`;
}
/**
 * Matches the findings before and after the change as multisets keyed by fingerprint: a finding
 * whose flagged code is untouched is the same finding however far the patch moved it.
 */
export async function judgeChange(files, lint, cwd) {
    const beforeTexts = new Map();
    const afterTexts = new Map();
    for (const f of files) {
        if (f.before !== null)
            beforeTexts.set(f.abs, f.before);
        if (f.after !== null)
            afterTexts.set(f.abs, f.after);
    }
    const shown = (texts) => new Map([...texts].map(([abs, text]) => [displayPath(abs, cwd), text]));
    const before = beforeTexts.size > 0 ? await lint(beforeTexts) : { findings: [], errors: [], files: 0 };
    const after = afterTexts.size > 0 ? await lint(afterTexts) : { findings: [], errors: [], files: 0 };
    const beforeShown = shown(beforeTexts);
    const afterShown = shown(afterTexts);
    const beforeKeys = new Map();
    for (const { finding, fingerprint, occurrence } of fingerprintFindings(before.findings, (p) => beforeShown.get(p))) {
        beforeKeys.set(keyOf(finding, fingerprint, occurrence), finding);
    }
    const afterKeys = new Set();
    const introduced = [];
    const remaining = [];
    for (const { finding, fingerprint, occurrence } of fingerprintFindings(after.findings, (p) => afterShown.get(p))) {
        const key = keyOf(finding, fingerprint, occurrence);
        afterKeys.add(key);
        (beforeKeys.has(key) ? remaining : introduced).push(finding);
    }
    const resolved = [...beforeKeys].filter(([key]) => !afterKeys.has(key)).map(([, f]) => f);
    const syntaxErrors = [];
    for (const [abs, text] of [...afterTexts].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const error = await syntaxErrorIn(text);
        if (error)
            syntaxErrors.push({ path: displayPath(abs, cwd), ...error });
    }
    const errors = [...before.errors, ...after.errors];
    const reasons = [];
    for (const e of syntaxErrors)
        reasons.push(`${e.path} does not parse after the change (line ${e.line}, column ${e.column})`);
    for (const e of after.errors)
        reasons.push(`${e.path} could not be checked after the change: ${e.message}`);
    if (introduced.length > 0)
        reasons.push(`it introduces ${introduced.length} new finding${introduced.length === 1 ? '' : 's'}`);
    if (resolved.length === 0)
        reasons.push('it resolves no finding');
    return {
        verdict: reasons.length === 0 ? 'accepted' : 'rejected',
        reasons,
        parses: syntaxErrors.length === 0,
        syntaxErrors,
        resolved,
        introduced,
        remaining,
        errors,
    };
}
