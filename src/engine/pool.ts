/**
 * A pool of lint worker threads. Jobs are handed out as workers free up (two in flight each, so
 * no worker idles while a result travels back); results come back in job order, so output does
 * not depend on timing or thread count.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Severity } from '../rule.js';
import type { FileJob, FileOutcome } from './analyze.js';

export interface RuleSpec {
  code: string;
  options: unknown;
  severity: Severity;
  inTests?: boolean | undefined;
}

export interface WorkerInit {
  rules: RuleSpec[];
  configKey: string;
  cache?: { dir: string; salt: string } | undefined;
}

const WORKER_URL = new URL('./worker.js', import.meta.url);

/** Workers need the compiled worker module; under a TypeScript test runner there is none. */
export function workersAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

type Reply = { id: number; outcome: FileOutcome } | { id: number; error: string };

/**
 * Runs the jobs, handing them out in `order` (largest files first balances the workers: a big
 * file started last would leave the other worker idle); results are indexed like `jobs`.
 */
export async function runInWorkers(
  size: number,
  init: WorkerInit,
  jobs: readonly FileJob[],
  order: readonly number[] = jobs.map((_, i) => i),
): Promise<Array<FileOutcome | Error>> {
  const results = new Array<FileOutcome | Error>(jobs.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(size, jobs.length) }, () => new Worker(WORKER_URL));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let inFlight = 0;
            const feed = (): void => {
              while (inFlight < 2 && next < order.length) {
                const id = order[next++]!;
                inFlight++;
                worker.postMessage({ type: 'job', id, job: jobs[id] });
              }
              if (inFlight === 0) resolve();
            };
            worker.on('message', (reply: Reply) => {
              inFlight--;
              results[reply.id] = 'error' in reply ? new Error(reply.error) : reply.outcome;
              feed();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (inFlight > 0) reject(new Error(`lint worker exited with code ${code} while linting`));
            });
            worker.postMessage({ type: 'init', init });
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
