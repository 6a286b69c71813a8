/**
 * The engine as judge of a proposed change: lint the files before and after, match findings by
 * their fingerprint (rule, path, flagged source; never line numbers, which a patch shifts), and
 * accept the change only when it resolves at least one finding, introduces none, hides none
 * behind a new `noqa` and every changed file still parses. A finding whose code the change
 * deletes is reported as deleted, not resolved (see `judgeChange` for the rules). Used by
 * `pyteam-lint verify PATCH.diff` and the MCP tool `verify_fix`. Unified diffs are parsed and
 * applied in memory with the `diff` package (git and plain `diff -u`).
 */
import { applyPatch, diffArrays, parsePatch, type StructuredPatch } from 'diff';
import { fingerprintFindings } from './fingerprint.js';
import { firstSyntaxError } from './model.js';
import { loadPython, parse } from './parser.js';
import type { FileError, Finding, LintResult } from './lint.js';
import { displayPath, sortFindings } from './lint.js';

export interface FilePatch {
  /**
   * Path the patch reads, null for a file it creates (`/dev/null`). It may differ from newPath in
   * a plain `diff -u x.py.orig x.py`; the file edited is then the one that exists (as GNU patch).
   */
  oldPath: string | null;
  /** Path the patch writes, null for a file it deletes. */
  newPath: string | null;
  patch: StructuredPatch;
}

function cleanName(name: string | undefined, prefix: 'a/' | 'b/', strip: boolean): string | null {
  if (name === undefined || name === '' || name === '/dev/null') return null;
  const unquoted = name.replace(/\t.*$/, '');
  return strip && unquoted.startsWith(prefix) ? unquoted.slice(prefix.length) : unquoted;
}

/** Parses a unified diff (one or several files); a diff with no file in it, or a rename, is an error. */
export function parseUnifiedDiff(text: string): FilePatch[] {
  let patches: StructuredPatch[];
  try {
    patches = parsePatch(text);
  } catch (error) {
    throw new Error(`not a unified diff: ${error instanceof Error ? error.message : String(error)}`);
  }
  const out: FilePatch[] = [];
  for (const patch of patches) {
    if (patch.hunks.length === 0 && !patch.oldFileName && !patch.newFileName) continue;
    const old = patch.oldFileName;
    const neu = patch.newFileName;
    // git writes a/ and b/ prefixes; `diff -u` writes the paths as they are.
    const strip = (old === undefined || old === '/dev/null' || old.startsWith('a/')) && (neu === undefined || neu === '/dev/null' || neu.startsWith('b/'));
    const oldPath = cleanName(old, 'a/', strip);
    const newPath = cleanName(neu, 'b/', strip);
    if (oldPath === null && newPath === null) throw new Error('a file patch names no file (--- and +++ lines are missing)');
    if (patch.isRename || patch.isCopy) {
      throw new Error(`renames and copies are not supported (${oldPath} -> ${newPath}); give the change as an edit of one path`);
    }
    if (patch.hunks.length === 0) throw new Error(`the patch of ${newPath ?? oldPath} has no hunks (mode changes and binary patches are not supported)`);
    out.push({ oldPath, newPath, patch });
  }
  if (out.length === 0) throw new Error('no file changes found: expected a unified diff (--- a/PATH, +++ b/PATH, @@ hunks)');
  return out;
}

/** The patched text, or null when the patch does not apply (its context is not in the text). */
export function applyFilePatch(original: string, patch: FilePatch): string | null {
  const result = applyPatch(original, patch.patch);
  return result === false ? null : result;
}

/** One file of a change: its text before and after (null when it does not exist on that side). */
export interface ChangedFile {
  abs: string;
  before: string | null;
  after: string | null;
}

