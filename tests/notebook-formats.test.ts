/**
 * Notebook findings in every output format, as Ruff reports notebooks: where a reader looks, the
 * cell and the line and column within it (`nb.ipynb:cell 3:2:9:`), with the cell's Python as the
 * snippet; where a tool places the finding (SARIF, annotations, Code Quality, …), the lines of the
 * `.ipynb` file's own JSON text, with the cell named in the message. Fingerprints are of the code,
 * so they survive the JSON being re-saved with another indent.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBaseline, filterByBaseline, type Baseline } from '../src/engine/baseline.js';
import { fingerprintFindings } from '../src/engine/fingerprint.js';
import type { Finding } from '../src/engine/lint.js';
import { locateInNotebook, readNotebook, toFileEdits } from '../src/engine/notebook.js';
import { loadRules } from '../src/engine/registry.js';
import { LineIndex } from '../src/engine/source.js';
import { renderBrief } from '../src/report/brief.js';
import { EXTRA_FORMATS } from '../src/report/formats.js';
import { renderGithub } from '../src/report/github.js';
import { renderJson } from '../src/report/json.js';
import { renderSarif } from '../src/report/sarif.js';
import { renderText } from '../src/report/text.js';
import type { RunReport, TextStyle } from '../src/report/types.js';
import type { AnyRule } from '../src/rule.js';
import { ROOT } from './helpers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let PTL301: AnyRule;
beforeAll(async () => {
  PTL301 = (await loadRules()).map((r) => r.rule).find((r) => r.code === 'PTL301')!;
});

const CWD = path.join(path.sep, 'work', 'repo', 'proj');
const SRC_ROOT = path.join(path.sep, 'work', 'repo');
const PLAIN: TextStyle = { bold: (s) => s, dim: (s) => s, red: (s) => s, yellow: (s) => s, cyan: (s) => s, blue: (s) => s };
const MESSAGE = '`torch.load` without `weights_only=True` unpickles arbitrary objects';

const NB = 'notebooks/explore.ipynb';
const PY = 'pkg/train.py';
const PY_TEXT = 'import torch\nstate = torch.load(p)\n';

/** A notebook as Jupyter writes it (sources as lists of lines), with its JSON indented by `indent`. */
function notebookJson(indent: number): string {
  const cells = [
    { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['import torch\n', 'x = 1'] },
    { cell_type: 'markdown', metadata: {}, source: ['# Load the model'] },
    { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['path = "m.pt"\n', 'model = torch.load(path)'] },
  ];
  return `${JSON.stringify({ cells, metadata: { kernelspec: { language: 'python', name: 'python3' } }, nbformat: 4, nbformat_minor: 5 }, null, indent)}\n`;
}

function finding(p: string, loc: { line: number; column: number; endLine: number; endColumn: number }): Finding {
  return { code: 'PTL301', name: PTL301.name, agent: PTL301.agent, severity: PTL301.severity, path: p, ...loc, message: MESSAGE, fix: null };
}

/**
 * A run with one notebook finding (the `torch.load(path)` of cell 3, mapped by the engine's own
 * notebook reader, its fix an edit of the JSON) and one `.py` finding.
 */
function run(indent = 1): RunReport {
  const json = notebookJson(indent);
  const read = readNotebook(json);
  if (!read.ok) throw new Error(read.reason);
  const start = read.python.indexOf('torch.load(path)');
  const end = start + 'torch.load(path)'.length;
  const at = locateInNotebook(read.map, new LineIndex(read.python).locate(start, end), { start, end })!;
  const edits = toFileEdits(read.map, [{ start: end - 1, end: end - 1, text: ', weights_only=True' }])!;
  const notebook: Finding = {
    ...finding(NB, at.location),
    cell: at.cell,
    cellLine: at.cellLine,
    inFile: at.inFile,
    fix: { title: 'Add `weights_only=True`', applicability: 'unsafe', edits },
  };
  return {
    findings: [notebook, finding(PY, { line: 2, column: 9, endLine: 2, endColumn: 22 })],
    errors: [],
    files: 2,
    rules: [PTL301],
    tool: { name: 'pyteam-lint', version: '0.1.0', informationUri: 'https://github.com/pyteam-lint/pyteam-lint' },
    cwd: CWD,
    srcRoot: SRC_ROOT,
    sourceOf: (p) => (p === NB ? json : p === PY ? PY_TEXT : undefined),
    codeOf: (p) => (p === NB ? read.python : p === PY ? PY_TEXT : undefined),
  };
}

