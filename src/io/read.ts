// The reads on every sign-out's start-up path (the config file, the jar), through node:fs's
// callback API. node:fs/promises would do the same, but loading it costs Node a dozen internal
// modules (FileHandle brings readline and the fs watchers along), ~2 ms of a 60 ms start; the
// write path (lock, atomic replace) keeps fs/promises, loaded only when kr writes
// (scripts/bundle-plugins.mjs makes that import lazy in the bundle).

import { close, constants, fstat, open, readFile, realpath, type Stats } from 'node:fs';

type Callback<T> = (error: NodeJS.ErrnoException | null, value: T) => void;

function call<T>(start: (done: Callback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value))));
}

export function readTextFile(path: string): Promise<string> {
  return call<string>((done) => readFile(path, 'utf8', done));
}

export function realPath(path: string): Promise<string> {
  return call<string>((done) => realpath(path, done));
}

/**
 * The file's status and its whole content from one open file, so both describe the same file
 * (a rename in between cannot pair one file's mode with another's bytes). `check` sees the
 * status before anything is read and may throw to refuse the file.
 */
export async function readOpenFile(path: string, check: (info: Stats) => void): Promise<{ info: Stats; contents: Buffer }> {
  // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever, before `check` could refuse it
  const fd = await call<number>((done) => open(path, constants.O_RDONLY | constants.O_NONBLOCK, done));
  try {
    const info = await call<Stats>((done) => fstat(fd, done));
    check(info);
    const contents = await call<Buffer>((done) => readFile(fd, done));
    return { info, contents };
  } finally {
    await call<void>((done) => close(fd, (error) => done(error, undefined))).catch(() => undefined);
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
