/**
 * `# noqa` suppressions, gathered once per file from its comment nodes (never from strings):
 * - `# noqa` on a line suppresses every finding that starts on that line;
 * - `# noqa: PTL102, PTL301` only those codes (case-insensitive keyword, as Ruff);
 * - `# pyteam-lint: noqa` anywhere on its own, for the whole file, optionally with codes.
 */
const LINE_NOQA = /#\s*noqa(?::\s*([A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*))?/i;
const FILE_NOQA = /^#\s*pyteam-lint\s*:\s*noqa(?::\s*([A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*))?\s*$/i;
function codesOf(list) {
    return list ? list.split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase()) : 'all';
}
function merge(a, b) {
    if (a === 'all' || b === 'all')
        return 'all';
    return [...new Set([...(a ?? []), ...b])];
}
export function collectSuppressions(comments) {
    const result = { lines: {}, file: null };
    for (const { text, line } of comments) {
        const fileMatch = FILE_NOQA.exec(text);
        if (fileMatch) {
            result.file = merge(result.file, codesOf(fileMatch[1]));
            continue;
        }
        const m = LINE_NOQA.exec(text);
        if (!m)
            continue;
        result.lines[line] = merge(result.lines[line], codesOf(m[1]));
    }
    return result;
}
export function isSuppressed(s, code, line) {
    const fileCodes = s.file;
    if (fileCodes === 'all' || fileCodes?.includes(code))
        return true;
    const codes = s.lines[line];
    return codes === 'all' || (codes?.includes(code) ?? false);
}
