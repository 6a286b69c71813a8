import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  FileCache,
  asyncio_cpu_bound_exports,
  consumer_without_shutdown_exports,
  credentials_in_url_exports,
  deep_inheritance_exports,
  loadRules,
  not_implemented_base_exports,
  producer_without_poison_pill_exports,
  queue_get_without_timeout_exports,
  syntax_error_exports,
  terminate_for_shutdown_exports,
  unsafe_deserialization_exports,
  unsafe_torch_load_exports,
  untyped_def_exports,
  untyped_queue_message_exports,
  useBundledRules
} from "./chunk-F66BZJ4U.js";
import {
  FileAnalyzer
} from "./chunk-MBIHBYVU.js";
import "./chunk-S2PRZ3HG.js";

// src/engine/worker.ts
import { parentPort } from "node:worker_threads";
var analyzer;
async function init(message) {
  const rules = new Map((await loadRules()).map((l) => [l.rule.code, l.rule]));
  const configured = message.rules.map((spec) => {
    const rule = rules.get(spec.code);
    if (!rule) throw new Error(`worker has no rule ${spec.code}`);
    return { rule, options: spec.options, severity: spec.severity, inTests: spec.inTests };
  });
  const cache = message.cache ? FileCache.attach(message.cache.dir, message.cache.salt) : void 0;
  analyzer = new FileAnalyzer(configured, cache, message.configKey);
}
var ready;
parentPort.on("message", (message) => {
  if (message.type === "init") {
    ready = init(message.init);
    return;
  }
  const { id, job } = message;
  void (async () => {
    try {
      await ready;
      const outcome = await analyzer.run(job);
      parentPort.postMessage({ id, outcome });
    } catch (error) {
      parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
    }
  })();
});

// entry:worker
useBundledRules([["rules/python-architect/deep-inheritance.ts", deep_inheritance_exports], ["rules/python-architect/not-implemented-base.ts", not_implemented_base_exports], ["rules/python-architect/untyped-queue-message.ts", untyped_queue_message_exports], ["rules/python-async-specialist/asyncio-cpu-bound.ts", asyncio_cpu_bound_exports], ["rules/python-async-specialist/consumer-without-shutdown.ts", consumer_without_shutdown_exports], ["rules/python-async-specialist/producer-without-poison-pill.ts", producer_without_poison_pill_exports], ["rules/python-async-specialist/queue-get-without-timeout.ts", queue_get_without_timeout_exports], ["rules/python-async-specialist/terminate-for-shutdown.ts", terminate_for_shutdown_exports], ["rules/python-quality-enforcer/syntax-error.ts", syntax_error_exports], ["rules/python-quality-enforcer/untyped-def.ts", untyped_def_exports], ["rules/python-security-reviewer/credentials-in-url.ts", credentials_in_url_exports], ["rules/python-security-reviewer/unsafe-deserialization.ts", unsafe_deserialization_exports], ["rules/python-security-reviewer/unsafe-torch-load.ts", unsafe_torch_load_exports]]);
