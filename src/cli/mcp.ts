/**
 * `pyteam-lint mcp`: serves the MCP tools over standard input/output until the client goes away.
 *
 * The client is gone, and the server exits, when:
 * - it closes our standard input: calls already received get `SHUTDOWN_GRACE_MS` to be answered
 *   (`printf '…' | pyteam-lint mcp` still gets its replies), then exit 0;
 * - our parent process dies (the client was killed and never closed the pipe, so the server is
 *   an orphan that would otherwise live on): seen within `PARENT_CHECK_MS`, exit 0;
 * - writing to it fails: EPIPE (it closed its end) is the client leaving, exit 0 quietly; any
 *   other write error (ENOSPC, EIO) is one line on stderr (main() prints it) and exit 2;
 * - SIGINT, SIGTERM or SIGHUP: exit 0.
 * Running calls are stopped on the way out (their worker threads are terminated). No stack trace
 * reaches the user: an unexpected error is one line on stderr and exit 2.
 *
 * `PYTEAM_LINT_MCP_TIME_LIMIT_MS` overrides the time limit of one call (runner.ts), for tests and
 * for the rare client that knows it needs more.
 */
import { DEFAULT_TIME_LIMIT_MS, ToolRunner } from '../mcp/runner.js';
import { createServer } from '../mcp/server.js';
import { projectRoot } from '../mcp/tools.js';
import { LineTransport } from '../mcp/transport.js';
import type { AnyRule } from '../rule.js';
import { UsageError } from './errors.js';
import { isClosedPipe } from './streams.js';

/** How often the parent process is checked: an orphaned server exits within about this long. */
export const PARENT_CHECK_MS = 1000;

/** How long calls received before the client closed our input may still take to be answered. */
export const SHUTDOWN_GRACE_MS = 5000;

/** The longest a server still holding the event loop after shutdown lives on (it is then ended). */
const EXIT_DEADLINE_MS = 2000;

function timeLimit(env: NodeJS.ProcessEnv): number {
  const raw = env['PYTEAM_LINT_MCP_TIME_LIMIT_MS'];
  if (raw === undefined || raw === '') return DEFAULT_TIME_LIMIT_MS;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`PYTEAM_LINT_MCP_TIME_LIMIT_MS must be a positive number of milliseconds (got '${raw}')`);
  return n;
}

export async function runMcpCommand(args: readonly string[], rules: readonly AnyRule[], version: string, io: { stderr(text: string): void; cwd: string }): Promise<number> {
  if (args.length > 0) throw new UsageError(`mcp takes no arguments (got ${args.join(' ')}); it serves the project in the current directory`);
  const log = (message: string) => io.stderr(`pyteam-lint mcp: ${message}\n`);
  const runner = new ToolRunner({ rules, timeLimitMs: timeLimit(process.env), log });
  const server = createServer({ cwd: io.cwd, rules, version, runner });

  let finish!: (code: number) => void;
  const exited = new Promise<number>((resolve) => (finish = resolve));
  let stopping = false;
  const stop = async (code: number, why?: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(parentWatch);
    if (why) log(why);
    await runner.stop();
    await server.close().catch(() => undefined);
    process.stdin.destroy();
    finish(code);
    setTimeout(() => process.exit(code), EXIT_DEADLINE_MS).unref();
  };

  const transport = new LineTransport({
    input: process.stdin,
    output: process.stdout,
    log,
    onInputEnd: () => void drain(),
    // EPIPE: the client closed its end, it is gone. Other failures are reported by main() once.
    onOutputError: (error) => void stop(isClosedPipe(error) ? 0 : 2),
  });
  const drain = async (): Promise<void> => {
    if (stopping) return;
    if (transport.unanswered > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([transport.whenIdle(), new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_GRACE_MS)))]);
      clearTimeout(timer);
    }
    await stop(0);
  };

  const parent = process.ppid;
  const parentWatch = setInterval(() => {
    if (process.ppid !== parent) void stop(0, `the client (process ${parent}) is gone; stopping`);
  }, PARENT_CHECK_MS);
  parentWatch.unref();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void stop(0));
  const fail = (error: unknown) => {
    log(`internal error: ${error instanceof Error ? error.message : String(error)}; stopping. This is a bug in pyteam-lint; please report it.`);
    void stop(2);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  server.server.onerror = (error) => log(error.message);

  let root: string;
  try {
    root = projectRoot(io.cwd);
  } catch (error) {
    root = `(unknown: ${(error as Error).message})`;
  }
  log(`serving ${rules.length} rules over stdio for ${io.cwd}; the tools read only inside the project root ${root}`);
  await server.connect(transport);
  return exited;
}
