/**
 * Baselines, for adopting pyteam-lint on a legacy codebase: `--write-baseline` records today's
 * findings by code, path and fingerprint (never line numbers); `--baseline` reports only findings
 * beyond what was recorded. Counts matter: a file that gains a second identical finding reports it.
 * Fingerprints are of the code (`codeOf`: a file's text, a notebook's code cells as one module, see
 * fingerprint.ts), so a notebook's baseline holds when its JSON is re-saved.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fingerprintFindings } from './fingerprint.js';
import type { Finding } from './lint.js';

const baselineSchema = z
  .object({
    version: z.literal(1),
    tool: z.string(),
    findings: z.array(z.object({ code: z.string(), path: z.string(), fingerprint: z.string(), count: z.number().int().positive() }).strict()),
  })
  .strict();

export type Baseline = z.infer<typeof baselineSchema>;

function entryKey(code: string, path: string, fingerprint: string): string {
  return `${code}\0${path}\0${fingerprint}`;
}

export function createBaseline(findings: readonly Finding[], codeOf: (p: string) => string | undefined, pathOf: (f: Finding) => string): string {
  const counts = new Map<string, Baseline['findings'][number]>();
  for (const { finding, fingerprint } of fingerprintFindings(findings, codeOf, pathOf)) {
    const path = pathOf(finding);
    const key = entryKey(finding.code, path, fingerprint);
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { code: finding.code, path, fingerprint, count: 1 });
  }
  const entries = [...counts.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : a.fingerprint < b.fingerprint ? -1 : 1));
  const doc: Baseline = { version: 1, tool: 'pyteam-lint', findings: entries };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Reads a baseline file; the error message names the file and what is wrong. */
export function readBaseline(file: string): Baseline | string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return `${file} is not JSON; write one with --write-baseline`;
  }
  const parsed = baselineSchema.safeParse(data);
  return parsed.success ? parsed.data : `${file} is not a pyteam-lint baseline (version 1); write one with --write-baseline`;
}

/** The findings not covered by the baseline (beyond each recorded count, later ones first reported). */
export function filterByBaseline(
  findings: readonly Finding[],
  baseline: Baseline,
  codeOf: (p: string) => string | undefined,
  pathOf: (f: Finding) => string,
): Finding[] {
  const remaining = new Map<string, number>();
  for (const e of baseline.findings) remaining.set(entryKey(e.code, e.path, e.fingerprint), e.count);
  const out: Finding[] = [];
  for (const { finding, fingerprint } of fingerprintFindings(findings, codeOf, pathOf)) {
    const key = entryKey(finding.code, pathOf(finding), fingerprint);
    const left = remaining.get(key) ?? 0;
    if (left > 0) remaining.set(key, left - 1);
    else out.push(finding);
  }
  return out;
}
