/**
 * The GitHub Action (action.yml) run locally: each step's shell script with the environment
 * GitHub would give it (GITHUB_* files pointed at temporary files), on a copy of this project as
 * the action's checkout.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';
import { project, tempDir } from './spawn.js';

interface Step {
  name: string;
  id?: string;
  shell: string;
  run: string;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string; required?: boolean }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;
let actionPath = '';

beforeAll(() => {
  // The action's checkout: what the repository holds, without our node_modules.
  actionPath = tempDir('pyteam-action-');
  for (const entry of ['action.yml', 'bin', 'dist', 'scripts', 'package.json', 'package-lock.json']) {
    cpSync(path.join(ROOT, entry), path.join(actionPath, entry), { recursive: true });
  }
});

/** Runs the composite action's steps as GitHub would; returns each step's result. */
function runAction(ws: string, inputs: Record<string, string>) {
  const github = tempDir('pyteam-github-');
  const summary = path.join(github, 'step-summary.md');
  const output = path.join(github, 'output.txt');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  const value = (name: string): string => inputs[name] ?? action.inputs[name]?.default ?? '';
  const results = [];
  for (const step of action.runs.steps) {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = v.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_m, name: string) => value(name));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
      cwd: ws,
      encoding: 'utf8',
      env: { ...process.env, ...env, GITHUB_ACTION_PATH: actionPath, GITHUB_WORKSPACE: ws, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output, NO_COLOR: '1' },
      timeout: 240_000,
    });
    results.push({ name: step.name, status: r.status, stdout: r.stdout, stderr: r.stderr });
    if (r.status !== 0) break;
  }
  return { results, summary: readFileSync(summary, 'utf8'), output: readFileSync(output, 'utf8') };
}

describe('GitHub Action', () => {
  it('declares its inputs and never splices them into shell text', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(['annotations', 'args', 'sarif-file']);
    expect(action.runs.using).toBe('composite');
    for (const step of action.runs.steps) expect(step.run).not.toMatch(/\$\{\{/);
  });

  it('annotates, writes SARIF and appends a summary table', () => {
    const ws = project({ 'src/model_io.py': 'import torch\nstate = torch.load("m.pt")\n', 'src/ok.py': 'x = 1\n' });
    const { results, summary, output } = runAction(ws, { args: 'src' });
    expect(results.map((r) => r.status), JSON.stringify(results, null, 1)).toEqual([0, 1]);
    const lint = results[1]!;
    expect(lint.stdout).toMatch(/^::error file=src\/model_io\.py,line=2,col=9,endLine=2,endColumn=27,title=PTL301 unsafe-torch-load::/m);
    const sarif = JSON.parse(readFileSync(path.join(ws, 'pyteam-lint.sarif'), 'utf8')) as { runs: Array<{ results: unknown[] }> };
    expect(sarif.runs[0]!.results).toHaveLength(1);
    expect(summary).toContain('| PTL301 | `unsafe-torch-load` | python-security-reviewer | 1 |');
    expect(output).toContain('exit-code=1');
    expect(output).toContain('sarif-file=pyteam-lint.sarif');
  }, 300_000);

  it('passes on clean code, and treats inputs as data, not shell', () => {
    const ws = project({ 'app.py': 'x = 1\n' });
    const { results, output } = runAction(ws, { args: '. $(touch pwned) `touch pwned2`', annotations: 'false', 'sarif-file': '' });
    // The odd arguments are paths that do not exist: reported, exit 1, and nothing executed.
    expect(results[1]!.stdout).toContain('$(touch: error: no such file or directory');
    expect(existsSync(path.join(ws, 'pwned'))).toBe(false);
    expect(existsSync(path.join(ws, 'pwned2'))).toBe(false);
    expect(existsSync(path.join(ws, 'pyteam-lint.sarif'))).toBe(false);
    expect(output).toContain('exit-code=1');

    const clean = runAction(project({ 'app.py': 'x = 1\n' }), {});
    expect(clean.results.map((r) => r.status)).toEqual([0, 0]);
    expect(clean.output).toContain('exit-code=0');
  }, 300_000);
});
