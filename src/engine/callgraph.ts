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
  /** Callees that may be project functions, each once, in the order the body first calls them; awaited calls are left out. */
  calls?: string[];
  async?: true;
  /** Has a `yield`: calling it builds a generator and runs nothing yet. */
  generator?: true;
  /** Calls `signal.signal(signal.SIGTERM, ...)` itself. */
  sigterm?: true;
}

const SIGTERM = new Set(['signal.SIGTERM', 'SIGTERM', '15']);

export function summariseFunctions(model: SemanticModel): Record<string, FunctionSummary> {
  const out: Record<string, FunctionSummary> = {};
  for (const { capture, qname } of model.functions) {
    const facts: FunctionSummary = out[qname] ?? {};
    if (model.isAsync(capture)) facts.async = true;
    if (model.flow.isGenerator(capture.node)) facts.generator = true;
    let calls: Set<string> | undefined;
    model.flow.forEachCall(capture.node, (node, ancestors) => {
      if (model.isAwaited(node)) return;
      const callee = model.projectCallee(node, ancestors);
      if (callee === null) return;
      if (callee === 'signal.signal') {
        const first = node.childForFieldName('arguments')?.namedChild(0);
        if (first && SIGTERM.has(model.qualifiedName(first, ancestors) ?? first.text)) facts.sigterm = true;
      } else (calls ??= new Set(facts.calls)).add(callee);
    });
    // A name defined twice (`if`/`else`, `@overload`, a property's setter) answers for both.
    if (calls) facts.calls = [...calls];
    if (facts.calls || facts.async || facts.generator || facts.sigterm) out[qname] = facts;
  }
  return out;
}
