/**
 * The language server (`pyteam-lint server`) driven by a real LSP client — vscode-languageserver's
 * protocol types over vscode-jsonrpc — on the built binary's standard input/output.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExitNotification,
  FileChangeType,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type ClientCapabilities,
  type CodeAction,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type RequestMessage,
  type ShowMessageParams,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { BIN, project, run } from './spawn.js';
import { ROOT } from './helpers.js';

const TORCH = 'import torch\n\n\ndef load(path):\n    state = torch.load(path)\n    return state\n';
/** A project: cross-file rules index it, and the cache has a root to live in. */
const PYPROJECT = '[project]\nname = "demo"\n';

interface Waiter<T> {
  test(value: T): boolean;
  resolve(value: T): void;
}

/** An editor in miniature: sends what a client sends and records what the server publishes. */
class Client {
  readonly connection: ProtocolConnection;
  readonly published: PublishDiagnosticsParams[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly exited: Promise<number | null>;
  private diagnosticWaiters: Array<Waiter<PublishDiagnosticsParams>> = [];
  private messageWaiters: Array<Waiter<ShowMessageParams>> = [];
  private versions = new Map<string, number>();

  constructor(
    readonly dir: string,
    readonly process: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => process.on('exit', (code) => resolve(code)));
    this.connection = createProtocolConnection(new StreamMessageReader(process.stdout!), new StreamMessageWriter(process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.push(p);
      this.diagnosticWaiters = this.diagnosticWaiters.filter((w) => !(w.test(p) && (w.resolve(p), true)));
    });
    this.connection.onNotification(ShowMessageNotification.type, (m) => {
      this.messages.push(m);
      this.messageWaiters = this.messageWaiters.filter((w) => !(w.test(m) && (w.resolve(m), true)));
    });
    this.connection.onRequest(RegistrationRequest.method, () => null);
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
    // A test that ends the server ends the connection: nothing to report.
    this.connection.onError(() => undefined);
    this.connection.listen();
  }

  static start(dir: string, env: Record<string, string> = {}, args: readonly string[] = ['--stdio']): Client {
    const child = spawn(process.execPath, [BIN, 'server', ...args], { cwd: dir, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr!.resume();
    const client = new Client(dir, child);
    clients.push(client);
    return client;
  }

  async initialize(capabilities: ClientCapabilities = {}, initializationOptions?: unknown): Promise<InitializeResult> {
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(this.dir).href,
      capabilities,
      initializationOptions,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  uri(rel: string): string {
    return pathToFileURL(path.join(this.dir, rel)).href;
  }

  /** The next diagnostics published for a file (at `version`, when given). */
  diagnostics(rel: string, version?: number): Promise<PublishDiagnosticsParams> {
    const uri = this.uri(rel);
    return new Promise((resolve) => this.diagnosticWaiters.push({ test: (p) => p.uri === uri && (version === undefined || p.version === version), resolve }));
  }

  nextMessage(): Promise<ShowMessageParams> {
    return new Promise((resolve) => this.messageWaiters.push({ test: () => true, resolve }));
  }

  /** Opens a file of the project (its text on disk unless given) and waits for its diagnostics. */
  async open(rel: string, text = readFileSync(path.join(this.dir, rel), 'utf8')): Promise<PublishDiagnosticsParams> {
    const published = this.diagnostics(rel, 1);
    this.versions.set(rel, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: this.uri(rel), languageId: 'python', version: 1, text } });
    return published;
  }

  /** Sends edits (whole texts or ranges) as the next version and waits for that version's diagnostics. */
  async change(rel: string, ...changes: Array<{ text: string } | { range: Range; text: string }>): Promise<PublishDiagnosticsParams> {
    const version = (this.versions.get(rel) ?? 0) + 1;
    this.versions.set(rel, version);
    const published = this.diagnostics(rel, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: this.uri(rel), version }, contentChanges: changes });
    return published;
  }

  version(rel: string): number {
    return this.versions.get(rel)!;
  }

  codeActions(rel: string, range: Range, only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: this.uri(rel) },
      range,
      context: { diagnostics: [], ...(only ? { only } : {}) },
    }) as Promise<CodeAction[]>;
  }
}

const clients: Client[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) {
    c.connection.dispose();
    c.process.kill();
  }
});

