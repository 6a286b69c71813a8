// One measurement for scripts/bench.mjs, in its own process so peak RSS is its own.
// usage: node scripts/bench-child.mjs cold|warm|prime|parse|walk THREADS ROOT [CACHE_DIR]
import { Linter, FileCache, loadRules, Discoverer, DEFAULT_EXCLUDES } from '../dist/cli.js';

const [mode, threadsArg, root, cacheDir] = process.argv.slice(2);
const threads = Number(threadsArg);
const started = performance.now();
const rules = (await loadRules()).map((l) => l.rule).filter((r) => r.enabledByDefault);
const configured = rules.map((rule) => ({ rule, options: rule.options.parse({}), severity: rule.severity }));
const files = new Discoverer({ root, excludes: DEFAULT_EXCLUDES, respectGitignore: true, forceExclude: false }).discover([root]).files;
const cache = mode === 'warm' || mode === 'prime' ? FileCache.open(cacheDir, 'bench', (m) => console.error(m)) : undefined;
const linter = await Linter.create(configured, { threads, cache });
let findings = 0;
if (mode === 'parse' || mode === 'walk') await linter.floor(files, root, 5 * 1024 * 1024, mode);
else findings = (await linter.lint({ root, cwd: root, files, maxFileSize: 5 * 1024 * 1024 })).findings.length;
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, rssMB: process.resourceUsage().maxRSS / 1024, findings }));
