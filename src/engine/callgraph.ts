/**
 * Facts about each function of a file that cross-file questions are built from: whom it calls
 * (callees that may be project functions), whether it is a coroutine, whether it installs a
 * SIGTERM handler. They go into the file's summary (plain JSON, cached with it), and the project
 * index joins them into a call graph: "does this helper block, through which chain?", "does this
 * process's `run()` handle SIGTERM?". A file's facts change only with its own text, so editing a
 * helper re-checks its callers in the next run without re-analysing them.
 */
import type { SemanticModel } from './model.js';

export interface FunctionSummary {
  /** Callees that may be project functions, sorted, each once; awaited calls are left out. */
  calls?: string[];
  async?: true;
  /** Calls `signal.signal(signal.SIGTERM, ...)` itself. */
  sigterm?: true;
}

const SIGTERM = new Set(['signal.SIGTERM', 'SIGTERM', '15']);

export function summariseFunctions(model: SemanticModel): Record<string, FunctionSummary> {
  const out: Record<string, FunctionSummary> = {};
  for (const { capture, qname } of model.functions) {
    const facts: FunctionSummary = {};
    if (model.isAsync(capture)) facts.async = true;
    const calls = new Set<string>();
    for (const { node, ancestors } of model.flow.callsIn(capture.node)) {
      if (model.isAwaited(node)) continue;
      const callee = model.projectCallee(node, ancestors);
      if (callee === 'signal.signal') {
        const first = node.childForFieldName('arguments')?.namedChild(0);
        if (first && SIGTERM.has(model.qualifiedName(first, ancestors) ?? first.text)) facts.sigterm = true;
      } else if (callee !== null) calls.add(callee);
    }
    // A name defined twice (`if`/`else`, `@overload`, a property's setter) answers for both.
    const twin = out[qname];
    for (const c of twin?.calls ?? []) calls.add(c);
    if (twin?.sigterm) facts.sigterm = true;
    if (calls.size > 0) facts.calls = [...calls].sort();
    if (facts.calls || facts.async || facts.sigterm) out[qname] = facts;
  }
  return out;
}