/** Applies TextEdits (UTF-16 positions, `\n` line breaks) to a text, as an editor does. */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const offset = (p: { line: number; character: number }) => starts[p.line]! + p.character;
  for (const e of [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))) {
    text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  }
  return text;
}

/** The edits of an action's workspace edit for one file, checking they are for the version the actions were asked for. */
function editsOf(action: CodeAction, uri: string, version: number): TextEdit[] {
  const change = action.edit?.documentChanges?.[0];
  if (change && 'textDocument' in change) {
    expect(change.textDocument).toEqual({ uri, version });
    return change.edits as TextEdit[];
  }
  return action.edit!.changes![uri]!;
}

const VERSIONED: ClientCapabilities = { workspace: { workspaceEdit: { documentChanges: true } } };

describe('pyteam-lint server', () => {
  it('initializes with UTF-16 positions, incremental sync, code actions and hover', async () => {
    const client = Client.start(project({ 'pyproject.toml': PYPROJECT }));
    const { capabilities, serverInfo } = await client.initialize();
    expect(serverInfo?.name).toBe('pyteam-lint');
    expect(capabilities.positionEncoding).toBe('utf-16');
    expect(capabilities.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
    expect(capabilities.codeActionProvider).toEqual({ codeActionKinds: ['quickfix', 'source.fixAll.pyteam-lint'] });
    expect(capabilities.hoverProvider).toBe(true);
  });

  it('publishes the findings of an opened file where the CLI reports them, and clears them when an edit removes them', async () => {
    const dir = project({ 'pyproject.toml': PYPROJECT, 'load.py': TORCH });
    const cli = JSON.parse(run(['--format', 'json', 'load.py'], dir).stdout) as { findings: Array<{ code: string; line: number; column: number; endLine: number; endColumn: number }> };
    const client = Client.start(dir);
    await client.initialize();
    const opened = await client.open('load.py');
    expect(opened.version).toBe(1);
    expect(opened.diagnostics.map((d) => [d.code, d.range.start.line + 1, d.range.start.character + 1, d.range.end.line + 1, d.range.end.character + 1])).toEqual(
      cli.findings.map((f) => [f.code, f.line, f.column, f.endLine, f.endColumn]),
    );
    const [d] = opened.diagnostics;
    expect(d).toMatchObject({ code: 'PTL301', source: 'pyteam-lint', severity: 1, data: { name: 'unsafe-torch-load', agent: 'python-security-reviewer' } });
    expect(d!.message).toMatch(/^`torch\.load` without `weights_only=True`.* \[python-security-reviewer\]$/);
    expect(d!.codeDescription).toBeUndefined();

    // An incremental edit of the unsaved buffer: `torch.load(path)` → `torch.load(path, weights_only=True)`.
    const changed = await client.change('load.py', { range: { start: { line: 4, character: 27 }, end: { line: 4, character: 27 } }, text: ', weights_only=True' });
    expect(changed.diagnostics).toEqual([]);
    const back = await client.change('load.py', { text: TORCH });
    expect(back.diagnostics.map((x) => x.code)).toEqual(['PTL301']);
    // Through the project's content cache, as the command line lints.
    expect(existsSync(path.join(dir, '.pyteam-lint-cache', 'CACHEDIR.TAG'))).toBe(true);
  });

  it('does not lint what the configuration excludes', async () => {
    const dir = project({ 'pyproject.toml': `${PYPROJECT}\n[tool.pyteam-lint]\nextend-exclude = ["generated"]\n`, '.venv/lib/site.py': TORCH, 'generated/load.py': TORCH, 'load.py': TORCH });
    const client = Client.start(dir);
    await client.initialize();
    expect((await client.open('.venv/lib/site.py')).diagnostics).toEqual([]);
    expect((await client.open('generated/load.py')).diagnostics).toEqual([]);
    expect((await client.open('load.py')).diagnostics.map((d) => d.code)).toEqual(['PTL301']);
  });

  it('offers the fix (marked unsafe) and the noqa suppression; applying either clears the diagnostic', async () => {
    const dir = project({ 'pyproject.toml': PYPROJECT, 'load.py': TORCH });
    const client = Client.start(dir);
    await client.initialize(VERSIONED);
    const uri = client.uri('load.py');
    await client.open('load.py');
    // The cursor at the start of the line, as Neovim asks: the line's findings count.
    const actions = await client.codeActions('load.py', { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } });
    expect(actions.map((a) => [a.kind, a.title])).toEqual([
      ['quickfix', 'Pass `weights_only=True` (loads tensors only; a checkpoint holding pickled objects will then fail to load) (unsafe fix)'],
      ['quickfix', 'Suppress PTL301 on this line with `# noqa: PTL301`'],
    ]);
    expect(actions[0]!.diagnostics?.map((x) => x.code)).toEqual(['PTL301']);
    expect(actions[0]!.isPreferred).toBeUndefined();

    const fixed = applyEdits(TORCH, editsOf(actions[0]!, uri, 1));
    expect(fixed).toBe(TORCH.replace('torch.load(path)', 'torch.load(path, weights_only=True)'));
    expect((await client.change('load.py', { text: fixed })).diagnostics).toEqual([]);

    const suppressed = applyEdits(TORCH, editsOf(actions[1]!, uri, 1));
    expect(suppressed).toBe(TORCH.replace('torch.load(path)\n', 'torch.load(path)  # noqa: PTL301\n'));
    expect((await client.change('load.py', { text: suppressed })).diagnostics).toEqual([]);

    // No actions on a line without findings.
    await client.change('load.py', { text: TORCH });
    expect(await client.codeActions('load.py', { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } })).toEqual([]);
  });

  it('merges the suppression into an existing noqa list', async () => {
    const text = TORCH.replace('torch.load(path)\n', 'torch.load(path)  # noqa: E501\n');
    const client = Client.start(project({ 'pyproject.toml': PYPROJECT, 'load.py': text }));
    await client.initialize();
    await client.open('load.py');
    const actions = await client.codeActions('load.py', { start: { line: 4, character: 10 }, end: { line: 4, character: 10 } }, ['quickfix']);
    const noqa = actions.find((a) => a.title.startsWith('Suppress'))!;
    expect(applyEdits(text, noqa.edit!.changes![client.uri('load.py')]!)).toBe(text.replace('# noqa: E501', '# noqa: E501, PTL301'));
  });

  it('fixes all safe fixes of the file as --fix does', async () => {
    const source = [
      'import torchvision',
      '',
      '',
      'def infer(frame):',
      '    net = torchvision.models.resnet50(weights=None).eval()',
      '    first = net.forward(frame)  # noqa: PTL301',
      '    return first, net.forward(frame)',
      '',
    ].join('\n');
    const dir = project({ 'pyproject.toml': PYPROJECT, 'infer.py': source });
    const client = Client.start(dir);
    await client.initialize(VERSIONED);
    const opened = await client.open('infer.py');
    expect(opened.diagnostics.map((d) => d.code)).toEqual(['PTL401', 'PTL404', 'PTL002', 'PTL401', 'PTL404']);
    expect(opened.diagnostics.find((d) => d.code === 'PTL002')!.tags).toEqual([1]); // Unnecessary
    const actions = await client.codeActions('infer.py', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, ['source.fixAll']);
    expect(actions.map((a) => [a.kind, a.title])).toEqual([['source.fixAll.pyteam-lint', 'Fix all safe pyteam-lint fixes in the file']]);

    const cli = project({ 'pyproject.toml': PYPROJECT, 'infer.py': source });
    const fixedByCli = run(['--fix', '--format', 'concise', 'infer.py'], cli);
    expect(fixedByCli.stdout).toMatch(/Fixed 3 findings in 1 file/);
    const expected = readFileSync(path.join(cli, 'infer.py'), 'utf8');
    const fixed = applyEdits(source, editsOf(actions[0]!, client.uri('infer.py'), 1));
    expect(fixed).toBe(expected);
    // What remains is what the CLI reports after --fix, and it has no fix: no fix-all action.
    expect((await client.change('infer.py', { text: fixed })).diagnostics.map((d) => `${d.code}:${d.range.start.line + 1}`)).toEqual(['PTL401:6', 'PTL401:7']);
    expect(fixedByCli.stdout.match(/^infer\.py:\d+/gm)).toEqual(['infer.py:6', 'infer.py:7']);
    expect(await client.codeActions('infer.py', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, ['source'])).toEqual([]);
    // The server wrote nothing.
    expect(readFileSync(path.join(dir, 'infer.py'), 'utf8')).toBe(source);
  });

  it('shows what `explain` prints on hover over a finding, and nothing elsewhere', async () => {
    const dir = project({ 'pyproject.toml': PYPROJECT, 'load.py': TORCH });
    const client = Client.start(dir);
    await client.initialize();
    await client.open('load.py');
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri('load.py') }, position: { line: 4, character: 25 } });
    expect(hover?.contents).toEqual({ kind: 'plaintext', value: run(['explain', 'PTL301'], dir).stdout });
    expect(hover?.range).toEqual({ start: { line: 4, character: 12 }, end: { line: 4, character: 28 } });
    expect(await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri('load.py') }, position: { line: 0, character: 1 } })).toBeNull();
  });

  it('counts in UTF-8 when the client offers it, both ways', async () => {
    // 'é' is 2 bytes and 1 UTF-16 unit, '𝔼' 4 bytes and 2 units: the finding starts 5 bytes (2 units) further right.
    const text = TORCH.replace('    state = torch.load(path)', '    s = "é𝔼"; state = torch.load(path)');
    const dir = project({ 'pyproject.toml': PYPROJECT, 'load.py': text });
    const utf16 = Client.start(dir);
    await utf16.initialize({ general: { positionEncodings: ['utf-16'] } });
    const d16 = (await utf16.open('load.py')).diagnostics[0]!;
    const client = Client.start(dir);
    const init = await client.initialize({ general: { positionEncodings: ['utf-8', 'utf-16'] } });
    expect(init.capabilities.positionEncoding).toBe('utf-8');
    const d8 = (await client.open('load.py')).diagnostics[0]!;
    expect(d8.code).toBe('PTL301');
    const prefix = '    s = "é𝔼"; state = ';
    expect(d16.range.start.character).toBe(prefix.length);
    expect(d8.range.start.character).toBe(Buffer.byteLength(prefix));
    expect(d8.range.end.character - d8.range.start.character).toBe('torch.load(path)'.length);
    // An edit at a UTF-8 position: the argument goes where the bytes say.
    const at = { line: 4, character: d8.range.end.character - 1 };
    expect((await client.change('load.py', { range: { start: at, end: at }, text: ', weights_only=True' })).diagnostics).toEqual([]);
  });

  it('shows a bad configuration once, naming the key, and keeps serving until it is mended', async () => {
    const dir = project({ 'pyproject.toml': `${PYPROJECT}\n[tool.pyteam-lint]\nselct = ["PTL3"]\n`, 'load.py': TORCH });
    const client = Client.start(dir);
    await client.initialize({ workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
    const message = client.nextMessage();
    expect((await client.open('load.py')).diagnostics).toEqual([]);
    expect(await message).toMatchObject({ type: 1 });
    expect((await message).message).toMatch(/pyproject\.toml \[tool\.pyteam-lint\]: unknown key 'selct'/);
    // Another lint with the same mistake says nothing more.
    expect((await client.change('load.py', { text: `${TORCH}\n` })).diagnostics).toEqual([]);
    expect(client.messages).toHaveLength(1);
    // Mended on disk: the watched file's change re-lints the open file.
    writeFileSync(path.join(dir, 'pyproject.toml'), `${PYPROJECT}\n[tool.pyteam-lint]\nselect = ["PTL3"]\n`);
    const mended = client.diagnostics('load.py');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: client.uri('pyproject.toml'), type: FileChangeType.Changed }] });
    expect((await mended).diagnostics.map((d) => d.code)).toEqual(['PTL301']);
    expect(client.messages).toHaveLength(1);
    // Broken again, after it was mended: shown again.
    writeFileSync(path.join(dir, 'pyproject.toml'), `${PYPROJECT}\n[tool.pyteam-lint]\nselct = ["PTL3"]\n`);
    const again = client.nextMessage();
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: client.uri('pyproject.toml'), type: FileChangeType.Changed }] });
    expect((await again).message).toMatch(/unknown key 'selct'/);
    expect(client.messages).toHaveLength(2);
  });

  it('keeps CRLF line endings apart from columns and edits', async () => {
    const text = TORCH.replace(/\n/g, '\r\n');
    const client = Client.start(project({ 'pyproject.toml': PYPROJECT, 'load.py': text }));
    await client.initialize();
    const [d] = (await client.open('load.py')).diagnostics;
    expect(d!.range).toEqual({ start: { line: 4, character: 12 }, end: { line: 4, character: 28 } });
    const actions = await client.codeActions('load.py', d!.range);
    const noqa = actions.find((a) => a.title.startsWith('Suppress'))!;
    expect(applyEdits(text, noqa.edit!.changes![client.uri('load.py')]!)).toBe(text.replace('torch.load(path)\r\n', 'torch.load(path)  # noqa: PTL301\r\n'));
  });

  it('re-lints the open files with new settings, and shows bad settings naming the key', async () => {
    const dir = project({ 'pyproject.toml': PYPROJECT, 'load.py': TORCH });
    const client = Client.start(dir);
    // Initialization options bare, workspace settings under the section's name: both are taken.
    await client.initialize({}, { ignore: ['PTL301'] });
    expect((await client.open('load.py')).diagnostics).toEqual([]);
    let next = client.diagnostics('load.py');
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { 'pyteam-lint': { select: ['PTL3'] } } });
    expect((await next).diagnostics.map((d) => d.code)).toEqual(['PTL301']);
    next = client.diagnostics('load.py');
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { 'pyteam-lint': { ignore: ['unsafe-torch-load'] } } });
    expect((await next).diagnostics).toEqual([]);

    const message = client.nextMessage();
    next = client.diagnostics('load.py');
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { 'pyteam-lint': { selct: ['PTL3'] } } });
    expect((await message).message).toBe("pyteam-lint: settings: unknown key 'pyteam-lint.selct'; did you mean 'select'?");
    // The defaults meanwhile.
    expect((await next).diagnostics.map((d) => d.code)).toEqual(['PTL301']);
    const unknownRule = client.nextMessage();
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { 'pyteam-lint': { select: ['PTL3O1'] } } });
    expect((await unknownRule).message).toMatch(/settings 'pyteam-lint\.select': unknown rule selector 'PTL3O1'; did you mean 'PTL301'\?/);
  });

  it('lints cross-file rules against the open buffers, unsaved text included', async () => {
    const dir = project({
      'pyproject.toml': PYPROJECT,
      'base.py': 'class A:\n    pass\n\n\nclass B(A):\n    pass\n',
      'child.py': 'from base import B\n\n\nclass C(B):\n    pass\n',
    });
    const client = Client.start(dir);
    await client.initialize();
    expect((await client.open('child.py')).diagnostics.map((d) => d.code)).toEqual(['PTL201']);
    // The base class no longer inherits, in the editor only.
    await client.open('base.py', 'class B:\n    pass\n');
    const relinted = client.diagnostics('child.py');
    await client.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri: client.uri('base.py') } });
    expect((await relinted).diagnostics).toEqual([]);
    // Closed, the file on disk counts again.
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: client.uri('base.py') } });
    expect((await client.change('child.py', { text: 'from base import B\n\n\nclass C(B):\n    pass\n' })).diagnostics.map((d) => d.code)).toEqual(['PTL201']);
  });

  it('exits 0 on shutdown and exit, 1 on exit without shutdown', async () => {
    const dir = project({ 'pyproject.toml': PYPROJECT });
    const polite = Client.start(dir);
    await polite.initialize();
    expect(await polite.connection.sendRequest(ShutdownRequest.type)).toBeNull();
    await polite.connection.sendNotification(ExitNotification.type);
    expect(await polite.exited).toBe(0);
    const abrupt = Client.start(dir);
    await abrupt.initialize();
    await abrupt.connection.sendNotification(ExitNotification.type);
    expect(await abrupt.exited).toBe(1);
  });

  it('exits when its client closes its input', async () => {
    const client = Client.start(project({ 'pyproject.toml': PYPROJECT, 'load.py': TORCH }));
    await client.initialize();
    await client.open('load.py');
    client.process.stdin!.end();
    expect(await client.exited).toBe(1);
  });

  it('exits when its parent dies without closing its input', async () => {
    // A shell starts the server in the background, its input a FIFO this test holds open, and is killed.
    const dir = project({ 'pyproject.toml': PYPROJECT });
    execFileSync('mkfifo', [path.join(dir, 'in')]);
    const script = `"${process.execPath}" "${BIN}" server --stdio < in > out 2>&1 & echo $!; wait`;
    const shell = spawn('sh', ['-c', script], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
    const server = Number(await new Promise<string>((resolve) => shell.stdout!.once('data', (b: Buffer) => resolve(String(b).trim()))));
    const input = createWriteStream(path.join(dir, 'in'));
    const writer = new StreamMessageWriter(input);
    try {
      // Serving (so it knows its parent) before the parent goes.
      await writer.write({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } } as RequestMessage);
      while (!readFileSync(path.join(dir, 'out'), 'utf8').includes('"serverInfo"')) await new Promise((resolve) => setTimeout(resolve, 50));
      const alive = () => {
        try {
          process.kill(server, 0);
          return true;
        } catch {
          return false;
        }
      };
      expect(alive()).toBe(true);
      shell.kill('SIGKILL');
      while (alive()) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(alive()).toBe(false);
    } finally {
      input.destroy();
    }
  });

  it('refuses arguments other than --stdio and --clientProcessId=N, exit 2', () => {
    const r = run(['server', '--port', '9000'], ROOT);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("pyteam-lint: error: server: unknown argument '--port'; the server speaks LSP on standard input/output and takes only --stdio and --clientProcessId=N\n");
    const bad = run(['server', '--stdio', '--clientProcessId=abc'], ROOT);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("pyteam-lint: error: server --clientProcessId: expected a process id (digits), got 'abc'\n");
  });

  it('serves a notebook opened as its JSON text: diagnostics at the JSON lines, its fix an edit of the JSON', async () => {
    const nb = `${JSON.stringify({ cells: [{ cell_type: 'markdown', metadata: {}, source: ['# x'] }, { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['import torch\n', 'm = torch.load(p)'] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;
    const client = Client.start(project({ 'pyproject.toml': PYPROJECT, 'nb.ipynb': nb }));
    await client.initialize();
    const { diagnostics } = await client.open('nb.ipynb');
    expect(diagnostics.map((d) => d.code)).toEqual(['PTL301']);
    const { start } = diagnostics[0]!.range;
    expect(nb.split('\n')[start.line]!.slice(start.character)).toMatch(/^torch\.load\(p\)"/);
    const actions = await client.codeActions('nb.ipynb', diagnostics[0]!.range);
    const noqa = actions.find((a) => a.title.startsWith('Suppress'))!;
    const edit = noqa.edit!.changes![client.uri('nb.ipynb')]![0]!;
    expect(edit.newText).toContain('# noqa: PTL301');
    expect(edit.range.start.line).toBe(start.line);
  });

  it('takes --clientProcessId as vscode-languageclient passes it, and serves', async () => {
    const client = Client.start(project({ 'pyproject.toml': PYPROJECT, 'load.py': TORCH }), {}, ['--stdio', `--clientProcessId=${process.pid}`]);
    await client.initialize();
    const published = await client.open('load.py');
    expect(published.diagnostics.map((d) => d.code)).toContain('PTL301');
  });

  it('is not loaded by a lint: dist/cli.js does not import the server chunk, even indirectly', () => {
    const dist = path.join(ROOT, 'dist');
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      // Static imports only: `import … from "./x.js"` and `import "./x.js"`, not `import("./x.js")`.
      for (const m of readFileSync(path.join(dist, file), 'utf8').matchAll(/^(?:import|export)\b[^;()]*?["']\.\/([^"']+)["'];?$/gm)) visit(m[1]!);
    };
    visit('cli.js');
    expect(seen.size).toBeGreaterThan(1);
    const loaded = [...seen].filter((f) => readFileSync(path.join(dist, f), 'utf8').includes('textDocument/publishDiagnostics'));
    expect(loaded).toEqual([]);
    // …and the server chunk does exist, behind the `server` subcommand's dynamic import.
    const cli = [...seen].map((f) => readFileSync(path.join(dist, f), 'utf8')).join('\n');
    const chunk = /import\("\.\/(command-[A-Z0-9]+\.js)"\)/g;
    const dynamic = [...cli.matchAll(chunk)].map((m) => m[1]!).filter((f) => readFileSync(path.join(dist, f), 'utf8').includes('textDocument/publishDiagnostics'));
    expect(dynamic).toHaveLength(1);
  });
});
