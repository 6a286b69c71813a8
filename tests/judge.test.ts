/**
 * The judge of fixes cannot be gamed (issue 15, problem 2): a finding hidden by a `noqa` the
 * change adds or widens is suppressed, not resolved, and rejects the change unless allowed; a
 * finding whose code the change deletes is reported as deleted and earns no credit. Through
 * `runVerify` in this process (the CLI's `verify`), and through `verify_fix` of the MCP server
 * spawned from the repository's dist/ or the build named by PYTEAM_LINT_DIST
 * (`node scripts/build.mjs /tmp/x && PYTEAM_LINT_DIST=/tmp/x npx vitest run tests/judge.test.ts`).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createTwoFilesPatch } from 'diff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVerify } from '../src/cli/verify.js';
import { loadRules } from '../src/engine/registry.js';
import { changeBlocks } from '../src/engine/verify.js';
import { BIN, project, tempDir } from './spawn.js';

const rules = (await loadRules()).map((r) => r.rule);

const DETECTOR = [
  'import pickle',
  'import queue',
  '',
  'import torch',
  '',
  '',
  'def load_model(weights: str) -> torch.nn.Module:',
  '    model = torch.load(weights)',
  '    return model',
  '',
  '',
  'def consume(in_q: queue.Queue) -> None:',
  '    while not stopped():',
  '        frame = in_q.get()',
  '        handle(frame)',
  '',
].join('\n');

const replaceIn = (text: string, from: string, to: string) => {
  expect(text).toContain(from);
  return text.replace(from, to);
};

interface FindingJson {
  code: string;
  path: string;
  line: number;
}

interface Verdict {
  verdict: 'accepted' | 'rejected';
  reasons: string[];
  parses: boolean | null;
  resolved: FindingJson[];
  introduced: FindingJson[];
  remaining: FindingJson[];
  suppressed: FindingJson[];
  deleted: FindingJson[];
}

const at = (fs: readonly FindingJson[]) => fs.map((f) => `${f.code}:${f.line}`);

interface Flags {
  format?: string;
  'allow-suppressions'?: boolean;
  'allow-deletions'?: boolean;
}

/** Judges the git-style patch from `original` to `changed` of pipeline/detector.py, in a project holding `original`. */
async function verify(original: string, changed: string, flags: Flags = {}): Promise<{ status: number; stdout: string; stderr: string }> {
  const dir = project({ 'pyproject.toml': '[tool.pyteam-lint]\n', 'pipeline/__init__.py': '', 'pipeline/detector.py': original });
  const patch = createTwoFilesPatch('a/pipeline/detector.py', 'b/pipeline/detector.py', original, changed);
  writeFileSync(path.join(dir, 'fix.diff'), patch);
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (t: string) => void (stdout += t),
    stderr: (t: string) => void (stderr += t),
    readStdin: () => ({ ok: true as const, bytes: Buffer.from(patch) }),
    cwd: dir,
  };
  const status = await runVerify(['fix.diff'], flags, rules, io);
  return { status, stdout, stderr };
}

async function verdictOf(original: string, changed: string, flags: Flags = {}): Promise<Verdict & { status: number }> {
  const r = await verify(original, changed, { ...flags, format: 'json' });
  expect(r.stderr).toBe('');
  return { ...(JSON.parse(r.stdout) as Verdict), status: r.status };
}

