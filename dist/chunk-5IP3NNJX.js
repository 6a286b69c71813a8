import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);

// src/report/escape.ts
var ESCAPED = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
var NEEDS_ESCAPE = new RegExp(ESCAPED.source);
function escapeOne(ch) {
  const c = ch.charCodeAt(0);
  if (c === 10) return "\\n";
  if (c === 13) return "\\r";
  if (c < 32 || c === 127) return `\\x${c.toString(16).padStart(2, "0")}`;
  if (c >= 56448 && c <= 56575) return `\\x${(c - 56320).toString(16)}`;
  return `\\u{${c.toString(16)}}`;
}
function escapeForTerminal(s) {
  return s.replace(ESCAPED, escapeOne);
}
function needsEscape(s) {
  return NEEDS_ESCAPE.test(s);
}
var SHELL_SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;
function posixShellQuote(s) {
  if (SHELL_SAFE.test(s)) return s;
  return `'${s.replace(/'/g, "'\\''")}'`;
}
function octal(byte) {
  return `\\${byte.toString(8).padStart(3, "0")}`;
}
function shellWordForDisplay(s) {
  if (!needsEscape(s)) return posixShellQuote(s);
  if (s.endsWith("\n")) return null;
  let format = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const paired = c >= 55296 && c <= 56319 && i + 1 < s.length && (s.charCodeAt(i + 1) & 64512) === 56320;
    const ch = paired ? s.slice(i, i + 2) : s[i];
    if (paired) i++;
    if (c >= 56448 && c <= 56575) format += octal(c - 56320);
    else if (c >= 55296 && c <= 57343 && !paired) return null;
    else if (needsEscape(ch)) format += [...Buffer.from(ch, "utf8")].map(octal).join("");
    else if (ch === "\\") format += "\\\\";
    else if (ch === "%") format += "%%";
    else if (ch === "'") format += "'\\''";
    else format += ch;
  }
  return `"$(printf '${format}')"`;
}
function codeSpan(s) {
  const longest = Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  const pad = s.startsWith("`") || s.endsWith("`") || s.startsWith(" ") && s.endsWith(" ") && s.trim() !== "" ? " " : "";
  return `${ticks}${pad}${s}${pad}${ticks}`;
}

export {
  escapeForTerminal,
  shellWordForDisplay,
  codeSpan
};
