/**
 * The shape of one file's result (`FileOutcome`) as a schema, so that what comes back from the
 * cache is checked to be a result before the engine uses it: a damaged or doctored entry is a miss,
 * never a crash deep in the reporting code. Typed against the interfaces it checks, so the two
 * cannot drift apart without the compiler saying so.
 */
import { z } from 'zod';
import type { FileOutcome } from './analyze.js';

const location = { line: z.number().int(), column: z.number().int(), endLine: z.number().int(), endColumn: z.number().int() };

const fix = z.object({
  title: z.string(),
  applicability: z.enum(['safe', 'unsafe']),
  edits: z.array(z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative(), text: z.string() })),
});

const finding = z.object({
  code: z.string(),
  name: z.string(),
  agent: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  path: z.string(),
  ...location,
  message: z.string(),
  fix: fix.nullable(),
});

const names = z.array(z.string());
const queues = z.array(z.union([z.number().int(), z.string()]));

const functionSummary = z.object({
  calls: names.optional(),
  async: z.literal(true).optional(),
  generator: z.literal(true).optional(),
  sigterm: z.literal(true).optional(),
  cuda: z.literal(true).optional(),
  evals: z.literal(true).optional(),
  loopPuts: queues.optional(),
  puts: queues.optional(),
});

const codes = z.union([names, z.literal('all')]);

const summary = z.object({
  path: z.string(),
  module: z.string(),
  isPackage: z.boolean(),
  test: z.boolean(),
  aliases: names,
  imports: z.record(z.string(), z.string()),
  classes: z.array(z.object({ name: z.string(), qname: z.string(), bases: names, metaclass: z.string().nullable(), location: z.object(location) })),
  processTargets: names,
  startMethods: names.optional(),
  functions: z.record(z.string(), functionSummary),
  suppressions: z.object({ lines: z.record(z.string(), codes), file: codes.nullable() }),
  records: z.record(z.string(), z.array(z.unknown())),
});

export const fileOutcomeSchema: z.ZodType<FileOutcome> = z.object({
  findings: z.array(finding),
  summary: summary.nullable(),
  errors: z.array(z.object({ path: z.string(), message: z.string(), internal: z.boolean().optional() })),
});

/** The outcome when `value` is one, else undefined. */
export function asFileOutcome(value: unknown): FileOutcome | undefined {
  const parsed = fileOutcomeSchema.safeParse(value, { jitless: true });
  return parsed.success ? parsed.data : undefined;
}
