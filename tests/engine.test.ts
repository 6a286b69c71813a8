/**
 * Engine behaviour that no single fixture shows: facts resolved across files, the limits of name
 * heuristics, and inputs deep enough to overflow any recursive walker.
 */
import { describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { defineRule, type AnyRule } from '../src/rule.js';
import { lintWith, ruleByCode } from './helpers.js';
import { project } from './spawn.js';

/** A rule that only looks at what the engine hands it: PTL303's metadata, a test's own visitors. */
async function probeRule(code: string, create: AnyRule['create'], textTriggers?: AnyRule['textTriggers']): Promise<AnyRule> {
  return defineRule({ ...(await ruleByCode('PTL303')), code, name: `probe-${code.toLowerCase()}`, textTriggers, create });
}

async function found(code: string, files: Record<string, string>): Promise<string[]> {
  const result = await lintWith([await ruleByCode(code)], project(files));
  expect(result.errors).toEqual([]);
  return result.findings.map((f) => `${f.path}:${f.line}`);
}

describe('cross-file facts', () => {
  it('PTL105 knows a class of another module subclasses Process', async () => {
    const files = {
      'app/__init__.py': '',
      'app/base.py': 'import multiprocessing as mp\n\nclass BaseProcess(mp.Process):\n    pass\n',
      'app/output.py': 'from .base import BaseProcess\n\nclass OutputProcess(BaseProcess):\n    def run(self):\n        pass\n',
      'app/main.py':
        'import subprocess\nfrom app.output import OutputProcess\n\n' +
        'def stop():\n    out = OutputProcess()\n    out.start()\n    out.terminate()\n\n' +
        'def stop_ffmpeg():\n    ff = subprocess.Popen(["ffmpeg"])\n    ff.terminate()\n',
    };
    expect(await found('PTL105', files)).toEqual(['app/main.py:7']);
  });

  it('PTL105 takes names for processes only in files that use multiprocessing', async () => {
    const timer = 'import subprocess, threading\n\ndef kill_proc(process):\n    process.kill()\n';
    expect(await found('PTL105', { 'a.py': timer })).toEqual([]);
    expect(await found('PTL105', { 'a.py': `import multiprocessing\n${timer}` })).toEqual(['a.py:5']);
  });

  it('PTL104 follows a process target imported through a package re-export', async () => {
    const files = {
      'pipe/__init__.py': 'from .camera import capture\n',
      'pipe/camera.py': 'def capture(frame_q, cam):\n    for f in cam:\n        frame_q.put(f)\n\ndef helper(frame_q, cam):\n    for f in cam:\n        frame_q.put(f)\n',
      'run.py': 'import multiprocessing as mp\nfrom pipe import capture\n\nmp.Process(target=capture, args=(mp.Queue(), [])).start()\n',
    };
    expect(await found('PTL104', files)).toEqual(['pipe/camera.py:1']);
  });
});

describe('the call graph in the project index', () => {
  it('resolves inherited methods, cuts cycles and stops at the depth bound', async () => {
    const files = {
      'svc/__init__.py': '',
      'svc/base.py':
        'import subprocess\n\nclass Base:\n    def flush(self):\n        subprocess.run(["sync"])\n\n' +
        'def ping():\n    return pong()\n\ndef pong():\n    return ping()\n\n' +
        'def d1():\n    return d2()\n\ndef d2():\n    return d3()\n\ndef d3():\n    return d4()\n\n' +
        'def d4():\n    return d5()\n\ndef d5():\n    subprocess.run(["sleep", "1"])\n',
      'svc/api.py':
        'from .base import Base, d1, d2, ping\n\nclass Child(Base):\n    async def stop(self):\n        self.flush()\n\n' +
        'async def loop_forever():\n    ping()\n\nasync def too_deep():\n    d1()\n\nasync def deep_enough():\n    d2()\n',
    };
    // Child.flush is Base.flush; ping ↔ pong never blocks; d1 is five calls from subprocess.run, d2 four.
    expect(await found('PTL106', files)).toEqual(['svc/api.py:5', 'svc/api.py:14']);
  });

  it('PTL105 finds a SIGTERM handler installed by an override of a hook the target calls', async () => {
    const files = {
      'svc/__init__.py': '',
      'svc/base.py':
        'import multiprocessing as mp\n\nclass Service:\n    def start(self):\n        self.proc = mp.Process(target=self.main)\n        self.proc.start()\n\n' +
        '    def main(self):\n        self.setup()\n\n    def setup(self):\n        pass\n\n    def stop(self):\n        self.proc.terminate()\n',
      'svc/graceful.py':
        'import signal\nfrom .base import Service\n\nclass Graceful(Service):\n    def setup(self):\n        signal.signal(signal.SIGTERM, self.on_term)\n',
    };
    expect(await found('PTL105', files)).toEqual([]);
    const { 'svc/graceful.py': _graceful, ...withoutOverride } = files;
    expect(await found('PTL105', withoutOverride)).toEqual(['svc/base.py:15']);
  });
});

describe('inputs that would overflow a recursive walker', () => {
  it('lints a 50,000-deep nested expression without a stack overflow', async () => {
    const deep = `x = ${'('.repeat(50_000)}torch.load(p)${')'.repeat(50_000)}\n`;
    const calls = `y = ${'f('.repeat(20_000)}1${')'.repeat(20_000)}\nimport torch\ntorch.load(p)\n`;
    const dir = project({ 'deep.py': `import torch\n${deep}`, 'calls.py': calls });
    const result = await lintWith([await ruleByCode('PTL301'), await ruleByCode('PTL106'), await ruleByCode('PTL103')], dir);
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => `${f.path}:${f.line} ${f.code}`)).toEqual(['calls.py:3 PTL301', 'deep.py:2 PTL301']);
  });
});