export interface Judgement {
  verdict: 'accepted' | 'rejected';
  /** Why the change was rejected (empty when accepted). */
  reasons: string[];
  /** Every changed file parses after the change. */
  parses: boolean;
  syntaxErrors: Array<{ path: string; line: number; column: number }>;
  /** Findings of the original that the change removes by editing the code they flag. */
  resolved: Finding[];
  /**
   * Findings still in the changed text but hidden by a `noqa` the change added or widened (line
   * or file-level), lines of the changed text: findings of the original, and findings the change
   * brings in under its own noqa.
   */
  suppressed: Finding[];
  /** Findings of the original whose flagged lines the change removed without replacement (see `changeOfSpan`). */
  deleted: Finding[];
  /** Findings the change brings in (lines are those of the changed text). */
  introduced: Finding[];
  /** Findings still there after the change (lines of the changed text). */
  remaining: Finding[];
  /** Files that could not be checked on either side. */
  errors: FileError[];
}

export interface JudgeOptions {
  /** Count findings hidden by a noqa the change adds as resolved (`--allow-suppressions`). */
  allowSuppressions?: boolean | undefined;
  /** Count findings deleted with their code as resolved (`--allow-deletions`). */
  allowDeletions?: boolean | undefined;
  /** How the caller spells those options in the reasons (CLI flags by default, MCP arguments). */
  spelling?: { suppressions: string; deletions: string } | undefined;
}

const CLI_SPELLING = { suppressions: '--allow-suppressions', deletions: '--allow-deletions' };

/** Lints these texts (absolute path → text) and reports findings for those paths; `ignoreNoqa` reports what a noqa hides too. */
export type TextLinter = (texts: ReadonlyMap<string, string>, options?: { ignoreNoqa?: boolean }) => Promise<LintResult>;

/** A run of changed lines: old lines [oldStart, oldEnd) became new lines [newStart, newEnd) (0-based). */
export interface ChangeBlock {
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
}

/** Gaps without a unique common line are aligned by Myers' diff up to this size (lines on both sides)… */
const MYERS_MAX_LINES = 4000;
/** …and this many edits; past either, the gap is one change block (a rewrite). */
const MYERS_MAX_EDITS = 500;

/**
 * The change blocks between two texts' lines, as `git diff --patience` finds them: common prefix
 * and suffix trimmed, then lines that occur once on each side anchor the alignment (their longest
 * increasing run), recursively; a gap without such a line is aligned by Myers' diff (bounded: the
 * `diff` package is quadratic on a rewrite). Computed from the texts, not taken from the patch, so
 * a diff's own hunk layout (a line removed and re-added unchanged) cannot change the verdict, and
 * `verify_fix` with a whole proposed text is judged the same way.
 */
export function changeBlocks(a: readonly string[], b: readonly string[]): ChangeBlock[] {
  const blocks: ChangeBlock[] = [];
  const work: Array<[number, number, number, number]> = [[0, a.length, 0, b.length]];
  while (work.length > 0) {
    let [aLo, aHi, bLo, bHi] = work.pop()!;
    while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) {
      aLo++;
      bLo++;
    }
    while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) {
      aHi--;
      bHi--;
    }
    if (aLo === aHi && bLo === bHi) continue;
    if (aLo === aHi || bLo === bHi) {
      blocks.push({ oldStart: aLo, oldEnd: aHi, newStart: bLo, newEnd: bHi });
      continue;
    }
    const anchors = uniqueAnchors(a, aLo, aHi, b, bLo, bHi);
    if (anchors.length > 0) {
      let [pa, pb] = [aLo, bLo];
      for (const [i, j] of anchors) {
        work.push([pa, i, pb, j]);
        [pa, pb] = [i + 1, j + 1];
      }
      work.push([pa, aHi, pb, bHi]);
      continue;
    }
    blocks.push(...myersBlocks(a, aLo, aHi, b, bLo, bHi));
  }
  return blocks.sort((x, y) => x.oldStart - y.oldStart || x.newStart - y.newStart);
}

