/**
 * Standard output and error that fail the way users expect. A reader that goes away (`| head`,
 * `| true`: EPIPE) ends the output quietly and the run exits as it would have; any other write
 * error (`> /dev/full`: ENOSPC, EIO) is one clear message and exit 2. Never a stack trace: Node
 * reports these failures as asynchronous 'error' events, which would otherwise crash the process.
 */

export interface GuardedStream {
  write(text: string): void;
  /** Waits for what was written; resolves with the first failure, if any. */
  flush(): Promise<NodeJS.ErrnoException | undefined>;
  /** True once the reader is gone or a write failed: later writes are dropped. */
  readonly broken: boolean;
}

export function guardStream(stream: NodeJS.WriteStream): GuardedStream {
  let failure: NodeJS.ErrnoException | undefined;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    failure ??= error;
  });
  return {
    write(text) {
      if (failure || stream.destroyed) return;
      stream.write(text);
    },
    flush() {
      if (failure || stream.destroyed) return Promise.resolve(failure);
      return new Promise((resolve) => stream.write('', (error) => resolve(failure ?? (error as NodeJS.ErrnoException | null | undefined) ?? undefined)));
    },
    get broken() {
      return failure !== undefined;
    },
  };
}

/** The reader closed the pipe: not an error of ours, nothing to say. */
export function isClosedPipe(error: NodeJS.ErrnoException | undefined): boolean {
  return error?.code === 'EPIPE' || error?.code === 'ERR_STREAM_DESTROYED';
}

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EIO: 'input/output error',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EBADF: 'the stream is closed',
};

/** `cannot write to standard output: no space left on device (ENOSPC)`. */
export function describeWriteFailure(what: string, error: NodeJS.ErrnoException): string {
  const code = error.code ?? 'unknown error';
  return `cannot write to ${what}: ${REASONS[code] ?? error.message} (${code})`;
}