describe('verify: suppressions are not fixes', () => {
  const noqaOnly = replaceIn(DETECTOR, 'model = torch.load(weights)', 'model = torch.load(weights)  # noqa: PTL301');

  it('rejects a diff that only adds `# noqa: PTL301`, reporting the finding as suppressed (exit 1)', async () => {
    const v = await verdictOf(DETECTOR, noqaOnly);
    expect(v.status).toBe(1);
    expect(v.verdict).toBe('rejected');
    expect(at(v.suppressed)).toEqual(['PTL301:8']);
    expect(v.resolved).toEqual([]);
    expect(v.deleted).toEqual([]);
    expect(v.reasons).toEqual(['1 finding was suppressed with noqa, not fixed; pass --allow-suppressions to accept that']);
    const text = await verify(DETECTOR, noqaOnly);
    expect(text.stdout).toMatch(/^Rejected: 1 finding was suppressed with noqa, not fixed; pass --allow-suppressions to accept that\.\n/);
    expect(text.stdout).toContain('Suppressed with noqa, not fixed (1), lines of the patched text:\n  pipeline/detector.py:8:13: PTL301');
    expect(text.status).toBe(1);
  });

  it('accepts the same diff with --allow-suppressions (exit 0)', async () => {
    const v = await verdictOf(DETECTOR, noqaOnly, { 'allow-suppressions': true });
    expect(v).toMatchObject({ verdict: 'accepted', reasons: [], status: 0 });
    expect(at(v.suppressed)).toEqual(['PTL301:8']);
    const text = await verify(DETECTOR, noqaOnly, { 'allow-suppressions': true });
    expect(text.stdout).toMatch(/^Accepted: suppresses 1 finding with noqa \(allowed\) and introduces none\./);
    expect(text.status).toBe(0);
  });

  it('rejects a file-level `# pyteam-lint: noqa`, which hides every finding', async () => {
    const v = await verdictOf(DETECTOR, `# pyteam-lint: noqa\n${DETECTOR}`);
    expect(v.verdict).toBe('rejected');
    expect(at(v.suppressed)).toEqual(['PTL301:9', 'PTL102:15']);
    expect(v.reasons).toEqual(['2 findings were suppressed with noqa, not fixed; pass --allow-suppressions to accept that']);
  });

  it('rejects widening `# noqa: PTL102` to `# noqa: PTL102, PTL301`', async () => {
    const original = replaceIn(DETECTOR, '        frame = in_q.get()', '        frame = torch.load(in_q.get())  # noqa: PTL102');
    const widened = replaceIn(original, '# noqa: PTL102', '# noqa: PTL102, PTL301');
    const v = await verdictOf(original, widened);
    expect(v.verdict).toBe('rejected');
    // The PTL102 that the noqa already hid before is not the patch's doing.
    expect(at(v.suppressed)).toEqual(['PTL301:14']);
    expect(v.reasons).toEqual(['1 finding was suppressed with noqa, not fixed; pass --allow-suppressions to accept that']);
  });

  it('accepts a real fix beside a noqa that was there before and is left alone', async () => {
    const original = replaceIn(DETECTOR, '        frame = in_q.get()', '        frame = in_q.get()  # noqa: PTL102');
    const v = await verdictOf(original, replaceIn(original, 'torch.load(weights)', 'torch.load(weights, weights_only=True)'));
    expect(v).toMatchObject({ verdict: 'accepted', reasons: [], suppressed: [], deleted: [], status: 0 });
    expect(at(v.resolved)).toEqual(['PTL301:8']);
  });

  it('tells a pre-existing noqa on an identical call from the one the patch fixes', async () => {
    const original = replaceIn(DETECTOR, '    return model', '    spare = torch.load(weights)  # noqa: PTL301\n    return model, spare');
    const v = await verdictOf(original, replaceIn(original, 'model = torch.load(weights)', 'model = torch.load(weights, weights_only=True)'));
    expect(v).toMatchObject({ verdict: 'accepted', suppressed: [], status: 0 });
    expect(at(v.resolved)).toEqual(['PTL301:8']);
  });

  it('rejects a fix that brings in a new finding under its own noqa', async () => {
    const fixed = replaceIn(DETECTOR, 'torch.load(weights)', 'torch.load(weights, weights_only=True)');
    const v = await verdictOf(DETECTOR, replaceIn(fixed, '        handle(frame)', '        handle(pickle.loads(frame))  # noqa'));
    expect(v.verdict).toBe('rejected');
    expect(at(v.resolved)).toEqual(['PTL301:8']);
    expect(v.introduced).toEqual([]);
    expect(at(v.suppressed)).toEqual(['PTL302:15']);
  });

  it('accepts a real fix (weights_only=True), with nothing suppressed or deleted', async () => {
    const r = await verify(DETECTOR, replaceIn(DETECTOR, 'torch.load(weights)', 'torch.load(weights, weights_only=True)'));
    expect(r.stdout).toMatch(/^Accepted: resolves 1 finding and introduces none\./);
    expect(r.status).toBe(0);
    const v = await verdictOf(DETECTOR, replaceIn(DETECTOR, 'torch.load(weights)', 'torch.load(weights, weights_only=True)'));
    expect(v).toMatchObject({ verdict: 'accepted', suppressed: [], deleted: [] });
    expect(at(v.resolved)).toEqual(['PTL301:8']);
  });
});

