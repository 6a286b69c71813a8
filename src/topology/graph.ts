/**
 * The pipeline graph of a project, joined from the files' channel summaries (src/engine/channels.ts)
 * through the project index: the functions that start workers (parents), the workers (processes,
 * threads, pools, Process and Thread subclasses) and what each runs, the functions a parent hands
 * channels to (stages that run in the parent), the channels, and the edges between them (start /
 * join / terminate from a parent to a worker; put / send / set into a channel; get / recv / wait out
 * of one, with the message types and whether the get can time out). Health marks are the findings
 * of the same run that fall on a node or an edge.
 *
 * What cannot be resolved stays visible instead of being guessed: a channel a worker uses that no
 * one can trace to where it was made is an `unresolved` channel, and a channel with no producer (or
 * no consumer) anyone can find gets an edge with a `null` end, drawn as "?".
 */
import type { ChannelKind, ChannelOp, ChannelRef, FunctionChannels, Lines, MadeChannel, WorkerSite } from '../engine/channels.js';
import type { Finding } from '../engine/lint.js';
import { PROCESS_CLASSES } from '../engine/kinds.js';
import { ProjectIndex, type FileSummary } from '../engine/project.js';

/**
 * The rules whose findings are about the pipeline itself: untyped messages, blocking gets, consumers
 * and producers that never stop, terminate() as shutdown, the lifecycle rules (join before drain,
 * shared memory, main guard, unpicklable targets), CUDA under fork and unbounded queues.
 */
export const TOPOLOGY_CODES: ReadonlySet<string> = new Set(['PTL101', 'PTL102', 'PTL103', 'PTL104', 'PTL105', 'PTL107', 'PTL108', 'PTL109', 'PTL110', 'PTL405', 'PTL406']);

export type NodeKind = 'parent' | 'process' | 'thread' | 'pool' | 'stage' | 'channel';
export type EdgeKind = 'start' | 'join' | 'terminate' | 'kill' | 'put' | 'get' | 'send' | 'recv' | 'set' | 'wait' | 'attach';

/** A finding shown on the node or edge it falls on. */
export interface Mark {
  code: string;
  name: string;
  path: string;
  line: number;
  column: number;
  message: string;
}

export interface TopologyNode {
  id: string;
  kind: NodeKind;
  name: string;
  path: string;
  line: number;
  /** Workers and stages: what they run (qualified names). */
  runs?: string[];
  /** Channels: what kind; `unresolved` when no one can tell where it was made. */
  channel?: ChannelKind | 'unresolved';
  /** Channels: the constructor as written (`mp.Queue`), null when unresolved. */
  via?: string | null;
  /** Channels: the `maxsize` argument as written, null when there is none. */
  maxsize?: string | null;
  marks: Mark[];
}

export interface TopologyEdge {
  /** null: a producer no one can find. */
  from: string | null;
  /** null: a consumer no one can find. */
  to: string | null;
  kind: EdgeKind;
  /** put/send/get/recv: the message types seen on the channel (`?` for one not known). */
  messages?: string[];
  /** put/send: a shutdown message (None, a sentinel) is sent. */
  pill?: boolean;
  /** get/recv/wait: every call can return without an item (a timeout, non-blocking). */
  timeout?: boolean;
  /** The calls that make the edge. */
  sites: Array<{ path: string; line: number }>;
  marks: Mark[];
}

export interface Topology {
  version: 1;
  nodes: TopologyNode[];
  edges: TopologyEdge[];
}

const UNRESOLVED = 'unresolved';
type Bound = string; // a node key, or UNRESOLVED

interface Env {
  slots: Map<number | string, Bound>;
  attrs: Map<string, Bound>;
}

interface Range {
  path: string;
  lines: Lines;
}

interface Draft {
  key: string;
  node: Omit<TopologyNode, 'id' | 'marks'>;
  ranges: Range[];
}

interface DraftEdge {
  from: string | null;
  to: string | null;
  kind: EdgeKind;
  messages: Set<string>;
  pill: boolean;
  timeout: boolean;
  sites: Range[];
}

