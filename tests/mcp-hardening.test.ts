/**
 * `pyteam-lint mcp` under hostile and careless clients (issue 16, rows 5, 12, 16 and 18), driven
 * as a child process by a hand-written client over raw stdio: newline-delimited JSON-RPC out,
 * lines in. The server runs from the repository's dist/ (bin/pyteam-lint.js), or from the build
 * named by PYTEAM_LINT_DIST (`node scripts/build.mjs /tmp/x && PYTEAM_LINT_DIST=/tmp/x npx vitest
 * run tests/mcp-hardening.test.ts`).
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams, type SpawnOptions } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, NO_TRACE, tempDir } from './spawn.js';

const DIST = process.env['PYTEAM_LINT_DIST'];

let launcher: string | undefined;

/** The node arguments that run `pyteam-lint mcp` from the dist under test (a launcher file like bin/, no node flags). */
function serverArgs(): string[] {
  if (!DIST) return [BIN, 'mcp'];
  if (!launcher) {
    launcher = path.join(tempDir(), 'pyteam-lint.mjs');
    const cli = pathToFileURL(path.join(path.resolve(DIST), 'cli.js')).href;
    writeFileSync(launcher, `const { main } = await import(${JSON.stringify(cli)});\nprocess.exitCode = await main(process.argv.slice(2));\n`);
  }
  return [launcher, 'mcp'];
}

const UNSAFE = 'import torch\n\n\ndef load(path: str):\n    return torch.load(path)\n';
const SECRET = 'machine github.com login octocat password hunter2-secret\n';
const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n';

interface Message {
  jsonrpc: '2.0';
  id?: string | number | null;
  method?: string;
  result?: { content?: Array<{ type: string; text: string }>; structuredContent?: Record<string, unknown>; isError?: boolean };
  error?: { code: number; message: string };
}

const clients: RawClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.kill();
});

