/**
 * `pyteam-lint init agents`: the MCP server entry and one definition per role, for Claude Code and
 * Cursor. Every generated file is parsed (JSON; the YAML frontmatter by hand), each role's rules
 * are checked against the registry, and every MCP tool (and argument) a definition names is
 * checked against the real server, started exactly as the generated entry starts it.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { runInit, type Target } from '../src/cli/init.js';
import { loadRules } from '../src/engine/registry.js';
import { AGENTS, type AnyRule } from '../src/rule.js';
import { BIN, tempDir } from './spawn.js';

let rules: AnyRule[];
beforeAll(async () => {
  rules = (await loadRules()).map((r) => r.rule);
});

interface Ran {
  status: number;
  stdout: string;
  stderr: string;
}

async function init(cwd: string, ...args: string[]): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const status = await runInit(['agents', ...args], rules, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd });
  return { status, stdout, stderr };
}

/** A temporary repository (a `.git` directory makes it the project root). */
function project(): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, '.git'));
  return dir;
}

const read = (dir: string, rel: string) => readFileSync(path.join(dir, rel), 'utf8');

/** The frontmatter (`key: value` lines; a double-quoted value is JSON's string syntax) and the body. */
function frontmatter(text: string): { fields: Record<string, string>; body: string } {
  const lines = text.split('\n');
  expect(lines[0]).toBe('---');
  const end = lines.indexOf('---', 1);
  expect(end).toBeGreaterThan(0);
  const fields: Record<string, string> = {};
  for (const line of lines.slice(1, end)) {
    const m = /^([A-Za-z][\w-]*):(?: (.*))?$/.exec(line);
    expect(m, `a frontmatter line of the form key: value, got ${JSON.stringify(line)}`).not.toBeNull();
    const raw = m![2] ?? '';
    expect(fields).not.toHaveProperty(m![1]!);
    fields[m![1]!] = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
  }
  return { fields, body: lines.slice(end + 1).join('\n') };
}

/** The codes of a definition's "rules you own" list. */
function ownedCodes(body: string): string[] {
  const section = body.split('## The rules you own')[1]!.split('\n## ')[0]!;
  return [...section.matchAll(/^- `(PTL\d{3})` /gm)].map((m) => m[1]!);
}

/** Every MCP tool a definition names (as `name` or `mcp__pyteam-lint__name`), with the JSON arguments it shows for each. */
function toolMentions(text: string, target: Target): { tools: Set<string>; calls: Array<{ tool: string; args: Record<string, unknown> }> } {
  const tools = new Set<string>();
  for (const m of text.matchAll(/mcp__pyteam-lint__(\w+)/g)) tools.add(m[1]!);
  const section = text.split('## Tools')[1]!.split('\n## ')[0]!;
  for (const m of section.matchAll(/^- `([\w-]+)`:/gm)) tools.add(target === 'claude' ? m[1]!.replace(/^mcp__pyteam-lint__/, '') : m[1]!);
  const calls = [...text.matchAll(/call `([\w-]+)` with `(\{.*?\})`/g)].map((m) => ({
    tool: m[1]!.replace(/^mcp__pyteam-lint__/, ''),
    args: JSON.parse(m[2]!) as Record<string, unknown>,
  }));
  for (const c of calls) tools.add(c.tool);
  return { tools, calls };
}

function rolesWithRules(): string[] {
  return AGENTS.filter((role) => rules.some((r) => r.agent === role));
}

function codesOf(role: string): string[] {
  return rules.filter((r) => r.agent === role).map((r) => r.code).sort();
}

/** The tools (and their input schemas) of the server the generated entry starts, in `dir`. */
async function serverTools(entry: { command: string; args: string[] }, dir: string): Promise<Map<string, { properties: string[]; required: string[] }>> {
  const transport = new StdioClientTransport({ command: entry.command, args: entry.args, cwd: dir, stderr: 'pipe' });
  const client = new Client({ name: 'pyteam-lint-init-test', version: '0.0.0' });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    return new Map(tools.map((t) => [t.name, { properties: Object.keys(t.inputSchema.properties ?? {}), required: (t.inputSchema.required as string[] | undefined) ?? [] }]));
  } finally {
    await client.close();
  }
}

