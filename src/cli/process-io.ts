// The process's standard streams, made cheaply. Node builds process.stdout/stderr/stdin on
// first use, and that loads its stream modules (plus net and tty for a pipe or terminal):
// about 6 ms of every kr start, more than the sign-out itself. Where an output fd is a pipe, a
// socket (what Node's spawn hands a child), a regular file or /dev/null, Node's own stdout writes
// synchronously anyway (POSIX), so kr writes there with fs.writeSync itself; a terminal or
// anything else gets the real stream.
// stdin stays unmade until something reads it (a prompt, the shell, a script on stdin).

import { fstatSync, statSync, writeSync } from 'node:fs';

type TtyWritable = NodeJS.WritableStream & { isTTY?: boolean };
type TtyReadable = NodeJS.ReadableStream & { isTTY?: boolean };
type ErrorListener = (error: NodeJS.ErrnoException) => void;

/**
 * True for a pipe, a socket, a regular file or /dev/null: the fd types Node writes to
 * synchronously (a scripted `kr … >/dev/null` would otherwise build Node's tty-less stdio stream,
 * ~7 ms, to throw the text away). Other character devices (a terminal) get the real stream.
 */
function writesSynchronously(fd: number): boolean {
  if (process.platform === 'win32') return false;
  try {
    const stat = fstatSync(fd);
    if (stat.isFIFO() || stat.isSocket() || stat.isFile()) return true;
    return stat.isCharacterDevice() && stat.rdev === statSync('/dev/null').rdev;
  } catch {
    return false;
  }
}

/**
 * A write-only stand-in for process.stdout/stderr on a pipe, socket or file, with the part of a
 * stream kr's CLI uses on them: write, isTTY and 'error' listeners (prompts and the shell only
 * run on terminals, which get the real streams). Errors (EPIPE when the
 * reader went away) go to 'error' listeners as a stream's would; with none, they throw. A
 * non-blocking pipe that is full (EAGAIN) hands the rest, and all later writes, to the real
 * stream, which waits for the reader, so the order of the output is kept.
 */
class FdWriter {
  readonly isTTY = false;
  private readonly errorListeners: ErrorListener[] = [];
  private fallback: TtyWritable | undefined;

  constructor(
    private readonly fd: number,
    private readonly realStream: () => TtyWritable,
  ) {}

  write(chunk: string | Uint8Array, encodingOrCallback?: unknown, callback?: unknown): boolean {
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (this.fallback) return this.fallback.write(chunk, done as () => void);
    let bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    try {
      while (bytes.length > 0) bytes = bytes.subarray(writeSync(this.fd, bytes));
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (e.code === 'EAGAIN') return this.handOver(bytes, done);
      if (this.errorListeners.length === 0) throw e;
      for (const listener of this.errorListeners) listener(e);
      return false;
    }
    if (typeof done === 'function') queueMicrotask(done as () => void);
    return true;
  }

  private handOver(rest: Uint8Array, done: unknown): boolean {
    this.fallback = this.realStream();
    for (const listener of this.errorListeners) this.fallback.on('error', listener);
    return this.fallback.write(rest, done as () => void);
  }

  on(event: string, listener: ErrorListener): this {
    if (event === 'error') {
      this.errorListeners.push(listener);
      this.fallback?.on('error', listener);
    }
    return this;
  }
}

function output(fd: 1 | 2, realStream: () => TtyWritable): TtyWritable {
  return writesSynchronously(fd) ? (new FdWriter(fd, realStream) as unknown as TtyWritable) : realStream();
}

export interface ProcessIo {
  readonly stdin: TtyReadable;
  readonly stdout: TtyWritable;
  readonly stderr: TtyWritable;
}

/** The real output streams handed out (a terminal, or a full pipe's fallback), to see if they still hold output. */
const realOutputs: TtyWritable[] = [];

function real(stream: () => TtyWritable): () => TtyWritable {
  return () => {
    const made = stream();
    if (!realOutputs.includes(made)) realOutputs.push(made);
    return made;
  };
}

/**
 * Whether output kr wrote may still be on its way: a real stream holding unwritten bytes, or a
 * write request libuv has not finished. The FdWriters have written everything already.
 */
export function outputPending(): boolean {
  if (realOutputs.some((stream) => ((stream as { writableLength?: number }).writableLength ?? 0) > 0)) return true;
  return process.getActiveResourcesInfo().some((type) => type === 'WriteWrap' || type === 'ShutdownWrap');
}

/** stdout and stderr now; stdin (a getter) when first read. */
export function processIo(): ProcessIo {
  const stdout = output(1, real(() => process.stdout));
  const stderr = output(2, real(() => process.stderr));
  return {
    get stdin(): TtyReadable {
      return process.stdin;
    },
    stdout,
    stderr,
  };
}
