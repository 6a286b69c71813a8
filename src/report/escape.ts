/**
 * Text from the project — file names, string literals in source lines, messages that quote them —
 * reaches a terminal, a CI log or a Markdown brief. A control character in it must be shown, never
 * obeyed: `\x1b]0;title\x07` would retitle the terminal, `\x1b[2J` clear it, a newline in a file
 * name forge a report line, a bidi override (Trojan Source) make a line read as other code than it
 * is. As Ruff and ripgrep do, such characters are written as escapes.
 *
 * The convention (`escapeForTerminal`):
 * - LF and CR as `\n` and `\r`;
 * - every other C0 control (U+0000–U+001F) and DEL (U+007F) as `\xHH` (`\x1b`, `\x07`, `\x7f`);
 *   TAB is kept: the full form expands tabs itself, and a tab forges nothing;
 * - a lone surrogate U+DC80–U+DCFF as `\xHH` of the byte it stands for (`\x80`…`\xff`): file
 *   names that are not UTF-8 are carried with Python's `surrogateescape` convention (byte b ≥ 0x80
 *   ↦ U+DC00+b), so `\xHH` always means "this byte";
 * - C1 controls (U+0080–U+009F, where U+009B is a one-byte CSI to many terminals), the Unicode
 *   bidi controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), the Unicode line and
 *   paragraph separators (U+2028, U+2029) and any other lone surrogate as the code point,
 *   `\u{9b}`, `\u{202e}`, `\u{d800}` (lowercase hex, no leading zeros): `\u{…}` always means "this
 *   character", so the character U+0080 (`\u{80}`) and the undecodable byte 0x80 (`\x80`) differ.
 * Hex digits are lowercase. A backslash itself is NOT escaped, so Windows-looking paths and Python
 * code full of backslashes stay readable; the price is that a name that really holds the four
 * characters `\x1b` looks like one that holds ESC (JSON and SARIF output tell them apart).
 */

/**
 * What gets escaped, matched per UTF-16 code unit: controls, bidi controls, line separators, and a
 * surrogate that is not half of a pair. (No `u` flag: a lone surrogate must match on its own.)
 */
const ESCAPED =
  /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const NEEDS_ESCAPE = new RegExp(ESCAPED.source);

function escapeOne(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c === 0x0a) return '\\n';
  if (c === 0x0d) return '\\r';
  if (c < 0x20 || c === 0x7f) return `\\x${c.toString(16).padStart(2, '0')}`;
  if (c >= 0xdc80 && c <= 0xdcff) return `\\x${(c - 0xdc00).toString(16)}`;
  return `\\u{${c.toString(16)}}`;
}

/** `s` with every control character, bidi control and lone surrogate shown as an escape (see above). */
export function escapeForTerminal(s: string): string {
  return s.replace(ESCAPED, escapeOne);
}

/** Whether `escapeForTerminal` would change `s`. */
export function needsEscape(s: string): boolean {
  return NEEDS_ESCAPE.test(s);
}

const SHELL_SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;

/**
 * `s` as one POSIX shell word: unchanged when it holds only `[A-Za-z0-9_./:=@%+,-]`, else in single
 * quotes, each `'` written as `'\''`. Single quotes keep every other byte as it is (`$'…'` is not
 * POSIX), so this is exact for any name — including one with control characters, which it keeps
 * raw: to show a command on a terminal, use `shellWordForDisplay`.
 */
export function posixShellQuote(s: string): string {
  if (SHELL_SAFE.test(s)) return s;
  return `'${s.replace(/'/g, "'\\''")}'`;
}

function octal(byte: number): string {
  return `\\${byte.toString(8).padStart(3, '0')}`;
}

/**
 * `s` as one POSIX shell word that is safe to print: `posixShellQuote(s)` when `s` has nothing to
 * escape; otherwise `"$(printf 'FORMAT')"`, where FORMAT writes each byte that must not be shown
 * raw (a control character's UTF-8 bytes, the byte behind a `surrogateescape` surrogate) as a
 * three-digit octal escape, which POSIX `printf` turns back into that byte. `null` when no such
 * one-line word exists: a command substitution drops trailing newlines, and a lone surrogate outside
 * U+DC80–U+DCFF stands for no byte at all. A word that starts with `-` is the caller's concern.
 */
export function shellWordForDisplay(s: string): string | null {
  if (!needsEscape(s)) return posixShellQuote(s);
  if (s.endsWith('\n')) return null;
  let format = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const paired = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const ch = paired ? s.slice(i, i + 2) : s[i]!;
    if (paired) i++;
    if (c >= 0xdc80 && c <= 0xdcff) format += octal(c - 0xdc00);
    else if (c >= 0xd800 && c <= 0xdfff && !paired) return null;
    else if (needsEscape(ch)) format += [...Buffer.from(ch, 'utf8')].map(octal).join('');
    else if (ch === '\\') format += '\\\\';
    else if (ch === '%') format += '%%';
    else if (ch === "'") format += "'\\''";
    else format += ch;
  }
  return `"$(printf '${format}')"`;
}

/**
 * `s` as a Markdown inline code span that `s` cannot close: delimited by one backtick more than
 * its longest backtick run, with a space inside each delimiter when `s` starts or ends with a
 * backtick (CommonMark strips one such space from each side). Escape control characters first:
 * a line break would still end the paragraph the span is in.
 */
export function codeSpan(s: string): string {
  const longest = Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') || (s.startsWith(' ') && s.endsWith(' ') && s.trim() !== '') ? ' ' : '';
  return `${ticks}${pad}${s}${pad}${ticks}`;
}
