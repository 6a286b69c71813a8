/**
 * pre-commit and the GitHub Action run the committed build (dist/) with no build step at install
 * time, so the committed build must be exactly what the sources bundle to.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const out = mkdtempSync(path.join(os.tmpdir(), 'pyteam-build-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

it('the committed dist/ is what the sources bundle to (run `npm run build` and commit dist/)', () => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), out], { cwd: ROOT });
  const built = filesUnder(out);
  expect(filesUnder(path.join(ROOT, 'dist'))).toEqual(built);
  const stale = built.filter((f) => readFileSync(path.join(out, f), 'utf8') !== readFileSync(path.join(ROOT, 'dist', f), 'utf8'));
  expect(stale).toEqual([]);
});