const ID_PREFIX: Record<NodeKind, string> = { parent: 'parent', process: 'proc', thread: 'thread', pool: 'pool', stage: 'stage', channel: 'ch' };
const INTO: ReadonlySet<string> = new Set(['put', 'send', 'set']);
const OUT_OF: ReadonlySet<string> = new Set(['get', 'recv', 'wait']);
const LIFECYCLE: ReadonlySet<string> = new Set(['start', 'join', 'terminate', 'kill']);
const THREAD_CLASSES: ReadonlySet<string> = new Set(['threading.Thread']);
const MAX_DEPTH = 4;
/** A worker's lifecycle in the order it happens, then the data edges. */
const EDGE_ORDER: readonly EdgeKind[] = ['start', 'join', 'terminate', 'kill', 'put', 'send', 'set', 'get', 'recv', 'wait', 'attach'];

/**
 * The graph of the pipelines started in `parentsIn` (display paths; all files when omitted) outside
 * test code, with the marks of `findings`. Deterministic: the same summaries and findings give the same graph.
 */
export function buildTopology(summaries: readonly FileSummary[], findings: readonly Finding[], parentsIn?: ReadonlySet<string>): Topology {
  return new Builder(summaries).build(findings, parentsIn);
}

class Builder {
  private readonly index: ProjectIndex;
  private readonly files: FileSummary[];
  /** Function → its facts; a name defined in several files (two fixtures' `pipeline.main`) lists each. */
  private readonly uses = new Map<string, Array<{ file: FileSummary; facts: FunctionChannels }>>();
  private readonly made = new Map<string, { file: FileSummary; channel: MadeChannel }>();
  private readonly globals = new Map<string, string>();
  private readonly classChannels = new Map<string, string>();
  private readonly drafts = new Map<string, Draft>();
  private readonly edges = new Map<string, DraftEdge>();
  /** Worker key → its parent's key. */
  private readonly parentOf = new Map<string, string>();
  /** Parent function keys (`path|scope`) of every worker: a call into one is not a stage. */
  private readonly parentScopes = new Set<string>();
  private readonly walkedParents = new Set<string>();

  constructor(summaries: readonly FileSummary[]) {
    this.files = [...summaries].filter((s) => s.channels).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    this.index = new ProjectIndex(summaries);
    for (const file of this.files) {
      const { made, uses } = file.channels!;
      for (const [fn, facts] of Object.entries(uses)) {
        const q = this.index.canonical(fn === '' ? `${file.module}.<module>` : fn);
        const list = this.uses.get(q);
        if (list) list.push({ file, facts });
        else this.uses.set(q, [{ file, facts }]);
      }
      for (const channel of made) {
        const key = `chan:${file.path}${channel.at}`;
        this.made.set(key, { file, channel });
        for (const holder of channel.holders) {
          if (channel.scope === '' && !holder.includes('.')) this.globals.set(`${file.module}.${holder}`, key);
          // `self.frames = mp.Queue()` in any method: the class's own channel.
          const owner = channel.scope.slice(0, channel.scope.lastIndexOf('.'));
          if (holder.startsWith('self.') && this.index.classByQname(owner)) this.classChannels.set(`${this.index.canonical(owner)}.${holder.slice(5)}`, key);
        }
      }
    }
    for (const file of this.files) for (const site of file.channels!.workers) this.parentScopes.add(`${file.path}|${site.scope}`);
  }

  build(findings: readonly Finding[], parentsIn: ReadonlySet<string> | undefined): Topology {
    for (const file of this.files) {
      // Tests start workers to exercise them; the pipeline is what production code starts.
      if (file.test || (parentsIn && !parentsIn.has(file.path))) continue;
      const submits = this.submitsOf(file);
      for (const site of file.channels!.workers) this.addWorker(file, site, submits.get(site.at) ?? []);
    }
    this.addLifecycle();
    this.addUnknownEnds();
    return this.finish(findings);
  }

  // ---------------------------------------------------------------- nodes

  private draft(key: string, node: Draft['node'], range?: Range): Draft {
    let d = this.drafts.get(key);
    if (!d) this.drafts.set(key, (d = { key, node, ranges: [] }));
    if (range) addRange(d, range);
    return d;
  }

