/**
 * `pyteam-lint mcp` driven by the MCP SDK's own Client over stdio, as an agent's client would:
 * the real binary (built dist/) in a temporary project.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, project } from './spawn.js';

const UNSAFE = 'import torch\n\n\ndef load(path: str):\n    return torch.load(path)\n';
const FIXED = 'import torch\n\n\ndef load(path: str):\n    return torch.load(path, weights_only=True)\n';
const FIXED_BUT_PICKLE = 'import pickle\n\nimport torch\n\n\ndef load(path: str):\n    return torch.load(path, weights_only=True), pickle.loads(b"")\n';

const dir = project({
  'pyproject.toml': '[tool.pyteam-lint]\n',
  'src/model_io.py': UNSAFE,
  'src/worker.py': 'import queue\n\n\ndef consume(q: queue.Queue) -> None:\n    q.get()\n    q.get(block=True)\n',
});
const before = readdirSync(dir, { recursive: true }).sort();

let client: Client;
let stderr = '';

beforeAll(async () => {
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], cwd: dir, stderr: 'pipe' });
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  client = new Client({ name: 'pyteam-lint-test', version: '0.0.0' });
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
});

/** Calls a tool; `structuredContent` is then read as the tool's output schema says. */
async function call(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

interface FindingJson {
  code: string;
  path: string;
  line: number;
  agent: string;
  fix: { applicability: string; edits: unknown[] } | null;
}

describe('tools/list', () => {
  it('lists exactly the six read-only tools, each with input and output schemas', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['explain_rule', 'lint_paths', 'lint_source', 'list_rules', 'topology', 'verify_fix']);
    for (const t of tools) {
      expect(t.annotations?.readOnlyHint, t.name).toBe(true);
      expect(t.annotations?.destructiveHint, t.name).toBe(false);
      expect(t.inputSchema.type).toBe('object');
      expect(t.outputSchema?.type, t.name).toBe('object');
      expect(t.description?.length ?? 0).toBeGreaterThan(40);
    }
    const lintPaths = tools.find((t) => t.name === 'lint_paths')!;
    expect(lintPaths.inputSchema.required).toEqual(['paths']);
  });
});

describe('lint_paths', () => {
  it('returns the findings of the JSON output, with the owning agent and the fix', async () => {
    const r = await call('lint_paths', { paths: ['src'] });
    expect(r.isError).toBeFalsy();
    const s = r.structuredContent as { findings: FindingJson[]; summary: { files: number; findings: number }; truncated: boolean };
    expect(s.findings.map((f) => `${f.path}:${f.line} ${f.code}`)).toEqual(['src/model_io.py:5 PTL301', 'src/worker.py:5 PTL102', 'src/worker.py:6 PTL102']);
    expect(s.findings[0]!.agent).toBe('python-security-reviewer');
    expect(s.findings[0]!.fix?.applicability).toBe('unsafe');
    expect(s.summary).toMatchObject({ files: 2, findings: 3, errors: 0 });
    expect(s.truncated).toBe(false);
    // The text content carries the same document for clients without structured content.
    expect(JSON.parse((r.content[0] as { text: string }).text)).toEqual(s);
  });

  it('caps the findings and says so', async () => {
    const s = (await call('lint_paths', { paths: ['src'], max_findings: 1 })).structuredContent as { findings: unknown[]; summary: { findings: number }; truncated: boolean };
    expect(s.findings).toHaveLength(1);
    expect(s.summary.findings).toBe(3);
    expect(s.truncated).toBe(true);
  });

  it('honours select and agent', async () => {
    const selected = (await call('lint_paths', { paths: ['src/worker.py'], select: ['PTL3'] })).structuredContent as { findings: unknown[] };
    expect(selected.findings).toEqual([]);
    const byAgent = (await call('lint_paths', { paths: ['src'], agent: 'python-async-specialist' })).structuredContent as { findings: FindingJson[] };
    expect(byAgent.findings.map((f) => f.code)).toEqual(['PTL102', 'PTL102']);
  });

  it('reports a path that does not exist as an error entry, not a failure', async () => {
    const s = (await call('lint_paths', { paths: ['nope.py'] })).structuredContent as { errors: Array<{ path: string; message: string }> };
    expect(s.errors).toEqual([{ path: 'nope.py', message: expect.stringMatching(/no such file/) }]);
  });

  it('rejects empty paths and an unknown rule with a message the agent can act on', async () => {
    const empty = await call('lint_paths', { paths: [] });
    expect(empty.isError).toBe(true);
    expect((empty.content[0] as { text: string }).text).toMatch(/paths/);
    const unknown = await call('lint_paths', { paths: ['src'], select: ['PTL999'] });
    expect(unknown.isError).toBe(true);
    expect((unknown.content[0] as { text: string }).text).toMatch(/PTL999/);
    const badAgent = await call('lint_paths', { paths: ['src'], agent: 'python-wizard' });
    expect(badAgent.isError).toBe(true);
  });
});

describe('lint_source', () => {
  it('lints text under a virtual file name, reading and writing nothing there', async () => {
    const r = await call('lint_source', { source: UNSAFE, filename: 'src/virtual/new_module.py' });
    const s = r.structuredContent as { findings: FindingJson[] };
    expect(s.findings.map((f) => `${f.path}:${f.line} ${f.code}`)).toEqual(['src/virtual/new_module.py:5 PTL301']);
  });

  it('rejects a missing file name', async () => {
    const r = await call('lint_source', { source: UNSAFE });
    expect(r.isError).toBe(true);
  });
});

