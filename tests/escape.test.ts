/**
 * Output hardening: control characters from file names, string literals and messages are shown
 * escaped in the terminal, GitHub and brief outputs, never obeyed, and every shell command a brief
 * suggests passes its file name as exactly one word. The end-to-end cases run the CLI from the
 * source (`run(argv, io)`), not the built binary, so they test the tree as it is.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as runCli, type Io } from '../src/cli/main.js';
import type { Finding } from '../src/engine/lint.js';
import { renderBrief } from '../src/report/brief.js';
import { codeSpan, escapeForTerminal, needsEscape, posixShellQuote, shellWordForDisplay } from '../src/report/escape.js';
import { renderGithub, renderSummaryMarkdown } from '../src/report/github.js';
import { renderText } from '../src/report/text.js';
import type { RunReport, TextStyle } from '../src/report/types.js';
import { tempDir } from './spawn.js';

/** Any character the outputs must never carry raw (TAB aside). */
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

/** Runs a POSIX shell line in `cwd` and returns its stdout bytes. */
function sh(line: string, cwd = process.cwd()): Buffer {
  const r = spawnSync('sh', ['-c', line], { cwd });
  expect(r.status, r.stderr.toString()).toBe(0);
  return r.stdout;
}

/** The words a shell line passes to `args`, each as its exact bytes. */
function wordsOf(line: string, cwd?: string): Buffer[] {
  const out = sh(`args() { for a in "$@"; do printf '%s\\0' "$a"; done; }; args ${line}`, cwd);
  const words: Buffer[] = [];
  for (let start = 0, i = out.indexOf(0); i >= 0; start = i + 1, i = out.indexOf(0, start)) words.push(out.subarray(start, i));
  return words;
}

describe('escapeForTerminal', () => {
  it('writes LF and CR as \\n and \\r, other C0 controls and DEL as \\xHH, and keeps TAB', () => {
    expect(escapeForTerminal('\x1b]0;title\x07\x1b[2J')).toBe('\\x1b]0;title\\x07\\x1b[2J');
    expect(escapeForTerminal('a\nb\rc\r\n')).toBe('a\\nb\\rc\\r\\n');
    expect(escapeForTerminal('\x00\x08\x0b\x0c\x1f\x7f')).toBe('\\x00\\x08\\x0b\\x0c\\x1f\\x7f');
    expect(escapeForTerminal('a\tb')).toBe('a\tb');
  });

  it('writes C1 controls, bidi controls and line separators as \\u{…} code points', () => {
    expect(escapeForTerminal('\x80\x85\x9b2J\x9f')).toBe('\\u{80}\\u{85}\\u{9b}2J\\u{9f}');
    expect(escapeForTerminal('if x\u202e \u2066admin\u2069\u200e\u200f\u061c\u202a')).toBe(
      'if x\\u{202e} \\u{2066}admin\\u{2069}\\u{200e}\\u{200f}\\u{61c}\\u{202a}',
    );
    expect(escapeForTerminal('a\u2028b\u2029')).toBe('a\\u{2028}b\\u{2029}');
  });

  it('writes a surrogateescape surrogate as the byte it stands for, any other lone surrogate as \\u{…}', () => {
    expect(escapeForTerminal('caf\udce9.py')).toBe('caf\\xe9.py');
    expect(escapeForTerminal('\udc80\udcff')).toBe('\\x80\\xff');
    expect(escapeForTerminal('\ud800x\udc00\udc7f\udd00')).toBe('\\u{d800}x\\u{dc00}\\u{dc7f}\\u{dd00}');
    expect(escapeForTerminal('\udbff')).toBe('\\u{dbff}');
  });

  it('keeps backslashes, printable Unicode and real astral characters as they are', () => {
    for (const s of ['C:\\Users\\x\\model.pt', 're.compile(r"\\d+\\n")', 'naïve_модель_模型.py', 'emoji 😀 \ud83d\ude00', '\u00a0\u00ff\u2030']) {
      expect(escapeForTerminal(s)).toBe(s);
      expect(needsEscape(s)).toBe(false);
    }
    expect(needsEscape('x\x1b')).toBe(true);
  });

  it('leaves nothing raw that a terminal would act on, and is idempotent', () => {
    let all = '';
    for (let c = 0; c < 0x3000; c++) all += String.fromCharCode(c);
    all += '\ud800\udc00\udcff\ud800';
    const once = escapeForTerminal(all);
    expect(once).not.toMatch(RAW_CONTROL);
    expect(once).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    expect(escapeForTerminal(once)).toBe(once);
  });
});

