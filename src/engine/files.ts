/**
 * Reading from the file system without trusting it. Every file the tool reads (sources, configs,
 * ignore files, cache entries, patches, standard input) goes through `readRegularFile` or
 * `readStream`: only regular files are read (a FIFO, a device such as `/dev/zero`, a socket or a
 * directory is a reason, never a hang), and the size cap is enforced while reading, so an endless
 * or growing file cannot take memory without bound.
 *
 * File names are not always UTF-8. A name is carried as a JavaScript string with Python's
 * `surrogateescape` convention — each byte 0x80–0xFF that is not part of valid UTF-8 becomes the
 * lone surrogate U+DC80–U+DCFF — and turned back into its exact bytes (`fsPath`) whenever it
 * reaches the file system. Output escapes those surrogates as `\xNN`.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import path from 'node:path';

/** A file-system error as a message for the user (no stack, no errno jargon). */
export function describeFsError(error: unknown, doing: 'read' | 'written' = 'read'): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return `permission denied: cannot be ${doing}`;
    case 'ELOOP':
      return 'symbolic link loop: cannot be reached';
    case 'EISDIR':
      return 'is a directory';
    default:
      return `cannot be ${doing} (${code ?? String(error)})`;
  }
}

/** A read that failed says why; `refused` when the file exists but is not one we read (special, too large). */
export type ReadResult = { ok: true; bytes: Buffer } | { ok: false; reason: string; refused?: true };

const ESCAPED_BYTE = /[\udc80-\udcff]/;

/** A path as the file system wants it: the string itself, or its exact bytes when it carries escaped ones. */
export function fsPath(p: string): string | Buffer {
  if (!ESCAPED_BYTE.test(p)) return p;
  const out: number[] = [];
  for (const ch of p) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xdc80 && c <= 0xdcff) out.push(c - 0xdc00);
    else out.push(...Buffer.from(ch, 'utf8'));
  }
  return Buffer.from(out);
}

/** A file name's bytes as a string: UTF-8 where it is valid, each other byte escaped (`surrogateescape`). */
export function nameFromBytes(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  if (!text.includes('\ufffd') || Buffer.from(text, 'utf8').equals(bytes)) return text;
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const length = utf8SequenceLength(bytes, i);
    if (length > 0) {
      out += bytes.subarray(i, i + length).toString('utf8');
      i += length;
    } else {
      out += String.fromCharCode(0xdc00 + bytes[i]!);
      i++;
    }
  }
  return out;
}

/** The length of the valid UTF-8 sequence starting at `i`, or 0. */
function utf8SequenceLength(b: Buffer, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const length = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (length === 0 || i + length > b.length) return 0;
  for (let k = 1; k < length; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  const cp = Buffer.from(b.subarray(i, i + length)).toString('utf8');
  return cp.includes('\ufffd') ? 0 : length; // overlong forms and surrogates decode to U+FFFD
}

/** What a non-regular file is, for the user (from its `Stats` or its directory entry). */
export function kindOf(stat: Pick<Stats, 'isDirectory' | 'isFIFO' | 'isCharacterDevice' | 'isBlockDevice' | 'isSocket'>): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO (named pipe)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

export function formatSize(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}

/**
 * The bytes of a regular file of at most `maxBytes`. Opened non-blocking (opening a FIFO must not
 * wait for a writer), checked with `fstat` on the open descriptor (no race with a swapped path),
 * and read up to one byte past the cap (a file that grows while read is still caught).
 */
export function readRegularFile(file: string, maxBytes: number, limitName = 'max-file-size'): ReadResult {
  let fd: number;
  try {
    fd = openSync(fsPath(file), constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (error) {
    return { ok: false, reason: describeFsError(error) };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: `is ${kindOf(stat)}, not a regular file`, refused: true };
    if (stat.size > maxBytes) return { ok: false, reason: tooLarge(stat.size, maxBytes, limitName), refused: true };
    return readCapped(fd, maxBytes, Math.max(stat.size, 0), limitName);
  } catch (error) {
    return { ok: false, reason: describeFsError(error) };
  } finally {
    closeSync(fd);
  }
}

function tooLarge(size: number | undefined, maxBytes: number, limitName: string): string {
  const what = size === undefined ? 'file is' : `file is ${formatSize(size)},`;
  return `${what} larger than ${limitName} (${formatSize(maxBytes)})`;
}

/**
 * Reads a descriptor to its end, failing as soon as it holds more than `maxBytes`. A regular file
 * is read into one buffer of its size plus one byte (the extra byte catches a file still growing);
 * a stream in chunks.
 */
function readCapped(fd: number, maxBytes: number, expected: number, limitName: string): ReadResult {
  const chunks: Buffer[] = [];
  let total = 0;
  let size = Math.min(expected > 0 ? expected + 1 : 64 * 1024, maxBytes + 1);
  for (;;) {
    const chunk = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < chunk.length) {
      let n: number;
      try {
        n = readSync(fd, chunk, filled, chunk.length - filled, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); // a non-blocking pipe with nothing yet
        continue;
      }
      if (n === 0) break;
      filled += n;
    }
    chunks.push(filled === chunk.length ? chunk : chunk.subarray(0, filled));
    total += filled;
    if (total > maxBytes) return { ok: false, reason: tooLarge(undefined, maxBytes, limitName), refused: true };
    if (filled < chunk.length) break; // end of input
    size = Math.min(Math.max(size * 2, 64 * 1024), maxBytes + 1 - total);
  }
  return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) };
}

