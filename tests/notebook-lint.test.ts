/**
 * Notebooks end to end through the command line: linted by default in directory runs, findings at
 * their cells (text, JSON) and at the JSON's own lines (SARIF), IPython syntax masked, a cell that
 * does not parse reported while the others are still linted, `# noqa` in a cell, `--fix` and
 * `--add-noqa` editing the cell sources and nothing else, and a notebook that is not JSON a clear
 * error for that file alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { project, run } from './spawn.js';

interface Cell {
  cell_type: 'code' | 'markdown';
  execution_count?: number | null;
  metadata: Record<string, unknown>;
  outputs?: unknown[];
  source: string | string[];
}

/** A notebook as Jupyter writes it: one-space indentation, sources as arrays of lines. */
function notebook(cells: Cell[]): string {
  return `${JSON.stringify({ cells, metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } }, nbformat: 4, nbformat_minor: 5 }, null, 1)}\n`;
}

function code(source: string, outputs: unknown[] = []): Cell {
  const lines = source.split('\n');
  return { cell_type: 'code', execution_count: null, metadata: {}, outputs, source: lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l)).filter((l) => l !== '') };
}

const markdown = (text: string): Cell => ({ cell_type: 'markdown', metadata: {}, source: [text] });

const OUTPUT = { output_type: 'display_data', data: { 'image/png': 'iVBORw0KGgoAAAANSUhEUg==', 'text/plain': ['<Figure>'] }, metadata: {} };

const NOTEBOOK = notebook([
  markdown('# Loading checkpoints'),
  code('%matplotlib inline\n!pip install -q torch\nimport torch\nfiles = !ls checkpoints', [OUTPUT]),
  code('def load(path):\n    return torch.load(path)'),
  markdown('More'),
  code('state = torch.load("a.pt")  # noqa: PTL301\nother = torch.load("b.pt")'),
]);

const PYPROJECT = '[tool.pyteam-lint]\n';

type Json = { findings: Array<{ code: string; path: string; line: number; column: number; cell?: number; fix: { edits: Array<{ start: number; end: number; text: string }> } | null }>; errors: Array<{ path: string; message: string }> };