describe('posixShellQuote', () => {
  it('leaves plain names alone and single-quotes the rest', () => {
    expect(posixShellQuote('src/pipeline/detector_v2.py')).toBe('src/pipeline/detector_v2.py');
    expect(posixShellQuote('a=b@c%d+e,f:g-h.py')).toBe('a=b@c%d+e,f:g-h.py');
    expect(posixShellQuote('a;touch INJECTED;b.py')).toBe("'a;touch INJECTED;b.py'");
    expect(posixShellQuote("it's.py")).toBe("'it'\\''s.py'");
    expect(posixShellQuote('')).toBe("''");
    expect(posixShellQuote('~/x.py')).toBe("'~/x.py'");
  });

  it('gives sh back the exact name as one word, whatever it holds', () => {
    const names = ['a;touch INJECTED;b.py', "q'$(touch INJECTED)`x`.py", 'sp ace\t*?[a].py', 'nl\nname\n', 'esc\x1b[2J\x07.py', '$HOME "x" \\n.py', '!#&|<>(){}'];
    const dir = tempDir();
    for (const name of names) expect(wordsOf(posixShellQuote(name), dir).map((w) => w.toString('utf8'))).toEqual([name]);
    expect(existsSync(path.join(dir, 'INJECTED'))).toBe(false);
  });
});

describe('shellWordForDisplay', () => {
  it('is posixShellQuote when there is nothing to escape', () => {
    expect(shellWordForDisplay("a;touch INJECTED;b'.py")).toBe(posixShellQuote("a;touch INJECTED;b'.py"));
  });

  it('writes control characters as printf octal escapes, and sh gives back the exact bytes', () => {
    const cases: Array<[string, Buffer]> = [
      ['a\nb.py', Buffer.from('a\nb.py')],
      ["x\x1b]0;t\x07'%s\\n$(touch INJECTED)\r.py", Buffer.from("x\x1b]0;t\x07'%s\\n$(touch INJECTED)\r.py")],
      ['caf\udce9\u202e.py', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0xe2, 0x80, 0xae, 0x2e, 0x70, 0x79])],
      ['\x85 ü 😀', Buffer.from('\x85 ü 😀', 'utf8')],
    ];
    const dir = tempDir();
    for (const [name, bytes] of cases) {
      const word = shellWordForDisplay(name)!;
      expect(word).not.toMatch(RAW_CONTROL);
      expect(word).toMatch(/^"\$\(printf '.*'\)"$/);
      expect(wordsOf(word, dir)).toEqual([bytes]);
    }
    expect(shellWordForDisplay('a\nb.py')).toBe(`"$(printf 'a\\012b.py')"`);
    expect(existsSync(path.join(dir, 'INJECTED'))).toBe(false);
  });

  it('has no one-line word for a name that ends in a newline or holds a surrogate that is no byte', () => {
    expect(shellWordForDisplay('x.py\n')).toBeNull();
    expect(shellWordForDisplay('x\ud800.py')).toBeNull();
  });
});

describe('codeSpan', () => {
  it('uses a delimiter longer than any backtick run in the text', () => {
    expect(codeSpan('a.py:1:2')).toBe('`a.py:1:2`');
    expect(codeSpan('x`y.py')).toBe('``x`y.py``');
    expect(codeSpan('a``b`c')).toBe('```a``b`c```');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
    expect(codeSpan(' x ')).toBe('`  x  `');
  });
});

// --- the outputs -------------------------------------------------------------------------------

const PLAIN: TextStyle = { bold: (s) => s, dim: (s) => s, red: (s) => s, yellow: (s) => s, cyan: (s) => s, blue: (s) => s };

function finding(over: Partial<Finding>): Finding {
  return {
    code: 'PTL301',
    name: 'unsafe-torch-load',
    agent: 'python-security-reviewer',
    severity: 'error',
    path: 'x.py',
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    message: 'a message',
    fix: null,
    ...over,
  };
}

function report(findings: Finding[], sources: Record<string, string>, errors: RunReport['errors'] = []): RunReport {
  return {
    findings,
    errors,
    files: 1,
    rules: [],
    tool: { name: 'pyteam-lint', version: '0', informationUri: '' },
    cwd: '/p',
    srcRoot: '/p',
    sourceOf: (p) => sources[p],
  };
}

describe('the full form', () => {
  it('lines the caret up with the escaped snippet', () => {
    // `x = "\x1b[2J"` is 13 columns shown, so the tab takes 3 and `torch` starts at (0-based) column 18.
    const line = 'x = "\x1b[2J"\t; torch.load(p)';
    const column = line.indexOf('torch') + 1;
    const out = renderText(report([finding({ column, endColumn: column + 'torch.load(p)'.length })], { 'x.py': line }), PLAIN, 'full', true);
    const lines = out.split('\n');
    const shown = lines.find((l) => l.startsWith('1 | '))!;
    const caret = lines.find((l) => l.includes('^'))!;
    expect(shown).toBe('1 | x = "\\x1b[2J"   ; torch.load(p)');
    expect(caret.indexOf('^') - 4).toBe(shown.indexOf('torch') - 4);
    expect(caret.trimEnd().length).toBe(shown.length);
  });

  it('underlines an escaped character with its whole escape', () => {
    const out = renderText(report([finding({ column: 2, endColumn: 3 })], { 'x.py': 'a\u202eb' }), PLAIN, 'full', true);
    expect(out).toContain('1 | a\\u{202e}b\n  |  ^^^^^^^^\n');
  });
});

