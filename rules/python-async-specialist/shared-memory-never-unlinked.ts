import { posix } from 'node:path';
import { z } from 'zod';
import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../src/rule.js';
import { argument } from '../../src/engine/model.js';
import type { Location } from '../../src/engine/source.js';

const SHARED_MEMORY = 'multiprocessing.shared_memory.SharedMemory';
const SHAREABLE_LIST = 'multiprocessing.shared_memory.ShareableList';
const SHARED_MEMORY_CLASSES: ReadonlySet<string> = new Set([SHARED_MEMORY]);

/** A segment created here whose handle nothing in the file unlinks (the project phase has the last word). */
interface Candidate {
  kind: 'candidate';
  /** The class called, when only the index can say it derives from SharedMemory (a class of another module). */
  origin: string | null;
  /** Created under an explicit name, or its `.name` handed on: other code may attach to it by name and unlink it. */
  named: boolean;
  handle: string | null;
  callee: string;
  untracked: boolean;
  location: Location;
}

/** This file unlinks a segment it attached to by name (`SharedMemory(name=n).unlink()`): it owns segments by name. */
interface UnlinksByName {
  kind: 'by-name';
  test: boolean;
}

type Recorded = Candidate | UnlinksByName;

export default defineRule({
  code: 'PTL108',
  name: 'shared-memory-never-unlinked',
  agent: 'python-async-specialist',
  severity: 'warning',
  enabledByDefault: true,
  testCode: 'ignore',
  docs: {
    summary: 'A `SharedMemory(create=True, ...)` segment that nothing in the file ever `.unlink()`s.',
    why:
      'A POSIX shared memory segment is a file in /dev/shm (RAM): `close()` (and garbage collection) only unmaps ' +
      'it, and it is freed only when some process calls `unlink()`. A segment nobody unlinks stays until the ' +
      "resource tracker removes it at interpreter exit, with a \"leaked shared_memory objects\" warning — in a " +
      'long-running service that creates a segment per frame or request, /dev/shm fills up and the container runs ' +
      'out of memory; with `track=False` (or a subclass that skips the tracker) it stays until reboot. The creator ' +
      'should `unlink()` it once every process is done with it, in a `finally` or in the owner\'s `close()`/`__exit__`. ' +
      'Any `.unlink()` in the file on the handle, on the `self` attribute or container it was stored in ' +
      '(`for s in self.segments.values(): s.unlink()`) counts, as does handing the handle on (returned, passed to ' +
      'a call): ownership moves there. A segment created under an explicit `name=`, or whose `.name` is handed on ' +
      '(queued, returned, stored), is also accepted when related code (the same file or package, or a module one of them ' +
      'imports from the other) unlinks segments it attaches to by name. Attaching (`create` absent or False), `SharedMemoryManager` ' +
      'segments and a non-literal `create=` are not reported; neither is test code, whose short-lived process the ' +
      'resource tracker cleans up after.',
    bad:
      'from multiprocessing import shared_memory\nimport numpy as np\n\ndef publish(frame, out_q):\n' +
      '    shm = shared_memory.SharedMemory(create=True, size=frame.nbytes)\n' +
      '    np.ndarray(frame.shape, frame.dtype, buffer=shm.buf)[:] = frame\n    out_q.put(shm.name)\n    shm.close()\n',
    good:
      'from multiprocessing import shared_memory\nimport numpy as np\n\ndef publish(frame, out_q, done):\n' +
      '    shm = shared_memory.SharedMemory(create=True, size=frame.nbytes)\n    try:\n' +
      '        np.ndarray(frame.shape, frame.dtype, buffer=shm.buf)[:] = frame\n        out_q.put(shm.name)\n' +
      '        done.wait()\n    finally:\n        shm.close()\n        shm.unlink()\n',
  },
  options: z.object({}).strict(),
  messages: {
    held:
      '`{{handle}}` holds a shared memory segment created here that nothing in this file `.unlink()`s: {{lifetime}}; unlink it in a `finally` or in the owner\'s `close()`/`__exit__`',
    dropped:
      'this `{{callee}}(create=True, ...)` segment is never `.unlink()`ed and its handle is dropped: {{lifetime}}; keep the handle and unlink it when every process is done with it',
  },
  create(ctx) {
    const { model } = ctx;
    let byNameRecorded = false;

    /** The kind of segment a call makes, if it is a SharedMemory-family constructor: null for anything else. */
    const familyOf = (qname: string | null): { list: boolean; origin: string | null } | null => {
      if (qname === null) return null;
      if (qname === SHARED_MEMORY) return { list: false, origin: null };
      if (qname === SHAREABLE_LIST) return { list: true, origin: null };
      if (model.classByQname(qname)) return model.inheritsFrom(qname, SHARED_MEMORY_CLASSES) ? { list: false, origin: null } : null;
      const last = qname.slice(qname.lastIndexOf('.') + 1);
      // A class of another module named like one (`UntrackedSharedMemory`): the index decides.
      if (last.endsWith('SharedMemory') && !qname.startsWith('multiprocessing.')) return { list: false, origin: qname };
      return null;
    };

    /** True when the call creates a segment: `create=True` (literally) for SharedMemory; a sequence or no name for ShareableList. */
    const creates = (call: Node, list: boolean): boolean => {
      if (list) {
        const sequence = argument(call, 'sequence', 0);
        return argument(call, 'name') === null || (sequence !== null && sequence.type !== 'none');
      }
      return argument(call, 'create', 1)?.type === 'true';
    };

    /** A SharedMemory-family call that attaches to an existing segment by name. */
    const attaches = (call: Node): boolean => {
      const family = familyOf(model.qualifiedName(call.childForFieldName('function') ?? call, []) ?? null);
      return family !== null && !creates(call, family.list);
    };
    /** Every `.unlink()` of the file, and whether it unlinks segments it attached to by name (also `_posixshmem.shm_unlink(name)`). */
    const fileUnlinks = (anyNode: Node): { roots: ReadonlySet<string>; attached: boolean; byName: boolean } => {
      const found = model.resources.releasesOf('unlink', anyNode, attaches);
      return { ...found, byName: found.attached || /\bshm_unlink\s*\(/.test(ctx.file.source) };
    };

    // Not `callees`: a SharedMemory subclass of this file may have any name. Files that never
    // mention shared memory (nearly all) answer every call with one cached test.
    const mentions = /SharedMemory|ShareableList|shared_memory/.test(ctx.file.source);
    let subclassNames: ReadonlySet<string> | undefined;
    const mayCreate = (node: Node): boolean => {
      subclassNames ??= new Set(model.classes.filter((c) => model.inheritsFrom(c.qname, SHARED_MEMORY_CLASSES)).map((c) => c.name));
      return model.calleeLastNames(node).some((n) => n.endsWith('SharedMemory') || n === 'ShareableList' || subclassNames!.has(n));
    };
    return {
      call(node) {
        if (!mentions || !mayCreate(node)) return;
        const qname = model.calleeName(node, ctx.ancestors);
        const family = familyOf(qname);
        if (!family) return;
        if (!byNameRecorded && fileUnlinks(node).byName) {
          byNameRecorded = true;
          const fact: UnlinksByName = { kind: 'by-name', test: ctx.file.isTest };
          ctx.record(fact);
        }
        if (!creates(node, family.list)) return;
        const flow = model.resources.flowOf(node, 'unlink');
        if (flow.escapes) return;
        const unlinks = fileUnlinks(node);
        if (model.resources.isReleased(flow, unlinks)) return;
        const unlinked = unlinks.roots;
        // A subclass of this file that unlinks itself (in `close()`, `__exit__`, `__del__`).
        if (qname !== null && [...unlinked].some((r) => r.startsWith('c:') && (r === `c:${qname}` || model.inheritsFrom(qname, new Set([r.slice(2)]))))) return;
        const explicitName = family.list ? argument(node, 'name') !== null : (argument(node, 'name', 0) ?? { type: 'none' }).type !== 'none';
        const named = explicitName || flow.nameShared;
        const candidate: Candidate = {
          kind: 'candidate',
          origin: family.origin,
          named,
          handle: model.resources.handleText(node, flow),
          callee: model.calleeParts(node)?.join('.') ?? (family.list ? 'ShareableList' : 'SharedMemory'),
          untracked: argument(node, 'track')?.type === 'false',
          location: ctx.locate(node),
        };
        ctx.record(candidate);
      },
    };
  },
  project(ctx) {
    const { index } = ctx;
    const records = ctx.records();
    const files = new Map(index.files.map((f) => [f.path, f] as const));
    /** Files that unlink segments they attach to by name (test code only for itself). */
    const unlinkers = records.filter(({ data }) => (data as Recorded).kind === 'by-name').map(({ path, data }) => ({ path, test: (data as UnlinksByName).test }));
    /** The same file, the same package directory, or one imports the other: code that can share segment names. */
    const related = (a: string, b: string): boolean => {
      if (a === b || posix.dirname(a) === posix.dirname(b)) return true;
      const fa = files.get(a);
      const fb = files.get(b);
      if (!fa || !fb) return false;
      const imports = (from: typeof fa, to: typeof fb): boolean => Object.values(from.imports).some((q) => q === to.module || q.startsWith(`${to.module}.`));
      return imports(fa, fb) || imports(fb, fa);
    };
    for (const { path, data } of records) {
      const c = data as Recorded;
      if (c.kind !== 'candidate') continue;
      if (c.origin !== null && !index.ancestors(c.origin).includes(SHARED_MEMORY)) continue;
      // A named segment is found again by its name: related code that unlinks segments by name may own it.
      if (c.named && unlinkers.some((u) => (u.path === path || !u.test) && related(path, u.path))) continue;
      const lifetime = c.untracked
        ? 'with `track=False` the resource tracker never removes it, so it stays in /dev/shm (RAM) until reboot'
        : 'it stays in /dev/shm (RAM) after its users are done, until the resource tracker removes it at interpreter exit with a leak warning (for good with `track=False` or when the tracker is killed)';
      if (c.handle === null) ctx.report({ path, location: c.location, messageId: 'dropped', data: { callee: c.callee, lifetime } });
      else ctx.report({ path, location: c.location, messageId: 'held', data: { handle: c.handle, lifetime } });
    }
  },
});