/** A minimal MCP client: writes JSON lines to the server's stdin, reads JSON lines from its stdout. */
class RawClient {
  readonly messages: Message[] = [];
  stderr = '';
  private buffer = '';
  private nextId = 1;
  private listeners: Array<() => void> = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    // Null when the test hands the server another output (a file such as /dev/full).
    child.stdout?.on('data', (chunk: Buffer) => {
      this.buffer += chunk.toString('utf8');
      let nl;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        this.messages.push(JSON.parse(line) as Message);
      }
      for (const l of this.listeners) l();
    });
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    child.stdin.on('error', () => undefined);
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    clients.push(this);
  }

  static start(cwd: string, env: Record<string, string> = {}, stdio?: SpawnOptions['stdio']): RawClient {
    const child = spawn(process.execPath, serverArgs(), {
      cwd,
      env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env },
      stdio: stdio ?? ['pipe', 'pipe', 'pipe'],
    }) as ChildProcessWithoutNullStreams;
    return new RawClient(child);
  }

  /** Starts the server and completes the MCP handshake. */
  static async ready(cwd: string, env: Record<string, string> = {}): Promise<RawClient> {
    const c = RawClient.start(cwd, env);
    await c.initialize();
    return c;
  }

  async initialize(): Promise<void> {
    const r = await this.request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } });
    expect(r.result).toBeDefined();
    this.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  }

  send(message: unknown): void {
    this.child.stdin.write(typeof message === 'string' ? message : `${JSON.stringify(message)}\n`);
  }

  /** Sends a request and returns its id (the answer is read with `answer`). */
  post(method: string, params: unknown = {}): number {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return id;
  }

  request(method: string, params: unknown = {}, timeoutMs = 30_000): Promise<Message> {
    return this.answer(this.post(method, params), timeoutMs);
  }

  call(name: string, args: Record<string, unknown>, timeoutMs = 30_000): Promise<Message> {
    return this.request('tools/call', { name, arguments: args }, timeoutMs);
  }

  answer(id: string | number | null, timeoutMs = 30_000): Promise<Message> {
    return this.waitFor((m) => m.id === id && m.method === undefined, timeoutMs, `an answer to ${JSON.stringify(id)}`);
  }

  waitFor(match: (m: Message) => boolean, timeoutMs: number, what: string): Promise<Message> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.messages.find(match);
        if (!found) return false;
        done();
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${what} within ${timeoutMs} ms; stderr: ${this.stderr}`));
      }, timeoutMs);
      const listener = () => void check();
      const done = () => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
      };
      this.listeners.push(listener);
      check();
    });
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

function text(m: Message): string {
  return m.result?.content?.map((c) => c.text).join('\n') ?? '';
}

function structured<T>(m: Message): T {
  expect(m.result?.isError, text(m)).toBeFalsy();
  return m.result!.structuredContent as T;
}

interface LintJson {
  findings: Array<{ code: string; path: string; message: string }>;
  errors: Array<{ path: string; message: string }>;
  summary: { files: number };
}

/**
 * outer/
 *   outside.py, secret.py (netrc text), id_ed25519.py (a private key), dir/
 *   proj/  pyproject.toml, src/model_io.py, src/pipe.py (a FIFO), src/leak.py -> ../../secret.py,
 *          src/zero.py -> /dev/zero, src/outdir -> ../../dir
 */
function confinedProject(): { outer: string; proj: string } {
  const outer = tempDir('pyteam-lint-mcp-');
  const proj = path.join(outer, 'proj');
  mkdirSync(path.join(proj, 'src'), { recursive: true });
  mkdirSync(path.join(outer, 'dir'));
  writeFileSync(path.join(outer, 'outside.py'), UNSAFE);
  writeFileSync(path.join(outer, 'secret.py'), SECRET);
  writeFileSync(path.join(outer, 'id_ed25519.py'), KEY);
  writeFileSync(path.join(outer, 'dir', 'key.py'), KEY);
  writeFileSync(path.join(outer, 'up.py'), UNSAFE);
  writeFileSync(path.join(proj, 'pyproject.toml'), '[tool.pyteam-lint]\n');
  writeFileSync(path.join(proj, 'src', 'model_io.py'), UNSAFE);
  execFileSync('mkfifo', [path.join(proj, 'src', 'pipe.py')]);
  symlinkSync('../../secret.py', path.join(proj, 'src', 'leak.py'));
  symlinkSync('/dev/zero', path.join(proj, 'src', 'zero.py'));
  symlinkSync('../../dir', path.join(proj, 'src', 'outdir'));
  return { outer, proj };
}

/** A project whose lint takes seconds, in one thread (the engine's own workers start at 16 files). */
function slowProject(): string {
  const dir = tempDir('pyteam-lint-mcp-slow-');
  writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.pyteam-lint]\n');
  mkdirSync(path.join(dir, 'pkg'));
  let body = 'import queue\n\nimport torch\n\n';
  for (let j = 0; j < 1500; j++) body += `\ndef f${j}(q: queue.Queue, p):\n    x = q.get()\n    y = torch.load(p)\n    return [a * 2 for a in range(10) if a % 3] + [x, y]\n\n`;
  for (let i = 0; i < 10; i++) writeFileSync(path.join(dir, 'pkg', `m${i}.py`), body);
  return dir;
}

const HAS_PROC = existsSync('/proc/self/stat');

/** CPU seconds the process has used (user + system), from /proc (0 without /proc: the check is then moot). */
function cpuSeconds(pid: number): number {
  if (!HAS_PROC) return 0;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Whether a process is still running (a zombie nobody reaped is not). */
function running(pid: number): boolean {
  if (!HAS_PROC) {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('special files (row 12)', () => {
  it('answers lint_paths on a FIFO at once, with an error for that file, and lints the others', async () => {
    const { proj } = confinedProject();
    const c = await RawClient.ready(proj);
    const started = Date.now();
    const named = structured<LintJson>(await c.call('lint_paths', { paths: ['src/pipe.py', 'src/model_io.py'] }, 10_000));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(named.errors).toEqual([{ path: 'src/pipe.py', message: expect.stringMatching(/FIFO/) }]);
    expect(named.findings.map((f) => `${f.path} ${f.code}`)).toEqual(['src/model_io.py PTL301']);
    const walked = structured<LintJson>(await c.call('lint_paths', { paths: ['src'] }, 10_000));
    expect(walked.findings.map((f) => `${f.path} ${f.code}`)).toEqual(['src/model_io.py PTL301']);
    expect(walked.errors.map((e) => e.path)).toContain('src/pipe.py');
    expect((await c.request('ping', {}, 5_000)).result).toEqual({});
  });

  it('refuses /dev/zero at once, naming the root, and never reads a link to it met in a walk', async () => {
    const { proj } = confinedProject();
    const c = await RawClient.ready(proj);
    const named = await c.call('lint_paths', { paths: ['/dev/zero'] }, 10_000);
    expect(named.result?.isError).toBe(true);
    expect(text(named)).toContain(`outside the project root ${proj}`);
    const linked = await c.call('lint_paths', { paths: ['src/zero.py'] }, 10_000);
    expect(linked.result?.isError).toBe(true);
    expect(text(linked)).toMatch(/'src\/zero\.py' leads outside the project root .* symbolic link/);
    const walked = structured<LintJson>(await c.call('lint_paths', { paths: ['src'] }, 10_000));
    expect(walked.errors).toContainEqual({ path: 'src/zero.py', message: expect.stringMatching(/outside the project root|character device/) });
    expect((await c.request('ping', {}, 5_000)).result).toEqual({});
  });

  it.runIf(process.getuid?.() === 0)('answers a character device inside the project (mknod) with an error for that file', async () => {
    const { proj } = confinedProject();
    try {
      execFileSync('mknod', [path.join(proj, 'src', 'dev.py'), 'c', '1', '5'], { stdio: 'ignore' });
    } catch {
      return; // no CAP_MKNOD here: the symbolic link case above covers the rest
    }
    const c = await RawClient.ready(proj);
    const r = structured<LintJson>(await c.call('lint_paths', { paths: ['src/dev.py'] }, 10_000));
    expect(r.errors).toEqual([{ path: 'src/dev.py', message: expect.stringMatching(/character device/) }]);
  });
});

describe('one call does not hold up the others (row 12)', () => {
  it('answers ping within a second while a long lint runs', async () => {
    const dir = slowProject();
    const c = await RawClient.ready(dir);
    const lint = c.post('tools/call', { name: 'lint_paths', arguments: { paths: ['pkg'], max_findings: 1 } });
    await sleep(500);
    for (let i = 0; i < 3; i++) {
      const sent = Date.now();
      expect((await c.request('ping', {}, 5_000)).result).toEqual({});
      expect(Date.now() - sent).toBeLessThan(1000);
      expect(c.messages.some((m) => m.id === lint), 'the lint was still running').toBe(false);
      await sleep(200);
    }
    // Other calls are answered meanwhile too.
    const rules = await c.call('list_rules', {}, 5_000);
    expect(c.messages.some((m) => m.id === lint)).toBe(false);
    expect(structured<{ rules: unknown[] }>(rules).rules.length).toBeGreaterThan(10);
    const done = structured<LintJson>(await c.answer(lint, 120_000));
    expect(done.summary.files).toBe(10);
  }, 150_000);

  it('stops a cancelled call: no answer to it, its thread stops working, and the server goes on', async () => {
    const dir = slowProject();
    const c = await RawClient.ready(dir);
    const lint = c.post('tools/call', { name: 'lint_paths', arguments: { paths: ['pkg'] } });
    await sleep(1000);
    c.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: lint, reason: 'changed my mind' } });
    expect((await c.request('ping', {}, 5_000)).result).toEqual({});
    await sleep(300);
    const before = cpuSeconds(c.child.pid!);
    await sleep(1500);
    // A lint still running would use about a CPU second per second.
    expect(cpuSeconds(c.child.pid!) - before).toBeLessThan(0.5);
    expect(c.stderr).toMatch(/cancelled by the client/);
    const after = structured<LintJson>(await c.call('lint_source', { source: UNSAFE, filename: 'pkg/new.py', select: ['PTL301'] }, 60_000));
    expect(after.findings.map((f) => f.code)).toContain('PTL301');
    expect(c.messages.some((m) => m.id === lint)).toBe(false);
  }, 150_000);

  it('stops a call at the time limit and answers it with an error', async () => {
    const dir = slowProject();
    const c = await RawClient.ready(dir, { PYTEAM_LINT_MCP_TIME_LIMIT_MS: '1000' });
    const started = Date.now();
    const r = await c.call('lint_paths', { paths: ['pkg'] }, 30_000);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.result?.isError).toBe(true);
    expect(text(r)).toMatch(/lint_paths did not finish within the time limit of 1 s/);
    expect((await c.request('ping', {}, 5_000)).result).toEqual({});
  }, 60_000);
});

describe('confinement to the project root (rows 12 and 16)', () => {
  it('refuses lint_paths outside the root (../, absolute, a link out), naming the root and echoing nothing', async () => {
    const { outer, proj } = confinedProject();
    const c = await RawClient.ready(proj);
    for (const p of ['../outside.py', path.join(outer, 'outside.py'), path.join(outer, 'secret.py'), '../id_ed25519.py', 'src/leak.py', 'src/outdir', '..', '/']) {
      const r = await c.call('lint_paths', { paths: [p] }, 10_000);
      expect(r.result?.isError, p).toBe(true);
      expect(text(r), p).toContain(`the project root ${proj}`);
      expect(text(r), p).not.toMatch(/github\.com|hunter2|OPENSSH/);
    }
    // Mixed with a good path, nothing is linted.
    const mixed = await c.call('lint_paths', { paths: ['src/model_io.py', '../outside.py'] }, 10_000);
    expect(mixed.result?.isError).toBe(true);
    expect(text(mixed)).toMatch(/'\.\.\/outside\.py' is outside the project root/);
  });

  it('lints a directory holding links out of the root without reading them', async () => {
    const { proj } = confinedProject();
    const c = await RawClient.ready(proj);
    const r = await c.call('lint_paths', { paths: ['src', path.join(proj, 'src', 'model_io.py')] }, 10_000);
    const s = structured<LintJson>(r);
    expect(JSON.stringify(r)).not.toMatch(/github\.com|hunter2|OPENSSH/);
    expect(s.findings.map((f) => `${f.path} ${f.code}`)).toEqual(['src/model_io.py PTL301']);
    expect(s.errors).toEqual(expect.arrayContaining([{ path: 'src/leak.py', message: expect.stringMatching(/outside the project root/) }]));
    // A directory link out of the project is not walked at all (the discoverer's rule, as ripgrep's).
    expect(JSON.stringify(s)).not.toContain('outdir');
  });

  it('refuses a lint_source or verify_fix file name outside the root or naming a directory', async () => {
    const { outer, proj } = confinedProject();
    const c = await RawClient.ready(proj);
    for (const filename of ['../up.py', '.', '..', './', 'src', path.join(outer, 'up.py'), path.join(proj, 'src', 'x.py'), 'src/leak.py']) {
      const r = await c.call('lint_source', { source: UNSAFE, filename }, 10_000);
      expect(r.result?.isError, filename).toBe(true);
      expect(text(r), filename).toContain(`project root ${proj}`);
      const v = await c.call('verify_fix', { filename, original: UNSAFE, proposed: UNSAFE.replace('(path)', '(path, weights_only=True)') }, 10_000);
      expect(v.result?.isError, filename).toBe(true);
      expect(text(v), filename).toContain(`project root ${proj}`);
    }
    const ok = structured<LintJson>(await c.call('lint_source', { source: UNSAFE, filename: 'src/new/module.py' }, 10_000));
    expect(ok.findings.map((f) => `${f.path} ${f.code}`)).toEqual(['src/new/module.py PTL301']);
  });
});

describe('malformed and oversized messages (rows 12 and 18)', () => {
  it('answers a message over 10 MiB with an error carrying its id, and goes on serving', async () => {
    const { proj } = confinedProject();
    const c = await RawClient.ready(proj);
    const big = `{"jsonrpc":"2.0","id":"big-1","method":"tools/call","params":{"name":"lint_source","arguments":{"filename":"src/a.py","source":"${'x'.repeat(11 * 1024 * 1024)}"}}}\n`;
    c.send(big);
    const r = await c.answer('big-1', 20_000);
    expect(r.error).toMatchObject({ code: -32600, message: expect.stringMatching(/too large.*10 MiB/) });
    expect((await c.request('ping', {}, 5_000)).result).toEqual({});
    // Without a recoverable id (params first), the id is null.
    c.send(`{"params":{"source":"${'y'.repeat(11 * 1024 * 1024)}"},"jsonrpc":"2.0","id":9,"method":"tools/call"}\n`);
    const anonymous = await c.answer(null, 20_000);
    expect(anonymous.error?.code).toBe(-32600);
    expect((await c.request('ping', {}, 5_000)).result).toEqual({});
    expect(c.child.exitCode).toBeNull();
  }, 60_000);

  it('answers a line that is not JSON with -32700 and JSON that is not a request with -32600', async () => {
    const { proj } = confinedProject();
    const c = await RawClient.ready(proj);
    c.send('this is not json\n');
    expect((await c.answer(null, 5_000)).error?.code).toBe(-32700);
    c.messages.length = 0;
    c.send('{"hello": "world"}\n');
    expect((await c.answer(null, 5_000)).error?.code).toBe(-32600);
    c.messages.length = 0;
    c.send('{"jsonrpc":"2.0","id":41,"method":7}\n');
    expect((await c.answer(41, 5_000)).error?.code).toBe(-32600);
    c.send('[{"jsonrpc":"2.0","id":42,"method":"ping"}]\n');
    expect((await c.answer(null, 5_000)).error?.code).toBe(-32600);
    c.send('\n   \n');
    expect((await c.request('ping', {}, 5_000)).result).toEqual({});
    expect(c.messages.filter((m) => m.error).map((m) => m.error!.code)).toEqual([-32600, -32600]);
  });
});

describe('the server goes when its client goes (rows 5 and 12)', () => {
  it('answers what it received, then exits 0, when the client closes its input', async () => {
    const { proj } = confinedProject();
    const c = RawClient.start(proj);
    c.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } });
    c.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    c.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'lint_paths', arguments: { paths: ['src/model_io.py'] } } });
    c.child.stdin.end();
    const { code } = await c.exited;
    expect(code).toBe(0);
    expect(structured<LintJson>(c.messages.find((m) => m.id === 2)!).findings.map((f) => f.code)).toEqual(['PTL301']);
    expect(c.stderr).not.toMatch(NO_TRACE);
  });

  it('exits within a few seconds when its parent process is killed, though its input stays open', async () => {
    const { proj } = confinedProject();
    const work = tempDir();
    const pidFile = path.join(work, 'server.pid');
    const input = path.join(work, 'input');
    execFileSync('mkfifo', [input]);
    // The client's stand-in starts the server on an input that never ends (a FIFO the server
    // holds open itself, as a pipe some other process keeps open), then is killed.
    const launcher = [
      `const fd = require('node:fs').openSync(${JSON.stringify(input)}, 'r+');`,
      `const c = require('node:child_process').spawn(process.execPath, ${JSON.stringify(serverArgs())}, { stdio: [fd, 'ignore', 'inherit'] });`,
      `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid));`,
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const parent = spawn(process.execPath, ['-e', launcher], { cwd: proj, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    parent.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const started = Date.now();
    while (!/serving \d+ rules/.test(stderr) && Date.now() - started < 20_000) await sleep(50);
    expect(stderr).toMatch(/serving \d+ rules/);
    const server = Number(readFileSync(pidFile, 'utf8'));
    await sleep(1500);
    expect(running(server), 'the server is serving').toBe(true);
    parent.kill('SIGKILL');
    const killed = Date.now();
    try {
      while (running(server) && Date.now() - killed < 10_000) await sleep(100);
      expect(running(server), 'the orphaned server is still running').toBe(false);
      expect(Date.now() - killed).toBeLessThan(5_000);
      expect(stderr).not.toMatch(NO_TRACE);
    } finally {
      if (running(server)) process.kill(server, 'SIGKILL');
    }
  });

  it('exits 0 without a stack trace when the client closes its end of our output (EPIPE)', async () => {
    const { proj } = confinedProject();
    const c = await RawClient.ready(proj);
    c.child.stdout.destroy();
    await sleep(100);
    // The answers now have nowhere to go.
    for (let i = 0; i < 5; i++) c.send({ jsonrpc: '2.0', id: 100 + i, method: 'tools/call', params: { name: 'list_rules', arguments: {} } });
    const { code } = await c.exited;
    expect(code).toBe(0);
    expect(c.stderr).not.toMatch(NO_TRACE);
    expect(c.stderr).not.toMatch(/EPIPE|Error:/);
  });

  it('says in one line that it cannot write, and exits 2, when the output fails (ENOSPC)', async () => {
    if (!existsSync('/dev/full')) return;
    const { proj } = confinedProject();
    const full = openSync('/dev/full', 'w');
    const c = RawClient.start(proj, {}, ['pipe', full, 'pipe']);
    closeSync(full);
    c.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } });
    const { code } = await c.exited;
    expect(code).toBe(2);
    expect(c.stderr).not.toMatch(NO_TRACE);
    const failures = c.stderr.split('\n').filter((l) => /standard output/.test(l));
    expect(failures).toEqual([expect.stringMatching(/cannot write to standard output: no space left on device \(ENOSPC\)/)]);
  });
});
