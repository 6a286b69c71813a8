import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  UsageError
} from "./chunk-NXFFE74Q.js";

// src/cli/fixlock.ts
import { createHash } from "node:crypto";
import { closeSync, openSync, readFileSync, realpathSync, rmSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
var LOCK_WAIT_MS = 12e4;
var POLL_MS = 100;
function lockFile(root) {
  let real = root;
  try {
    real = realpathSync(root);
  } catch {
  }
  const id = createHash("sha256").update(real).digest("hex").slice(0, 16);
  return path.join(os.tmpdir(), `pyteam-lint-fix-${id}.lock`);
}
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}
var sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function withTreeLock(root, work, notify) {
  const file = lockFile(root);
  const deadline = Date.now() + LOCK_WAIT_MS;
  let told = false;
  for (; ; ) {
    try {
      const fd = openSync(file, "wx", 420);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw new UsageError(`--fix: cannot create the lock file ${file}: ${error.code ?? String(error)}`);
    }
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(file, "utf8"));
    } catch {
      continue;
    }
    if (Number.isInteger(holder) && holder > 0 && !alive(holder)) {
      rmSync(file, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new UsageError(`--fix: another pyteam-lint run (pid ${holder}) has been fixing ${root} for over ${LOCK_WAIT_MS / 1e3} s; try again later`);
    if (!told) notify(`waiting for another pyteam-lint run (pid ${holder}) to finish fixing ${root}`);
    told = true;
    await sleep(POLL_MS);
  }
  const release = () => rmSync(file, { force: true });
  process.once("exit", release);
  try {
    return await work();
  } finally {
    process.off("exit", release);
    release();
  }
}
var HELD_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
async function withSignalsHeld(work) {
  const received = [];
  const hold = (signal) => void received.push(signal);
  for (const s of HELD_SIGNALS) process.on(s, hold);
  try {
    return work();
  } finally {
    await new Promise((resolve) => setImmediate(resolve));
    for (const s of HELD_SIGNALS) process.off(s, hold);
    if (received.length > 0) process.kill(process.pid, received[0]);
  }
}

export {
  withTreeLock,
  withSignalsHeld
};
