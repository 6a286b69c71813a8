import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  CONTAINER_TYPES,
  LineIndex,
  MODEL_NODE_TYPES,
  SemanticModel,
  collectCaptures,
  decodeSource,
  describeFsError,
  isNodeType,
  joinName,
  loadPython,
  parse,
  renderMessage,
  sweep
} from "./chunk-QFPFZNRJ.js";

// src/engine/lint.ts
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import path2 from "node:path";

// src/engine/analyze.ts
import { readFileSync } from "node:fs";

// src/engine/project.ts
import { existsSync } from "node:fs";
import path from "node:path";
var ProjectIndex = class {
  constructor(files) {
    this.files = files;
    for (const file of files) {
      if (!this.modules.has(file.module)) this.modules.set(file.module, file);
      for (const alias of file.aliases) if (!this.aliases.has(alias)) this.aliases.set(alias, file.module);
      for (const cls of file.classes) if (!this.classes.has(cls.qname)) this.classes.set(cls.qname, { ...cls, path: file.path });
    }
    for (const file of files) for (const t of file.processTargets) this.targets.add(this.canonical(t));
  }
  files;
  modules = /* @__PURE__ */ new Map();
  /** Alias (dotted path from the root) → the module name the file's own packages give it. */
  aliases = /* @__PURE__ */ new Map();
  classes = /* @__PURE__ */ new Map();
  targets = /* @__PURE__ */ new Set();
  /**
   * The name a symbol is defined under, following re-exports: `pipeline.Frame` →
   * `pipeline.frames.Frame` when `pipeline/__init__.py` does `from .frames import Frame`.
   */
  canonical(qname) {
    let current = qname;
    for (let hop = 0; hop < 16; hop++) {
      if (this.classes.has(current)) return current;
      const parts = current.split(".");
      let next = null;
      for (let i = parts.length - 1; i >= 1; i--) {
        const prefix = parts.slice(0, i).join(".");
        const mod = this.modules.get(prefix) ?? this.modules.get(this.aliases.get(prefix) ?? "");
        if (!mod) continue;
        if (mod.module !== prefix) {
          next = joinName(mod.module, parts.slice(i).join("."));
          break;
        }
        const imported = mod.imports[parts[i]];
        if (imported && imported !== current) next = joinName(imported, parts.slice(i + 1).join("."));
        break;
      }
      if (next === null) return current;
      current = next;
    }
    return current;
  }
  classByQname(qname) {
    return this.classes.get(this.canonical(qname));
  }
  /** Every class defined in the project, in file order. */
  allClasses() {
    return [...this.classes.values()];
  }
  /** True when a function or method (by qualified name) is passed as a process `target=`. */
  isProcessTarget(qname) {
    return this.targets.has(this.canonical(qname));
  }
  /**
   * All ancestors of a class, canonical names, project classes and external ones alike
   * (`torch.nn.Module`, `Exception`), breadth first; cycles are cut.
   */
  ancestors(qname) {
    const seen = /* @__PURE__ */ new Set();
    const order = [];
    const queue = [...this.classByQname(qname)?.bases ?? []];
    while (queue.length > 0) {
      const base = this.canonical(queue.shift());
      if (seen.has(base)) continue;
      seen.add(base);
      order.push(base);
      queue.push(...this.classes.get(base)?.bases ?? []);
    }
    return order;
  }
};
function moduleAliases(absPath, root, module) {
  const rel = path.relative(root, absPath).split(path.sep).join("/");
  if (rel.startsWith("..")) return [];
  const dotted = rel.replace(/\.pyi?$/, "").replace(/\/__init__$/, "").split("/").join(".");
  const out = /* @__PURE__ */ new Set([dotted, dotted.replace(/^src\./, "")]);
  out.delete(module);
  out.delete("");
  return [...out];
}
var initCache = /* @__PURE__ */ new Map();
function hasInit(dir) {
  let known = initCache.get(dir);
  if (known === void 0) {
    known = existsSync(path.join(dir, "__init__.py")) || existsSync(path.join(dir, "__init__.pyi"));
    initCache.set(dir, known);
  }
  return known;
}
function moduleNameFor(absPath, root) {
  const base = path.basename(absPath).replace(/\.pyi?$/, "");
  const isPackage = base === "__init__";
  const parts = isPackage ? [] : [base];
  let dir = path.dirname(absPath);
  const stop = path.dirname(root);
  while (dir !== stop && dir !== path.dirname(dir) && hasInit(dir)) {
    parts.unshift(path.basename(dir));
    dir = path.dirname(dir);
  }
  if (isPackage && parts.length === 0) parts.push(path.basename(path.dirname(absPath)));
  return { module: parts.join("."), isPackage };
}

