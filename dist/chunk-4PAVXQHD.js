import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  topologyOf
} from "./chunk-TIT5WEP7.js";
import {
  applyFilePatch,
  judgeChange,
  judgementJson,
  notJudgedJson,
  parseUnifiedDiff,
  textLinter
} from "./chunk-W44RVAZN.js";
import {
  renderMermaid
} from "./chunk-5SNAC5ZD.js";
import {
  commonDirectory,
  findingJson,
  prepareLint
} from "./chunk-MHIWPTQD.js";
import {
  loadConfig
} from "./chunk-T4FOID4L.js";
import {
  UsageError
} from "./chunk-NXFFE74Q.js";
import {
  Linter,
  displayPath
} from "./chunk-HL2M4FMB.js";
import {
  fsPath,
  isInside
} from "./chunk-FJE4V3FT.js";

// src/mcp/tools.ts
import { statSync } from "node:fs";
import path from "node:path";
function result(structured) {
  return { content: [{ type: "text", text: JSON.stringify(structured, null, 2) }], structuredContent: structured };
}
function toolError(message) {
  return { content: [{ type: "text", text: message }], isError: true };
}
var Refused = class extends Error {
};
async function runTool(job, rules) {
  try {
    const root = projectRoot(job.cwd);
    switch (job.tool) {
      case "lint_paths":
        return await lintPaths(job.args, job.cwd, root, rules);
      case "lint_source":
        return await lintSource(job.args, job.cwd, root, rules);
      case "verify_fix":
        return await verifyFix(job.args, job.cwd, root, rules);
      case "topology":
        return await topology(job.args, job.cwd, root, rules);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof Refused) return toolError(error.message);
    throw error;
  }
}
function projectRoot(cwd) {
  return loadConfig(cwd, void 0, cwd).root;
}
function outsideReason(root, abs, shown) {
  if (isInside(root, abs)) return null;
  const written = path.relative(root, abs);
  const lexicallyInside = written === "" || !written.startsWith(`..${path.sep}`) && written !== ".." && !path.isAbsolute(written);
  return lexicallyInside ? `'${shown}' leads outside the project root ${root} through a symbolic link` : `'${shown}' is outside the project root ${root}`;
}
var ONLY_INSIDE = "the MCP tools read only files inside the project root";
function fileNameInRoot(tool, filename, cwd, root) {
  const refuse = (why) => {
    throw new Refused(`${tool}: ${why}; give a relative file name inside the project root ${root}, e.g. src/module.py`);
  };
  if (filename.includes("\0")) refuse("the file name contains a NUL byte");
  if (path.isAbsolute(filename)) refuse(`'${filename}' is an absolute path`);
  const abs = path.resolve(cwd, filename);
  const outside = outsideReason(root, abs, filename);
  if (outside) refuse(outside);
  const last = filename.replace(/[\\/]+$/, "").split(/[\\/]/).pop() ?? "";
  if (abs === root || last === "." || last === ".." || /[\\/]$/.test(filename) || isDirectory(abs)) refuse(`'${filename}' names a directory, not a file`);
  return abs;
}
function isDirectory(abs) {
  try {
    return statSync(fsPath(abs)).isDirectory();
  } catch {
    return false;
  }
}
function confined(setup, root) {
  return { ...setup, indexFiles: () => setup.indexFiles().filter((f) => isInside(root, f)) };
}
function lintResult(findings, errors, files, max) {
  return {
    findings: findings.slice(0, max).map(findingJson),
    errors: errors.map((e) => ({ path: e.path, message: e.message })),
    summary: { files, findings: findings.length, errors: errors.length },
    truncated: findings.length > max
  };
}
function setupOptions(args) {
  return { select: args.select, ignore: args.ignore, agent: args.agent };
}
function confinedFiles(tool, paths, cwd, root, rules, options) {
  const abs = paths.map((p) => path.resolve(cwd, p));
  const refused = paths.flatMap((p, i) => outsideReason(root, abs[i], p) ?? []);
  if (refused.length > 0) throw new Refused(`${tool}: ${refused.join("; ")}; ${ONLY_INSIDE}. Nothing was linted.`);
  const setup = confined(prepareLint(commonDirectory(abs, cwd), cwd, rules, options), root);
  const discovered = setup.discoverer.discover(abs);
  const files = [];
  const errors = discovered.errors.map((e) => ({ path: displayPath(e.path, cwd), message: e.message }));
  for (const file of discovered.files) {
    if (isInside(root, file)) files.push(file);
    else errors.push({ path: displayPath(file, cwd), message: `leads outside the project root ${root} (a symbolic link); not read` });
  }
  return { setup, files, errors };
}
async function lintPaths(args, cwd, root, rules) {
  const { setup, files, errors } = confinedFiles("lint_paths", args.paths, cwd, root, rules, setupOptions(args));
  const linter = await Linter.create(setup.configured);
  const res = await linter.lint({
    root: setup.root,
    cwd,
    files,
    indexOnly: setup.indexFiles(),
    maxFileSize: setup.maxFileSize,
    ignoredCodesFor: setup.ignoredCodesFor,
    isTestFile: setup.isTestFile
  });
  const all = [...errors, ...res.errors].sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return result(lintResult(res.findings, all, res.files, args.max_findings));
}
async function topology(args, cwd, root, rules) {
  const { setup, files, errors } = confinedFiles("topology", args.paths, cwd, root, rules, {});
  const run = await topologyOf(setup, files, cwd);
  const all = [...errors, ...run.errors].map((e) => ({ path: e.path, message: e.message })).sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return result({ topology: run.topology, mermaid: renderMermaid(run.topology), errors: all });
}
async function lintSource(args, cwd, root, rules) {
  const abs = fileNameInRoot("lint_source", args.filename, cwd, root);
  const setup = confined(prepareLint(path.dirname(abs), cwd, rules, setupOptions(args)), root);
  const res = await textLinter(setup)(/* @__PURE__ */ new Map([[abs, args.source]]));
  return result(lintResult(res.findings, res.errors, res.files, args.max_findings));
}
async function verifyFix(args, cwd, root, rules) {
  if (args.proposed === void 0 === (args.diff === void 0)) return toolError("give exactly one of proposed (the new text) or diff (a unified diff)");
  const abs = fileNameInRoot("verify_fix", args.filename, cwd, root);
  let proposed = args.proposed;
  if (args.diff !== void 0) {
    const applied = applyDiffTo(args.diff, args.original, args.filename);
    if (typeof applied !== "string" || applied === args.original) {
      const reason = typeof applied === "string" ? "the diff changes nothing" : applied.reason;
      return result(notJudgedJson(reason));
    }
    proposed = applied;
  }
  const setup = confined(prepareLint(path.dirname(abs), cwd, rules, setupOptions(args)), root);
  const judgement = await judgeChange([{ abs, before: args.original, after: proposed }], textLinter(setup), cwd, {
    allowSuppressions: args.allowSuppressions === true,
    allowDeletions: args.allowDeletions === true,
    spelling: { suppressions: "allowSuppressions: true", deletions: "allowDeletions: true" }
  });
  return result(judgementJson(judgement));
}
function applyDiffTo(diff, original, filename) {
  let patches;
  try {
    patches = parseUnifiedDiff(diff);
  } catch (error) {
    return { reason: error.message };
  }
  const wanted = filename.replace(/\\/g, "/").replace(/^\.\//, "");
  const named = (p) => (p.newPath ?? p.oldPath ?? "").replace(/^\.\//, "");
  const patch = patches.length === 1 ? patches[0] : patches.find((p) => named(p) === wanted || wanted.endsWith(`/${named(p)}`) || named(p).endsWith(`/${wanted}`));
  if (!patch) return { reason: `the diff changes ${patches.map(named).join(", ")}, not ${filename}` };
  if (patch.newPath === null) return { reason: "the diff deletes the file" };
  const patched = applyFilePatch(patch.oldPath === null ? "" : original, patch);
  return patched === null ? { reason: `the diff does not apply to ${filename}: its context lines are not in the original` } : patched;
}

export {
  result,
  toolError,
  runTool,
  projectRoot
};
