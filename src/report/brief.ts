/**
 * `--format brief`: a Markdown task list per team role, deterministic and without any model call.
 * For each role with work: what it owns, then its findings grouped by rule, each with the rule's
 * why and good example (once per rule), the file and the lines around the finding, and the
 * deterministic fix as a patch when there is one. This is what a team hands its agents; the agent
 * proposes a patch and `pyteam-lint verify` (or the MCP tool `verify_fix`) judges it.
 *
 * A brief is read in a terminal, in a Markdown viewer and by a model, and everything in it that
 * comes from the project is the project's to choose: file names, messages, excerpts and patches
 * are shown through `escapeForTerminal` (no control character, line break or bidi control reaches
 * the output raw), names sit in code spans they cannot close, and every suggested shell command
 * quotes its file name (`shellWordForDisplay`), so pasting it runs what it says on that file.
 *
 * A notebook finding is shown in its cell (`nb.ipynb`, cell 3, line 2) with its cell's Python
 * (`codeOf`); its patch is of the `.ipynb` file itself, which is what `--fix` and `verify` change.
 */
import { applyFixes, unifiedDiff } from '../engine/fix.js';
import type { Finding } from '../engine/lint.js';
import { codeLineOf } from '../engine/notebook.js';
import { sourceLines } from '../engine/source.js';
import { AGENTS, type Agent, type AnyRule } from '../rule.js';
import { cellLabel, codeTextOf } from './cells.js';
import { codeSpan, escapeForTerminal, shellWordForDisplay } from './escape.js';
import type { RunReport } from './types.js';
import type { FileSummary } from '../engine/project.js';
import { buildTopology } from '../topology/graph.js';
import { renderMermaid } from '../topology/mermaid.js';

/** What each role owns, in the team guide's terms. */
export const ROLE_DESCRIPTIONS: Record<Agent, string> = {
  'python-architect':
    'the shape of the system: typed messages between processes (TypedDict/dataclass, never bare dicts), interfaces declared as `typing.Protocol`, shallow class hierarchies.',
  'python-async-specialist':
    'concurrency: queues with timeouts, consumers and producers that shut down gracefully (shutdown events, poison pills, `join` before `terminate`), and an event loop kept free of CPU-bound work.',
  'python-ml-specialist': 'model code: loading, inference and training loops, devices and precision, data loading.',
  'python-quality-enforcer': 'code that parses and type-checks: syntax errors, complete annotations (`mypy --strict`).',
  'python-security-reviewer':
    'untrusted input: deserialization that can run code (pickle, `torch.load`, unsafe YAML), credentials written into the source.',
  'python-test-writer': 'tests that pin behaviour: a regression test for each fixed finding, fixtures for the traps.',
  'backend-architect': 'the services around the models: APIs, storage and deployment boundaries.',
};

const CONTEXT_LINES = 2;

/**
 * Briefs go to agents and into their logs: a password written into a URL (what PTL303 flags) is
 * masked in every excerpt and patch, as the finding's own message masks it.
 */
function maskCredentials(text: string): string {
  return text.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:/@'"]*:)([^\s@'"/]+)@/g, '$1***@');
}
const MAX_FLAGGED_LINES = 8;

/** A fence longer than any backtick run in the text, so code never closes its own block. */
function fence(text: string, lang: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang}\n${text.replace(/\n?$/, '\n')}${ticks}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The finding's lines with a few around them, numbered as the finding is (a notebook's within its
 * cell); flagged lines marked with `>`. `lines` are the code's (`codeOf`), where a notebook's cells
 * follow one another with nothing to say where one ends: its excerpt starts no earlier than its
 * cell and stops at the flagged lines, so no other cell's code is shown as this one's.
 */
function excerpt(f: Finding, lines: readonly string[] | undefined): string | null {
  if (lines === undefined) return null;
  const shift = codeLineOf(f) - f.line;
  const lastFlagged = Math.min(f.endLine, f.line + MAX_FLAGGED_LINES - 1);
  const from = Math.max(1, f.line - CONTEXT_LINES);
  const to = Math.min(lines.length - shift, f.cell === undefined ? lastFlagged + CONTEXT_LINES : lastFlagged);
  const width = String(to).length;
  const out: string[] = [];
  for (let l = from; l <= to; l++) {
    const flagged = l >= f.line && l <= lastFlagged;
    out.push(`${flagged ? '>' : ' '} ${String(l).padStart(width)} | ${escapeForTerminal(lines[shift + l - 1] ?? '')}`.trimEnd());
  }
  return fence(maskCredentials(out.join('\n')), 'text');
}

/**
 * A patch as shown: each line escaped, except that the CR of a CRLF line ending is kept (a patch of
 * a CRLF file needs it, and a CR right before the LF moves nothing on a terminal). The file names
 * in its header are already C-quoted by the diff library, as git writes them (`"a/a\nb.py"`).
 */
function shownPatch(diff: string): string {
  return diff
    .split('\n')
    .map((line) => (line.endsWith('\r') ? `${escapeForTerminal(line.slice(0, -1))}\r` : escapeForTerminal(line)))
    .join('\n');
}

/** The command that applies one rule's fixes to one file, with the file name as one shell word. */
function fixCommand(f: Finding, unsafe: boolean): string {
  const command = `pyteam-lint --fix${unsafe ? ' --unsafe-fixes' : ''} --select ${f.code}`;
  // A relative name that starts with `-` would be read as an option.
  const word = shellWordForDisplay(f.path.startsWith('-') ? `./${f.path}` : f.path);
  if (word !== null) return `${codeSpan(`${command} ${word}`)} applies it (with the rule's other fixes in that file).`;
  return `${codeSpan(`${command} FILE`)}, with FILE this file's name, applies it (with the rule's other fixes in that file); the name cannot be written on one command line.`;
}

