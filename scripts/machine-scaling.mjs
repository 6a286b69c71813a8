// What this machine gives a second worker thread, independent of pyteam-lint: the wall time of
// the same work in 1 and in 2 workers, for arithmetic (no allocation) and for allocation-heavy
// JavaScript (short-lived objects, like AST facts). A ratio near 2 means the second thread is
// free; near 1 means the two threads share something (memory bandwidth, GC helpers, the host).
// usage: node scripts/machine-scaling.mjs
import { Worker, isMainThread, workerData } from 'node:worker_threads';

const kinds = {
  arithmetic() {
    let a = 1;
    let b = 2;
    let c = 3;
    let d = 4;
    for (let i = 0; i < 2e8; i++) {
      a = (a + i) | 0;
      b = (b ^ a) | 0;
      c = (c + b) | 0;
      d = (d ^ c) | 0;
    }
    return a + b + c + d;
  },
  allocation() {
    let kept = [];
    for (let i = 0; i < 1.5e7; i++) {
      kept.push({ i, at: { row: i, column: i & 63 } });
      if (kept.length > 100_000) kept = [];
    }
    return kept.length;
  },
};

if (isMainThread) {
  for (const kind of Object.keys(kinds)) {
    const wall = {};
    for (const n of [1, 2]) {
      const started = performance.now();
      await Promise.all(Array.from({ length: n }, () => new Promise((done) => new Worker(new URL(import.meta.url), { workerData: kind }).on('exit', done))));
      wall[n] = performance.now() - started;
    }
    const throughput = (2 * wall[1]) / wall[2];
    console.log(`${kind.padEnd(10)} 1 worker ${wall[1].toFixed(0).padStart(5)} ms, 2 workers ${wall[2].toFixed(0).padStart(5)} ms: 2 threads do ${throughput.toFixed(2)}x the work of 1`);
  }
} else {
  kinds[workerData]();
}
