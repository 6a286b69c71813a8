import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  UsageError
} from "./chunk-NXFFE74Q.js";
import {
  Linter,
  displayPath
} from "./chunk-BRQOK3Q5.js";
import {
  NotWritten,
  encodeSource,
  fixSource,
  isApplicable,
  sourceEncoding,
  unifiedDiff,
  writeFileAtomic
} from "./chunk-A4C7QEXH.js";
import {
  escapeForTerminal
} from "./chunk-5IP3NNJX.js";
import {
  decodeSource,
  describeFsError,
  readRegularFile
} from "./chunk-RI5M3CY7.js";

// src/cli/fixlock.ts
import { createHash } from "node:crypto";
import { closeSync, openSync, readFileSync, realpathSync, rmSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
var LOCK_WAIT_MS = 12e4;
var POLL_MS = 100;
function lockFile(root) {
  let real = root;
  try {
    real = realpathSync(root);
  } catch {
  }
  const id = createHash("sha256").update(real).digest("hex").slice(0, 16);
  return path.join(os.tmpdir(), `pyteam-lint-fix-${id}.lock`);
}
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}
var sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function withTreeLock(root, work, notify) {
  const file = lockFile(root);
  const deadline = Date.now() + LOCK_WAIT_MS;
  let told = false;
  for (; ; ) {
    try {
      const fd = openSync(file, "wx", 420);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw new UsageError(`--fix: cannot create the lock file ${file}: ${error.code ?? String(error)}`);
    }
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(file, "utf8"));
    } catch {
      continue;
    }
    if (Number.isInteger(holder) && holder > 0 && !alive(holder)) {
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new UsageError(`--fix: another pyteam-lint run (pid ${holder}) has been fixing ${root} for over ${LOCK_WAIT_MS / 1e3} s; try again later`);
    if (!told) notify(`waiting for another pyteam-lint run (pid ${holder}) to finish fixing ${root}`);
    told = true;
    await sleep(POLL_MS);
  }
  const release = () => rmSync(file, { force: true });
  process.once("exit", release);
  try {
    return await work();
  } finally {
    process.off("exit", release);
    release();
  }
}
var HELD_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
async function withSignalsHeld(work) {
  const received = [];
  const hold = (signal) => void received.push(signal);
  for (const s of HELD_SIGNALS) process.on(s, hold);
  try {
    return work();
  } finally {
    await new Promise((resolve) => setImmediate(resolve));
    for (const s of HELD_SIGNALS) process.off(s, hold);
    if (received.length > 0) process.kill(process.pid, received[0]);
  }
}

// src/cli/fix.ts
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
    let bytes;
    const fromStdin = ctx.stdin !== void 0 && ctx.stdin.path === abs;
    if (fromStdin) before = ctx.stdin.text;
    else {
      const read = readRegularFile(abs, ctx.maxFileSize);
      if (!read.ok) {
        warnings.push(`${shown}: not fixed: ${read.reason}`);
        continue;
      }
      const decoded = decodeSource(read.bytes, ctx.maxFileSize);
      if (!decoded.ok) continue;
      before = decoded.text;
      bytes = read.bytes;
    }
    const lint = async (text) => (await linter.lint({ ...base, files: [abs], stdin: { path: abs, text } })).findings;
    const result = await fixSource(before, lint, { unsafe, ...fromStdin ? { initial: first.findings.filter((f) => f.path === shown) } : {} });
    if (result.skipped) warnings.push(`${shown}: not fixed: ${result.skipped}`);
    for (const r of result.rejected) warnings.push(`${shown}:${r.line}: ${r.code} fix not applied: its edits would leave the file broken (please report this)`);
    if (!result.converged) warnings.push(`${shown}: fixes still offered after ${result.passes} passes; stopped (please report this)`);
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