describe('a file the parser can make nothing of', () => {
  it('is still a syntax error when the root of its tree is itself an ERROR', async () => {
    // Nothing in these parses into a statement, so tree-sitter's root is `ERROR`, not `module`.
    expect(await found('PTL001', { 'open.py': 'y = ((((((((((((((\n', 'ok.py': 'y = 1\n', 'close.py': ')))\n' })).toEqual(['close.py:1', 'open.py:1']);
  });

  it('is a syntax error when all the parser lacks is a hidden newline between two statements on one line', async () => {
    // tree-sitter inserts a MISSING `_newline`, which no child list shows (found by the battery's fuzzing).
    const files = { 'imp.py': 'import os\nfrom a import B~c, D\n', 'two.py': 'x = 1\ny = f(a) b\n', 'semi.py': 'x = 1; y = 2\n' };
    expect(await found('PTL001', files)).toEqual(['imp.py:2', 'two.py:2']);
  });
});

describe('module names', () => {
  it('resolves imports into namespace packages (directories without __init__.py)', async () => {
    const files = {
      'frigate/__init__.py': '',
      'frigate/util/process.py': 'import multiprocessing as mp\n\nclass BaseProcess(mp.Process):\n    pass\n',
      'frigate/output/output.py': 'from frigate.util.process import BaseProcess\n\nclass OutputProcess(BaseProcess):\n    pass\n',
      'frigate/app.py':
        'from frigate.output.output import OutputProcess\n\nclass App:\n    def start(self):\n        self.output = OutputProcess()\n\n    def stop(self):\n        self.output.terminate()\n',
    };
    expect(await found('PTL105', files)).toEqual(['frigate/app.py:8']);
  });

  it('does not take a multiprocessing helper import (cpu_count) as a sign of processes', async () => {
    const timer =
      'from multiprocessing import cpu_count\nfrom multiprocessing.dummy import Pool as ThreadPool\nimport subprocess\n\n' +
      'def kill_proc(process):\n    return process.kill()\n';
    expect(await found('PTL105', { 'a.py': timer })).toEqual([]);
  });
});

describe('facts read from the text agree with the tree', () => {
  it('calleeName and methodCall read from the text equal what the tree says, for every call form', async () => {
    const seen: Array<{ line: number; name: string | null; fromTree: string | null; fromText: string | null; method: string | null }> = [];
    const probe = await probeRule('PTL999', (ctx) => ({
      call(node) {
        const fn = node.childForFieldName('function')!;
        const fromTree = ctx.model.qualifiedName(fn, ctx.ancestors);
        const method = fn.type === 'attribute' ? `${fn.childForFieldName('object')!.text}|${fn.childForFieldName('attribute')!.text}` : null;
        const call = ctx.model.methodCall(node);
        const fromText = call ? `${call.receiverText}|${call.method}` : null;
        seen.push({ line: node.startPosition.row + 1, name: ctx.model.calleeName(node, ctx.ancestors), fromTree, fromText, method });
        if (call) expect(call.receiver.text).toBe(call.receiverText);
      },
    }));
    const source = [
      'import torch as T',
      'from yaml import load as yl',
      'T.load(p)(q)',
      'T.load(p).to(d)',
      'T . nn  .  Module ()',
      'x = (T.hub',
      '     .load(p))',
      'café.load(p)',
      'self.q.get()',
      'yl(s)[0](t)',
      'a[0].get(k)',
      '"x".join(parts)',
      'f"{T.load(p)}"',
      'T.jit.load(  # comment',
      '  p)',
      'T.\\',
      '  load(p)',
    ].join('\n');
    await lintWith([probe], project({ 'calls.py': `${source}\n` }));
    for (const call of seen) {
      expect(call.name, `line ${call.line}`).toBe(call.fromTree);
      expect(call.fromText, `line ${call.line}`).toBe(call.method);
    }
    expect(seen.map((c) => c.line)).toEqual([3, 3, 4, 4, 5, 6, 8, 9, 10, 10, 11, 12, 13, 14, 16]);
    expect(seen.find((c) => c.line === 6)?.name).toBe('torch.hub.load');
  });
});