  private parentKey(file: FileSummary, scope: string): string {
    const key = `parent:${file.path}|${scope}`;
    const relative = scope === '' ? '<module>' : scope.startsWith(`${file.module}.`) ? scope.slice(file.module.length + 1) : scope;
    const facts = this.useOf(this.index.canonical(scope === '' ? `${file.module}.<module>` : scope), file.path);
    const range = facts && facts.file === file && scope !== '' ? { path: file.path, lines: facts.facts.lines } : undefined;
    this.draft(key, { kind: 'parent', name: `${file.module}:${relative}`, path: file.path, line: range?.lines[0] ?? 1 }, range);
    return key;
  }

  private channelKey(key: string): string {
    const { file, channel } = this.made.get(key)!;
    const name = channel.holders.length > 0 ? channel.holders.join(' / ') : `${channel.via}()`;
    this.draft(key, { kind: 'channel', name, path: file.path, line: channel.lines[0], channel: channel.kind, via: channel.via, maxsize: channel.maxsize ?? null }, { path: file.path, lines: channel.lines });
    return key;
  }

  /** A channel an owner uses that no one can trace: one per owner and name. */
  private unresolvedKey(owner: string, op: ChannelOp, path: string): string {
    const key = `unres:${owner}|${op.text}`;
    this.draft(key, { kind: 'channel', name: op.text, path, line: op.lines[0], channel: 'unresolved', via: null, maxsize: null });
    return key;
  }

  /** Pool submissions (`pool.apply_async(work, (q,))`) by the pool they go to. */
  private submitsOf(file: FileSummary): Map<string, ChannelOp[]> {
    const out = new Map<string, ChannelOp[]>();
    for (const facts of Object.values(file.channels!.uses)) {
      for (const op of facts.ops ?? []) {
        if (op.op !== 'submit') continue;
        const list = out.get(op.on);
        if (list) list.push(op);
        else out.set(op.on, [op]);
      }
    }
    return out;
  }

  private addWorker(file: FileSummary, site: WorkerSite, submits: readonly ChannelOp[]): void {
    const ctx = { file, fn: site.scope, env: emptyEnv() };
    let kind: 'process' | 'thread' | 'pool' = site.kind === 'class' ? 'process' : site.kind;
    const bodies: Array<{ fn: string; env: Env }> = [];
    const runs: string[] = [];
    if (site.kind === 'class') {
      const cls = this.index.classByQname(site.callee);
      if (!cls) return;
      const ancestors = this.index.ancestors(cls.qname);
      if (!ancestors.some((a) => PROCESS_CLASSES.has(a) || THREAD_CLASSES.has(a))) return;
      if (!ancestors.some((a) => PROCESS_CLASSES.has(a))) kind = 'thread';
      runs.push(cls.qname);
      const init = this.useOf(this.index.functionsCalledAs(`${cls.qname}.__init__`)[0] ?? '', file.path)?.facts;
      const env = emptyEnv();
      for (const [slot, ref] of site.args) {
        const position = typeof slot === 'number' ? slot : (init?.params?.indexOf(slot) ?? -1);
        const bound = this.resolve(ref, ctx);
        if (bound !== null && position >= 0) env.slots.set(position, bound);
      }
      for (const [attr, slot] of Object.entries(init?.attrs ?? {})) {
        const bound = env.slots.get(slot);
        if (bound !== undefined) env.attrs.set(attr, bound);
      }
      for (const fn of this.index.functionsCalledAs(`${cls.qname}.run`)) bodies.push({ fn, env });
    } else if (site.kind === 'pool') {
      for (const op of submits) {
        runs.push(this.index.canonical(op.target!));
        for (const fn of this.index.functionsCalledAs(op.target!)) bodies.push({ fn, env: this.envOf(op.args ?? [], ctx) });
      }
    } else if (site.target) {
      runs.push(this.index.canonical(site.target));
      for (const fn of this.index.functionsCalledAs(site.target)) bodies.push({ fn, env: this.envOf(site.args, ctx) });
    }
    const key = `worker:${file.path}${site.at}`;
    const shortRuns = [...new Set(runs)].sort();
    const name = site.holder ?? (shortRuns.length > 0 ? shortRuns.map(short).join(', ') : short(site.callee));
    this.draft(key, { kind, name, path: file.path, line: site.lines[0], runs: shortRuns }, { path: file.path, lines: site.lines });
    const parent = this.parentKey(file, site.scope);
    this.parentOf.set(key, parent);
    // A segment handed to a worker: it attaches to it.
    for (const [, ref] of site.args) {
      const bound = this.resolve(ref, ctx);
      if (bound && bound !== UNRESOLVED && this.made.get(bound)?.channel.kind === 'shared-memory') this.edge(bound, key, 'attach', { path: file.path, lines: site.lines });
    }
    for (const body of bodies) this.walk(key, body.fn, body.env, 0, new Set(), false, file.path);
    if (this.walkedParents.has(parent)) return;
    this.walkedParents.add(parent);
    this.walk(parent, this.index.canonical(site.scope === '' ? `${file.module}.<module>` : site.scope), emptyEnv(), 0, new Set(), true, file.path);
  }

