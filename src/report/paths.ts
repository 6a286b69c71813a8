import path from 'node:path';
import { LONE_SURROGATE } from './unicode.js';

/** A finding path (relative to the working directory) as a POSIX path relative to the source root. */
export function fromSourceRoot(shown: string, cwd: string, srcRoot: string): string {
  const rel = path.relative(srcRoot, path.resolve(cwd, shown));
  return rel.split(path.sep).join('/');
}

/**
 * A path segment as a URI reference segment, percent-encoded as UTF-8 — except a byte of a name
 * that is not UTF-8 (carried as U+DC80–U+DCFF, files.ts), which a URI writes exactly as `%XX`
 * (encodeURIComponent would throw on it); any other lone surrogate stands for no byte and is
 * written as U+FFFD.
 */
function uriSegment(segment: string): string {
  let out = '';
  let last = 0;
  for (const m of segment.matchAll(LONE_SURROGATE)) {
    const c = m[0].charCodeAt(0);
    out += encodeURIComponent(segment.slice(last, m.index)) + (c >= 0xdc80 && c <= 0xdcff ? `%${(c - 0xdc00).toString(16).toUpperCase()}` : '%EF%BF%BD');
    last = m.index + 1;
  }
  return out + encodeURIComponent(segment.slice(last));
}

/** A relative POSIX path as a URI reference: each segment percent-encoded, slashes kept. */
export function toUriReference(posixPath: string): string {
  return posixPath.split('/').map(uriSegment).join('/');
}
