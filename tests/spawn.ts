/** Running the real binary (bin/pyteam-lint.js over the built dist/) in temporary projects. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { ROOT } from './helpers.js';

export const BIN = path.join(ROOT, 'bin', 'pyteam-lint.js');

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI without colour and without the cache (pass `env` to change either). */
export function run(args: string[], cwd: string, options: { input?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', PYTEAM_LINT_NO_CACHE: '1', ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** A temporary directory, removed after the test file. */
export function tempDir(prefix = 'pyteam-lint-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** A temporary project: files given as relative path → content. */
export function project(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pyteam-lint-'));
  temps.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return dir;
}

export const NO_TRACE = /\n\s+at .+:\d+:\d+/;
