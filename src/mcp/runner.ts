/**
 * Runs the MCP server's lint tools off the server's thread, one worker thread per call.
 *
 * The engine lints small runs synchronously (wasm parsing on the calling thread), so a call run
 * on the server's thread would keep it from reading stdin: no `ping`, no cancellation, no other
 * call until it ends. Here each call gets its own worker thread (src/mcp/worker.ts, bundled as
 * dist/mcp-worker.js), and the server thread only waits for its answer. Stopping the thread is the
 * one way to stop a call whatever it is doing, so that is what a cancellation
 * (`notifications/cancelled`, seen as the handler's AbortSignal), the time limit and shutdown do.
 * A fresh thread per call also gives its memory back when the call ends. One thread is kept
 * started ahead of time, with the rules and grammar loaded, so a call does not wait for that.
 *
 * Without the worker bundle (the TypeScript sources under a test runner, or a dist/ built
 * without it) calls run on the server's thread as before, still with their time limit.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AnyRule } from '../rule.js';
import { runTool, toolError, type ToolJob } from './tools.js';
import type { WorkerReply } from './worker.js';

/**
 * How long one tool call may take, from its arrival (waiting for a free thread included), before
 * it is stopped and answered with an error. A lint of a large repository takes seconds; two
 * minutes is far past any honest call and short enough that a stuck one does not pile up.
 */
export const DEFAULT_TIME_LIMIT_MS = 120_000;

/** Calls running at once; the rest wait their turn. Each call may use worker threads of its own. */
export const MAX_RUNNING = Math.max(1, Math.min(4, availableParallelism()));

/** Calls waiting for a thread beyond which a new call is refused at once (the client is flooding). */
export const MAX_WAITING = 16;

const WORKER_URL = new URL('./mcp-worker.js', import.meta.url);

export interface RunnerOptions {
  rules: readonly AnyRule[];
  timeLimitMs: number;
  log(message: string): void;
}

export class ToolRunner {
  private readonly workerUrl: URL | null;
  private readonly running = new Set<Worker>();
  /** Calls waiting for a thread, oldest first: `go` hands one the thread of a call that ended. */
  private readonly waiting: Array<{ go(): void; stop(): void }> = [];
  private active = 0;
  private spare: Worker | undefined;
  private stopped = false;

  constructor(private readonly options: RunnerOptions) {
    this.workerUrl = existsSync(fileURLToPath(WORKER_URL)) ? WORKER_URL : null;
    if (this.workerUrl) this.spare = this.spawn();
    else options.log(`no worker bundle (${fileURLToPath(WORKER_URL)}): tool calls run on the server's thread and cannot be stopped`);
  }

  /** Runs one call; answers an error result when it is refused, times out or fails. A cancelled call resolves too (its answer is not sent). */
  async run(job: ToolJob, signal: AbortSignal, label: string): Promise<CallToolResult> {
    const deadline = Date.now() + this.options.timeLimitMs;
    if (this.stopped) return toolError('the server is shutting down');
    if (this.active >= MAX_RUNNING || this.waiting.length > 0) {
      if (this.waiting.length >= MAX_WAITING) {
        return toolError(`the server is busy: ${this.active} calls are running and ${this.waiting.length} are waiting; try again when some have finished`);
      }
      const turn = await this.turn(signal, deadline);
      if (turn === 'late') return this.timedOut(job, label);
      if (turn === 'cancelled') return toolError('cancelled by the client');
      if (turn === 'stopped') return toolError('the server is shutting down');
    } else {
      this.active++;
    }
    try {
      return this.workerUrl ? await this.inWorker(job, signal, deadline, label) : await this.inProcess(job, deadline, label);
    } finally {
      // The thread slot passes to the oldest waiting call, or is freed.
      const next = this.waiting.shift();
      if (next) next.go();
      else this.active--;
    }
  }

