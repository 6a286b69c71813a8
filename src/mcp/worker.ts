/**
 * An MCP tool worker thread (bundled as dist/mcp-worker.js): runs exactly one tool call and
 * answers it, then is terminated by the server. The server thread stays free to answer `ping`,
 * cancellations and other calls meanwhile, and stopping this thread (cancel, time limit, shutdown)
 * stops the call however it is stuck. The rules and the grammar load as soon as the thread starts,
 * so a thread started ahead of time (the server keeps one ready) answers its call sooner.
 */
import { parentPort } from 'node:worker_threads';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { loadPython } from '../engine/parser.js';
import { loadRules } from '../engine/registry.js';
import type { AnyRule } from '../rule.js';
import { runTool, type ToolJob } from './tools.js';

/** What the worker answers: the tool's result, or why it failed (no stack: the server logs one line). */
export type WorkerReply = { result: CallToolResult } | { error: string };

const port = parentPort;
if (port) {
  // The bundle entry registers its rules after its imports (this module) are evaluated: ask for
  // them once the entry has run.
  const rules = new Promise<readonly AnyRule[]>((resolve, reject) => {
    setImmediate(() => loadRules().then((loaded) => resolve(loaded.map((l) => l.rule)), reject));
  });
  rules.catch(() => undefined);
  // Warm-up only: a failure here shows again, and is answered, when the call needs the grammar.
  loadPython().catch(() => undefined);
  port.once('message', (job: ToolJob) => {
    void (async () => {
      let reply: WorkerReply;
      try {
        reply = { result: await runTool(job, await rules) };
      } catch (error) {
        reply = { error: error instanceof Error ? error.message : String(error) };
      }
      port.postMessage(reply);
    })();
  });
}