  /** What a worker or callee is handed, resolved where it is handed. */
  private envOf(args: ReadonlyArray<[number | string, ChannelRef, string]>, ctx: { file: FileSummary; fn: string; env: Env }): Env {
    const env = emptyEnv();
    for (const [slot, ref] of args) {
      const bound = this.resolve(ref, ctx);
      if (bound !== null) env.slots.set(slot, bound);
    }
    return env;
  }

  /** The node key a ref names from inside `ctx.fn`: a channel, UNRESOLVED, or null when it is no channel at all. */
  private resolve(ref: ChannelRef, ctx: { file: FileSummary; fn: string; env: Env }): Bound | null {
    if (ref.startsWith('=')) {
      const key = `chan:${ctx.file.path}${ref}`;
      return this.made.has(key) ? this.channelKey(key) : null;
    }
    if (ref.startsWith('#')) return ctx.env.slots.get(Number(ref.slice(1))) ?? UNRESOLVED;
    if (ref.startsWith('self.')) {
      const attr = ref.slice(5);
      const bound = ctx.env.attrs.get(attr);
      if (bound) return bound;
      const owner = ctx.fn.slice(0, ctx.fn.lastIndexOf('.'));
      for (const cls of [owner, ...this.index.ancestors(owner)]) {
        const key = this.classChannels.get(`${this.index.canonical(cls)}.${attr}`);
        if (key) return this.channelKey(key);
      }
      return UNRESOLVED;
    }
    if (ref.startsWith('@')) {
      const key = this.globals.get(this.index.canonical(ref.slice(1))) ?? this.globals.get(ref.slice(1));
      return key ? this.channelKey(key) : null;
    }
    return UNRESOLVED;
  }

  /**
   * Adds the edges of what `fn` does with channels, as `owner`; the functions it hands channels to
   * count as its own, except that a parent's become stages (they are what the parent runs).
   */
  private walk(owner: string, fn: string, env: Env, depth: number, seen: Set<string>, asParent: boolean, near: string): void {
    const entry = this.useOf(fn, near);
    if (!entry || seen.has(fn)) return;
    seen.add(fn);
    const { file, facts } = entry;
    const ctx = { file, fn, env };
    const draft = this.drafts.get(owner);
    if (draft && !fn.endsWith('.<module>')) addRange(draft, { path: file.path, lines: facts.lines });
    for (const op of facts.ops ?? []) {
      if (LIFECYCLE.has(op.op) || op.op === 'submit') continue;
      let bound = this.resolve(op.on, ctx);
      if (bound === null) bound = UNRESOLVED;
      const channel = bound === UNRESOLVED ? this.unresolvedKey(owner, op, file.path) : bound;
      const site = { path: file.path, lines: op.lines };
      if (INTO.has(op.op)) this.edge(owner, channel, op.op as EdgeKind, site, op);
      else if (OUT_OF.has(op.op)) this.edge(channel, owner, op.op as EdgeKind, site, op);
    }
    if (depth >= MAX_DEPTH) return;
    for (const call of facts.calls ?? []) {
      const callees = this.index.functionsCalledAs(call.callee);
      const handed = this.envOf(call.args, ctx);
      for (const callee of callees) {
        const method = callee.slice(0, callee.lastIndexOf('.')) === fn.slice(0, fn.lastIndexOf('.'));
        const calleeEnv: Env = { slots: handed.slots, attrs: method ? env.attrs : new Map() };
        if (!asParent) {
          this.walk(owner, callee, calleeEnv, depth + 1, seen, false, file.path);
          continue;
        }
        const target = this.useOf(callee, file.path);
        if (!target || this.parentScopes.has(`${target.file.path}|${callee}`)) continue;
        const stage = `stage:${owner}|${callee}`;
        this.draft(stage, { kind: 'stage', name: short(callee), path: target.file.path, line: target.facts.lines[0], runs: [callee] });
        this.walk(stage, callee, calleeEnv, depth + 1, new Set(seen), false, file.path);
      }
    }
  }

