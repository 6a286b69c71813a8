/**
 * What keeps `--fix` runs from fighting: one lock per tree, so two runs on the same files take
 * turns (the second reads what the first wrote), and signals held back while files are written,
 * so an interrupt never leaves a temporary file or half a set of fixes behind.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, realpathSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from './errors.js';

/** How long a run waits for another one on the same tree before giving up. */
const LOCK_WAIT_MS = 120_000;
const POLL_MS = 100;

function lockFile(root: string): string {
  let real = root;
  try {
    real = realpathSync(root);
  } catch {
    // the root is where the files are; if it cannot be resolved, its name still identifies it
  }
  const id = createHash('sha256').update(real).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `pyteam-lint-fix-${id}.lock`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` holding the tree's lock (a file created exclusively in the temporary directory, named
 * after the tree's real path, holding our pid). A lock whose process is gone is taken over.
 */
export async function withTreeLock<T>(root: string, work: () => Promise<T>, notify: (message: string) => void): Promise<T> {
  const file = lockFile(root);
  const deadline = Date.now() + LOCK_WAIT_MS;
  let told = false;
  for (;;) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new UsageError(`--fix: cannot create the lock file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(file, 'utf8'));
    } catch {
      continue; // released meanwhile
    }
    if (Number.isInteger(holder) && holder > 0 && !alive(holder)) {
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new UsageError(`--fix: another pyteam-lint run (pid ${holder}) has been fixing ${root} for over ${LOCK_WAIT_MS / 1000} s; try again later`);
    if (!told) notify(`waiting for another pyteam-lint run (pid ${holder}) to finish fixing ${root}`);
    told = true;
    await sleep(POLL_MS);
  }
  const release = () => rmSync(file, { force: true });
  process.once('exit', release);
  try {
    return await work();
  } finally {
    process.off('exit', release);
    release();
  }
}

const HELD_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs synchronous `work` with the usual terminating signals held: one that arrives meanwhile is
 * raised again once the work is done, so files are never left half written (each write is a
 * temporary file renamed into place; an interrupt between the two would leave the temporary).
 */
export async function withSignalsHeld<T>(work: () => T): Promise<T> {
  const received: NodeJS.Signals[] = [];
  const hold = (signal: NodeJS.Signals) => void received.push(signal);
  for (const s of HELD_SIGNALS) process.on(s, hold);
  try {
    return work();
  } finally {
    // Let a signal that came during the work reach `hold` before the handlers go.
    await new Promise((resolve) => setImmediate(resolve));
    for (const s of HELD_SIGNALS) process.off(s, hold);
    if (received.length > 0) process.kill(process.pid, received[0]);
  }
}
