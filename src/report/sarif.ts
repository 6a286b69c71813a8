/**
 * SARIF 2.1.0, filled the way GitHub code scanning reads it: one run, every enabled rule with its
 * help, results located relative to %SRCROOT% with UTF-16 columns (what web-tree-sitter reports),
 * our own line-independent partialFingerprints, fixes, and notifications for files not checked.
 * A run holds at most GITHUB_RESULT_LIMIT results, as GitHub accepts no more (see `capResults`).
 * A notebook finding's region is in the `.ipynb` file's own text (its JSON lines, which is what code
 * scanning shows and fixes replace), its message names the cell and `properties.cell` carries it.
 */
import { pathToFileURL } from 'node:url';
import { fingerprintFindings } from '../engine/fingerprint.js';
import { fileLocation } from '../engine/notebook.js';
import { LineIndex } from '../engine/source.js';
import type { Finding } from '../engine/lint.js';
import type { AnyRule } from '../rule.js';
import { codeTextOf, withCell } from './cells.js';
import { fromSourceRoot, toUriReference } from './paths.js';
import type { RunReport } from './types.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/**
 * GitHub code scanning rejects a SARIF upload with more than this many results in a run (a hard
 * limit), so a run never carries more.
 */
export const GITHUB_RESULT_LIMIT = 25_000;
/**
 * Of an accepted run, GitHub stores and shows only this many results, "the top 5,000 ... prioritized
 * by severity" (a soft limit: the upload still succeeds).
 */
export const GITHUB_DISPLAY_LIMIT = 5_000;

/**
 * The warning for a run of `results` findings, or null when GitHub takes them all: past the
 * hard limit the SARIF keeps GITHUB_RESULT_LIMIT of them (and notes the rest in the run), past
 * the soft limit GitHub shows only the most severe GITHUB_DISPLAY_LIMIT.
 */
export function sarifCapWarning(results: number): string | null {
  const n = (x: number) => String(x).replace(/\B(?=(\d{3})+$)/g, ',');
  if (results > GITHUB_RESULT_LIMIT) {
    return (
      `${n(results)} results; GitHub code scanning rejects a SARIF run with more than ${n(GITHUB_RESULT_LIMIT)}, ` +
      `so the SARIF keeps the ${n(GITHUB_RESULT_LIMIT)} most severe and leaves out ${n(results - GITHUB_RESULT_LIMIT)} ` +
      `(GitHub then shows only the top ${n(GITHUB_DISPLAY_LIMIT)}, by severity)`
    );
  }
  if (results > GITHUB_DISPLAY_LIMIT) {
    return `${n(results)} results; GitHub code scanning shows only the top ${n(GITHUB_DISPLAY_LIMIT)} of a SARIF run, by severity`;
  }
  return null;
}

const LEVELS = { error: 'error', warning: 'warning', info: 'note' } as const;

function helpMarkdown(rule: AnyRule): string {
  return [
    `**${rule.code} ${rule.name}** — owned by \`${rule.agent}\``,
    '',
    rule.docs.summary,
    '',
    '### Why is this bad?',
    rule.docs.why,
    '',
    '### Example',
    '```python',
    rule.docs.bad.trimEnd(),
    '```',
    '',
    '### Use instead',
    '```python',
    rule.docs.good.trimEnd(),
    '```',
  ].join('\n');
}

function helpText(rule: AnyRule): string {
  return `${rule.docs.summary}\n\nWhy is this bad?\n${rule.docs.why}\n\nExample:\n${rule.docs.bad}\nUse instead:\n${rule.docs.good}`;
}

function ruleDescriptor(rule: AnyRule): Record<string, unknown> {
  const tags: string[] = [rule.agent];
  if (rule.security) tags.push('security', ...rule.security.cwe.map((c) => `external/cwe/cwe-${String(c).padStart(3, '0')}`));
  const properties: Record<string, unknown> = { tags, precision: rule.precision ?? 'high' };
  if (rule.security) properties['security-severity'] = rule.security.severity.toFixed(1);
  return {
    id: rule.code,
    name: rule.name,
    shortDescription: { text: rule.docs.summary },
    fullDescription: { text: rule.docs.why },
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    defaultConfiguration: { level: LEVELS[rule.severity] },
    properties,
  };
}

/** Results ranked for the cap, most severe first: `error`, then `warning`, then `note`. */
const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * The items a capped run keeps, in their original order, and how many it leaves out. GitHub
 * shows "the top 5,000 results, prioritized by severity", so the cap ranks by the same measure:
 * `rank` gives [level rank (lower is more severe), security-severity (higher is more severe)];
 * among equals the earlier item (report order: path, line, column, code) wins. Deterministic:
 * the same findings keep the same results.
 */
