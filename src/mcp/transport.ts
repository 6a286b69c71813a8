/**
 * The MCP stdio transport, ours rather than the SDK's `StdioServerTransport`, because the SDK's
 * drops what it cannot read without a word and closes the connection (the server then exits 0
 * with no reply) when a message is larger than its 10 MiB buffer. Here:
 *
 * - messages are newline-delimited JSON, and the size cap is enforced while reading: a message
 *   longer than `MAX_MESSAGE_BYTES` is never held in memory; it is answered with a JSON-RPC error
 *   (`-32600`, with the request's id when it can be read from the message's start, else null) and
 *   the rest of its line is skipped, so the server goes on serving;
 * - a line that is not JSON is answered `-32700` (parse error), and JSON that is not a JSON-RPC
 *   message (or a batch, which MCP does not use) `-32600` (invalid request), id null unless the
 *   object carries a usable one; blank lines are ignored;
 * - writes that fail are reported once (`onOutputError`), and nothing more is written;
 * - requests still unanswered are counted, so the server can finish them before it exits.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';

/** The largest message read (the MCP SDK's own default): sources and diffs, not data sets. */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/** How much of an oversized message is kept to find its id (ids come before the large params). */
const ID_PREFIX_BYTES = 64 * 1024;

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;

export interface TransportOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  maxMessageBytes?: number;
  /** The client closed our input (or reading it failed). */
  onInputEnd(): void;
  /** Writing to the client failed (EPIPE: it is gone; anything else: a real failure). */
  onOutputError(error: NodeJS.ErrnoException): void;
  log(message: string): void;
}

export class LineTransport implements Transport {
  onclose?: (() => void) | undefined;
  onerror?: ((error: Error) => void) | undefined;
  onmessage?: ((message: JSONRPCMessage) => void) | undefined;

