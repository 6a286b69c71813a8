import { z } from 'zod';
import { defineRule, type Fix, type ProjectReport } from '../../src/rule.js';
import type { AuditedDirective, SuppressionAudit } from '../../src/engine/suppressions.js';

const OWN_CODE = 'PTL002';
/** Codes that are pyteam-lint's to judge; any other code belongs to another tool (E501, S301, B614, F401…). */
const OURS = /^PTL/i;

/**
 * The known code a mistyped one was meant to be: the same after reading look-alike letters as
 * digits (`PTL3O1` → `PTL301`), else the only code one substitution, insertion, deletion or swap
 * of neighbours away (`PTL301x` → `PTL301`). `PTL901` is one edit from PTL001, PTL101, PTL201…:
 * no guess.
 */
function meantCode(code: string, known: readonly string[]): string | undefined {
  const digits = code.slice(0, 3) + code.slice(3).replace(/O/g, '0').replace(/[IL]/g, '1');
  if (known.includes(digits)) return digits;
  const near = known.filter((k) => withinOneEdit(code, k));
  return near.length === 1 ? near[0] : undefined;
}

function withinOneEdit(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    const rest = (k: number) => a.slice(k) === b.slice(k);
    return rest(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && rest(i + 2));
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const quote = (codes: readonly string[]) => codes.map((c) => `\`${c}\``).join(', ');

/** A fix whose edits are offsets into the file's text: project reports carry one the engine passes on. */
type FixableReport<M extends string> = ProjectReport<M> & { fix?: Fix };

/** `# noqa: A, B` with only `keep` left, in the directive's own spelling (its head and first separator). */
function rewritten(d: AuditedDirective, keep: readonly string[]): string {
  const head = /^#\s*(?:pyteam-lint\s*:\s*)?noqa\s*:\s*/i.exec(d.text)![0];
  const separator = /[\s,]+/.exec(d.text.slice(head.length))?.[0] ?? ', ';
  return head + keep.join(separator);
}

export default defineRule({
  code: OWN_CODE,
  name: 'unused-noqa',
  agent: 'python-quality-enforcer',
  severity: 'warning',
  enabledByDefault: true,
  fixable: 'safe',
  testCode: 'report',
  docs: {
    summary: 'A `# noqa: PTL…` names a pyteam-lint code that suppresses nothing there, or a code that does not exist.',
    why:
      'A suppression outlives the finding it was written for: the code is fixed or moved, the comment stays, and ' +
      'it silently hides the next real finding on that line. A mistyped code (`PTL3O1`, `PTL999`) suppresses ' +
      'nothing at all while looking like it does. Like Ruff\'s RUF100, this reports the codes of a line ' +
      '`# noqa: …` or a file-level `# pyteam-lint: noqa: …` that suppressed no finding in this run (unused), ' +
      'that no rule has (unknown), or that are written twice (duplicated); the safe fix removes them, and the ' +
      'whole directive when none is left, keeping the rest of the comment. Judged against the rules that run ' +
      'here: a code of a rule that is not selected, skips test files, or is in this file\'s per-file-ignores ' +
      'is left alone (it may be used where that rule runs: with `--select PTL002` alone, only unknown and ' +
      'duplicated codes are reported), and so is every code of another tool (`E501`, ' +
      '`S301`, `B614`, `F401`: only codes starting with `PTL` are pyteam-lint\'s to judge). A blanket `# noqa` ' +
      'or `# pyteam-lint: noqa` is left alone unless `report-blanket = true`: flake8, Ruff and pycodestyle read ' +
      'the same blanket comment, so a blanket that hides no pyteam-lint finding may still be needed, and a ' +
      'file-level blanket usually marks generated code; when reported, it gets no fix, since a rule off in this ' +
      'run (or in `--fix`, which runs only the fixable ones) may need it. `external` lists further code prefixes never to ' +
      'judge, such as codes of a newer pyteam-lint or a fork (`external = ["PTL9"]`). A directive that names ' +
      '`PTL002` itself is not judged; `# pyteam-lint: noqa: PTL002` exempts its file. Not run with ' +
      '`--ignore-noqa`. Reported in test code too: a stale suppression in a test hides findings just the same.',
    bad: 'import torch\n\nstate = torch.load(path, weights_only=True)  # noqa: PTL3O1\n',
    good: 'import torch\n\nstate = torch.load(path, weights_only=True)\nurl = "https://example.com/a/very/long/path"  # noqa: E501\n',
  },
  options: z
    .object({
      external: z
        .array(z.string().regex(/^[A-Za-z]+[0-9]*$/, 'a code prefix: letters, optionally followed by digits'))
        .default([])
        .describe('code prefixes never reported as unused or unknown (codes not starting with PTL never are)'),
      'report-blanket': z
        .boolean()
        .default(false)
        .describe('also report a blanket `# noqa` (or `# pyteam-lint: noqa`) that suppressed no finding, without a fix'),
    })
    .strict(),
  messages: {
    unusedCodes: 'unused `noqa` directive ({{details}}): these codes suppress nothing here; remove them so they cannot hide a future finding on this line',
    unusedFileCodes: 'unused file-level `pyteam-lint: noqa` ({{details}}): these codes suppress nothing in this file; remove them so they cannot hide future findings',
    unusedBlanket: 'blanket `noqa` directive suppresses no pyteam-lint finding on this line; remove it if no other tool needs it, or name its codes',
    unusedFileBlanket: 'file-level `pyteam-lint: noqa` suppresses no finding in this file; remove it unless the file is meant to stay unlinted',
  },
  create() {
    return {};
  },
  project(ctx) {
    const external = ctx.options.external.map((p) => p.toUpperCase());
    const judged = (code: string): boolean => OURS.test(code) && !external.some((p) => code.startsWith(p));
    for (const { path, data } of ctx.records()) {
      const { directives, knownCodes } = data as SuppressionAudit;
      const at = (d: AuditedDirective) => ({ line: d.line, column: d.column, endLine: d.line, endColumn: d.endColumn });
      const namesOwn = (d: AuditedDirective) => d.codes?.some((c) => c.toUpperCase() === OWN_CODE) ?? false;
      if (directives.some((d) => d.scope === 'file' && namesOwn(d))) continue;
      // Under a file-level blanket everything is suppressed already: only that blanket is judged.
      const fileBlanket = directives.find((d) => d.scope === 'file' && d.codes === null);
      for (const d of fileBlanket ? [fileBlanket] : directives) {
        if (d.audit === null) {
          if (d.matched || !ctx.options['report-blanket']) continue;
          ctx.report({ path, location: at(d), messageId: d.scope === 'file' ? 'unusedFileBlanket' : 'unusedBlanket' });
          continue;
        }
        if (namesOwn(d)) continue;
        const unused: string[] = [];
        const unknown: string[] = [];
        const duplicated: string[] = [];
        const keep: string[] = [];
        const seen = new Set<string>();
        for (const { code, matched, rule } of d.audit) {
          const upper = code.toUpperCase();
          const ours = judged(upper);
          if (seen.has(upper) && ours) duplicated.push(code);
          else if (!ours || matched || rule === 'disabled') keep.push(code);
          else if (rule === 'unknown') unknown.push(code);
          else unused.push(code);
          seen.add(upper);
        }
        if (unused.length + unknown.length + duplicated.length === 0) continue;
        const details = [
          ...(unused.length > 0 ? [`unused: ${quote(unused)}`] : []),
          ...(unknown.length > 0
            ? [
                `unknown: ${unknown
                  .map((c) => {
                    const meant = meantCode(c.toUpperCase(), knownCodes);
                    return meant ? `\`${c}\` (did you mean \`${meant}\`?)` : `\`${c}\``;
                  })
                  .join(', ')}`,
              ]
            : []),
          ...(duplicated.length > 0 ? [`duplicated: ${quote(duplicated)}`] : []),
        ].join('; ');
        const removed = [...unused, ...unknown, ...duplicated];
        const fix: Fix =
          keep.length === 0
            ? { title: `Remove the unused \`noqa\` directive (${quote(removed)})`, applicability: 'safe', edits: [d.removal] }
            : { title: `Remove ${quote(removed)} from the \`noqa\` directive`, applicability: 'safe', edits: [{ start: d.start, end: d.end, text: rewritten(d, keep) }] };
        const finding: FixableReport<'unusedCodes' | 'unusedFileCodes'> = {
          path,
          location: at(d),
          messageId: d.scope === 'file' ? 'unusedFileCodes' : 'unusedCodes',
          data: { details },
          fix,
        };
        ctx.report(finding);
      }
    }
  },
});
