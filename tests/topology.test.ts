/**
 * `pyteam-lint topology`: the real binary on the demo pipeline and on fixtures/topology (a pool, a
 * Process subclass built in another module, a Pipe, a manager queue, a pill sent in `finally`, a
 * channel no one can trace), its formats, the architect's brief section and the MCP tool.
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { instance } from '@viz-js/viz';
import { describe, expect, it } from 'vitest';
import type { Topology, TopologyEdge, TopologyNode } from '../src/topology/graph.js';
import { TOPOLOGY_CODES } from '../src/topology/graph.js';
import { renderMermaid } from '../src/topology/mermaid.js';
import { ROOT } from './helpers.js';
import { BIN, project, run } from './spawn.js';

const DEMO = path.join(ROOT, 'fixtures', 'demo');
const PLANT = path.join(ROOT, 'fixtures', 'topology');

function topologyOf(dir: string): Topology {
  const r = run(['topology', '--format', 'json', '.'], dir);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Topology;
}

const byName = (t: Topology, kind: string, name: string): TopologyNode => {
  const node = t.nodes.find((n) => n.kind === kind && n.name === name);
  expect(node, `${kind} ${name}`).toBeDefined();
  return node!;
};
const edge = (t: Topology, from: TopologyNode | null, to: TopologyNode | null, kind: string): TopologyEdge => {
  const found = t.edges.find((e) => e.from === (from?.id ?? null) && e.to === (to?.id ?? null) && e.kind === kind);
  expect(found, `${from?.id} -${kind}-> ${to?.id}`).toBeDefined();
  return found!;
};
const codes = (item: { marks: Array<{ code: string }> }) => item.marks.map((m) => m.code).sort();

describe('the demo pipeline', () => {
  const t = topologyOf(DEMO);
  const main = byName(t, 'parent', 'pipeline.main:main');
  const camera = byName(t, 'process', 'camera');
  const detector = byName(t, 'process', 'detector');
  const aggregate = byName(t, 'stage', 'aggregate');
  const frames = byName(t, 'channel', 'frame_q');
  const detections = byName(t, 'channel', 'det_q');

  it('has the three stages, their parent and the two queues with their maxsize', () => {
    expect(t.nodes.map((n) => n.id)).toEqual(['ch_det_q', 'ch_frame_q', 'parent_pipeline_main_main', 'proc_camera', 'proc_detector', 'stage_aggregate']);
    expect(camera.runs).toEqual(['pipeline.camera.capture_frames']);
    expect(detector.runs).toEqual(['pipeline.detector.run_detector']);
    expect(aggregate.runs).toEqual(['pipeline.aggregator.aggregate']);
    expect(frames).toMatchObject({ channel: 'queue', via: 'mp.Queue', maxsize: '64', path: 'pipeline/main.py', line: 14 });
    expect(detections).toMatchObject({ channel: 'queue', maxsize: null, line: 15 });
  });

  it('draws camera → frame_q → detector → det_q → aggregate with the message types on each edge', () => {
    expect(edge(t, camera, frames, 'put')).toMatchObject({ messages: ['dict'], pill: false, sites: [{ path: 'pipeline/camera.py', line: 23 }] });
    expect(edge(t, frames, detector, 'get')).toMatchObject({ messages: ['dict'], timeout: false });
    expect(edge(t, detector, detections, 'put')).toMatchObject({ messages: ['dict'], pill: false });
    expect(edge(t, detections, aggregate, 'get')).toMatchObject({ messages: ['dict'], timeout: true });
    for (const p of [camera, detector]) for (const kind of ['start', 'terminate', 'join']) edge(t, main, p, kind);
    // Every channel has a producer and a consumer: no unknown end.
    expect(t.edges.filter((e) => e.from === null || e.to === null)).toEqual([]);
  });

  it('marks the demo\'s pipeline findings where they are, each linking to its finding', () => {
    expect(codes(edge(t, camera, frames, 'put'))).toEqual(['PTL101']);
    expect(codes(edge(t, detector, detections, 'put'))).toEqual(['PTL101']);
    expect(codes(edge(t, frames, detector, 'get'))).toEqual(['PTL102']);
    expect(codes(detector)).toEqual(['PTL103', 'PTL104']);
    expect(codes(camera)).toEqual(['PTL104']);
    expect(codes(edge(t, main, camera, 'terminate'))).toEqual(['PTL105']);
    expect(codes(edge(t, main, detector, 'terminate'))).toEqual(['PTL105']);
    expect(edge(t, main, camera, 'terminate').marks[0]).toMatchObject({ code: 'PTL105', path: 'pipeline/main.py', line: 27, name: 'terminate-for-shutdown' });
    // Each pipeline finding of the lint is on the graph, once or more; nothing else is.
    const lint = JSON.parse(run(['--format', 'json', '.'], DEMO).stdout) as { findings: Array<{ code: string; path: string; line: number }> };
    const wanted = lint.findings.filter((f) => TOPOLOGY_CODES.has(f.code)).map((f) => `${f.path}:${f.line} ${f.code}`);
    const marked = [...new Set([...t.nodes, ...t.edges].flatMap((i) => i.marks.map((m) => `${m.path}:${m.line} ${m.code}`)))];
    expect(marked.sort()).toEqual([...new Set(wanted)].sort());
  });

  it('prints the same bytes on every run, in every format, from the root or the project', () => {
    for (const format of ['json', 'mermaid', 'dot']) {
      const first = run(['topology', '--format', format, '.'], DEMO).stdout;
      expect(run(['topology', '--format', format, '.'], DEMO).stdout).toBe(first);
    }
    expect(run(['topology', 'fixtures/demo'], ROOT).stdout).toBe(run(['topology'], DEMO).stdout);
  });

  it('writes mermaid by default: a flowchart with stable ids and the marks in red', () => {
    const mermaid = run(['topology', '.'], DEMO).stdout;
    expect(mermaid.split('\n')[0]).toBe('flowchart LR');
    expect(mermaid).toContain('  proc_camera -->|"put dict ⚠ PTL101"| ch_frame_q\n');
    expect(mermaid).toContain('  ch_frame_q -->|"get dict · no timeout ⚠ PTL102"| proc_detector\n');
    expect(mermaid).toContain('  class proc_camera,proc_detector marked\n');
  });
});

describe('fixtures/topology', () => {
  const t = topologyOf(PLANT);
  const main = byName(t, 'parent', 'plant.main:main');

  it('sees a Process subclass built in another module, through its __init__, with a pill sent in finally', () => {
    const sensor = byName(t, 'process', 'sensor');
    expect(sensor.runs).toEqual(['plant.sensors.SensorProcess']);
    const readings = byName(t, 'channel', 'readings');
    expect(readings.maxsize).toBe('32');
    expect(edge(t, sensor, readings, 'put')).toMatchObject({ messages: ['Reading', 'STOP'], pill: true, sites: [{ path: 'plant/sensors.py', line: 20 }, { path: 'plant/sensors.py', line: 22 }] });
    expect(edge(t, readings, main, 'get')).toMatchObject({ messages: ['Reading', 'STOP'], timeout: true });
    const stop = byName(t, 'channel', 'stop');
    expect(stop.channel).toBe('event');
    edge(t, main, stop, 'set');
    edge(t, stop, sensor, 'wait');
    edge(t, main, sensor, 'start');
  });

  it('sees a pool and its worker, a manager queue and a pipe', () => {
    const pool = byName(t, 'pool', 'pool');
    expect(pool.runs).toEqual(['plant.workers.score']);
    const results = byName(t, 'channel', 'results');
    expect(results).toMatchObject({ channel: 'manager-queue', via: 'manager.Queue' });
    expect(edge(t, pool, results, 'put').messages).toEqual(['Score']);
    // Nobody reads the results: the consumer end is unknown, not guessed.
    edge(t, results, null, 'get');
    const pipe = byName(t, 'channel', 'parent_conn / child_conn');
    expect(pipe.channel).toBe('pipe');
    const logger = byName(t, 'process', 'logger');
    expect(edge(t, main, pipe, 'send')).toMatchObject({ pill: true, messages: ['None', 'str'] });
    expect(edge(t, pipe, logger, 'recv').timeout).toBe(false);
  });

  it('draws a channel no one can trace as unresolved, with an unknown producer', () => {
    const auditor = byName(t, 'process', 'auditor');
    const entries = byName(t, 'channel', 'entries_q');
    expect(entries).toMatchObject({ channel: 'unresolved', via: null });
    edge(t, null, entries, 'put');
    expect(codes(edge(t, entries, auditor, 'get'))).toEqual(['PTL102']);
    expect(codes(auditor)).toEqual(['PTL103']);
  });

  it('gives an untraced channel the unknown end its own operations call for: an event waited on is set by someone unknown', () => {
    const dog = byName(t, 'process', 'dog');
    const halt = byName(t, 'channel', 'halt_event');
    expect(halt.channel).toBe('unresolved');
    edge(t, halt, dog, 'wait');
    edge(t, null, halt, 'set');
    expect(t.edges.filter((e) => e.to === halt.id).map((e) => e.kind)).toEqual(['set']);
  });
});

/** A strict enough XML reader: declaration, doctype and comments skipped; tags must nest, references be known; returns the text. */
function xmlText(doc: string): string {
  let body = doc.replace(/^<\?xml[^>]*\?>/, '').replace(/<!DOCTYPE[^>]*>/, '').replace(/<!--[\s\S]*?-->/g, '');
  const stack: string[] = [];
  let text = '';
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/g;
  let at = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const between = body.slice(at, m.index);
    if (between.includes('<')) throw new Error(`stray '<' before ${m[0]}`);
    text += between;
    at = m.index + m[0].length;
    if (m[1]) {
      if (stack.pop() !== m[2]) throw new Error(`</${m[2]}> does not close what is open`);
    } else if (!m[4]) stack.push(m[2]!);
  }
  if (stack.length > 0 || body.slice(at).trim() !== '') throw new Error(`unclosed <${stack.at(-1)}>`);
  body = text;
  for (const ref of body.match(/&[^;\s]*;?/g) ?? []) if (!/^&(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);$/.test(ref)) throw new Error(`bad reference ${ref}`);
  return body.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

