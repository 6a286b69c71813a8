#!/usr/bin/env node
// A reproducible hostile-input battery for the built CLI (issue 16): bad inputs, fuzzed files,
// determinism, fix safety, the cache and security probes, each run against the real binary in
// temporary directories. Prints a Markdown table of figures and a one-line verdict; exit 0 only
// when every counter is 0 (1 when one is not, 2 when the battery itself cannot run).
//
// usage: node scripts/battery.mjs [options]
//   --dist DIR        the build to test (DIR/cli.js, from `node scripts/build.mjs DIR`); also
//                     env PYTEAM_LINT_DIST. Default: bin/pyteam-lint.js over this repo's dist/.
//   --rev REV         test the dist/ committed at git revision REV (extracted to a temp dir)
//   --only LIST       categories to run, comma-separated: bad,fuzz,determinism,fix,cache,security
//   --seed N          PRNG seed (default 16): the same seed, build and inputs give the same cases
//   --scale F         multiply the case counts (fuzzed files, cache corruptions, ...) by F (default 1)
//   --deadline S      seconds a single-file run may take before it counts as a hang (default 30;
//                     batch runs get a multiple of it). Use a short one (e.g. 8) for old builds.
//   --jobs N          independent runs at a time in the bad-input and cache categories (default 2)
//   --report DIR      where failing inputs are saved for reproduction (default: inside the temp dir,
//                     kept when something failed)
//   --json FILE       also write the figures and failures as JSON
//   --keep            keep the temporary directory
//   -v, --verbose     print every failure as it happens
//
// Sources for fuzzing and fix trials are the real repositories under /work/real (override with
// BATTERY_REAL=dir1:dir2). The battery never writes outside its temporary directory.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const REPO = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const NO_TRACE = /\n\s+at .+:\d+:\d+/;
const CATEGORIES = ['bad', 'fuzz', 'determinism', 'fix', 'cache', 'security'];
const TITLES = {
  bad: 'bad inputs',
  fuzz: 'fuzzed files',
  determinism: 'determinism',
  fix: 'fix safety',
  cache: 'cache',
  security: 'security probes',
};

// ---------------------------------------------------------------------------------------------
// Options

function parseOptions(argv) {
  const o = { dist: process.env['PYTEAM_LINT_DIST'] || undefined, rev: undefined, only: CATEGORIES, seed: 16, scale: 1, deadline: 30, jobs: 2, report: undefined, json: undefined, keep: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === '--dist') o.dist = value();
    else if (a === '--rev') o.rev = value();
    else if (a === '--only') o.only = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--seed') o.seed = Number(value());
    else if (a === '--scale') o.scale = Number(value());
    else if (a === '--deadline') o.deadline = Number(value());
    else if (a === '--jobs') o.jobs = Math.max(1, Number(value()));
    else if (a === '--report') o.report = path.resolve(value());
    else if (a === '--json') o.json = path.resolve(value());
    else if (a === '--keep') o.keep = true;
    else if (a === '-v' || a === '--verbose') o.verbose = true;
    else if (a === '-h' || a === '--help') {
      const lines = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
      const end = lines.findIndex((l) => !l.startsWith('//'));
      process.stdout.write(`${lines.slice(0, end).map((l) => l.slice(3)).join('\n')}\n`);
      process.exit(0);
    } else usage(`unknown argument ${a}`);
  }
  for (const c of o.only) if (!CATEGORIES.includes(c)) usage(`unknown category ${c} (one of ${CATEGORIES.join(', ')})`);
  if (!(o.scale > 0) || !(o.deadline > 0) || !Number.isFinite(o.seed)) usage('--scale and --deadline must be positive numbers, --seed a number');
  return o;
}

function usage(message) {
  process.stderr.write(`battery: ${message}\nusage: node scripts/battery.mjs [--dist DIR | --rev REV] [--only LIST] [--seed N] [--scale F] [--deadline S] [--jobs N] [--report DIR] [--json FILE] [--keep] [-v]\n`);
  process.exit(2);
}

const opts = parseOptions(process.argv.slice(2));
const DEADLINE = opts.deadline * 1000;
const scaled = (n) => Math.max(1, Math.round(n * opts.scale));
const started = Date.now();

// ---------------------------------------------------------------------------------------------
// Deterministic randomness (mulberry32)

function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (list) => list[Math.floor(next() * list.length)];
  return next;
}
const seedOf = (name) => (opts.seed * 2654435761 + [...name].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, 7)) >>> 0;

// ---------------------------------------------------------------------------------------------
// Work directory, the binary under test

const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'battery-'));
const REPORT = opts.report ?? path.join(WORK, 'report');
fs.mkdirSync(REPORT, { recursive: true });