describe('verify: deleting the flagged code is not fixing it', () => {
  const withoutLoad = replaceIn(DETECTOR, '    model = torch.load(weights)\n', '');

  it('reports a deleted flagged line as deleted and rejects the patch (exit 1)', async () => {
    const v = await verdictOf(DETECTOR, withoutLoad);
    expect(v.status).toBe(1);
    expect(v.parses).toBe(true);
    expect(at(v.deleted)).toEqual(['PTL301:8']);
    expect(v.resolved).toEqual([]);
    expect(v.reasons).toEqual(['the patch removes the flagged code instead of fixing it (1 finding deleted with its code); pass --allow-deletions to accept that']);
    const text = await verify(DETECTOR, withoutLoad);
    expect(text.stdout).toMatch(/^Rejected: the patch removes the flagged code instead of fixing it/);
    expect(text.stdout).toContain('Deleted with its code: 1, lines of the original:\n  pipeline/detector.py:8:13: PTL301');
  });

  it('accepts it with --allow-deletions', async () => {
    const v = await verdictOf(DETECTOR, withoutLoad, { 'allow-deletions': true });
    expect(v).toMatchObject({ verdict: 'accepted', reasons: [], status: 0 });
    expect(at(v.deleted)).toEqual(['PTL301:8']);
  });

  it('counts replacing the code by a comment, `pass` or a blank line as deleting it', async () => {
    for (const inert of ['    pass  # removed the unsafe load', '    # model = safe_load(weights)', '', '    ...']) {
      const v = await verdictOf(DETECTOR, replaceIn(DETECTOR, '    model = torch.load(weights)', inert));
      expect(at(v.deleted), JSON.stringify(inert)).toEqual(['PTL301:8']);
      expect(v.verdict).toBe('rejected');
    }
  });

  it('counts deleting the whole function as deleting its findings', async () => {
    const v = await verdictOf(DETECTOR, replaceIn(DETECTOR, 'def load_model(weights: str) -> torch.nn.Module:\n    model = torch.load(weights)\n    return model\n\n\n', ''));
    expect(at(v.deleted)).toEqual(['PTL301:8']);
    expect(v.verdict).toBe('rejected');
  });

  it('rejects deleting the only statement of a body: Python does not parse it, though tree-sitter recovers', async () => {
    const original = replaceIn(DETECTOR, '    model = torch.load(weights)\n    return model', '    with open(weights, "rb") as f:\n        model = torch.load(f)\n    return model');
    const v = await verdictOf(original, replaceIn(original, '        model = torch.load(f)\n', '        # model = torch.load(f)\n'));
    expect(v).toMatchObject({ verdict: 'rejected', parses: false, status: 1 });
    expect(at(v.deleted)).toEqual(['PTL301:9']);
    expect(v.reasons).toEqual(['pipeline/detector.py does not parse after the change (line 8, column 5: a `with statement` whose body has no statement left)']);
  });

  it('accepts replacing the flagged line with a fixed one: an edit, not a deletion', async () => {
    const v = await verdictOf(DETECTOR, replaceIn(DETECTOR, '    model = torch.load(weights)', '    model = torch.load(weights, map_location="cpu", weights_only=True)'));
    expect(v).toMatchObject({ verdict: 'accepted', deleted: [], suppressed: [], status: 0 });
    expect(at(v.resolved)).toEqual(['PTL301:8']);
  });

  it('accepts a real fix beside a deletion, listing the deletion', async () => {
    const changed = replaceIn(withoutLoad, 'in_q.get()', 'in_q.get(timeout=1.0)');
    const v = await verdictOf(DETECTOR, changed);
    expect(v).toMatchObject({ verdict: 'accepted', status: 0 });
    expect(at(v.resolved)).toEqual(['PTL102:14']);
    expect(at(v.deleted)).toEqual(['PTL301:8']);
    const text = await verify(DETECTOR, changed);
    expect(text.stdout).toMatch(/^Accepted: resolves 1 finding, deletes 1 finding with its code and introduces none\./);
  });

  it('does not let deleting one of two identical calls pass for fixing the other', async () => {
    const original = replaceIn(DETECTOR, '    return model', '    spare = torch.load(weights)\n    return model');
    // Two findings with the same fingerprint (flagged text `torch.load(weights)`); the second goes.
    const v = await verdictOf(original, replaceIn(original, '    spare = torch.load(weights)\n', ''));
    expect(v.verdict).toBe('rejected');
    expect(at(v.deleted)).toEqual(['PTL301:9']);
    expect(v.resolved).toEqual([]);
    expect(at(v.remaining)).toEqual(['PTL301:8', 'PTL102:14']);
  });

  it('reports the findings of a deleted file as deleted', async () => {
    const dir = project({ 'pyproject.toml': '[tool.pyteam-lint]\n', 'pipeline/detector.py': DETECTOR });
    writeFileSync(path.join(dir, 'fix.diff'), createTwoFilesPatch('a/pipeline/detector.py', '/dev/null', DETECTOR, ''));
    let out = '';
    const io = { stdout: (t: string) => void (out += t), stderr: () => undefined, readStdin: () => ({ ok: true as const, bytes: Buffer.alloc(0) }), cwd: dir };
    expect(await runVerify(['fix.diff'], { format: 'json' }, rules, io)).toBe(1);
    const v = JSON.parse(out) as Verdict;
    expect(at(v.deleted)).toEqual(['PTL301:8', 'PTL102:14']);
    expect(v.reasons[0]).toMatch(/^the patch removes the flagged code instead of fixing it \(2 findings deleted with their code\)/);
  });
});