  /** The facts of a function, from the file nearest `near` when several files define the name. */
  private useOf(fn: string, near: string): { file: FileSummary; facts: FunctionChannels } | undefined {
    const list = this.uses.get(fn);
    if (!list || list.length === 1) return list?.[0];
    const shared = (p: string): number => {
      let i = 0;
      while (i < p.length && i < near.length && p[i] === near[i]) i++;
      return i;
    };
    return list.reduce((best, e) => (shared(e.file.path) > shared(best.file.path) ? e : best));
  }

  // ---------------------------------------------------------------- edges

  private edge(from: string | null, to: string | null, kind: EdgeKind, site: Range | null, op?: ChannelOp): DraftEdge {
    const key = `${from ?? ''}|${to ?? ''}|${kind}`;
    let e = this.edges.get(key);
    if (!e) this.edges.set(key, (e = { from, to, kind, messages: new Set(), pill: false, timeout: true, sites: [] }));
    if (site && !e.sites.some((s) => s.path === site.path && s.lines[0] === site.lines[0])) e.sites.push(site);
    if (op?.message) e.messages.add(op.message);
    if (op?.pill) e.pill = true;
    if (op && OUT_OF.has(op.op) && !op.timeout) e.timeout = false;
    return e;
  }

  /** start / join / terminate / kill of each drawn worker, from its parent, wherever the call is. */
  private addLifecycle(): void {
    for (const file of this.files) {
      for (const facts of Object.values(file.channels!.uses)) {
        for (const op of facts.ops ?? []) {
          if (!LIFECYCLE.has(op.op)) continue;
          const worker = `worker:${file.path}${op.on}`;
          const parent = this.parentOf.get(worker);
          if (parent) this.edge(parent, worker, op.op as EdgeKind, { path: file.path, lines: op.lines });
        }
      }
    }
  }

  /** A channel with no producer or no consumer anyone can find gets an edge to or from "unknown". */
  private addUnknownEnds(): void {
    for (const d of [...this.drafts.values()]) {
      if (d.node.kind !== 'channel' || d.node.channel === 'shared-memory') continue;
      const all = [...this.edges.values()];
      // An untraced channel is what its own operations say it is: waited on, it is an event.
      const own = d.node.channel === UNRESOLVED ? all.filter((e) => e.to === d.key || e.from === d.key).map((e) => e.kind) : [];
      const pipe = d.node.channel === 'pipe' || own.some((k) => k === 'send' || k === 'recv');
      const event = d.node.channel === 'event' || own.some((k) => k === 'set' || k === 'wait');
      if (!all.some((e) => e.to === d.key && INTO.has(e.kind))) this.edge(null, d.key, pipe ? 'send' : event ? 'set' : 'put', null);
      if (!all.some((e) => e.from === d.key && OUT_OF.has(e.kind))) {
        const e = this.edge(d.key, null, pipe ? 'recv' : event ? 'wait' : 'get', null);
        e.timeout = false;
      }
    }
  }

  // ---------------------------------------------------------------- output