function resolveLauncher() {
  let dist = opts.dist ? path.resolve(opts.dist) : undefined;
  let label;
  if (opts.rev) {
    const target = path.join(WORK, 'rev');
    fs.mkdirSync(target);
    const sha = execFileSync('git', ['-C', REPO, 'rev-parse', '--verify', `${opts.rev}^{commit}`], { encoding: 'utf8' }).trim();
    const tar = execFileSync('git', ['-C', REPO, 'archive', sha, 'dist'], { maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', target], { input: tar });
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(target, 'node_modules'));
    dist = path.join(target, 'dist');
    label = `dist/ of ${sha.slice(0, 7)} (${opts.rev})`;
  }
  if (!dist) return { launcher: path.join(REPO, 'bin', 'pyteam-lint.js'), label: `${path.join(REPO, 'bin', 'pyteam-lint.js')} (repo dist/)`, from: path.join(REPO, 'dist', 'cli.js') };
  const cli = path.join(dist, 'cli.js');
  if (!fs.existsSync(cli)) usage(`${cli} does not exist (build with node scripts/build.mjs ${dist})`);
  try {
    createRequire(cli).resolve('web-tree-sitter');
  } catch {
    usage(`${cli} cannot resolve web-tree-sitter: link a node_modules beside it (ln -s ${path.join(REPO, 'node_modules')} ${path.join(path.dirname(dist), 'node_modules')})`);
  }
  const launcher = path.join(WORK, 'pyteam-lint.mjs');
  fs.writeFileSync(launcher, `const { main } = await import(${JSON.stringify(pathToFileURL(cli).href)});\nprocess.exitCode = await main(process.argv.slice(2));\n`);
  return { launcher, label: label ?? dist, from: cli };
}
const { launcher: LAUNCHER, label: LABEL, from: LAUNCHER_FROM } = resolveLauncher();

const BASE_ENV = { ...process.env, NO_COLOR: '1', PYTEAM_LINT_NO_CACHE: '1' };
for (const k of ['FORCE_COLOR', 'PYTEAM_LINT_CACHE_DIR', 'PYTEAM_LINT_DIST', 'PYTEAM_LINT_MCP_TIME_LIMIT_MS', 'GITHUB_ACTIONS']) delete BASE_ENV[k];
const CACHED = { PYTEAM_LINT_NO_CACHE: '' };
const IS_ROOT = process.getuid?.() === 0;
const MEMORY_LIMIT = 3 * 1024 * 1024 * 1024; // a run above 3 GiB resident is stopped (and counted as a hang)
const OUTPUT_LIMIT = 256 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Running children with deadlines (each its own process group, killed whole on a deadline)

const children = new Set();
function killAll() {
  for (const c of children) {
    try {
      process.kill(-c.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}
process.on('SIGINT', () => {
  killAll();
  process.exit(130);
});
process.on('exit', killAll);

function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Spawns `command args` and resolves when it exits or the deadline passes (then the group is
 * killed: timedOut). stdin: a string/Buffer to write, a file descriptor, or 'ignore'.
 */
function spawnFor(command, args, { cwd, env = {}, timeout = DEADLINE, input, stdin, stdout = 'pipe', onSpawn } = {}) {
  return new Promise((resolve) => {
    const stdinSpec = typeof stdin === 'number' ? stdin : stdin === 'ignore' ? 'ignore' : 'pipe';
    const child = spawn(command, args, { cwd, env: { ...BASE_ENV, ...env }, detached: true, stdio: [stdinSpec, stdout, 'pipe'] });
    children.add(child);
    const out = [];
    const err = [];
    let size = 0;
    let timedOut = false;
    let why = '';
    const t0 = Date.now();
    const stop = (reason) => {
      if (timedOut) return;
      timedOut = true;
      why = reason;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    };
    const timer = setTimeout(() => stop(`no exit within ${(timeout / 1000).toFixed(0)} s`), timeout);
    const watch = setInterval(() => {
      const rss = rssOf(child.pid);
      if (rss > MEMORY_LIMIT) stop(`resident memory ${(rss / 2 ** 30).toFixed(1)} GiB after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }, 250);
    const collect = (list) => (chunk) => {
      size += chunk.length;
      if (size > OUTPUT_LIMIT) stop('more than 256 MiB of output');
      else list.push(chunk);
    };
    child.stdout?.on('data', collect(out));
    child.stderr.on('data', collect(err));
    if (stdinSpec === 'pipe') {
      child.stdin.on('error', () => undefined);
      if (input !== undefined) child.stdin.end(input);
      else child.stdin.end();
    }
    onSpawn?.(child);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(watch);
      children.delete(child);
      resolve({ code, signal: timedOut ? null : signal, timedOut, why, ms: Date.now() - t0, stdout: Buffer.concat(out).toString('utf8'), stdoutBytes: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

let currentCategory;
const cliTime = {};
/** Runs the CLI under test (its runs and time are counted per category). */
const cli = async (args, o = {}) => {
  const r = await spawnFor(process.execPath, [LAUNCHER, ...args], o);
  const c = (cliTime[currentCategory] ??= { runs: 0, ms: 0 });
  c.runs++;
  c.ms += r.ms;
  return r;
};

/** Runs a shell script with $PTL_NODE and $PTL_LAUNCHER set (`"$PTL_NODE" "$PTL_LAUNCHER" ARGS` runs the CLI). */
const shell = (script, o = {}) => spawnFor('bash', ['-c', script], { ...o, env: { PTL_NODE: process.execPath, PTL_LAUNCHER: LAUNCHER, ...o.env } });

/** Runs `fn` over `items` with at most `n` at a time. */
async function pool(items, n, fn) {
  let next = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  });
  await Promise.all(workers);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Counters and failures

const COUNTERS = ['crashes', 'traces', 'lost', 'hangs', 'fixFail', 'cacheMismatch', 'probeFail', 'nondet'];
const HEADINGS = { crashes: 'crashes', traces: 'stack traces', lost: 'lost files', hangs: 'hangs', fixFail: 'fix-safety failures', cacheMismatch: 'cache mismatches', probeFail: 'probe failures', nondet: 'non-identical outputs' };
// Which counters a category measures (the others print as "–").
const MEASURES = {
  bad: ['crashes', 'traces', 'lost', 'hangs', 'probeFail'],
  fuzz: ['crashes', 'traces', 'lost', 'hangs', 'probeFail'],
  determinism: ['crashes', 'traces', 'hangs', 'nondet'],
  fix: ['crashes', 'traces', 'hangs', 'fixFail'],
  cache: ['crashes', 'traces', 'hangs', 'cacheMismatch'],
  security: ['crashes', 'traces', 'hangs', 'probeFail'],
};
const stats = {};
for (const c of CATEGORIES) stats[c] = { cases: 0, ran: false, ms: 0, notes: [], ...Object.fromEntries(COUNTERS.map((k) => [k, 0])) };
const failures = [];

function fail(category, counter, where, detail) {
  stats[category][counter]++;
  const f = { category, counter: HEADINGS[counter], where, detail: String(detail).slice(0, 600) };
  failures.push(f);
  if (opts.verbose) process.stderr.write(`  FAIL [${TITLES[category]}] ${f.counter}: ${where}: ${f.detail}\n`);
}

function note(category, text) {
  stats[category].notes.push(text);
}

/** Whether a run ended, and ended well: hang, crash and trace counted. Returns false on a hang or crash. */
function judge(category, where, r, { allow2 = false, text = false } = {}) {
  if (r.timedOut) {
    fail(category, 'hangs', where, r.why);
    return false;
  }
  let ok = true;
  const all = `${r.stdout}\n${r.stderr}`;
  if (NO_TRACE.test(r.stdout) || NO_TRACE.test(r.stderr)) fail(category, 'traces', where, firstTrace(all));
  const internal = /internal error/.test(r.stderr) || /"message": "(internal error|could not be parsed)/.test(r.stdout) || (text && /: error: (internal error|could not be parsed)/.test(r.stdout));
  if (r.signal || ![0, 1, 2].includes(r.code)) {
    fail(category, 'crashes', where, `exit ${r.code} signal ${r.signal}; ${r.stderr.slice(0, 300)}`);
    ok = false;
  } else if (r.code === 2 && !allow2) {
    fail(category, 'crashes', where, `exit 2: ${r.stderr.slice(0, 300)}`);
    ok = false;
  } else if (internal) {
    fail(category, 'crashes', where, `internal error: ${(/.*internal error.*/.exec(all) ?? /.*could not be parsed.*/.exec(all))?.[0].slice(0, 300)}`);
    ok = false;
  }
  return ok;
}

function firstTrace(text) {
  const i = text.search(NO_TRACE);
  const start = Math.max(0, text.lastIndexOf('\n', Math.max(0, i - 1)) - 200);
  return text.slice(start, i + 200).replace(/\s+/g, ' ');
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// File-system helpers

const GOOD = 'import torch\n\nstate = torch.load("model.pt")\n';
const GOOD_FIXED = 'import torch\n\nstate = torch.load("model.pt", weights_only=True)\n';
const YAML = 'import yaml\n\n\ndef read(s):\n    return yaml.load(s)\n';
const YAML_FIXED = 'import yaml\n\n\ndef read(s):\n    return yaml.safe_load(s)\n';

function mkdirp(p) {
  fs.mkdirSync(p, { recursive: true });
  return p;
}

function write(file, content) {
  mkdirp(path.dirname(typeof file === 'string' ? file : file.toString()));
  fs.writeFileSync(file, content);
}

function mkfifo(file) {
  execFileSync('mkfifo', [file]);
}

function repoDir(p) {
  mkdirp(path.join(p, '.git'));
  return p;
}

/** Every regular file under `dir` (names as Buffers joined by '/', skipping .git): rel → { bytes, mode }. */
function snapshot(dir, skip = ['.git', '.pyteam-lint-cache']) {
  const out = new Map();
  const walk = (abs, rel) => {
    for (const ent of fs.readdirSync(abs, { withFileTypes: true, encoding: 'buffer' })) {
      const name = ent.name.toString('latin1');
      if (!rel && skip.includes(name)) continue;
      const childAbs = Buffer.concat([Buffer.from(abs), Buffer.from('/'), ent.name]);
      const childRel = rel ? `${rel}/${name}` : name;
      if (ent.isDirectory()) walk(childAbs, childRel);
      else if (ent.isFile()) out.set(childRel, { bytes: fs.readFileSync(childAbs), mode: fs.statSync(childAbs).mode & 0o7777 });
      else out.set(childRel, { special: true });
    }
  };
  walk(Buffer.from(dir), '');
  return out;
}

function copyTree(from, to) {
  execFileSync('cp', ['-a', `${from}/.`, to]);
}

/** The bytes of a JSON path string (surrogate-escaped bytes become their byte). */
function nameBytes(s) {
  const out = [];
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (c >= 0xdc80 && c <= 0xdcff) out.push(c - 0xdc00);
    else out.push(...Buffer.from(ch, 'utf8'));
  }
  return Buffer.from(out);
}
const sameName = (jsonPath, expected) => nameBytes(jsonPath).equals(Buffer.isBuffer(expected) ? expected : Buffer.from(expected));

function sha(buf) {
  return createHash('sha256').update(buf).digest('hex').slice(0, 16);
}

function saveRepro(name, files) {
  const dir = mkdirp(path.join(REPORT, name.replace(/[^\w.-]+/g, '_').slice(0, 80)));
  for (const [rel, bytes] of Object.entries(files)) write(path.join(dir, rel), bytes);
  return dir;
}

// Real Python sources, for fuzzing and fix trials.
const REAL_DIRS = (process.env['BATTERY_REAL'] ? process.env['BATTERY_REAL'].split(':') : fs.existsSync('/work/real') ? fs.readdirSync('/work/real').sort().map((d) => path.join('/work/real', d)) : []).filter((d) => fs.existsSync(d));
let realFilesCache;
function realFiles() {
  if (realFilesCache) return realFilesCache;
  const out = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') walk(p);
      else if (e.isFile() && e.name.endsWith('.py')) {
        const size = fs.statSync(p).size;
        if (size >= 200 && size <= 120_000) out.push(p);
      }
    }
  };
  for (const d of REAL_DIRS) walk(d);
  realFilesCache = out;
  return out;
}

// Python as a second opinion on parse status (informational, and in fix trials: before vs after).
const PYTHON = ['python3', 'python'].find((p) => spawnSync(p, ['-c', 'import ast'], { stdio: 'ignore' }).status === 0);
const PY_CHECK = `
import ast, sys, json, os, warnings
warnings.simplefilter('ignore')
out = {}
root = sys.argv[1]
for dp, dn, fn in os.walk(root):
    dn[:] = [d for d in dn if d not in ('.git', '.pyteam-lint-cache')]
    for f in fn:
        if not f.endswith('.py'): continue
        p = os.path.join(dp, f)
        try:
            with open(p, 'rb') as h: src = h.read()
            compile(src, p, 'exec', ast.PyCF_ONLY_AST, dont_inherit=True)
            ok = True
        except Exception:
            ok = False
        out[os.path.relpath(p, root)] = ok
print(json.dumps(out))
`;
function pythonVerdicts(dir) {
  if (!PYTHON) return undefined;
  const r = spawnSync(PYTHON, ['-c', PY_CHECK, dir], { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 300_000 });
  return r.status === 0 ? JSON.parse(r.stdout) : undefined;
}

// The parser the tool uses (web-tree-sitter + tree-sitter-python, resolved as the build resolves
// them): when its own tree of a file has an error, the file must have PTL001.
let parserPromise;
function treeSitter() {
  parserPromise ??= (async () => {
    const from = createRequire(LAUNCHER_FROM);
    const TS = await import(pathToFileURL(from.resolve('web-tree-sitter')).href);
    const Parser = TS.Parser ?? TS.default;
    await Parser.init();
    const Language = TS.Language ?? Parser.Language;
    const language = await Language.load(from.resolve('tree-sitter-python/tree-sitter-python.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

/** Whether tree-sitter's tree of `bytes` (as Python reads them: BOM dropped, any line break a newline) has an error. */
async function parserSeesError(bytes) {
  const parser = await treeSitter();
  let text = bytes.toString('utf8');
  if (text.startsWith('\ufeff')) text = text.slice(1);
  const tree = parser.parse(text.replace(/\r\n?/g, '\n'));
  const error = tree.rootNode.hasError;
  tree.delete?.();
  return error;
}

// ---------------------------------------------------------------------------------------------
// 1. Bad inputs

/** Builders of the bad inputs: each writes its case into `dir` for `mode` ('named' | 'walked'). */
function badKinds() {
  const N = 200_000;
  const DEPTH = 2500; // indented nesting: N levels would be N²/2 bytes of indentation
  const deepStmt = (open, line) => Array.from({ length: DEPTH }, (_, i) => `${' '.repeat(i)}${open(i)}\n`).join('') + `${' '.repeat(DEPTH)}${line}\n`;
  const file = (name, content, extra = {}) => ({ name, make: (dir) => (write(path.join(dir, name), content), { bad: name, ...extra }) });
  const kinds = [
    file('empty.py', ''),
    file('bom-only.py', Buffer.from([0xef, 0xbb, 0xbf])),
    file('bom-crlf.py', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x = 1\r\n')])),
    file('bom-middle.py', Buffer.concat([Buffer.from('x = 1\n'), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('y = 2\n')])),
    file('nul.py', 'x = 1\0\n', { expectReported: true }),
    file('nul-only.py', Buffer.alloc(4096), { expectReported: true }),
    file('invalid-utf8.py', Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xff, 0xfe, 0x22, 0x0a]), { expectReported: true }),
    file('latin1-nocookie.py', Buffer.from('x = "caf\xe9"\n', 'latin1'), { expectReported: true }),
    file('latin1-cookie.py', Buffer.from('# -*- coding: latin-1 -*-\nimport torch\nx = "caf\xe9"\nstate = torch.load("m.pt")\n', 'latin1'), { expectReported: true }),
    file('unknown-cookie.py', '# -*- coding: klingon -*-\nx = 1\n'),
    file('utf16.py', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('import torch\nx = 1\n', 'utf16le')]), { expectReported: true }),
    file('huge.py', Buffer.alloc(6 * 1024 * 1024, 'x = 1\n'), { expectReported: true }),
    { name: 'huge-sparse.py', make: (dir) => (fs.writeFileSync(path.join(dir, 'huge-sparse.py'), ''), fs.truncateSync(path.join(dir, 'huge-sparse.py'), 3 * 2 ** 30), { bad: 'huge-sparse.py', expectReported: true }) },
    file('long-line.py', `x = "${'a'.repeat(4 * 1024 * 1024)}"\n`),
    file('deep-parens.py', `x = ${'('.repeat(N)}1${')'.repeat(N)}\n`),
    file('deep-brackets.py', `x = ${'['.repeat(N)}1${']'.repeat(N)}\n`),
    file('deep-braces.py', `x = ${'{'.repeat(N)}1${'}'.repeat(N)}\n`),
    file('deep-dicts.py', `x = ${'{1: '.repeat(N)}1${'}'.repeat(N)}\n`),
    file('deep-lambdas.py', `f = ${'lambda: '.repeat(N)}0\n`),
    file('deep-calls.py', `x = ${'f('.repeat(N)}1${')'.repeat(N)}\n`),
    file('deep-subscripts.py', `x = ${'a['.repeat(N)}1${']'.repeat(N)}\n`),
    file('deep-attributes.py', `x = a${'.b'.repeat(N)}\n`),
    file('deep-not.py', `x = ${'not '.repeat(N)}y\n`),
    file('deep-minus.py', `x = ${'-'.repeat(N)}1\n`),
    file('deep-strcat.py', `x = ${'"a" '.repeat(N)}\n`),
    file('deep-strplus.py', `x = "a"${' + "a"'.repeat(N)}\n`),
    file('deep-defs.py', deepStmt((i) => `def f${i}():`, 'pass')),
    file('deep-ifs.py', deepStmt(() => 'if x:', 'pass')),
    file('deep-classes.py', deepStmt((i) => `class C${i}:`, 'pass')),
    file('deep-withs.py', deepStmt(() => 'with x:', 'pass')),
    file('only-open-4.py', '((((', { expectCode: 'PTL001' }),
    file('only-open-200k.py', '('.repeat(N), { expectCode: 'PTL001' }),
    file('unclosed-assign.py', 'y = ((((((((((((((\n', { expectCode: 'PTL001' }),
    file('lone-cr.py', 'import torch\rx = 1\r\rstate = torch.load("m.pt")\r', { expectCode: 'PTL301', forbidCode: 'PTL001' }),
    file('crlf.py', 'import torch\r\nx = 1\r\n\r\nstate = torch.load("m.pt")\r\n', { expectCode: 'PTL301', forbidCode: 'PTL001' }),
    file('mixed-endings.py', 'import torch\r\nx = 1\ry = 2\n\r\nstate = torch.load("m.pt")\r', { expectCode: 'PTL301', forbidCode: 'PTL001' }),
    { name: 'dir-named-x.py', make: (dir) => (write(path.join(dir, 'x.py', 'inner.py'), GOOD), { bad: 'x.py', goods: ['x.py/inner.py'] }) },
    { name: 'fifo.py', make: (dir) => (mkfifo(path.join(dir, 'fifo.py')), { bad: 'fifo.py', expectReported: true }) },
    { name: 'dev-zero', make: (dir, mode) => (mode === 'named' ? { bad: '/dev/zero', expectReported: true } : (fs.symlinkSync('/dev/zero', path.join(dir, 'zero.py')), { bad: 'zero.py', expectReported: true })) },
    { name: 'dev-null', make: (dir, mode) => (mode === 'named' ? { bad: '/dev/null', expectReported: true } : (fs.symlinkSync('/dev/null', path.join(dir, 'null.py')), { bad: 'null.py' })) },
    { name: 'dev-urandom', make: (dir, mode) => (mode === 'named' ? { bad: '/dev/urandom', expectReported: true } : (fs.symlinkSync('/dev/urandom', path.join(dir, 'rand.py')), { bad: 'rand.py' })) },
    { name: 'socket.py', make: async (dir) => ({ bad: 'sock.py', expectReported: true, server: await listen(path.join(dir, 'sock.py')) }) },
    { name: 'dangling-link.py', make: (dir, mode) => (fs.symlinkSync('missing-target.py', path.join(dir, 'dangling.py')), { bad: 'dangling.py', expectReported: mode === 'named' }) },
    { name: 'self-loop-link.py', make: (dir, mode) => (fs.symlinkSync('loop.py', path.join(dir, 'loop.py')), { bad: 'loop.py', expectReported: mode === 'named' }) },
    { name: 'two-loop-link.py', make: (dir, mode) => (fs.symlinkSync('b.py', path.join(dir, 'a.py')), fs.symlinkSync('a.py', path.join(dir, 'b.py')), { bad: 'a.py', expectReported: mode === 'named' }) },
    { name: 'dir-link-loop', make: (dir) => (write(path.join(dir, 'pkg', 'm.py'), GOOD), fs.symlinkSync('..', path.join(dir, 'pkg', 'up')), fs.symlinkSync('.', path.join(dir, 'pkg', 'self')), { bad: 'pkg', goods: ['pkg/m.py'] }) },
    { name: 'dir-link-to-root', make: (dir) => (mkdirp(path.join(dir, 'pkg')), fs.symlinkSync('/', path.join(dir, 'pkg', 'root')), { bad: 'pkg' }) },
    { name: 'unreadable.py', make: (dir) => (write(path.join(dir, 'unreadable.py'), GOOD), fs.chmodSync(path.join(dir, 'unreadable.py'), 0), IS_ROOT ? { bad: 'unreadable.py', goods: ['unreadable.py'] } : { bad: 'unreadable.py', expectReported: true }) },
    { name: 'unreadable-dir', make: (dir) => (write(path.join(dir, 'locked', 'm.py'), GOOD), fs.chmodSync(path.join(dir, 'locked'), 0), IS_ROOT ? { bad: 'locked', goods: ['locked/m.py'] } : { bad: 'locked', expectReported: true }) },
    { name: 'non-utf8-name', make: (dir) => hostile(dir, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x70, 0x79])) },
    { name: 'non-utf8-dir', make: (dir) => hostile(dir, Buffer.from([0x70, 0x6b, 0xff, 0x2f, 0x6d, 0x2e, 0x70, 0x79])) },
    { name: 'newline-name', make: (dir) => hostile(dir, Buffer.from('a\nb.py')) },
    { name: 'esc-name', make: (dir) => hostile(dir, Buffer.from('\x1b[2J\x1b]0;t\x07.py')) },
    { name: 'shell-name', make: (dir) => hostile(dir, Buffer.from(`a;b'c"d$(x)\`y\`.py`)) },
    { name: 'dash-name', make: (dir, mode) => hostile(dir, Buffer.from('--fix.py'), mode === 'named' ? './--fix.py' : undefined) },
    { name: 'gitignore-fifo', make: (dir) => (mkfifo(path.join(dir, '.gitignore')), { config: '.gitignore' }) },
    { name: 'gitignore-zero', make: (dir) => (fs.symlinkSync('/dev/zero', path.join(dir, '.gitignore')), { config: '.gitignore' }) },
    { name: 'gitignore-dir', make: (dir) => (mkdirp(path.join(dir, '.gitignore')), { config: '.gitignore' }) },
    { name: 'gitignore-huge', make: (dir) => (write(path.join(dir, '.gitignore'), Buffer.alloc(20 * 1024 * 1024, '*.txt\n')), { config: '.gitignore' }) },
    { name: 'nested-gitignore-fifo', make: (dir) => (write(path.join(dir, 'pkg', 'm.py'), GOOD), mkfifo(path.join(dir, 'pkg', '.gitignore')), { config: 'pkg/.gitignore', bad: 'pkg', goods: ['pkg/m.py'] }) },
    { name: 'pyproject-fifo', make: (dir) => (mkfifo(path.join(dir, 'pyproject.toml')), { config: 'pyproject.toml' }) },
    { name: 'pyproject-zero', make: (dir) => (fs.symlinkSync('/dev/zero', path.join(dir, 'pyproject.toml')), { config: 'pyproject.toml' }) },
    { name: 'pyproject-dir', make: (dir) => (mkdirp(path.join(dir, 'pyproject.toml')), { config: 'pyproject.toml' }) },
    { name: 'pyproject-bad-toml', make: (dir) => (write(path.join(dir, 'pyproject.toml'), '[tool.pyteam-lint\nselect = [PTL3\n'), { config: 'pyproject.toml' }) },
    { name: 'pyproject-bad-values', make: (dir) => (write(path.join(dir, 'pyproject.toml'), '[tool.pyteam-lint]\nselect = 7\nmax-file-size = "big"\nexclude = [1, {a = 2}]\n'), { config: 'pyproject.toml' }) },
    { name: 'pyproject-huge', make: (dir) => (write(path.join(dir, 'pyproject.toml'), `[project]\nname = "x"\ndescription = "${'a'.repeat(12 * 1024 * 1024)}"\n`), { config: 'pyproject.toml' }) },
    { name: 'pyproject-nul', make: (dir) => (write(path.join(dir, 'pyproject.toml'), '[tool.pyteam-lint]\0\n'), { config: 'pyproject.toml' }) },
    { name: 'pyteam-lint-toml-fifo', make: (dir) => (mkfifo(path.join(dir, 'pyteam-lint.toml')), { config: 'pyteam-lint.toml' }) },
    { name: 'nested-pyproject-fifo', make: (dir) => (write(path.join(dir, 'pkg', 'm.py'), GOOD), mkfifo(path.join(dir, 'pkg', 'pyproject.toml')), { config: 'pkg/pyproject.toml', bad: 'pkg', goods: ['pkg/m.py'] }) },
    { name: 'no-project-root', noRoot: true, make: (dir, mode) => (mode === 'named' ? { bad: '/etc/hostname' } : { bad: '.' }) },
    { name: 'proc-file', make: (dir, mode) => (mode === 'named' ? { bad: '/proc/self/status', expectReported: true } : (fs.symlinkSync('/proc/self/status', path.join(dir, 'status.py')), { bad: 'status.py' })) },
    { name: 'missing-path', only: 'named', make: () => ({ bad: 'typo_dir', expectReported: true }) },
    { name: 'stdin-zero', only: 'named', make: () => ({ stdinFile: '/dev/zero', noGood: true, expectStdin: true }) },
    { name: 'stdin-nul', only: 'named', make: () => ({ input: Buffer.from('x = 1\0\n'), noGood: true, expectStdin: true }) },
    { name: 'stdin-latin1', only: 'named', make: () => ({ input: Buffer.from('x = "caf\xe9"\n', 'latin1'), noGood: true, expectStdin: true }) },
    { name: 'config-arg-zero', only: 'named', make: () => ({ extraArgs: ['--config', '/dev/zero'], config: '/dev/zero' }) },
    { name: 'config-arg-fifo', only: 'named', make: (dir) => (mkfifo(path.join(dir, 'cfg.toml')), { extraArgs: ['--config', 'cfg.toml'], config: 'cfg.toml' }) },
  ];
  return kinds;
}

/** A file with a hostile name that holds a known finding (it must be reported). */
function hostile(dir, nameBuf, namedAs) {
  const slash = nameBuf.lastIndexOf(0x2f);
  if (slash >= 0) fs.mkdirSync(Buffer.concat([Buffer.from(`${dir}/`), nameBuf.subarray(0, slash)]), { recursive: true });
  fs.writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), nameBuf]), GOOD);
  return { badBytes: nameBuf, namedAs, goods: [nameBuf] };
}

function listen(file) {
  return new Promise((resolve, reject) => {
    const server = net.createServer((c) => c.end());
    server.on('error', reject);
    server.listen(file, () => resolve(server));
  });
}

async function runBad() {
  const cat = 'bad';
  const kinds = badKinds();
  const cases = [];
  for (const kind of kinds) for (const mode of ['named', 'walked']) if (!kind.only || kind.only === mode) cases.push({ kind, mode });
  if (IS_ROOT) note(cat, 'running as root: permission bits are not enforced, so the unreadable file and directory are read (checked as readable files)');
  await pool(cases, opts.jobs, async ({ kind, mode }, i) => {
    const where = `${kind.name} (${mode})`;
    const dir = path.join(WORK, 'bad', `${String(i).padStart(3, '0')}-${kind.name}-${mode}`);
    mkdirp(dir);
    if (!kind.noRoot) repoDir(dir);
    const spec = await kind.make(dir, mode);
    const goods = [];
    if (!spec.noGood) {
      write(path.join(dir, 'good.py'), GOOD);
      goods.push(Buffer.from('good.py'));
    }
    for (const g of spec.goods ?? []) goods.push(Buffer.isBuffer(g) ? g : Buffer.from(g));
    const args = ['--format', 'json', ...(spec.extraArgs ?? [])];
    let r;
    const runOpts = { cwd: dir, timeout: DEADLINE };
    let stdinFd;
    if (spec.stdinFile) {
      stdinFd = fs.openSync(spec.stdinFile, 'r');
      runOpts.stdin = stdinFd;
    } else if (spec.input) runOpts.input = spec.input;
    stats[cat].cases++;
    try {
      if (spec.expectStdin) r = await cli([...args, '-'], runOpts);
      else if (mode === 'walked') r = await cli([...args, '.'], runOpts);
      else if (spec.badBytes && !spec.namedAs) {
        // A name that is not UTF-8 cannot be passed as a JavaScript string: let the shell build it.
        const octal = [...spec.badBytes].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');
        r = await shell(`exec "$PTL_NODE" "$PTL_LAUNCHER" ${args.join(' ')} good.py "$(printf '${octal}')"`, runOpts);
      } else r = await cli([...args, 'good.py', ...(spec.namedAs ? [spec.namedAs] : spec.bad ? [spec.bad] : [])], runOpts);
    } finally {
      if (stdinFd !== undefined) fs.closeSync(stdinFd);
      spec.server?.close();
      // Leave the tree removable.
      for (const p of ['unreadable.py', 'locked']) if (fs.existsSync(path.join(dir, p))) fs.chmodSync(path.join(dir, p), 0o755);
    }
    const configRefusal = spec.config && r.code === 2 && !r.timedOut && r.stderr.trim().split('\n').length === 1 && r.stderr.includes(path.basename(spec.config));
    if (!judge(cat, where, r, { allow2: !!configRefusal })) return;
    if (configRefusal) {
      note(cat, `${where}: refused with exit 2: ${r.stderr.trim().slice(0, 160)}`);
      return;
    }
    const out = parseJson(r.stdout);
    if (!out) {
      fail(cat, 'crashes', where, `output is not JSON: ${r.stdout.slice(0, 200)} ${r.stderr.slice(0, 200)}`);
      return;
    }
    const reported = (nameBuf) => out.findings.some((f) => sameName(f.path, nameBuf)) || out.errors.some((e) => sameName(e.path, nameBuf));
    for (const g of goods) {
      if (!out.findings.some((f) => sameName(f.path, g) && f.code === 'PTL301')) fail(cat, 'lost', where, `${JSON.stringify(g.toString('latin1'))} not reported with its PTL301 (errors: ${JSON.stringify(out.errors).slice(0, 300)})`);
    }
    const badName = spec.badBytes ?? (spec.bad ? Buffer.from(spec.bad) : undefined);
    const absShown = (p) => spec.bad?.startsWith('/') && p.endsWith(spec.bad);
    if (spec.expectReported && badName && !reported(badName) && ![...out.errors, ...out.findings].some((e) => absShown(e.path))) {
      fail(cat, 'lost', where, `${spec.bad} neither linted with a finding nor reported as an error (summary ${JSON.stringify(out.summary)}, errors ${JSON.stringify(out.errors).slice(0, 200)})`);
    }
    if (spec.expectStdin && !out.errors.some((e) => /stdin|standard input/.test(`${e.path} ${e.message}`)) && !out.findings.length) fail(cat, 'lost', where, `standard input neither linted nor reported: ${r.stdout.slice(0, 200)}`);
    if (spec.expectCode && !out.findings.some((f) => sameName(f.path, badName) && f.code === spec.expectCode)) fail(cat, 'probeFail', where, `no ${spec.expectCode} on ${spec.bad} (findings: ${out.findings.filter((f) => sameName(f.path, badName)).map((f) => `${f.code}@${f.line}`).join(', ') || 'none'})`);
    if (spec.forbidCode && out.findings.some((f) => sameName(f.path, badName) && f.code === spec.forbidCode)) fail(cat, 'probeFail', where, `false ${spec.forbidCode} on ${spec.bad}: ${out.findings.find((f) => f.code === spec.forbidCode)?.message}`);
    if (r.ms > 10_000) note(cat, `${where}: took ${(r.ms / 1000).toFixed(1)} s`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
}

// ---------------------------------------------------------------------------------------------
// 2. Fuzzed files

const MARKER = 'import torch\n_battery = torch.load("m.pt")\n';

/** Mutations of a real file's bytes. */
function mutate(rand, bytes, other) {
  let b = Buffer.from(bytes);
  const insertAt = (buf, at, piece) => Buffer.concat([buf.subarray(0, at), Buffer.from(piece), buf.subarray(at)]);
  const lineStarts = (buf) => {
    const s = [0];
    for (let i = 0; i < buf.length; i++) if (buf[i] === 0x0a) s.push(i + 1);
    return s;
  };
  const ops = [
    () => {
      for (let k = 1 + rand.int(8); k > 0 && b.length; k--) b[rand.int(b.length)] ^= 1 << rand.int(8);
    },
    () => {
      b = b.subarray(0, rand.int(b.length + 1));
    },
    () => {
      b = Buffer.concat([b.subarray(0, rand.int(b.length + 1)), other.subarray(rand.int(other.length + 1))]);
    },
    () => {
      for (let k = 1 + rand.int(20); k > 0; k--) b = insertAt(b, rand.int(b.length + 1), rand.pick(['(', ')', '[', ']', '{', '}', '((', '))', '[[', '{{']));
    },
    () => {
      for (let k = 1 + rand.int(6); k > 0; k--) b = insertAt(b, rand.int(b.length + 1), rand.pick(['"', "'", '"""', "'''", 'f"', "rb'", '\\', '#', 'f"{', '}"', "'''\n"]));
    },
    () => {
      const starts = lineStarts(b);
      for (let k = 1 + rand.int(10); k > 0; k--) {
        const at = rand.pick(starts);
        b = insertAt(b, Math.min(at, b.length), rand.pick([' ', '\t', '    ', '  ', '        ', '\t    ']));
      }
    },
    () => {
      // dedent: drop a line's leading whitespace
      const starts = lineStarts(b);
      for (let k = 1 + rand.int(6); k > 0; k--) {
        const at = Math.min(rand.pick(starts), b.length);
        let end = at;
        while (end < b.length && (b[end] === 0x20 || b[end] === 0x09)) end++;
        b = Buffer.concat([b.subarray(0, at), b.subarray(end)]);
      }
    },
    () => {
      for (let k = 1 + rand.int(8); k > 0; k--) b = insertAt(b, rand.int(b.length + 1), rand.pick([' lambda ', ':', ' def ', 'async ', 'await ', '@', '**', ' if ', ' else ', '\nmatch x:\n    case _:\n', 'yield ', ';', ',', '=', ':=', '->', ' not ', '*', ' class ', 'return', '\\\n', 'global ']));
    },
    () => {
      // line endings: some \n become \r or \r\n
      const out = [];
      for (const c of b) {
        if (c === 0x0a && rand() < 0.3) out.push(...(rand() < 0.5 ? [0x0d] : [0x0d, 0x0a]));
        else out.push(c);
      }
      b = Buffer.from(out);
    },
    () => {
      const starts = lineStarts(b);
      const i = rand.int(starts.length);
      const j = Math.min(starts.length - 1, i + 1 + rand.int(30));
      const chunk = b.subarray(starts[i], starts[j]);
      b = rand() < 0.5 ? Buffer.concat([b.subarray(0, starts[j]), chunk, b.subarray(starts[j])]) : Buffer.concat([b.subarray(0, starts[i]), b.subarray(starts[j])]);
    },
    () => {
      for (let k = 1 + rand.int(4); k > 0; k--) b = insertAt(b, rand.int(b.length + 1), rand.pick([Buffer.from('\u2028'), Buffer.from('\ufeff'), Buffer.from('\u00a0'), Buffer.from('\u200b'), Buffer.from('\u202e'), Buffer.from('\u{1f600}'), Buffer.from([0x80]), Buffer.from([0xc3]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('\x0c'), Buffer.from('\x1b[2J')]));
    },
    () => {
      if (rand() < 0.2) b = insertAt(b, rand.int(b.length + 1), '\0');
    },
  ];
  for (let n = 1 + rand.int(3); n > 0; n--) rand.pick(ops)();
  // A file-wide suppression would hide everything: keep the mutations from forming one.
  return Buffer.from(b.toString('latin1').replace(/noqa/gi, 'n0qa').replace(/pyteam-lint/gi, 'pyteam-l1nt'), 'latin1');
}

/** The fuzzed files, generated batch by batch: [{ name, bytes, marked }]. */
function* fuzzBatches(total, perBatch, salt) {
  const files = realFiles();
  if (!files.length) throw new Error('no real Python files to fuzz (set BATTERY_REAL)');
  const rand = prng(seedOf(`fuzz${salt}`));
  const read = new Map();
  const load = (p) => {
    if (!read.has(p)) {
      if (read.size > 2000) read.clear();
      read.set(p, fs.readFileSync(p));
    }
    return read.get(p);
  };
  for (let made = 0, batch = 0; made < total; batch++) {
    const list = [];
    for (let k = 0; k < perBatch && made < total; k++, made++) {
      const src = rand.pick(files);
      const body = mutate(rand, load(src), load(rand.pick(files)));
      const marked = rand() < 0.9;
      list.push({ name: `f${String(made).padStart(5, '0')}.py`, bytes: marked ? Buffer.concat([Buffer.from(MARKER), body]) : body, marked, src });
    }
    yield { batch, list };
  }
}

async function runFuzz() {
  const cat = 'fuzz';
  const total = scaled(10_000);
  const perBatch = 250;
  let pyRejectNo001 = 0;
  let pyAcceptWith001 = 0;
  let ptl001 = 0;
  let bisects = 0;
  let missedSaved = 0;
  for (const { batch, list } of fuzzBatches(total, perBatch, '')) {
    const dir = repoDir(path.join(WORK, 'fuzz', `b${String(batch).padStart(3, '0')}`));
    for (const f of list) fs.writeFileSync(path.join(dir, f.name), f.bytes);
    stats[cat].cases += list.length;
    const where = `batch ${batch} (${list[0].name}..${list.at(-1).name})`;
    const r = await cli(['--format', 'json', '.'], { cwd: dir, timeout: DEADLINE * 4 });
    const ok = judge(cat, where, r);
    const out = ok ? parseJson(r.stdout) : undefined;
    if (ok && !out) fail(cat, 'crashes', where, `output is not JSON: ${r.stderr.slice(0, 300)}`);
    if (!out) {
      if (bisects++ < 3) await bisectFuzz(dir, list, where);
      fs.rmSync(dir, { recursive: true, force: true });
      continue;
    }
    const seen = new Set([...out.findings.map((f) => f.path), ...out.errors.map((e) => e.path)]);
    for (const e of out.errors) if (/^(internal error|could not be parsed)/.test(e.message)) fail(cat, 'crashes', `${e.path} (${where})`, `${e.message} — saved in ${saveRepro(`fuzz-crash-${e.path}`, { [e.path]: list.find((f) => f.name === e.path)?.bytes ?? '' })}`);
    for (const f of list) {
      if (f.marked && !seen.has(f.name)) fail(cat, 'lost', `${f.name} (${where})`, `neither a finding nor an error for a file that holds torch.load on line 2 (from ${f.src}) — saved in ${saveRepro(`fuzz-lost-${f.name}`, { [f.name]: f.bytes })}`);
    }
    if (out.summary?.files !== list.length) fail(cat, 'lost', where, `summary counts ${out.summary?.files} files of ${list.length}`);
    const with001 = new Set(out.findings.filter((f) => f.code === 'PTL001').map((f) => f.path));
    ptl001 += with001.size;
    const errored = new Set(out.errors.map((e) => e.path));
    for (const f of list) {
      if (with001.has(f.name) || errored.has(f.name) || !(await parserSeesError(f.bytes))) continue;
      const saved = missedSaved++ < 20 ? ` — saved in ${saveRepro(`fuzz-missed-PTL001-${f.name}`, { [f.name]: f.bytes })}` : '';
      fail(cat, 'probeFail', `${f.name} (${where})`, `missed syntax error: tree-sitter's own tree has an error, no PTL001 is reported (from ${f.src})${saved}`);
    }
    const py = pythonVerdicts(dir);
    if (py) for (const f of list) {
      if (py[f.name] === false && !with001.has(f.name) && !out.errors.some((e) => e.path === f.name)) pyRejectNo001++;
      if (py[f.name] === true && with001.has(f.name)) pyAcceptWith001++;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  note(cat, `${ptl001} of ${stats[cat].cases} fuzzed files got PTL001; probe failures here are missed syntax errors (the parser's own tree has an error, the tool reports no PTL001)`);
  if (PYTHON) note(cat, `informational, vs ${PYTHON}'s own parser: ${pyRejectNo001} files Python rejects have no PTL001 nor error (tree-sitter's grammar is more lenient than CPython's, e.g. Python 2 print), ${pyAcceptWith001} files Python accepts have PTL001`);
}

/** Narrows a batch that hung or crashed down to single files, saved for reproduction. */
async function bisectFuzz(dir, list, where) {
  const cat = 'fuzz';
  const bad = async (subset) => {
    const d = repoDir(path.join(WORK, 'bisect', sha(Buffer.from(subset.map((f) => f.name).join()))));
    for (const f of subset) fs.writeFileSync(path.join(d, f.name), f.bytes);
    const r = await cli(['--format', 'json', '.'], { cwd: d, timeout: DEADLINE * 2 });
    fs.rmSync(d, { recursive: true, force: true });
    return r.timedOut || r.signal || r.code === 2 || /internal error/.test(r.stderr) || parseJson(r.stdout) === undefined;
  };
  let current = list;
  for (let step = 0; current.length > 1 && step < 12; step++) {
    const half = current.slice(0, Math.ceil(current.length / 2));
    const rest = current.slice(half.length);
    if (await bad(half)) current = half;
    else if (await bad(rest)) current = rest;
    else break; // only the combination fails
  }
  const saved = saveRepro(`fuzz-${where}`, Object.fromEntries(current.map((f) => [f.name, f.bytes])));
  note(cat, `${where}: narrowed to ${current.length} file(s), saved in ${saved}`);
}

// ---------------------------------------------------------------------------------------------
// 3. Determinism

async function runDeterminism() {
  const cat = 'determinism';
  const tree = repoDir(path.join(WORK, 'det'));
  const sources = [...REAL_DIRS.filter((d) => /yolov5/.test(d)), path.join(REPO, 'fixtures')];
  for (const s of sources) copyTree(s, mkdirp(path.join(tree, path.basename(s))));
  const runs = [];
  const threads = [1, 2, 4, 8];
  for (const format of ['json', 'sarif']) {
    for (const t of threads) {
      runs.push({ format, t, cache: 'none' });
      runs.push({ format, t, cache: `cold-${format}-${t}` });
      runs.push({ format, t, cache: `cold-${format}-${t}`, warm: true });
    }
    for (const t of [2, 4, 8]) runs.push({ format, t, cache: `cold-${format}-1`, warm: true, shared: true });
  }
  for (const format of ['concise', 'brief']) for (const t of [1, 8]) runs.push({ format, t, cache: 'none' }, { format, t, cache: `cold-${format}-${t}` });
  const reference = {};
  let warmHits = 0;
  let rewrote = 0;
  for (const run of runs) {
    const where = `--format ${run.format} --threads ${run.t} ${run.cache === 'none' ? '--no-cache' : `${run.warm ? 'warm' : 'cold'} cache${run.shared ? ' (written by --threads 1)' : ''}`}`;
    const args = ['--format', run.format, '--threads', String(run.t), '.'];
    if (run.cache !== 'none') args.unshift('--cache-dir', path.join(WORK, 'det-cache', run.cache));
    stats[cat].cases++;
    const cacheDir = run.cache === 'none' ? undefined : path.join(WORK, 'det-cache', run.cache);
    const cacheBefore = run.warm ? snapshot(cacheDir, []) : undefined;
    const r = await cli(args, { cwd: tree, timeout: DEADLINE * 4, env: run.cache === 'none' ? {} : CACHED });
    if (cacheBefore) {
      const after = snapshot(cacheDir, []);
      if ([...after].some(([k, v]) => !cacheBefore.get(k)?.bytes?.equals(v.bytes ?? Buffer.alloc(0)))) rewrote++;
      else warmHits++;
    }
    if (!judge(cat, where, r, { text: run.format !== 'json' && run.format !== 'sarif' })) continue;
    const key = run.format;
    if (!reference[key]) reference[key] = { bytes: r.stdoutBytes, code: r.code, where };
    else if (!reference[key].bytes.equals(r.stdoutBytes) || reference[key].code !== r.code) {
      const a = saveRepro(`det-${key}-ref`, { 'out.txt': reference[key].bytes });
      const b = saveRepro(`det-${key}-${stats[cat].cases}`, { 'out.txt': r.stdoutBytes });
      fail(cat, 'nondet', where, `output differs from ${reference[key].where} (exit ${r.code} vs ${reference[key].code}); saved in ${a} and ${b}`);
    }
  }
  const summary = parseJson(reference.json?.bytes.toString('utf8') ?? '')?.summary;
  if (summary) note(cat, `tree: ${sources.map((s) => path.basename(s)).join(' + ')}: ${summary.files} files, ${summary.findings} findings; ${warmHits} warm runs read their cache without writing it${rewrote ? `, ${rewrote} wrote entries again` : ''}`);
}

// ---------------------------------------------------------------------------------------------
// 4. Fix safety

const SNIPPETS = [
  ['import torch', '', '', 'def _battery_load(p):', '    return torch.load(p)'],
  ['import yaml', '', '', 'def _battery_yaml(s):', '    return yaml.load(s)'],
  ['import pickle', 'import yaml', '', '', 'def _battery_both(s, f):', '    a = yaml.load(s, Loader=yaml.Loader)', '    return a, torch.load(f, map_location="cpu")'],
];

const eolOf = (buf) => {
  const s = buf.toString('latin1');
  const crlf = (s.match(/\r\n/g) ?? []).length;
  const cr = (s.match(/\r(?!\n)/g) ?? []).length;
  const lf = (s.match(/(?<!\r)\n/g) ?? []).length;
  const kinds = [crlf && 'crlf', cr && 'cr', lf && 'lf'].filter(Boolean);
  return kinds.length === 1 ? kinds[0] : kinds.length ? 'mixed' : 'none';
};
const hasBom = (buf) => buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
/** Whether the non-ASCII bytes of `before` survive, in order, in `after` (fixes insert ASCII). */
function nonAsciiKept(before, after) {
  let j = 0;
  for (const c of before) {
    if (c < 0x80) continue;
    while (j < after.length && after[j] !== c) j++;
    if (j++ >= after.length) return false;
  }
  return true;
}

/** A real repository copied and dressed: line endings, BOMs, modes, latin-1 cookies and injected fixable code. */
function dressedCopy(src, dest, rand) {
  copyTree(src, mkdirp(dest));
  repoDir(dest);
  let n = 0;
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && e.name !== '.git') walk(p);
      else if (e.isFile() && e.name.endsWith('.py')) {
        n++;
        let text = fs.readFileSync(p).toString('utf8').replace(/\r\n?/g, '\n');
        const ascii = !/[^\x00-\x7f]/.test(text);
        if (rand() < 0.5) text += `\n\n${rand.pick(SNIPPETS).join('\n')}\n`;
        const style = rand.pick(['lf', 'lf', 'crlf', 'cr', 'bom', 'latin1', 'exec', 'readonly']);
        let bytes;
        if (style === 'crlf') bytes = Buffer.from(text.replace(/\n/g, '\r\n'));
        else if (style === 'cr') bytes = Buffer.from(text.replace(/\n/g, '\r'));
        else if (style === 'bom') bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
        else if (style === 'latin1' && ascii) bytes = Buffer.from(`# -*- coding: latin-1 -*-\n_battery_name = "caf\xe9 \xfc"\n${text}`, 'latin1');
        else bytes = Buffer.from(text);
        fs.writeFileSync(p, bytes);
        if (style === 'exec') fs.chmodSync(p, 0o755);
        if (style === 'readonly') fs.chmodSync(p, 0o444);
      }
    }
  };
  walk(dest);
  return n;
}

async function lintJson(dir, where, cat, extra = []) {
  const r = await cli(['--format', 'json', ...extra, '.'], { cwd: dir, timeout: DEADLINE * 4 });
  if (!judge(cat, where, r)) return undefined;
  const out = parseJson(r.stdout);
  if (!out) fail(cat, 'crashes', where, `output is not JSON: ${r.stderr.slice(0, 200)}`);
  return out;
}

const fixArgs = (extra = []) => ['--fix', '--unsafe-fixes', '-q', '--format', 'json', ...extra, '.'];

/** The fix trials on one tree: parse status, encoding, BOM, endings, mode, read-only, leftovers, idempotence, concurrency. */
async function fixTrial(name, pristine, extra = [], { python = true } = {}) {
  const cat = 'fix';
  const before = await lintJson(pristine, `${name}: lint before`, cat, extra);
  if (!before) return;
  const syntax0 = new Set(before.findings.filter((f) => f.code === 'PTL001').map((f) => f.path));
  const py0 = python ? pythonVerdicts(pristine) : undefined;
  const snap0 = snapshot(pristine);
  const a = path.join(WORK, 'fixA', name);
  mkdirp(a);
  copyTree(pristine, a);
  const r1 = await cli(fixArgs(extra), { cwd: a, timeout: DEADLINE * 4 });
  if (!judge(cat, `${name}: --fix`, r1)) return;
  const snap1 = snapshot(a);
  const after = await lintJson(a, `${name}: lint after`, cat, extra);
  const py1 = python ? pythonVerdicts(a) : undefined;
  let changed = 0;
  for (const [rel, was] of snap0) {
    stats[cat].cases++;
    const now = snap1.get(rel);
    const where = `${name}/${rel}`;
    if (!now) {
      fail(cat, 'fixFail', where, 'file removed by --fix');
      continue;
    }
    if (was.special || now.special) continue;
    const differs = !was.bytes.equals(now.bytes);
    if (differs) changed++;
    if (now.mode !== was.mode) fail(cat, 'fixFail', where, `mode ${was.mode.toString(8)} became ${now.mode.toString(8)}`);
    if (!differs) continue;
    if ((was.mode & 0o222) === 0) fail(cat, 'fixFail', where, `a read-only (${was.mode.toString(8)}) file was rewritten`);
    if (hasBom(was.bytes) !== hasBom(now.bytes)) fail(cat, 'fixFail', where, `BOM ${hasBom(was.bytes) ? 'lost' : 'added'}`);
    const e0 = eolOf(was.bytes);
    const e1 = eolOf(now.bytes);
    if (e0 !== 'mixed' && e0 !== 'none' && e1 !== e0) fail(cat, 'fixFail', where, `line endings ${e0} became ${e1}`);
    if (!nonAsciiKept(was.bytes, now.bytes)) fail(cat, 'fixFail', where, 'non-ASCII bytes changed (encoding not preserved)');
    if (after && !syntax0.has(rel) && after.findings.some((f) => f.code === 'PTL001' && f.path === rel)) fail(cat, 'fixFail', where, `parsed before the fix, PTL001 after: ${after.findings.find((f) => f.code === 'PTL001' && f.path === rel).message.slice(0, 120)} — saved in ${saveRepro(`fix-parse-${name}-${rel}`, { 'before.py': was.bytes, 'after.py': now.bytes })}`);
    if (py0 && py1 && py0[rel] === true && py1[rel] === false) fail(cat, 'fixFail', where, `Python parsed it before the fix, not after — saved in ${saveRepro(`fix-py-${name}-${rel}`, { 'before.py': was.bytes, 'after.py': now.bytes })}`);
  }
  for (const rel of snap1.keys()) if (!snap0.has(rel)) fail(cat, 'fixFail', `${name}/${rel}`, 'a file left behind by --fix');
  // A second --fix changes nothing.
  const r2 = await cli(fixArgs(extra), { cwd: a, timeout: DEADLINE * 4 });
  if (judge(cat, `${name}: second --fix`, r2)) {
    const snap2 = snapshot(a);
    for (const [rel, v] of snap1) if (!v.special && !snap2.get(rel)?.bytes?.equals(v.bytes)) fail(cat, 'fixFail', `${name}/${rel}`, 'a second --fix changed it again (not idempotent)');
  }
  // Two concurrent runs, 0.2 s apart, give what one run gives.
  const b = path.join(WORK, 'fixB', name);
  mkdirp(b);
  copyTree(pristine, b);
  const first = cli(fixArgs(extra), { cwd: b, timeout: DEADLINE * 6 });
  await sleep(200);
  const second = cli(fixArgs(extra), { cwd: b, timeout: DEADLINE * 6 });
  const [c1, c2] = await Promise.all([first, second]);
  const ok1 = judge(cat, `${name}: concurrent --fix #1`, c1);
  const ok2 = judge(cat, `${name}: concurrent --fix #2`, c2);
  if (ok1 || ok2) {
    const snapB = snapshot(b);
    let differ = 0;
    for (const [rel, v] of snap1) {
      if (v.special) continue;
      if (!snapB.get(rel)?.bytes?.equals(v.bytes)) {
        if (differ++ < 3) saveRepro(`fix-concurrent-${name}-${rel}`, { 'one-run.py': v.bytes, 'two-runs.py': snapB.get(rel)?.bytes ?? '' });
        fail(cat, 'fixFail', `${name}/${rel}`, `two concurrent --fix runs left different bytes than one run${differ <= 3 ? ` — saved in ${REPORT}` : ''}`);
      }
    }
    for (const rel of snapB.keys()) if (!snap1.has(rel)) fail(cat, 'fixFail', `${name}/${rel}`, 'a file left behind by concurrent --fix runs');
  }
  note(cat, `${name}: ${snap0.size} files, ${changed} changed by --fix`);
  fs.rmSync(a, { recursive: true, force: true });
  fs.rmSync(b, { recursive: true, force: true });
}

/** An editor saving (atomic replace) during --fix: every file ends as a writer's version or a correct fix of one. */
async function editorTrial(trial) {
  const cat = 'fix';
  const rand = prng(seedOf(`editor${trial}`));
  const files = realFiles();
  const dir = repoDir(path.join(WORK, 'editor', `t${trial}`));
  const originals = new Map();
  const count = 150;
  for (let i = 0; i < count; i++) {
    const body = fs.readFileSync(rand.pick(files)).toString('utf8').replace(/\r\n?/g, '\n').replace(/noqa/gi, 'n0qa').replace(/pyteam-lint/gi, 'pyteam-l1nt');
    const text = `${i % 2 ? YAML : GOOD}\n${body}\n`;
    const name = `m${String(i).padStart(3, '0')}.py`;
    originals.set(name, Buffer.from(text));
    fs.writeFileSync(path.join(dir, name), text);
  }
  const select = ['--select', 'PTL301,PTL302'];
  // The correct fix of each original, from a quiet sequential run.
  const ref = path.join(WORK, 'editor', `ref${trial}`);
  mkdirp(ref);
  copyTree(dir, ref);
  const r0 = await cli(fixArgs(select), { cwd: ref, timeout: DEADLINE * 4 });
  if (!judge(cat, `editor trial ${trial}: reference fix`, r0)) return;
  const fixed = new Map([...originals.keys()].map((n) => [n, fs.readFileSync(path.join(ref, n))]));
  fs.rmSync(ref, { recursive: true, force: true });
  // The writer: another process saving files (write a temporary file, rename it over) until told to stop.
  const log = path.join(WORK, 'editor', `writer${trial}.json`);
  const writerSource = `
    const fs = require('node:fs'), path = require('node:path');
    const [dir, log, seed, names, perTick, pause] = [process.argv[1], process.argv[2], Number(process.argv[3]), JSON.parse(process.argv[4]), Number(process.argv[5]), Number(process.argv[6])];
    let s = seed >>> 0; const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
    const written = {}; let k = 0, stop = false;
    process.on('SIGTERM', () => { stop = true; });
    const originals = Object.fromEntries(names.map((n) => [n, fs.readFileSync(path.join(dir, n))]));
    const tick = () => {
      if (stop) { fs.writeFileSync(log, JSON.stringify(written)); process.exit(0); }
      for (let j = 0; j < perTick; j++) {
        const n = names[Math.floor(rand() * names.length)];
        k++;
        const tmp = path.join(dir, '.editor-' + n + '.swp');
        fs.writeFileSync(tmp, Buffer.concat([Buffer.from('# editor save ' + k + '\\n'), originals[n]]));
        fs.renameSync(tmp, path.join(dir, n));
        (written[n] ??= []).push(k);
      }
      setTimeout(tick, pause);
    };
    process.stdout.write('ready\\n');
    tick();
  `;
  const writer = spawn(process.execPath, ['-e', writerSource, dir, log, String(seedOf(`w${trial}`)), JSON.stringify([...originals.keys()]), ...[['3', '1'], ['1', '5'], ['1', '40']][trial % 3]], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  children.add(writer);
  await new Promise((r) => writer.stdout.once('data', r));
  const r = await cli(fixArgs(select), { cwd: dir, timeout: DEADLINE * 6 });
  writer.kill('SIGTERM');
  await new Promise((res) => writer.on('close', res));
  children.delete(writer);
  judge(cat, `editor trial ${trial}: --fix during saves`, r);
  const written = fs.existsSync(log) ? JSON.parse(fs.readFileSync(log, 'utf8')) : {};
  let saves = 0;
  for (const [name, orig] of originals) {
    stats[cat].cases++;
    const final = fs.readFileSync(path.join(dir, name));
    const ks = written[name] ?? [];
    saves += ks.length;
    const allowed = [orig, fixed.get(name)];
    for (const k of ks) {
      const prefix = Buffer.from(`# editor save ${k}\n`);
      allowed.push(Buffer.concat([prefix, orig]), Buffer.concat([prefix, fixed.get(name)]));
    }
    if (!allowed.some((a) => a.equals(final))) {
      const saved = saveRepro(`editor-${trial}-${name}`, { 'final.py': final, 'original.py': orig, 'fixed.py': fixed.get(name) });
      fail(cat, 'fixFail', `editor trial ${trial}/${name}`, `content is neither a save of the writer nor a correct fix of one (first line ${JSON.stringify(final.toString('utf8').split('\n')[0])}) — saved in ${saved}`);
    }
  }
  const leftovers = fs.readdirSync(dir).filter((f) => !originals.has(f) && f !== '.git' && !f.startsWith('.editor-'));
  for (const f of leftovers) fail(cat, 'fixFail', `editor trial ${trial}/${f}`, 'a file left behind by --fix');
  const notWritten = (r.stderr.match(/changed during the fix/g) ?? []).length;
  note(cat, `editor trial ${trial} (${['3 saves a millisecond', 'a save every 5 ms', 'a save every 40 ms'][trial % 3]}): ${count} files, ${saves} saves by the writer during the run, ${notWritten} files reported "changed during the fix"`);
  fs.rmSync(dir, { recursive: true, force: true });
}

async function runFix() {
  const rand = prng(seedOf('fix'));
  // Real repositories, dressed.
  const picks = REAL_DIRS.filter((d) => /^(serve|FastChat|yolov5)$/.test(path.basename(d)));
  for (const src of picks) {
    const name = path.basename(src);
    const pristine = path.join(WORK, 'fix-pristine', name);
    dressedCopy(src, pristine, rand);
    await fixTrial(name, pristine);
    fs.rmSync(pristine, { recursive: true, force: true });
  }
  // The issue's shape: 300 files, half torch.load and half yaml.load.
  const synth = repoDir(path.join(WORK, 'fix-pristine', 'synthetic'));
  for (let i = 0; i < 300; i++) write(path.join(synth, 'pkg', `m${String(i).padStart(3, '0')}.py`), i % 2 ? YAML : GOOD);
  await fixTrial('synthetic', synth);
  fs.rmSync(synth, { recursive: true, force: true });
  // Fuzzed files (each marked one holds a fixable torch.load).
  const fuzzTotal = scaled(500);
  for (const { batch, list } of fuzzBatches(fuzzTotal, 250, 'fix')) {
    const dir = repoDir(path.join(WORK, 'fix-pristine', `fuzz${batch}`));
    for (const f of list) fs.writeFileSync(path.join(dir, f.name), f.bytes);
    await fixTrial(`fuzz${batch}`, dir, [], { python: false });
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (let t = 0; t < 3; t++) await editorTrial(t);
}

// ---------------------------------------------------------------------------------------------
// 5. Cache

function cacheEntries(dir) {
  const root = path.join(dir, '.pyteam-lint-cache');
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.json')) out.push(p);
    }
  };
  if (fs.existsSync(root)) walk(root);
  return out;
}

/** The entry's JSON payload with findings emptied, header (if any) kept. */
function emptiedEntry(text) {
  const newline = text.indexOf('\n');
  const header = newline >= 0 && !text.startsWith('{') ? text.slice(0, newline + 1) : '';
  const entry = JSON.parse(header ? text.slice(newline + 1) : text);
  const target = entry.value ?? entry;
  if (!Array.isArray(target.findings) || target.findings.length === 0) return undefined;
  target.findings = [];
  return `${header}${JSON.stringify(entry)}`;
}

async function runCache() {
  const cat = 'cache';
  const rand = prng(seedOf('cache'));
  const tree = repoDir(path.join(WORK, 'cache-tree'));
  // A small project with cross-file facts (the demo pipeline) and many findings (two fixture sets).
  for (const sub of ['demo', 'python-security-reviewer', 'python-architect']) copyTree(path.join(REPO, 'fixtures', sub), mkdirp(path.join(tree, sub)));
  const baseline = await cli(['--format', 'json', '.'], { cwd: tree, timeout: DEADLINE * 4 });
  if (!judge(cat, 'uncached baseline', baseline)) return;
  const cold = await cli(['--format', 'json', '.'], { cwd: tree, env: CACHED, timeout: DEADLINE * 4 });
  if (!judge(cat, 'cold cache', cold)) return;
  stats[cat].cases++;
  if (cold.stdout !== baseline.stdout || cold.code !== baseline.code) fail(cat, 'cacheMismatch', 'cold cache', 'a run writing the cache differs from an uncached run');
  // One tree per worker, each with its own cold cache (entries are keyed by the tree's location:
  // a copied cache would never be read). Trials name entries by their index in the sorted list.
  const workers = [];
  for (let w = 0; w < opts.jobs; w++) {
    const t = w === 0 ? tree : path.join(WORK, `cache-tree-${w}`);
    if (w) {
      mkdirp(t);
      copyTree(tree, t);
      fs.rmSync(path.join(t, '.pyteam-lint-cache'), { recursive: true, force: true });
      const r = await cli(['--format', 'json', '.'], { cwd: t, env: CACHED, timeout: DEADLINE * 4 });
      if (!judge(cat, `cold cache (tree ${w})`, r)) return;
    }
    const cacheDir = path.join(t, '.pyteam-lint-cache');
    const entries = cacheEntries(t).map((f) => path.relative(cacheDir, f));
    const pristine = snapshot(cacheDir, []);
    const restore = () => {
      fs.rmSync(cacheDir, { recursive: true, force: true });
      for (const [rel, v] of pristine) if (!v.special) write(path.join(cacheDir, rel), v.bytes);
    };
    // The trials prove something only if a run reads the cache: an untouched cache must be used as is.
    restore();
    const before = snapshot(cacheDir, []);
    const hit = await cli(['--format', 'json', '.'], { cwd: t, env: CACHED, timeout: DEADLINE * 4 });
    const afterHit = snapshot(cacheDir, []);
    const rewritten = [...afterHit.keys()].filter((k) => !before.has(k) || !before.get(k).bytes?.equals(afterHit.get(k).bytes ?? Buffer.alloc(0)));
    if (!entries.length || rewritten.length || hit.stdout !== baseline.stdout) throw new Error(`the cache of tree ${w} is not read back (${entries.length} entries, ${rewritten.length} written again by a warm run); the corruption trials would prove nothing`);
    workers.push({ t, cacheDir, entries, pristine, restore });
  }
  const { entries } = workers[0];
  const short = (rel) => `${path.basename(rel).slice(0, 12)}…`;
  // A trial: what it does to one worker's cache (`e(i)` is the path of entry i there).
  const trials = [];
  const sizeOf = (w, rel) => w.pristine.get(rel).bytes.length;
  for (let i = 0; i < scaled(200); i++) {
    const k = rand.int(entries.length);
    const where = rand();
    const bit = rand.int(8);
    trials.push({ again: i % 8 === 0, describe: (w) => `bit ${bit} of byte ${Math.floor(where * sizeOf(w, w.entries[k]))} of entry ${k} (${short(w.entries[k])}) flipped`, apply: (w) => {
      const file = path.join(w.cacheDir, w.entries[k]);
      const b = fs.readFileSync(file);
      b[Math.floor(where * b.length)] ^= 1 << bit;
      fs.writeFileSync(file, b);
    } });
  }
  for (let i = 0; i < scaled(20); i++) {
    const k = rand.int(entries.length);
    const where = i === 0 ? 0 : rand();
    trials.push({ again: i % 4 === 0, describe: (w) => `entry ${k} (${short(w.entries[k])}) truncated to ${Math.floor(where * sizeOf(w, w.entries[k]))} bytes`, apply: (w) => fs.truncateSync(path.join(w.cacheDir, w.entries[k]), Math.floor(where * sizeOf(w, w.entries[k]))) });
  }
  const special = [
    ['a symbolic link to /dev/zero', 5, (f) => fs.symlinkSync('/dev/zero', f)],
    ['a FIFO', 5, (f) => mkfifo(f)],
    ['a directory', 2, (f) => mkdirp(f)],
    ['a dangling link', 2, (f) => fs.symlinkSync(path.join(WORK, 'nowhere'), f)],
    ['a link to /dev/urandom', 2, (f) => fs.symlinkSync('/dev/urandom', f)],
  ];
  for (const [what, n, make] of special) {
    for (let i = 0; i < n; i++) {
      const k = (i * 7 + what.length) % entries.length;
      trials.push({ again: true, describe: (w) => `entry ${k} (${short(w.entries[k])}) replaced by ${what}`, apply: (w) => (fs.rmSync(path.join(w.cacheDir, w.entries[k])), make(path.join(w.cacheDir, w.entries[k]))) });
    }
  }
  for (let i = 0, made = 0; i < entries.length && made < scaled(10); i++) {
    // Entries with findings in every worker's cache (the same files: the index may differ, so look by content).
    made++;
    trials.push({ again: true, describe: (w) => `findings: [] in entry with findings #${made} (header kept)`, apply: (w) => {
      let seen = 0;
      for (const rel of w.entries) {
        const edited = emptiedEntry(w.pristine.get(rel).bytes.toString('utf8'));
        if (edited && ++seen === made) return fs.writeFileSync(path.join(w.cacheDir, rel), edited);
      }
    } });
  }
  for (let i = 0; i < scaled(10); i++) {
    const from = rand.int(entries.length);
    const to = (from + 1 + rand.int(entries.length - 1)) % entries.length;
    trials.push({ again: i % 2 === 0, describe: (w) => `entry ${to} (${short(w.entries[to])}) overwritten with entry ${from}`, apply: (w) => fs.copyFileSync(path.join(w.cacheDir, w.entries[from]), path.join(w.cacheDir, w.entries[to])) });
  }
  const roots = [
    ['the cache directory is a regular file', (w) => (fs.rmSync(w.cacheDir, { recursive: true }), fs.writeFileSync(w.cacheDir, 'x'))],
    ['the cache directory is a link to /dev/zero', (w) => (fs.rmSync(w.cacheDir, { recursive: true }), fs.symlinkSync('/dev/zero', w.cacheDir))],
    ['the cache directory is a FIFO', (w) => (fs.rmSync(w.cacheDir, { recursive: true }), mkfifo(w.cacheDir))],
    ['the entries directory is a FIFO', (w) => {
      const v = fs.readdirSync(w.cacheDir).find((d) => /^v\d+$/.test(d));
      fs.rmSync(path.join(w.cacheDir, v), { recursive: true });
      mkfifo(path.join(w.cacheDir, v));
    }],
    ['CACHEDIR.TAG is a FIFO', (w) => (fs.rmSync(path.join(w.cacheDir, 'CACHEDIR.TAG'), { force: true }), mkfifo(path.join(w.cacheDir, 'CACHEDIR.TAG')))],
    ['every entry is a link to /dev/zero', (w) => {
      for (const rel of w.entries) (fs.rmSync(path.join(w.cacheDir, rel)), fs.symlinkSync('/dev/zero', path.join(w.cacheDir, rel)));
    }],
  ];
  for (const [where, apply] of roots) trials.push({ again: true, describe: () => where, apply, root: true });
  // Trial i runs on worker i mod N (a fixed assignment: the same seed gives the same cases).
  await Promise.all(workers.map(async (w, wi) => {
    for (let i = wi; i < trials.length; i += workers.length) {
      const trial = trials[i];
      const label = trial.describe(w);
      try {
        w.restore();
        trial.apply(w);
        for (let pass = 0; pass < (trial.again ? 2 : 1); pass++) {
          stats[cat].cases++;
          const where = `${label}${pass ? ' (the run after)' : ''}`;
          const r = await cli(['--format', 'json', '.'], { cwd: w.t, env: CACHED, timeout: DEADLINE });
          if (!judge(cat, where, r)) {
            if (r.timedOut) break;
            continue;
          }
          if (r.stdout !== baseline.stdout || r.code !== baseline.code) {
            const got = parseJson(r.stdout);
            const want = parseJson(baseline.stdout);
            fail(cat, 'cacheMismatch', where, got && want ? `findings ${got.summary?.findings} vs ${want.summary?.findings} uncached, errors ${got.summary?.errors} vs ${want.summary?.errors}${got.errors?.length ? `: ${got.errors[0].message}` : ''}` : `output not JSON (exit ${r.code}): ${r.stderr.slice(0, 200)}`);
          } else if (r.stderr && !trial.root) note(cat, `${where}: said ${JSON.stringify(r.stderr.slice(0, 120))}`);
        }
      } finally {
        // Leave the tree as the next trial expects it (a cache directory that is a file or link is removed).
        try {
          if (!fs.lstatSync(w.cacheDir).isDirectory()) fs.rmSync(w.cacheDir, { force: true });
        } catch {
          /* absent */
        }
      }
    }
  }));
  note(cat, `${entries.length} entries in each pristine cache (checked to be read back by a warm run); ${trials.length} corruptions on ${workers.length} copies of the tree`);
}

// ---------------------------------------------------------------------------------------------
// 6. Security probes

const SECRET = 'machine github.com login octocat password hunter2-secret\n';
const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n';
const MCP_WAIT = Math.min(15_000, DEADLINE); // how long a tool call may take to be answered
const LEAKS = /hunter2|OPENSSH|github\.com login|BATTERY_OUTSIDE_TOKEN/;

function probe(where, ok, detail) {
  stats.security.cases++;
  if (!ok) fail('security', 'probeFail', where, detail);
}

/** A newline-delimited JSON-RPC client of `pyteam-lint mcp`. */
class Mcp {
  constructor(cwd, env = {}, stdio = ['pipe', 'pipe', 'pipe']) {
    this.messages = [];
    this.stderr = '';
    this.buffer = '';
    this.nextId = 1;
    this.listeners = [];
    this.child = spawn(process.execPath, [LAUNCHER, 'mcp'], { cwd, env: { ...BASE_ENV, ...env }, stdio, detached: true });
    children.add(this.child);
    this.child.stdout?.on('data', (chunk) => {
      this.buffer += chunk.toString('utf8');
      let nl;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        const m = parseJson(line);
        this.messages.push(m ?? { unparsed: line });
      }
      for (const l of this.listeners) l();
    });
    this.child.stderr.on('data', (c) => (this.stderr += c.toString('utf8')));
    this.child.stdin?.on('error', () => undefined);
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    this.exited.then(() => children.delete(this.child));
  }
  send(m) {
    if (this.child.stdin?.writable) this.child.stdin.write(typeof m === 'string' ? m : `${JSON.stringify(m)}\n`);
  }
  post(method, params = {}) {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return id;
  }
  answer(id, timeout = 10_000) {
    return this.waitFor((m) => m && m.id === id && m.method === undefined, timeout);
  }
  request(method, params, timeout) {
    return this.answer(this.post(method, params), timeout);
  }
  call(name, args, timeout) {
    return this.request('tools/call', { name, arguments: args }, timeout);
  }
  waitFor(match, timeout) {
    return new Promise((resolve) => {
      const check = () => {
        const found = this.messages.find(match);
        if (found) {
          done();
          resolve(found);
        }
      };
      const timer = setTimeout(() => (done(), resolve(undefined)), timeout);
      const done = () => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
      };
      this.listeners.push(check);
      this.exited.then(() => setTimeout(check, 50));
      check();
    });
  }
  async initialize() {
    const r = await this.request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'battery', version: '0' } }, 20_000);
    this.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    return r;
  }
  running() {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
  kill() {
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

const textOf = (m) => (m?.result?.content ?? []).map((c) => c.text).join('\n');

let confinedCount = 0;
/** outer/{outside.py, secret.py, id_ed25519.py, up.py, dir/key.py} and outer/proj/ (the project) with links and special files. */
function confined() {
  const outer = mkdirp(path.join(WORK, 'sec', `mcp${confinedCount++}`));
  const proj = path.join(outer, 'proj');
  mkdirp(path.join(proj, 'src'));
  write(path.join(outer, 'outside.py'), `${GOOD}# BATTERY_OUTSIDE_TOKEN\n`);
  write(path.join(outer, 'secret.py'), SECRET);
  write(path.join(outer, 'id_ed25519.py'), KEY);
  write(path.join(outer, 'dir', 'key.py'), KEY);
  write(path.join(outer, 'up.py'), GOOD);
  write(path.join(proj, 'pyproject.toml'), '[tool.pyteam-lint]\n');
  write(path.join(proj, 'src', 'model_io.py'), GOOD);
  mkfifo(path.join(proj, 'src', 'pipe.py'));
  fs.symlinkSync('../../secret.py', path.join(proj, 'src', 'leak.py'));
  fs.symlinkSync('/dev/zero', path.join(proj, 'src', 'zero.py'));
  fs.symlinkSync('../../dir', path.join(proj, 'src', 'outdir'));
  return { outer, proj };
}

async function withMcp(where, cwd, fn, env = {}) {
  const c = new Mcp(cwd, env);
  try {
    const init = await c.initialize();
    if (!init?.result) {
      probe(where, false, `no answer to initialize; stderr ${c.stderr.slice(0, 200)}`);
      return;
    }
    await fn(c);
  } finally {
    if (NO_TRACE.test(c.stderr)) fail('security', 'traces', `${where} (mcp)`, firstTrace(c.stderr));
    c.kill();
  }
}

async function mcpProbes() {
  const { outer, proj } = confined();
  const refusals = [['../outside.py'], [path.join(outer, 'outside.py')], [path.join(outer, 'secret.py')], ['../id_ed25519.py'], ['src/leak.py'], ['src/outdir'], ['src/outdir/key.py'], ['..'], ['/'], ['src/model_io.py', '../outside.py']];
  for (const paths of refusals) {
    const where = `mcp lint_paths ${JSON.stringify(paths)}`;
    await withMcp(where, proj, async (c) => {
      const r = await c.call('lint_paths', { paths }, MCP_WAIT);
      const s = JSON.stringify(r ?? {});
      probe(where, r && !LEAKS.test(s) && (r.result?.isError || (r.result?.structuredContent?.findings ?? []).every((f) => !f.path.startsWith('..') && !path.isAbsolute(f.path) && !f.path.includes('outdir'))), r ? `answered without refusing or leaked: ${s.slice(0, 240)}` : `no answer within ${MCP_WAIT / 1000} s`);
    });
  }
  for (const [paths, what] of [[['/dev/zero'], '/dev/zero'], [['src/zero.py'], 'a link to /dev/zero'], [['src/pipe.py', 'src/model_io.py'], 'a FIFO'], [['src'], 'a directory holding a FIFO, a link to /dev/zero and links out']]) {
    const where = `mcp lint_paths on ${what}`;
    await withMcp(where, proj, async (c) => {
      const r = await c.call('lint_paths', { paths }, MCP_WAIT);
      const ping = await c.request('ping', {}, 5_000);
      const s = JSON.stringify(r ?? {});
      probe(where, r && ping && !LEAKS.test(s), !r ? `no answer within ${MCP_WAIT / 1000} s` : !ping ? 'no ping answer afterwards' : `leaked: ${s.slice(0, 200)}`);
    });
  }
  for (const filename of ['../up.py', '.', '..', path.join(outer, 'up.py'), 'src/leak.py']) {
    for (const tool of ['lint_source', 'verify_fix']) {
      const where = `mcp ${tool} filename ${JSON.stringify(filename)}`;
      await withMcp(where, proj, async (c) => {
        const args = tool === 'lint_source' ? { source: GOOD, filename } : { filename, original: GOOD, proposed: GOOD_FIXED };
        const r = await c.call(tool, args, MCP_WAIT);
        probe(where, r?.result?.isError === true && !LEAKS.test(JSON.stringify(r)), r ? `not refused: ${textOf(r).slice(0, 200)}` : `no answer within ${MCP_WAIT / 1000} s`);
      });
    }
  }
  await withMcp('mcp message over 10 MiB', proj, async (c) => {
    c.send(`{"jsonrpc":"2.0","id":"big-1","method":"tools/call","params":{"name":"lint_source","arguments":{"filename":"src/a.py","source":"${'x'.repeat(11 * 1024 * 1024)}"}}}\n`);
    const r = await c.answer('big-1', 20_000);
    const ping = await c.request('ping', {}, 5_000);
    probe('mcp message over 10 MiB', r?.error && ping?.result && c.running(), `answer ${JSON.stringify(r ?? null).slice(0, 160)}, ping ${JSON.stringify(ping ?? null)}, running ${c.running()}`);
  });
  await withMcp('mcp non-JSON line', proj, async (c) => {
    c.send('this is not json\n');
    const r = await c.waitFor((m) => m?.error?.code === -32700, 5_000);
    const ping = await c.request('ping', {}, 5_000);
    probe('mcp non-JSON line', r && ping?.result, `parse error reply ${JSON.stringify(r ?? null)}, ping ${JSON.stringify(ping ?? null)}`);
  });
  await withMcp('mcp JSON that is not a request', proj, async (c) => {
    c.send('{"hello": "world"}\n');
    const r = await c.waitFor((m) => m?.error?.code === -32600, 5_000);
    const ping = await c.request('ping', {}, 5_000);
    probe('mcp JSON that is not a request', r && ping?.result, `invalid request reply ${JSON.stringify(r ?? null)}, ping ${JSON.stringify(ping ?? null)}`);
  });
  // ping while a long lint runs
  const slow = repoDir(path.join(WORK, 'sec', 'slow'));
  let body = 'import queue\n\nimport torch\n\n';
  for (let j = 0; j < 1500; j++) body += `\ndef f${j}(q: queue.Queue, p):\n    x = q.get()\n    y = torch.load(p)\n    return [a * 2 for a in range(10) if a % 3] + [x, y]\n\n`;
  for (let i = 0; i < 10; i++) write(path.join(slow, 'pkg', `m${i}.py`), body);
  await withMcp('mcp ping during a long lint', slow, async (c) => {
    const lint = c.post('tools/call', { name: 'lint_paths', arguments: { paths: ['pkg'], max_findings: 1 } });
    await sleep(500);
    let worst = 0;
    let answered = 0;
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now();
      const p = await c.request('ping', {}, 5_000);
      if (p?.result) answered++;
      worst = Math.max(worst, Date.now() - t0);
      await sleep(200);
    }
    const stillRunning = !c.messages.some((m) => m?.id === lint);
    probe('mcp ping during a long lint', answered === 3 && worst < 1000, `${answered}/3 pings answered, slowest ${worst} ms (lint still running: ${stillRunning})`);
  });
  // lifetime
  {
    const c = new Mcp(proj);
    await c.initialize();
    c.child.stdin.end();
    const done = await Promise.race([c.exited, sleep(5_000).then(() => undefined)]);
    probe('mcp exits when stdin closes', done && done.code === 0, done ? `exit ${done.code} signal ${done.signal}` : 'still running 5 s after stdin closed');
    c.kill();
  }
  {
    const work = mkdirp(path.join(WORK, 'sec', 'orphan'));
    const pidFile = path.join(work, 'server.pid');
    const input = path.join(work, 'input');
    mkfifo(input);
    const launcher = [
      `const fd = require('node:fs').openSync(${JSON.stringify(input)}, 'r+');`,
      `const c = require('node:child_process').spawn(process.execPath, ${JSON.stringify([LAUNCHER, 'mcp'])}, { stdio: [fd, 'ignore', 'inherit'] });`,
      `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid));`,
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const parent = spawn(process.execPath, ['-e', launcher], { cwd: proj, stdio: ['ignore', 'ignore', 'pipe'], env: BASE_ENV });
    children.add(parent);
    let stderr = '';
    parent.stderr.on('data', (c) => (stderr += c.toString('utf8')));
    const t0 = Date.now();
    while (!fs.existsSync(pidFile) && Date.now() - t0 < 10_000) await sleep(50);
    await sleep(2_500);
    const server = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8')) : 0;
    parent.kill('SIGKILL');
    children.delete(parent);
    const killed = Date.now();
    const alive = () => {
      try {
        const stat = fs.readFileSync(`/proc/${server}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
      } catch {
        return false;
      }
    };
    while (server && alive() && Date.now() - killed < 6_000) await sleep(100);
    const orphaned = server && alive();
    probe('mcp exits when its parent dies', server && !orphaned, server ? `still running ${((Date.now() - killed) / 1000).toFixed(1)} s after its parent was killed` : 'did not start');
    if (orphaned) process.kill(server, 'SIGKILL');
  }
  {
    const c = new Mcp(proj);
    await c.initialize();
    c.child.stdout.destroy();
    await sleep(100);
    for (let i = 0; i < 5; i++) c.send({ jsonrpc: '2.0', id: 100 + i, method: 'tools/call', params: { name: 'list_rules', arguments: {} } });
    const done = await Promise.race([c.exited, sleep(10_000).then(() => undefined)]);
    probe('mcp stdout closed (EPIPE)', done && done.code === 0 && !NO_TRACE.test(c.stderr), done ? `exit ${done.code}; stderr ${c.stderr.slice(-200)}` : 'still running 10 s after its output closed');
    if (NO_TRACE.test(c.stderr)) fail('security', 'traces', 'mcp stdout closed (EPIPE)', firstTrace(c.stderr));
    c.kill();
  }
  if (fs.existsSync('/dev/full')) {
    const full = fs.openSync('/dev/full', 'w');
    const c = new Mcp(proj, {}, ['pipe', full, 'pipe']);
    fs.closeSync(full);
    c.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'battery', version: '0' } } });
    const done = await Promise.race([c.exited, sleep(10_000).then(() => undefined)]);
    probe('mcp stdout on a full disk', done && done.code === 2 && !NO_TRACE.test(c.stderr), done ? `exit ${done.code}; stderr ${c.stderr.slice(-200)}` : 'still running 10 s later');
    if (NO_TRACE.test(c.stderr)) fail('security', 'traces', 'mcp stdout on a full disk', firstTrace(c.stderr));
    c.kill();
  }
}

async function verifyProbes() {
  const outer = mkdirp(path.join(WORK, 'sec', 'verify'));
  const dir = repoDir(path.join(outer, 'proj'));
  const victimText = 'import torch\n\nstate = torch.load("model.pt")  # BATTERY_OUTSIDE_TOKEN\n';
  write(path.join(outer, 'outside', 'victim.py'), victimText);
  write(path.join(dir, 'own.py'), GOOD);
  fs.symlinkSync('../outside/victim.py', path.join(dir, 'link.py'));
  fs.symlinkSync('../outside', path.join(dir, 'linkdir'));
  const hunk = (minus, a, b) => `--- ${a}\n+++ ${b}\n@@ -1,3 +1,3 @@\n import torch\n \n-${minus}\n+state = torch.load("model.pt", weights_only=True)\n`;
  const right = 'state = torch.load("model.pt")  # BATTERY_OUTSIDE_TOKEN';
  const wrong = 'state = something_else()  # a wrong guess';
  const passwd = fs.existsSync('/etc/passwd') ? fs.readFileSync('/etc/passwd', 'utf8').split('\n') : [];
  const pairs = [
    ['a/../outside/victim.py', 'a/../outside/victim.py', 'b/../outside/victim.py', right, wrong],
    ['an absolute path', path.join(outer, 'outside', 'victim.py'), path.join(outer, 'outside', 'victim.py'), right, wrong],
    ['an in-tree link to an outside file', 'a/link.py', 'b/link.py', right, wrong],
    ['an in-tree directory link out', 'a/linkdir/victim.py', 'b/linkdir/victim.py', right, wrong],
    ['a/./../../etc/passwd', 'a/./../../etc/passwd', 'b/./../../etc/passwd', passwd[1] ?? 'x', 'nobody-here:x:0:0'],
  ];
  if (passwd.length >= 3) {
    const etc = (minus) => `--- /etc/passwd\n+++ /etc/passwd\n@@ -1,3 +1,3 @@\n ${passwd[0]}\n-${minus}\n+x\n ${passwd[2]}\n`;
    for (const format of ['text', 'json']) {
      write(path.join(dir, 'r.diff'), etc(passwd[1]));
      write(path.join(dir, 'w.diff'), etc('wrong:x:1:1::/:/bin/false'));
      const a = await cli(['verify', '--format', format, 'r.diff'], { cwd: dir });
      const b = await cli(['verify', '--format', format, 'w.diff'], { cwd: dir });
      judge('security', `verify /etc/passwd (${format})`, a, { allow2: true, text: true });
      judge('security', `verify /etc/passwd (${format})`, b, { allow2: true, text: true });
      probe(`verify /etc/passwd right vs wrong guess (${format})`, a.stdout === b.stdout && a.code === b.code && a.stderr === b.stderr, `the verdicts differ: ${JSON.stringify(a.stdout.slice(0, 120))} vs ${JSON.stringify(b.stdout.slice(0, 120))}`);
    }
  }
  for (const [what, from, to, r, w] of pairs) {
    for (const format of ['text', 'json']) {
      write(path.join(dir, 'r.diff'), hunk(r, from, to));
      write(path.join(dir, 'w.diff'), hunk(w, from, to));
      const a = await cli(['verify', '--format', format, 'r.diff'], { cwd: dir });
      const b = await cli(['verify', '--format', format, 'w.diff'], { cwd: dir });
      judge('security', `verify ${what} (${format})`, a, { allow2: true, text: true });
      judge('security', `verify ${what} (${format})`, b, { allow2: true, text: true });
      const accepted = format === 'json' ? parseJson(a.stdout)?.verdict === 'accepted' : /^Accepted/.test(a.stdout);
      const same = a.stdout === b.stdout && a.code === b.code && a.stderr === b.stderr;
      probe(`verify ${what}: right vs wrong guess (${format})`, same && !accepted && !LEAKS.test(a.stdout + a.stderr + b.stdout + b.stderr), !same ? `the verdicts differ (exit ${a.code} vs ${b.code}): ${JSON.stringify(a.stdout.slice(0, 140))} vs ${JSON.stringify(b.stdout.slice(0, 140))}` : accepted ? 'a patch outside the tree was accepted' : `the outside text was echoed: ${(a.stdout + a.stderr).slice(0, 160)}`);
    }
  }
  // A patch creating a file outside: nothing may be created, and it is not accepted.
  write(path.join(dir, 'new.diff'), '--- /dev/null\n+++ b/../outside/created.py\n@@ -0,0 +1 @@\n+x = 1\n');
  const created = await cli(['verify', 'new.diff'], { cwd: dir });
  judge('security', 'verify creating a file outside', created, { allow2: true, text: true });
  probe('verify creating a file outside', !fs.existsSync(path.join(outer, 'outside', 'created.py')) && !/^Accepted/.test(created.stdout), `exit ${created.code}: ${created.stdout.slice(0, 160)}`);
  // Patches that are not regular files.
  mkfifo(path.join(dir, 'fifo.diff'));
  const fifo = await cli(['verify', 'fifo.diff'], { cwd: dir, timeout: MCP_WAIT });
  probe('verify a FIFO patch', !fifo.timedOut && judge('security', 'verify a FIFO patch', fifo, { allow2: true, text: true }), fifo.why || `exit ${fifo.code}`);
  const zero = fs.openSync('/dev/zero', 'r');
  const endless = await cli(['verify', '-'], { cwd: dir, stdin: zero, timeout: MCP_WAIT });
  fs.closeSync(zero);
  probe('verify an endless patch on stdin', !endless.timedOut && judge('security', 'verify an endless patch on stdin', endless, { allow2: true, text: true }), endless.why || `exit ${endless.code}`);
}

async function fixLinkProbes() {
  const outer = mkdirp(path.join(WORK, 'sec', 'fixlinks'));
  const make = () => {
    fs.rmSync(outer, { recursive: true, force: true });
    const dir = repoDir(path.join(outer, 'proj'));
    write(path.join(outer, 'outside', 'victim.py'), GOOD);
    write(path.join(outer, 'outside', 'victim2.py'), YAML);
    write(path.join(outer, 'outside', 'victim3.py'), GOOD);
    write(path.join(outer, 'outside', 'lib', 'other.py'), GOOD);
    write(path.join(dir, 'pkg', 'own.py'), GOOD);
    fs.symlinkSync('../../outside/victim.py', path.join(dir, 'pkg', 'x.py'));
    fs.symlinkSync(path.join(outer, 'outside', 'victim2.py'), path.join(dir, 'pkg', 'abs.py'));
    fs.symlinkSync('../../outside/lib', path.join(dir, 'pkg', 'lib'));
    fs.linkSync(path.join(outer, 'outside', 'victim3.py'), path.join(dir, 'pkg', 'hard.py'));
    write(path.join(dir, 'ro.py'), GOOD);
    fs.chmodSync(path.join(dir, 'ro.py'), 0o444);
    return dir;
  };
  const outsideIntact = () =>
    fs.readFileSync(path.join(outer, 'outside', 'victim.py'), 'utf8') === GOOD &&
    fs.readFileSync(path.join(outer, 'outside', 'victim2.py'), 'utf8') === YAML &&
    fs.readFileSync(path.join(outer, 'outside', 'victim3.py'), 'utf8') === GOOD &&
    fs.readFileSync(path.join(outer, 'outside', 'lib', 'other.py'), 'utf8') === GOOD;
  for (const targets of [['pkg/'], ['.'], ['pkg/x.py'], ['pkg/abs.py'], ['pkg/lib'], ['pkg/lib/other.py'], ['pkg/hard.py']]) {
    const dir = make();
    const where = `--fix through links: ${targets.join(' ')}`;
    const r = await cli(['--fix', '--unsafe-fixes', '--format', 'concise', ...targets], { cwd: dir });
    judge('security', where, r, { text: true });
    const state = [fs.readFileSync(path.join(outer, 'outside', 'victim.py'), 'utf8'), fs.readFileSync(path.join(outer, 'outside', 'victim2.py'), 'utf8'), fs.readFileSync(path.join(outer, 'outside', 'victim3.py'), 'utf8'), fs.readFileSync(path.join(outer, 'outside', 'lib', 'other.py'), 'utf8')].map((t) => (t === GOOD || t === YAML ? 'intact' : 'REWRITTEN'));
    probe(where, outsideIntact(), `outside files victim/victim2/victim3/lib/other: ${state.join('/')}`);
    if (targets[0] === '.' || targets[0] === 'pkg/') probe(`${where}: the file inside is fixed`, fs.readFileSync(path.join(dir, 'pkg', 'own.py'), 'utf8') === GOOD_FIXED, 'pkg/own.py was not fixed');
    if (targets[0] === '.') probe('--fix leaves a read-only file alone', fs.readFileSync(path.join(dir, 'ro.py'), 'utf8') === GOOD && (fs.statSync(path.join(dir, 'ro.py')).mode & 0o777) === 0o444, `ro.py is now mode ${(fs.statSync(path.join(dir, 'ro.py')).mode & 0o777).toString(8)}, ${fs.readFileSync(path.join(dir, 'ro.py'), 'utf8') === GOOD ? 'unchanged' : 'rewritten'}`);
  }
  fs.rmSync(outer, { recursive: true, force: true });
}

/** CommonMark code spans of a Markdown text (their contents). */
function codeSpans(md) {
  const spans = [];
  const re = /(`+)/g;
  let m;
  while ((m = re.exec(md))) {
    const fence = m[1];
    const start = m.index + fence.length;
    let i = start;
    let close = -1;
    while (i < md.length) {
      const j = md.indexOf('`', i);
      if (j < 0) break;
      let k = j;
      while (md[k] === '`') k++;
      if (k - j === fence.length) {
        close = j;
        break;
      }
      i = k;
    }
    if (close < 0) continue;
    // Raw, as a user copying the text gets it (a rendered span would show a newline as a space).
    let content = md.slice(start, close);
    if (content.startsWith(' ') && content.endsWith(' ') && content.trim()) content = content.slice(1, -1);
    spans.push(content);
    re.lastIndex = close + fence.length;
  }
  return spans;
}

async function briefProbes() {
  const dir = repoDir(path.join(WORK, 'sec', 'brief'));
  const names = ['a;touch INJECTED1;b.py', '$(touch INJECTED2).py', '`touch INJECTED3`.py', "q'; touch INJECTED4; '.py", 'n\ntouch INJECTED5\n.py', 'p|touch INJECTED6|.py', 'r>INJECTED7.py', 'amp&&touch INJECTED8&&.py', 'd;touch INJECTED9;/m.py', 'bs\\$(touch INJECTED10)\\.py'];
  for (const n of names) write(path.join(dir, n), GOOD);
  write(path.join(dir, 'fence.py'), 'import torch\n\nstate = torch.load("""\n```\n## FORGED HEADING\n""")\n');
  const r = await cli(['--format', 'brief', '.'], { cwd: dir });
  judge('security', 'brief with hostile names', r, { text: true });
  // Paste every suggested command into a shell where pyteam-lint is a function recording its
  // arguments: no command may create a file, and each hostile name must arrive as one argument.
  const commands = codeSpans(r.stdout).filter((s) => /^pyteam-lint\s/.test(s) && !/PATCH\.diff/.test(s));
  const pristine = snapshot(dir);
  // The shadowing itself must work, or every paste would trivially "create nothing".
  const argvLog0 = path.join(WORK, 'sec', 'brief-argv0');
  await spawnFor('bash', ['-c', `pyteam-lint() { for a in "$@"; do printf '%s\\0' "$a"; done > "$ARGV_LOG"; }\npyteam-lint --x 'a b'`], { cwd: dir, timeout: 10_000, env: { ARGV_LOG: argvLog0 } });
  if (!fs.existsSync(argvLog0) || fs.readFileSync(argvLog0, 'utf8') !== '--x\0a b\0') throw new Error('the shell function standing in for pyteam-lint does not record its arguments');
  const created = new Set();
  const argvs = [];
  const sandbox = path.join(WORK, 'sec', 'brief-run');
  const argvLog = path.join(WORK, 'sec', 'brief-argv');
  for (const cmd of commands) {
    fs.rmSync(sandbox, { recursive: true, force: true });
    mkdirp(sandbox);
    copyTree(dir, sandbox);
    fs.rmSync(argvLog, { force: true });
    // bash: dash does not allow a '-' in a function name (and would then run nothing at all).
    const s = await spawnFor('bash', ['-c', `pyteam-lint() { for a in "$@"; do printf '%s\\0' "$a"; done > "$ARGV_LOG"; }\n${cmd}`], { cwd: sandbox, timeout: 10_000, env: { ARGV_LOG: argvLog } });
    if (s.timedOut) fail('security', 'hangs', `pasting ${JSON.stringify(cmd)}`, s.why);
    for (const rel of snapshot(sandbox).keys()) if (!pristine.has(rel)) created.add(`${rel} (by ${JSON.stringify(cmd)})`);
    if (fs.existsSync(argvLog)) argvs.push(fs.readFileSync(argvLog).toString('utf8').split('\0').slice(0, -1));
  }
  for (const n of names) {
    const k = /INJECTED\d+/.exec(n)[0];
    const injected = [...created].filter((c) => new RegExp(`(^|/)${k}(\\.py)?$`).test(c.split(' (by ')[0]));
    const passed = argvs.some((argv) => argv.some((a) => a === n || a === `./${n}`));
    probe(`brief command for ${JSON.stringify(n)}`, !injected.length && passed, injected.length ? `pasting created ${injected.join(', ')}` : `no suggested command passes ${JSON.stringify(n)} as one argument (commands: ${commands.length})`);
  }
  const others = [...created].filter((c) => !/INJECTED/.test(c));
  probe('brief commands create no other files', !others.length, `created ${others.join(', ')}`);
  // A code block cannot be broken out of.
  let inFence = '';
  let forged = false;
  for (const line of r.stdout.split('\n')) {
    const m = /^(`{3,}|~{3,})/.exec(line);
    if (m) {
      if (!inFence) inFence = m[1];
      else if (m[1][0] === inFence[0] && m[1].length >= inFence.length && line.trim() === m[1]) inFence = '';
      continue;
    }
    if (!inFence && /^## FORGED/.test(line)) forged = true;
  }
  probe('brief code block with ``` in the source', !forged, 'a "## FORGED HEADING" line from the source is outside any code block');
}

const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f\u202a-\u202e\u2066-\u2069]/;

async function controlProbes() {
  const sources = [
    ['ESC/BEL/CSI in a string literal on a finding line', 'lit.py', 'import torch\n\nstate = torch.load("\x1b]0;pwned\x07\x1b[2J\x1b[31m")\n'],
    ['ESC in a syntax error (echoed by PTL001)', 'syn.py', 'x = ("\x1b[2J\x1b]0;pwned\x07"\n'],
    ['C1 CSI and bidi controls in the source', 'c1.py', 'import torch\n\nstate = torch.load("\u009b2J \u202eevil\u202c")  # \u2066x\u2069\n'],
    ['ESC/BEL in a file name', '\x1b]0;pwned\x07\x1b[2J.py', GOOD],
    ['a newline in a file name forging a report line', 'x\nFORGED.py:1:1: PTL999 forged finding [x]\n.py', GOOD],
    ['a carriage return in a file name', 'y\rFORGED.py', GOOD],
  ];
  for (const [what, name, content] of sources) {
    const dir = repoDir(path.join(WORK, 'sec', `ctl${sha(Buffer.from(name))}`));
    write(path.join(dir, name), content);
    for (const format of ['full', 'concise', 'github', 'brief']) {
      const where = `${format}: ${what}`;
      const r = await cli(['--format', format, '--color', 'never', '.'], { cwd: dir });
      judge('security', where, r, { text: true });
      const out = r.stdout + r.stderr;
      const raw = RAW_CONTROL.exec(out);
      const forgedLine = out.split('\n').some((l) => /^FORGED/.test(l));
      probe(where, !raw && !forgedLine && !r.timedOut, raw ? `raw U+${raw[0].codePointAt(0).toString(16).padStart(4, '0')} in the output near ${JSON.stringify(out.slice(Math.max(0, raw.index - 30), raw.index + 10))}` : 'a forged report line');
    }
  }
  // Names in warnings and errors (stderr and error lines) are escaped too.
  const dir = repoDir(path.join(WORK, 'sec', 'ctl-warn'));
  write(path.join(dir, 'ro\x1b[2J.py'), GOOD);
  fs.chmodSync(path.join(dir, 'ro\x1b[2J.py'), 0o444);
  mkfifo(path.join(dir, 'pipe\x1b]0;t\x07.py'));
  for (const args of [['--fix', '--unsafe-fixes', '--format', 'concise', '.'], ['--format', 'full', '.']]) {
    const where = `${args.includes('--fix') ? '--fix warnings' : 'error lines'} with control characters in names`;
    const r = await cli(args, { cwd: dir });
    judge('security', where, r, { text: true });
    const raw = RAW_CONTROL.exec(r.stdout + r.stderr);
    probe(where, !raw, raw ? `raw U+${raw[0].codePointAt(0).toString(16).padStart(4, '0')} in ${JSON.stringify((r.stdout + r.stderr).slice(Math.max(0, raw.index - 40), raw.index + 10))}` : '');
  }
}

async function streamProbes() {
  const dir = repoDir(path.join(WORK, 'sec', 'streams'));
  for (let i = 0; i < 300; i++) write(path.join(dir, `m${i}.py`), GOOD);
  const piped = await shell('set -o pipefail; "$PTL_NODE" "$PTL_LAUNCHER" --format json . | true', { cwd: dir });
  judge('security', 'stdout closed early (| true)', piped);
  probe('stdout closed early (| true): quiet, usual exit status', piped.code === 1 && piped.stderr === '', `exit ${piped.code}, stderr ${JSON.stringify(piped.stderr.slice(0, 200))}`);
  const head = await shell('set -o pipefail; "$PTL_NODE" "$PTL_LAUNCHER" --format full . | head -c 100 > /dev/null', { cwd: dir });
  judge('security', 'stdout closed early (| head -c 100)', head);
  probe('stdout closed early (| head -c 100): quiet', head.stderr === '' && [0, 1].includes(head.code), `exit ${head.code}, stderr ${JSON.stringify(head.stderr.slice(0, 200))}`);
  if (fs.existsSync('/dev/full')) {
    const full = await shell('"$PTL_NODE" "$PTL_LAUNCHER" --format json . > /dev/full', { cwd: dir });
    judge('security', 'stdout on a full disk', full, { allow2: true });
    probe('stdout on a full disk: one message, exit 2', full.code === 2 && full.stderr.trim().split('\n').length === 1, `exit ${full.code}, stderr ${JSON.stringify(full.stderr.slice(0, 200))}`);
    const file = await cli(['--format', 'json', '-o', '/dev/full', '.'], { cwd: dir });
    judge('security', '-o /dev/full', file, { allow2: true });
    probe('-o /dev/full: one message, exit 2', file.code === 2 && file.stderr.trim().split('\n').length === 1, `exit ${file.code}, stderr ${JSON.stringify(file.stderr.slice(0, 200))}`);
  }
}

async function runSecurity() {
  await verifyProbes();
  await fixLinkProbes();
  await mcpProbes();
  await briefProbes();
  await controlProbes();
  await streamProbes();
}

// ---------------------------------------------------------------------------------------------
// Main

const RUNNERS = { bad: runBad, fuzz: runFuzz, determinism: runDeterminism, fix: runFix, cache: runCache, security: runSecurity };

process.stderr.write(`battery: testing ${LABEL}\nbattery: seed ${opts.seed}, scale ${opts.scale}, deadline ${opts.deadline} s, work dir ${WORK}${IS_ROOT ? ' (running as root)' : ''}\n`);
for (const c of CATEGORIES) {
  if (!opts.only.includes(c)) continue;
  const t0 = Date.now();
  currentCategory = c;
  process.stderr.write(`battery: ${TITLES[c]}…`);
  try {
    await RUNNERS[c]();
  } catch (error) {
    process.stderr.write(`\nbattery: the ${TITLES[c]} category could not complete: ${error?.stack ?? error}\n`);
    stats[c].aborted = String(error?.message ?? error);
  }
  stats[c].ran = true;
  stats[c].ms = Date.now() - t0;
  if (cliTime[c]) note(c, `${cliTime[c].runs} runs of the CLI, ${(cliTime[c].ms / cliTime[c].runs / 1000).toFixed(2)} s each on average`);
  const bad = COUNTERS.reduce((n, k) => n + stats[c][k], 0);
  process.stderr.write(` ${stats[c].cases} cases, ${bad} failures, ${(stats[c].ms / 1000).toFixed(0)} s\n`);
}

const ran = CATEGORIES.filter((c) => stats[c].ran);
const cols = ['cases', ...COUNTERS];
const head = ['category', 'cases', ...COUNTERS.map((k) => HEADINGS[k]), 'time'];
const rows = ran.map((c) => [TITLES[c] + (stats[c].aborted ? ' (aborted)' : ''), String(stats[c].cases), ...COUNTERS.map((k) => (MEASURES[c].includes(k) ? String(stats[c][k]) : '–')), `${(stats[c].ms / 1000).toFixed(0)} s`]);
const totals = ['**total**', String(ran.reduce((n, c) => n + stats[c].cases, 0)), ...COUNTERS.map((k) => String(ran.reduce((n, c) => n + stats[c][k], 0))), `${((Date.now() - started) / 1000).toFixed(0)} s`];
const line = (cells) => `| ${cells.join(' | ')} |`;
let table = `${line(head)}\n${line(head.map((h, i) => (i === 0 ? '---' : '---:')))}\n${rows.map(line).join('\n')}\n${line(totals)}\n`;
process.stdout.write(`\nBattery of ${LABEL} (seed ${opts.seed}, scale ${opts.scale}, deadline ${opts.deadline} s, node ${process.version}, ${os.cpus().length} cores${IS_ROOT ? ', as root' : ''}):\n\n${table}\n`);
process.stdout.write(
  [
    'Columns: crashes = exit 2 where no configuration error was expected, a signal, an "internal error" or output that is not the format asked for;',
    'stack traces = /\\n\\s+at .+:\\d+:\\d+/ in stdout or stderr; lost files = a file that must appear (good.py beside each bad input, a hostile-named',
    'file, a special file named or walked, each fuzzed file) is neither a finding nor an error, or the summary miscounts; hangs = no exit',
    `within the deadline (${opts.deadline} s a file, more for batches) or above 3 GiB resident; fix-safety failures = a file that parsed no longer does, lost its`,
    'BOM/endings/encoding/mode, a read-only file rewritten, a file left behind, a second --fix changing more, two concurrent runs differing',
    'from one, or content that is neither an editor save nor a correct fix of one; cache mismatches = a run over a corrupted cache whose',
    'output or exit status differs from the uncached run; probe failures = bad inputs: a wrong PTL001 verdict; fuzz: the parser\'s own tree',
    'has an error and no PTL001 is reported; security: a failed probe; non-identical outputs = determinism runs differing from the first of their format.',
    '',
  ].join('\n'),
);
for (const c of ran) for (const n of stats[c].notes) process.stdout.write(`- ${TITLES[c]}: ${n}\n`);
if (failures.length) {
  process.stdout.write(`\nFailures (${failures.length}${failures.length > 60 ? ', first 60 shown; all in --json' : ''}):\n`);
  for (const f of failures.slice(0, 60)) process.stdout.write(`- [${TITLES[f.category]}] ${f.counter}: ${f.where}: ${f.detail}\n`);
}
const total = COUNTERS.reduce((n, k) => n + ran.reduce((m, c) => m + stats[c][k], 0), 0);
const aborted = ran.filter((c) => stats[c].aborted);
const parts = COUNTERS.map((k) => [HEADINGS[k], ran.reduce((n, c) => n + stats[c][k], 0)]).filter(([, n]) => n);
const verdict = aborted.length
  ? `VERDICT: INCOMPLETE — ${aborted.map((c) => TITLES[c]).join(', ')} could not complete${parts.length ? `; ${parts.map(([h, n]) => `${h} ${n}`).join(', ')}` : ''}`
  : total === 0
    ? `VERDICT: PASS — ${totals[1]} cases, every counter 0 (${totals.at(-1)})`
    : `VERDICT: FAIL — ${parts.map(([h, n]) => `${h} ${n}`).join(', ')} in ${totals[1]} cases (${totals.at(-1)})`;
process.stdout.write(`\n${verdict}\n`);
if (opts.json) fs.writeFileSync(opts.json, JSON.stringify({ build: LABEL, seed: opts.seed, scale: opts.scale, deadline: opts.deadline, stats, failures, verdict }, null, 2));
const keepReport = failures.length > 0 && !opts.report;
if (keepReport) process.stdout.write(`Failing inputs are kept in ${REPORT}\n`);
if (!opts.keep) {
  for (const entry of fs.readdirSync(WORK)) if (!(keepReport && entry === 'report')) fs.rmSync(path.join(WORK, entry), { recursive: true, force: true });
  if (!keepReport) fs.rmSync(WORK, { recursive: true, force: true });
}
process.exitCode = aborted.length ? 2 : total === 0 ? 0 : 1;