describe('changeBlocks', () => {
  it('pairs a changed line with its replacement and keeps a pure removal apart', () => {
    const a = ['a', 'b', 'c', 'd', 'e'];
    const b = ['a', "b'", 'c', 'e'];
    expect(changeBlocks(a, b)).toEqual([
      { oldStart: 1, oldEnd: 2, newStart: 1, newEnd: 2 },
      { oldStart: 3, oldEnd: 4, newStart: 3, newEnd: 3 },
    ]);
  });

  it('aligns a rewrite of a large file in bounded time', () => {
    const a = Array.from({ length: 20_000 }, (_, i) => `x = ${i % 7}`);
    const b = Array.from({ length: 20_000 }, (_, i) => `y = ${i % 5}`);
    const started = Date.now();
    expect(changeBlocks(a, b)).toEqual([{ oldStart: 0, oldEnd: 20_000, newStart: 0, newEnd: 20_000 }]);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

// --- verify_fix through the MCP server ---------------------------------------------------------

const DIST = process.env['PYTEAM_LINT_DIST'];

function serverArgs(): string[] {
  if (!DIST) return [BIN, 'mcp'];
  const launcher = path.join(tempDir(), 'pyteam-lint.mjs');
  const cli = pathToFileURL(path.join(path.resolve(DIST), 'cli.js')).href;
  writeFileSync(launcher, `const { main } = await import(${JSON.stringify(cli)});\nprocess.exitCode = await main(process.argv.slice(2));\n`);
  return [launcher, 'mcp'];
}

const UNSAFE = 'import torch\n\n\ndef load(path: str):\n    model = torch.load(path)\n    return model\n';
const mcpDir = project({ 'pyproject.toml': '[tool.pyteam-lint]\n', 'src/model_io.py': UNSAFE });
let client: Client;
let serverLog = '';

async function verifyFix(args: Record<string, unknown>): Promise<Verdict> {
  const r = (await client.callTool({ name: 'verify_fix', arguments: { filename: 'src/model_io.py', original: UNSAFE, ...args } })) as CallToolResult;
  expect(r.isError, `${JSON.stringify(r.content)} ${serverLog}`).toBeFalsy();
  return r.structuredContent as unknown as Verdict;
}

describe('verify_fix', () => {
  beforeAll(async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: serverArgs(), cwd: mcpDir, stderr: 'pipe' });
    transport.stderr?.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
    client = new Client({ name: 'pyteam-lint-judge-test', version: '0.0.0' });
    await client.connect(transport);
  });

  afterAll(async () => {
    await client?.close();
  });

  it('offers allowSuppressions and allowDeletions', async () => {
    const { tools } = await client.listTools();
    const tool = tools.find((t) => t.name === 'verify_fix')!;
    expect(Object.keys(tool.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(['allowSuppressions', 'allowDeletions']));
    expect(Object.keys(tool.outputSchema?.properties ?? {})).toEqual(expect.arrayContaining(['suppressed', 'deleted', 'resolved']));
  });

  it('rejects `# pyteam-lint: noqa` prepended, and accepts it with allowSuppressions: true', async () => {
    const proposed = `# pyteam-lint: noqa\n${UNSAFE}`;
    const v = await verifyFix({ proposed });
    expect(v.verdict).toBe('rejected');
    expect(v.resolved).toEqual([]);
    expect(at(v.suppressed)).toEqual(['PTL301:6']);
    expect(v.reasons).toEqual(['1 finding was suppressed with noqa, not fixed; pass allowSuppressions: true to accept that']);
    const allowed = await verifyFix({ proposed, allowSuppressions: true });
    expect(allowed).toMatchObject({ verdict: 'accepted', reasons: [] });
  });

  it('rejects a line noqa given as a diff', async () => {
    const diff = createTwoFilesPatch('a/src/model_io.py', 'b/src/model_io.py', UNSAFE, UNSAFE.replace('torch.load(path)', 'torch.load(path)  # noqa: PTL301'));
    const v = await verifyFix({ diff });
    expect(v.verdict).toBe('rejected');
    expect(at(v.suppressed)).toEqual(['PTL301:5']);
  });

  it('reports deleting the flagged line as deleted, rejected unless allowDeletions: true', async () => {
    const proposed = UNSAFE.replace('    model = torch.load(path)\n', '    model = None\n');
    // `model = None` is code: a replacement, judged as an edit (the judge reads no meaning into it).
    expect((await verifyFix({ proposed })).verdict).toBe('accepted');
    const deleting = UNSAFE.replace('    model = torch.load(path)\n', '');
    const v = await verifyFix({ proposed: deleting });
    expect(v.verdict).toBe('rejected');
    expect(at(v.deleted)).toEqual(['PTL301:5']);
    expect(v.reasons).toEqual(['the patch removes the flagged code instead of fixing it (1 finding deleted with its code); pass allowDeletions: true to accept that']);
    expect((await verifyFix({ proposed: deleting, allowDeletions: true })).verdict).toBe('accepted');
  });

  it('accepts a real fix, and gives suppressed and deleted on a diff that does not apply too', async () => {
    const v = await verifyFix({ proposed: UNSAFE.replace('torch.load(path)', 'torch.load(path, weights_only=True)') });
    expect(v).toMatchObject({ verdict: 'accepted', suppressed: [], deleted: [] });
    expect(at(v.resolved)).toEqual(['PTL301:5']);
    const stale = await verifyFix({ diff: '--- a/src/model_io.py\n+++ b/src/model_io.py\n@@ -1,1 +1,1 @@\n-import numpy\n+import numpy as np\n' });
    expect(stale).toMatchObject({ verdict: 'rejected', parses: null, suppressed: [], deleted: [] });
  });
});
