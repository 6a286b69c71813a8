/**
 * `pyteam-lint topology [PATH ...] [--format mermaid|dot|svg|json] [--config FILE] [-o FILE]`:
 * draws the processes, queues and shutdown paths of the pipelines started under PATH (default .),
 * with the findings of the same run as marks. Lints as the check does, with the same configuration
 * and cache, so a topology after a lint reads every file from the cache. Exit 0, or 1 when some
 * file could not be checked (each is reported on standard error); 2 for bad arguments.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadRules } from '../engine/registry.js';
import { displayPath } from '../engine/lint.js';
import { escapeForTerminal } from '../report/escape.js';
import { UsageError } from '../cli/errors.js';
import { didYouMean } from '../cli/suggest.js';
import { commonDirectory, prepareLint } from '../cli/setup.js';
import { openCache, type Io } from '../cli/main.js';
import type { Topology } from './graph.js';
import { renderDot } from './dot.js';
import { renderMermaid } from './mermaid.js';
import { topologyOf } from './run.js';

export const TOPOLOGY_FORMATS = ['mermaid', 'dot', 'svg', 'json'] as const;
type TopologyFormat = (typeof TOPOLOGY_FORMATS)[number];

const OPTIONS = {
  format: { type: 'string' },
  config: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'no-cache': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `pyteam-lint topology — draws the processes, queues and shutdown paths of the pipelines under PATH.

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

function parse(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument starting with a '-'.*$/s, '');
    const unknown = /^Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
    const hint = unknown ? didYouMean(unknown, Object.keys(OPTIONS).map((o) => `--${o}`)) : '';
    throw new UsageError(`topology: ${message}${hint}\nRun 'pyteam-lint topology --help' for the options.`);
  }
}

/** The topology in one of the formats (SVG loads Graphviz on demand). */
export async function renderTopology(topology: Topology, format: TopologyFormat): Promise<string> {
  switch (format) {
    case 'mermaid':
      return renderMermaid(topology);
    case 'dot':
      return renderDot(topology);
    case 'json':
      return `${JSON.stringify(topology, null, 2)}\n`;
    case 'svg':
      return (await import('./svg.js')).renderSvg(topology);
  }
}

export async function runTopology(argv: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  const format = values.format ?? 'mermaid';
  if (!(TOPOLOGY_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`topology --format: '${format}' is not one of ${TOPOLOGY_FORMATS.join(', ')}${didYouMean(format, TOPOLOGY_FORMATS)}`);
  }
  if (positionals.includes('-')) throw new UsageError("topology reads files, not standard input ('-')");
  const cwd = io.cwd;
  const inputs = (positionals.length > 0 ? positionals : ['.']).map((p) => path.resolve(cwd, p));
  const rules = (await loadRules()).map((r) => r.rule);
  const setup = prepareLint(commonDirectory(inputs, cwd), cwd, rules, {
    config: values.config,
    env: io.env,
    warn: (message) => io.stderr(`pyteam-lint: warning: ${escapeForTerminal(message)}\n`),
  });
  const discovered = setup.discover(inputs);
  // The check's cache, where the check keeps it: a topology after a lint parses nothing.
  const cache = openCache(setup.rootless ? cwd : setup.root, cwd, io.env, (m) => io.stderr(`pyteam-lint: warning: ${m}\n`), { off: values['no-cache'] === true });
  const run = await topologyOf(setup, discovered.files, cwd, { cache });
  const text = await renderTopology(run.topology, format as TopologyFormat);
  if (values.output !== undefined) {
    try {
      writeFileSync(path.resolve(cwd, values.output), text);
    } catch (error) {
      throw new UsageError(`--output: cannot write ${values.output}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  } else io.stdout(text);
  const errors = [...discovered.errors.map((e) => ({ path: displayPath(e.path, cwd), message: e.message })), ...run.errors];
  for (const e of errors) io.stderr(`pyteam-lint: error: ${escapeForTerminal(`${e.path}: ${e.message}`)}\n`);
  if (run.errors.some((e) => e.internal)) return 2;
  return errors.length > 0 ? 1 : 0;
}
