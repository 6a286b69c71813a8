/**
 * The formats for other tools' consumers (gitlab, junit, pylint, azure, rdjson, json-lines) and the
 * SARIF result cap, each checked against the shape its consumer documents: GitLab's Code Quality
 * report, a JUnit XML that an XML 1.0 parser accepts, Pylint's parseable line, Azure Pipelines'
 * logging commands, reviewdog's proto/rdf, JSON Lines, and the official SARIF 2.1.0 schema.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FileError, Finding } from '../src/engine/lint.js';
import { loadRules } from '../src/engine/registry.js';
import { azureEscapeData, azureEscapeProperty } from '../src/report/azure.js';
import { EXTRA_FORMATS, EXTRA_FORMAT_NAMES, ERRORS_ON_STDERR, isExtraFormat } from '../src/report/formats.js';
import { GITLAB_NOT_CHECKED } from '../src/report/gitlab.js';
import { findingJson, renderJson } from '../src/report/json.js';
import { xmlAttribute, xmlText } from '../src/report/junit.js';
import { utf8Column } from '../src/report/rdjson.js';
import { GITHUB_DISPLAY_LIMIT, GITHUB_RESULT_LIMIT, capResults, renderSarif, sarifCapWarning } from '../src/report/sarif.js';
import { toUriReference } from '../src/report/paths.js';
import type { RunReport } from '../src/report/types.js';
import type { AnyRule, Fix } from '../src/rule.js';
import { ROOT, lintWith } from './helpers.js';
import { project } from './spawn.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let RULES: AnyRule[] = [];
beforeAll(async () => {
  RULES = (await loadRules()).map((r) => r.rule);
});
const rule = (code: string): AnyRule => {
  const r = RULES.find((x) => x.code === code);
  if (!r) throw new Error(`no rule ${code}`);
  return r;
};

// ---------------------------------------------------------------------------------------------
// A crafted run: an astral and a non-ASCII line, a multi-line span, fixes (safe and unsafe), a
// finding without a fix, identical findings, a path with spaces and control characters, and files
// that could not be checked (one of them a failure of pyteam-lint itself, with no file).

const CWD = path.join(path.sep, 'work', 'repo', 'proj');
const SRC_ROOT = path.join(path.sep, 'work', 'repo');

const MODEL = 'pkg/model.py';
const MODEL_TEXT = [
  'import torch, pickle',
  'label = "caméra 📷"; state = torch.load(p)',
  'data = pickle.loads(',
  '    blob,',
  ')',
  'a = torch.load(q)',
  'a = torch.load(q)',
  '',
].join('\n');
/** A name no file system would suggest, but one POSIX allows: spaces, ESC, a newline, `;`, `]`, `%`, `&`, `<`. */
const ODD = 'dir with space/we\u001bird\nna;me]%&<.py';
const ODD_TEXT = 'import pickle\npickle.loads(b"")  # caf\u00e9\n';

/** The UTF-16 offset of `needle` in `text` (the `nth` occurrence, from 1). */
function offsetOf(text: string, needle: string, nth = 1): number {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' not found`);
  }
  return at;
}

function make(code: string, p: string, loc: [number, number, number, number], message: string, fix: Fix | null = null, severity?: Finding['severity']): Finding {
  const r = rule(code);
  return { code, name: r.name, agent: r.agent, severity: severity ?? r.severity, path: p, line: loc[0], column: loc[1], endLine: loc[2], endColumn: loc[3], message, fix };
}

function crafted(): RunReport {
  const closing = offsetOf(MODEL_TEXT, ')', 1);
  const findings: Finding[] = [
    // `label = "caméra 📷"; state = ` is 29 UTF-16 units: the call spans columns 30–43.
    make('PTL301', MODEL, [2, 30, 2, 43], '`torch.load` without `weights_only=True` unpickles arbitrary objects', {
      title: 'Add `weights_only=True`',
      applicability: 'unsafe',
      edits: [{ start: closing, end: closing, text: ', weights_only=True' }],
    }),
    make('PTL302', MODEL, [3, 8, 5, 2], '`pickle.loads` on data that may be untrusted'),
    make('PTL301', MODEL, [6, 5, 6, 18], 'same call, first', {
      title: 'Add `weights_only=True`',
      applicability: 'safe',
      edits: [{ start: offsetOf(MODEL_TEXT, 'q)', 1) + 1, end: offsetOf(MODEL_TEXT, 'q)', 1) + 1, text: ', weights_only=True' }],
    }),
    make('PTL301', MODEL, [7, 5, 7, 18], 'same call, second', null, 'info'),
    make('PTL302', ODD, [2, 1, 2, 17], 'a message with\u0000NUL, \u001b[2J, "quotes", <angle> & a bidi \u202e override\r\nand a line break; 100%', null, 'warning'),
  ];
  const errors: FileError[] = [
    { path: '<project>', message: 'internal error in rule PTL701 (layer-violation): boom', internal: true },
    { path: 'blob.py', message: 'binary file (contains NUL bytes); skipped' },
    { path: 'big\ufffe.py', message: 'file is 3.0 MiB, larger than max-file-size (1.0 MiB); skipped' },
  ];
  return {
    findings,
    errors,
    files: 5,
    rules: ['PTL301', 'PTL302'].map(rule),
    tool: { name: 'pyteam-lint', version: '0.1.0', informationUri: 'https://github.com/pyteam-lint/pyteam-lint' },
    cwd: CWD,
    srcRoot: SRC_ROOT,
    sourceOf: (p) => (p === MODEL ? MODEL_TEXT : p === ODD ? ODD_TEXT : undefined),
  };
}