  /** Stops every call and the spare thread. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const waiter of this.waiting.splice(0)) waiter.stop();
    const all = [...this.running, ...(this.spare ? [this.spare] : [])];
    this.spare = undefined;
    await Promise.all(all.map((w) => w.terminate().catch(() => undefined)));
  }

  /** Waits until a running call hands over its slot ('go'), or the call is cancelled, out of time or the server stops. */
  private turn(signal: AbortSignal, deadline: number): Promise<'go' | 'cancelled' | 'late' | 'stopped'> {
    return new Promise((resolve) => {
      const waiter = { go: () => done('go'), stop: () => done('stopped') };
      const done = (outcome: 'go' | 'cancelled' | 'late' | 'stopped') => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(outcome);
      };
      const onAbort = () => done('cancelled');
      const timer = setTimeout(() => done('late'), Math.max(0, deadline - Date.now()));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private timedOut(job: ToolJob, label: string): CallToolResult {
    const seconds = Math.round(this.options.timeLimitMs / 100) / 10;
    this.options.log(`${label}: stopped at the time limit of ${seconds} s`);
    return toolError(
      `${job.tool} did not finish within the time limit of ${seconds} s for one call and was stopped; ` +
        (job.tool === 'lint_paths' ? 'lint fewer paths per call' : 'send a smaller text'),
    );
  }

  /** A worker thread that has started loading the rules and grammar; its own output goes to the log, never to the protocol. */
  private spawn(): Worker {
    const worker = new Worker(this.workerUrl!, { stdout: true, stderr: true });
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.options.log(`worker: ${line}`);
    };
    worker.stdout.on('data', forward);
    worker.stderr.on('data', forward);
    // A spare that fails before it is used is replaced; a running one's failure is its call's answer.
    const lost = () => {
      if (this.spare === worker) this.spare = undefined;
    };
    worker.once('error', lost);
    worker.once('exit', lost);
    worker.unref();
    return worker;
  }

  private take(): Worker {
    const worker = this.spare ?? this.spawn();
    this.spare = this.stopped ? undefined : this.spawn();
    worker.ref();
    return worker;
  }

  private inWorker(job: ToolJob, signal: AbortSignal, deadline: number, label: string): Promise<CallToolResult> {
    return new Promise((resolve) => {
      const worker = this.take();
      this.running.add(worker);
      let settled = false;
      const finish = (answer: CallToolResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.running.delete(worker);
        worker.terminate().catch(() => undefined);
        resolve(answer);
      };
      const onAbort = () => {
        this.options.log(`${label}: cancelled by the client; its thread was stopped`);
        finish(toolError('cancelled by the client'));
      };
      const timer = setTimeout(() => finish(this.timedOut(job, label)), Math.max(0, deadline - Date.now()));
      worker.on('message', (reply: WorkerReply) => finish('result' in reply ? reply.result : failed(job, reply.error)));
      worker.on('error', (error) => finish(failed(job, describeWorkerError(error))));
      worker.on('exit', (code) => finish(this.stopped ? toolError('the server is shutting down') : failed(job, `its thread stopped (exit code ${code}) before answering`)));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      worker.postMessage(job);
    });
  }

  /** No worker bundle: the call runs here. It cannot be stopped, but its answer still comes in time. */
  private async inProcess(job: ToolJob, deadline: number, label: string): Promise<CallToolResult> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<CallToolResult>((resolve) => {
      timer = setTimeout(() => resolve(this.timedOut(job, label)), Math.max(0, deadline - Date.now()));
    });
    try {
      return await Promise.race([
        runTool(job, this.options.rules).catch((error: unknown) => failed(job, error instanceof Error ? error.message : String(error))),
        late,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function failed(job: ToolJob, why: string): CallToolResult {
  return toolError(`internal error in ${job.tool}: ${why}. This is a bug in pyteam-lint; please report it with the call that caused it.`);
}

function describeWorkerError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return 'it ran out of memory';
  return error.message;
}
