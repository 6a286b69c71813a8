/**
 * The rule registry is the rules/ folder itself: `rules/<agent>/<name>.(ts|js)`, one rule per
 * file. From the sources (tests) the folder is read at start-up; the bundle (scripts/build.mjs)
 * lists the same folder at build time and hands the modules over through `useBundledRules`.
 * Either way, adding a rule touches no central list. Metadata is validated here so a malformed
 * rule fails loudly with its file named.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { AGENTS, SEVERITIES, TEST_CODE_POLICIES, type AnyRule } from '../rule.js';

/** src/engine → ../../rules in the sources (the bundle in dist/ has its rules built in). */
export const RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));

const metaSchema = z
  .object({
    code: z.string().regex(/^PTL\d{3}$/, 'codes are PTL + three digits'),
    name: z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'names are kebab-case'),
    agent: z.enum(AGENTS),
    severity: z.enum(SEVERITIES),
    enabledByDefault: z.boolean(),
    docs: z.object({
      summary: z.string().min(1),
      why: z.string().min(1),
      bad: z.string().min(1),
      good: z.string().min(1),
    }),
    options: z.custom<z.ZodType>((v) => v instanceof z.ZodType, 'options must be a zod schema'),
    messages: z.record(z.string(), z.string().min(1)),
    fixable: z.enum(['safe', 'unsafe']).optional(),
    testCode: z.enum(TEST_CODE_POLICIES).optional(),
    precision: z.enum(['very-high', 'high', 'medium', 'low']).optional(),
    security: z.object({ cwe: z.array(z.number().int().positive()).min(1), severity: z.number().min(0.1).max(10) }).strict().optional(),
    textTriggers: z.record(z.string(), z.instanceof(RegExp)).optional(),
    callees: z.array(z.string().regex(/^\*?[A-Za-z_]\w*$/, 'callee names are identifiers, or *Suffix')).min(1).optional(),
    create: z.function(),
    project: z.function().optional(),
  })
  .strict();

export interface LoadedRule {
  rule: AnyRule;
  file: string;
}

let cache: Promise<LoadedRule[]> | undefined;

/** Rule modules imported statically by a bundle entry, with their paths under the project root. */
let bundled: ReadonlyArray<readonly [file: string, module: unknown]> | undefined;

/** Called by the bundle entries before anything runs; `loadRules()` then reads no folder. */
export function useBundledRules(modules: ReadonlyArray<readonly [file: string, module: unknown]>): void {
  bundled = modules;
  cache = undefined;
}

/**
 * A hash of the running engine and rule code, so cached results never outlive a change to the
 * code that produced them (the version alone does not change between development builds).
 */
export function codeFingerprint(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // Bundled, scripts/build.mjs wrote this same hash of the bundle files beside them.
  const built = path.join(here, 'code-fingerprint');
  if (bundled && existsSync(built)) return readFileSync(built, 'utf8').trim();
  const hash = createHash('sha256');
  for (const dir of bundled ? [here] : [here, RULES_DIR]) {
    for (const entry of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
      if (!/\.(ts|js)$/.test(entry)) continue;
      hash.update(entry).update(readFileSync(path.join(dir, entry)));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/** `rules/<agent>/<name>.(ts|js)` under `dir`, sorted (scripts/build.mjs lists the bundle's rules alike). */
function ruleFiles(dir: string): string[] {
  const files: string[] = [];
  for (const agent of readdirSync(dir, { withFileTypes: true })) {
    if (!agent.isDirectory()) continue;
    for (const f of readdirSync(path.join(dir, agent.name))) {
      if (/\.(ts|js)$/.test(f) && !f.endsWith('.d.ts')) files.push(path.join(dir, agent.name, f));
    }
  }
  return files.sort();
}

export function loadRules(dir: string = RULES_DIR): Promise<LoadedRule[]> {
  const builtin = dir === RULES_DIR;
  if (builtin && cache) return cache;
  const loading = (async () => {
    const modules =
      builtin && bundled
        ? bundled
        : await Promise.all(ruleFiles(dir).map(async (file) => [file, ((await import(pathToFileURL(file).href)) as { default?: unknown })] as const));
    const loaded: LoadedRule[] = [];
    for (const [file, mod] of modules as ReadonlyArray<readonly [string, { default?: unknown }]>) {
      // jitless: each schema parses once per run, so compiling a fast path for it costs more than it saves.
      const parsed = metaSchema.safeParse(mod.default, { jitless: true });
      if (!parsed.success) {
        throw new Error(`invalid rule module ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      }
      loaded.push({ rule: mod.default as AnyRule, file });
    }
    loaded.sort((a, b) => a.rule.code.localeCompare(b.rule.code));
    const codes = new Set<string>();
    for (const { rule, file } of loaded) {
      if (codes.has(rule.code)) throw new Error(`duplicate rule code ${rule.code} in ${file}`);
      codes.add(rule.code);
    }
    return loaded;
  })();
  if (builtin) cache = loading;
  return loading;
}