describe('notebooks', () => {
  it('are linted in a directory run, each finding at its cell, with IPython syntax masked and noqa honoured', () => {
    const dir = project({ 'pyproject.toml': PYPROJECT, 'nb.ipynb': NOTEBOOK, '.ipynb_checkpoints/nb-checkpoint.ipynb': NOTEBOOK });
    const text = run(['--output-format', 'concise', '.'], dir);
    expect(text.status).toBe(1);
    expect(text.stdout.split('\n').filter((l) => l.startsWith('nb.ipynb'))).toEqual([
      expect.stringMatching(/^nb\.ipynb:cell 3:2:12: PTL301 /),
      expect.stringMatching(/^nb\.ipynb:cell 5:2:9: PTL301 /),
    ]);
    expect(text.stdout).not.toContain('PTL001');
    expect(text.stdout).not.toContain('.ipynb_checkpoints');
    const report = JSON.parse(run(['--format', 'json', '.'], dir).stdout) as Json;
    expect(report.findings.map((f) => [f.code, f.cell, f.line, f.column])).toEqual([
      ['PTL301', 3, 2, 12],
      ['PTL301', 5, 2, 9],
    ]);
    expect(report.errors).toEqual([]);
  });

  it('resolve names across cells: an import in one cell is seen in a later one', () => {
    const dir = project({ 'pyproject.toml': PYPROJECT, 'nb.ipynb': notebook([code('from torch import load as L'), code('x = L("m.pt")')]) });
    const report = JSON.parse(run(['--format', 'json', 'nb.ipynb'], dir).stdout) as Json;
    expect(report.findings.map((f) => [f.code, f.cell, f.line])).toEqual([['PTL301', 2, 1]]);
  });

  it('report a cell that does not parse, and still lint the others', () => {
    const dir = project({ 'pyproject.toml': PYPROJECT, 'nb.ipynb': notebook([code('import torch'), code('for x in (:\n    pass'), code('m = torch.load("m.pt")')]) });
    const report = JSON.parse(run(['--format', 'json', 'nb.ipynb'], dir).stdout) as Json;
    expect(report.findings.map((f) => [f.code, f.cell, f.line])).toEqual([
      ['PTL001', 2, 1],
      ['PTL301', 3, 1],
    ]);
  });

  it('point SARIF at the lines of the notebook file itself', () => {
    const dir = project({ 'pyproject.toml': PYPROJECT, 'nb.ipynb': NOTEBOOK });
    const sarif = JSON.parse(run(['--format', 'sarif', 'nb.ipynb'], dir).stdout) as { runs: Array<{ results: Array<{ locations: Array<{ physicalLocation: { region: { startLine: number; startColumn: number } } }> }> }> };
    const lines = NOTEBOOK.split('\n');
    const regions = sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.region);
    expect(regions).toHaveLength(2);
    for (const { startLine, startColumn } of regions) expect(lines[startLine - 1]!.slice(startColumn - 1)).toMatch(/^torch\.load\(/);
  });

  it('are fixed inside their cell sources, every other byte kept', () => {
    const dir = project({ 'pyproject.toml': PYPROJECT, 'nb.ipynb': NOTEBOOK });
    const r = run(['--fix', '--unsafe-fixes', 'nb.ipynb'], dir);
    expect(r.stderr).toBe('');
    const after = readFileSync(path.join(dir, 'nb.ipynb'), 'utf8');
    // The two calls gained the argument; nothing else moved.
    expect(after).toBe(NOTEBOOK.replace('torch.load(path)', 'torch.load(path, weights_only=True)').replace('torch.load(\\"b.pt\\")', 'torch.load(\\"b.pt\\", weights_only=True)'));
    expect(after).not.toBe(NOTEBOOK);
    expect(JSON.parse(run(['--format', 'json', 'nb.ipynb'], dir).stdout).findings).toEqual([]);
  });

  it('are not fixed while a cell does not parse, and say which cell', () => {
    const broken = notebook([code('import torch'), code('for x in (:\n    pass'), code('m = torch.load("m.pt")')]);
    const dir = project({ 'pyproject.toml': PYPROJECT, 'nb.ipynb': broken });
    const r = run(['--fix', '--unsafe-fixes', 'nb.ipynb'], dir);
    expect(r.stderr).toContain('nb.ipynb: not fixed: does not parse (cell 2, line 1, column 11)');
    expect(readFileSync(path.join(dir, 'nb.ipynb'), 'utf8')).toBe(broken);
  });

  it('take --add-noqa in their cells, and the comments then suppress', () => {
    const dir = project({ 'pyproject.toml': PYPROJECT, 'nb.ipynb': NOTEBOOK });
    expect(run(['--add-noqa', 'nb.ipynb'], dir).stdout).toBe('Added 2 noqa directives.\n');
    const after = readFileSync(path.join(dir, 'nb.ipynb'), 'utf8');
    expect(after).toBe(NOTEBOOK.replace('"    return torch.load(path)"', '"    return torch.load(path)  # noqa: PTL301"').replace('"other = torch.load(\\"b.pt\\")"', '"other = torch.load(\\"b.pt\\")  # noqa: PTL301"'));
    expect(run(['nb.ipynb'], dir).status).toBe(0);
  });

  it('that are not JSON are an error for that file, and every other file is still linted', () => {
    const dir = project({ 'pyproject.toml': PYPROJECT, 'bad.ipynb': '{"cells": [\n  {"cell_type": "code", "source": "x = 1"\n', 'load.py': 'import torch\nm = torch.load("m.pt")\n' });
    const r = run(['--format', 'json', '.'], dir);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as Json;
    expect(report.findings.map((f) => f.path)).toEqual(['load.py']);
    expect(report.errors).toEqual([{ path: 'bad.ipynb', message: expect.stringMatching(/^is not a valid notebook: not JSON \(line 3, column 1: /) }]);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('keep max-file-size for their code, not for their outputs', () => {
    const big = notebook([code('import torch\nm = torch.load("m.pt")', [{ ...OUTPUT, data: { 'image/png': 'A'.repeat(200_000) } }])]);
    const dir = project({ 'pyproject.toml': '[tool.pyteam-lint]\nmax-file-size = 100000\n', 'nb.ipynb': big });
    const report = JSON.parse(run(['--format', 'json', 'nb.ipynb'], dir).stdout) as Json;
    expect(report.findings.map((f) => [f.code, f.cell])).toEqual([['PTL301', 1]]);
    writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.pyteam-lint]\nmax-file-size = 10\n');
    const small = JSON.parse(run(['--format', 'json', 'nb.ipynb'], dir).stdout) as Json;
    expect(small.errors.map((e) => e.message)).toEqual([expect.stringMatching(/larger than/)]);
  });
});