describe('formats', () => {
  it('draws SVG in-process: well-formed XML naming every process', () => {
    const r = run(['topology', '--format', 'svg', '.'], PLANT);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^<\?xml/);
    const text = xmlText(r.stdout);
    for (const name of ['sensor', 'logger', 'auditor', 'pool', 'plant.main:main', 'readings']) expect(text).toContain(name);
  });

  it('writes DOT that the wasm Graphviz accepts', async () => {
    const viz = await instance();
    for (const dir of [DEMO, PLANT]) {
      const dot = run(['topology', '--format', 'dot', '.'], dir).stdout;
      const result = viz.render(dot, { format: 'json' });
      expect(result.errors.filter((e) => e.level === 'error')).toEqual([]);
      expect(result.status).toBe('success');
    }
  });

  it('escapes names with quotes and brackets in Mermaid and DOT', () => {
    const dir = project({
      'pyproject.toml': '[tool.pyteam-lint]\n',
      'stage"[1]|<a>.py':
        'import multiprocessing as mp\n\n\ndef work(q):\n    q.put(None)\n\n\ndef main():\n    jobs = mp.Queue()\n' +
        '    p = mp.Process(target=work, args=(jobs,))\n    p.start()\n    p.join()\n    jobs.get(timeout=1)\n',
    });
    const mermaid = run(['topology', '.'], dir).stdout;
    expect(mermaid).toMatchInlineSnapshot(`
      "flowchart LR
        ch_jobs[("jobs<br/>mp.Queue unbounded · stage#quot;[1]#124;#lt;a#gt;.py:9")]
        parent_stage_1_a_main["stage#quot;[1]#124;#lt;a#gt;:main<br/>parent · stage#quot;[1]#124;#lt;a#gt;.py:8"]
        proc_p[["p<br/>process · work"]]
        ch_jobs -->|"get None"| parent_stage_1_a_main
        parent_stage_1_a_main -->|"start"| proc_p
        parent_stage_1_a_main -->|"join ⚠ PTL107"| proc_p
        proc_p -->|"put None (pill)"| ch_jobs
        classDef marked stroke:#c62828,stroke-width:2px
        linkStyle 2 stroke:#c62828,color:#c62828
      "
    `);
    const dot = run(['topology', '--format', 'dot', '.'], dir).stdout;
    expect(dot).toContain('label="stage\\"[1]|<a>:main\\nparent · stage\\"[1]|<a>.py:8"');
  });

  it('shows a maxsize written over several lines on one line, clipped', () => {
    const t: Topology = {
      version: 1,
      nodes: [{ id: 'ch_q', kind: 'channel', name: 'q', path: 'x.py', line: 3, channel: 'queue', via: 'mp.Queue', maxsize: '(\n    sum(\n        c.enabled for c in cameras\n    )\n    + 2\n) * 2', marks: [] }],
      edges: [],
    };
    expect(renderMermaid(t)).toContain('ch_q[("q<br/>mp.Queue maxsize=(sum(c.enabled for c in cameras… · x.py:3")]');
  });

  it('renders the Mermaid of a hostile name without breaking out of its label', () => {
    const t: Topology = {
      version: 1,
      nodes: [{ id: 'proc_x', kind: 'process', name: 'a"]; click x "evil', path: 'x.py', line: 1, runs: [], marks: [] }],
      edges: [],
    };
    expect(renderMermaid(t)).toContain('proc_x[["a#quot;]; click x #quot;evil<br/>process"]]');
  });
});

