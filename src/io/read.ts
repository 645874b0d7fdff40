// The reads on every sign-out's start-up path (the config file, the jar), through node:fs's
// callback API. node:fs/promises would do the same, but loading it costs Node a dozen internal
// modules (FileHandle brings readline and the fs watchers along), ~2 ms of a 60 ms start; the
// jar's lock and atomic replace (src/jar/file.ts) use synchronous calls for the same reason.
// The first asynchronous fs call also starts libuv's thread pool (four threads: ~1.3 ms of a
// start, measured on Node 24). Opening, fstat and a small regular file's bytes (up to
// SYNC_READ_LIMIT, microseconds from the page cache) are done synchronously, so a -WhatIf
// never starts it; a larger file read whole is read on the pool, so a program that embeds kr
// keeps its event loop (a locked sign-out reads its jar in chunks instead: src/jar/jar-bytes.ts).

import { close, closeSync, constants, fstatSync, openSync, readFile, readSync, realpathSync, type Stats } from 'node:fs';

/** The largest file read synchronously. */
export const SYNC_READ_LIMIT = 1024 * 1024;

type Callback<T> = (error: NodeJS.ErrnoException | null, value: T) => void;

function call<T>(start: (done: Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value))));
}

/** The path with its symlinks resolved: realpath(3), synchronously (one system call, no thread pool). */
export async function realPath(path: string): Promise<string> {
  return realpathSync.native(path);
}

/**
 * The file's status and its whole content from one open file, so both describe the same file
 * (a rename in between cannot pair one file's mode with another's bytes). `check` sees the
 * status before anything is read and may throw to refuse the file.
 */
export async function readOpenFile(path: string, check: (info: Stats) => void): Promise<{ info: Stats; contents: Buffer }> {
  const { fd, info } = openChecked(path, check);
  let closeLater = false;
  try {
    if (info.isFile() && info.size <= SYNC_READ_LIMIT) return { info, contents: readSmallFile(fd, info.size) };
    closeLater = true;
    try {
      return { info, contents: await call<Buffer>((done) => readFile(fd, done)) };
    } finally {
      await call<void>((done) => close(fd, (error) => done(error, undefined))).catch(() => undefined);
    }
  } finally {
    if (!closeLater) closeSync(fd);
  }
}

/**
 * The file opened for reading, with its status; `check` sees the status first and may throw to
 * refuse the file (then it is closed). The caller closes the fd.
 */
export function openChecked(path: string, check: (info: Stats) => void): { fd: number; info: Stats } {
  // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever, before `check` could refuse it
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = fstatSync(fd);
    check(info);
    return { fd, info };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** A regular file's bytes from its fd: `size` from fstat, and whatever it grew by since (up to EOF). */
function readSmallFile(fd: number, size: number): Buffer {
  let buffer = Buffer.allocUnsafe(size + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    const n = readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) return buffer.subarray(0, length);
    length += n;
  }
}

/** Why a file kr reads as a document (config, token store) is refused; undefined when it is fine. */
export class NotARegularFile extends Error {}
export class FileTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`it is larger than ${limit} bytes`);
  }
}

/**
 * A small document kr reads whole (config, token store): a regular file (a FIFO or a device
 * such as /dev/zero would block or never end) of at most `maxBytes`, as UTF-8 text.
 */
export async function readDocumentFile(path: string, maxBytes: number): Promise<string> {
  const { contents } = await readOpenFile(path, (info) => {
    if (info.isDirectory()) throw Object.assign(new Error('it is a directory'), { code: 'EISDIR' });
    if (!info.isFile()) throw new NotARegularFile('it is not a regular file (a FIFO, socket or device)');
    if (info.size > maxBytes) throw new FileTooLarge(maxBytes);
  });
  // it may have grown between fstat and the read
  if (contents.length > maxBytes) throw new FileTooLarge(maxBytes);
  return contents.toString('utf8');
}