function fixSection(f: Finding, source: string | undefined): string[] {
  if (!f.fix) return [];
  const unsafe = f.fix.applicability === 'unsafe';
  const out = [`**Deterministic fix${unsafe ? ' (unsafe: review it before applying)' : ''}:** ${escapeForTerminal(f.fix.title)}. ${fixCommand(f, unsafe)}`];
  if (source !== undefined) {
    const fixed = applyFixes(source, [f.fix]);
    // Only the final LF goes (fence() puts it back): the last line keeps its CR and trailing spaces.
    if (fixed.applied.length === 1) out.push('', fence(shownPatch(maskCredentials(unifiedDiff(f.path, source, fixed.text).replace(/\n$/, ''))), 'diff'));
  }
  return out;
}

function ruleSection(
  rule: AnyRule | undefined,
  code: string,
  findings: readonly Finding[],
  report: RunReport,
  linesOf: (path: string) => string[] | undefined,
): string[] {
  const first = findings[0]!;
  const out = [`### ${code} \`${first.name}\` (${plural(findings.length, 'finding')})`, ''];
  if (rule) {
    out.push(rule.docs.summary, '', `**Why it matters:** ${rule.docs.why}`, '', '**What good looks like:**', '', fence(rule.docs.good.trimEnd(), 'python'), '');
  }
  findings.forEach((f, i) => {
    const source = report.sourceOf(f.path);
    const cell = cellLabel(f);
    const where = cell === undefined ? codeSpan(escapeForTerminal(`${f.path}:${f.line}:${f.column}`)) : `${codeSpan(escapeForTerminal(f.path))}, ${cell}`;
    out.push(`#### ${i + 1}. ${where}`, '', escapeForTerminal(f.message), '');
    const code = excerpt(f, linesOf(f.path));
    if (code) out.push(code, '');
    const fix = fixSection(f, source);
    if (fix.length > 0) out.push(...fix, '');
  });
  return out;
}

/** The architect's picture of the pipeline (`pyteam-lint topology`), when the run found processes and channels. */
function topologySection(report: RunReport): string[] {
  if (!report.summaries) return [];
  const byPath = new Map<string, FileSummary>();
  for (const s of report.summaries) if (!byPath.has(s.path)) byPath.set(s.path, s);
  const topology = buildTopology([...byPath.values()], report.findings, report.linted ? new Set(report.linted) : undefined);
  if (topology.nodes.length === 0) return [];
  return [
    '### Process topology',
    '',
    'The processes, channels and shutdown paths this run found (`pyteam-lint topology`); ⚠ marks the findings on a stage or a queue, "?" an end no one could find.',
    '',
    fence(renderMermaid(topology), 'mermaid'),
    '',
  ];
}

export function renderBrief(report: RunReport): string {
  const linesOf = sourceLines(codeTextOf(report));
  const rulesByCode = new Map(report.rules.map((r) => [r.code, r]));
  const byAgent = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const list = byAgent.get(f.agent);
    if (list) list.push(f);
    else byAgent.set(f.agent, [f]);
  }
  const roles = [...AGENTS.filter((a) => byAgent.has(a)), ...[...byAgent.keys()].filter((a) => !(AGENTS as readonly string[]).includes(a)).sort()];
  const files = new Set(report.findings.map((f) => f.path)).size;
  const out = ['# pyteam-lint brief', ''];
  if (report.findings.length === 0) {
    out.push(`No findings in ${plural(report.files, 'file')} checked: no role has work.`, '');
  } else {
    out.push(
      `${plural(report.findings.length, 'finding')} in ${plural(files, 'file')} (${report.files} checked), for ${plural(roles.length, 'role')}: ` +
        roles.map((r) => `${r} (${byAgent.get(r)!.length})`).join(', ') + '.',
      '',
      'Each section is one role\'s task list. Fix the findings of your section; apply a deterministic fix as given ' +
        'or write your own change, then check it with `pyteam-lint verify PATCH.diff` (or the MCP tool `verify_fix`): ' +
        'a patch is accepted only when it resolves at least one finding, adds none and still parses.',
      '',
    );
  }
  for (const role of roles) {
    const findings = byAgent.get(role)!;
    const description = ROLE_DESCRIPTIONS[role as Agent];
    const fixable = findings.filter((f) => f.fix).length;
    out.push(`## ${role} (${plural(findings.length, 'finding')})`, '');
    if (description) out.push(`Owns ${description}`, '');
    const byCode = new Map<string, Finding[]>();
    for (const f of findings) {
      const list = byCode.get(f.code);
      if (list) list.push(f);
      else byCode.set(f.code, [f]);
    }
    const codes = [...byCode.keys()].sort();
    out.push(
      `Rules: ${codes.map((c) => `${c} \`${byCode.get(c)![0]!.name}\` (${byCode.get(c)!.length})`).join(', ')}.` +
        (fixable > 0 ? ` ${fixable} of the findings ${fixable === 1 ? 'has' : 'have'} a deterministic fix.` : ''),
      '',
    );
    if (role === 'python-architect') out.push(...topologySection(report));
    for (const code of codes) out.push(...ruleSection(rulesByCode.get(code), code, byCode.get(code)!, report, linesOf));
  }
  if (report.errors.length > 0) {
    out.push(`## Files not checked (${report.errors.length})`, '');
    for (const e of report.errors) out.push(`- ${codeSpan(escapeForTerminal(e.path))}: ${escapeForTerminal(e.message)}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
