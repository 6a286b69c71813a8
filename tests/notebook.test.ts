import { describe, expect, it } from 'vitest';
import { ipythonSpans, locateInNotebook, readNotebook, toFileEdits } from '../src/engine/notebook.js';
import { LineIndex } from '../src/engine/source.js';

/** A notebook as Jupyter writes it: one-space indent, sources as lists of lines. */
function notebook(cells: Array<{ type?: string; source: string[] | string }>, language = 'python'): string {
  const body = {
    cells: cells.map((c) => ({ cell_type: c.type ?? 'code', execution_count: null, metadata: {}, outputs: [], source: c.source })),
    metadata: { kernelspec: { language, name: 'k' }, language_info: { name: language } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(body, null, 1)}\n`;
}

function applyEdits(text: string, edits: ReadonlyArray<{ start: number; end: number; text: string }>): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

function sources(json: string): string[] {
  const parsed = JSON.parse(json) as { cells: Array<{ cell_type: string; source: string[] | string }> };
  return parsed.cells.filter((c) => c.cell_type === 'code').map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));
}

describe('readNotebook', () => {
  const json = notebook([
    { source: ['import torch\n', 'x = 1'] },
    { type: 'markdown', source: ['# Title'] },
    { source: ['%timeit f()\n', 'for i in range(3):\n', '    !echo "hi"\n', 'files = !ls\n', 'model = torch.load("m.pt")'] },
    { source: ['%%bash\n', 'echo "not python" | tr a-z A-Z'] },
  ]);

  it('joins the code cells in order and masks IPython syntax without moving anything', () => {
    const read = readNotebook(json);
    if (!read.ok) throw new Error(read.reason);
    const lines = read.python.split('\n');
    expect(lines[0]).toBe('import torch');
    expect(lines[2]).toBe('0          ');
    expect(lines[4]).toBe(`    0${' '.repeat(9)}`);
    expect(lines[5]).toBe('files = 0  ');
    expect(lines[6]).toBe('model = torch.load("m.pt")');
    expect(lines[7]!.trim()).toBe('');
    expect(read.python.length).toBe(sources(json).join('\n').length);
    expect(read.map.cells.map((c) => [c.cell, c.line])).toEqual([
      [1, 0],
      [3, 2],
      [4, 7],
    ]);
  });

  it('maps a module location to its cell and to the JSON text', () => {
    const read = readNotebook(json);
    if (!read.ok) throw new Error(read.reason);
    const start = read.python.indexOf('torch.load');
    const end = start + 'torch.load("m.pt")'.length;
    const at = locateInNotebook(read.map, new LineIndex(read.python).locate(start, end), { start, end });
    expect(at?.cell).toBe(3);
    expect(at?.location).toEqual({ line: 5, column: 9, endLine: 5, endColumn: 27 });
    const fileLine = json.split('\n')[at!.inFile.line - 1]!;
    // The escaped quotes of the JSON literal are counted in its columns.
    expect(fileLine.slice(at!.inFile.column - 1, at!.inFile.endColumn - 1)).toBe('torch.load(\\"m.pt\\")');
  });

  it('turns module edits into JSON edits that change only the edited cell', () => {
    const read = readNotebook(json);
    if (!read.ok) throw new Error(read.reason);
    const start = read.python.indexOf('"m.pt")') + '"m.pt"'.length;
    const edits = toFileEdits(read.map, [
      { start, end: start, text: ', weights_only=True' },
      { start: 0, end: 0, text: 'import os\n' },
    ]);
    expect(edits).not.toBeNull();
    const fixed = applyEdits(json, edits!);
    expect(sources(fixed)).toEqual([
      'import os\nimport torch\nx = 1',
      '%timeit f()\nfor i in range(3):\n    !echo "hi"\nfiles = !ls\nmodel = torch.load("m.pt", weights_only=True)',
      '%%bash\necho "not python" | tr a-z A-Z',
    ]);
    // The new line is its own element, written as Jupyter writes them.
    expect(fixed).toContain('    "import os\\n",\n    "import torch\\n",');
    // Everything outside the cell sources is byte for byte the same.
    const strip = (t: string) => t.replace(/"source": \[[^\]]*\]/g, '');
    expect(strip(fixed)).toBe(strip(json));
  });

  it('deletes whole lines across array elements', () => {
    const read = readNotebook(notebook([{ source: ['a = 1\n', 'b = 2\n', 'c = 3'] }]));
    if (!read.ok) throw new Error(read.reason);
    const start = read.python.indexOf('b = 2');
    const edits = toFileEdits(read.map, [{ start, end: start + 'b = 2\n'.length, text: '' }]);
    expect(sources(applyEdits(notebook([{ source: ['a = 1\n', 'b = 2\n', 'c = 3'] }]), edits!))).toEqual(['a = 1\nc = 3']);
  });

  it('refuses edits that span two cells or touch masked syntax', () => {
    const read = readNotebook(json);
    if (!read.ok) throw new Error(read.reason);
    const secondCell = read.map.cells[1]!.start;
    expect(toFileEdits(read.map, [{ start: secondCell - 3, end: secondCell + 2, text: '' }])).toBeNull();
    expect(toFileEdits(read.map, [{ start: secondCell, end: secondCell + 3, text: '' }])).toBeNull();
  });

  it('says why a file is not a notebook', () => {
    expect(readNotebook('{"cells": [1, }')).toEqual({ ok: false, reason: expect.stringMatching(/^is not a valid notebook: not JSON \(line 1, column 15: unexpected `\}`, expected a value\)$/) });
    expect(readNotebook('{"worksheets": []}')).toEqual({ ok: false, reason: expect.stringContaining('nbformat 3') });
    expect(readNotebook('{"cells": [{"cell_type": "code", "source": 3}]}')).toEqual({ ok: false, reason: expect.stringContaining('cell 1') });
    expect(readNotebook('['.repeat(10_000))).toEqual({ ok: false, reason: expect.stringContaining('nested more than') });
  });

  it('reads a notebook of another language as an empty module', () => {
    const read = readNotebook(notebook([{ source: ['library(ggplot2)'] }], 'R'));
    expect(read.ok && read.python).toBe('');
  });
});

describe('ipythonSpans', () => {
  it('leaves Python alone, strings and comparisons included', () => {
    expect(ipythonSpans('x = a != b\ny = """\n%s\n!x\n"""\n# %comment\nprint(x)')).toEqual([]);
    expect(ipythonSpans('f(1,\n  !x)')).toEqual([]);
  });
  it('takes a cell magic below comment lines for the cell magic, and keeps the comments', () => {
    const foreign = '# edit the prompts here\n\n%%writefile prompts.txt\nThe paper sign\nThe rock sign';
    expect(ipythonSpans(foreign).map(([s, e]) => foreign.slice(s, e))).toEqual(['%%writefile prompts.txt\nThe paper sign\nThe rock sign']);
    const timed = '# timing\n%%time\nx = f()';
    expect(ipythonSpans(timed).map(([s, e]) => timed.slice(s, e))).toEqual(['%%time']);
    // Not a cell magic when Python comes first.
    expect(ipythonSpans('x = 1\n%%time').map(([s, e]) => 'x = 1\n%%time'.slice(s, e))).toEqual(['%%time']);
  });
  it('finds help, shell, magics and their continuations', () => {
    const source = 'obj?\n?obj\n!pip install \\\n  torch\nx = %time f()';
    expect(ipythonSpans(source).map(([s, e]) => source.slice(s, e))).toEqual(['obj?', '?obj', '!pip install \\', '  torch', '%time f()']);
    const automagic = 'pip install -q supervision\nconda list\npip = 3\nprint(pip)';
    expect(ipythonSpans(automagic).map(([s, e]) => automagic.slice(s, e))).toEqual(['pip install -q supervision', 'conda list']);
  });
});