describe('init agents --target claude', () => {
  const dir = project();
  let first: Ran;
  beforeAll(async () => {
    first = await init(dir);
  });

  it('writes .mcp.json running this installation (not npx) and one subagent per role', () => {
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    const mcp = JSON.parse(read(dir, '.mcp.json')) as { mcpServers: Record<string, { command: string; args: string[] }> };
    expect(Object.keys(mcp.mcpServers)).toEqual(['pyteam-lint']);
    expect(mcp.mcpServers['pyteam-lint']).toEqual({ command: process.execPath, args: [BIN, 'mcp'] });
    expect(path.isAbsolute(mcp.mcpServers['pyteam-lint']!.args[0]!)).toBe(true);
    expect(readdirSync(path.join(dir, '.claude', 'agents')).sort()).toEqual(rolesWithRules().map((r) => `${r}.md`).sort());
  });

  it("gives each subagent name, description and tools frontmatter, and lists exactly its role's rules", () => {
    for (const role of rolesWithRules()) {
      const { fields, body } = frontmatter(read(dir, `.claude/agents/${role}.md`));
      expect(Object.keys(fields).sort()).toEqual(['description', 'name', 'tools']);
      expect(fields['name']).toBe(role);
      expect([...fields['description']!.matchAll(/PTL\d{3}/g)].map((m) => m[0]).sort(), role).toEqual(codesOf(role));
      expect(ownedCodes(body).sort(), role).toEqual(codesOf(role));
      const tools = fields['tools']!.split(',').map((t) => t.trim());
      expect(tools).toEqual(expect.arrayContaining(['Read', 'Edit', 'mcp__pyteam-lint__lint_paths', 'mcp__pyteam-lint__verify_fix']));
      expect(tools.filter((t) => t.startsWith('mcp__')).every((t) => t.startsWith('mcp__pyteam-lint__'))).toBe(true);
      // What the role owns, in the team guide's words, and how it works.
      expect(body).toContain(`"agent":"${role}"`);
      expect(body).toMatch(/verdict[^\n]*accepted/);
    }
  });

  it('names only tools the server has, with arguments their schemas take, and every tool it names is in its tools list', async () => {
    const mcp = JSON.parse(read(dir, '.mcp.json')) as { mcpServers: Record<string, { command: string; args: string[] }> };
    const server = await serverTools(mcp.mcpServers['pyteam-lint']!, dir);
    expect(server.size).toBeGreaterThan(3);
    for (const role of rolesWithRules()) {
      const text = read(dir, `.claude/agents/${role}.md`);
      const { tools, calls } = toolMentions(text, 'claude');
      expect([...tools].sort()).toEqual(expect.arrayContaining(['lint_paths', 'verify_fix']));
      for (const tool of tools) expect(server.has(tool), `${role} names ${tool}`).toBe(true);
      const allowed = frontmatter(text).fields['tools']!.split(',').map((t) => t.trim());
      for (const tool of tools) expect(allowed, role).toContain(`mcp__pyteam-lint__${tool}`);
      expect(calls.map((c) => c.tool)).toEqual(expect.arrayContaining(['lint_paths', 'verify_fix']));
      for (const { tool, args } of calls) {
        const schema = server.get(tool)!;
        for (const key of Object.keys(args)) expect(schema.properties, `${tool} ${key}`).toContain(key);
        for (const key of schema.required) expect(Object.keys(args), `${tool} needs ${key}`).toContain(key);
      }
    }
  });

  it('is deterministic, and a second run changes nothing and exits 0', async () => {
    const other = project();
    expect((await init(other)).status).toBe(0);
    for (const role of rolesWithRules()) expect(read(other, `.claude/agents/${role}.md`)).toBe(read(dir, `.claude/agents/${role}.md`));
    const again = await init(dir);
    expect(again.status).toBe(0);
    expect(again.stdout).not.toMatch(/^(created|overwrote|merged)/m);
    expect(again.stdout).toContain('unchanged .mcp.json');
  });
});