describe('GitHub output', () => {
  it('encodes CR and LF as workflow commands require and escapes every other control character', () => {
    const f = finding({ path: 'a\x1b[2J\nb.py', message: 'bad\x07 \x1b]0;x\x07\n::add-mask::x' });
    const out = renderGithub(report([f], {}, [{ path: 'c\x9b.py', message: 'e\x1b' }]));
    expect(out).not.toMatch(RAW_CONTROL);
    expect(out.trimEnd().split('\n')).toEqual([
      '::error file=a\\x1b[2J%0Ab.py,line=1,col=1,endLine=1,endColumn=2,title=PTL301 unsafe-torch-load::bad\\x07 \\x1b]0;x\\x07%0A::add-mask::x [python-security-reviewer]',
      '::error file=c\\u{9b}.py,title=pyteam-lint could not check this file::e\\x1b',
    ]);
  });

  it('keeps the step summary one table and one list item per file', () => {
    const out = renderSummaryMarkdown(report([finding({})], {}, [{ path: 'a|b`c\n## forged.py', message: 'x\n- y\x1b' }]));
    expect(out).not.toMatch(RAW_CONTROL);
    expect(out).toContain('| PTL301 | `unsafe-torch-load` | python-security-reviewer | 1 |');
    expect(out).toContain('- ``a|b`c\\n## forged.py``: x\\n- y\\x1b\n');
    expect(out).not.toMatch(/^## forged/m);
  });
});

describe('the brief', () => {
  it('keeps a file name inside its code span and its heading', () => {
    const f = finding({ path: 'x` **y**\n## forged `.py', message: 'm\n## forged too' });
    const out = renderBrief(report([f], { [f.path]: 'import torch\n' }));
    expect(out).not.toMatch(RAW_CONTROL);
    expect(out).not.toMatch(/^## forged/m);
    expect(out).toContain('#### 1. ``x` **y**\\n## forged `.py:1:1``\n\nm\\n## forged too\n');
  });

  it('escapes excerpts and patches, keeping a CRLF file\'s line endings in the patch', () => {
    const source = 'import torch\r\nx = "\x1b[2J"; torch.load(p)\r\n';
    const column = 'x = "\x1b[2J"; '.length + 1;
    const end = column + 'torch.load(p)'.length;
    const insertAt = source.indexOf('p)') + 1;
    const f = finding({
      path: 'a\nb.py',
      line: 2,
      column,
      endLine: 2,
      endColumn: end,
      fix: { applicability: 'unsafe', title: 'Add weights_only=True\x1b', edits: [{ start: insertAt, end: insertAt, text: ', weights_only=True' }] },
    });
    const out = renderBrief(report([f], { [f.path]: source }));
    expect(out.replace(/\r\n/g, '\n')).not.toMatch(RAW_CONTROL);
    expect(out).toContain('> 2 | x = "\\x1b[2J"; torch.load(p)\n');
    expect(out).toContain('--- "a/a\\nb.py"\n+++ "b/a\\nb.py"\n');
    expect(out).toContain('+x = "\\x1b[2J"; torch.load(p, weights_only=True)\r\n');
    expect(out).toContain('Add weights_only=True\\x1b.');
    expect(out).toContain(`\`pyteam-lint --fix --unsafe-fixes --select PTL301 "$(printf 'a\\012b.py')"\` applies it`);
  });

  it('names a file whose name cannot go on one command line instead of giving a wrong command', () => {
    const f = finding({ path: 'x.py\n', fix: { applicability: 'safe', title: 't', edits: [] } });
    const out = renderBrief(report([f], {}));
    expect(out).toContain('`pyteam-lint --fix --select PTL301 FILE`, with FILE this file\'s name, applies it');
  });

  it('puts ./ before a name that would read as an option', () => {
    const f = finding({ path: '-rf.py', fix: { applicability: 'safe', title: 't', edits: [] } });
    expect(renderBrief(report([f], {}))).toContain('`pyteam-lint --fix --select PTL301 ./-rf.py` applies it');
  });
});

// --- end to end: the CLI from the source ---------------------------------------------------------

const HOSTILE_LITERAL = '\x1b]0;x\x07\x1b[2J';
const UNSAFE = 'import torch\n\nstate = torch.load(p)\n';
const NAMES = { literal: 'evil.py', newline: 'a\nb.py', semicolon: 'a;touch INJECTED;b.py', quotes: "q'$(touch INJECTED)`x`.py", binary: 'nul\x1b]0;x\x07.py' };

function hostileProject(): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'src', NAMES.literal), `import torch\n\nstate = torch.load("${HOSTILE_LITERAL}")\n`);
  for (const name of [NAMES.newline, NAMES.semicolon, NAMES.quotes]) writeFileSync(path.join(dir, 'src', name), UNSAFE);
  writeFileSync(path.join(dir, 'src', NAMES.binary), Buffer.from([0x78, 0x00, 0x79]));
  return dir;
}

