// Side by side: wall time of pyteam-lint and of the tools teams already run, on the same files.
// usage: node scripts/compare-tools.mjs PATH [--threads N] [--runs N]
//
// None of the other tools is a dependency; each is measured only if it is at hand and skipped
// with a note otherwise:
//   ast-grep  on PATH (npm i -g @ast-grep/cli): one pattern rule, `-j THREADS`
//   bandit    on PATH (apt-get install bandit): its default checks, one process
//   Ruff      as wasm (npm i @astral-sh/ruff-wasm-nodejs, resolvable from here or the cwd):
//             default rules, one thread, in this process after reading the files
// pyteam-lint runs its CLI cold (--no-cache) with all default rules. Best of --runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { Discoverer, DEFAULT_EXCLUDES } from '../dist/cli.js';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { threads: { type: 'string', default: '2' }, runs: { type: 'string', default: '3' } },
});
if (positionals.length !== 1) {
  console.error('usage: node scripts/compare-tools.mjs PATH [--threads N] [--runs N]');
  process.exit(2);
}
const target = path.resolve(positionals[0]);
const threads = values.threads;
const runs = Number(values.runs);
const files = new Discoverer({ root: target, excludes: DEFAULT_EXCLUDES, respectGitignore: true, forceExclude: false }).discover([target]).files;
const bytes = files.reduce((n, f) => n + readFileSync(f).length, 0);
const mb = bytes / 1024 / 1024; // as scripts/bench.mjs counts them
console.log(`${target}: ${files.length} Python files, ${mb.toFixed(2)} MB; best of ${runs}\n`);

function best(measure) {
  let min = Infinity;
  for (let i = 0; i < runs; i++) min = Math.min(min, measure());
  return min;
}

function timeCommand(cmd, args) {
  return () => {
    const started = performance.now();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
    if (r.error) throw r.error;
    return performance.now() - started;
  };
}

function onPath(cmd) {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function report(name, ms, note) {
  console.log(`${name.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(7)} s  ${(mb / (ms / 1000)).toFixed(2).padStart(6)} MB/s  ${note}`);
}

report(`pyteam-lint (${threads} threads)`, best(timeCommand(process.execPath, [path.join(ROOT, 'bin', 'pyteam-lint.js'), '--no-cache', '--threads', threads, '--format', 'json', target])), 'all default rules, cold');

if (onPath('ast-grep')) {
  report(`ast-grep (${threads} threads)`, best(timeCommand('ast-grep', ['run', '-l', 'python', '-p', 'torch.load($$$ARGS)', '-j', threads, '--json=compact', target])), 'one pattern: torch.load($$$ARGS)');
} else console.log('ast-grep                           skipped: not on PATH');

if (onPath('bandit')) {
  report('bandit (1 process)', best(timeCommand('bandit', ['-r', '-q', '-f', 'json', '-o', '/dev/null', target])), 'default checks');
} else console.log('bandit                             skipped: not on PATH');

const ruff = (() => {
  for (const from of [ROOT, process.cwd()]) {
    try {
      return createRequire(path.join(from, 'package.json'))('@astral-sh/ruff-wasm-nodejs');
    } catch {}
  }
  return null;
})();
if (ruff) {
  const sources = files.map((f) => readFileSync(f, 'utf8'));
  report('Ruff as wasm (1 thread)', best(() => {
    const started = performance.now();
    const workspace = new ruff.Workspace(ruff.Workspace.defaultSettings(), ruff.PositionEncoding.Utf16);
    for (const source of sources) workspace.check(source);
    return performance.now() - started;
  }), 'the wasm build\'s default rules, files already read');
} else console.log('Ruff as wasm                       skipped: @astral-sh/ruff-wasm-nodejs not installed');
