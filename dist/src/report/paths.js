import path from 'node:path';
/** A finding path (relative to the working directory) as a POSIX path relative to the source root. */
export function fromSourceRoot(shown, cwd, srcRoot) {
    const rel = path.relative(srcRoot, path.resolve(cwd, shown));
    return rel.split(path.sep).join('/');
}
/** A relative POSIX path as a URI reference: each segment percent-encoded, slashes kept. */
export function toUriReference(posixPath) {
    return posixPath
        .split('/')
        .map((segment) => encodeURIComponent(segment))
        .join('/');
}
