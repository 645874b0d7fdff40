// The jar on disk: an advisory lock so concurrent kr processes lose no update, reads that
// refuse what kr cannot read (so it is never overwritten), and atomic replacement
// (temp file in the same folder, fsync, rename, fsync the folder).
//
// The file-system calls are synchronous: each is a local system call of microseconds, while
// node:fs/promises would load a dozen internal modules, start libuv's thread pool and add a
// round trip through it to each of the ~20 calls of a sign-out (~8 ms of a 100,000-cookie
// sign-out, most of it before any work). Waiting for a lock another process holds yields, and
// so do the two fsyncs, which wait for the disk (~20 ms each here): they run on the thread pool
// while the caller works on (a sign-out counts what the jar keeps meanwhile, session.ts).

import {
  close,
  closeSync,
  fsync,
  constants as fsConstants,
  fchmodSync,
  fchownSync,
  fstatSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isKrError } from '../params/errors.js';
import { openChecked, readOpenFile, realPath } from '../io/read.js';
import { JarErrors, describeFsError } from './errors.js';
import { BufferBytes, FileBytes, JarBytesChanged, type JarBytes, type JarPart } from './jar-bytes.js';

const NEW_JAR_MODE = 0o600;
const NEW_FOLDER_MODE = 0o700;
/** A lock file whose content cannot be read is only broken once it is this old. */
const UNREADABLE_LOCK_GRACE_MS = 30_000;
/** A breaker that died mid-break leaves `.break` behind; past this age it is ignored. */
const BREAK_LOCK_GRACE_MS = 10_000;
export const DEFAULT_LOCK_TIMEOUT_MS = 10_000;

const errno = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;
/**
 * Tells temp files apart: the pid separates this host's processes, 48 random bits the rest.
 * Not node:crypto, whose loading is ms of every sign-out; unpredictability is not needed, as
 * every temp file is created exclusively ('wx'), so a name taken already fails, never clobbers.
 */
const unique = () => `${process.pid}-${Math.floor(Math.random() * 2 ** 48).toString(16).padStart(12, '0')}`;
const tempPrefix = (jarPath: string) => `.${basename(jarPath)}.kr-tmp-`;
const lockTempPrefix = (jarPath: string) => `.${basename(jarPath)}.lock-tmp-`;

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone, or never made
  }
}