/** Standard input (or another already open descriptor: a pipe or a file), read to its end with the same cap. */
export function readStream(fd: number, maxBytes: number, limitName = 'max-file-size'): ReadResult {
  try {
    return readCapped(fd, maxBytes, 0, limitName);
  } catch (error) {
    return { ok: false, reason: describeFsError(error) };
  }
}

/** The real path of `abs`, or of its nearest existing ancestor joined with the rest (a file still to be created). */
function realPathOf(abs: string): string {
  const missing: string[] = [];
  let p = abs;
  for (;;) {
    try {
      return path.join(realPath(p), ...missing.reverse());
    } catch {
      const parent = path.dirname(p);
      if (parent === p) return abs;
      missing.push(path.basename(p));
      p = parent;
    }
  }
}

/** The real path (symbolic links resolved) of an existing path; throws as `realpath(3)` fails. */
export function realPath(p: string): string {
  // The native call: the JavaScript one turns a name's bytes into UTF-8 and back, losing non-UTF-8 names.
  return nameFromBytes(realpathSync.native(fsPath(p), { encoding: 'buffer' }));
}

/**
 * Whether `abs` lies inside `root`, both as written and after resolving symbolic links (of the path
 * itself, or of its nearest existing ancestor for a file still to be created). What the MCP server,
 * `verify`, `--fix` and the language server may touch is decided here, and only here.
 */
export function isInside(root: string, abs: string): boolean {
  const within = (base: string, p: string) => {
    const rel = path.relative(base, p);
    return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
  };
  if (!within(root, path.resolve(abs))) return false;
  return within(realPathOf(root), realPathOf(path.resolve(abs)));
}

/**
 * The command line's arguments with their exact bytes: Node decodes `argv` as UTF-8 and turns a
 * name that is not UTF-8 into U+FFFD, so such an argument is read again from `/proc/self/cmdline`
 * (Linux) and carried with `surrogateescape`. Elsewhere, or when that cannot be read, as given.
 */
export function exactArgv(argv: readonly string[]): string[] {
  if (!argv.some((a) => a.includes('\ufffd'))) return [...argv];
  const read = readRegularFile('/proc/self/cmdline', 16 * 1024 * 1024);
  if (!read.ok) return [...argv];
  const raw = read.bytes.toString('latin1').split('\0');
  if (raw[raw.length - 1] === '') raw.pop();
  if (raw.length < argv.length) return [...argv];
  // Our arguments are the last ones (after node, its options and the script).
  const ours = raw.slice(raw.length - argv.length).map((a) => nameFromBytes(Buffer.from(a, 'latin1')));
  return argv.map((a, i) => (a.includes('\ufffd') && Buffer.from(ours[i]!.replace(/[\udc80-\udcff]/g, '\ufffd'), 'utf8').toString() === a ? ours[i]! : a));
}