/** Pairs (i, j) of lines that occur exactly once in a[aLo, aHi) and once in b[bLo, bHi), the longest run increasing on both sides. */
function uniqueAnchors(a: readonly string[], aLo: number, aHi: number, b: readonly string[], bLo: number, bHi: number): Array<[number, number]> {
  const seen = new Map<string, { inA: number; inB: number; i: number; j: number }>();
  for (let i = aLo; i < aHi; i++) {
    const e = seen.get(a[i]!) ?? { inA: 0, inB: 0, i, j: -1 };
    e.inA++;
    seen.set(a[i]!, e);
  }
  for (let j = bLo; j < bHi; j++) {
    const e = seen.get(b[j]!);
    if (!e) continue;
    e.inB++;
    e.j = j;
  }
  const pairs = [...seen.values()].filter((e) => e.inA === 1 && e.inB === 1).map((e): [number, number] => [e.i, e.j]).sort((x, y) => x[0] - y[0]);
  // Longest increasing subsequence of j (patience sorting with back links).
  const tails: number[] = [];
  const back = new Array<number>(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    const j = pairs[k]![1];
    let [lo, hi] = [0, tails.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]!]![1] < j) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) back[k] = tails[lo - 1]!;
    tails[lo] = k;
  }
  const out: Array<[number, number]> = [];
  for (let k = tails.length > 0 ? tails[tails.length - 1]! : -1; k >= 0; k = back[k]!) out.push(pairs[k]!);
  return out.reverse();
}

function myersBlocks(a: readonly string[], aLo: number, aHi: number, b: readonly string[], bLo: number, bHi: number): ChangeBlock[] {
  const whole = [{ oldStart: aLo, oldEnd: aHi, newStart: bLo, newEnd: bHi }];
  if (aHi - aLo + (bHi - bLo) > MYERS_MAX_LINES) return whole;
  const changes = diffArrays(a.slice(aLo, aHi), b.slice(bLo, bHi), { maxEditLength: MYERS_MAX_EDITS });
  if (!changes) return whole;
  const out: ChangeBlock[] = [];
  let [i, j] = [aLo, bLo];
  let open: ChangeBlock | null = null;
  for (const c of changes) {
    if (!c.added && !c.removed) {
      if (open) out.push(open);
      open = null;
      i += c.count;
      j += c.count;
      continue;
    }
    open ??= { oldStart: i, oldEnd: i, newStart: j, newEnd: j };
    if (c.removed) open.oldEnd = i += c.count;
    else open.newEnd = j += c.count;
  }
  if (open) out.push(open);
  return out;
}

