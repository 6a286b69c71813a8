import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  Linter,
  displayPath
} from "./chunk-7DGZFLMC.js";
import {
  encodeSource,
  fixSource,
  isApplicable,
  sourceEncoding,
  unifiedDiff,
  writeFileAtomic
} from "./chunk-OKKPVLV3.js";
import {
  decodeSource,
  describeFsError
} from "./chunk-4FWOFUBR.js";

// src/cli/fix.ts
import { readFileSync } from "node:fs";
async function fixInMemory(ctx, unsafe) {
  const fixable = ctx.configured.filter((c) => c.rule.fixable !== void 0);
  const warnings = [];
  const fixes = [];
  if (fixable.length === 0) return { fixes, warnings };
  const linter = await Linter.create(fixable, ctx.threads ? { threads: ctx.threads } : {});
  const base = {
    root: ctx.root,
    cwd: ctx.cwd,
    maxFileSize: ctx.maxFileSize,
    ...ctx.ignoredCodesFor ? { ignoredCodesFor: ctx.ignoredCodesFor } : {},
    ...ctx.isTestFile ? { isTestFile: ctx.isTestFile } : {}
  };
  const first = await linter.lint({ ...base, files: ctx.files, ...ctx.stdin ? { stdin: ctx.stdin } : {} });
  const byPath = /* @__PURE__ */ new Map();
  for (const f of first.findings) {
    if (!isApplicable(f.fix, unsafe)) continue;
    const list = byPath.get(f.path);
    if (list) list.push(f);
    else byPath.set(f.path, [f]);
  }
  const absOf = new Map(ctx.files.map((abs) => [displayPath(abs, ctx.cwd), abs]));
  for (const [shown] of [...byPath].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)) {
    const abs = absOf.get(shown);
    if (!abs) continue;
    let before;
    if (ctx.stdin && ctx.stdin.path === abs) before = ctx.stdin.text;
    else {
      try {
        const decoded = decodeSource(readFileSync(abs), ctx.maxFileSize);
        if (!decoded.ok) continue;
        before = decoded.text;
      } catch (error) {
        warnings.push(`${shown}: not fixed: ${describeFsError(error)}`);
        continue;
      }
    }
    const lint = async (text) => (await linter.lint({ ...base, files: [abs], stdin: { path: abs, text } })).findings;
    const result = await fixSource(before, lint, { unsafe, initial: first.findings.filter((f) => f.path === shown) });
    if (result.skipped) warnings.push(`${shown}: not fixed: ${result.skipped}`);
    for (const r of result.rejected) warnings.push(`${shown}:${r.line}: ${r.code} fix not applied: its edits would leave the file broken (please report this)`);
    if (!result.converged) warnings.push(`${shown}: fixes still offered after ${result.passes} passes; stopped (please report this)`);
    if (result.text !== before) fixes.push({ path: shown, abs, before, result });
  }
  return { fixes, warnings };
}
function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
function describeFixes(fixes, verb) {
  const total = fixes.reduce((n, f) => n + f.result.fixed.length, 0);
  const out = [`${verb} ${plural(total, "finding")}:`];
  for (const file of fixes) {
    out.push(`- ${file.path}:`);
    const counts = /* @__PURE__ */ new Map();
    for (const r of file.result.fixed) {
      const key = `${r.code}\0${r.title}`;
      const c = counts.get(key);
      if (c) c.n++;
      else counts.set(key, { n: 1, r });
    }
    for (const { n, r } of [...counts.values()].sort((a, b) => a.r.code < b.r.code ? -1 : a.r.code > b.r.code ? 1 : a.r.title < b.r.title ? -1 : 1)) {
      out.push(`    ${n} \xD7 ${r.code} (${r.name}) ${r.applicability === "unsafe" ? "[unsafe] " : ""}${r.title}`);
    }
  }
  return `${out.join("\n")}
`;
}
async function runFixes(flags, ctx) {
  const unsafe = flags["unsafe-fixes"] === true;
  const { fixes, warnings } = await fixInMemory(ctx, unsafe);
  for (const w of warnings) ctx.stderr(`pyteam-lint: warning: ${w}
`);
  const total = fixes.reduce((n, f) => n + f.result.fixed.length, 0);
  const stdinFix = ctx.stdin ? fixes.find((f) => f.abs === ctx.stdin.path) : void 0;
  if (flags.diff) {
    for (const f of fixes) ctx.stdout(unifiedDiff(f.path, f.before, f.result.text));
    const summary = fixes.length > 0 ? `Would fix ${plural(total, "finding")} in ${plural(fixes.length, "file")}; run with --fix${unsafe ? " --unsafe-fixes" : ""} to apply.` : "No fixes to apply.";
    if (flags["show-fixes"] && fixes.length > 0) ctx.stderr(describeFixes(fixes, "Would fix"));
    if (!flags.quiet) ctx.stderr(`${summary}
`);
    return { exit: fixes.length > 0 ? 1 : 0, reportToStderr: false, note: "" };
  }
  let written = 0;
  const done = [];
  for (const f of fixes) {
    if (f === stdinFix) {
      done.push(f);
      continue;
    }
    try {
      const bytes = readFileSync(f.abs);
      const data = encodeSource(f.result.text, sourceEncoding(bytes));
      if (typeof data === "string") {
        ctx.stderr(`pyteam-lint: warning: ${f.path}: not fixed: ${data}
`);
        continue;
      }
      const decoded = decodeSource(bytes, Number.MAX_SAFE_INTEGER);
      if (!decoded.ok || decoded.text !== f.before) throw new Error("the file changed while it was being fixed; run again");
      writeFileAtomic(f.abs, data, bytes);
      written++;
      done.push(f);
    } catch (error) {
      const message = error instanceof Error && !("code" in error) ? error.message : describeFsError(error);
      ctx.stderr(`pyteam-lint: warning: ${f.path}: not fixed: ${message}
`);
    }
  }
  const fixedCount = done.reduce((n, f) => n + f.result.fixed.length, 0);
  let note = "";
  if (flags["show-fixes"] && done.length > 0) note += describeFixes(done, "Fixed");
  else if (!flags.quiet && fixedCount > 0) note += `Fixed ${plural(fixedCount, "finding")}${written > 0 ? ` in ${plural(written, "file")}` : ""}.
`;
  if (ctx.stdin) {
    const text = stdinFix ? stdinFix.result.text : ctx.stdin.text;
    ctx.stdout(text);
    return { stdinText: text, reportToStderr: true, note };
  }
  return { reportToStderr: false, note };
}
export {
  describeFixes,
  fixInMemory,
  runFixes
};
