/**
 * SARIF 2.1.0, filled the way GitHub code scanning reads it: one run, every enabled rule with its
 * help, results located relative to %SRCROOT% with UTF-16 columns (what web-tree-sitter reports),
 * our own line-independent partialFingerprints, fixes, and notifications for files not checked.
 */
import { pathToFileURL } from 'node:url';
import { fingerprintFindings } from '../engine/fingerprint.js';
import { LineIndex } from '../engine/source.js';
import { fromSourceRoot, toUriReference } from './paths.js';
export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** GitHub keeps at most this many results per run. */
export const GITHUB_RESULT_LIMIT = 5000;
const LEVELS = { error: 'error', warning: 'warning', info: 'note' };
function helpMarkdown(rule) {
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
function helpText(rule) {
    return `${rule.docs.summary}\n\nWhy is this bad?\n${rule.docs.why}\n\nExample:\n${rule.docs.bad}\nUse instead:\n${rule.docs.good}`;
}
function ruleDescriptor(rule) {
    const tags = [rule.agent];
    if (rule.security)
        tags.push('security', ...rule.security.cwe.map((c) => `external/cwe/cwe-${String(c).padStart(3, '0')}`));
    const properties = { tags, precision: rule.precision ?? 'high' };
    if (rule.security)
        properties['security-severity'] = rule.security.severity.toFixed(1);
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
export function renderSarif(report, options = {}) {
    const rules = [...report.rules];
    const indexOf = new Map(rules.map((r, i) => [r.code, i]));
    const artifact = (shown) => ({ uri: toUriReference(fromSourceRoot(shown, report.cwd, report.srcRoot)), uriBaseId: '%SRCROOT%' });
    const lineIndexes = new Map();
    const lineIndex = (shown) => {
        if (!lineIndexes.has(shown)) {
            const text = report.sourceOf(shown);
            lineIndexes.set(shown, text === undefined ? null : new LineIndex(text));
        }
        return lineIndexes.get(shown);
    };
    const fixesOf = (f) => {
        const lines = f.fix ? lineIndex(f.path) : null;
        if (!f.fix || !lines)
            return undefined;
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
    const results = fingerprintFindings(report.findings, report.sourceOf, (f) => fromSourceRoot(f.path, report.cwd, report.srcRoot)).map(({ finding: f, fingerprint, occurrence }) => {
        const result = {
            ruleId: f.code,
            ruleIndex: indexOf.get(f.code) ?? -1,
            level: LEVELS[f.severity],
            message: { text: f.message },
            locations: [
                {
                    physicalLocation: {
                        artifactLocation: artifact(f.path),
                        region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
                    },
                },
            ],
            partialFingerprints: { 'pyteamLint/v1': `${fingerprint}:${occurrence}` },
            properties: { agent: f.agent },
        };
        const fixes = fixesOf(f);
        if (fixes)
            result['fixes'] = fixes;
        return result;
    });
    const srcRootUri = pathToFileURL(report.srcRoot).href.replace(/\/?$/, '/');
    const run = {
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
                toolExecutionNotifications: report.errors.map((e) => ({
                    level: e.internal ? 'error' : 'warning',
                    message: { text: e.message },
                    locations: e.path.startsWith('<') ? [] : [{ physicalLocation: { artifactLocation: artifact(e.path) } }],
                })),
            },
        ],
        results,
    };
    return `${JSON.stringify({ $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] }, null, 2)}\n`;
}