/** A line that does nothing: blank, a comment, `pass` or `...`. Putting such lines where code was is deleting it. */
const INERT_LINE = /^\s*(?:(?:pass|\.\.\.)\s*)?(?:#.*)?$/;

function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/**
 * What a change did to each line: for the original's lines 'same' | 'edited' | 'deleted', and for
 * the changed text's lines whether the change wrote them. A block's old lines are 'deleted' when
 * its new lines are all inert (none, blank, comments, `pass`, `...`), else 'edited' (replaced).
 */
interface LineChanges {
  old: Array<'same' | 'edited' | 'deleted'>;
  written: boolean[];
}

function lineChanges(before: string | null, after: string | null): LineChanges {
  const a = before === null ? [] : splitLines(before);
  if (after === null) return { old: a.map(() => 'deleted'), written: [] };
  const b = splitLines(after);
  const old = a.map((): 'same' | 'edited' | 'deleted' => 'same');
  const written = b.map(() => false);
  for (const block of changeBlocks(a, b)) {
    let replaced = false;
    for (let j = block.newStart; j < block.newEnd; j++) {
      written[j] = true;
      if (!INERT_LINE.test(b[j]!)) replaced = true;
    }
    for (let i = block.oldStart; i < block.oldEnd; i++) old[i] = replaced ? 'edited' : 'deleted';
  }
  return { old, written };
}

/**
 * What the change did to a finding of the original: 'deleted' when every non-blank line of its
 * span was removed without replacement (or its file was deleted), 'edited' when any line of its
 * span changed otherwise, 'untouched' when none did.
 */
function changeOfSpan(f: Finding, text: string | null, changes: LineChanges): 'deleted' | 'edited' | 'untouched' {
  const lines = text === null ? [] : splitLines(text);
  let deleted = 0;
  let touched = false;
  let allDeleted = true;
  for (let l = f.line; l <= f.endLine && l <= lines.length; l++) {
    const state = changes.old[l - 1] ?? 'same';
    if (state !== 'same') touched = true;
    if (lines[l - 1]!.trim() === '') continue;
    if (state === 'deleted') deleted++;
    else allDeleted = false;
  }
  if (deleted > 0 && allDeleted) return 'deleted';
  return touched ? 'edited' : 'untouched';
}

/**
 * Where a changed text stops being Python: tree-sitter's first error, or a block left without a
 * statement. The grammar accepts `with open(p) as f:` followed by a dedent (it recovers an empty
 * block without an error), Python does not (IndentationError), and deleting the only line of a
 * body is exactly how such a block comes about. No parsing real file has one (checked on 6,500
 * files of the real-code corpus).
 */
export async function pythonSyntaxError(text: string): Promise<{ line: number; column: number; what: string } | null> {
  const { parser } = await loadPython();
  const tree = parse(parser, text);
  try {
    const error = firstSyntaxError(tree.rootNode);
    if (error) return { line: error.startPosition.row + 1, column: error.startPosition.column + 1, what: 'a syntax error' };
    for (const block of tree.rootNode.descendantsOfType('block')) {
      if (!block || block.namedChildren.some((c) => c !== null && c.type !== 'comment')) continue;
      const owner = block.parent ?? block;
      return { line: owner.startPosition.row + 1, column: owner.startPosition.column + 1, what: `a \`${owner.type.replace(/_/g, ' ')}\` whose body has no statement left` };
    }
    return null;
  } finally {
    tree.delete();
  }
}

const RANK = { deleted: 0, edited: 1, untouched: 2 } as const;

function groupKey(f: Finding, fingerprint: string): string {
  return `${f.code}\0${f.path}\0${fingerprint}`;
}

function locationKey(f: Finding): string {
  return `${f.code}\0${f.path}\0${f.line}\0${f.column}\0${f.endLine}\0${f.endColumn}\0${f.message}`;
}

function countBy(items: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of items) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Judges a change. Findings before and after are matched as multisets keyed by fingerprint (rule,
 * path, flagged text): a finding whose flagged code is untouched is the same finding however far
 * the patch moved it. A finding of the original that is gone after the change is, in this order:
 *
 * - **suppressed** when it is still there but a `noqa` hides it: the changed texts are linted a
 *   second time with noqa ignored (only when some finding disappeared), and a fingerprint hidden
 *   more often after the change than before (the original linted with noqa ignored too, only when
 *   something is hidden after) was hidden by a noqa the change added or widened. A noqa that was
 *   there before and already hid a finding is not the change's doing. New findings that the
 *   change brings in under its own noqa are suppressed too. Suppressions reject the change unless
 *   `allowSuppressions`: a hidden finding is not fixed.
 * - **deleted** when every non-blank line it flags was removed without replacement: in the line
 *   diff of the two texts (`changeBlocks`), the change block holding those lines adds nothing but
 *   inert lines (blank, comments, `pass`, `...`), or the file is deleted. A removed line with a
 *   written counterpart in the same block is an edit, not a deletion. Deleting the flagged code
 *   earns no credit (it is no evidence that the fault was understood) but is not held against a
 *   change that fixes something else: removing dead code is a legitimate part of a fix. A change
 *   whose only "resolutions" are deletions is rejected unless `allowDeletions`.
 * - **resolved** otherwise: its flagged lines were edited and the finding is gone.
 *
 * When a fingerprint occurs several times and only some disappear, the ones whose lines the change
 * deleted are taken as gone first, then those it edited: a patch cannot delete one of two
 * identical calls and have the untouched one's disappearance read as a fix.
 */
export async function judgeChange(files: readonly ChangedFile[], lint: TextLinter, cwd: string, options: JudgeOptions = {}): Promise<Judgement> {
  const spelling = options.spelling ?? CLI_SPELLING;
  const beforeTexts = new Map<string, string>();
  const afterTexts = new Map<string, string>();
  for (const f of files) {
    if (f.before !== null) beforeTexts.set(f.abs, f.before);
    if (f.after !== null) afterTexts.set(f.abs, f.after);
  }
  const empty: LintResult = { findings: [], errors: [], files: 0 };
  const lintOf = async (texts: ReadonlyMap<string, string>, ignoreNoqa = false) =>
    texts.size === 0 ? empty : ignoreNoqa ? lint(texts, { ignoreNoqa: true }) : lint(texts);
  const shown = (texts: ReadonlyMap<string, string>) => new Map([...texts].map(([abs, text]) => [displayPath(abs, cwd), text]));
  const beforeShown = shown(beforeTexts);
  const afterShown = shown(afterTexts);
  const byShown = new Map(files.map((f) => [displayPath(f.abs, cwd), f]));
  const changesOf = new Map<string, LineChanges>();
  const changes = (p: string): LineChanges | undefined => {
    const file = byShown.get(p);
    if (!file) return undefined;
    if (!changesOf.has(p)) changesOf.set(p, lineChanges(file.before, file.after));
    return changesOf.get(p);
  };

  const before = await lintOf(beforeTexts);
  const after = await lintOf(afterTexts);
  const beforeGroups = new Map<string, Array<{ finding: Finding; change: 'deleted' | 'edited' | 'untouched' }>>();
  for (const { finding, fingerprint } of fingerprintFindings(before.findings, (p) => beforeShown.get(p))) {
    const key = groupKey(finding, fingerprint);
    const lc = changes(finding.path);
    const change = lc ? changeOfSpan(finding, beforeShown.get(finding.path) ?? null, lc) : 'untouched';
    const group = beforeGroups.get(key) ?? [];
    group.push({ finding, change });
    beforeGroups.set(key, group);
  }
  const afterPrints = fingerprintFindings(after.findings, (p) => afterShown.get(p));
  const afterCounts = countBy(afterPrints.map(({ finding, fingerprint }) => groupKey(finding, fingerprint)));
  const introduced: Finding[] = [];
  const remaining: Finding[] = [];
  for (const { finding, fingerprint, occurrence } of afterPrints) {
    (occurrence <= (beforeGroups.get(groupKey(finding, fingerprint))?.length ?? 0) ? remaining : introduced).push(finding);
  }

  // The findings of the original that are gone: per fingerprint, as many as fewer remain, taken
  // from those the change deleted, then edited, then (ties) the last in the file.
  const gone = new Map<string, Array<{ finding: Finding; change: 'deleted' | 'edited' | 'untouched' }>>();
  for (const [key, group] of beforeGroups) {
    const count = group.length - (afterCounts.get(key) ?? 0);
    if (count <= 0) continue;
    const ranked = group.map((g, i) => ({ g, i })).sort((x, y) => RANK[x.g.change] - RANK[y.g.change] || y.i - x.i);
    gone.set(key, ranked.slice(0, count).map((r) => r.g));
  }

  // Hidden by a noqa of the change's making: counted per fingerprint, after minus before.
  const suppressed: Finding[] = [];
  const suppressedOf = new Map<string, number>();
  if (gone.size > 0) {
    const shownAfter = new Set(after.findings.map(locationKey));
    const hiddenAfter = new Map<string, Finding[]>();
    for (const { finding, fingerprint } of fingerprintFindings((await lintOf(afterTexts, true)).findings, (p) => afterShown.get(p))) {
      if (shownAfter.has(locationKey(finding))) continue;
      const key = groupKey(finding, fingerprint);
      const hidden = hiddenAfter.get(key);
      if (hidden) hidden.push(finding);
      else hiddenAfter.set(key, [finding]);
    }
    if (hiddenAfter.size > 0) {
      const raw = fingerprintFindings((await lintOf(beforeTexts, true)).findings, (p) => beforeShown.get(p));
      const rawCounts = countBy(raw.map(({ finding, fingerprint }) => groupKey(finding, fingerprint)));
      for (const [key, hidden] of hiddenAfter) {
        const hiddenBefore = (rawCounts.get(key) ?? 0) - (beforeGroups.get(key)?.length ?? 0);
        const count = hidden.length - hiddenBefore;
        if (count <= 0) continue;
        // The ones on lines the change wrote (a noqa added there) first; a file-level noqa writes none.
        const written = (f: Finding) => (changes(f.path)?.written[f.line - 1] ? 0 : 1);
        suppressed.push(...hidden.map((f, i) => ({ f, i })).sort((x, y) => written(x.f) - written(y.f) || x.i - y.i).slice(0, count).map((x) => x.f));
        suppressedOf.set(key, count);
      }
    }
  }
  const resolved: Finding[] = [];
  const deleted: Finding[] = [];
  let suppressedOriginals = 0;
  for (const [key, group] of gone) {
    // A hidden finding is one of the gone ones: the edited (noqa written on its line) first.
    let hidden = Math.min(suppressedOf.get(key) ?? 0, group.length);
    suppressedOriginals += hidden;
    for (let k = group.length - 1; k >= 0; k--) {
      const { finding, change } = group[k]!;
      if (hidden > 0) hidden--;
      else (change === 'deleted' ? deleted : resolved).push(finding);
    }
  }

  const syntaxErrors: Judgement['syntaxErrors'] = [];
  const reasons: string[] = [];
  for (const [abs, text] of [...afterTexts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const error = await pythonSyntaxError(text);
    if (!error) continue;
    const where = { path: displayPath(abs, cwd), line: error.line, column: error.column };
    syntaxErrors.push(where);
    const what = error.what === 'a syntax error' ? '' : `: ${error.what}`;
    reasons.push(`${where.path} does not parse after the change (line ${where.line}, column ${where.column}${what})`);
  }
  const errors = [...before.errors, ...after.errors];
  for (const e of after.errors) reasons.push(`${e.path} could not be checked after the change: ${e.message}`);
  if (introduced.length > 0) reasons.push(`it introduces ${plural(introduced.length, 'new finding', 'new findings')}`);
  const suppressionRejects = suppressed.length > 0 && !options.allowSuppressions;
  if (suppressionRejects) {
    reasons.push(`${plural(suppressed.length, 'finding was', 'findings were')} suppressed with noqa, not fixed; pass ${spelling.suppressions} to accept that`);
  }
  const credited = resolved.length + (options.allowSuppressions ? suppressedOriginals : 0) + (options.allowDeletions ? deleted.length : 0);
  if (credited === 0) {
    if (deleted.length > 0 && !options.allowDeletions) {
      // Only when it decides the verdict: passing the option would not help a change rejected anyway.
      if (reasons.length === 0) {
        reasons.push(`the patch removes the flagged code instead of fixing it (${plural(deleted.length, 'finding', 'findings')} deleted with ${deleted.length === 1 ? 'its' : 'their'} code); pass ${spelling.deletions} to accept that`);
      }
    } else if (!suppressionRejects) {
      reasons.push('it resolves no finding');
    }
  }
  return {
    verdict: reasons.length === 0 ? 'accepted' : 'rejected',
    reasons,
    parses: syntaxErrors.length === 0,
    syntaxErrors,
    resolved: sortFindings(resolved),
    suppressed: sortFindings(suppressed),
    deleted: sortFindings(deleted),
    introduced,
    remaining,
    errors,
  };
}
