import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  projectRoot,
  result,
  runTool,
  toolError
} from "./chunk-4PAVXQHD.js";
import "./chunk-TIT5WEP7.js";
import "./chunk-W44RVAZN.js";
import "./chunk-5SNAC5ZD.js";
import "./chunk-POD25EKF.js";
import {
  isClosedPipe,
  optionDocs,
  ruleRow
} from "./chunk-Z6LWHUYD.js";
import "./chunk-MHIWPTQD.js";
import {
  matchSelector
} from "./chunk-T4FOID4L.js";
import "./chunk-5IP3NNJX.js";
import {
  UsageError
} from "./chunk-NXFFE74Q.js";
import "./chunk-HL2M4FMB.js";
import "./chunk-LVEPMWQZ.js";
import {
  AGENTS,
  external_exports
} from "./chunk-FJE4V3FT.js";
import "./chunk-LMJK7JYR.js";

// src/mcp/runner.ts
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
var DEFAULT_TIME_LIMIT_MS = 12e4;
var MAX_RUNNING = Math.max(1, Math.min(4, availableParallelism()));
var MAX_WAITING = 16;
var WORKER_URL = new URL("./mcp-worker.js", import.meta.url);
var ToolRunner = class {
  constructor(options) {
    this.options = options;
    this.workerUrl = existsSync(fileURLToPath(WORKER_URL)) ? WORKER_URL : null;
    if (this.workerUrl) this.spare = this.spawn();
    else options.log(`no worker bundle (${fileURLToPath(WORKER_URL)}): tool calls run on the server's thread and cannot be stopped`);
  }
  options;
  workerUrl;
  running = /* @__PURE__ */ new Set();
  /** Calls waiting for a thread, oldest first: `go` hands one the thread of a call that ended. */
  waiting = [];
  active = 0;
  spare;
  stopped = false;
  /** Runs one call; answers an error result when it is refused, times out or fails. A cancelled call resolves too (its answer is not sent). */
  async run(job, signal, label) {
    const deadline = Date.now() + this.options.timeLimitMs;
    if (this.stopped) return toolError("the server is shutting down");
    if (this.active >= MAX_RUNNING || this.waiting.length > 0) {
      if (this.waiting.length >= MAX_WAITING) {
        return toolError(`the server is busy: ${this.active} calls are running and ${this.waiting.length} are waiting; try again when some have finished`);
      }
      const turn = await this.turn(signal, deadline);
      if (turn === "late") return this.timedOut(job, label);
      if (turn === "cancelled") return toolError("cancelled by the client");
      if (turn === "stopped") return toolError("the server is shutting down");
    } else {
      this.active++;
    }
    try {
      return this.workerUrl ? await this.inWorker(job, signal, deadline, label) : await this.inProcess(job, deadline, label);
    } finally {
      const next = this.waiting.shift();
      if (next) next.go();
      else this.active--;
    }
  }
  /** Stops every call and the spare thread. */
  async stop() {
    this.stopped = true;
    for (const waiter of this.waiting.splice(0)) waiter.stop();
    const all = [...this.running, ...this.spare ? [this.spare] : []];
    this.spare = void 0;
    await Promise.all(all.map((w) => w.terminate().catch(() => void 0)));
  }
  /** Waits until a running call hands over its slot ('go'), or the call is cancelled, out of time or the server stops. */
  turn(signal, deadline) {
    return new Promise((resolve) => {
      const waiter = { go: () => done("go"), stop: () => done("stopped") };
      const done = (outcome) => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(outcome);
      };
      const onAbort = () => done("cancelled");
      const timer = setTimeout(() => done("late"), Math.max(0, deadline - Date.now()));
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }
  timedOut(job, label) {
    const seconds = Math.round(this.options.timeLimitMs / 100) / 10;
    this.options.log(`${label}: stopped at the time limit of ${seconds} s`);
    return toolError(
      `${job.tool} did not finish within the time limit of ${seconds} s for one call and was stopped; ` + (job.tool === "lint_paths" ? "lint fewer paths per call" : "send a smaller text")
    );
  }
  /** A worker thread that has started loading the rules and grammar; its own output goes to the log, never to the protocol. */
  spawn() {
    const worker = new Worker(this.workerUrl, { stdout: true, stderr: true });
    const forward = (chunk) => {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) this.options.log(`worker: ${line}`);
    };
    worker.stdout.on("data", forward);
    worker.stderr.on("data", forward);
    const lost = () => {
      if (this.spare === worker) this.spare = void 0;
    };
    worker.once("error", lost);
    worker.once("exit", lost);
    worker.unref();
    return worker;
  }
  take() {
    const worker = this.spare ?? this.spawn();
    this.spare = this.stopped ? void 0 : this.spawn();
    worker.ref();
    return worker;
  }
  inWorker(job, signal, deadline, label) {
    return new Promise((resolve) => {
      const worker = this.take();
      this.running.add(worker);
      let settled = false;
      const finish = (answer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        this.running.delete(worker);
        worker.terminate().catch(() => void 0);
        resolve(answer);
      };
      const onAbort = () => {
        this.options.log(`${label}: cancelled by the client; its thread was stopped`);
        finish(toolError("cancelled by the client"));
      };
      const timer = setTimeout(() => finish(this.timedOut(job, label)), Math.max(0, deadline - Date.now()));
      worker.on("message", (reply) => finish("result" in reply ? reply.result : failed(job, reply.error)));
      worker.on("error", (error) => finish(failed(job, describeWorkerError(error))));
      worker.on("exit", (code) => finish(this.stopped ? toolError("the server is shutting down") : failed(job, `its thread stopped (exit code ${code}) before answering`)));
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      worker.postMessage(job);
    });
  }
  /** No worker bundle: the call runs here. It cannot be stopped, but its answer still comes in time. */
  async inProcess(job, deadline, label) {
    let timer;
    const late = new Promise((resolve) => {
      timer = setTimeout(() => resolve(this.timedOut(job, label)), Math.max(0, deadline - Date.now()));
    });
    try {
      return await Promise.race([
        runTool(job, this.options.rules).catch((error) => failed(job, error instanceof Error ? error.message : String(error))),
        late
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
};
function failed(job, why) {
  return toolError(`internal error in ${job.tool}: ${why}. This is a bug in pyteam-lint; please report it with the call that caused it.`);
}
function describeWorkerError(error) {
  const code = error.code;
  if (code === "ERR_WORKER_OUT_OF_MEMORY") return "it ran out of memory";
  return error.message;
}

// src/mcp/server.ts
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
var DEFAULT_MAX_FINDINGS = 200;
var fixSchema = external_exports.object({
  title: external_exports.string(),
  applicability: external_exports.enum(["safe", "unsafe"]),
  edits: external_exports.array(external_exports.object({ start: external_exports.number(), end: external_exports.number(), text: external_exports.string() }))
});
var findingSchema = external_exports.object({
  code: external_exports.string(),
  name: external_exports.string(),
  agent: external_exports.string(),
  severity: external_exports.enum(["error", "warning", "info"]),
  path: external_exports.string(),
  line: external_exports.number(),
  column: external_exports.number(),
  endLine: external_exports.number(),
  endColumn: external_exports.number(),
  message: external_exports.string(),
  fix: fixSchema.nullable()
});
var errorSchema = external_exports.object({ path: external_exports.string(), message: external_exports.string() });
var lintOutput = {
  findings: external_exports.array(findingSchema),
  errors: external_exports.array(errorSchema),
  summary: external_exports.object({ files: external_exports.number(), findings: external_exports.number().describe("all findings, also those left out by max_findings"), errors: external_exports.number() }),
  truncated: external_exports.boolean().describe("true when findings holds only the first max_findings findings")
};
var selection = {
  select: external_exports.array(external_exports.string()).optional().describe("rules to enable instead of the configured ones: codes (PTL301), prefixes (PTL3), names, or ALL"),
  ignore: external_exports.array(external_exports.string()).optional().describe("rules to disable: codes, prefixes or names"),
  agent: external_exports.enum(AGENTS).optional().describe("only this role's findings")
};
var maxFindings = external_exports.number().int().min(1).max(1e4).default(DEFAULT_MAX_FINDINGS).describe("at most this many findings are returned");
var READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
function createServer(options) {
  const { cwd, rules, runner } = options;
  const run = (job, extra) => runner.run(job, extra.signal, `${job.tool} (request ${JSON.stringify(extra.requestId)})`);
  const server = new McpServer(
    { name: "pyteam-lint", version: options.version },
    {
      instructions: "pyteam-lint finds anti-patterns in Python ML code (queues without timeouts, consumers without shutdown, unsafe torch.load/pickle, deep inheritance\u2026); every finding names the team role that owns it. Lint with lint_paths or lint_source, read a rule with explain_rule, and before proposing a fix, check it with verify_fix: it is accepted only when it resolves a finding, introduces none, hides none behind a new noqa and still parses (deleting the flagged code is reported as deleted and does not count as a fix)."
    }
  );
  server.registerTool(
    "lint_paths",
    {
      title: "Lint files and directories",
      description: "Lints Python files and directories (relative to the project) with the project's configuration and returns the findings as in `pyteam-lint --format json`: code, owning agent, location, message and the deterministic fix when there is one. Only paths inside the project root are read (after resolving symbolic links); others are refused, naming the root.",
      inputSchema: {
        paths: external_exports.array(external_exports.string().min(1)).min(1).describe("files or directories inside the project, relative to the project directory"),
        ...selection,
        max_findings: maxFindings
      },
      outputSchema: lintOutput,
      annotations: { title: "Lint files and directories", ...READ_ONLY }
    },
    async (args, extra) => run({ tool: "lint_paths", args, cwd }, extra)
  );
  server.registerTool(
    "topology",
    {
      title: "Draw the pipeline",
      description: "The process topology of the pipelines started under the paths, as `pyteam-lint topology --format json` gives it: parents, processes, threads, pools and in-parent stages, the queues, pipes and events between them (with maxsize and the message types on each edge), start/join/terminate edges, and marks linking the pipeline findings of the same run (code, path, line); an end no one can resolve is null, never guessed. Also the same graph as a Mermaid flowchart. Only paths inside the project root are read.",
      inputSchema: {
        paths: external_exports.array(external_exports.string().min(1)).min(1).default(["."]).describe("files or directories inside the project, relative to the project directory")
      },
      outputSchema: {
        topology: external_exports.object({ version: external_exports.literal(1), nodes: external_exports.array(external_exports.record(external_exports.string(), external_exports.unknown())), edges: external_exports.array(external_exports.record(external_exports.string(), external_exports.unknown())) }),
        mermaid: external_exports.string().describe("the graph as a Mermaid `flowchart LR`"),
        errors: external_exports.array(errorSchema)
      },
      annotations: { title: "Draw the pipeline", ...READ_ONLY }
    },
    async (args, extra) => run({ tool: "topology", args, cwd }, extra)
  );
  server.registerTool(
    "lint_source",
    {
      title: "Lint source text",
      description: "Lints Python source given as text, under a file name (which decides the configuration, per-file ignores and module name for cross-file rules). Nothing is read from or written to that path; it must be a relative file name inside the project root.",
      inputSchema: {
        source: external_exports.string().describe("the Python source text"),
        filename: external_exports.string().min(1).describe("the file name to lint it as, relative and inside the project, e.g. src/pipeline/detector.py"),
        ...selection,
        max_findings: maxFindings
      },
      outputSchema: lintOutput,
      annotations: { title: "Lint source text", ...READ_ONLY }
    },
    async (args, extra) => run({ tool: "lint_source", args, cwd }, extra)
  );
  server.registerTool(
    "list_rules",
    {
      title: "List the rules",
      description: "Every rule: code, name, owning agent, severity, whether it is on by default, whether it offers fixes, and its summary.",
      inputSchema: {},
      outputSchema: {
        rules: external_exports.array(
          external_exports.object({
            code: external_exports.string(),
            name: external_exports.string(),
            agent: external_exports.string(),
            severity: external_exports.string(),
            enabledByDefault: external_exports.boolean(),
            fixable: external_exports.enum(["safe", "unsafe"]).nullable(),
            testCode: external_exports.enum(["report", "ignore", "only"]),
            summary: external_exports.string()
          })
        )
      },
      annotations: { title: "List the rules", ...READ_ONLY }
    },
    async () => result({
      rules: rules.map(ruleRow)
    })
  );
  server.registerTool(
    "explain_rule",
    {
      title: "Explain a rule",
      description: "A rule's documentation: what it flags, why it matters, a bad and a good example, its options and their defaults.",
      inputSchema: { rule: external_exports.string().min(1).describe("a rule code (PTL301) or name (unsafe-torch-load)") },
      outputSchema: {
        code: external_exports.string(),
        name: external_exports.string(),
        agent: external_exports.string(),
        severity: external_exports.string(),
        enabledByDefault: external_exports.boolean(),
        fixable: external_exports.enum(["safe", "unsafe"]).nullable(),
        summary: external_exports.string(),
        why: external_exports.string(),
        bad: external_exports.string(),
        good: external_exports.string(),
        options: external_exports.array(external_exports.object({ name: external_exports.string(), description: external_exports.string(), default: external_exports.unknown() }))
      },
      annotations: { title: "Explain a rule", ...READ_ONLY }
    },
    async (args) => {
      const wanted = args.rule.trim();
      const rule = rules.find((r) => r.code === wanted.toUpperCase() || r.name === wanted);
      if (!rule) {
        let near = [];
        try {
          near = matchSelector(wanted, [...rules], "explain_rule");
        } catch {
          near = [];
        }
        const hint = near.length > 0 ? ` Did you mean ${near.map((r) => r.code).join(", ")}?` : "";
        return toolError(`'${wanted}' is not a rule code or name; list_rules shows them all.${hint}`);
      }
      return result({
        code: rule.code,
        name: rule.name,
        agent: rule.agent,
        severity: rule.severity,
        enabledByDefault: rule.enabledByDefault,
        fixable: rule.fixable ?? null,
        summary: rule.docs.summary,
        why: rule.docs.why,
        bad: rule.docs.bad,
        good: rule.docs.good,
        options: optionDocs(rule).map((o) => ({ name: o.name, description: o.description, default: o.default }))
      });
    }
  );
  server.registerTool(
    "verify_fix",
    {
      title: "Judge a proposed fix",
      description: "Lints a file before and after a proposed change (the new text, or a unified diff of this one file) and judges it: `accepted` only when at least one finding is resolved, no new finding appears and the file still parses. Findings are matched by the code they flag, not by line, so moved code is not a new finding. A finding hidden by a `# noqa` or `# pyteam-lint: noqa` the change adds or widens is `suppressed`, not resolved, and rejects the change unless allowSuppressions; a finding whose lines the change removes without replacing them is `deleted` and does not count as resolved unless allowDeletions (a change that only deletes flagged code is rejected).",
      inputSchema: {
        filename: external_exports.string().min(1).describe("the file name, relative and inside the project (decides configuration and module name)"),
        original: external_exports.string().describe("the file's text before the change"),
        proposed: external_exports.string().optional().describe("the whole text after the change (give this or diff)"),
        diff: external_exports.string().optional().describe("a unified diff of this file (give this or proposed)"),
        allowSuppressions: external_exports.boolean().optional().describe("accept findings hidden by a noqa the change adds, counting them as resolved (default false: they reject the change)"),
        allowDeletions: external_exports.boolean().optional().describe("count findings removed together with their code as resolved (default false: deleting is not fixing)"),
        ...selection
      },
      outputSchema: {
        verdict: external_exports.enum(["accepted", "rejected"]),
        reasons: external_exports.array(external_exports.string()),
        parses: external_exports.boolean().nullable().describe("null when the diff did not apply"),
        syntaxErrors: external_exports.array(external_exports.object({ path: external_exports.string(), line: external_exports.number(), column: external_exports.number() })),
        resolved: external_exports.array(findingSchema),
        introduced: external_exports.array(findingSchema),
        remaining: external_exports.array(findingSchema),
        errors: external_exports.array(errorSchema),
        suppressed: external_exports.array(findingSchema).describe("findings still there but hidden by a noqa the change added or widened (lines of the changed text)"),
        deleted: external_exports.array(findingSchema).describe("findings whose flagged lines the change removed without replacement (lines of the original)")
      },
      annotations: { title: "Judge a proposed fix", ...READ_ONLY }
    },
    async (args, extra) => run({ tool: "verify_fix", args, cwd }, extra)
  );
  return server;
}

// src/mcp/transport.ts
import { JSONRPCMessageSchema } from "@modelcontextprotocol/sdk/types.js";
var MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
var ID_PREFIX_BYTES = 64 * 1024;
var PARSE_ERROR = -32700;
var INVALID_REQUEST = -32600;
var LineTransport = class {
  constructor(options) {
    this.options = options;
    this.max = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  }
  options;
  onclose;
  onerror;
  onmessage;
  max;
  /** The current line's pieces while it is within the cap. */
  parts = [];
  size = 0;
  /** Set while skipping the rest of an oversized line. */
  skipping = false;
  outputFailed = false;
  closed = false;
  pending = /* @__PURE__ */ new Set();
  idleWaiters = [];
  async start() {
    const { input, output } = this.options;
    input.on("data", this.onData);
    input.on("end", this.onEnd);
    input.on("error", this.onEnd);
    output.on("error", this.onWriteError);
  }
  /** Requests received and not yet answered (a cancelled one needs no answer). */
  get unanswered() {
    return this.pending.size;
  }
  /** Resolves once every request received so far has been answered. */
  whenIdle() {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
  send(message) {
    if ("id" in message && !("method" in message)) this.answered(message.id);
    return this.write(message);
  }
  async close() {
    if (this.closed) return;
    this.closed = true;
    const { input } = this.options;
    input.off("data", this.onData);
    input.off("end", this.onEnd);
    input.off("error", this.onEnd);
    this.parts = [];
    this.onclose?.();
  }
  write(message) {
    const { output } = this.options;
    if (this.outputFailed || output.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      output.write(`${JSON.stringify(message)}
`, () => resolve());
    });
  }
  answered(id) {
    if (id === null || id === void 0 || !this.pending.delete(id)) return;
    if (this.pending.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
  onWriteError = (error) => {
    if (this.outputFailed) return;
    this.outputFailed = true;
    this.options.onOutputError(error);
  };
  onEnd = () => {
    if (this.size > 0 && !this.skipping) this.line(Buffer.concat(this.parts, this.size));
    this.parts = [];
    this.size = 0;
    this.options.onInputEnd();
  };
  onData = (chunk) => {
    const data = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    let from = 0;
    while (from <= data.length && !this.closed) {
      const nl = data.indexOf(10, from);
      const end = nl === -1 ? data.length : nl;
      const piece = data.subarray(from, end);
      if (!this.skipping) {
        if (this.size + piece.length > this.max) {
          this.oversized(piece);
        } else if (piece.length > 0) {
          this.parts.push(piece);
          this.size += piece.length;
        }
      }
      if (nl === -1) break;
      if (!this.skipping && this.size > 0) this.line(Buffer.concat(this.parts, this.size));
      this.parts = [];
      this.size = 0;
      this.skipping = false;
      from = nl + 1;
    }
  };
  /** The line grew past the cap: answer now from its start, then skip it to its newline. */
  oversized(piece) {
    const head = [];
    let kept = 0;
    for (const part of [...this.parts, piece]) {
      if (kept >= ID_PREFIX_BYTES) break;
      const slice = part.subarray(0, ID_PREFIX_BYTES - kept);
      head.push(slice);
      kept += slice.length;
    }
    const id = leadingId(Buffer.concat(head, kept).toString("utf8"));
    this.parts = [];
    this.size = 0;
    this.skipping = true;
    const mib = (n) => `${Math.round(n / 1024 / 1024 * 10) / 10} MiB`;
    this.options.log(`refused a message larger than ${mib(this.max)}${id === null ? "" : ` (request ${JSON.stringify(id)})`}`);
    this.reply(id, INVALID_REQUEST, `message too large: the limit is ${mib(this.max)} per message; lint files by path (lint_paths) rather than sending their text`, { limit: this.max });
  }
  line(bytes) {
    const text = bytes.toString("utf8").replace(/\r$/, "");
    if (text.trim() === "") return;
    let value;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.reply(null, PARSE_ERROR, `parse error: the message is not JSON (${error.message})`);
      return;
    }
    if (Array.isArray(value)) {
      this.reply(null, INVALID_REQUEST, "invalid request: JSON-RPC batches are not supported (MCP sends one message per line)");
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(value);
    if (!parsed.success) {
      const id = value !== null && typeof value === "object" ? usableId(value.id) : null;
      this.reply(id, INVALID_REQUEST, 'invalid request: not a JSON-RPC 2.0 request, notification or response (jsonrpc "2.0", a string method, an id that is a string or a number)');
      return;
    }
    const message = parsed.data;
    if ("method" in message) {
      if ("id" in message) this.pending.add(message.id);
      else if (message.method === "notifications/cancelled") this.answered(usableId(message.params?.requestId));
    }
    try {
      this.onmessage?.(message);
    } catch (error) {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
    }
  }
  reply(id, code, message, data) {
    void this.write({ jsonrpc: "2.0", id, error: { code, message, ...data === void 0 ? {} : { data } } });
  }
};
function usableId(id) {
  return typeof id === "string" || typeof id === "number" && Number.isFinite(id) ? id : null;
}
function leadingId(text) {
  let i = skipSpace(text, 0);
  if (text[i] !== "{") return null;
  i++;
  for (; ; ) {
    i = skipSpace(text, i);
    const key = readString(text, i);
    if (!key) return null;
    i = skipSpace(text, key.end);
    if (text[i] !== ":") return null;
    i = skipSpace(text, i + 1);
    if (key.value === "id") {
      const str = readString(text, i);
      if (str) return str.value;
      const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?(?=\s*[,}])/.exec(text.slice(i, i + 40));
      return num ? usableId(Number(num[0])) : null;
    }
    i = skipValue(text, i);
    if (i < 0) return null;
    i = skipSpace(text, i);
    if (text[i] !== ",") return null;
    i++;
  }
}
function skipSpace(text, i) {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}
function readString(text, i) {
  if (text[i] !== '"') return null;
  let j = i + 1;
  while (j < text.length) {
    const c = text[j];
    if (c === "\\") j += 2;
    else if (c === '"') {
      try {
        return { value: JSON.parse(text.slice(i, j + 1)), end: j + 1 };
      } catch {
        return null;
      }
    } else j++;
  }
  return null;
}
function skipValue(text, i) {
  if (text[i] === '"') return readString(text, i)?.end ?? -1;
  if (text[i] === "{" || text[i] === "[") {
    let depth = 0;
    let j = i;
    while (j < text.length) {
      const c = text[j];
      if (c === '"') {
        const s = readString(text, j);
        if (!s) return -1;
        j = s.end;
        continue;
      }
      if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return -1;
  }
  const scalar = /^[^,}\]\s]+/.exec(text.slice(i, i + 64));
  return scalar && i + scalar[0].length < text.length ? i + scalar[0].length : -1;
}

// src/cli/mcp.ts
var PARENT_CHECK_MS = 1e3;
var SHUTDOWN_GRACE_MS = 5e3;
var EXIT_DEADLINE_MS = 2e3;
function timeLimit(env) {
  const raw = env["PYTEAM_LINT_MCP_TIME_LIMIT_MS"];
  if (raw === void 0 || raw === "") return DEFAULT_TIME_LIMIT_MS;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`PYTEAM_LINT_MCP_TIME_LIMIT_MS must be a positive number of milliseconds (got '${raw}')`);
  return n;
}
async function runMcpCommand(args, rules, version, io) {
  if (args.length > 0) throw new UsageError(`mcp takes no arguments (got ${args.join(" ")}); it serves the project in the current directory`);
  const log = (message) => io.stderr(`pyteam-lint mcp: ${message}
`);
  const runner = new ToolRunner({ rules, timeLimitMs: timeLimit(process.env), log });
  const server = createServer({ cwd: io.cwd, rules, version, runner });
  let finish;
  const exited = new Promise((resolve) => finish = resolve);
  let stopping = false;
  const stop = async (code, why) => {
    if (stopping) return;
    stopping = true;
    clearInterval(parentWatch);
    if (why) log(why);
    await runner.stop();
    await server.close().catch(() => void 0);
    process.stdin.destroy();
    finish(code);
    setTimeout(() => process.exit(code), EXIT_DEADLINE_MS).unref();
  };
  const transport = new LineTransport({
    input: process.stdin,
    output: process.stdout,
    log,
    onInputEnd: () => void drain(),
    // EPIPE: the client closed its end, it is gone. Other failures are reported by main() once.
    onOutputError: (error) => void stop(isClosedPipe(error) ? 0 : 2)
  });
  const drain = async () => {
    if (stopping) return;
    if (transport.unanswered > 0) {
      let timer;
      await Promise.race([transport.whenIdle(), new Promise((resolve) => timer = setTimeout(resolve, SHUTDOWN_GRACE_MS))]);
      clearTimeout(timer);
    }
    await stop(0);
  };
  const parent = process.ppid;
  const parentWatch = setInterval(() => {
    if (process.ppid !== parent) void stop(0, `the client (process ${parent}) is gone; stopping`);
  }, PARENT_CHECK_MS);
  parentWatch.unref();
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.once(signal, () => void stop(0));
  const fail = (error) => {
    log(`internal error: ${error instanceof Error ? error.message : String(error)}; stopping. This is a bug in pyteam-lint; please report it.`);
    void stop(2);
  };
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
  server.server.onerror = (error) => log(error.message);
  let root;
  try {
    root = projectRoot(io.cwd);
  } catch (error) {
    root = `(unknown: ${error.message})`;
  }
  log(`serving ${rules.length} rules over stdio for ${io.cwd}; the tools read only inside the project root ${root}`);
  await server.connect(transport);
  return exited;
}
export {
  PARENT_CHECK_MS,
  SHUTDOWN_GRACE_MS,
  runMcpCommand
};