describe('init agents --target cursor', () => {
  it('writes .cursor/mcp.json and one project rule per role, with description, globs and alwaysApply', async () => {
    const dir = project();
    const r = await init(dir, '--target', 'cursor');
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(path.join(dir, '.mcp.json'))).toBe(false);
    const mcp = JSON.parse(read(dir, '.cursor/mcp.json')) as { mcpServers: Record<string, { command: string; args: string[] }> };
    expect(mcp.mcpServers['pyteam-lint']).toEqual({ command: process.execPath, args: [BIN, 'mcp'] });
    expect(readdirSync(path.join(dir, '.cursor', 'rules')).sort()).toEqual(rolesWithRules().map((role) => `${role}.mdc`).sort());
    const server = await serverTools(mcp.mcpServers['pyteam-lint']!, dir);
    for (const role of rolesWithRules()) {
      const text = read(dir, `.cursor/rules/${role}.mdc`);
      const { fields, body } = frontmatter(text);
      expect(Object.keys(fields).sort()).toEqual(['alwaysApply', 'description', 'globs']);
      expect(fields['alwaysApply']).toBe('false');
      expect(fields['globs']).toBe('');
      expect(fields['description']).toContain(role);
      expect([...fields['description']!.matchAll(/PTL\d{3}/g)].map((m) => m[0]).sort(), role).toEqual(codesOf(role));
      expect(ownedCodes(body).sort(), role).toEqual(codesOf(role));
      const { tools, calls } = toolMentions(text, 'cursor');
      expect([...tools]).toEqual(expect.arrayContaining(['lint_paths', 'verify_fix']));
      for (const tool of tools) expect(server.has(tool), `${role} names ${tool}`).toBe(true);
      for (const { tool, args } of calls) for (const key of Object.keys(args)) expect(server.get(tool)!.properties, `${tool} ${key}`).toContain(key);
    }
  });
});

