/**
 * The content cache (`.pyteam-lint-cache/`, like `.ruff_cache`): one JSON entry per file result,
 * keyed by the file's bytes, the tool and rule code, the configuration and the file's place in
 * the project. Writes are atomic (temp file + rename), so concurrent runs never see half an entry;
 * a location that cannot be written turns the cache off with one warning.
 *
 * Entries check themselves: a header line with the key and the SHA-256 of the payload, then the
 * payload (JSON). An entry whose checksum, key or shape (the caller's check) does not hold — a
 * flipped bit, a truncated write, a hand edit — or that is not a regular file is a miss: the file
 * is linted again and the entry rewritten. Never a crash, never a changed result. The checksum
 * protects against damage, not against whoever can write the directory: they can write a
 * consistent entry too, as with any tool's cache (README: the cache's trust model).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { readRegularFile } from './files.js';
import path from 'node:path';

const LAYOUT = 'v4';

/** Entries are one file result; a larger one is not ours. */
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

function header(key: string, payload: string): string {
  return `pyteam-lint-cache ${key} ${createHash('sha256').update(payload).digest('hex')}`;
}

export class FileCache {
  private disabled = false;

  private constructor(
    readonly dir: string,
    readonly salt: string,
  ) {}

  /** Opens (creating) a cache directory; undefined, after one warning, when it cannot be written. */
  static open(dir: string, salt: string, warn: (message: string) => void): FileCache | undefined {
    try {
      mkdirSync(path.join(dir, LAYOUT), { recursive: true });
      const ignore = path.join(dir, '.gitignore');
      if (!existsSync(ignore)) writeFileSync(ignore, '# Created by pyteam-lint: this directory is a cache.\n*\n');
      const tag = path.join(dir, 'CACHEDIR.TAG');
      if (!existsSync(tag)) writeFileSync(tag, 'Signature: 8a477f597d28d172789f06886806bc55\n# This is a cache directory created by pyteam-lint.\n');
      const probe = path.join(dir, LAYOUT, `.probe-${process.pid}-${randomBytes(4).toString('hex')}`);
      writeFileSync(probe, '');
      rmSync(probe, { force: true });
    } catch (error) {
      warn(`cache directory ${dir} cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)}); running without a cache`);
      return undefined;
    }
    return new FileCache(dir, salt);
  }

  /** Opens an already checked directory (in a worker); never warns. */
  static attach(dir: string, salt: string): FileCache {
    return new FileCache(dir, salt);
  }

  key(parts: readonly string[], content: Uint8Array): string {
    const hash = createHash('sha256').update(this.salt).update('\0');
    for (const p of parts) hash.update(p).update('\0');
    return hash.update(content).digest('hex');
  }

  private file(key: string): string {
    return path.join(this.dir, LAYOUT, key.slice(0, 2), `${key}.json`);
  }

  /** The value stored under `key` when its entry is intact and `check` accepts it (returning what to use), else undefined. */
  get<T>(key: string, check: (value: unknown) => T | undefined): T | undefined {
    if (this.disabled) return undefined;
    const read = readRegularFile(this.file(key), MAX_ENTRY_BYTES);
    if (!read.ok) return undefined; // absent, unreadable, not a regular file
    const text = read.bytes.toString('utf8');
    const newline = text.indexOf('\n');
    if (newline < 0) return undefined;
    const payload = text.slice(newline + 1);
    if (text.slice(0, newline) !== header(key, payload)) return undefined; // damaged or foreign
    try {
      return check(JSON.parse(payload));
    } catch {
      return undefined;
    }
  }

  set(key: string, value: unknown): void {
    if (this.disabled) return;
    const target = this.file(key);
    const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      mkdirSync(path.dirname(target), { recursive: true });
      const payload = JSON.stringify(value);
      writeFileSync(temp, `${header(key, payload)}\n${payload}`);
      renameSync(temp, target);
    } catch {
      this.disabled = true; // e.g. the disk filled up: keep linting without the cache
      rmSync(temp, { force: true });
    }
  }
}
