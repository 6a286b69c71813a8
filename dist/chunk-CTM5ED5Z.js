import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  withSignalsHeld,
  withTreeLock
} from "./chunk-LIJ57RHV.js";
import {
  UNUSED_NOQA,
  collectSuppressions,
  displayPath,
  isSuppressed
} from "./chunk-HL2M4FMB.js";
import {
  NotWritten,
  applyFixes,
  encodeSource,
  sourceEncoding,
  writeFileAtomic
} from "./chunk-CLJKJHLA.js";
import {
  LineIndex,
  codeLineOf,
  describeFsError,
  firstSyntaxError,
  isNotebookPath,
  lineEdits,
  loadPython,
  parse,
  readNotebook,
  readSource,
  toFileEdits
} from "./chunk-FJE4V3FT.js";

// src/cli/add-noqa.ts
var isBlank = (c) => c === " " || c === "	" || c === "\f";
function insideString(root, offset) {
  for (let node = root.descendantForIndex(offset); node; node = node.parent) {
    if (node.type === "string" && node.startIndex < offset && offset < node.endIndex) return true;
  }
  return false;
}
function insideComment(root, offset) {
  const node = root.descendantForIndex(offset);
  return node?.type === "comment" && node.startIndex <= offset && offset < node.endIndex;
}
function extended(d, codes) {
  const head = /^#\s*noqa\s*:\s*/i.exec(d.text)[0];
  const separator = /[\s,]+/.exec(d.text.slice(head.length))?.[0] ?? ", ";
  return head + [...d.codes, ...codes].join(separator);
}
async function addNoqaToText(text, findings) {
  const byLine = /* @__PURE__ */ new Map();
  for (const f of findings) {
    if (f.code === UNUSED_NOQA) continue;
    let codes = byLine.get(f.line);
    if (!codes) byLine.set(f.line, codes = /* @__PURE__ */ new Set());
    codes.add(f.code);
  }
  const result = { text, added: 0, skipped: [] };
  if (byLine.size === 0) return result;
  const { parser } = await loadPython();
  const tree = parse(parser, text);
  try {
    const root = tree.rootNode;
    const lines = [...byLine.keys()].sort((a, b) => a - b);
    if (firstSyntaxError(root)) {
      for (const line of lines) result.skipped.push({ line, codes: [...byLine.get(line)].sort(), reason: "the file does not parse; fix the syntax error first" });
      return result;
    }
    const suppressions = collectSuppressions(root, text);
    const index = new LineIndex(text);
    const edits = [];
    for (const line of lines) {
      const codes = [...byLine.get(line)].filter((c) => !isSuppressed(suppressions, c, line)).sort();
      if (codes.length === 0) continue;
      const skip = (reason) => void result.skipped.push({ line, codes, reason });
      if (line < 1 || line > index.lineCount) {
        skip("the file has no such line (it changed since it was linted)");
        continue;
      }
      const start = index.lineStart(line - 1);
      const lineEnd = start + index.lineText(line - 1).length;
      if (insideString(root, lineEnd)) {
        skip("the line ends inside a string, where a comment would become part of it");
        continue;
      }
      if (text[lineEnd - 1] === "\\" && !insideComment(root, lineEnd - 1)) {
        skip("the line continues with a backslash, after which no comment may follow");
        continue;
      }
      if (suppressions.directives.some((d) => d.scope === "file" && d.line === line)) {
        skip("the line holds a file-level `# pyteam-lint: noqa` directive");
        continue;
      }
      const existing = suppressions.directives.find((d) => d.scope === "line" && d.line === line);
      if (existing?.codes) {
        const have = new Set(existing.codes.map((c) => c.toUpperCase()));
        edits.push({ start: existing.start, end: existing.end, text: extended(existing, codes.filter((c) => !have.has(c))) });
      } else {
        let end = lineEnd;
        while (end > start && isBlank(text[end - 1])) end--;
        edits.push({ start: end, end: lineEnd, text: `${end > start ? "  " : ""}# noqa: ${codes.join(", ")}` });
      }
      result.added++;
    }
    let out = text;
    for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    result.text = out;
    return result;
  } finally {
    tree.delete();
  }
}
async function addNoqaToNotebook(json, findings) {
  const notebook = readNotebook(json);
  if (!notebook.ok) return { text: json, added: 0, skipped: [] };
  const { python, map } = notebook;
  const edited = await addNoqaToText(python, findings.map((f) => ({ code: f.code, line: codeLineOf(f) })));
  const skipped = edited.skipped.map((s) => {
    const f = findings.find((g) => codeLineOf(g) === s.line);
    return f?.cell === void 0 ? s : { ...s, cell: f.cell, line: f.line };
  });
  const edits = edited.added > 0 ? toFileEdits(map, lineEdits(python, edited.text)) : [];
  if (edits === null) return { text: json, added: 0, skipped: [...skipped, { line: findings[0].line, ...findings[0].cell === void 0 ? {} : { cell: findings[0].cell }, codes: [...new Set(findings.map((f) => f.code))], reason: "the comments could not be written into the cells" }] };
  return { text: applyFixes(json, [{ title: "noqa", applicability: "safe", edits }]).text, added: edited.added, skipped };
}
async function addNoqa(linter, request, options = {}) {
  return withTreeLock(request.root, () => addNoqaUnlocked(linter, request, options), options.notify ?? (() => void 0));
}
async function addNoqaUnlocked(linter, request, options) {
  const read = /* @__PURE__ */ new Map();
  for (const abs of new Set(request.files)) {
    const source = readSource(abs, request.maxFileSize);
    if (source.ok) read.set(abs, source);
  }
  const texts = new Map(request.texts ?? []);
  for (const [abs, { text }] of read) texts.set(abs, text);
  const lint = await linter.lint({ ...request, stdin: void 0, texts });
  const byPath = /* @__PURE__ */ new Map();
  for (const f of lint.findings) {
    const list = byPath.get(f.path);
    if (list) list.push(f);
    else byPath.set(f.path, [f]);
  }
  const result = { added: 0, files: 0, warnings: [], lint };
  const planned = [];
  for (const [abs, { bytes, text }] of [...read].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)) {
    const shown = displayPath(abs, request.cwd);
    const findings = byPath.get(shown);
    if (!findings) continue;
    const edited = isNotebookPath(abs) ? await addNoqaToNotebook(text, findings) : await addNoqaToText(text, findings);
    for (const s of edited.skipped) result.warnings.push(`${shown}:${s.cell === void 0 ? "" : `cell ${s.cell}:`}${s.line}: no noqa added for ${s.codes.join(", ")}: ${s.reason}`);
    if (edited.added === 0) continue;
    const data = encodeSource(edited.text, sourceEncoding(bytes));
    if (typeof data === "string") {
      result.warnings.push(`${shown}: not written: ${data}`);
      continue;
    }
    planned.push({ abs, shown, bytes, data, added: edited.added });
  }
  await withSignalsHeld(() => {
    for (const p of planned) {
      try {
        writeFileAtomic(p.abs, p.data, p.bytes, options.confine);
        result.added += p.added;
        result.files++;
      } catch (error) {
        result.warnings.push(`${p.shown}: not written: ${error instanceof NotWritten ? error.message : describeFsError(error, "written")}`);
      }
    }
  });
  return result;
}

export {
  addNoqaToText,
  addNoqaToNotebook,
  addNoqa
};