// src/engine/suppressions.ts
var LINE_NOQA = /#\s*noqa(?::\s*([A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*))?/i;
var FILE_NOQA = /^#\s*pyteam-lint\s*:\s*noqa(?::\s*([A-Za-z]+[0-9]+(?:[\s,]+[A-Za-z]+[0-9]+)*))?\s*$/i;
function codesOf(list) {
  return list ? list.split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase()) : "all";
}
function merge(a, b) {
  if (a === "all" || b === "all") return "all";
  return [.../* @__PURE__ */ new Set([...a ?? [], ...b])];
}
function collectSuppressions(comments) {
  const result = { lines: {}, file: null };
  for (const { text, line } of comments) {
    const fileMatch = FILE_NOQA.exec(text);
    if (fileMatch) {
      result.file = merge(result.file, codesOf(fileMatch[1]));
      continue;
    }
    const m = LINE_NOQA.exec(text);
    if (!m) continue;
    result.lines[line] = merge(result.lines[line], codesOf(m[1]));
  }
  return result;
}
function isSuppressed(s, code, line) {
  const fileCodes = s.file;
  if (fileCodes === "all" || fileCodes?.includes(code)) return true;
  const codes = s.lines[line];
  return codes === "all" || (codes?.includes(code) ?? false);
}

