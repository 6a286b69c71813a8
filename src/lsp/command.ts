/**
 * `pyteam-lint server`: the language server over standard input/output, for every editor with an
 * LSP client. Loaded by this subcommand only, so a lint run never pays for vscode-languageserver.
 *
 * The client is gone, and the server exits, when it sends `exit` (0 after `shutdown`, else 1, as
 * LSP says), when it closes our standard input (vscode-languageserver ends the process), or when
 * our parent process dies without closing it (an orphan would live on): seen within
 * `PARENT_CHECK_MS`, as `pyteam-lint mcp` does.
 */
import { format } from 'node:util';
import { createConnection } from 'vscode-languageserver/node';
import { loadRules } from '../engine/registry.js';
import { UsageError } from '../cli/errors.js';
import { VERSION, type Io } from '../cli/main.js';
import { startServer } from './server.js';

/** How often the parent process is checked: an orphaned server exits within about this long. */
const PARENT_CHECK_MS = 1000;

/**
 * Clients pass `--stdio` (vscode-languageclient always does), the only transport there is, and some
 * `--clientProcessId=N` (or `--clientProcessId N`): the client's process, which the server watches
 * through `initialize`'s `processId` anyway. Anything else is a usage error.
 */
function checkArguments(args: readonly string[]): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--stdio') continue;
    const id = arg === '--clientProcessId' ? args[++i] : /^--clientProcessId=(.*)$/s.exec(arg)?.[1];
    if (id !== undefined && /^\d+$/.test(id)) continue;
    if (arg.startsWith('--clientProcessId')) throw new UsageError(`server --clientProcessId: expected a process id (digits), got '${id ?? ''}'`);
    throw new UsageError(`server: unknown argument '${arg}'; the server speaks LSP on standard input/output and takes only --stdio and --clientProcessId=N`);
  }
}

export async function runServer(args: readonly string[], io: Io): Promise<number> {
  const parent = process.ppid;
  checkArguments(args);
  const rules = (await loadRules()).map((r) => r.rule);
  // Standard output carries the protocol alone: anything logged goes to standard error.
  const toStderr = (...values: unknown[]): void => void process.stderr.write(`${format(...values)}\n`);
  console.log = console.info = console.debug = toStderr;
  // A bug is one line on standard error (the editor's log), never a stack trace or a dead server.
  const bug = (error: unknown): void => toStderr(`pyteam-lint server: internal error: ${error instanceof Error ? error.message : String(error)}. This is a bug in pyteam-lint; please report it.`);
  process.on('uncaughtException', bug);
  process.on('unhandledRejection', bug);

  const connection = createConnection(process.stdin, process.stdout);
  const server = startServer(connection, { rules, version: VERSION, env: io.env, cwd: io.cwd });
  connection.listen();

  setInterval(() => {
    if (process.ppid !== parent) process.exit(server.shutDown ? 0 : 1);
  }, PARENT_CHECK_MS).unref();
  // Never settles: the process ends through one of the ways above.
  return new Promise<number>(() => undefined);
}
