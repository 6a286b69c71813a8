/**
 * The content cache (`.pyteam-lint-cache/`, like `.ruff_cache`): one JSON entry per file result,
 * keyed by the file's bytes, the tool and rule code, the configuration and the file's place in
 * the project. Writes are atomic (temp file + rename), so concurrent runs never see half an entry;
 * an entry that is corrupt or foreign is ignored and rewritten; a location that cannot be written
 * turns the cache off with one warning.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const LAYOUT = 'v1';

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

  get(key: string): unknown {
    if (this.disabled) return undefined;
    try {
      const entry = JSON.parse(readFileSync(this.file(key), 'utf8')) as { key?: unknown; value?: unknown };
      return entry.key === key ? entry.value : undefined;
    } catch {
      return undefined; // absent, unreadable, corrupt or foreign: recompute
    }
  }

  set(key: string, value: unknown): void {
    if (this.disabled) return;
    const target = this.file(key);
    const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(temp, JSON.stringify({ key, value }));
      renameSync(temp, target);
    } catch {
      this.disabled = true; // e.g. the disk filled up: keep linting without the cache
      rmSync(temp, { force: true });
    }
  }
}
