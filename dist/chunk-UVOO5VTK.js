import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  findUp,
  findingJson,
  fingerprintFindings,
  prepareLint
} from "./chunk-G4O6PK7K.js";
import {
  UsageError
} from "./chunk-NXFFE74Q.js";
import {
  Linter,
  displayPath
} from "./chunk-BRQOK3Q5.js";
import {
  applyPatch,
  parsePatch,
  syntaxErrorIn
} from "./chunk-A4C7QEXH.js";
import {
  escapeForTerminal
} from "./chunk-5IP3NNJX.js";
import {
  decodeSource,
  isInside,
  readRegularFile
} from "./chunk-RI5M3CY7.js";

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
function keyOf(f, fingerprint, occurrence) {
  return `${f.code}\0${f.path}\0${fingerprint}\0${occurrence}`;
}
async function judgeChange(files, lint, cwd) {
  const beforeTexts = /* @__PURE__ */ new Map();
  const afterTexts = /* @__PURE__ */ new Map();
  for (const f of files) {
    if (f.before !== null) beforeTexts.set(f.abs, f.before);
    if (f.after !== null) afterTexts.set(f.abs, f.after);
  }
  const shown = (texts) => new Map([...texts].map(([abs, text]) => [displayPath(abs, cwd), text]));
  const before = beforeTexts.size > 0 ? await lint(beforeTexts) : { findings: [], errors: [], files: 0 };
  const after = afterTexts.size > 0 ? await lint(afterTexts) : { findings: [], errors: [], files: 0 };
  const beforeShown = shown(beforeTexts);
  const afterShown = shown(afterTexts);
  const beforeKeys = /* @__PURE__ */ new Map();
  for (const { finding, fingerprint, occurrence } of fingerprintFindings(before.findings, (p) => beforeShown.get(p))) {
    beforeKeys.set(keyOf(finding, fingerprint, occurrence), finding);
  }
  const afterKeys = /* @__PURE__ */ new Set();
  const introduced = [];
  const remaining = [];
  for (const { finding, fingerprint, occurrence } of fingerprintFindings(after.findings, (p) => afterShown.get(p))) {
    const key = keyOf(finding, fingerprint, occurrence);
    afterKeys.add(key);
    (beforeKeys.has(key) ? remaining : introduced).push(finding);
  }
  const resolved = [...beforeKeys].filter(([key]) => !afterKeys.has(key)).map(([, f]) => f);
  const syntaxErrors = [];
  for (const [abs, text] of [...afterTexts].sort(([a], [b]) => a < b ? -1 : 1)) {
    const error = await syntaxErrorIn(text);
    if (error) syntaxErrors.push({ path: displayPath(abs, cwd), ...error });
  }
  const errors = [...before.errors, ...after.errors];
  const reasons = [];
  for (const e of syntaxErrors) reasons.push(`${e.path} does not parse after the change (line ${e.line}, column ${e.column})`);
  for (const e of after.errors) reasons.push(`${e.path} could not be checked after the change: ${e.message}`);
  if (introduced.length > 0) reasons.push(`it introduces ${introduced.length} new finding${introduced.length === 1 ? "" : "s"}`);
  if (resolved.length === 0) reasons.push("it resolves no finding");
  return {
    verdict: reasons.length === 0 ? "accepted" : "rejected",
    reasons,
    parses: syntaxErrors.length === 0,
    syntaxErrors,
    resolved,
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
    errors: j.errors.map((e) => ({ path: e.path, message: e.message }))
  };
}
function line(f) {
  return `  ${escapeForTerminal(`${f.path}:${f.line}:${f.column}: ${f.code} ${f.message} [${f.agent}]`)}`;
}
function renderJudgement(j) {
  const out = [
    j.verdict === "accepted" ? `Accepted: resolves ${j.resolved.length} finding${j.resolved.length === 1 ? "" : "s"} and introduces none.` : `Rejected: ${escapeForTerminal(j.reasons.join("; "))}.`
  ];
  if (j.resolved.length > 0) out.push("", `Resolved (${j.resolved.length}), lines of the original:`, ...j.resolved.map(line));
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
      const read = readRegularFile(abs, maxFileSize);
      if (!read.ok) return { ok: false, reason: `the patch does not apply: ${shown}: ${read.reason}` };
      const decoded = decodeSource(read.bytes, maxFileSize);
      if (!decoded.ok) return { ok: false, reason: `the patch does not apply: ${shown}: ${decoded.reason}` };
      before = decoded.text;
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
  return async (texts) => {
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
      isTestFile: setup.isTestFile
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
    if (format === "json") io.stdout(`${JSON.stringify({ verdict: "rejected", reasons: [reason], parses: null, syntaxErrors: [], resolved: [], introduced: [], remaining: [], errors: [] }, null, 2)}
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
  const judgement = await judgeChange(python, textLinter(setup, deleted), io.cwd);
  io.stdout(format === "json" ? `${JSON.stringify(judgementJson(judgement), null, 2)}
` : renderJudgement(judgement));
  return judgement.verdict === "accepted" ? 0 : 1;
}

export {
  parseUnifiedDiff,
  applyFilePatch,
  judgeChange,
  judgementJson,
  renderJudgement,
  outsideTree,
  applyInMemory,
  textLinter,
  runVerify
};