describe('what is already there', () => {
  it('does not overwrite a file that differs without --force (exit 1, the rest written); --force does', async () => {
    const dir = project();
    const mine = '---\nname: python-security-reviewer\ndescription: my own\n---\nhands off\n';
    mkdirSync(path.join(dir, '.claude', 'agents'), { recursive: true });
    writeFileSync(path.join(dir, '.claude', 'agents', 'python-security-reviewer.md'), mine);
    const r = await init(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('.claude/agents/python-security-reviewer.md: exists and differs; not overwritten (--force overwrites it)');
    expect(read(dir, '.claude/agents/python-security-reviewer.md')).toBe(mine);
    expect(existsSync(path.join(dir, '.claude', 'agents', 'python-architect.md'))).toBe(true);
    expect(existsSync(path.join(dir, '.mcp.json'))).toBe(true);
    const forced = await init(dir, '--force');
    expect(forced.status, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('overwrote .claude/agents/python-security-reviewer.md');
    expect(ownedCodes(frontmatter(read(dir, '.claude/agents/python-security-reviewer.md')).body).sort()).toEqual(codesOf('python-security-reviewer'));
    // No temporary file is left behind.
    expect(readdirSync(path.join(dir, '.claude', 'agents')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it("merges into an existing .mcp.json, keeping the user's servers and indentation", async () => {
    const dir = project();
    const theirs = { mcpServers: { github: { command: 'gh-mcp', args: ['serve'] } }, other: true };
    writeFileSync(path.join(dir, '.mcp.json'), `${JSON.stringify(theirs, null, 4)}\n`);
    const r = await init(dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('merged .mcp.json (added server pyteam-lint, kept 1 other server)');
    const text = read(dir, '.mcp.json');
    expect(text).toMatch(/^ {4}"mcpServers"/m);
    expect(text.endsWith('}\n')).toBe(true);
    const merged = JSON.parse(text) as { mcpServers: Record<string, unknown>; other: boolean };
    expect(Object.keys(merged.mcpServers)).toEqual(['github', 'pyteam-lint']);
    expect(merged.mcpServers['github']).toEqual(theirs.mcpServers.github);
    expect(merged.other).toBe(true);
  });

  it('refuses to change a pyteam-lint entry that differs (the README\'s old npx one) without --force, then replaces only it', async () => {
    const dir = project();
    const old = `${JSON.stringify({ mcpServers: { 'pyteam-lint': { command: 'npx', args: ['pyteam-lint', 'mcp'] }, db: { command: 'db-mcp' } } }, null, 2)}\n`;
    writeFileSync(path.join(dir, '.mcp.json'), old);
    const r = await init(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\.mcp\.json: already has a "pyteam-lint" server that differs .*--force replaces that entry/);
    expect(read(dir, '.mcp.json')).toBe(old);
    expect((await init(dir, '--force')).status).toBe(0);
    const servers = (JSON.parse(read(dir, '.mcp.json')) as { mcpServers: Record<string, unknown> }).mcpServers;
    expect(servers).toEqual({ 'pyteam-lint': { command: process.execPath, args: [BIN, 'mcp'] }, db: { command: 'db-mcp' } });
  });

  it('leaves a .mcp.json that is not valid JSON alone without --force', async () => {
    const dir = project();
    writeFileSync(path.join(dir, '.mcp.json'), '{ "mcpServers": { , }\n');
    const r = await init(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\.mcp\.json: is not valid JSON/);
    expect(read(dir, '.mcp.json')).toBe('{ "mcpServers": { , }\n');
    expect((await init(dir, '--force')).status).toBe(0);
    expect(Object.keys((JSON.parse(read(dir, '.mcp.json')) as { mcpServers: object }).mcpServers)).toEqual(['pyteam-lint']);
  });

  it('writes nothing through a symbolic link that leads outside the project', async () => {
    const dir = project();
    const outside = tempDir();
    symlinkSync(outside, path.join(dir, '.claude'));
    const r = await init(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\.claude\/agents\/python-architect\.md: leads outside the project root/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('writes at the project root when run from a subdirectory', async () => {
    const dir = project();
    mkdirSync(path.join(dir, 'src', 'pkg'), { recursive: true });
    const r = await init(path.join(dir, 'src', 'pkg'));
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(path.join(dir, '.mcp.json'))).toBe(true);
    expect(r.stdout).toContain('created .claude/agents/python-architect.md'.replace('.claude', '../../.claude'));
  });
});

describe('generated from the rules', () => {
  it("puts a new rule in its role's definition, and skips a role that owns no rule", async () => {
    const dir = project();
    const base = rules.find((r) => r.agent === 'python-ml-specialist')!;
    const extra = { ...base, code: 'PTL299', name: 'brand-new-rule', docs: { ...base.docs, summary: 'A rule added after this test was written.' } } as AnyRule;
    const withoutTests = [...rules.filter((r) => r.agent !== 'python-test-writer'), extra];
    let stdout = '';
    const status = await runInit(['agents'], withoutTests, { stdout: (t) => void (stdout += t), stderr: () => undefined, cwd: dir });
    expect(status).toBe(0);
    const { body } = frontmatter(read(dir, '.claude/agents/python-ml-specialist.md'));
    expect(ownedCodes(body)).toContain('PTL299');
    expect(body).toContain('- `PTL299` brand-new-rule');
    expect(existsSync(path.join(dir, '.claude', 'agents', 'python-test-writer.md'))).toBe(false);
    expect(stdout).toContain('skipped python-test-writer: it owns no rule');
  });
});

describe('usage', () => {
  it('a bad --target exits 2 naming the allowed values', async () => {
    const r = await init(project(), '--target', 'vscode');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("pyteam-lint: error: init agents --target: 'vscode' is not one of claude, cursor\n");
  });

  it('an unknown flag or a missing "agents" exits 2 saying what is allowed, writing nothing', async () => {
    const dir = project();
    const flag = await init(dir, '--frce');
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/--frce.*--target claude\|cursor and --force/);
    let stderr = '';
    const status = await runInit([], rules, { stdout: () => undefined, stderr: (t) => void (stderr += t), cwd: dir });
    expect(status).toBe(2);
    expect(stderr).toMatch(/what to set up is 'agents'/);
    expect(readdirSync(dir)).toEqual(['.git']);
  });
});
