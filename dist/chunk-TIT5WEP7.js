import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  buildTopology
} from "./chunk-5SNAC5ZD.js";
import {
  Linter,
  displayPath
} from "./chunk-HL2M4FMB.js";

// src/topology/run.ts
async function topologyOf(setup, files, cwd, options = {}) {
  const indexOnly = files.length > 0 ? setup.indexFiles() : [];
  const findings = [];
  const errors = [];
  const summaries = /* @__PURE__ */ new Map();
  for (const g of setup.groups(files)) {
    const linter = await Linter.create(g.scope.configured, options);
    const part = await linter.lint({
      root: setup.root,
      cwd,
      files: g.files,
      indexOnly,
      maxFileSize: g.scope.maxFileSize,
      ignoredCodesFor: setup.ignoredCodesFor,
      isTestFile: setup.isTestFile
    });
    findings.push(...part.findings);
    errors.push(...part.errors);
    for (const s of part.summaries ?? []) if (!summaries.has(s.path)) summaries.set(s.path, s);
  }
  const linted = new Set(files.map((f) => displayPath(f, cwd)));
  return { topology: buildTopology([...summaries.values()], findings, linted), errors, files: files.length };
}

export {
  topologyOf
};
