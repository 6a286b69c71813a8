/**
 * What the lint tools of the MCP server do (`lint_paths`, `lint_source`, `verify_fix`, `topology`), as plain
 * functions of their arguments: run in a worker thread per request (src/mcp/worker.ts), or in the
 * server's own thread when there is no worker bundle (see runner.ts).
 *
 * Confinement: a tool reads, indexes and names only files inside the project root of the
 * server's directory (`loadConfig(cwd).root`: the nearest configuration file's directory, else the
 * nearest `.git` or `pyproject.toml`, else the directory itself), both as written and after
 * resolving symbolic links (`isInside`). A path the agent names outside it is refused with the
 * root named; a file met while walking a directory that leads outside (a symbolic link) is an
 * error entry and is not read, so a project cannot make the server echo `~/.netrc` or a private key
 * into a PTL001 message. Nothing here writes a file.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { fsPath, isInside } from '../engine/files.js';
import { Linter, displayPath, type FileError, type Finding } from '../engine/lint.js';
import { applyFilePatch, judgeChange, parseUnifiedDiff, type FilePatch } from '../engine/verify.js';
import { findingJson } from '../report/json.js';
import type { AnyRule } from '../rule.js';
import { loadConfig } from '../cli/config.js';
import { UsageError } from '../cli/errors.js';
import { commonDirectory, prepareLint, type LintSetup, type SetupOptions } from '../cli/setup.js';
import { judgementJson, notJudgedJson, textLinter } from '../cli/verify.js';
import { renderMermaid } from '../topology/mermaid.js';
import { topologyOf } from '../topology/run.js';

interface Selection {
  select?: string[] | undefined;
  ignore?: string[] | undefined;
  agent?: string | undefined;
}

export interface LintPathsArgs extends Selection {
  paths: string[];
  max_findings: number;
}

export interface LintSourceArgs extends Selection {
  source: string;
  filename: string;
  max_findings: number;
}

export interface VerifyFixArgs extends Selection {
  filename: string;
  original: string;
  proposed?: string | undefined;
  diff?: string | undefined;
  /** Count findings hidden by a noqa the change adds as resolved (else they reject it). */
  allowSuppressions?: boolean | undefined;
  /** Count findings deleted with their code as resolved (else they earn nothing). */
  allowDeletions?: boolean | undefined;
}

export interface TopologyArgs {
  paths: string[];
}

/** One tool call, as it crosses to a worker thread (plain data: structured-clonable). */
export type ToolJob =
  | { tool: 'lint_paths'; args: LintPathsArgs; cwd: string }
  | { tool: 'topology'; args: TopologyArgs; cwd: string }
  | { tool: 'lint_source'; args: LintSourceArgs; cwd: string }
  | { tool: 'verify_fix'; args: VerifyFixArgs; cwd: string };

export function result<T extends Record<string, unknown>>(structured: T): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(structured, null, 2) }], structuredContent: structured };
}

export function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** A request the tool refuses (a path outside the project, a bad file name): a tool error. */
class Refused extends Error {}

/** Runs one tool call. User mistakes (bad selector, bad configuration, a path outside the root) are tool errors. */
export async function runTool(job: ToolJob, rules: readonly AnyRule[]): Promise<CallToolResult> {
  try {
    const root = projectRoot(job.cwd);
    switch (job.tool) {
      case 'lint_paths':
        return await lintPaths(job.args, job.cwd, root, rules);
      case 'lint_source':
        return await lintSource(job.args, job.cwd, root, rules);
      case 'verify_fix':
        return await verifyFix(job.args, job.cwd, root, rules);
      case 'topology':
        return await topology(job.args, job.cwd, root, rules);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof Refused) return toolError(error.message);
    throw error;
  }
}

/** The directory the tools are confined to: the project root of the server's directory, never an ancestor of it unless a configuration or repository marker says so. */
export function projectRoot(cwd: string): string {
  return loadConfig(cwd, undefined, cwd).root;
}

