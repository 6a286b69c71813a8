import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  FILE_HEADERS_ONLY,
  createTwoFilesPatch
} from "./chunk-LVEPMWQZ.js";
import {
  cellAt,
  declaredEncoding,
  firstSyntaxError,
  fsPath,
  kindOf,
  loadPython,
  parse,
  readNotebook,
  readRegularFile,
  realPath
} from "./chunk-FJE4V3FT.js";

// src/engine/fix.ts
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync, chmodSync, chownSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
var MAX_FIX_PASSES = 10;
function isApplicable(fix, unsafe) {
  return fix !== null && fix.edits.length > 0 && (fix.applicability === "safe" || unsafe);
}
function lineEnding(text) {
  const m = /\r\n|\n|\r/.exec(text);
  return m?.[0] ?? "\n";
}
function sortedEdits(fix, length) {
  const edits = [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let last = -1;
  for (const e of edits) {
    if (!Number.isInteger(e.start) || !Number.isInteger(e.end) || e.start < 0 || e.end < e.start || e.end > length) return null;
    if (e.start < last) return null;
    last = e.end;
  }
  return edits;
}
function applyFixes(text, fixes) {
  const eol = lineEnding(text);
  const candidates = [];
  const malformed = [];
  for (const fix of fixes) {
    const edits = sortedEdits(fix, text.length);
    if (edits && edits.length > 0) candidates.push({ fix, edits });
    else malformed.push(fix);
  }
  candidates.sort((a, b) => a.edits[0].start - b.edits[0].start || a.edits[0].end - b.edits[0].end);
  const taken = [];
  const applied = [];
  const deferred = [];
  const seen = /* @__PURE__ */ new Set();
  for (const { fix, edits } of candidates) {
    const key = JSON.stringify(edits.map((e) => [e.start, e.end, e.text]));
    if (seen.has(key)) continue;
    const clashes = edits.some((e) => taken.some((t) => e.start <= t.end && t.start <= e.end));
    if (clashes) {
      deferred.push(fix);
      continue;
    }
    seen.add(key);
    applied.push(fix);
    for (const e of edits) taken.push({ start: e.start, end: e.end, text: eol === "\n" ? e.text : e.text.replace(/\r\n|\r|\n/g, eol) });
  }
  taken.sort((a, b) => a.start - b.start);
  let out = "";
  let at = 0;
  for (const e of taken) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  out += text.slice(at);
  return { text: out, applied, deferred, malformed };
}
async function syntaxErrorIn(text, notebook = false) {
  let code = text;
  let map;
  if (notebook) {
    const read = readNotebook(text);
    if (!read.ok) return { line: 1, column: 1 };
    code = read.python;
    map = read.map;
  }
  const { parser } = await loadPython();
  const tree = parse(parser, code);
  try {
    const error = firstSyntaxError(tree.rootNode);
    if (!error) return null;
    const at = { line: error.startPosition.row + 1, column: error.startPosition.column + 1 };
    const cell = map && cellAt(map, error.startIndex);
    return cell ? { cell: cell.cell, line: at.line - cell.line, column: at.column } : at;
  } finally {
    tree.delete();
  }
}
function record(f) {
  return { code: f.code, name: f.name, title: f.fix.title, applicability: f.fix.applicability, line: f.line };
}
function fixIdentity(f, text) {
  return JSON.stringify([f.code, f.fix.title, f.fix.edits.map((e) => [text.slice(e.start, e.end), e.text])]);
}
async function fixSource(text, lint, options) {
  const maxPasses = options.maxPasses ?? MAX_FIX_PASSES;
  let findings = options.initial ? [...options.initial] : await lint(text);
  const result = { text, fixed: [], rejected: [], passes: 0, converged: true, remaining: findings };
  const rejected = /* @__PURE__ */ new Set();
  const applicable = (fs) => fs.filter((f) => isApplicable(f.fix, options.unsafe) && !rejected.has(fixIdentity(f, result.text)));
  if (applicable(findings).length === 0) return result;
  const notebook = options.notebook === true;
  const before = await syntaxErrorIn(text, notebook);
  if (before) {
    result.skipped = `does not parse (${before.cell === void 0 ? "" : `cell ${before.cell}, `}line ${before.line}, column ${before.column}); fix the syntax error first`;
    return result;
  }
  for (; ; ) {
    const candidates = applicable(findings);
    if (candidates.length === 0) break;
    if (result.passes >= maxPasses) {
      result.converged = false;
      break;
    }
    const reject = (f) => {
      rejected.add(fixIdentity(f, result.text));
      result.rejected.push(record(f));
    };
    let next = applyFixes(result.text, candidates.map((f) => f.fix));
    for (const f of candidates) if (next.malformed.includes(f.fix)) reject(f);
    let used = candidates.filter((f) => next.applied.includes(f.fix));
    if (used.length === 0) continue;
    if (await syntaxErrorIn(next.text, notebook)) {
      const fine = [];
      for (const f of used) {
        if (await syntaxErrorIn(applyFixes(result.text, [f.fix]).text, notebook)) reject(f);
        else fine.push(f);
      }
      next = applyFixes(result.text, fine.map((f) => f.fix));
      used = fine.filter((f) => next.applied.includes(f.fix));
      if (used.length > 1 && await syntaxErrorIn(next.text, notebook)) {
        next = applyFixes(result.text, [used[0].fix]);
        used = [used[0]];
      }
      if (used.length === 0) continue;
    }
    if (next.text === result.text) {
      result.converged = false;
      break;
    }
    result.fixed.push(...used.map(record));
    result.text = next.text;
    result.passes++;
    findings = await lint(result.text);
    result.remaining = findings;
  }
  return result;
}
var UTF8_BOM = [239, 187, 191];
function hasUtf8Bom(bytes) {
  return bytes.length >= 3 && UTF8_BOM.every((b, i) => bytes[i] === b);
}
var singleByteTables = /* @__PURE__ */ new Map();
function singleByteTable(encoding) {
  if (singleByteTables.has(encoding)) return singleByteTables.get(encoding);
  const decoder = new TextDecoder(encoding);
  const table = /* @__PURE__ */ new Map();
  let undecodable = 0;
  for (let b = 0; b < 256; b++) {
    const ch = decoder.decode(Uint8Array.of(b));
    if (ch.length !== 1 || ch === "\uFFFD") undecodable++;
    else if (!table.has(ch)) table.set(ch, b);
  }
  const result = undecodable < 32 ? table : null;
  singleByteTables.set(encoding, result);
  return result;
}
function encodeSource(text, file) {
  let body;
  if (file.encoding === "utf-8") {
    body = Buffer.from(text, "utf8");
  } else {
    const table = singleByteTable(file.encoding);
    if (!table) return `cannot write ${file.encoding} back exactly`;
    body = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const b = text.charCodeAt(i) < 128 ? text.charCodeAt(i) : table.get(text[i]);
      if (b === void 0) return `the fixed text has a character that ${file.encoding} cannot hold`;
      body[i] = b;
    }
  }
  const bytes = file.bom ? Buffer.concat([Buffer.from(UTF8_BOM), body]) : body;
  let check = new TextDecoder(file.encoding, { ignoreBOM: false }).decode(bytes);
  if (check.charCodeAt(0) === 65279) check = check.slice(1);
  return check === text ? bytes : `cannot write ${file.encoding} back exactly`;
}
function sourceEncoding(bytes) {
  return { encoding: declaredEncoding(bytes), bom: hasUtf8Bom(bytes) };
}
var NotWritten = class extends Error {
};
function writeFileAtomic(file, data, expected, confine) {
  const target = realPath(file);
  if (confine && !confine(target)) throw new NotWritten(`it resolves to ${target}, outside the tree being fixed; not written`);
  const stat = statSync(fsPath(target));
  if (!stat.isFile()) throw new NotWritten(`it is ${kindOf(stat)}; not written`);
  if ((stat.mode & 146) === 0) throw new NotWritten("it is read-only; not written");
  const unchanged = () => {
    const now = readRegularFile(target, Math.max(expected.length, 1));
    return now.ok && Buffer.from(now.bytes).equals(Buffer.from(expected));
  };
  const changed = "it changed during the fix; not written (run again)";
  if (!unchanged()) throw new NotWritten(changed);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.pyteam-lint.tmp`);
  const mode = stat.mode & 4095;
  try {
    const fd = openSync(fsPath(tmp), "wx", mode);
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(fsPath(tmp), mode);
    try {
      if (typeof process.getuid === "function" && (stat.uid !== process.getuid() || stat.gid !== process.getgid?.())) chownSync(fsPath(tmp), stat.uid, stat.gid);
    } catch {
    }
    if (!unchanged()) throw new NotWritten(changed);
    renameSync(fsPath(tmp), fsPath(target));
  } catch (error) {
    rmSync(fsPath(tmp), { force: true });
    throw error;
  }
}
function unifiedDiff(displayPath, before, after) {
  if (before === after) return "";
  return createTwoFilesPatch(`a/${displayPath}`, `b/${displayPath}`, before, after, void 0, void 0, { context: 3, headerOptions: FILE_HEADERS_ONLY });
}

export {
  isApplicable,
  applyFixes,
  fixSource,
  encodeSource,
  sourceEncoding,
  NotWritten,
  writeFileAtomic,
  unifiedDiff
};