// src/engine/triggers.ts
var globalForms = /* @__PURE__ */ new WeakMap();
function matchStarts(text, pattern) {
  let global = globalForms.get(pattern);
  if (!global) globalForms.set(pattern, global = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, "") + "g"));
  const out = [];
  for (const m of text.matchAll(global)) if (m[0].length > 0) out.push(m.index);
  return out;
}
function containsMatch(starts, start, end) {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = lo + hi >> 1;
    if (starts[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < starts.length && starts[lo] < end;
}
function nodesContaining(root, starts, type) {
  const found = /* @__PURE__ */ new Map();
  for (const offset of starts) {
    const target = root.descendantForIndex(offset);
    if (!target) continue;
    let cur = root;
    while (cur) {
      if (cur.type === type && !found.has(cur.id)) found.set(cur.id, { node: cur, type, start: cur.startIndex, end: cur.endIndex });
      if (cur.id === target.id) break;
      cur = cur.childWithDescendant(target);
    }
  }
  return [...found.values()].sort(byPosition);
}
function byPosition(a, b) {
  return a.start - b.start || b.end - a.end;
}
function mergeCaptures(a, b) {
  if (b.length === 0) return a;
  const out = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(byPosition(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

// src/engine/analyze.ts
var ALWAYS_CAPTURED = /* @__PURE__ */ new Set([...MODEL_NODE_TYPES, ...CONTAINER_TYPES]);
function noqaComments(root, text) {
  const out = [];
  const pattern = /#[^\r\n]*?noqa[^\r\n]*/gi;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const node = root.descendantForIndex(m.index);
    if (node?.type !== "comment" || node.startIndex !== m.index) {
      pattern.lastIndex = m.index + 1;
      continue;
    }
    out.push({ text: node.text, line: node.startPosition.row + 1 });
  }
  return out;
}
var FileAnalyzer = class {
  /**
   * @param configKey identifies the rule set and its options, for cache keys
   */
  constructor(rules, cache, configKey) {
    this.rules = rules;
    this.cache = cache;
    this.configKey = configKey;
  }
  rules;
  cache;
  configKey;
  typesFor(extraTypes) {
    return [.../* @__PURE__ */ new Set([...ALWAYS_CAPTURED, ...extraTypes])].sort();
  }
  /** Lints (or, with `report: false`, only summarises) one file: from the cache when its content is known. */
  async run(job) {
    const prepared = this.prepare(job);
    if ("outcome" in prepared) return prepared.outcome;
    const { bytes, shown, module, isPackage, cacheKey, fail } = prepared;
    if (job.floor) return this.floor(bytes, job);
    const outcome = await this.analyseBytes(bytes, job, shown, module, isPackage, fail);
    if (cacheKey && !outcome.errors.some((e) => e.internal)) this.cache.set(cacheKey, outcome);
    return outcome;
  }
  /** Reads and hashes a job: its outcome when that is already known (cached, unreadable), else what analysis needs. */
  prepare(job) {
    const shown = displayPath(job.abs, job.cwd);
    const fail = (message) => ({ findings: [], summary: null, errors: job.report ? [{ path: shown, message }] : [] });
    let bytes;
    if (job.text !== void 0) {
      bytes = Buffer.from(job.text, "utf8");
    } else {
      try {
        bytes = readFileSync(job.abs);
      } catch (error) {
        return { outcome: fail(describeFsError(error)) };
      }
    }
    const { module, isPackage } = moduleNameFor(job.abs, job.root);
    const cacheKey = job.floor ? void 0 : this.cache?.key([this.configKey, job.report ? "lint" : "summary", job.root, shown, module, String(isPackage), String(job.maxFileSize)], bytes);
    const cached = cacheKey ? this.cache.get(cacheKey) : void 0;
    return cached ? { outcome: cached } : { bytes, shown, module, isPackage, cacheKey, fail };
  }
  async floor(bytes, job) {
    const decoded = decodeSource(bytes, job.maxFileSize);
    if (decoded.ok) {
      const { parser } = await loadPython();
      const tree = parse(parser, decoded.text);
      if (job.floor === "walk") collectCaptures(tree.rootNode, ["module"]);
      tree.delete();
    }
    return { findings: [], summary: null, errors: [] };
  }
  async analyseBytes(bytes, job, shown, module, isPackage, fail) {
    let text;
    if (job.text !== void 0) text = job.text;
    else {
      const decoded = decodeSource(bytes, job.maxFileSize);
      if (!decoded.ok) return fail(decoded.reason);
      text = decoded.text;
    }
    const { parser } = await loadPython();
    let tree;
    try {
      tree = parse(parser, text);
    } catch (error) {
      return fail(`could not be parsed: ${error.message}`);
    }
    try {
      const summaryAliases = moduleAliases(job.abs, job.root, module);
      return this.analyse(tree.rootNode, text, shown, module, isPackage, job.report, summaryAliases);
    } finally {
      tree.delete();
    }
  }
  analyse(root, text, shown, module, isPackage, report, aliases) {
    const lines = new LineIndex(text);
    const model = new SemanticModel({ module, isPackage, source: text });
    const records = {};
    const findings = [];
    const errors = [];
    const handlers = /* @__PURE__ */ new Map();
    const exitHandlers = /* @__PURE__ */ new Map();
    let ancestors = [];
    const failed = /* @__PURE__ */ new Set();
    const internal = (rule, error) => {
      if (failed.has(rule)) return;
      failed.add(rule);
      const detail = error instanceof Error ? error.message : String(error);
      errors.push({ path: shown, message: `internal error in rule ${rule.rule.code} (${rule.rule.name}): ${detail}`, internal: true });
    };
    if (report) {
      for (const configured of this.rules) {
        const { rule } = configured;
        const ctx = {
          options: configured.options,
          file: { path: shown, module, source: text },
          model,
          get ancestors() {
            return ancestors;
          },
          report: (r) => {
            const span = r.span ?? { start: r.node?.startIndex ?? 0, end: r.node?.endIndex ?? 0 };
            findings.push(findingOf(configured, shown, lines.locate(span.start, span.end), r, r.fix ?? null));
          },
          locate: (node) => lines.locate(node.startIndex, node.endIndex),
          record: (data) => {
            (records[rule.code] ??= []).push(data);
          }
        };
        let visitors;
        try {
          visitors = rule.create(ctx);
        } catch (error) {
          internal(configured, error);
          continue;
        }
        for (const [key, visit] of Object.entries(visitors)) {
          const exit = key.endsWith(":exit");
          const type = exit ? key.slice(0, -5) : key;
          if (!isNodeType(root.tree.language, type)) {
            throw new Error(`rule ${rule.code} (${rule.name}) listens to '${key}', which is not a tree-sitter-python node type`);
          }
          const table = exit ? exitHandlers : handlers;
          let list = table.get(type);
          if (!list) table.set(type, list = []);
          const pattern = exit ? void 0 : rule.textTriggers?.[type];
          list.push({ rule: configured, visit, ...pattern ? { trigger: matchStarts(text, pattern) } : {} });
        }
      }
    }
    const fromText = new Map(
      [...handlers].filter(([type, list]) => !ALWAYS_CAPTURED.has(type) && !exitHandlers.has(type) && list.every((h) => h.trigger))
    );
    let captures = collectCaptures(root, this.typesFor([...handlers.keys(), ...exitHandlers.keys()].filter((t) => !fromText.has(t))));
    for (const [type, list] of fromText) {
      const starts = [...new Set(list.flatMap((h) => h.trigger))].sort((a, b) => a - b);
      captures = mergeCaptures(captures, nodesContaining(root, starts, type));
    }
    const containers = new Set(CONTAINER_TYPES);
    for (const t of exitHandlers.keys()) containers.add(t);
    model.indexCalls(captures);
    const modelTypes = new Set(MODEL_NODE_TYPES);
    const processCalls = [];
    sweep(captures, containers, {
      enter(capture, stack) {
        if (!modelTypes.has(capture.type)) return;
        model.enter(capture, stack);
        if (capture.type === "call" && model.mayConstructProcess(capture.node)) processCalls.push({ node: capture.node, ancestors: stack });
      }
    });
    model.finish(processCalls);
    if (report && (handlers.size > 0 || exitHandlers.size > 0)) {
      const dispatch = (table, capture, stack) => {
        const list = table.get(capture.type);
        if (!list) return;
        ancestors = stack;
        for (const { rule, visit, trigger } of list) {
          if (failed.has(rule)) continue;
          if (trigger && !containsMatch(trigger, capture.start, capture.end)) continue;
          try {
            visit(capture.node);
          } catch (error) {
            internal(rule, error);
          }
        }
      };
      sweep(captures, containers, {
        enter: (capture, stack) => dispatch(handlers, capture, stack),
        exit: (container, stack) => dispatch(exitHandlers, container, stack)
      });
    }
    const summary = {
      path: shown,
      module,
      isPackage,
      aliases,
      imports: Object.fromEntries(model.moduleImports),
      classes: model.classes.map((c) => {
        const name = c.node.childForFieldName("name") ?? c.node;
        return { name: c.name, qname: c.qname, bases: c.bases, metaclass: c.metaclass, location: lines.locate(name.startIndex, name.endIndex) };
      }),
      processTargets: model.processTargets,
      suppressions: collectSuppressions(noqaComments(root, text)),
      records
    };
    return { findings, summary, errors };
  }
};

// src/engine/pool.ts
import { existsSync as existsSync2 } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
var WORKER_URL = new URL("./worker.js", import.meta.url);
function workersAvailable() {
  return existsSync2(fileURLToPath(WORKER_URL));
}
async function runInWorkers(size, init, jobs, order = jobs.map((_, i) => i)) {
  const results = new Array(jobs.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(size, jobs.length) }, () => new Worker(WORKER_URL));
  try {
    await Promise.all(
      workers.map(
        (worker) => new Promise((resolve, reject) => {
          let inFlight = 0;
          const feed = () => {
            while (inFlight < 2 && next < order.length) {
              const id = order[next++];
              inFlight++;
              worker.postMessage({ type: "job", id, job: jobs[id] });
            }
            if (inFlight === 0) resolve();
          };
          worker.on("message", (reply) => {
            inFlight--;
            results[reply.id] = "error" in reply ? new Error(reply.error) : reply.outcome;
            feed();
          });
          worker.on("error", reject);
          worker.on("exit", (code) => {
            if (inFlight > 0) reject(new Error(`lint worker exited with code ${code} while linting`));
          });
          worker.postMessage({ type: "init", init });
          feed();
        })
      )
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

// src/engine/lint.ts
var MIN_FILES_PER_WORKER = 8;
function findingOf(configured, file, location, report, fix) {
  const { rule } = configured;
  const template = rule.messages[report.messageId];
  if (template === void 0) throw new Error(`unknown message id '${report.messageId}'`);
  return {
    code: rule.code,
    name: rule.name,
    agent: rule.agent,
    severity: configured.severity,
    path: file,
    ...location,
    message: renderMessage(template, report.data),
    fix
  };
}
function displayPath(abs, cwd) {
  const rel = path2.relative(cwd, abs);
  return (rel === "" ? path2.basename(abs) : rel).split(path2.sep).join("/");
}
var Linter = class _Linter {
  constructor(rules, options) {
    this.rules = rules;
    this.options = options;
    this.configKey = createHash("sha256").update(JSON.stringify(rules.map((r) => [r.rule.code, r.severity, r.options]))).digest("hex");
    this.analyzer = new FileAnalyzer(rules, options.cache, this.configKey);
  }
  rules;
  options;
  analyzer;
  configKey;
  /** Nothing heavy happens here: the grammar loads on the first file that is not in the cache. */
  static async create(rules, options = {}) {
    return new _Linter(rules, options);
  }
  async lint(request) {
    const linted = [...new Set(request.files)].sort();
    const base = { root: request.root, cwd: request.cwd, maxFileSize: request.maxFileSize };
    const textOf = (abs) => {
      if (request.stdin && request.stdin.path === abs) return { text: request.stdin.text };
      const text = request.texts?.get(abs);
      return text === void 0 ? {} : { text };
    };
    const jobs = linted.map((abs) => ({ abs, report: true, ...base, ...textOf(abs) }));
    const hasProjectRules = this.rules.some((r) => r.rule.project);
    if (hasProjectRules) {
      const seen = new Set(linted);
      for (const abs of [...new Set(request.indexOnly ?? [])].sort()) if (!seen.has(abs)) jobs.push({ abs, report: false, ...base, ...textOf(abs) });
    }
    const results = await this.execute(jobs);
    const outcomes = /* @__PURE__ */ new Map();
    const summaries = [];
    results.forEach((outcome, i) => {
      if (jobs[i].report) outcomes.set(jobs[i].abs, outcome);
      if (outcome.summary) summaries.push(outcome.summary);
    });
    summaries.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    const findings = [];
    const errors = [];
    for (const o of outcomes.values()) {
      findings.push(...o.findings);
      errors.push(...o.errors);
    }
    if (hasProjectRules) findings.push(...this.runProjectRules(summaries, errors));
    const reported = /* @__PURE__ */ new Map();
    for (const abs of linted) {
      const s = outcomes.get(abs)?.summary;
      if (s) reported.set(s.path, s);
    }
    const kept = findings.filter((f) => {
      const summary = reported.get(f.path);
      if (!summary) return false;
      if (isSuppressed(summary.suppressions, f.code, f.line)) return false;
      return true;
    });
    const filtered = request.ignoredCodesFor ? this.applyPerFileIgnores(kept, request, linted) : kept;
    return { findings: sortFindings(filtered), errors: sortErrors(errors), files: linted.length };
  }
  /** Benchmarks only: reads, decodes and parses the files (and walks the trees) with the same threads, nothing else. */
  async floor(files, root, maxFileSize, floor) {
    await this.execute(files.map((abs) => ({ abs, report: false, floor, root, cwd: root, maxFileSize })));
  }
  /** Answers what it can from the cache and analyses the rest; results in job order. */
  async execute(all) {
    const out = new Array(all.length);
    let pending = all.map((_, i) => i);
    const threads = Math.max(1, this.options.threads ?? availableParallelism());
    const parallel = threads > 1 && all.length >= MIN_FILES_PER_WORKER * 2 && workersAvailable();
    if (parallel && this.options.cache) {
      pending = pending.filter((i) => {
        const prepared = this.analyzer.prepare(all[i]);
        if (!("outcome" in prepared)) return true;
        out[i] = prepared.outcome;
        return false;
      });
    }
    if (parallel && pending.length >= MIN_FILES_PER_WORKER * 2) {
      const results = await this.analyseInWorkers(threads, pending.map((i) => all[i]));
      results.forEach((outcome, k) => out[pending[k]] = outcome);
    } else {
      for (const i of pending) out[i] = await this.analyzer.run(all[i]);
    }
    return out;
  }
  /** Analyses in worker threads (each reads its files itself); results in job order. */
  async analyseInWorkers(threads, jobs) {
    const init = {
      rules: this.rules.map((r) => ({ code: r.rule.code, options: r.options, severity: r.severity })),
      configKey: this.configKey,
      cache: this.options.cache ? { dir: this.options.cache.dir, salt: this.options.cache.salt } : void 0
    };
    const workers = Math.min(threads, Math.ceil(jobs.length / MIN_FILES_PER_WORKER));
    const sizes = jobs.map((job) => {
      if (job.text !== void 0) return job.text.length;
      try {
        return statSync(job.abs).size;
      } catch {
        return 0;
      }
    });
    const largestFirst = jobs.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
    const results = await runInWorkers(workers, init, jobs, largestFirst);
    return results.map(
      (r, i) => r instanceof Error ? { findings: [], summary: null, errors: [{ path: displayPath(jobs[i].abs, jobs[i].cwd), message: `internal error: ${r.message}`, internal: true }] } : r
    );
  }
  applyPerFileIgnores(findings, request, linted) {
    const byDisplay = /* @__PURE__ */ new Map();
    for (const abs of linted) {
      const rel = path2.relative(request.root, abs).split(path2.sep).join("/");
      byDisplay.set(displayPath(abs, request.cwd), request.ignoredCodesFor(rel));
    }
    return findings.filter((f) => !byDisplay.get(f.path)?.has(f.code));
  }
  runProjectRules(summaries, errors) {
    const index = new ProjectIndex(summaries);
    const findings = [];
    for (const configured of this.rules) {
      const { rule } = configured;
      if (!rule.project) continue;
      try {
        rule.project({
          options: configured.options,
          index,
          records: () => summaries.flatMap((s) => (s.records[rule.code] ?? []).map((data) => ({ path: s.path, module: s.module, data }))),
          report: (r) => {
            findings.push(findingOf(configured, r.path, r.location, r, null));
          }
        });
      } catch (error) {
        errors.push({
          path: "<project>",
          message: `internal error in rule ${rule.code} (${rule.name}): ${error instanceof Error ? error.message : String(error)}`,
          internal: true
        });
      }
    }
    return findings;
  }
};
function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function sortFindings(findings) {
  return findings.sort(
    (a, b) => compare(a.path, b.path) || compare(a.line, b.line) || compare(a.column, b.column) || compare(a.code, b.code) || compare(a.endLine, b.endLine) || compare(a.endColumn, b.endColumn) || compare(a.message, b.message)
  );
}
function sortErrors(errors) {
  return errors.sort((a, b) => compare(a.path, b.path) || compare(a.message, b.message));
}

export {
  FileAnalyzer,
  displayPath,
  Linter
};
