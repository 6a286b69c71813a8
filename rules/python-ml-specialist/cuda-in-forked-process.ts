import { z } from 'zod';
import { defineRule } from '../../src/rule.js';
import type { Location } from '../../src/engine/source.js';

interface Candidate {
  /** What the process runs: its target and the project classes it is an instance of. */
  origins: string[];
  /** `fork` when the code asks for it; `default` when it uses the platform's default (fork on Linux before 3.14). */
  method: 'fork' | 'default';
  location: Location;
}

export default defineRule({
  code: 'PTL405',
  name: 'cuda-in-forked-process',
  agent: 'python-ml-specialist',
  severity: 'error',
  enabledByDefault: true,
  docs: {
    summary: 'A process started with the fork start method runs code that uses CUDA.',
    why:
      'CUDA cannot be used in a forked child once the parent has touched it: the child fails with "Cannot ' +
      're-initialize CUDA in forked subprocess" (torch), or hangs in the driver. `fork` is the default start method on ' +
      'Linux before Python 3.14, so a plain `multiprocessing.Process(target=detect)` whose target moves a model to ' +
      'the GPU works on a laptop without a GPU and breaks on the server. Start GPU workers with ' +
      '`multiprocessing.get_context("spawn")` (or `torch.multiprocessing.spawn`), or call ' +
      '`set_start_method("spawn")` once in the entry module. The CUDA use is found in the target (or a `Process` ' +
      'subclass\'s `run()`) and in the project functions it calls. Owned by the ML specialist: the fix is about where ' +
      'CUDA is initialised.',
    bad:
      'import multiprocessing as mp\nimport torch\n\ndef detect(frames):\n    model = torch.jit.load("det.pt").cuda()\n    ...\n\n' +
      'mp.Process(target=detect, args=(frames,)).start()\n',
    good:
      'import multiprocessing as mp\nimport torch\n\ndef detect(frames):\n    model = torch.jit.load("det.pt").cuda()\n    ...\n\n' +
      'mp.get_context("spawn").Process(target=detect, args=(frames,)).start()\n',
  },
  callees: ['*Process'],
  options: z.object({}).strict(),
  messages: {
    forked:
      'this process starts with {{how}} and {{what}} uses CUDA: the child fails with "Cannot re-initialize CUDA in forked subprocess"; start it with `multiprocessing.get_context("spawn")`',
  },
  create(ctx) {
    const { model } = ctx;
    return {
      call(node) {
        if (!model.mayConstructProcess(node) || model.kindOf(node, ctx.ancestors) !== 'process') return;
        const method = model.execution.startMethodOf(node, ctx.ancestors);
        if (method === 'other') return;
        const origins = model.processOrigins(node, ctx.ancestors);
        if (origins.length === 0) return;
        const candidate: Candidate = { origins, method, location: ctx.locate(node) };
        ctx.record(candidate);
      },
    };
  },
  project(ctx) {
    const { index } = ctx;
    // `set_start_method("spawn")` anywhere in the project (the entry module, in practice) changes the default.
    const configured = index.files.flatMap((f) => f.startMethods ?? []);
    const defaultIsFork = !configured.some((m) => m === 'spawn' || m === 'forkserver');
    for (const { path, data } of ctx.records()) {
      const c = data as Candidate;
      if (c.method === 'default' && !defaultIsFork) continue;
      const cuda = c.origins.find((o) => index.reaches(index.classByQname(o) ? `${o}.run` : o, (facts) => facts.cuda === true));
      if (!cuda) continue;
      const what = index.classByQname(cuda) ? `\`${cuda.split('.').pop()}.run()\`` : `its target \`${cuda.split('.').pop()}()\``;
      const how = c.method === 'fork' ? '`fork`' : 'the default start method (`fork` on Linux before Python 3.14)';
      ctx.report({ path, location: c.location, messageId: 'forked', data: { how, what } });
    }
  },
});