const empty = (): RunReport => ({ ...crafted(), findings: [], errors: [], files: 3 });

/** A real run of the linter over a temporary project (real findings, real fixes). */
async function linted(files: Record<string, string>, codes: string[]): Promise<RunReport> {
  const dir = project(files);
  const rules = codes.map(rule);
  const result = await lintWith(rules, dir);
  return {
    findings: result.findings,
    errors: result.errors,
    files: result.files,
    rules,
    tool: { name: 'pyteam-lint', version: '0.1.0', informationUri: 'https://github.com/pyteam-lint/pyteam-lint' },
    cwd: dir,
    srcRoot: dir,
    sourceOf: (p) => {
      try {
        return readFileSync(path.join(dir, p), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/** A file name that is not UTF-8 (byte 0x80), carried with `surrogateescape` as the engine does. */
const NOT_UTF8 = 'raw/bad\udc80name.py';
const notUtf8 = (): RunReport => {
  const base = crafted();
  return { ...base, findings: [{ ...base.findings[0]!, path: NOT_UTF8, fix: null }], errors: [{ path: NOT_UTF8, message: 'x' }], sourceOf: (p) => (p === NOT_UTF8 ? MODEL_TEXT : undefined) };
};
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('the format table', () => {
  it('names every format as Ruff does and renders each deterministically', () => {
    expect(EXTRA_FORMAT_NAMES).toEqual(['gitlab', 'junit', 'pylint', 'azure', 'rdjson', 'json-lines']);
    expect(isExtraFormat('gitlab')).toBe(true);
    expect(isExtraFormat('toString')).toBe(false);
    expect([...ERRORS_ON_STDERR]).toEqual(['json-lines']);
    for (const name of EXTRA_FORMAT_NAMES) {
      const render = EXTRA_FORMATS[name];
      const a = render(crafted());
      expect(render(crafted()), name).toBe(a);
      expect(a.endsWith('\n'), name).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// GitLab Code Quality: docs.gitlab.com/ci/testing/code_quality ("Code Quality report format") and
// GitLab's own validator (app/validators/json_schemas/codeclimate.json).

const GitlabIssue = z
  .object({
    description: z.string().min(1),
    check_name: z.string().min(1),
    fingerprint: z.string().regex(/^[0-9a-f]{32}$/),
    severity: z.enum(['info', 'minor', 'major', 'critical', 'blocker']),
    location: z
      .object({
        // "The file containing the code quality violation, expressed as a relative path in the
        // repository. Do not prefix with `./`."
        path: z.string().min(1).refine((p) => !p.startsWith('./') && !p.startsWith('/') && !p.includes('\\'), 'relative POSIX path in the repository'),
        lines: z.object({ begin: z.number().int().positive(), end: z.number().int().positive() }).strict(),
      })
      .strict(),
  })
  .strict();
const GitlabReport = z.array(GitlabIssue);

describe('--format gitlab', () => {
  it('is a Code Quality report: required fields, paths from the repository root, unique fingerprints', () => {
    const issues = GitlabReport.parse(JSON.parse(EXTRA_FORMATS.gitlab(crafted())));
    expect(issues).toHaveLength(5 + 3);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    const [torch, pickle, first, second, odd] = issues;
    expect(torch).toMatchObject({
      check_name: 'PTL301',
      description: 'PTL301 unsafe-torch-load: `torch.load` without `weights_only=True` unpickles arbitrary objects',
      severity: 'critical', // an error of a security rule with security-severity 8.8
      location: { path: 'proj/pkg/model.py', lines: { begin: 2, end: 2 } },
    });
    expect(pickle!.location.lines).toEqual({ begin: 3, end: 5 });
    expect(second!.severity).toBe('info');
    expect(first!.fingerprint).not.toBe(second!.fingerprint); // identical findings, told apart
    expect(odd!.location.path).toBe(`proj/${ODD}`); // JSON carries the name exactly
    expect(odd!.severity).toBe('minor');
    const notChecked = issues.slice(5);
    expect(notChecked.map((i) => [i.check_name, i.severity, i.location.path])).toEqual([
      [GITLAB_NOT_CHECKED, 'major', '<project>'],
      [GITLAB_NOT_CHECKED, 'minor', 'proj/blob.py'],
      [GITLAB_NOT_CHECKED, 'minor', 'proj/big\ufffe.py'],
    ]);
    expect(notChecked[1]!.description).toBe('pyteam-lint could not check this file: binary file (contains NUL bytes); skipped');
  });

  it('keeps fingerprints when unrelated lines move, as GitLab needs to compare base and head', async () => {
    const body = 'import torch\na = torch.load(p)\nb = torch.load(p)\nc = torch.load(p)\n';
    const fingerprints = async (source: string) => GitlabReport.parse(JSON.parse(EXTRA_FORMATS.gitlab(await linted({ 'm.py': source }, ['PTL301'])))).map((i) => i.fingerprint);
    const before = await fingerprints(body);
    expect(before).toHaveLength(3);
    expect(new Set(before).size).toBe(3);
    expect(await fingerprints(`"""Docstring."""\n\n${body}`)).toEqual(before);
  });

  it('is an empty array for a clean run', () => {
    expect(EXTRA_FORMATS.gitlab(empty())).toBe('[]\n');
  });

  it('writes a name that is not UTF-8 with U+FFFD, so the document stays well-formed UTF-8', () => {
    const text = EXTRA_FORMATS.gitlab(notUtf8());
    expect(text).not.toMatch(/\\ud[89a-f]/i);
    const issues = GitlabReport.parse(JSON.parse(text));
    expect(issues.map((i) => i.location.path)).toEqual(['proj/raw/bad\ufffdname.py', 'proj/raw/bad\ufffdname.py']);
  });
});

// ---------------------------------------------------------------------------------------------
// JUnit XML: well-formed XML 1.0 (checked by the small parser below), in Ruff's layout.

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** The XML 1.0 `Char` production. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

function decodeReferences(s: string, where: string): string {
  return s.replace(/&([^;]*);/g, (ref, body: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (named[body] !== undefined) return named[body]!;
    const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(body);
    if (!m) throw new Error(`${where}: bad reference ${ref}`);
    const cp = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
    const ch = String.fromCodePoint(cp);
    if (NOT_XML_CHAR.test(ch)) throw new Error(`${where}: reference ${ref} to a character XML 1.0 forbids`);
    return ch;
  });
}

/**
 * A strict reader for the XML subset a report uses (declaration, elements, attributes, text, no
 * DTD, comments or CDATA): throws on anything not well-formed — a character XML 1.0 forbids, a
 * stray `<` or `&`, an unquoted or repeated attribute, `]]>` in text, tags that do not nest.
 */
function parseXml(doc: string): XmlElement {
  const bad = NOT_XML_CHAR.exec(doc);
  if (bad) throw new Error(`character U+${bad[0].codePointAt(0)!.toString(16)} is not allowed in XML 1.0`);
  let i = 0;
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>/.exec(doc);
  if (decl) i = decl[0].length;
  const NAME = /[A-Za-z_:][\w.:-]*/y;
  const space = () => {
    while (i < doc.length && /[ \t\r\n]/.test(doc[i]!)) i++;
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(doc);
    if (!m) throw new Error(`expected a name at ${i}`);
    i += m[0].length;
    return m[0];
  };
  const element = (): XmlElement => {
    if (doc[i] !== '<') throw new Error(`expected '<' at ${i}`);
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      space();
      if (doc.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (doc[i] === '>') {
        i++;
        break;
      }
      if (i === before) throw new Error(`expected whitespace before an attribute at ${i}`);
      const attr = name();
      space();
      if (doc[i] !== '=') throw new Error(`expected '=' at ${i}`);
      i++;
      space();
      const quote = doc[i];
      if (quote !== '"' && quote !== "'") throw new Error(`unquoted attribute value at ${i}`);
      const end = doc.indexOf(quote, i + 1);
      if (end < 0) throw new Error('unterminated attribute value');
      const raw = doc.slice(i + 1, end);
      if (raw.includes('<')) throw new Error(`'<' in the value of ${attr}`);
      if (Object.hasOwn(el.attrs, attr)) throw new Error(`attribute ${attr} repeated`);
      // Attribute-value normalisation: literal whitespace becomes a space, references keep theirs.
      el.attrs[attr] = decodeReferences(raw.replace(/[\t\n\r]/g, ' '), attr);
      i = end + 1;
    }
    for (;;) {
      const lt = doc.indexOf('<', i);
      if (lt < 0) throw new Error(`unclosed <${el.name}>`);
      const raw = doc.slice(i, lt);
      if (raw.includes(']]>')) throw new Error("']]>' in character data");
      el.text += decodeReferences(raw, `text of <${el.name}>`);
      i = lt;
      if (doc.startsWith('</', i)) {
        i += 2;
        const closing = name();
        space();
        if (closing !== el.name || doc[i] !== '>') throw new Error(`</${closing}> closes <${el.name}>`);
        i++;
        return el;
      }
      if (doc.startsWith('<!', i) || doc.startsWith('<?', i)) throw new Error(`unexpected markup at ${i}`);
      el.children.push(element());
    }
  };
  space();
  const root = element();
  space();
  if (i !== doc.length) throw new Error(`content after the root element at ${i}`);
  return root;
}

describe('the XML reader used to check JUnit output', () => {
  it('rejects what is not well-formed', () => {
    for (const doc of ['<a>', '<a></b>', '<a x=1/>', '<a x="1" x="2"/>', '<a>&nbsp;</a>', '<a>\u0001</a>', '<a>&#1;</a>', '<a>]]></a>', '<a/><b/>', '<a x="<"/>']) {
      expect(() => parseXml(doc), doc).toThrow();
    }
    expect(parseXml('<a x="1 &amp; 2&#10;">t &lt; u<b/></a>')).toEqual({ name: 'a', attrs: { x: '1 & 2\n' }, children: [{ name: 'b', attrs: {}, children: [], text: '' }], text: 't < u' });
  });
});

describe('--format junit', () => {
  it('is well-formed XML 1.0 with one testsuite per file and one failing testcase per finding', () => {
    const xml = EXTRA_FORMATS.junit(crafted());
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toEqual({ name: 'pyteam-lint', tests: '8', failures: '5', errors: '3' });
    expect(root.children.every((s) => s.name === 'testsuite')).toBe(true);
    for (const s of root.children) {
      const cases = s.children;
      expect(cases.every((c) => c.name === 'testcase' && c.attrs['classname'] !== undefined && c.attrs['name'] !== undefined)).toBe(true);
      expect(Number(s.attrs['tests'])).toBe(cases.length);
      expect(Number(s.attrs['failures'])).toBe(cases.filter((c) => c.children[0]?.name === 'failure').length);
      expect(Number(s.attrs['errors'])).toBe(cases.filter((c) => c.children[0]?.name === 'error').length);
    }
    const names = root.children.map((s) => s.attrs['name']);
    // Sorted by path; control characters shown as escapes (XML 1.0 cannot carry them).
    expect(names).toEqual(['<project>', 'big\\u{fffe}.py', 'blob.py', 'dir with space/we\\x1bird\\nna;me]%&<.py', MODEL]);
    const model = root.children.find((s) => s.attrs['name'] === MODEL)!;
    expect(model.attrs).toMatchObject({ tests: '4', failures: '4', errors: '0', package: 'pyteam-lint' });
    const first = model.children[0]!;
    expect(first.attrs).toEqual({ name: 'pyteam-lint.PTL301', classname: 'pkg/model', line: '2', column: '30' });
    expect(first.children[0]).toMatchObject({
      name: 'failure',
      attrs: { message: '`torch.load` without `weights_only=True` unpickles arbitrary objects', type: 'error' },
      text: 'line 2, col 30, `torch.load` without `weights_only=True` unpickles arbitrary objects',
    });
    const odd = root.children.find((s) => s.attrs['name']!.startsWith('dir with space'))!;
    expect(odd.children[0]!.children[0]!.attrs['message']).toBe('a message with\\x00NUL, \\x1b[2J, "quotes", <angle> & a bidi \\u{202e} override\\r\\nand a line break; 100%');
    const project = root.children[0]!;
    expect(project.children[0]!.attrs).toEqual({ name: 'pyteam-lint.file-not-checked', classname: 'pyteam-lint' });
    expect(project.children[0]!.children[0]).toMatchObject({ name: 'error', attrs: { type: 'internal' }, text: 'internal error in rule PTL701 (layer-violation): boom' });
  });

  it('shows a byte of a name that is not UTF-8 as \\xNN', () => {
    const root = parseXml(EXTRA_FORMATS.junit(notUtf8()));
    expect(root.children.map((s) => s.attrs['name'])).toEqual(['raw/bad\\x80name.py']);
  });

  it('is one passing testcase for a clean run, as Ruff writes it', () => {
    const root = parseXml(EXTRA_FORMATS.junit(empty()));
    expect(root.attrs).toEqual({ name: 'pyteam-lint', tests: '0', failures: '0', errors: '0' });
    expect(root.children).toHaveLength(1);
    expect(root.children[0]!.children).toEqual([{ name: 'testcase', attrs: { name: 'No errors found', classname: 'pyteam-lint' }, children: [], text: '' }]);
  });

  it('escapes text and attributes, and replaces what XML 1.0 forbids even as a reference', () => {
    const nasty = 'a\u0000b\u0008c\u000bd\u001fe\u007ff\u0085g\ufffeh\uffffi\ud800j\udc80k]]>l\tm"n\'o&p<q';
    const doc = `<t a="${xmlAttribute(nasty)}">${xmlText(nasty)}</t>`;
    const el = parseXml(doc);
    const shown = 'a\\x00b\\x08c\\x0bd\\x1fe\\x7ff\\u{85}g\\u{fffe}h\\u{ffff}i\\u{d800}j\\x80k]]>l\tm"n\'o&p<q';
    expect(el.text).toBe(shown);
    expect(el.attrs['a']).toBe(shown); // the tab survives attribute-value normalisation as &#9;
  });
});

// ---------------------------------------------------------------------------------------------
// Pylint's parseable format: `{path}:{line}: [{msg_id}({symbol}), {obj}] {msg}`.

const PYLINT = /^(?<path>[^\r\n]+):(?<line>[1-9]\d*): \[(?<id>[A-Za-z][\w-]*)\((?<symbol>[a-z][\w-]*)\), (?<obj>[^\]\r\n]*)\] (?<msg>[^\r\n]*)$/;
/** The Jenkins Warnings plugin's historical PyLint pattern. */
const WARNINGS_PLUGIN = /(.*):(\d+): \[(\D\d*).*\] (.*)/;

describe('--format pylint', () => {
  it("writes Pylint's parseable line for each finding and each file not checked", () => {
    const lines = EXTRA_FORMATS.pylint(crafted()).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(8);
    for (const line of lines) {
      expect(line, line).toMatch(PYLINT);
      expect(line).toMatch(WARNINGS_PLUGIN);
    }
    expect(lines[0]).toBe('pkg/model.py:2: [PTL301(unsafe-torch-load), ] `torch.load` without `weights_only=True` unpickles arbitrary objects');
    expect(lines[1]).toMatch(/^pkg\/model\.py:3: \[PTL302\(unsafe-deserialization\), \] /);
    expect(PYLINT.exec(lines[4]!)!.groups!['path']).toBe('dir with space/we\\x1bird\\nna;me]%&<.py');
    expect(lines[4]).toContain('\\r\\nand a line break');
    expect(lines.slice(5)).toEqual([
      '<project>:1: [pyteam-lint(file-not-checked), ] internal error in rule PTL701 (layer-violation): boom',
      'blob.py:1: [pyteam-lint(file-not-checked), ] binary file (contains NUL bytes); skipped',
      'big\ufffe.py:1: [pyteam-lint(file-not-checked), ] file is 3.0 MiB, larger than max-file-size (1.0 MiB); skipped',
    ]);
  });

  it('is empty for a clean run', () => {
    expect(EXTRA_FORMATS.pylint(empty())).toBe('');
  });
});

// ---------------------------------------------------------------------------------------------
// Azure Pipelines logging commands (learn.microsoft.com/azure/devops/pipelines/scripts/logging-commands,
// escaping as azure-pipelines-task-lib's taskcommand.ts).

const AZURE = /^##vso\[task\.logissue type=(?<type>error|warning);(?:sourcepath=(?<sourcepath>[^;\]\r\n]*);)?(?:linenumber=(?<line>[1-9]\d*);columnnumber=(?<column>[1-9]\d*);code=(?<code>[^;\]\r\n]+);)?\](?<message>[^\r\n]*)$/;
const unescapeAzure = (s: string) => s.replace(/%3B/g, ';').replace(/%5D/g, ']').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%AZP25/g, '%');

describe('--format azure', () => {
  it('escapes data and properties as the task library does', () => {
    expect(azureEscapeData('100% done\r\nnext; ]')).toBe('100%AZP25 done%0D%0Anext; ]');
    expect(azureEscapeProperty('a;b]c%d\ne')).toBe('a%3Bb%5Dc%AZP25d%0Ae');
  });

  it('writes one logissue command per finding and file not checked, with absolute source paths', () => {
    const lines = EXTRA_FORMATS.azure(crafted()).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(8);
    const parsed = lines.map((line) => {
      const m = AZURE.exec(line);
      expect(m, line).not.toBeNull();
      return m!.groups!;
    });
    expect(lines[0]).toBe(
      `##vso[task.logissue type=error;sourcepath=${path.join(CWD, 'pkg', 'model.py')};linenumber=2;columnnumber=30;code=PTL301;]` +
        'PTL301 unsafe-torch-load: `torch.load` without `weights_only=True` unpickles arbitrary objects [python-security-reviewer]',
    );
    expect(parsed.map((g) => g['type'])).toEqual(['error', 'error', 'error', 'warning', 'warning', 'error', 'error', 'error']);
    // The odd path: `;`, `]`, `%` and the line break escaped as Azure reads them, ESC shown.
    expect(unescapeAzure(parsed[4]!['sourcepath']!)).toBe(path.resolve(CWD, 'dir with space/we\\x1bird\nna;me]%&<.py'));
    expect(unescapeAzure(parsed[4]!['message']!)).toContain('with\\x00NUL, \\x1b[2J, "quotes", <angle> & a bidi \\u{202e} override\r\nand a line break; 100%');
    expect(parsed[4]!['message']).not.toMatch(/%(?!AZP25|0D|0A)/); // every literal % escaped
    expect(parsed[5]).toMatchObject({ sourcepath: undefined, line: undefined, message: 'pyteam-lint could not check this file: internal error in rule PTL701 (layer-violation): boom' });
    expect(parsed[6]!['sourcepath']).toBe(path.join(CWD, 'blob.py'));
  });

  it('is empty for a clean run', () => {
    expect(EXTRA_FORMATS.azure(empty())).toBe('');
  });
});

// ---------------------------------------------------------------------------------------------
// reviewdog's Diagnostic Format (proto/rdf/reviewdog.proto), strict: reviewdog reads it with
// protojson, which rejects unknown fields.

const RdPosition = z.object({ line: z.number().int().positive(), column: z.number().int().positive().optional() }).strict();
const RdRange = z.object({ start: RdPosition, end: RdPosition.optional() }).strict();
const RdSeverity = z.enum(['UNKNOWN_SEVERITY', 'ERROR', 'WARNING', 'INFO']);
const RdSource = z.object({ name: z.string().min(1), url: z.string().url().optional() }).strict();
const RdDiagnostic = z
  .object({
    message: z.string().min(1),
    location: z.object({ path: z.string(), range: RdRange.optional() }).strict(),
    severity: RdSeverity.optional(),
    source: RdSource.optional(),
    code: z.object({ value: z.string().min(1), url: z.string().url().optional() }).strict().optional(),
    suggestions: z.array(z.object({ range: RdRange, text: z.string() }).strict()).optional(),
    original_output: z.string().optional(),
  })
  .strict();
const RdDiagnosticResult = z.object({ diagnostics: z.array(RdDiagnostic), source: RdSource.optional(), severity: RdSeverity.optional() }).strict();

describe('--format rdjson', () => {
  it("counts columns in UTF-8 bytes, as the proto's own example", () => {
    // 'a𐐀b': a is 1, 𐐀 is 2, b is 6 — in UTF-16 they are 1, 2 and 4.
    expect([1, 2, 4].map((c) => utf8Column('a\u{10400}b', c))).toEqual([1, 2, 6]);
    expect(utf8Column('ab', 4)).toBe(4); // past the end: the line break, one byte per unit
  });

  it('is a DiagnosticResult with byte columns, exclusive ends, codes and suggestions for fixes', () => {
    const doc = RdDiagnosticResult.parse(JSON.parse(EXTRA_FORMATS.rdjson(crafted())));
    expect(doc.source).toEqual({ name: 'pyteam-lint', url: 'https://github.com/pyteam-lint/pyteam-lint' });
    expect(doc.severity).toBe('ERROR');
    expect(doc.diagnostics).toHaveLength(8);
    const [torch, pickle, first, second, odd] = doc.diagnostics;
    // `label = "caméra 📷"; state = ` is 29 UTF-16 units and 32 UTF-8 bytes (é 2, 📷 4).
    expect(torch!.location).toEqual({ path: MODEL, range: { start: { line: 2, column: 33 }, end: { line: 2, column: 46 } } });
    expect(torch!.code).toEqual({ value: 'PTL301' });
    expect(torch!.message).toContain('unsafe, it may change behaviour');
    // The insertion before `)` of line 2 (UTF-16 column 42, UTF-8 column 45): a zero-width range.
    expect(torch!.suggestions).toEqual([{ range: { start: { line: 2, column: 45 }, end: { line: 2, column: 45 } }, text: ', weights_only=True' }]);
    expect(pickle!.location.range).toEqual({ start: { line: 3, column: 8 }, end: { line: 5, column: 2 } });
    expect(pickle!.suggestions).toBeUndefined();
    expect(first!.message).toBe('same call, first'); // a safe fix says nothing more
    expect(first!.suggestions).toEqual([{ range: { start: { line: 6, column: 17 }, end: { line: 6, column: 17 } }, text: ', weights_only=True' }]);
    expect(second!.severity).toBe('INFO');
    expect(odd!.location.path).toBe(ODD);
    expect(odd!.severity).toBe('WARNING');
    expect(doc.diagnostics.slice(5).map((d) => [d.location, d.severity, d.code?.value])).toEqual([
      [{ path: '<project>' }, 'ERROR', 'file-not-checked'],
      [{ path: 'blob.py' }, 'ERROR', 'file-not-checked'],
      [{ path: 'big\ufffe.py' }, 'ERROR', 'file-not-checked'],
    ]);
  });

  it('converts the columns of real findings through their line text', async () => {
    const report = await linted({ 'cams.py': 'import torch\nlabel = "caméra 📷"; state = torch.load(p)\n' }, ['PTL301']);
    const doc = RdDiagnosticResult.parse(JSON.parse(EXTRA_FORMATS.rdjson(report)));
    expect(report.findings[0]).toMatchObject({ line: 2, column: 30, endColumn: 43 });
    expect(doc.diagnostics[0]!.location.range).toEqual({ start: { line: 2, column: 33 }, end: { line: 2, column: 46 } });
    // Applying the suggestion at its byte column gives the text the fix gives.
    const line = Buffer.from('label = "caméra 📷"; state = torch.load(p)', 'utf8');
    const s = doc.diagnostics[0]!.suggestions![0]!;
    const fixed = Buffer.concat([line.subarray(0, s.range.start.column! - 1), Buffer.from(s.text), line.subarray(s.range.end!.column! - 1)]).toString('utf8');
    expect(fixed).toBe('label = "caméra 📷"; state = torch.load(p, weights_only=True)');
  });

  it('keeps the UTF-16 columns and drops fixes when the text cannot be read again', () => {
    const report = { ...crafted(), sourceOf: () => undefined };
    const doc = RdDiagnosticResult.parse(JSON.parse(EXTRA_FORMATS.rdjson(report)));
    expect(doc.diagnostics[0]!.location.range).toEqual({ start: { line: 2, column: 30 }, end: { line: 2, column: 43 } });
    expect(doc.diagnostics[0]!.suggestions).toBeUndefined();
  });

  it('writes a name that is not UTF-8 with U+FFFD: protojson rejects a lone surrogate', () => {
    const text = EXTRA_FORMATS.rdjson(notUtf8());
    expect(text).not.toMatch(/\\ud[89a-f]/i);
    const doc = RdDiagnosticResult.parse(JSON.parse(text));
    expect(doc.diagnostics.map((d) => d.location.path)).toEqual(['raw/bad\ufffdname.py', 'raw/bad\ufffdname.py']);
    expect(doc.diagnostics.some((d) => LONE.test(d.message))).toBe(false);
  });

  it('has no diagnostics and no overall severity for a clean run', () => {
    expect(RdDiagnosticResult.parse(JSON.parse(EXTRA_FORMATS.rdjson(empty())))).toEqual({ source: { name: 'pyteam-lint', url: 'https://github.com/pyteam-lint/pyteam-lint' }, diagnostics: [] });
  });
});

// ---------------------------------------------------------------------------------------------
// JSON Lines (jsonlines.org): one valid JSON value per line, LF-terminated, UTF-8.

describe('--format json-lines', () => {
  it("is one object per finding per line, each the object of --format json's findings array", () => {
    const report = crafted();
    const out = EXTRA_FORMATS['json-lines'](report);
    const lines = out.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(report.findings.length);
    const objects = lines.map((l) => JSON.parse(l) as Json);
    expect(objects).toEqual(report.findings.map(findingJson));
    expect(objects).toEqual((JSON.parse(renderJson(report)) as Json).findings);
    expect(objects[4].path).toBe(ODD); // a line break in a value stays inside its line
  });

  it('is empty for a clean run', () => {
    expect(EXTRA_FORMATS['json-lines'](empty())).toBe('');
  });
});

// ---------------------------------------------------------------------------------------------
// SARIF: GitHub rejects a run with more than 25,000 results and shows the top 5,000 of one.

const schema = JSON.parse(readFileSync(path.join(ROOT, 'tests', 'data', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
// CommonJS modules whose `default` export is the callable under NodeNext resolution.
const Ajv = (AjvModule as unknown as { default: typeof AjvModule.default }).default;
const addFormats = (addFormatsModule as unknown as { default: typeof addFormatsModule.default }).default;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateSarif = ajv.compile(schema);

function validSarif(text: string): Json {
  const doc = JSON.parse(text) as Json;
  validateSarif(doc);
  expect(validateSarif.errors ?? [], 'valid against the SARIF 2.1.0 schema').toEqual([]);
  return doc;
}

describe('the SARIF result cap', () => {
  it('states the limits GitHub documents, with an accurate warning', () => {
    expect(GITHUB_RESULT_LIMIT).toBe(25_000);
    expect(GITHUB_DISPLAY_LIMIT).toBe(5_000);
    expect(sarifCapWarning(5_000)).toBeNull();
    expect(sarifCapWarning(5_001)).toBe('5,001 results; GitHub code scanning shows only the top 5,000 of a SARIF run, by severity');
    expect(sarifCapWarning(25_000)).toBe('25,000 results; GitHub code scanning shows only the top 5,000 of a SARIF run, by severity');
    expect(sarifCapWarning(1_234_567)).toBe(
      '1,234,567 results; GitHub code scanning rejects a SARIF run with more than 25,000, so the SARIF keeps the 25,000 most severe and leaves out 1,209,567 (GitHub then shows only the top 5,000, by severity)',
    );
  });

  it('keeps the most severe, in report order, and the earliest among equals', () => {
    const items = ['w1', 'e1', 'w2', 'n1', 'e2', 'w3'];
    const rank = (s: string) => [s[0] === 'e' ? 0 : s[0] === 'w' ? 1 : 2, 0] as const;
    expect(capResults(items, rank, 4)).toEqual({ kept: ['w1', 'e1', 'w2', 'e2'], omitted: 2 });
    expect(capResults(items, rank, 6)).toEqual({ kept: items, omitted: 0 });
    expect(capResults(['a', 'b', 'c'], (s) => [0, s === 'c' ? 8.8 : 0] as const, 1)).toEqual({ kept: ['c'], omitted: 2 });
  });

  it('caps a run of 25,001 results at 25,000 with a notification, and stays valid SARIF', () => {
    const lines = 25_001;
    const text = Array.from({ length: lines }, (_, i) => `x${i} = torch.load(p)`).join('\n');
    const base = crafted();
    const findings: Finding[] = Array.from({ length: lines - 1 }, (_, i) => make('PTL301', 'a.py', [i + 1, 5 + String(i).length, i + 1, 18 + String(i).length], 'load', null, 'warning'));
    // The last result in report order is the only error: the cap must keep it and drop the last warning.
    findings.push(make('PTL301', 'z.py', [1, 1, 1, 14], 'the one error'));
    const report: RunReport = { ...base, findings, errors: [], sourceOf: (p) => (p === 'a.py' ? text : p === 'z.py' ? 'torch.load(p)\n' : undefined) };
    const doc = validSarif(renderSarif(report));
    const run = doc.runs[0];
    expect(run.results).toHaveLength(GITHUB_RESULT_LIMIT);
    expect(run.results.at(-1).message.text).toBe('the one error');
    expect(run.results.at(-2).locations[0].physicalLocation.region.startLine).toBe(lines - 2);
    const fingerprints = run.results.map((r: Json) => r.partialFingerprints['pyteamLint/v1']);
    expect(new Set(fingerprints).size).toBe(GITHUB_RESULT_LIMIT);
    expect(run.invocations[0].toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        message: { text: expect.stringMatching(/^1 of 25001 results were left out of this run: GitHub code scanning rejects a run with more than 25000 results\./) },
        properties: { omittedResults: 1, resultLimit: GITHUB_RESULT_LIMIT },
      },
    ]);
    expect(sarifCapWarning(findings.length)).toMatch(/leaves out 1 /);
  });

  it('writes a name that is not UTF-8 as its exact bytes in the artifact URI (it used to throw)', () => {
    expect(toUriReference('dir with space/\u00fcn\u00ef.py')).toBe('dir%20with%20space/%C3%BCn%C3%AF.py');
    expect(toUriReference('raw/bad\udc80name\udcff.py')).toBe('raw/bad%80name%FF.py');
    expect(toUriReference('a\ud800b/\u{1f4f7}')).toBe('a%EF%BF%BDb/%F0%9F%93%B7');
    const doc = validSarif(renderSarif(notUtf8()));
    expect(doc.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('proj/raw/bad%80name.py');
    expect(doc.runs[0].invocations[0].toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation.uri).toBe('proj/raw/bad%80name.py');
  });

  it('leaves a run within the limit alone, file notifications included', () => {
    const doc = validSarif(renderSarif(crafted()));
    const run = doc.runs[0];
    expect(run.results).toHaveLength(5);
    expect(run.invocations[0].toolExecutionNotifications.map((n: Json) => n.level)).toEqual(['error', 'warning', 'warning']);
    expect(run.invocations[0].executionSuccessful).toBe(false);
  });
});
