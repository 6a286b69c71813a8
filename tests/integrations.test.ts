/**
 * Where users meet pyteam-lint beyond the terminal: SARIF for GitHub code scanning (validated
 * against the official schema), GitHub workflow annotations, and baselines.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../src/report/github.js';
import { ROOT } from './helpers.js';
import { project, run } from './spawn.js';

const schema = JSON.parse(readFileSync(path.join(ROOT, 'tests', 'data', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
// CommonJS modules whose `default` export is the callable under NodeNext resolution.
const Ajv = (AjvModule as unknown as { default: typeof AjvModule.default }).default;
const addFormats = (addFormatsModule as unknown as { default: typeof addFormatsModule.default }).default;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function sarifOf(args: string[], cwd: string): Json {
  const r = run(['--format', 'sarif', ...args], cwd);
  expect(r.stderr).toBe('');
  const doc = JSON.parse(r.stdout) as Json;
  const valid = validate(doc);
  expect(validate.errors ?? [], 'valid against the SARIF 2.1.0 schema').toEqual([]);
  expect(valid).toBe(true);
  return doc;
}

describe('SARIF', () => {
  it('describes the demo project with every field GitHub reads', () => {
    const doc = sarifOf(['--sarif-category', 'pipelines/demo', '.'], path.join(ROOT, 'fixtures', 'demo'));
    expect(doc.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(doc.version).toBe('2.1.0');
    expect(doc.runs).toHaveLength(1);
    const runObj = doc.runs[0];
    expect(runObj.columnKind).toBe('utf16CodeUnits');
    expect(runObj.automationDetails).toEqual({ id: 'pipelines/demo/' });
    expect(runObj.originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/\/.*\/$/);
    const driver = runObj.tool.driver;
    expect(driver).toMatchObject({ name: 'pyteam-lint', semanticVersion: expect.stringMatching(/^\d+\.\d+\.\d+/), informationUri: expect.stringMatching(/^https:\/\//) });
    const ids = driver.rules.map((r: Json) => r.id);
    expect(ids).toContain('PTL301');
    expect(ids).not.toContain('PTL501'); // off by default, so not enabled
    const torch = driver.rules.find((r: Json) => r.id === 'PTL301');
    expect(torch).toMatchObject({
      name: 'unsafe-torch-load',
      shortDescription: { text: expect.any(String) },
      fullDescription: { text: expect.any(String) },
      help: { text: expect.stringContaining('Use instead'), markdown: expect.stringContaining('```python') },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['python-security-reviewer', 'security', 'external/cwe/cwe-502'], precision: 'very-high', 'security-severity': '8.8' },
    });
    const creds = driver.rules.find((r: Json) => r.id === 'PTL303');
    expect(creds.properties.tags).toContain('external/cwe/cwe-798');
    for (const r of driver.rules) {
      if (!r.properties.tags.includes('security')) expect(r.properties['security-severity']).toBeUndefined();
      else expect(Number(r.properties['security-severity'])).toBeGreaterThanOrEqual(0.1);
    }
    const results = runObj.results;
    expect(results.length).toBe(19);
    for (const result of results) {
      expect(driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      const loc = result.locations[0].physicalLocation;
      expect(loc.artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(loc.artifactLocation.uri).toMatch(/^fixtures\/demo\/(?:pipeline\/\w+\.py|notebooks\/\w+\.ipynb)$/);
      expect(loc.region.startLine).toBeGreaterThan(0);
      expect(result.partialFingerprints['pyteamLint/v1']).toMatch(/^[0-9a-f]{32}:\d+$/);
      expect(result.partialFingerprints.primaryLocationLineHash).toBeUndefined();
    }
    const fixed = results.find((r: Json) => r.ruleId === 'PTL301');
    expect(fixed.fixes[0].artifactChanges[0].replacements[0]).toMatchObject({ insertedContent: { text: ', weights_only=True' } });
    expect(runObj.invocations[0].executionSuccessful).toBe(true);
  });

  it('counts columns in UTF-16 code units, leaves out suppressed findings and notes unreadable files', () => {
    const dir = project({
      'cams.py': 'import torch\nlabel = "caméra 📷"; state = torch.load(p)\nok = torch.load(q)  # noqa: PTL301\n',
      'broken.py': 'def f(:\n    pass\n',
      'blob.py': Buffer.from([0, 1, 2, 3]),
      'dir with space/ünï.py': 'import pickle\npickle.loads(b"")\n',
    });
    const doc = sarifOf(['.'], dir);
    const results = doc.runs[0].results;
    const torch = results.filter((r: Json) => r.ruleId === 'PTL301');
    expect(torch).toHaveLength(1);
    // `label = "caméra 📷"; state = ` is 29 UTF-16 code units (28 code points: the emoji takes two units).
    expect(torch[0].locations[0].physicalLocation.region).toEqual({ startLine: 2, startColumn: 30, endLine: 2, endColumn: 43 });
    expect(results.map((r: Json) => r.ruleId).sort()).toEqual(['PTL001', 'PTL301', 'PTL302']);
    const pickleResult = results.find((r: Json) => r.ruleId === 'PTL302');
    expect(pickleResult.locations[0].physicalLocation.artifactLocation.uri).toBe('dir%20with%20space/%C3%BCn%C3%AF.py');
    const notes = doc.runs[0].invocations[0].toolExecutionNotifications;
    expect(notes).toEqual([
      { level: 'warning', message: { text: expect.stringMatching(/binary file/) }, locations: [{ physicalLocation: { artifactLocation: { uri: 'blob.py', uriBaseId: '%SRCROOT%' } } }] },
    ]);
  });

  it('keeps fingerprints when unrelated lines move, and tells identical findings apart', () => {
    const body = 'import torch\na = torch.load(p)\nb = torch.load(p)\n';
    const fingerprints = (source: string): string[] =>
      sarifOf(['.'], project({ 'm.py': source })).runs[0].results.map((r: Json) => r.partialFingerprints['pyteamLint/v1']);
    const before = fingerprints(body);
    const after = fingerprints(`"""A docstring added above."""\n\n${body}`);
    expect(new Set(before).size).toBe(2);
    expect(after).toEqual(before);
  });

  it('warns past the 5,000 results GitHub keeps', () => {
    const dir = project({ 'many.py': `import torch\n${'torch.load(p)\n'.repeat(5001)}` });
    const r = run(['--sarif-file', 'out.sarif', '-q', '--format', 'concise', '.'], dir);
    expect(r.stderr).toBe('pyteam-lint: warning: 5,001 results; GitHub code scanning shows only the top 5,000 of a SARIF run, by severity\n');
    expect(run(['--sarif-file', 'out.sarif', '-q', '--select', 'PTL302', '.'], dir).stderr).toBe('');
  });

  it('writes SARIF to a file while the terminal gets the text report', () => {
    const dir = project({ 'a.py': 'import torch\ntorch.load(p)\n' });
    const r = run(['--sarif-file', 'out.sarif', '--json-file', 'out.json', '.'], dir);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('a.py:2:1: PTL301');
    const doc = JSON.parse(readFileSync(path.join(dir, 'out.sarif'), 'utf8')) as Json;
    expect(validate(doc)).toBe(true);
    expect(doc.runs[0].results).toHaveLength(1);
    expect(JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')).findings).toHaveLength(1);
  });
});

describe('GitHub annotations', () => {
  it('escapes data and properties as workflow commands require', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
  });

  it('prints one command per finding with the level from severity', () => {
    const dir = project({ 'src/x, y.py': 'import torch, multiprocessing as mp\ntorch.load(p)\ndef f(frame_q):\n    return frame_q.get()\n' });
    const r = run(['--format', 'github', '.'], dir);
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^::error file=src\/x%2C y\.py,line=2,col=1,endLine=2,endColumn=14,title=PTL301 unsafe-torch-load::`torch\.load` .*\[python-security-reviewer\]$/),
      expect.stringMatching(/^::warning file=src\/x%2C y\.py,line=4,col=12,endLine=4,endColumn=25,title=PTL102 queue-get-without-timeout::/),
    ]);
  });

  it('appends a findings table to the step summary', () => {
    const dir = project({ 'a.py': 'import torch\ntorch.load(p)\ntorch.load(q)\n', 'summary.md': '# earlier step\n' });
    run(['--summary-file', 'summary.md', '.'], dir);
    const summary = readFileSync(path.join(dir, 'summary.md'), 'utf8');
    expect(summary).toContain('# earlier step\n### pyteam-lint');
    expect(summary).toContain('| PTL301 | `unsafe-torch-load` | python-security-reviewer | 2 |');
  });
});

describe('baseline', () => {
  const legacy = 'import torch\n\ndef load(p):\n    return torch.load(p)\n';

  it('reports only findings the baseline does not record, whatever moved', () => {
    const dir = project({ 'm.py': legacy, 'n.py': 'import pickle\npickle.loads(b"")\n' });
    const write = run(['--write-baseline', 'baseline.json', '.'], dir);
    expect(write.status).toBe(0);
    expect(write.stderr).toContain('recorded 2 findings in baseline.json');
    expect(run(['--baseline', 'baseline.json', '.'], dir).status).toBe(0);

    // Lines added above move the old finding: still known.
    writeFileSync(path.join(dir, 'm.py'), `"""Loading helpers."""\nimport os\n\n${legacy}`);
    expect(run(['--baseline', 'baseline.json', '.'], dir).status).toBe(0);

    // A second identical finding in the same file is new, and so is a new kind.
    writeFileSync(path.join(dir, 'm.py'), `${legacy}\ndef load_again(p):\n    return torch.load(p)\n\nimport yaml\nyaml.load(f)\n`);
    const r = run(['--baseline', 'baseline.json', '--format', 'json', '.'], dir);
    expect(r.status).toBe(1);
    const found = (JSON.parse(r.stdout) as Json).findings.map((f: Json) => `${f.line} ${f.code}`);
    expect(found).toEqual(['7 PTL301', '10 PTL302']);
  });

  it('rejects a file that is not a baseline with exit 2', () => {
    const dir = project({ 'm.py': legacy, 'bad.json': '{"version": 2}' });
    const r = run(['--baseline', 'bad.json', '.'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--baseline: .*bad\.json is not a pyteam-lint baseline/);
  });
});