describe('awaited calls', () => {
  it('isAwaited agrees with a walk up the parents, through parentheses, comments and nesting', async () => {
    const seen: Array<{ text: string; awaited: boolean; fromParents: boolean }> = [];
    const probe = await probeRule('PTL995', (ctx) => ({
      call(node) {
        let parent = node.parent;
        while (parent?.type === 'parenthesized_expression') parent = parent.parent;
        seen.push({ text: node.text, awaited: ctx.model.isAwaited(node), fromParents: parent?.type === 'await' });
      },
    }));
    const source = [
      'async def main(q, pool):',
      '    await q.get()',
      '    await (q.join())',
      '    await ((q.put(1)))',
      '    await (  # why',
      '        q.task_done()',
      '    )',
      '    g(await h())',
      '    await make()()',
      '    (await fetch()).json()',
      '    await (await outer())',
      '    await (x, y.z())',
      '    [await w(i) for i in range(3)]',
      '    await pool.run(blocking())',
      '    plain()',
    ].join('\n');
    await lintWith([probe], project({ 'awaits.py': `${source}\n` }));
    for (const call of seen) expect(call.awaited, call.text).toBe(call.fromParents);
    expect(seen.filter((c) => c.awaited).map((c) => c.text)).toEqual([
      'q.get()',
      'q.join()',
      'q.put(1)',
      'q.task_done()',
      'h()',
      'make()()',
      'fetch()',
      'outer()',
      'w(i)',
      'pool.run(blocking())',
    ]);
  });
});

describe('text triggers', () => {
  const source = [
    's = "plain"',
    't = "http://needle"',
    'u = f"{\'ftp://inner\'} and http://outer"',
    `v = ${'('.repeat(5_000)}"deep://x"${')'.repeat(5_000)}`,
    'w = "no url"',
  ].join('\n');

  async function visitedStrings(withPlainListener: boolean): Promise<string[]> {
    const seen: string[] = [];
    const triggered = await probeRule('PTL998', () => ({ string: (n) => void seen.push(n.text) }), { string: /:\/\// });
    const plain = await probeRule('PTL997', () => ({ string: () => undefined }));
    await lintWith(withPlainListener ? [triggered, plain] : [triggered], project({ 'urls.py': `${source}\n` }));
    return seen;
  }

  it('visits exactly the nodes of the type that contain a match, outer ones included, in document order', async () => {
    const expected = ['"http://needle"', `f"{'ftp://inner'} and http://outer"`, "'ftp://inner'", '"deep://x"'];
    expect(await visitedStrings(false)).toEqual(expected);
    // The same nodes when another rule makes the engine capture every string.
    expect(await visitedStrings(true)).toEqual(expected);
  });
});

describe('collected nodes', () => {
  const source = [
    'async def f(x: int, g=lambda a: a) -> type[int]:',
    '    await g(x)',
    '    y = yield (lambda: (yield))',
    '    type Alias = list[int]',
    '    return [await h() for h in x]',
    'x = = 1',
    'print(lambda: 1))',
  ].join('\n');

  /** Independent oracle: a recursive walk over the named children, in pre-order. */
  function namedOfTypes(node: Node, types: ReadonlySet<string>, out: string[] = []): string[] {
    if (types.has(node.type)) out.push(`${node.type}@${node.startIndex}`);
    for (const child of node.namedChildren) if (child) namedOfTypes(child, types, out);
    return out;
  }

  async function visit(types: string[]): Promise<{ seen: string[]; expected: string[] }> {
    const seen: string[] = [];
    let expected: string[] = [];
    const listeners = Object.fromEntries(types.map((t) => [t, (n: Node) => void seen.push(`${n.type}@${n.startIndex}`)]));
    const probe = await probeRule('PTL996', () => ({ ...listeners, module: (root: Node) => void (expected = namedOfTypes(root, new Set(types))) }));
    await lintWith([probe], project({ 'nodes.py': `${source}\n` }));
    return { seen, expected };
  }

  it('hands listeners the named nodes of their types, never a keyword of the same name, in document order', async () => {
    const { seen, expected } = await visit(['lambda', 'await', 'yield', 'type', 'call']);
    expect(seen).toEqual(expected);
    expect(seen.filter((s) => s.startsWith('lambda@'))).toHaveLength(3);
    expect(seen.filter((s) => s.startsWith('await@'))).toHaveLength(2);
  });

  it('collects ERROR nodes too', async () => {
    const { seen, expected } = await visit(['ERROR', 'lambda', 'call']);
    expect(seen).toEqual(expected);
    expect(seen.filter((s) => s.startsWith('ERROR@'))).toHaveLength(2);
  });
});
