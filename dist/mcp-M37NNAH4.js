import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  optionDocs,
  ruleRow
} from "./chunk-CY7MRDMV.js";
import {
  applyFilePatch,
  judgeChange,
  judgementJson,
  parseUnifiedDiff,
  textLinter
} from "./chunk-MNCOFHBB.js";
import {
  UsageError,
  commonDirectory,
  findingJson,
  matchSelector,
  prepareLint
} from "./chunk-EFVKQ6OQ.js";
import {
  Linter,
  displayPath
} from "./chunk-7DGZFLMC.js";
import "./chunk-OKKPVLV3.js";
import {
  AGENTS,
  external_exports
} from "./chunk-4FWOFUBR.js";

// src/cli/mcp.ts
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

// src/mcp/server.ts
import path from "node:path";
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
function result(structured) {
  return { content: [{ type: "text", text: JSON.stringify(structured, null, 2) }], structuredContent: structured };
}
function toolError(message) {
  return { content: [{ type: "text", text: message }], isError: true };
}
async function guarded(run) {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UsageError) return toolError(error.message);
    throw error;
  }
}
function lintResult(findings, errors, files, max) {
  return {
    findings: findings.slice(0, max).map(findingJson),
    errors: errors.map((e) => ({ path: e.path, message: e.message })),
    summary: { files, findings: findings.length, errors: errors.length },
    truncated: findings.length > max
  };
}
function createServer(options) {
  const { cwd, rules } = options;
  const server = new McpServer(
    { name: "pyteam-lint", version: options.version },
    {
      instructions: "pyteam-lint finds anti-patterns in Python ML code (queues without timeouts, consumers without shutdown, unsafe torch.load/pickle, deep inheritance\u2026); every finding names the team role that owns it. Lint with lint_paths or lint_source, read a rule with explain_rule, and before proposing a fix, check it with verify_fix: it is accepted only when it resolves a finding, introduces none and still parses."
    }
  );
  const setupFor = (start, s) => prepareLint(start, cwd, rules, s);
  server.registerTool(
    "lint_paths",
    {
      title: "Lint files and directories",
      description: "Lints Python files and directories (relative to the project) with the project's configuration and returns the findings as in `pyteam-lint --format json`: code, owning agent, location, message and the deterministic fix when there is one.",
      inputSchema: {
        paths: external_exports.array(external_exports.string().min(1)).min(1).describe("files or directories, relative to the project directory"),
        ...selection,
        max_findings: maxFindings
      },
      outputSchema: lintOutput,
      annotations: { title: "Lint files and directories", ...READ_ONLY }
    },
    async (args) => guarded(async () => {
      const abs = args.paths.map((p) => path.resolve(cwd, p));
      const setup = setupFor(commonDirectory(abs, cwd), args);
      const discovered = setup.discoverer.discover(abs);
      const linter = await Linter.create(setup.configured);
      const res = await linter.lint({
        root: setup.root,
        cwd,
        files: discovered.files,
        indexOnly: setup.indexFiles(),
        maxFileSize: setup.maxFileSize,
        ignoredCodesFor: setup.ignoredCodesFor,
        isTestFile: setup.isTestFile
      });
      const errors = [...discovered.errors.map((e) => ({ path: displayPath(e.path, cwd), message: e.message })), ...res.errors];
      return result(lintResult(res.findings, errors, res.files, args.max_findings));
    })
  );
  server.registerTool(
    "lint_source",
    {
      title: "Lint source text",
      description: "Lints Python source given as text, under a file name (which decides the configuration, per-file ignores and module name for cross-file rules). Nothing is read from or written to that path.",
      inputSchema: {
        source: external_exports.string().describe("the Python source text"),
        filename: external_exports.string().min(1).describe("the file name to lint it as, e.g. src/pipeline/detector.py"),
        ...selection,
        max_findings: maxFindings
      },
      outputSchema: lintOutput,
      annotations: { title: "Lint source text", ...READ_ONLY }
    },
    async (args) => guarded(async () => {
      const abs = path.resolve(cwd, args.filename);
      const setup = setupFor(path.dirname(abs), args);
      const res = await textLinter(setup)(/* @__PURE__ */ new Map([[abs, args.source]]));
      return result(lintResult(res.findings, res.errors, res.files, args.max_findings));
    })
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
      description: "Lints a file before and after a proposed change (the new text, or a unified diff of this one file) and judges it: `accepted` only when at least one finding is resolved, no new finding appears and the file still parses. Findings are matched by the code they flag, not by line, so moved code is not a new finding.",
      inputSchema: {
        filename: external_exports.string().min(1).describe("the file name, relative to the project (decides configuration and module name)"),
        original: external_exports.string().describe("the file's text before the change"),
        proposed: external_exports.string().optional().describe("the whole text after the change (give this or diff)"),
        diff: external_exports.string().optional().describe("a unified diff of this file (give this or proposed)"),
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
        errors: external_exports.array(errorSchema)
      },
      annotations: { title: "Judge a proposed fix", ...READ_ONLY }
    },
    async (args) => guarded(async () => {
      if (args.proposed === void 0 === (args.diff === void 0)) return toolError("give exactly one of proposed (the new text) or diff (a unified diff)");
      const abs = path.resolve(cwd, args.filename);
      let proposed = args.proposed;
      if (args.diff !== void 0) {
        const applied = applyDiffTo(args.diff, args.original, args.filename);
        if (typeof applied !== "string" || applied === args.original) {
          const reason = typeof applied === "string" ? "the diff changes nothing" : applied.reason;
          return result({ verdict: "rejected", reasons: [reason], parses: null, syntaxErrors: [], resolved: [], introduced: [], remaining: [], errors: [] });
        }
        proposed = applied;
      }
      const setup = setupFor(path.dirname(abs), args);
      const judgement = await judgeChange([{ abs, before: args.original, after: proposed }], textLinter(setup), cwd);
      return result(judgementJson(judgement));
    })
  );
  options.log(`serving ${rules.length} rules over stdio for ${cwd}`);
  return server;
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

// src/cli/mcp.ts
async function runMcpCommand(args, rules, version, io) {
  if (args.length > 0) throw new UsageError(`mcp takes no arguments (got ${args.join(" ")}); it serves the project in the current directory`);
  const log = (message) => io.stderr(`pyteam-lint mcp: ${message}
`);
  const server = createServer({ cwd: io.cwd, rules, version, log });
  const transport = new StdioServerTransport();
  const closed = new Promise((resolve) => {
    transport.onclose = () => resolve(0);
  });
  const stop = () => void server.close();
  process.stdin.once("end", stop);
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await server.connect(transport);
  return closed;
}
export {
  runMcpCommand
};