  private finish(findings: readonly Finding[]): Topology {
    // What a consumer gets is what the channel's producers put.
    for (const e of this.edges.values()) {
      if (!OUT_OF.has(e.kind) || e.from === null) continue;
      for (const p of this.edges.values()) if (p.to === e.from && INTO.has(p.kind)) for (const m of p.messages) e.messages.add(m);
    }
    const ids = this.assignIds();
    const nodes: TopologyNode[] = [...this.drafts.values()].map((d) => ({ id: ids.get(d.key)!, ...d.node, marks: [] }));
    const byKey = new Map([...this.drafts.values()].map((d, i) => [d.key, nodes[i]!]));
    const edges: TopologyEdge[] = [...this.edges.values()].map((e) => {
      const out: TopologyEdge = { from: e.from === null ? null : ids.get(e.from)!, to: e.to === null ? null : ids.get(e.to)!, kind: e.kind, sites: [], marks: [] };
      if (e.kind === 'put' || e.kind === 'send' || e.kind === 'get' || e.kind === 'recv') out.messages = [...e.messages].sort();
      if (e.kind === 'put' || e.kind === 'send') out.pill = e.pill;
      if (OUT_OF.has(e.kind)) out.timeout = e.timeout;
      out.sites = e.sites.map((s) => ({ path: s.path, line: s.lines[0] })).sort((a, b) => compare(a.path, b.path) || a.line - b.line);
      return out;
    });
    this.attachMarks(findings, byKey, edges);
    nodes.sort((a, b) => compare(a.id, b.id));
    edges.sort((a, b) => compare(a.from ?? '', b.from ?? '') || compare(a.to ?? '', b.to ?? '') || EDGE_ORDER.indexOf(a.kind) - EDGE_ORDER.indexOf(b.kind));
    return { version: 1, nodes, edges };
  }

  /** Stable ids from kinds and names (`proc_camera`), numbered where two would be the same. */
  private assignIds(): Map<string, string> {
    const order = [...this.drafts.values()].sort(
      (a, b) => compare(a.node.kind, b.node.kind) || compare(a.node.name, b.node.name) || compare(a.node.path, b.node.path) || a.node.line - b.node.line || compare(a.key, b.key),
    );
    const ids = new Map<string, string>();
    const used = new Set<string>();
    for (const d of order) {
      const base = `${ID_PREFIX[d.node.kind]}_${d.node.name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'x'}`;
      let id = base;
      for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
      used.add(id);
      ids.set(d.key, id);
    }
    return ids;
  }

  /** Each pipeline finding goes to the narrowest nodes and edges whose code contains its line. */
  private attachMarks(findings: readonly Finding[], byKey: ReadonlyMap<string, TopologyNode>, edges: readonly TopologyEdge[]): void {
    const targets: Array<{ ranges: Range[]; marks: Mark[] }> = [
      ...[...this.drafts.values()].map((d) => ({ ranges: d.ranges, marks: byKey.get(d.key)!.marks })),
      ...[...this.edges.values()].map((e, i) => ({ ranges: e.sites, marks: edges[i]!.marks })),
    ];
    for (const f of findings) {
      if (!TOPOLOGY_CODES.has(f.code)) continue;
      let best = Infinity;
      let hits: Array<Mark[]> = [];
      for (const t of targets) {
        for (const r of t.ranges) {
          if (r.path !== f.path || f.line < r.lines[0] || f.line > r.lines[1]) continue;
          const span = r.lines[1] - r.lines[0];
          if (span < best) {
            best = span;
            hits = [t.marks];
          } else if (span === best && !hits.includes(t.marks)) hits.push(t.marks);
        }
      }
      for (const marks of hits) marks.push({ code: f.code, name: f.name, path: f.path, line: f.line, column: f.column, message: f.message });
    }
  }
}

function addRange(d: Draft, range: Range): void {
  if (!d.ranges.some((r) => r.path === range.path && r.lines[0] === range.lines[0] && r.lines[1] === range.lines[1])) d.ranges.push(range);
}

function emptyEnv(): Env {
  return { slots: new Map(), attrs: new Map() };
}

/** `pipeline.camera.capture_frames` → `capture_frames`; `pkg.Cls.run` → `Cls.run`. */
function short(qname: string): string {
  const parts = qname.split('.');
  return parts.length > 1 && /^[A-Z]/.test(parts.at(-2)!) ? parts.slice(-2).join('.') : parts.at(-1)!;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
