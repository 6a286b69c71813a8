/**
 * Strings for consumers that insist on well-formed Unicode. A file name that is not UTF-8 is
 * carried with lone surrogates (files.ts, `surrogateescape`); JSON.stringify writes them as
 * `\udc80` escapes, which Go's protojson (reviewdog) and strict UTF-8 JSON readers reject, failing
 * the whole document. Such a name cannot name a file in their world anyway, so each lone surrogate
 * becomes U+FFFD, as a UTF-8 encoder writes it.
 */

/** A surrogate that is not half of a pair. (No `u` flag: a lone surrogate must match on its own.) */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `s` with every lone surrogate replaced by U+FFFD. */
export function wellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd');
}

/** A JSON.stringify replacer that makes every string well-formed. */
export function wellFormedStrings(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? wellFormed(value) : value;
}
