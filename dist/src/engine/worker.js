/**
 * A lint worker thread: loads the grammar and the rules once, then analyses the files it is sent.
 */
import { parentPort } from 'node:worker_threads';
import { FileAnalyzer } from './analyze.js';
import { FileCache } from './cache.js';
import { loadRules } from './registry.js';
let analyzer;
async function init(message) {
    const rules = new Map((await loadRules()).map((l) => [l.rule.code, l.rule]));
    const configured = message.rules.map((spec) => {
        const rule = rules.get(spec.code);
        if (!rule)
            throw new Error(`worker has no rule ${spec.code}`);
        return { rule, options: spec.options, severity: spec.severity };
    });
    const cache = message.cache ? FileCache.attach(message.cache.dir, message.cache.salt) : undefined;
    analyzer = new FileAnalyzer(configured, cache, message.configKey);
}
let ready;
parentPort.on('message', (message) => {
    if (message.type === 'init') {
        ready = init(message.init);
        return;
    }
    const { id, job } = message;
    void (async () => {
        try {
            await ready;
            const outcome = await analyzer.run(job);
            parentPort.postMessage({ id, outcome });
        }
        catch (error) {
            parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
        }
    })();
});