/** The file's status without following a final symlink; undefined when nothing is there. */
function lstatQuietly(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** The file's text; undefined when it cannot be read. */
function readTextQuietly(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Whether `path` still names the file `identity` describes (a symlinked jar is followed, as it was read). */
function namesFile(path: string, identity: { dev: number; ino: number }): boolean {
  try {
    const info = statSync(path);
    return info.dev === identity.dev && info.ino === identity.ino;
  } catch {
    return false;
  }
}

/** fsync(2) on the thread pool, then close. */
function syncAndClose(fd: number): Promise<void> {
  return new Promise((resolve, reject) =>
    fsync(fd, (syncError) =>
      close(fd, (closeError) => {
        const error = syncError ?? closeError;
        if (error) reject(error);
        else resolve();
      }),
    ),
  );
}

/** Writes all of `bytes` at the file's position (a write may take only part). */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
}

/** Creates `path` exclusively with `content`; EEXIST when something is there. */
function createExclusive(path: string, content: string): void {
  const fd = openSync(path, 'wx', NEW_JAR_MODE);
  try {
    writeAll(fd, Buffer.from(content, 'utf8'));
  } finally {
    closeSync(fd);
  }
}

/** The path kr works on: a symlinked jar is edited where it really lives, not replaced by a file. */
export async function canonicalJarPath(path: string): Promise<string> {
  try {
    return await realPath(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Whether a process still runs. A killed process whose parent has not reaped it (a zombie:
 * its parent died too, and this machine's init may never reap) still answers kill(pid, 0), yet
 * it will never release its lock or temp file: Linux's /proc tells the two apart.
 */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return errno(error) === 'EPERM';
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    // "pid (comm) S ...": the state follows the last ')', as comm may hold spaces and parentheses
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return false; // no /proc (not Linux), or it just ended: kill(pid, 0) already answered
  }
}

interface LockHolder {
  pid: number;
  host: string;
  since: number;
}

function parseHolder(text: string): LockHolder | undefined {
  const [pid, host, since] = text.trim().split('\n');
  const holder = { pid: Number(pid), host: host ?? '', since: Number(since) };
  return Number.isInteger(holder.pid) && holder.pid > 0 && Number.isFinite(holder.since) ? holder : undefined;
}

function describeHolder(holder: LockHolder | undefined): string {
  if (holder === undefined) return 'another process';
  return `process ${holder.pid} on ${holder.host} (since ${new Date(holder.since).toISOString()})`;
}

/** Creates `lockPath` holding `content`, atomically: readers never see a half-written lock. */
function tryCreateLock(lockPath: string, jarPath: string, content: string): boolean {
  const temp = join(dirname(lockPath), `${lockTempPrefix(jarPath)}${unique()}`);
  try {
    createExclusive(temp, content);
    linkSync(temp, lockPath);
    return true;
  } catch (error) {
    if (errno(error) === 'EEXIST') return false;
    // file systems without hard links: O_EXCL create (a reader may briefly see it empty)
    if (errno(error) === 'EPERM' || errno(error) === 'ENOTSUP' || errno(error) === 'EOPNOTSUPP') {
      try {
        createExclusive(lockPath, content);
        return true;
      } catch (fallbackError) {
        if (errno(fallbackError) === 'EEXIST') return false;
        throw fallbackError;
      }
    }
    throw error;
  } finally {
    unlinkQuietly(temp);
  }
}

/**
 * Removes a stale lock, unless another process replaced it meanwhile; true when it is gone.
 * `.break` marks the one process breaking it. A `.break` left by a breaker that died is kr's own
 * leftover: past its grace it is removed (a directory of that name is not kr's, and stays).
 */
function breakStaleLock(lockPath: string, staleText: string): boolean {
  const breaker = `${lockPath}.break`;
  let fd;
  try {
    fd = openSync(breaker, 'wx', NEW_JAR_MODE);
  } catch (error) {
    if (errno(error) !== 'EEXIST') return false;
    const info = lstatQuietly(breaker);
    if (info !== undefined && !info.isDirectory() && Date.now() - info.mtimeMs > BREAK_LOCK_GRACE_MS) unlinkQuietly(breaker);
    return false;
  }
  try {
    if (readTextQuietly(lockPath) !== staleText) return false;
    unlinkSync(lockPath);
    return true;
  } catch {
    return false;
  } finally {
    closeSync(fd);
    unlinkQuietly(breaker);
  }
}

export type ReleaseLock = () => Promise<void>;

/**
 * What stands at the lock path when it cannot be read as a file: null when nothing does
 * (released meanwhile), else '' (an unreadable lock: a dangling symlink, a directory, a file
 * without read permission), which only its age can make stale.
 */
function lockText(lockPath: string): string | null {
  try {
    return readFileSync(lockPath, 'utf8');
  } catch (error) {
    if (errno(error) !== 'ENOENT') return '';
    // ENOENT from readFile is also a dangling symlink: lstat tells it from "no lock"
    return lstatQuietly(lockPath) === undefined ? null : '';
  }
}

/** How old the lock path itself is (a symlink's own age, not its target's). */
function lockAgeMs(lockPath: string): number | undefined {
  const info = lstatQuietly(lockPath);
  return info === undefined ? undefined : Date.now() - info.mtimeMs;
}

function isStale(lockPath: string, text: string): boolean {
  const holder = parseHolder(text);
  if (holder !== undefined) return holder.host === hostname() && !isAlive(holder.pid);
  const age = lockAgeMs(lockPath);
  return age !== undefined && age > UNREADABLE_LOCK_GRACE_MS;
}

/**
 * Takes `<jar>.lock`, waiting with backoff; a lock whose process is dead is taken over. Every
 * path through the loop that did not take the lock sleeps before trying again and checks the
 * timeout, whatever stands at the lock path (a dangling symlink, a directory, a leftover
 * `.break`), so kr never spins and never waits past `timeoutMs`.
 */
export async function acquireJarLock(jarPath: string, timeoutMs = DEFAULT_LOCK_TIMEOUT_MS): Promise<ReleaseLock> {
  const lockPath = `${jarPath}.lock`;
  const content = `${process.pid}\n${hostname()}\n${Date.now()}\n`;
  try {
    mkdirSync(dirname(jarPath), { recursive: true, mode: NEW_FOLDER_MODE });
  } catch (error) {
    throw JarErrors.writeFailed(jarPath, `cannot create its folder (${describeFsError(error)})`, error);
  }
  const started = Date.now();
  let attempt = 0;
  for (;;) {
    try {
      if (tryCreateLock(lockPath, jarPath, content)) break;
    } catch (error) {
      throw JarErrors.writeFailed(jarPath, `cannot create the lock file '${lockPath}' (${describeFsError(error)})`, error);
    }
    const text = lockText(lockPath);
    // released between our attempt and the read, or a stale lock just broken: try again at once,
    // but only a few times in a row (a racing process may keep winning)
    if (text === null || (isStale(lockPath, text) && breakStaleLock(lockPath, text))) {
      if (attempt++ < 3) continue;
    }
    const waited = Date.now() - started;
    if (waited >= timeoutMs) {
      throw JarErrors.locked(jarPath, lockPath, text ? describeHolder(parseHolder(text)) : 'something kr cannot read', waited);
    }
    const backoff = Math.min(100, 2 ** Math.min(attempt, 10) * 2) * (0.5 + Math.random());
    attempt++;
    await sleep(Math.min(backoff, Math.max(1, timeoutMs - waited)));
  }
  return async () => {
    if (readTextQuietly(lockPath) === content) unlinkQuietly(lockPath);
  };
}

/**
 * Removes what a killed kr left next to the jar: temp files (only writers holding the
 * lock create them, so under the lock every one is a leftover) and lock temp files of
 * dead processes. Call only while holding the lock.
 */
export async function cleanLeftovers(jarPath: string): Promise<void> {
  const folder = dirname(jarPath);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  const temp = tempPrefix(jarPath);
  const lockTemp = lockTempPrefix(jarPath);
  for (const name of names) {
    if (name.startsWith(temp)) unlinkQuietly(join(folder, name));
    else if (name.startsWith(lockTemp)) {
      const pid = Number(name.slice(lockTemp.length).split('-')[0]);
      if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) unlinkQuietly(join(folder, name));
    }
  }
}

/** What a write needs to know of the file it replaces. */
export interface JarFileStatus {
  existed: boolean;
  /** Permission bits of the existing file; null for a new jar. */
  mode: number | null;
  uid?: number;
  gid?: number;
  /**
   * Which file the path named when it was read (device and inode), moved on to the file kr
   * itself writes there: a save checks the path still names it, so a jar another program
   * replaced meanwhile (curl saves its jar by renaming a new file over it) is not overwritten.
   */
  identity?: { dev: number; ino: number };
}

export interface JarFileContents extends JarFileStatus {
  /** The file's bytes: in memory, or (`open` reads) the open file, to be closed with close(). */
  contents: JarBytes;
}

const statusOf = (info: Stats): Omit<JarFileStatus, 'existed'> => ({
  mode: info.mode & 0o7777,
  uid: info.uid,
  gid: info.gid,
  identity: { dev: info.dev, ino: info.ino },
});

const refuseOtherThanFile = (jarPath: string) => (status: Stats) => {
  if (status.isDirectory()) throw JarErrors.unreadable(jarPath, 'it is a directory');
  if (!status.isFile()) throw JarErrors.unreadable(jarPath, 'it is not a regular file');
};

/**
 * Reads the jar; anything but "it does not exist" that stops a read is a JarUnreadable error.
 * `open`: the file is kept open and read on demand (src/jar/jar-bytes.ts), for a session that
 * holds the jar's lock; close its contents when done. Otherwise it is read whole.
 */
export async function readJarFile(jarPath: string, how: 'whole' | 'open' = 'whole'): Promise<JarFileContents> {
  try {
    if (how === 'open') {
      const { fd, info } = openChecked(jarPath, refuseOtherThanFile(jarPath));
      return { existed: true, contents: new FileBytes(fd, info), ...statusOf(info) };
    }
    const { info, contents } = await readOpenFile(jarPath, refuseOtherThanFile(jarPath));
    return { existed: true, contents: new BufferBytes(contents), ...statusOf(info) };
  } catch (error) {
    if (isKrError(error)) throw error;
    if (errno(error) === 'ENOENT') return { existed: false, contents: new BufferBytes(Buffer.alloc(0)), mode: null };
    throw JarErrors.unreadable(jarPath, describeFsError(error), error);
  }
}

/**
 * The status of a file kr is about to replace (mode, owner, which file it is), without reading
 * its bytes: a write needs no more. Refused as readJarFile refuses it (a directory, a FIFO).
 */
export function jarFileStatus(jarPath: string): JarFileStatus {
  try {
    const { fd, info } = openChecked(jarPath, refuseOtherThanFile(jarPath));
    closeSync(fd);
    return { existed: true, ...statusOf(info) };
  } catch (error) {
    if (isKrError(error)) throw error;
    if (errno(error) === 'ENOENT') return { existed: false, mode: null };
    throw JarErrors.unreadable(jarPath, describeFsError(error), error);
  }
}

/** A jar its owner made read-only (no owner write bit) is not replaced, as curl will not write it either. */
export function checkWritable(jarPath: string, file: JarFileStatus): void {
  if (file.existed && file.mode !== null && (file.mode & 0o200) === 0) throw JarErrors.writeProtected(jarPath, file.mode);
}

/**
 * Replaces the jar atomically; a new jar gets mode 0600, an existing one keeps its mode. Ranges
 * of an open file are copied from it, and that file must not have changed since it was read
 * (else its offsets would cut someone else's bytes): then nothing is replaced, JarChanged.
 */
export async function writeJarAtomic(
  jarPath: string,
  contents: Buffer | readonly JarPart[],
  previous: Omit<JarFileStatus, 'existed'>,
): Promise<void> {
  const folder = dirname(jarPath);
  const temp = join(folder, `${tempPrefix(jarPath)}${unique()}`);
  const parts = Buffer.isBuffer(contents) ? [contents] : contents;
  const sources = new Set<JarBytes>();
  for (const part of parts) if (!Buffer.isBuffer(part)) sources.add(part.bytes);
  try {
    const fd = openSync(temp, 'wx', NEW_JAR_MODE);
    let open = true;
    try {
      // chown before chmod: a chown clears the setuid and setgid bits, so the mode goes last.
      // chmod, not the open mode: the umask must not change an existing jar's mode
      if (previous.uid !== undefined && previous.gid !== undefined && process.getuid?.() === 0) {
        try {
          fchownSync(fd, previous.uid, previous.gid);
        } catch {
          // a file system that keeps no owners
        }
      }
      fchmodSync(fd, previous.mode ?? NEW_JAR_MODE);
      for (const source of sources) source.assertUnchanged();
      // pieces are written in turn (each continues at the file position): no joined copy of a big jar
      for (const part of parts) {
        if (Buffer.isBuffer(part)) writeAll(fd, part);
        else for (const piece of part.bytes.pieces(part.start, part.end)) writeAll(fd, piece);
      }
      // a change during the copy shows too: every write to the source sets its mtime
      for (const source of sources) source.assertUnchanged();
      const written = fstatSync(fd);
      open = false;
      await syncAndClose(fd);
      if (previous.identity !== undefined && !namesFile(jarPath, previous.identity)) {
        throw new JarBytesChanged('another program replaced it while kr worked on it');
      }
      renameSync(temp, jarPath);
      // a later save of the same session replaces this file
      if (previous.identity !== undefined) previous.identity = { dev: written.dev, ino: written.ino };
    } finally {
      if (open) closeSync(fd);
    }
  } catch (error) {
    unlinkQuietly(temp);
    if (error instanceof JarBytesChanged) throw JarErrors.changed(jarPath, error.reason);
    throw JarErrors.writeFailed(jarPath, describeFsError(error), error);
  }
  await syncFolder(folder);
}

/** Makes the rename durable; some file systems cannot fsync a folder, which is not an error. */
async function syncFolder(folder: string): Promise<void> {
  try {
    await syncAndClose(openSync(folder, fsConstants.O_RDONLY));
  } catch {
    // best effort
  }
}
