/**
 * Baselines, for adopting pyteam-lint on a legacy codebase: `--write-baseline` records today's
 * findings by code, path and fingerprint (never line numbers); `--baseline` reports only findings
 * beyond what was recorded. Counts matter: a file that gains a second identical finding reports it.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { fingerprintFindings } from './fingerprint.js';
const baselineSchema = z
    .object({
    version: z.literal(1),
    tool: z.string(),
    findings: z.array(z.object({ code: z.string(), path: z.string(), fingerprint: z.string(), count: z.number().int().positive() }).strict()),
})
    .strict();
function entryKey(code, path, fingerprint) {
    return `${code}\0${path}\0${fingerprint}`;
}
export function createBaseline(findings, sourceOf, pathOf) {
    const counts = new Map();
    for (const { finding, fingerprint } of fingerprintFindings(findings, sourceOf, pathOf)) {
        const path = pathOf(finding);
        const key = entryKey(finding.code, path, fingerprint);
        const entry = counts.get(key);
        if (entry)
            entry.count++;
        else
            counts.set(key, { code: finding.code, path, fingerprint, count: 1 });
    }
    const entries = [...counts.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : a.fingerprint < b.fingerprint ? -1 : 1));
    const doc = { version: 1, tool: 'pyteam-lint', findings: entries };
    return `${JSON.stringify(doc, null, 2)}\n`;
}
/** Reads a baseline file; the error message names the file and what is wrong. */
export function readBaseline(file) {
    let text;
    try {
        text = readFileSync(file, 'utf8');
    }
    catch (error) {
        return `cannot read ${file}: ${error.code ?? String(error)}`;
    }
    let data;
    try {
        data = JSON.parse(text);
    }
    catch {
        return `${file} is not JSON; write one with --write-baseline`;
    }
    const parsed = baselineSchema.safeParse(data);
    return parsed.success ? parsed.data : `${file} is not a pyteam-lint baseline (version 1); write one with --write-baseline`;
}
/** The findings not covered by the baseline (beyond each recorded count, later ones first reported). */
export function filterByBaseline(findings, baseline, sourceOf, pathOf) {
    const remaining = new Map();
    for (const e of baseline.findings)
        remaining.set(entryKey(e.code, e.path, e.fingerprint), e.count);
    const out = [];
    for (const { finding, fingerprint } of fingerprintFindings(findings, sourceOf, pathOf)) {
        const key = entryKey(finding.code, pathOf(finding), fingerprint);
        const left = remaining.get(key) ?? 0;
        if (left > 0)
            remaining.set(key, left - 1);
        else
            out.push(finding);
    }
    return out;
}