/** Why `abs` (named `shown` by the agent) may not be used, or null when it lies inside `root`. */
export function outsideReason(root: string, abs: string, shown: string): string | null {
  if (isInside(root, abs)) return null;
  const written = path.relative(root, abs);
  const lexicallyInside = written === '' || (!written.startsWith(`..${path.sep}`) && written !== '..' && !path.isAbsolute(written));
  return lexicallyInside
    ? `'${shown}' leads outside the project root ${root} through a symbolic link`
    : `'${shown}' is outside the project root ${root}`;
}

const ONLY_INSIDE = 'the MCP tools read only files inside the project root';

/**
 * A file name the agent gives for text it sends (`lint_source`, `verify_fix`): relative, naming a
 * file (not `.`, `..` or a directory) inside the root. Returns its absolute path.
 */
function fileNameInRoot(tool: string, filename: string, cwd: string, root: string): string {
  const refuse = (why: string): never => {
    throw new Refused(`${tool}: ${why}; give a relative file name inside the project root ${root}, e.g. src/module.py`);
  };
  if (filename.includes('\0')) refuse('the file name contains a NUL byte');
  if (path.isAbsolute(filename)) refuse(`'${filename}' is an absolute path`);
  const abs = path.resolve(cwd, filename);
  const outside = outsideReason(root, abs, filename);
  if (outside) refuse(outside);
  const last = filename.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? '';
  if (abs === root || last === '.' || last === '..' || /[\\/]$/.test(filename) || isDirectory(abs)) refuse(`'${filename}' names a directory, not a file`);
  return abs;
}

function isDirectory(abs: string): boolean {
  try {
    return statSync(fsPath(abs)).isDirectory();
  } catch {
    return false;
  }
}

/** A setup whose project index holds only files inside the root (a symbolic link out of it is not read). */
function confined(setup: LintSetup, root: string): LintSetup {
  return { ...setup, indexFiles: () => setup.indexFiles().filter((f) => isInside(root, f)) };
}

function lintResult(findings: readonly Finding[], errors: readonly FileError[], files: number, max: number) {
  return {
    findings: findings.slice(0, max).map(findingJson),
    errors: errors.map((e) => ({ path: e.path, message: e.message })),
    summary: { files, findings: findings.length, errors: errors.length },
    truncated: findings.length > max,
  };
}

function setupOptions(args: Selection): SetupOptions {
  return { select: args.select, ignore: args.ignore, agent: args.agent };
}

/** The files under the paths an agent names, confined to the root: a path outside it refuses the call; a file a symbolic link leads out to is an error entry. */
function confinedFiles(tool: string, paths: readonly string[], cwd: string, root: string, rules: readonly AnyRule[], options: SetupOptions) {
  const abs = paths.map((p) => path.resolve(cwd, p));
  const refused = paths.flatMap((p, i) => outsideReason(root, abs[i]!, p) ?? []);
  if (refused.length > 0) throw new Refused(`${tool}: ${refused.join('; ')}; ${ONLY_INSIDE}. Nothing was linted.`);
  const setup = confined(prepareLint(commonDirectory(abs, cwd), cwd, rules, options), root);
  const discovered = setup.discoverer.discover(abs);
  // A directory may hold a symbolic link to a file elsewhere: such a file is named, not read.
  const files: string[] = [];
  const errors: FileError[] = discovered.errors.map((e) => ({ path: displayPath(e.path, cwd), message: e.message }));
  for (const file of discovered.files) {
    if (isInside(root, file)) files.push(file);
    else errors.push({ path: displayPath(file, cwd), message: `leads outside the project root ${root} (a symbolic link); not read` });
  }
  return { setup, files, errors };
}