export function capResults<T>(items: readonly T[], rank: (item: T) => readonly [number, number], limit: number): { kept: T[]; omitted: number } {
  if (items.length <= limit) return { kept: [...items], omitted: 0 };
  const ranks = items.map(rank);
  const order = items.map((_, i) => i).sort((a, b) => ranks[a]![0] - ranks[b]![0] || ranks[b]![1] - ranks[a]![1] || a - b);
  const keep = new Uint8Array(items.length);
  for (const i of order.slice(0, limit)) keep[i] = 1;
  return { kept: items.filter((_, i) => keep[i] === 1), omitted: items.length - limit };
}

export interface SarifOptions {
  /** `automationDetails.id`, so several runs (monorepo parts) can be uploaded side by side. */
  category?: string | undefined;
}

export function renderSarif(report: RunReport, options: SarifOptions = {}): string {
  const rules = [...report.rules];
  const indexOf = new Map(rules.map((r, i) => [r.code, i]));
  const artifact = (shown: string) => ({ uri: toUriReference(fromSourceRoot(shown, report.cwd, report.srcRoot)), uriBaseId: '%SRCROOT%' });
  const lineIndexes = new Map<string, LineIndex | null>();
  const lineIndex = (shown: string): LineIndex | null => {
    if (!lineIndexes.has(shown)) {
      const text = report.sourceOf(shown);
      lineIndexes.set(shown, text === undefined ? null : new LineIndex(text));
    }
    return lineIndexes.get(shown)!;
  };
  const fixesOf = (f: Finding): unknown[] | undefined => {
    const lines = f.fix ? lineIndex(f.path) : null;
    if (!f.fix || !lines) return undefined;
    return [
      {
        description: { text: `${f.fix.title} (${f.fix.applicability} fix)` },
        artifactChanges: [
          {
            artifactLocation: artifact(f.path),
            replacements: f.fix.edits.map((e) => {
              const loc = lines.locate(e.start, e.end);
              return {
                deletedRegion: { startLine: loc.line, startColumn: loc.column, endLine: loc.endLine, endColumn: loc.endColumn },
                insertedContent: { text: e.text },
              };
            }),
          },
        ],
      },
    ];
  };

  // Fingerprints over every finding, before the cap: an occurrence number must not depend on
  // which of its twins were left out.
  const fingerprinted = fingerprintFindings(report.findings, codeTextOf(report), (f) => fromSourceRoot(f.path, report.cwd, report.srcRoot));
  const rulesByCode = new Map(rules.map((r) => [r.code, r]));
  const { kept, omitted } = capResults(fingerprinted, ({ finding: f }) => [SEVERITY_RANK[f.severity], rulesByCode.get(f.code)?.security?.severity ?? 0], GITHUB_RESULT_LIMIT);
  const results = kept.map(
    ({ finding: f, fingerprint, occurrence }) => {
      const at = fileLocation(f);
      const result: Record<string, unknown> = {
        ruleId: f.code,
        ruleIndex: indexOf.get(f.code) ?? -1,
        level: LEVELS[f.severity],
        message: { text: withCell(f, f.message) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: artifact(f.path),
              region: { startLine: at.line, startColumn: at.column, endLine: at.endLine, endColumn: at.endColumn },
            },
          },
        ],
        partialFingerprints: { 'pyteamLint/v1': `${fingerprint}:${occurrence}` },
        properties: f.cell === undefined ? { agent: f.agent } : { agent: f.agent, cell: f.cell },
      };
      const fixes = fixesOf(f);
      if (fixes) result['fixes'] = fixes;
      return result;
    },
  );

  const srcRootUri = pathToFileURL(report.srcRoot).href.replace(/\/?$/, '/');
  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: report.tool.name,
        semanticVersion: report.tool.version,
        version: report.tool.version,
        informationUri: report.tool.informationUri,
        rules: rules.map(ruleDescriptor),
      },
    },
    ...(options.category ? { automationDetails: { id: `${options.category.replace(/\/+$/, '')}/` } } : {}),
    originalUriBaseIds: { '%SRCROOT%': { uri: srcRootUri } },
    columnKind: 'utf16CodeUnits',
    invocations: [
      {
        executionSuccessful: !report.errors.some((e) => e.internal),
        toolExecutionNotifications: [
          ...report.errors.map((e) => ({
            level: e.internal ? 'error' : 'warning',
            message: { text: e.message },
            locations: e.path.startsWith('<') ? [] : [{ physicalLocation: { artifactLocation: artifact(e.path) } }],
          })),
          ...(omitted > 0
            ? [
                {
                  level: 'warning',
                  message: {
                    text:
                      `${omitted} of ${report.findings.length} results were left out of this run: GitHub code scanning rejects a run ` +
                      `with more than ${GITHUB_RESULT_LIMIT} results. The run keeps the most severe (by level, then security-severity, ` +
                      `then path and line).`,
                  },
                  properties: { omittedResults: omitted, resultLimit: GITHUB_RESULT_LIMIT },
                },
              ]
            : []),
        ],
      },
    ],
    results,
  };
  return `${JSON.stringify({ $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] }, null, 2)}\n`;
}
