import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  IN_TESTS_OPTION
} from "./chunk-T4FOID4L.js";
import {
  describeTestCodePolicy,
  testCodePolicy
} from "./chunk-HL2M4FMB.js";
import {
  external_exports
} from "./chunk-FJE4V3FT.js";

// src/cli/streams.ts
function guardStream(stream) {
  let failure;
  stream.on("error", (error) => {
    failure ??= error;
  });
  return {
    write(text) {
      if (failure || stream.destroyed) return;
      stream.write(text);
    },
    flush() {
      if (failure || stream.destroyed) return Promise.resolve(failure);
      return new Promise((resolve) => stream.write("", (error) => resolve(failure ?? error ?? void 0)));
    },
    get broken() {
      return failure !== void 0;
    }
  };
}
function isClosedPipe(error) {
  return error?.code === "EPIPE" || error?.code === "ERR_STREAM_DESTROYED";
}
var REASONS = {
  ENOSPC: "no space left on device",
  EIO: "input/output error",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file too large",
  EBADF: "the stream is closed"
};
function describeWriteFailure(what, error) {
  const code = error.code ?? "unknown error";
  return `cannot write to ${what}: ${REASONS[code] ?? error.message} (${code})`;
}

// src/cli/explain.ts
function optionDocs(rule) {
  const policy = testCodePolicy(rule);
  const inTests = {
    name: IN_TESTS_OPTION,
    description: `whether to report in test code (files matching \`test-paths\`); ${describeTestCodePolicy(policy)} unless set`,
    default: policy !== "ignore"
  };
  const schema = rule.options;
  if (!(schema instanceof external_exports.ZodObject)) return [inTests];
  const defaults = schema.safeParse({});
  const values = defaults.success ? defaults.data : {};
  const own = Object.entries(schema.shape).map(([name, field]) => ({
    name,
    description: field.description ?? "",
    default: values[name]
  }));
  return [...own, inTests];
}
function rulesMarkdown(rules) {
  const lines = ["| code | name | owner | default | fix | in tests | what it flags |", "|---|---|---|---|---|---|---|"];
  for (const r of rules) {
    const summary = r.docs.summary.replace(/\|/g, "\\|");
    lines.push(`| ${r.code} | \`${r.name}\` | ${r.agent} | ${r.enabledByDefault ? "on" : "off"} | ${r.fixable ?? ""} | ${testCodePolicy(r)} | ${summary} |`);
  }
  return `${lines.join("\n")}
`;
}
function ruleRow(r) {
  return {
    code: r.code,
    name: r.name,
    agent: r.agent,
    severity: r.severity,
    enabledByDefault: r.enabledByDefault,
    fixable: r.fixable ?? null,
    testCode: testCodePolicy(r),
    summary: r.docs.summary
  };
}
function listRules(rules, format) {
  if (format === "markdown") return rulesMarkdown(rules);
  if (format === "json") return `${JSON.stringify(rules.map(ruleRow), null, 2)}
`;
  const widths = [6, Math.max(...rules.map((r) => r.name.length)), Math.max(...rules.map((r) => r.agent.length)), 7, 6];
  const row = (cells) => cells.map((c, i) => i < widths.length ? c.padEnd(widths[i]) : c).join("  ").trimEnd();
  const lines = [row(["code", "name", "agent", "default", "fix", "in tests"])];
  for (const r of rules) lines.push(row([r.code, r.name, r.agent, r.enabledByDefault ? "on" : "off", r.fixable ?? "", testCodePolicy(r)]));
  return `${lines.join("\n")}
`;
}
function indent(text) {
  return text.trimEnd().split("\n").map((l) => l ? `    ${l}` : "").join("\n");
}
function explainRule(rule) {
  const out = [
    `${rule.code} ${rule.name}`,
    `owner: ${rule.agent} \xB7 severity: ${rule.severity} \xB7 ${rule.enabledByDefault ? "on by default" : "off by default (enable with --select " + rule.code + ")"}${rule.fixable ? ` \xB7 fix: ${rule.fixable}` : ""} \xB7 ${describeTestCodePolicy(testCodePolicy(rule))}`,
    "",
    rule.docs.summary,
    "",
    "Why is this bad?",
    indent(rule.docs.why),
    "",
    "Example",
    indent(rule.docs.bad),
    "",
    "Use instead",
    indent(rule.docs.good)
  ];
  const options = optionDocs(rule);
  out.push("", `Options ([tool.pyteam-lint.rules.${rule.name}])`);
  for (const o of options) out.push(`    ${o.name} = ${o.default === void 0 ? "(unset)" : JSON.stringify(o.default)}${o.description ? `  \u2014 ${o.description}` : ""}`);
  return `${out.join("\n")}
`;
}

export {
  guardStream,
  isClosedPipe,
  describeWriteFailure,
  optionDocs,
  ruleRow,
  listRules,
  explainRule
};