describe('the notebook finding of the test run', () => {
  it('is in cell 3, line 2, and at line 27 of the JSON', () => {
    const [f] = run().findings;
    expect([f!.cell, f!.cellLine, f!.line, f!.column, f!.endColumn]).toEqual([3, 3, 2, 9, 25]);
    expect(f!.inFile).toEqual({ line: 27, column: 14, endLine: 27, endColumn: 30 });
    expect(notebookJson(1).split('\n')[26]!.slice(13, 29)).toBe('torch.load(path)');
  });
});

describe('text', () => {
  it('places a notebook finding in its cell, concise and full alike', () => {
    const concise = renderText(run(), PLAIN, 'concise', true).split('\n');
    expect(concise[0]).toBe(`${NB}:cell 3:2:9: PTL301 [-] ${MESSAGE} [python-security-reviewer]`);
    expect(concise[1]).toBe(`${PY}:2:9: PTL301 ${MESSAGE} [python-security-reviewer]`);
  });

  it("shows the cell's Python under it, numbered within the cell", () => {
    const full = renderText(run(), PLAIN, 'full', true).split('\n');
    expect(full.slice(0, 6)).toEqual([
      `${NB}:cell 3:2:9: PTL301 [-] ${MESSAGE} [python-security-reviewer]`,
      '  |',
      '2 | model = torch.load(path)',
      `  |         ${'^'.repeat(16)}`,
      '  |',
      '  = fix (unsafe): Add `weights_only=True`',
    ]);
    expect(full).toContain('2 | state = torch.load(p)');
  });
});

describe('json and json-lines', () => {
  it('carries `cell` after the columns of a notebook finding, and nothing new for the others', () => {
    const [nb, py] = (JSON.parse(renderJson(run())) as Json).findings;
    expect(Object.keys(nb)).toEqual(['code', 'name', 'agent', 'severity', 'path', 'line', 'column', 'endLine', 'endColumn', 'cell', 'message', 'fix']);
    expect([nb.cell, nb.line, nb.column]).toEqual([3, 2, 9]);
    expect(Object.keys(py)).toEqual(['code', 'name', 'agent', 'severity', 'path', 'line', 'column', 'endLine', 'endColumn', 'message', 'fix']);
    const lines = EXTRA_FORMATS['json-lines'](run()).trimEnd().split('\n').map((l) => JSON.parse(l) as Json);
    expect(lines.map((l) => l.cell)).toEqual([3, undefined]);
  });
});

