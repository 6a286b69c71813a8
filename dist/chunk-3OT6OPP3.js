import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  buildTopology,
  renderMermaid
} from "./chunk-5SNAC5ZD.js";
import {
  cellLabel,
  codeTextOf
} from "./chunk-WXMX3OEA.js";
import {
  codeSpan,
  escapeForTerminal,
  shellWordForDisplay
} from "./chunk-5IP3NNJX.js";
import {
  applyFixes,
  unifiedDiff
} from "./chunk-CLJKJHLA.js";
import {
  AGENTS,
  codeLineOf,
  sourceLines
} from "./chunk-FJE4V3FT.js";

// src/report/brief.ts
var ROLE_DESCRIPTIONS = {
  "python-architect": "the shape of the system: typed messages between processes (TypedDict/dataclass, never bare dicts), interfaces declared as `typing.Protocol`, shallow class hierarchies.",
  "python-async-specialist": "concurrency: queues with timeouts, consumers and producers that shut down gracefully (shutdown events, poison pills, `join` before `terminate`), and an event loop kept free of CPU-bound work.",
  "python-ml-specialist": "model code: loading, inference and training loops, devices and precision, data loading.",
  "python-quality-enforcer": "code that parses and type-checks: syntax errors, complete annotations (`mypy --strict`).",
  "python-security-reviewer": "untrusted input: deserialization that can run code (pickle, `torch.load`, unsafe YAML), credentials written into the source.",
  "python-test-writer": "tests that pin behaviour: a regression test for each fixed finding, fixtures for the traps.",
  "backend-architect": "the services around the models: APIs, storage and deployment boundaries."
};
var CONTEXT_LINES = 2;
function maskCredentials(text) {
  return text.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:/@'"]*:)([^\s@'"/]+)@/g, "$1***@");
}
var MAX_FLAGGED_LINES = 8;
function fence(text, lang) {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}${lang}
${text.replace(/\n?$/, "\n")}${ticks}`;
}
function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
function excerpt(f, lines) {
  if (lines === void 0) return null;
  const shift = codeLineOf(f) - f.line;
  const lastFlagged = Math.min(f.endLine, f.line + MAX_FLAGGED_LINES - 1);
  const from = Math.max(1, f.line - CONTEXT_LINES);
  const to = Math.min(lines.length - shift, f.cell === void 0 ? lastFlagged + CONTEXT_LINES : lastFlagged);
  const width = String(to).length;
  const out = [];
  for (let l = from; l <= to; l++) {
    const flagged = l >= f.line && l <= lastFlagged;
    out.push(`${flagged ? ">" : " "} ${String(l).padStart(width)} | ${escapeForTerminal(lines[shift + l - 1] ?? "")}`.trimEnd());
  }
  return fence(maskCredentials(out.join("\n")), "text");
}
function shownPatch(diff) {
  return diff.split("\n").map((line) => line.endsWith("\r") ? `${escapeForTerminal(line.slice(0, -1))}\r` : escapeForTerminal(line)).join("\n");
}
function fixCommand(f, unsafe) {
  const command = `pyteam-lint --fix${unsafe ? " --unsafe-fixes" : ""} --select ${f.code}`;
  const word = shellWordForDisplay(f.path.startsWith("-") ? `./${f.path}` : f.path);
  if (word !== null) return `${codeSpan(`${command} ${word}`)} applies it (with the rule's other fixes in that file).`;
  return `${codeSpan(`${command} FILE`)}, with FILE this file's name, applies it (with the rule's other fixes in that file); the name cannot be written on one command line.`;
}
function fixSection(f, source) {
  if (!f.fix) return [];
  const unsafe = f.fix.applicability === "unsafe";
  const out = [`**Deterministic fix${unsafe ? " (unsafe: review it before applying)" : ""}:** ${escapeForTerminal(f.fix.title)}. ${fixCommand(f, unsafe)}`];
  if (source !== void 0) {
    const fixed = applyFixes(source, [f.fix]);
    if (fixed.applied.length === 1) out.push("", fence(shownPatch(maskCredentials(unifiedDiff(f.path, source, fixed.text).replace(/\n$/, ""))), "diff"));
  }
  return out;
}
function ruleSection(rule, code, findings, report, linesOf) {
  const first = findings[0];
  const out = [`### ${code} \`${first.name}\` (${plural(findings.length, "finding")})`, ""];
  if (rule) {
    out.push(rule.docs.summary, "", `**Why it matters:** ${rule.docs.why}`, "", "**What good looks like:**", "", fence(rule.docs.good.trimEnd(), "python"), "");
  }
  findings.forEach((f, i) => {
    const source = report.sourceOf(f.path);
    const cell = cellLabel(f);
    const where = cell === void 0 ? codeSpan(escapeForTerminal(`${f.path}:${f.line}:${f.column}`)) : `${codeSpan(escapeForTerminal(f.path))}, ${cell}`;
    out.push(`#### ${i + 1}. ${where}`, "", escapeForTerminal(f.message), "");
    const code2 = excerpt(f, linesOf(f.path));
    if (code2) out.push(code2, "");
    const fix = fixSection(f, source);
    if (fix.length > 0) out.push(...fix, "");
  });
  return out;
}
function topologySection(report) {
  if (!report.summaries) return [];
  const byPath = /* @__PURE__ */ new Map();
  for (const s of report.summaries) if (!byPath.has(s.path)) byPath.set(s.path, s);
  const topology = buildTopology([...byPath.values()], report.findings, report.linted ? new Set(report.linted) : void 0);
  if (topology.nodes.length === 0) return [];
  return [
    "### Process topology",
    "",
    'The processes, channels and shutdown paths this run found (`pyteam-lint topology`); \u26A0 marks the findings on a stage or a queue, "?" an end no one could find.',
    "",
    fence(renderMermaid(topology), "mermaid"),
    ""
  ];
}
function renderBrief(report) {
  const linesOf = sourceLines(codeTextOf(report));
  const rulesByCode = new Map(report.rules.map((r) => [r.code, r]));
  const byAgent = /* @__PURE__ */ new Map();
  for (const f of report.findings) {
    const list = byAgent.get(f.agent);
    if (list) list.push(f);
    else byAgent.set(f.agent, [f]);
  }
  const roles = [...AGENTS.filter((a) => byAgent.has(a)), ...[...byAgent.keys()].filter((a) => !AGENTS.includes(a)).sort()];
  const files = new Set(report.findings.map((f) => f.path)).size;
  const out = ["# pyteam-lint brief", ""];
  if (report.findings.length === 0) {
    out.push(`No findings in ${plural(report.files, "file")} checked: no role has work.`, "");
  } else {
    out.push(
      `${plural(report.findings.length, "finding")} in ${plural(files, "file")} (${report.files} checked), for ${plural(roles.length, "role")}: ` + roles.map((r) => `${r} (${byAgent.get(r).length})`).join(", ") + ".",
      "",
      "Each section is one role's task list. Fix the findings of your section; apply a deterministic fix as given or write your own change, then check it with `pyteam-lint verify PATCH.diff` (or the MCP tool `verify_fix`): a patch is accepted only when it resolves at least one finding, adds none and still parses.",
      ""
    );
  }
  for (const role of roles) {
    const findings = byAgent.get(role);
    const description = ROLE_DESCRIPTIONS[role];
    const fixable = findings.filter((f) => f.fix).length;
    out.push(`## ${role} (${plural(findings.length, "finding")})`, "");
    if (description) out.push(`Owns ${description}`, "");
    const byCode = /* @__PURE__ */ new Map();
    for (const f of findings) {
      const list = byCode.get(f.code);
      if (list) list.push(f);
      else byCode.set(f.code, [f]);
    }
    const codes = [...byCode.keys()].sort();
    out.push(
      `Rules: ${codes.map((c) => `${c} \`${byCode.get(c)[0].name}\` (${byCode.get(c).length})`).join(", ")}.` + (fixable > 0 ? ` ${fixable} of the findings ${fixable === 1 ? "has" : "have"} a deterministic fix.` : ""),
      ""
    );
    if (role === "python-architect") out.push(...topologySection(report));
    for (const code of codes) out.push(...ruleSection(rulesByCode.get(code), code, byCode.get(code), report, linesOf));
  }
  if (report.errors.length > 0) {
    out.push(`## Files not checked (${report.errors.length})`, "");
    for (const e of report.errors) out.push(`- ${codeSpan(escapeForTerminal(e.path))}: ${escapeForTerminal(e.message)}`);
    out.push("");
  }
  return `${out.join("\n").trimEnd()}
`;
}

export {
  ROLE_DESCRIPTIONS,
  renderBrief
};
