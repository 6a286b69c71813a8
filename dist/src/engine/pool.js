/**
 * A pool of lint worker threads. Jobs are handed out as workers free up (two in flight each, so
 * no worker idles while a result travels back); results come back in job order, so output does
 * not depend on timing or thread count.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
const WORKER_URL = new URL('./worker.js', import.meta.url);
/** Workers need the compiled worker module; under a TypeScript test runner there is none. */
export function workersAvailable() {
    return existsSync(fileURLToPath(WORKER_URL));
}
/**
 * Runs the jobs, handing them out in `order` (largest files first balances the workers: a big
 * file started last would leave the other worker idle); results are indexed like `jobs`.
 */
export async function runInWorkers(size, init, jobs, order = jobs.map((_, i) => i)) {
    const results = new Array(jobs.length);
    let next = 0;
    const workers = Array.from({ length: Math.min(size, jobs.length) }, () => new Worker(WORKER_URL));
    try {
        await Promise.all(workers.map((worker) => new Promise((resolve, reject) => {
            let inFlight = 0;
            const feed = () => {
                while (inFlight < 2 && next < order.length) {
                    const id = order[next++];
                    inFlight++;
                    worker.postMessage({ type: 'job', id, job: jobs[id] });
                }
                if (inFlight === 0)
                    resolve();
            };
            worker.on('message', (reply) => {
                inFlight--;
                results[reply.id] = 'error' in reply ? new Error(reply.error) : reply.outcome;
                feed();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
                if (inFlight > 0)
                    reject(new Error(`lint worker exited with code ${code} while linting`));
            });
            worker.postMessage({ type: 'init', init });
            feed();
        })));
    }
    finally {
        await Promise.all(workers.map((w) => w.terminate()));
    }
    return results;
}
