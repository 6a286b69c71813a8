// Builds dist/: three self-contained ES modules, dist/cli.js (the CLI), dist/worker.js (a lint
// worker thread) and dist/mcp-worker.js (the MCP server's tool thread). One file each, so a run loads two files instead of ~200 modules (our sources,
// zod, picomatch, ignore, chalk, smol-toml): most of a one-file run's start-up was module loading.
//
// The rules are imported statically by each entry, listed from rules/<agent>/<name>.ts here, so
// adding a rule still touches no central list. Left outside the bundle: web-tree-sitter and the
// grammar (they locate their .wasm files beside themselves) and the MCP SDK (loaded by
// `pyteam-lint mcp` only).
//
// usage: node scripts/build.mjs [OUTDIR]   (default dist; tests/bundle.test.ts builds elsewhere)
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outdir = path.resolve(root, process.argv[2] ?? 'dist');

const rules = readdirSync(path.join(root, 'rules'), { withFileTypes: true })
  .filter((agent) => agent.isDirectory())
  .flatMap((agent) => readdirSync(path.join(root, 'rules', agent.name)).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => `rules/${agent.name}/${f}`))
  .sort();

const registerRules = [
  `import { useBundledRules } from './src/engine/registry.ts';`,
  ...rules.map((file, i) => `import * as rule${i} from './${file}';`),
  `useBundledRules([${rules.map((file, i) => `[${JSON.stringify(file)}, rule${i}]`).join(', ')}]);`,
];

const entries = {
  // The engine API is exported too, for scripts/bench-child.mjs.
  cli: [
    ...registerRules,
    `export { main } from './src/cli/main.ts';`,
    `export { Linter } from './src/engine/lint.ts';`,
    `export { FileCache } from './src/engine/cache.ts';`,
    `export { loadRules } from './src/engine/registry.ts';`,
    `export { Discoverer, DEFAULT_EXCLUDES } from './src/cli/discover.ts';`,
  ],
  worker: [...registerRules, `import './src/engine/worker.ts';`],
  // The MCP server's tool thread: one per call, so a call can be stopped and never blocks `ping`.
  'mcp-worker': [...registerRules, `import './src/mcp/worker.ts';`],
};

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: Object.keys(entries).map((name) => ({ in: `entry:${name}`, out: name })),
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  splitting: true,
  target: 'node20',
  external: ['web-tree-sitter', 'tree-sitter-python', '@modelcontextprotocol/sdk'],
  // Bundled CommonJS packages (picomatch, ignore) call require() for Node built-ins.
  banner: { js: `import { createRequire as __pyteamCreateRequire } from 'node:module';\nconst require = __pyteamCreateRequire(import.meta.url);` },
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [
    {
      name: 'entries',
      setup(b) {
        b.onResolve({ filter: /^entry:/ }, (args) => ({ path: args.path.slice('entry:'.length), namespace: 'entry' }));
        b.onLoad({ filter: /.*/, namespace: 'entry' }, (args) => ({ contents: entries[args.path].join('\n'), resolveDir: root, loader: 'js' }));
      },
    },
  ],
});

// The cache salt, hashed here as codeFingerprint() would hash the bundle files, so a run does
// not read the whole bundle to compute it.
const fingerprint = createHash('sha256');
for (const file of readdirSync(outdir).filter((f) => f.endsWith('.js')).sort()) fingerprint.update(file).update(readFileSync(path.join(outdir, file)));
writeFileSync(path.join(outdir, 'code-fingerprint'), `${fingerprint.digest('hex').slice(0, 16)}\n`);