describe('list_rules and explain_rule', () => {
  it('lists every rule with its owner and fixability', async () => {
    const s = (await call('list_rules', {})).structuredContent as { rules: Array<{ code: string; agent: string; fixable: string | null }> };
    expect(s.rules.length).toBeGreaterThanOrEqual(13);
    expect(s.rules.find((r) => r.code === 'PTL102')).toMatchObject({ agent: 'python-async-specialist', fixable: 'unsafe' });
    expect(s.rules.find((r) => r.code === 'PTL303')?.fixable).toBeNull();
  });

  it('explains a rule by code or name, with its options', async () => {
    const byCode = (await call('explain_rule', { rule: 'PTL102' })).structuredContent as { name: string; why: string; good: string; options: Array<{ name: string; default: unknown }> };
    expect(byCode.name).toBe('queue-get-without-timeout');
    expect(byCode.good).toContain('timeout=');
    expect(byCode.options).toContainEqual(expect.objectContaining({ name: 'fix-timeout', default: 1 }));
    const byName = (await call('explain_rule', { rule: 'unsafe-torch-load' })).structuredContent as { code: string };
    expect(byName.code).toBe('PTL301');
  });

  it('says so for an unknown rule', async () => {
    const r = await call('explain_rule', { rule: 'PTL999' });
    expect(r.isError).toBe(true);
    expect((r.content[0] as { text: string }).text).toMatch(/'PTL999' is not a rule.*list_rules/);
  });
});

describe('verify_fix', () => {
  interface Verdict {
    verdict: string;
    reasons: string[];
    parses: boolean | null;
    resolved: FindingJson[];
    introduced: FindingJson[];
  }

  it('accepts a change that resolves a finding and adds none', async () => {
    const s = (await call('verify_fix', { filename: 'src/model_io.py', original: UNSAFE, proposed: FIXED })).structuredContent as unknown as Verdict;
    expect(s).toMatchObject({ verdict: 'accepted', reasons: [], parses: true, introduced: [] });
    expect(s.resolved.map((f) => f.code)).toEqual(['PTL301']);
  });

  it('rejects a change that brings in a new finding, naming it', async () => {
    const s = (await call('verify_fix', { filename: 'src/model_io.py', original: UNSAFE, proposed: FIXED_BUT_PICKLE })).structuredContent as unknown as Verdict;
    expect(s.verdict).toBe('rejected');
    expect(s.resolved.map((f) => f.code)).toEqual(['PTL301']);
    expect(s.introduced.map((f) => `${f.code}:${f.line}`)).toEqual(['PTL302:7']);
    expect(s.reasons).toEqual(['it introduces 1 new finding']);
  });

  it('rejects a change that does not parse, and one that resolves nothing', async () => {
    const broken = (await call('verify_fix', { filename: 'src/model_io.py', original: UNSAFE, proposed: 'def load(path:\n' })).structuredContent as unknown as Verdict;
    expect(broken.verdict).toBe('rejected');
    expect(broken.parses).toBe(false);
    const same = (await call('verify_fix', { filename: 'src/model_io.py', original: UNSAFE, proposed: `${UNSAFE}\n` })).structuredContent as unknown as Verdict;
    expect(same.verdict).toBe('rejected');
    expect(same.reasons).toEqual(['it resolves no finding']);
  });

  it('takes a unified diff instead of the new text, and rejects one that does not apply', async () => {
    const diff = '--- a/src/model_io.py\n+++ b/src/model_io.py\n@@ -4,2 +4,2 @@\n def load(path: str):\n-    return torch.load(path)\n+    return torch.load(path, weights_only=True)\n';
    const ok = (await call('verify_fix', { filename: 'src/model_io.py', original: UNSAFE, diff })).structuredContent as unknown as Verdict;
    expect(ok.verdict).toBe('accepted');
    const stale = diff.replace('def load(path: str):', 'def load_model(path: str):');
    const bad = (await call('verify_fix', { filename: 'src/model_io.py', original: UNSAFE, diff: stale })).structuredContent as unknown as Verdict;
    expect(bad).toMatchObject({ verdict: 'rejected', parses: null });
    expect(bad.reasons[0]).toMatch(/does not apply/);
  });

  it('wants exactly one of proposed and diff', async () => {
    const both = await call('verify_fix', { filename: 'src/model_io.py', original: UNSAFE, proposed: FIXED, diff: '' });
    expect(both.isError).toBe(true);
    const neither = await call('verify_fix', { filename: 'src/model_io.py', original: UNSAFE });
    expect(neither.isError).toBe(true);
  });
});

describe('the server process', () => {
  it('wrote no file, and logged to stderr only', () => {
    expect(readdirSync(dir, { recursive: true }).sort()).toEqual(before);
    expect(stderr).toMatch(/pyteam-lint mcp: serving \d+ rules/);
  });

  it('exits 0 when the client closes its input', async () => {
    const child = spawn(process.execPath, [BIN, 'mcp'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(out).toBe('');
  });
});