  private readonly max: number;
  /** The current line's pieces while it is within the cap. */
  private parts: Buffer[] = [];
  private size = 0;
  /** Set while skipping the rest of an oversized line. */
  private skipping = false;
  private outputFailed = false;
  private closed = false;
  private readonly pending = new Set<RequestId>();
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: TransportOptions) {
    this.max = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  }

  async start(): Promise<void> {
    const { input, output } = this.options;
    input.on('data', this.onData);
    input.on('end', this.onEnd);
    input.on('error', this.onEnd);
    output.on('error', this.onWriteError);
  }

  /** Requests received and not yet answered (a cancelled one needs no answer). */
  get unanswered(): number {
    return this.pending.size;
  }

  /** Resolves once every request received so far has been answered. */
  whenIdle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  send(message: JSONRPCMessage): Promise<void> {
    if ('id' in message && !('method' in message)) this.answered(message.id as RequestId);
    return this.write(message);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const { input } = this.options;
    input.off('data', this.onData);
    input.off('end', this.onEnd);
    input.off('error', this.onEnd);
    this.parts = [];
    this.onclose?.();
  }

  private write(message: unknown): Promise<void> {
    const { output } = this.options;
    if (this.outputFailed || (output as NodeJS.WriteStream).destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      // The callback comes on success and on failure alike; the failure itself goes to onWriteError.
      output.write(`${JSON.stringify(message)}\n`, () => resolve());
    });
  }

  private answered(id: RequestId | null | undefined): void {
    if (id === null || id === undefined || !this.pending.delete(id)) return;
    if (this.pending.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private readonly onWriteError = (error: NodeJS.ErrnoException): void => {
    if (this.outputFailed) return;
    this.outputFailed = true;
    this.options.onOutputError(error);
  };

  private readonly onEnd = (): void => {
    // A last line without its newline is still a message.
    if (this.size > 0 && !this.skipping) this.line(Buffer.concat(this.parts, this.size));
    this.parts = [];
    this.size = 0;
    this.options.onInputEnd();
  };

  private readonly onData = (chunk: Buffer | string): void => {
    const data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let from = 0;
    while (from <= data.length && !this.closed) {
      const nl = data.indexOf(0x0a, from);
      const end = nl === -1 ? data.length : nl;
      const piece = data.subarray(from, end);
      if (!this.skipping) {
        if (this.size + piece.length > this.max) {
          this.oversized(piece);
        } else if (piece.length > 0) {
          this.parts.push(piece);
          this.size += piece.length;
        }
      }
      if (nl === -1) break;
      // The line is complete.
      if (!this.skipping && this.size > 0) this.line(Buffer.concat(this.parts, this.size));
      this.parts = [];
      this.size = 0;
      this.skipping = false;
      from = nl + 1;
    }
  };

  /** The line grew past the cap: answer now from its start, then skip it to its newline. */
  private oversized(piece: Buffer): void {
    const head: Buffer[] = [];
    let kept = 0;
    for (const part of [...this.parts, piece]) {
      if (kept >= ID_PREFIX_BYTES) break;
      const slice = part.subarray(0, ID_PREFIX_BYTES - kept);
      head.push(slice);
      kept += slice.length;
    }
    const id = leadingId(Buffer.concat(head, kept).toString('utf8'));
    this.parts = [];
    this.size = 0;
    this.skipping = true;
    const mib = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;
    this.options.log(`refused a message larger than ${mib(this.max)}${id === null ? '' : ` (request ${JSON.stringify(id)})`}`);
    this.reply(id, INVALID_REQUEST, `message too large: the limit is ${mib(this.max)} per message; lint files by path (lint_paths) rather than sending their text`, { limit: this.max });
  }

  private line(bytes: Buffer): void {
    const text = bytes.toString('utf8').replace(/\r$/, '');
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.reply(null, PARSE_ERROR, `parse error: the message is not JSON (${(error as Error).message})`);
      return;
    }
    if (Array.isArray(value)) {
      this.reply(null, INVALID_REQUEST, 'invalid request: JSON-RPC batches are not supported (MCP sends one message per line)');
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(value);
    if (!parsed.success) {
      const id = value !== null && typeof value === 'object' ? usableId((value as { id?: unknown }).id) : null;
      this.reply(id, INVALID_REQUEST, 'invalid request: not a JSON-RPC 2.0 request, notification or response (jsonrpc "2.0", a string method, an id that is a string or a number)');
      return;
    }
    const message = parsed.data;
    if ('method' in message) {
      if ('id' in message) this.pending.add(message.id);
      else if (message.method === 'notifications/cancelled') this.answered(usableId((message.params as { requestId?: unknown } | undefined)?.requestId));
    }
    try {
      this.onmessage?.(message);
    } catch (error) {
      this.onerror?.(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private reply(id: RequestId | null, code: number, message: string, data?: unknown): void {
    void this.write({ jsonrpc: '2.0', id, error: { code, message, ...(data === undefined ? {} : { data }) } });
  }
}

function usableId(id: unknown): RequestId | null {
  return (typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))) ? id : null;
}

/**
 * The id of a JSON-RPC object from the start of its text (which may be cut anywhere): the value
 * of its top-level `"id"` key when that key comes before the text ends, else null.
 */
export function leadingId(text: string): RequestId | null {
  let i = skipSpace(text, 0);
  if (text[i] !== '{') return null;
  i++;
  for (;;) {
    i = skipSpace(text, i);
    const key = readString(text, i);
    if (!key) return null;
    i = skipSpace(text, key.end);
    if (text[i] !== ':') return null;
    i = skipSpace(text, i + 1);
    if (key.value === 'id') {
      const str = readString(text, i);
      if (str) return str.value;
      const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?(?=\s*[,}])/.exec(text.slice(i, i + 40));
      return num ? usableId(Number(num[0])) : null;
    }
    i = skipValue(text, i);
    if (i < 0) return null;
    i = skipSpace(text, i);
    if (text[i] !== ',') return null;
    i++;
  }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

/** A JSON string starting at `i`: its value and the index after it, or null when it is cut or bad. */
function readString(text: string, i: number): { value: string; end: number } | null {
  if (text[i] !== '"') return null;
  let j = i + 1;
  while (j < text.length) {
    const c = text[j]!;
    if (c === '\\') j += 2;
    else if (c === '"') {
      try {
        return { value: JSON.parse(text.slice(i, j + 1)) as string, end: j + 1 };
      } catch {
        return null;
      }
    } else j++;
  }
  return null;
}

/** The index after the JSON value starting at `i`, or -1 when the text ends inside it. */
function skipValue(text: string, i: number): number {
  if (text[i] === '"') return readString(text, i)?.end ?? -1;
  if (text[i] === '{' || text[i] === '[') {
    let depth = 0;
    let j = i;
    while (j < text.length) {
      const c = text[j]!;
      if (c === '"') {
        const s = readString(text, j);
        if (!s) return -1;
        j = s.end;
        continue;
      }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return -1;
  }
  const scalar = /^[^,}\]\s]+/.exec(text.slice(i, i + 64));
  return scalar && i + scalar[0].length < text.length ? i + scalar[0].length : -1;
}