describe('the command line', () => {
  it('refuses an unknown flag or format with a suggestion, exit 2', () => {
    const flag = run(['topology', '--fromat', 'dot', '.'], DEMO);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/Unknown option '--fromat'.*did you mean '--format'\?/);
    const format = run(['topology', '--format', 'dott', '.'], DEMO);
    expect(format.status).toBe(2);
    expect(format.stderr).toContain("topology --format: 'dott' is not one of mermaid, dot, svg, json; did you mean 'dot'?");
    expect(run(['topolgy'], DEMO).stderr).toContain("did you mean 'topology'?");
  });

  it('writes --output, and reports a path that does not exist (exit 1)', () => {
    const dir = project({});
    const r = run(['topology', '--format', 'json', '-o', path.join(dir, 'g.json'), DEMO], ROOT);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const missing = run(['topology', 'no-such-dir'], DEMO);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no-such-dir');
  });
});

describe('the architect\'s brief', () => {
  it('gains the topology as a Mermaid block in the python-architect section', () => {
    const brief = run(['--format', 'brief', '.'], DEMO).stdout;
    const architect = brief.slice(brief.indexOf('## python-architect'), brief.indexOf('## python-async-specialist'));
    expect(architect).toContain('### Process topology');
    expect(architect).toContain(`\`\`\`mermaid\n${run(['topology', '.'], DEMO).stdout}\`\`\``);
  });
});

describe('the MCP tool', () => {
  it('returns the JSON and the Mermaid, confined to the project', async () => {
    const dir = project({});
    cpSync(DEMO, dir, { recursive: true });
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], cwd: dir, stderr: 'pipe' });
    const client = new Client({ name: 'pyteam-lint-test', version: '0.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.find((x) => x.name === 'topology')?.annotations?.readOnlyHint).toBe(true);
      const r = (await client.callTool({ name: 'topology', arguments: { paths: ['.'] } })) as CallToolResult;
      expect(r.isError).toBeFalsy();
      const s = r.structuredContent as { topology: Topology; mermaid: string; errors: unknown[] };
      expect(s.topology).toEqual(topologyOf(DEMO));
      expect(s.mermaid).toBe(run(['topology', '.'], DEMO).stdout);
      expect(s.errors).toEqual([]);
      const outside = (await client.callTool({ name: 'topology', arguments: { paths: ['..'] } })) as CallToolResult;
      expect(outside.isError).toBe(true);
      expect((outside.content[0] as { text: string }).text).toMatch(/^topology: '\.\.' is outside the project root/);
    } finally {
      await client.close();
    }
  });
});
