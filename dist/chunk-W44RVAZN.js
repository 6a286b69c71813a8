import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  findingJson,
  fingerprintFindings,
  prepareLint
} from "./chunk-MHIWPTQD.js";
import {
  findUp
} from "./chunk-T4FOID4L.js";
import {
  escapeForTerminal
} from "./chunk-5IP3NNJX.js";
import {
  UsageError
} from "./chunk-NXFFE74Q.js";
import {
  Linter,
  displayPath,
  sortFindings
} from "./chunk-HL2M4FMB.js";
import {
  applyPatch,
  diffArrays,
  parsePatch
} from "./chunk-LVEPMWQZ.js";
import {
  firstSyntaxError,
  isInside,
  loadPython,
  parse,
  readRegularFile,
  readSource
} from "./chunk-FJE4V3FT.js";

// src/cli/verify.ts
import { existsSync } from "node:fs";
import path from "node:path";

// src/engine/verify.ts
function cleanName(name, prefix, strip) {
  if (name === void 0 || name === "" || name === "/dev/null") return null;
  const unquoted = name.replace(/\t.*$/, "");
  return strip && unquoted.startsWith(prefix) ? unquoted.slice(prefix.length) : unquoted;
}
function parseUnifiedDiff(text) {
  let patches;
  try {
    patches = parsePatch(text);
  } catch (error) {
    throw new Error(`not a unified diff: ${error instanceof Error ? error.message : String(error)}`);
  }
  const out = [];
  for (const patch of patches) {
    if (patch.hunks.length === 0 && !patch.oldFileName && !patch.newFileName) continue;
    const old = patch.oldFileName;
    const neu = patch.newFileName;
    const strip = (old === void 0 || old === "/dev/null" || old.startsWith("a/")) && (neu === void 0 || neu === "/dev/null" || neu.startsWith("b/"));
    const oldPath = cleanName(old, "a/", strip);
    const newPath = cleanName(neu, "b/", strip);
    if (oldPath === null && newPath === null) throw new Error("a file patch names no file (--- and +++ lines are missing)");
    if (patch.isRename || patch.isCopy) {
      throw new Error(`renames and copies are not supported (${oldPath} -> ${newPath}); give the change as an edit of one path`);
    }
    if (patch.hunks.length === 0) throw new Error(`the patch of ${newPath ?? oldPath} has no hunks (mode changes and binary patches are not supported)`);
    out.push({ oldPath, newPath, patch });
  }
  if (out.length === 0) throw new Error("no file changes found: expected a unified diff (--- a/PATH, +++ b/PATH, @@ hunks)");
  return out;
}
function applyFilePatch(original, patch) {
  const result = applyPatch(original, patch.patch);
  return result === false ? null : result;
}
var CLI_SPELLING = { suppressions: "--allow-suppressions", deletions: "--allow-deletions" };
var MYERS_MAX_LINES = 4e3;
var MYERS_MAX_EDITS = 500;
function changeBlocks(a, b) {
  const blocks = [];
  const work = [[0, a.length, 0, b.length]];
  while (work.length > 0) {
    let [aLo, aHi, bLo, bHi] = work.pop();
    while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) {
      aLo++;
      bLo++;
    }
    while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) {
      aHi--;
      bHi--;
    }
    if (aLo === aHi && bLo === bHi) continue;
    if (aLo === aHi || bLo === bHi) {
      blocks.push({ oldStart: aLo, oldEnd: aHi, newStart: bLo, newEnd: bHi });
      continue;
    }
    const anchors = uniqueAnchors(a, aLo, aHi, b, bLo, bHi);
    if (anchors.length > 0) {
      let [pa, pb] = [aLo, bLo];
      for (const [i, j] of anchors) {
        work.push([pa, i, pb, j]);
        [pa, pb] = [i + 1, j + 1];
      }
      work.push([pa, aHi, pb, bHi]);
      continue;
    }
    blocks.push(...myersBlocks(a, aLo, aHi, b, bLo, bHi));
  }
  return blocks.sort((x, y) => x.oldStart - y.oldStart || x.newStart - y.newStart);
}
function uniqueAnchors(a, aLo, aHi, b, bLo, bHi) {
  const seen = /* @__PURE__ */ new Map();
  for (let i = aLo; i < aHi; i++) {
    const e = seen.get(a[i]) ?? { inA: 0, inB: 0, i, j: -1 };
    e.inA++;
    seen.set(a[i], e);
  }
  for (let j = bLo; j < bHi; j++) {
    const e = seen.get(b[j]);
    if (!e) continue;
    e.inB++;
    e.j = j;
  }
  const pairs = [...seen.values()].filter((e) => e.inA === 1 && e.inB === 1).map((e) => [e.i, e.j]).sort((x, y) => x[0] - y[0]);
  const tails = [];
  const back = new Array(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    const j = pairs[k][1];
    let [lo, hi] = [0, tails.length];
    while (lo < hi) {
      const mid = lo + hi >> 1;
      if (pairs[tails[mid]][1] < j) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) back[k] = tails[lo - 1];
    tails[lo] = k;
  }
  const out = [];
  for (let k = tails.length > 0 ? tails[tails.length - 1] : -1; k >= 0; k = back[k]) out.push(pairs[k]);
  return out.reverse();
}
function myersBlocks(a, aLo, aHi, b, bLo, bHi) {
  const whole = [{ oldStart: aLo, oldEnd: aHi, newStart: bLo, newEnd: bHi }];
  if (aHi - aLo + (bHi - bLo) > MYERS_MAX_LINES) return whole;
  const changes = diffArrays(a.slice(aLo, aHi), b.slice(bLo, bHi), { maxEditLength: MYERS_MAX_EDITS });
  if (!changes) return whole;
  const out = [];
  let [i, j] = [aLo, bLo];
  let open = null;
  for (const c of changes) {
    if (!c.added && !c.removed) {
      if (open) out.push(open);
      open = null;
      i += c.count;
      j += c.count;
      continue;
    }
    open ??= { oldStart: i, oldEnd: i, newStart: j, newEnd: j };
    if (c.removed) open.oldEnd = i += c.count;
    else open.newEnd = j += c.count;
  }
  if (open) out.push(open);
  return out;
}
var INERT_LINE = /^\s*(?:(?:pass|\.\.\.)\s*)?(?:#.*)?$/;
function splitLines(text) {
  return text.split(/\r\n|\r|\n/);
}
function lineChanges(before, after) {
  const a = before === null ? [] : splitLines(before);
  if (after === null) return { old: a.map(() => "deleted"), written: [] };
  const b = splitLines(after);
  const old = a.map(() => "same");
  const written = b.map(() => false);
  for (const block of changeBlocks(a, b)) {
    let replaced = false;
    for (let j = block.newStart; j < block.newEnd; j++) {
      written[j] = true;
      if (!INERT_LINE.test(b[j])) replaced = true;
    }
    for (let i = block.oldStart; i < block.oldEnd; i++) old[i] = replaced ? "edited" : "deleted";
  }
  return { old, written };
}
function changeOfSpan(f, text, changes) {
  const lines = text === null ? [] : splitLines(text);
  let deleted = 0;
  let touched = false;
  let allDeleted = true;
  for (let l = f.line; l <= f.endLine && l <= lines.length; l++) {
    const state = changes.old[l - 1] ?? "same";
    if (state !== "same") touched = true;
    if (lines[l - 1].trim() === "") continue;
    if (state === "deleted") deleted++;
    else allDeleted = false;
  }
  if (deleted > 0 && allDeleted) return "deleted";
  return touched ? "edited" : "untouched";
}
async function pythonSyntaxError(text) {
  const { parser } = await loadPython();
  const tree = parse(parser, text);
  try {
    const error = firstSyntaxError(tree.rootNode);
    if (error) return { line: error.startPosition.row + 1, column: error.startPosition.column + 1, what: "a syntax error" };
    for (const block of tree.rootNode.descendantsOfType("block")) {
      if (!block || block.namedChildren.some((c) => c !== null && c.type !== "comment")) continue;
      const owner = block.parent ?? block;
      return { line: owner.startPosition.row + 1, column: owner.startPosition.column + 1, what: `a \`${owner.type.replace(/_/g, " ")}\` whose body has no statement left` };
    }
    return null;
  } finally {
    tree.delete();
  }
}
var RANK = { deleted: 0, edited: 1, untouched: 2 };
function groupKey(f, fingerprint) {
  return `${f.code}\0${f.path}\0${fingerprint}`;
}
function locationKey(f) {
  return `${f.code}\0${f.path}\0${f.line}\0${f.column}\0${f.endLine}\0${f.endColumn}\0${f.message}`;
}
function countBy(items) {
  const counts = /* @__PURE__ */ new Map();
  for (const k of items) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}
var plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
async function judgeChange(files, lint, cwd, options = {}) {
  const spelling = options.spelling ?? CLI_SPELLING;
  const beforeTexts = /* @__PURE__ */ new Map();
  const afterTexts = /* @__PURE__ */ new Map();
  for (const f of files) {
    if (f.before !== null) beforeTexts.set(f.abs, f.before);
    if (f.after !== null) afterTexts.set(f.abs, f.after);
  }
  const empty = { findings: [], errors: [], files: 0 };
  const lintOf = async (texts, ignoreNoqa = false) => texts.size === 0 ? empty : ignoreNoqa ? lint(texts, { ignoreNoqa: true }) : lint(texts);
  const shown = (texts) => new Map([...texts].map(([abs, text]) => [displayPath(abs, cwd), text]));
  const beforeShown = shown(beforeTexts);
  const afterShown = shown(afterTexts);
  const byShown = new Map(files.map((f) => [displayPath(f.abs, cwd), f]));
  const changesOf = /* @__PURE__ */ new Map();
  const changes = (p) => {
    const file = byShown.get(p);
    if (!file) return void 0;
    if (!changesOf.has(p)) changesOf.set(p, lineChanges(file.before, file.after));
    return changesOf.get(p);
  };
  const before = await lintOf(beforeTexts);
  const after = await lintOf(afterTexts);
  const beforeGroups = /* @__PURE__ */ new Map();
  for (const { finding, fingerprint } of fingerprintFindings(before.findings, (p) => beforeShown.get(p))) {
    const key = groupKey(finding, fingerprint);
    const lc = changes(finding.path);
    const change = lc ? changeOfSpan(finding, beforeShown.get(finding.path) ?? null, lc) : "untouched";
    const group = beforeGroups.get(key) ?? [];
    group.push({ finding, change });
    beforeGroups.set(key, group);
  }
  const afterPrints = fingerprintFindings(after.findings, (p) => afterShown.get(p));
  const afterCounts = countBy(afterPrints.map(({ finding, fingerprint }) => groupKey(finding, fingerprint)));
  const introduced = [];
  const remaining = [];
  for (const { finding, fingerprint, occurrence } of afterPrints) {
    (occurrence <= (beforeGroups.get(groupKey(finding, fingerprint))?.length ?? 0) ? remaining : introduced).push(finding);
  }
  const gone = /* @__PURE__ */ new Map();
  for (const [key, group] of beforeGroups) {
    const count2 = group.length - (afterCounts.get(key) ?? 0);
    if (count2 <= 0) continue;
    const ranked = group.map((g, i) => ({ g, i })).sort((x, y) => RANK[x.g.change] - RANK[y.g.change] || y.i - x.i);
    gone.set(key, ranked.slice(0, count2).map((r) => r.g));
  }
  const suppressed = [];
  const suppressedOf = /* @__PURE__ */ new Map();
  if (gone.size > 0) {
    const shownAfter = new Set(after.findings.map(locationKey));
    const hiddenAfter = /* @__PURE__ */ new Map();
    for (const { finding, fingerprint } of fingerprintFindings((await lintOf(afterTexts, true)).findings, (p) => afterShown.get(p))) {
      if (shownAfter.has(locationKey(finding))) continue;
      const key = groupKey(finding, fingerprint);
      const hidden = hiddenAfter.get(key);
      if (hidden) hidden.push(finding);
      else hiddenAfter.set(key, [finding]);
    }
    if (hiddenAfter.size > 0) {
      const raw = fingerprintFindings((await lintOf(beforeTexts, true)).findings, (p) => beforeShown.get(p));
      const rawCounts = countBy(raw.map(({ finding, fingerprint }) => groupKey(finding, fingerprint)));
      for (const [key, hidden] of hiddenAfter) {
        const hiddenBefore = (rawCounts.get(key) ?? 0) - (beforeGroups.get(key)?.length ?? 0);
        const count2 = hidden.length - hiddenBefore;
        if (count2 <= 0) continue;
        const written = (f) => changes(f.path)?.written[f.line - 1] ? 0 : 1;
        suppressed.push(...hidden.map((f, i) => ({ f, i })).sort((x, y) => written(x.f) - written(y.f) || x.i - y.i).slice(0, count2).map((x) => x.f));
        suppressedOf.set(key, count2);
      }
    }
  }
  const resolved = [];
  const deleted = [];
  let suppressedOriginals = 0;
  for (const [key, group] of gone) {
    let hidden = Math.min(suppressedOf.get(key) ?? 0, group.length);
    suppressedOriginals += hidden;
    for (let k = group.length - 1; k >= 0; k--) {
      const { finding, change } = group[k];
      if (hidden > 0) hidden--;
      else (change === "deleted" ? deleted : resolved).push(finding);
    }
  }
  const syntaxErrors = [];
  const reasons = [];
  for (const [abs, text] of [...afterTexts].sort(([a], [b]) => a < b ? -1 : 1)) {
    const error = await pythonSyntaxError(text);
    if (!error) continue;
    const where = { path: displayPath(abs, cwd), line: error.line, column: error.column };
    syntaxErrors.push(where);
    const what = error.what === "a syntax error" ? "" : `: ${error.what}`;
    reasons.push(`${where.path} does not parse after the change (line ${where.line}, column ${where.column}${what})`);
  }
  const errors = [...before.errors, ...after.errors];
  for (const e of after.errors) reasons.push(`${e.path} could not be checked after the change: ${e.message}`);
  if (introduced.length > 0) reasons.push(`it introduces ${plural(introduced.length, "new finding", "new findings")}`);
  const suppressionRejects = suppressed.length > 0 && !options.allowSuppressions;
  if (suppressionRejects) {
    reasons.push(`${plural(suppressed.length, "finding was", "findings were")} suppressed with noqa, not fixed; pass ${spelling.suppressions} to accept that`);
  }
  const credited = resolved.length + (options.allowSuppressions ? suppressedOriginals : 0) + (options.allowDeletions ? deleted.length : 0);
  if (credited === 0) {
    if (deleted.length > 0 && !options.allowDeletions) {
      if (reasons.length === 0) {
        reasons.push(`the patch removes the flagged code instead of fixing it (${plural(deleted.length, "finding", "findings")} deleted with ${deleted.length === 1 ? "its" : "their"} code); pass ${spelling.deletions} to accept that`);
      }
    } else if (!suppressionRejects) {
      reasons.push("it resolves no finding");
    }
  }
  return {
    verdict: reasons.length === 0 ? "accepted" : "rejected",
    reasons,
    parses: syntaxErrors.length === 0,
    syntaxErrors,
    resolved: sortFindings(resolved),
    suppressed: sortFindings(suppressed),
    deleted: sortFindings(deleted),
    introduced,
    remaining,
    errors
  };
}

// src/cli/verify.ts
var PYTHON = /\.pyi?$/;
var MAX_PATCH_BYTES = 64 * 1024 * 1024;
function splitList(values) {
  return values?.flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
}
function judgementJson(j) {
  return {
    verdict: j.verdict,
    reasons: j.reasons,
    parses: j.parses,
    syntaxErrors: j.syntaxErrors,
    resolved: j.resolved.map(findingJson),
    introduced: j.introduced.map(findingJson),
    remaining: j.remaining.map(findingJson),
    errors: j.errors.map((e) => ({ path: e.path, message: e.message })),
    suppressed: j.suppressed.map(findingJson),
    deleted: j.deleted.map(findingJson)
  };
}
function notJudgedJson(reason) {
  return { verdict: "rejected", reasons: [reason], parses: null, syntaxErrors: [], resolved: [], introduced: [], remaining: [], errors: [], suppressed: [], deleted: [] };
}
function line(f) {
  return `  ${escapeForTerminal(`${f.path}:${f.line}:${f.column}: ${f.code} ${f.message} [${f.agent}]`)}`;
}
var count = (n, what) => `${n} finding${n === 1 ? "" : "s"}${what}`;
function renderJudgement(j) {
  const done = j.resolved.length > 0 || j.suppressed.length === 0 && j.deleted.length === 0 ? [`resolves ${count(j.resolved.length, "")}`] : [];
  if (j.suppressed.length > 0) done.push(`suppresses ${count(j.suppressed.length, " with noqa (allowed)")}`);
  if (j.deleted.length > 0) done.push(`deletes ${count(j.deleted.length, ` with ${j.deleted.length === 1 ? "its" : "their"} code`)}`);
  const out = [
    j.verdict === "accepted" ? `Accepted: ${done.join(", ")} and introduces none.` : `Rejected: ${escapeForTerminal(j.reasons.join("; "))}.`
  ];
  if (j.resolved.length > 0) out.push("", `Resolved (${j.resolved.length}), lines of the original:`, ...j.resolved.map(line));
  if (j.suppressed.length > 0) out.push("", `Suppressed with noqa, not fixed (${j.suppressed.length}), lines of the patched text:`, ...j.suppressed.map(line));
  if (j.deleted.length > 0) out.push("", `Deleted with its code: ${j.deleted.length}, lines of the original:`, ...j.deleted.map(line));
  if (j.introduced.length > 0) out.push("", `New (${j.introduced.length}), lines of the patched text:`, ...j.introduced.map(line));
  for (const e of j.syntaxErrors) out.push("", `${escapeForTerminal(e.path)}:${e.line}:${e.column}: does not parse after the patch`);
  if (j.remaining.length > 0) out.push("", `Still there: ${j.remaining.length} finding${j.remaining.length === 1 ? "" : "s"} the patch does not touch.`);
  return `${out.join("\n")}
`;
}
function targetOf(p, base) {
  if (p.oldPath === null) return p.newPath;
  if (p.newPath === null || p.newPath === p.oldPath) return p.oldPath;
  const names = [p.oldPath, p.newPath];
  const existing = names.filter((n) => existsSync(path.resolve(base, n)));
  const rank = (n) => [n.split("/").length, path.posix.basename(n).length, n.length];
  const pool = existing.length > 0 ? existing : names;
  return pool.sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    return ra[0] - rb[0] || ra[1] - rb[1] || ra[2] - rb[2];
  })[0];
}
function baseFor(patches, cwd) {
  const edits = patches.filter((p) => p.oldPath !== null);
  const found = (base) => edits.every((p) => existsSync(path.resolve(base, targetOf(p, base))));
  if (found(cwd)) return cwd;
  const repo = findUp(cwd, (dir) => existsSync(path.join(dir, ".git")));
  return repo && found(repo) ? repo : cwd;
}
function outsideTree(patches, base, cwd) {
  for (const p of patches) {
    for (const name of [p.oldPath, p.newPath]) {
      if (name === null) continue;
      const abs = path.resolve(base, name);
      if (path.isAbsolute(name) || !isInside(base, abs)) {
        return `the patch names ${JSON.stringify(name)}, which is outside the working tree ${displayPath(base, cwd) || "."} (${base}); only files inside it are judged`;
      }
    }
  }
  return null;
}
function applyInMemory(patches, base, cwd, maxFileSize) {
  const changes = [];
  for (const p of patches) {
    const abs = path.resolve(base, targetOf(p, base));
    const shown = displayPath(abs, cwd);
    let before = null;
    if (p.oldPath !== null) {
      const source = readSource(abs, maxFileSize);
      if (!source.ok) return { ok: false, reason: `the patch does not apply: ${shown}: ${source.reason}` };
      before = source.text;
    } else if (existsSync(abs)) {
      return { ok: false, reason: `the patch does not apply: it creates ${shown}, which exists` };
    }
    const patched = applyFilePatch(before ?? "", p);
    if (patched === null) return { ok: false, reason: `the patch does not apply to ${shown}: its context lines are not in the file` };
    changes.push({ abs, before, after: p.newPath === null ? null : patched });
  }
  return { ok: true, changes };
}
function textLinter(setup, deleted = /* @__PURE__ */ new Set()) {
  let linter;
  let index;
  return async (texts, options = {}) => {
    linter ??= Linter.create(setup.configured, { threads: 1 });
    index ??= setup.indexFiles();
    const files = [...texts.keys()];
    const indexOnly = index.filter((f) => !deleted.has(f) || texts.has(f));
    return (await linter).lint({
      root: setup.root,
      cwd: setup.cwd,
      files,
      texts,
      indexOnly,
      maxFileSize: setup.maxFileSize,
      ignoredCodesFor: setup.ignoredCodesFor,
      isTestFile: setup.isTestFile,
      ...options.ignoreNoqa ? { ignoreNoqa: true } : {}
    });
  };
}
async function runVerify(args, flags, rules, io) {
  if (args.length !== 1) throw new UsageError("verify takes one patch file (a unified diff), or '-' for standard input");
  const format = flags.format ?? "text";
  if (format !== "text" && format !== "json") throw new UsageError(`--format: '${format}' is not one of text, json (for verify)`);
  const source = args[0];
  const read = source === "-" ? io.readStdin(MAX_PATCH_BYTES, "the patch size limit") : readRegularFile(path.resolve(io.cwd, source), MAX_PATCH_BYTES, "the patch size limit");
  if (!read.ok) throw new UsageError(`verify: cannot read ${source === "-" ? "standard input" : source}: ${read.reason}`);
  let diffText;
  try {
    diffText = new TextDecoder("utf-8", { fatal: true }).decode(read.bytes);
  } catch {
    throw new UsageError(`verify: ${source === "-" ? "standard input" : source} is not valid UTF-8`);
  }
  const reject = (reason) => {
    if (format === "json") io.stdout(`${JSON.stringify(notJudgedJson(reason), null, 2)}
`);
    else io.stdout(`Rejected: ${escapeForTerminal(reason)}.
`);
    return 1;
  };
  let patches;
  try {
    patches = parseUnifiedDiff(diffText);
  } catch (error) {
    return reject(error.message);
  }
  const base = baseFor(patches, io.cwd);
  const outside = outsideTree(patches, base, io.cwd);
  if (outside) return reject(outside);
  const firstPath = path.resolve(base, targetOf(patches[0], base));
  const setup = prepareLint(path.dirname(firstPath), io.cwd, rules, {
    config: flags.config,
    select: splitList(flags.select),
    extendSelect: splitList(flags["extend-select"]),
    ignore: splitList(flags.ignore),
    agent: flags.agent
  });
  const applied = applyInMemory(patches, base, io.cwd, setup.maxFileSize);
  if (!applied.ok) return reject(applied.reason);
  const python = applied.changes.filter((c) => PYTHON.test(c.abs));
  if (python.length === 0) return reject("the patch changes no Python file, so it resolves no finding");
  const deleted = new Set(python.filter((c) => c.after === null).map((c) => c.abs));
  const judgement = await judgeChange(python, textLinter(setup, deleted), io.cwd, {
    allowSuppressions: flags["allow-suppressions"] === true,
    allowDeletions: flags["allow-deletions"] === true
  });
  io.stdout(format === "json" ? `${JSON.stringify(judgementJson(judgement), null, 2)}
` : renderJudgement(judgement));
  return judgement.verdict === "accepted" ? 0 : 1;
}

export {
  parseUnifiedDiff,
  applyFilePatch,
  judgeChange,
  judgementJson,
  notJudgedJson,
  renderJudgement,
  outsideTree,
  applyInMemory,
  textLinter,
  runVerify
};
