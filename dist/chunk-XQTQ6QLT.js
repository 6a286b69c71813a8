import { createRequire as __pyteamCreateRequire } from 'node:module';
const require = __pyteamCreateRequire(import.meta.url);
import {
  readRegularFile
} from "./chunk-FJE4V3FT.js";

// src/engine/cache.ts
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import path from "node:path";
var LAYOUT = "v4";
var MAX_ENTRY_BYTES = 64 * 1024 * 1024;
function header(key, payload) {
  return `pyteam-lint-cache ${key} ${createHash("sha256").update(payload).digest("hex")}`;
}
var FileCache = class _FileCache {
  constructor(dir, salt) {
    this.dir = dir;
    this.salt = salt;
  }
  dir;
  salt;
  disabled = false;
  /** Opens (creating) a cache directory; undefined, after one warning, when it cannot be written. */
  static open(dir, salt, warn) {
    try {
      mkdirSync(path.join(dir, LAYOUT), { recursive: true });
      const ignore = path.join(dir, ".gitignore");
      if (!existsSync(ignore)) writeFileSync(ignore, "# Created by pyteam-lint: this directory is a cache.\n*\n");
      const tag = path.join(dir, "CACHEDIR.TAG");
      if (!existsSync(tag)) writeFileSync(tag, "Signature: 8a477f597d28d172789f06886806bc55\n# This is a cache directory created by pyteam-lint.\n");
      const probe = path.join(dir, LAYOUT, `.probe-${process.pid}-${randomBytes(4).toString("hex")}`);
      writeFileSync(probe, "");
      rmSync(probe, { force: true });
    } catch (error) {
      warn(`cache directory ${dir} cannot be written (${error.code ?? String(error)}); running without a cache`);
      return void 0;
    }
    return new _FileCache(dir, salt);
  }
  /** Opens an already checked directory (in a worker); never warns. */
  static attach(dir, salt) {
    return new _FileCache(dir, salt);
  }
  key(parts, content) {
    const hash = createHash("sha256").update(this.salt).update("\0");
    for (const p of parts) hash.update(p).update("\0");
    return hash.update(content).digest("hex");
  }
  file(key) {
    return path.join(this.dir, LAYOUT, key.slice(0, 2), `${key}.json`);
  }
  /** The value stored under `key` when its entry is intact and `check` accepts it (returning what to use), else undefined. */
  get(key, check) {
    if (this.disabled) return void 0;
    const read = readRegularFile(this.file(key), MAX_ENTRY_BYTES);
    if (!read.ok) return void 0;
    const text = read.bytes.toString("utf8");
    const newline = text.indexOf("\n");
    if (newline < 0) return void 0;
    const payload = text.slice(newline + 1);
    if (text.slice(0, newline) !== header(key, payload)) return void 0;
    try {
      return check(JSON.parse(payload));
    } catch {
      return void 0;
    }
  }
  set(key, value) {
    if (this.disabled) return;
    const target = this.file(key);
    const temp = `${target}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      mkdirSync(path.dirname(target), { recursive: true });
      const payload = JSON.stringify(value);
      writeFileSync(temp, `${header(key, payload)}
${payload}`);
      renameSync(temp, target);
    } catch {
      this.disabled = true;
      rmSync(temp, { force: true });
    }
  }
};

export {
  FileCache
};
