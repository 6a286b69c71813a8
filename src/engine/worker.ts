/**
 * A lint worker thread: loads the grammar and the rules once, then analyses the files it is sent.
 */
import { parentPort } from 'node:worker_threads';
import { FileAnalyzer, type FileJob } from './analyze.js';
import { FileCache } from './cache.js';
import type { RuleSpec, WorkerInit } from './pool.js';
import { loadRules } from './registry.js';

let analyzer: FileAnalyzer | undefined;

async function init(message: WorkerInit): Promise<void> {
  const rules = new Map((await loadRules()).map((l) => [l.rule.code, l.rule]));
  const configured = message.rules.map((spec: RuleSpec) => {
    const rule = rules.get(spec.code);
    if (!rule) throw new Error(`worker has no rule ${spec.code}`);
    return { rule, options: spec.options, severity: spec.severity, inTests: spec.inTests };
  });
  const cache = message.cache ? FileCache.attach(message.cache.dir, message.cache.salt) : undefined;
  analyzer = new FileAnalyzer(configured, cache, message.configKey);
}

let ready: Promise<void> | undefined;
parentPort!.on('message', (message: { type: 'init'; init: WorkerInit } | { type: 'job'; id: number; job: FileJob }) => {
  if (message.type === 'init') {
    ready = init(message.init);
    return;
  }
  const { id, job } = message;
  void (async () => {
    try {
      await ready;
      const outcome = await analyzer!.run(job);
      parentPort!.postMessage({ id, outcome });
    } catch (error) {
      parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  })();
});