const schema = JSON.parse(readFileSync(path.join(ROOT, 'tests', 'data', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
// CommonJS modules whose `default` export is the callable under NodeNext resolution.
const Ajv = (AjvModule as unknown as { default: typeof AjvModule.default }).default;
const addFormats = (addFormatsModule as unknown as { default: typeof addFormatsModule.default }).default;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

describe('sarif', () => {
  it("locates a notebook finding in the notebook's JSON lines, names its cell, and validates", () => {
    const doc = JSON.parse(renderSarif(run())) as Json;
    validateSarif(doc);
    expect(validateSarif.errors ?? [], 'valid against the SARIF 2.1.0 schema').toEqual([]);
    const [nb, py] = doc.runs[0].results;
    expect(nb.locations[0].physicalLocation.region).toEqual({ startLine: 27, startColumn: 14, endLine: 27, endColumn: 30 });
    expect(nb.message.text).toBe(`cell 3, line 2: ${MESSAGE}`);
    expect(nb.properties).toEqual({ agent: 'python-security-reviewer', cell: 3 });
    // The fix replaces text of the JSON too: before the `)` of the call, at column 29 of line 27.
    expect(nb.fixes[0].artifactChanges[0].replacements[0].deletedRegion).toEqual({ startLine: 27, startColumn: 29, endLine: 27, endColumn: 29 });
    expect(py.locations[0].physicalLocation.region).toEqual({ startLine: 2, startColumn: 9, endLine: 2, endColumn: 22 });
    expect(py.message.text).toBe(MESSAGE);
    expect(py.properties).toEqual({ agent: 'python-security-reviewer' });
  });
});

describe('annotations and the other formats', () => {
  it('annotates a notebook finding on GitHub at its JSON position, the cell in the message', () => {
    expect(renderGithub(run()).split('\n').slice(0, 2)).toEqual([
      `::error file=proj/${NB},line=27,col=14,endLine=27,endColumn=30,title=PTL301 unsafe-torch-load::cell 3, line 2: ${MESSAGE} [python-security-reviewer]`,
      `::error file=proj/${PY},line=2,col=9,endLine=2,endColumn=22,title=PTL301 unsafe-torch-load::${MESSAGE} [python-security-reviewer]`,
    ]);
  });

  it('positions GitLab, rdjson, Azure, JUnit and pylint at the JSON too', () => {
    const r = run();
    const [gitlab] = JSON.parse(EXTRA_FORMATS.gitlab(r)) as Json;
    expect(gitlab.location.lines).toEqual({ begin: 27, end: 27 });
    expect(gitlab.description).toBe(`PTL301 unsafe-torch-load: cell 3, line 2: ${MESSAGE}`);

    const [rd] = (JSON.parse(EXTRA_FORMATS.rdjson(r)) as Json).diagnostics;
    expect(rd.location.range).toEqual({ start: { line: 27, column: 14 }, end: { line: 27, column: 30 } });
    expect(rd.message).toMatch(/^cell 3, line 2: /);
    expect(rd.suggestions[0].range).toEqual({ start: { line: 27, column: 29 }, end: { line: 27, column: 29 } });

    expect(EXTRA_FORMATS.azure(r).split('\n')[0]).toBe(
      `##vso[task.logissue type=error;sourcepath=${path.resolve(CWD, NB)};linenumber=27;columnnumber=14;code=PTL301;]PTL301 unsafe-torch-load: cell 3, line 2: ${MESSAGE} [python-security-reviewer]`,
    );

    const junit = EXTRA_FORMATS.junit(r);
    expect(junit).toContain('<testcase name="pyteam-lint.PTL301" classname="notebooks/explore" line="27" column="14">');
    expect(junit).toContain(`>cell 3, line 2, col 9, ${MESSAGE}</failure>`);
    expect(junit).toContain(`>line 2, col 9, ${MESSAGE}</failure>`);

    expect(EXTRA_FORMATS.pylint(r).split('\n').slice(0, 2)).toEqual([
      `${NB}:27: [PTL301(unsafe-torch-load), ] cell 3, line 2: ${MESSAGE}`,
      `${PY}:2: [PTL301(unsafe-torch-load), ] ${MESSAGE}`,
    ]);
  });
});

describe('the brief', () => {
  it("shows a notebook finding in its cell, with its cell's Python and no other cell's", () => {
    const brief = renderBrief(run());
    expect(brief).toContain(`#### 1. \`${NB}\`, cell 3, line 2\n`);
    expect(brief).toContain(['```text', '  1 | path = "m.pt"', '> 2 | model = torch.load(path)', '```'].join('\n'));
    expect(brief).toContain(`#### 2. \`${PY}:2:9\`\n`);
  });
});

describe('fingerprints', () => {
  const codeOf = (r: RunReport) => (p: string) => r.codeOf!(p);
  const fromRoot = (f: Finding) => f.path;

  it("of a notebook finding are its code's: re-indenting the JSON keeps them", () => {
    const [before, after] = [run(1), run(2)];
    expect(after.findings[0]!.inFile).toEqual({ line: 27, column: 18, endLine: 27, endColumn: 34 });
    const prints = (r: RunReport) => fingerprintFindings(r.findings, codeOf(r)).map((p) => p.fingerprint);
    expect(prints(after)).toEqual(prints(before));
    const sarifPrints = (r: RunReport) => (JSON.parse(renderSarif(r)) as Json).runs[0].results.map((x: Json) => x.partialFingerprints);
    expect(sarifPrints(after)).toEqual(sarifPrints(before));
    const gitlabPrints = (r: RunReport) => (JSON.parse(EXTRA_FORMATS.gitlab(r)) as Json).map((x: Json) => x.fingerprint);
    expect(gitlabPrints(after)).toEqual(gitlabPrints(before));

    const baseline = JSON.parse(createBaseline(before.findings, codeOf(before), fromRoot)) as Baseline;
    expect(filterByBaseline(after.findings, baseline, codeOf(after), fromRoot)).toEqual([]);
  });

  it("come from the module line of the finding's cell line", () => {
    const r = run();
    const module = r.codeOf!(NB)!;
    const print = (code: string) => fingerprintFindings([r.findings[0]!], () => code)[0]!.fingerprint;
    // Line 2 of cell 3 is line 4 of the module: a change there changes the fingerprint, one elsewhere does not.
    expect(print(module.replace('torch.load(path)', 'torch.load(other)'))).not.toBe(print(module));
    expect(print(module.replace('x = 1', 'x = 2'))).toBe(print(module));
  });
});
