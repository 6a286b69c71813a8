import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  escapeForTerminal
} from "./chunk-5IP3NNJX.js";
import {
  withSignalsHeld,
  withTreeLock
} from "./chunk-LIJ57RHV.js";
import "./chunk-NXFFE74Q.js";
import {
  Linter,
  UNUSED_NOQA,
  displayPath
} from "./chunk-HL2M4FMB.js";
import {
  NotWritten,
  encodeSource,
  fixSource,
  isApplicable,
  sourceEncoding,
  unifiedDiff,
  writeFileAtomic
} from "./chunk-CLJKJHLA.js";
import "./chunk-LVEPMWQZ.js";
import {
  describeFsError,
  isNotebookPath,
  readSource
} from "./chunk-FJE4V3FT.js";
import "./chunk-LMJK7JYR.js";

// src/cli/fix.ts
async function fixInMemory(ctx, unsafe) {
  const fixable = ctx.configured.filter((c) => c.rule.fixable !== void 0);
  const warnings = [];
  const fixes = [];
  if (fixable.length === 0) return { fixes, warnings };
  const options = ctx.threads ? { threads: ctx.threads } : {};
  const linter = await Linter.create(fixable, options);
  const auditsNoqa = fixable.some((c) => c.rule.code === UNUSED_NOQA);
  const base = {
    root: ctx.root,
    cwd: ctx.cwd,
    maxFileSize: ctx.maxFileSize,
    ...ctx.ignoredCodesFor ? { ignoredCodesFor: ctx.ignoredCodesFor } : {},
    ...ctx.isTestFile ? { isTestFile: ctx.isTestFile } : {}
  };
  const texts = /* @__PURE__ */ new Map();
  const bytesOf = /* @__PURE__ */ new Map();
  for (const abs of ctx.files) {
    if (ctx.stdin && ctx.stdin.path === abs) {
      texts.set(abs, ctx.stdin.text);
      continue;
    }
    const source = readSource(abs, ctx.maxFileSize);
    if (!source.ok) continue;
    texts.set(abs, source.text);
    bytesOf.set(abs, source.bytes);
  }
  const files = [...texts.keys()];
  const first = auditsNoqa ? await (await Linter.create(ctx.configured, options)).lint({ ...base, files, texts, indexOnly: ctx.indexOnly ?? [] }) : await linter.lint({ ...base, files, texts });
  const byPath = /* @__PURE__ */ new Map();
  for (const f of first.findings) {
    if (!isApplicable(f.fix, unsafe)) continue;
    const list = byPath.get(f.path);
    if (list) list.push(f);
    else byPath.set(f.path, [f]);
  }
  const absOf = new Map(files.map((abs) => [displayPath(abs, ctx.cwd), abs]));
  for (const [shown, initial] of [...byPath].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)) {
    const abs = absOf.get(shown);
    if (!abs) continue;
    const before = texts.get(abs);
    const lint = async (text) => (await linter.lint({ ...base, files: [abs], stdin: { path: abs, text } })).findings;
    const result = await fixSource(before, lint, { unsafe, initial, notebook: isNotebookPath(abs) });
    if (result.skipped) warnings.push(`${shown}: not fixed: ${result.skipped}`);
    for (const r of result.rejected) warnings.push(`${shown}:${r.line}: ${r.code} fix not applied: its edits would leave the file broken (please report this)`);
    if (!result.converged) warnings.push(`${shown}: fixes still offered after ${result.passes} passes; stopped (please report this)`);
    const bytes = bytesOf.get(abs);
    if (result.text !== before) fixes.push({ path: shown, abs, before, result, ...bytes ? { bytes } : {} });
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
    out.push(`- ${escapeForTerminal(file.path)}:`);
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
  if (flags.diff || ctx.stdin) return fixStep(flags, ctx);
  return withTreeLock(ctx.root, () => fixStep(flags, ctx), (message) => ctx.stderr(`pyteam-lint: ${message}
`));
}
async function fixStep(flags, ctx) {
  const unsafe = flags["unsafe-fixes"] === true;
  const { fixes, warnings } = await fixInMemory(ctx, unsafe);
  for (const w of warnings) ctx.stderr(`pyteam-lint: warning: ${escapeForTerminal(w)}
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
  await withSignalsHeld(() => {
    for (const f of fixes) {
      if (f === stdinFix) {
        done.push(f);
        continue;
      }
      try {
        const data = encodeSource(f.result.text, sourceEncoding(f.bytes));
        if (typeof data === "string") {
          ctx.stderr(`pyteam-lint: warning: ${escapeForTerminal(`${f.path}: not fixed: ${data}`)}
`);
          continue;
        }
        writeFileAtomic(f.abs, data, f.bytes, ctx.confine);
        written++;
        done.push(f);
      } catch (error) {
        const message = error instanceof NotWritten ? error.message : describeFsError(error, "written");
        ctx.stderr(`pyteam-lint: warning: ${escapeForTerminal(`${f.path}: not fixed: ${message}`)}
`);
      }
    }
  });
  const fixedCount = done.reduce((n, f) => n + f.result.fixed.length, 0);
  let note = "";
  if (flags["show-fixes"] && done.length > 0) note += describeFixes(done, "Fixed");
  else if (!flags.quiet && fixedCount > 0) note += `Fixed ${plural(fixedCount, "finding")}${written > 0 ? ` in ${plural(written, "file")}` : ""}.
`;
  if (ctx.stdin) {
    const text = stdinFix ? stdinFix.result.text : ctx.stdin.text;
    ctx.stdout(text);
    return { stdinText: text, reportToStderr: true, note, fixed: fixedCount };
  }
  return { reportToStderr: false, note, fixed: fixedCount };
}
export {
  describeFixes,
  fixInMemory,
  runFixes
};
