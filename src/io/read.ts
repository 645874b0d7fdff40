// The reads on every sign-out's start-up path (the config file, the jar), through node:fs's
// callback API. node:fs/promises would do the same, but loading it costs Node a dozen internal
// modules (FileHandle brings readline and the fs watchers along), ~2 ms of a 60 ms start; the
// write path (lock, atomic replace) keeps fs/promises, loaded only when kr writes
// (scripts/bundle-plugins.mjs makes that import lazy in the bundle).

import { close, fstat, open, readFile, realpath, type Stats } from 'node:fs';

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
  const fd = await call<number>((done) => open(path, 'r', done));
  try {
    const info = await call<Stats>((done) => fstat(fd, done));
    check(info);
    const contents = await call<Buffer>((done) => readFile(fd, done));
    return { info, contents };
  } finally {
    await call<void>((done) => close(fd, (error) => done(error, undefined))).catch(() => undefined);
  }
}