async function cli(argv: string[], cwd: string): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: () => {
      throw new Error('these tests give no standard input');
    },
    isTty: false,
    env: { NO_COLOR: '', PYTEAM_LINT_NO_CACHE: '1' },
    cwd,
  };
  const status = await runCli(argv, io);
  return { status, stdout, stderr };
}

describe('the CLI on a project with hostile names and literals', () => {
  const dir = hostileProject();
  const outputs = Promise.all(
    (['full', 'concise', 'github', 'brief'] as const).map(async (format) => [format, await cli(['--format', format, '--select', 'PTL301', 'src'], dir)] as const),
  );

  it('finds what the files hold (the names reach the engine)', async () => {
    const json = JSON.parse((await cli(['--format', 'json', '--select', 'PTL301', 'src'], dir)).stdout) as { findings: Finding[]; errors: Array<{ path: string }> };
    expect(json.findings.map((f) => f.path).sort()).toEqual([NAMES.newline, NAMES.semicolon, NAMES.literal, NAMES.quotes].map((n) => `src/${n}`).sort());
    expect(json.errors.map((e) => e.path)).toEqual([`src/${NAMES.binary}`]);
  });

  it('lets no raw control character or newline-in-a-name reach full, concise, github or brief output', async () => {
    for (const [format, r] of await outputs) {
      expect(r.status, format).toBe(1);
      expect(r.stdout.replace(/\r\n/g, '\n'), format).not.toMatch(RAW_CONTROL);
      expect(r.stdout, format).not.toContain('a\nb.py');
      expect(r.stdout, format).toContain(format === 'github' ? 'file=src/a%0Ab.py,' : 'a\\nb.py');
      expect(r.stdout, format).toContain('nul\\x1b]0;x\\x07.py');
      if (format !== 'concise' && format !== 'github') expect(r.stdout, format).toContain('torch.load("\\x1b]0;x\\x07\\x1b[2J")');
    }
  });

  it('puts each finding on its own line in concise output', async () => {
    const concise = (await outputs).find(([f]) => f === 'concise')![1].stdout;
    const findingLines = concise.split('\n').filter((l) => / PTL301 /.test(l));
    expect(findingLines).toHaveLength(4);
    expect(findingLines.every((l) => l.startsWith('src/'))).toBe(true);
    expect(concise).toContain('src/a\\nb.py:3:9: PTL301');
  });

  it('suggests fix commands that, run by sh, pass the exact file name as one argument and run nothing else', async () => {
    const brief = (await outputs).find(([f]) => f === 'brief')![1].stdout;
    const commands = [...brief.matchAll(/(`+)pyteam-lint (--fix .*?)\1 applies it/g)].map((m) => m[2]!);
    expect(commands).toHaveLength(4);
    const passed = commands.map((c) => {
      const words = wordsOf(c, dir).map((w) => w.toString('utf8'));
      expect(words.slice(0, -1)).toEqual(['--fix', '--unsafe-fixes', '--select', 'PTL301']);
      return words.at(-1);
    });
    expect(passed.sort()).toEqual([NAMES.newline, NAMES.semicolon, NAMES.literal, NAMES.quotes].map((n) => `src/${n}`).sort());
    expect(existsSync(path.join(dir, 'INJECTED'))).toBe(false);
    expect(existsSync(path.join(dir, 'src', 'INJECTED'))).toBe(false);
  });

  it('applies the fix when the suggested command is run for real', async () => {
    const brief = (await outputs).find(([f]) => f === 'brief')![1].stdout;
    const command = /`pyteam-lint (--fix .*?"\$\(printf 'src\/a\\012b\.py'\)")` applies it/.exec(brief);
    expect(command).not.toBeNull();
    const copy = hostileProject();
    const argv = wordsOf(command![1]!, copy).map((w) => w.toString('utf8'));
    await cli(argv, copy);
    expect(readFileSync(path.join(copy, 'src', NAMES.newline), 'utf8')).toContain('torch.load(p, weights_only=True)');
    expect(readFileSync(path.join(copy, 'src', NAMES.semicolon), 'utf8')).toBe(UNSAFE);
  });
});