async function lintPaths(args: LintPathsArgs, cwd: string, root: string, rules: readonly AnyRule[]): Promise<CallToolResult> {
  const { setup, files, errors } = confinedFiles('lint_paths', args.paths, cwd, root, rules, setupOptions(args));
  const linter = await Linter.create(setup.configured);
  const res = await linter.lint({
    root: setup.root,
    cwd,
    files,
    indexOnly: setup.indexFiles(),
    maxFileSize: setup.maxFileSize,
    ignoredCodesFor: setup.ignoredCodesFor,
    isTestFile: setup.isTestFile,
  });
  const all = [...errors, ...res.errors].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result(lintResult(res.findings, all, res.files, args.max_findings));
}

/** The pipeline graph of `pyteam-lint topology --format json`, and the same graph as Mermaid. */
async function topology(args: TopologyArgs, cwd: string, root: string, rules: readonly AnyRule[]): Promise<CallToolResult> {
  const { setup, files, errors } = confinedFiles('topology', args.paths, cwd, root, rules, {});
  const run = await topologyOf(setup, files, cwd);
  const all = [...errors, ...run.errors].map((e) => ({ path: e.path, message: e.message })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result({ topology: run.topology, mermaid: renderMermaid(run.topology), errors: all });
}

async function lintSource(args: LintSourceArgs, cwd: string, root: string, rules: readonly AnyRule[]): Promise<CallToolResult> {
  const abs = fileNameInRoot('lint_source', args.filename, cwd, root);
  const setup = confined(prepareLint(path.dirname(abs), cwd, rules, setupOptions(args)), root);
  const res = await textLinter(setup)(new Map([[abs, args.source]]));
  return result(lintResult(res.findings, res.errors, res.files, args.max_findings));
}

async function verifyFix(args: VerifyFixArgs, cwd: string, root: string, rules: readonly AnyRule[]): Promise<CallToolResult> {
  if ((args.proposed === undefined) === (args.diff === undefined)) return toolError('give exactly one of proposed (the new text) or diff (a unified diff)');
  const abs = fileNameInRoot('verify_fix', args.filename, cwd, root);
  let proposed = args.proposed;
  if (args.diff !== undefined) {
    const applied = applyDiffTo(args.diff, args.original, args.filename);
    if (typeof applied !== 'string' || applied === args.original) {
      const reason = typeof applied === 'string' ? 'the diff changes nothing' : applied.reason;
      return result(notJudgedJson(reason));
    }
    proposed = applied;
  }
  const setup = confined(prepareLint(path.dirname(abs), cwd, rules, setupOptions(args)), root);
  const judgement = await judgeChange([{ abs, before: args.original, after: proposed! }], textLinter(setup), cwd, {
    allowSuppressions: args.allowSuppressions === true,
    allowDeletions: args.allowDeletions === true,
    spelling: { suppressions: 'allowSuppressions: true', deletions: 'allowDeletions: true' },
  });
  return result(judgementJson(judgement));
}

/** Applies a diff of one file to its text: the diff's only file, or the one whose path matches. */
function applyDiffTo(diff: string, original: string, filename: string): string | { reason: string } {
  let patches: FilePatch[];
  try {
    patches = parseUnifiedDiff(diff);
  } catch (error) {
    return { reason: (error as Error).message };
  }
  const wanted = filename.replace(/\\/g, '/').replace(/^\.\//, '');
  const named = (p: FilePatch) => (p.newPath ?? p.oldPath ?? '').replace(/^\.\//, '');
  const patch = patches.length === 1 ? patches[0]! : patches.find((p) => named(p) === wanted || wanted.endsWith(`/${named(p)}`) || named(p).endsWith(`/${wanted}`));
  if (!patch) return { reason: `the diff changes ${patches.map(named).join(', ')}, not ${filename}` };
  if (patch.newPath === null) return { reason: 'the diff deletes the file' };
  const patched = applyFilePatch(patch.oldPath === null ? '' : original, patch);
  return patched === null ? { reason: `the diff does not apply to ${filename}: its context lines are not in the original` } : patched;
}
