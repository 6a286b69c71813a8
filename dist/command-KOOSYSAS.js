import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  renderDot
} from "./chunk-LKTXX275.js";
import {
  topologyOf
} from "./chunk-TIT5WEP7.js";
import {
  renderMermaid
} from "./chunk-5SNAC5ZD.js";
import "./chunk-POD25EKF.js";
import {
  openCache
} from "./chunk-RJX3ZYS3.js";
import "./chunk-Z6LWHUYD.js";
import "./chunk-XQTQ6QLT.js";
import {
  commonDirectory,
  prepareLint
} from "./chunk-MHIWPTQD.js";
import {
  didYouMean
} from "./chunk-T4FOID4L.js";
import "./chunk-WXMX3OEA.js";
import {
  escapeForTerminal
} from "./chunk-5IP3NNJX.js";
import {
  UsageError
} from "./chunk-NXFFE74Q.js";
import {
  displayPath,
  loadRules
} from "./chunk-HL2M4FMB.js";
import "./chunk-FJE4V3FT.js";
import "./chunk-LMJK7JYR.js";

// src/topology/command.ts
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
var TOPOLOGY_FORMATS = ["mermaid", "dot", "svg", "json"];
var OPTIONS = {
  format: { type: "string" },
  config: { type: "string" },
  output: { type: "string", short: "o" },
  "no-cache": { type: "boolean" },
  help: { type: "boolean", short: "h" }
};
var HELP = `pyteam-lint topology \u2014 draws the processes, queues and shutdown paths of the pipelines under PATH.

Usage:
  pyteam-lint topology [OPTIONS] [PATH ...]   (default: .)

Options:
  --format FORMAT   mermaid (default: a flowchart GitHub draws in Markdown), dot (Graphviz),
                    svg (drawn in-process), json (the graph: nodes, edges, marks)
  --config FILE     use this pyproject.toml or pyteam-lint.toml
  -o, --output FILE write the diagram to FILE instead of standard output
  --no-cache        do not read or write the cache (also PYTEAM_LINT_NO_CACHE=1)
  -h, --help        print this help

Marks are the pipeline findings of the same run (PTL101-PTL110, PTL405, PTL406), each on the node or
edge it falls on. A channel whose producer or consumer cannot be found is drawn with a "?" end.`;
function parse(argv) {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    const message = error.message.replace(/\. To specify a positional argument starting with a '-'.*$/s, "");
    const unknown = /^Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
    const hint = unknown ? didYouMean(unknown, Object.keys(OPTIONS).map((o) => `--${o}`)) : "";
    throw new UsageError(`topology: ${message}${hint}
Run 'pyteam-lint topology --help' for the options.`);
  }
}
async function renderTopology(topology, format) {
  switch (format) {
    case "mermaid":
      return renderMermaid(topology);
    case "dot":
      return renderDot(topology);
    case "json":
      return `${JSON.stringify(topology, null, 2)}
`;
    case "svg":
      return (await import("./svg-CXWVZ3VF.js")).renderSvg(topology);
  }
}
async function runTopology(argv, io) {
  const { values, positionals } = parse(argv);
  if (values.help) {
    io.stdout(`${HELP}
`);
    return 0;
  }
  const format = values.format ?? "mermaid";
  if (!TOPOLOGY_FORMATS.includes(format)) {
    throw new UsageError(`topology --format: '${format}' is not one of ${TOPOLOGY_FORMATS.join(", ")}${didYouMean(format, TOPOLOGY_FORMATS)}`);
  }
  if (positionals.includes("-")) throw new UsageError("topology reads files, not standard input ('-')");
  const cwd = io.cwd;
  const inputs = (positionals.length > 0 ? positionals : ["."]).map((p) => path.resolve(cwd, p));
  const rules = (await loadRules()).map((r) => r.rule);
  const setup = prepareLint(commonDirectory(inputs, cwd), cwd, rules, {
    config: values.config,
    env: io.env,
    warn: (message) => io.stderr(`pyteam-lint: warning: ${escapeForTerminal(message)}
`)
  });
  const discovered = setup.discover(inputs);
  const cache = openCache(setup.rootless ? cwd : setup.root, cwd, io.env, (m) => io.stderr(`pyteam-lint: warning: ${m}
`), { off: values["no-cache"] === true });
  const run = await topologyOf(setup, discovered.files, cwd, { cache });
  const text = await renderTopology(run.topology, format);
  if (values.output !== void 0) {
    try {
      writeFileSync(path.resolve(cwd, values.output), text);
    } catch (error) {
      throw new UsageError(`--output: cannot write ${values.output}: ${error.code ?? String(error)}`);
    }
  } else io.stdout(text);
  const errors = [...discovered.errors.map((e) => ({ path: displayPath(e.path, cwd), message: e.message })), ...run.errors];
  for (const e of errors) io.stderr(`pyteam-lint: error: ${escapeForTerminal(`${e.path}: ${e.message}`)}
`);
  if (run.errors.some((e) => e.internal)) return 2;
  return errors.length > 0 ? 1 : 0;
}
export {
  TOPOLOGY_FORMATS,
  renderTopology,
  runTopology
};
