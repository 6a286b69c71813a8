/**
 * The editor's settings for the server: the command line's rule selection, in an editor's words.
 * They arrive as initialization options, in `workspace/didChangeConfiguration` or as the answer to
 * `workspace/configuration` (section `pyteam-lint`), either bare or under a `pyteam-lint` key.
 * The project's own configuration still decides everything else; these only narrow or widen the
 * rules, as `--select`, `--extend-select`, `--ignore` and `--agent` do.
 */
import { z } from 'zod';
import { matchSelector } from '../cli/config.js';
import { UsageError } from '../cli/errors.js';
import { didYouMean } from '../cli/suggest.js';
import { AGENTS, type AnyRule } from '../rule.js';
import type { SetupOptions } from '../cli/setup.js';

export const SECTION = 'pyteam-lint';

const schema = z
  .object({
    select: z.array(z.string()).optional(),
    extendSelect: z.array(z.string()).optional(),
    ignore: z.array(z.string()).optional(),
    agent: z.enum(AGENTS).optional(),
  })
  .strict();

export type Settings = z.infer<typeof schema>;

const KEYS = Object.keys(schema.shape);

/**
 * The server's section of what a client sent: the value under `pyteam-lint`, or the object itself
 * (a client's settings for a server are its own); undefined when there are none — null, or an
 * empty object, which is what clients send when nothing is set, and keeps the settings as they are.
 */
export function sectionOf(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  if (SECTION in value) return (value as Record<string, unknown>)[SECTION];
  return Object.keys(value).length > 0 ? value : undefined;
}

/** Validated settings; a mistake throws a UsageError naming the setting and what it allows. */
export function parseSettings(value: unknown, rules: readonly AnyRule[]): Settings {
  if (value === undefined || value === null) return {};
  const parsed = schema.safeParse(value, { jitless: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0]!;
      throw new UsageError(`settings: unknown key '${SECTION}.${key}'${didYouMean(key, KEYS) || `; allowed keys: ${KEYS.join(', ')}`}`);
    }
    const where = issue.path.length > 0 ? `${SECTION}.${issue.path.map(String).join('.')}` : SECTION;
    throw new UsageError(`settings: '${where}': ${issue.message}`);
  }
  for (const key of ['select', 'extendSelect', 'ignore'] as const) {
    for (const selector of parsed.data[key] ?? []) matchSelector(selector, rules, `settings '${SECTION}.${key}'`);
  }
  return parsed.data;
}

/** The settings as options of a lint run's setup. */
export function setupOptions(settings: Settings): SetupOptions {
  return { select: settings.select, extendSelect: settings.extendSelect, ignore: settings.ignore, agent: settings.agent };
}
