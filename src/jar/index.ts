// The jar module's public face: where the jar is, and sessions on it.

import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { JarDocument } from './document.js';
import type { JarCookie, JarFormat, JarSession } from './types.js';
import { toToughCookie } from './convert.js';
import { JarErrors } from './errors.js';
import { acquireJarLock, canonicalJarPath, checkWritable, cleanLeftovers, jarFileStatus, readJarFile, writeJarAtomic } from './file.js';
import type { JarFileContents } from './file.js';
import { JarFormatError, JsonJarDocument, looksLikeJson } from './json.js';
import { NetscapeDocument } from './netscape.js';
import { JarBytesChanged, type JarPart } from './jar-bytes.js';
import { FileJarSession } from './session.js';

export type { CookieKey, JarChanges, JarCookie, JarFormat, JarSession, JarWarning } from './types.js';
export { DEFAULT_LOCK_TIMEOUT_MS } from './file.js';
export { JarErrors } from './errors.js';

/** Where kr keeps cookies when neither --jar nor KR_COOKIE_JAR says: `~/.kr/cookies.txt`. */
export const DEFAULT_JAR_RELATIVE_PATH = join('.kr', 'cookies.txt');

function expandPath(path: string, home: string, cwd: string): string {
  const expanded = path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
  return isAbsolute(expanded) ? expanded : resolve(cwd, expanded);
}

/** Where the jar is and who said so: an explicit jar must exist, only the built-in default may be absent. */
export interface JarLocation {
  path: string;
  /** '--jar', 'KR_COOKIE_JAR' or 'default'. */
  from: '--jar' | 'KR_COOKIE_JAR' | 'default';
}

/** `--jar`, then `KR_COOKIE_JAR`, then `~/.kr/cookies.txt`; relative paths are from `cwd`. */
export function resolveJarLocation(opts: { jar?: string; env: Record<string, string | undefined>; home: string; cwd: string }): JarLocation {
  const home = opts.home || homedir();
  const given: [string | undefined, JarLocation['from']][] = [
    [opts.jar, '--jar'],
    [opts.env.KR_COOKIE_JAR, 'KR_COOKIE_JAR'],
  ];
  for (const [value, from] of given) if (value !== undefined && value !== '') return { path: expandPath(value, home, opts.cwd), from };
  return { path: expandPath(join(home, DEFAULT_JAR_RELATIVE_PATH), home, opts.cwd), from: 'default' };
}

export function resolveJarPath(opts: { jar?: string; env: Record<string, string | undefined>; home: string; cwd: string }): string {
  return resolveJarLocation(opts).path;
}

/** The format of a jar's text, from its content; throws JarFormatError for JSON that is no jar kr knows. */
export function detectJarFormat(text: string): JarFormat {
  return looksLikeJson(text) ? new JsonJarDocument(text).format : 'netscape';
}

/** A new jar: cookies.txt, unless its name asks for JSON (then tough-cookie's form). */
function emptyDocument(path: string): JarDocument {
  return path.toLowerCase().endsWith('.json') ? JsonJarDocument.empty('tough-json') : NetscapeDocument.empty();
}

function parseDocument(path: string, file: JarFileContents): JarDocument {
  const bytes = file.contents;
  if (!file.existed || bytes.length === 0) return emptyDocument(path);
  // the first bytes are enough to tell cookies.txt from JSON
  const head = bytes.slice(0, Math.min(bytes.length, 4096)).toString('utf8');
  if (!looksLikeJson(head)) return new NetscapeDocument(bytes);
  try {
    return new JsonJarDocument(bytes.whole().toString('utf8'));
  } catch (error) {
    if (error instanceof JarFormatError) {
      throw error.recognized ? JarErrors.unreadable(path, error.message) : JarErrors.formatNotRecognized(path, error.message);
    }
    throw error;
  }
}

/** A jar file kr holds open that another program changed meanwhile is named, not a crash. */
function named(path: string, error: unknown): unknown {
  return error instanceof JarBytesChanged ? JarErrors.changed(path, error.reason) : error;
}

export interface JarOpenOptions {
  lockTimeoutMs?: number;
  /** Where the jar path came from: anything but the default must exist (JarNotFound). */
  from?: JarLocation['from'];
  /** Write the result here (same format) and leave the jar itself untouched. */
  outPath?: string;
}

function checkExists(path: string, file: JarFileContents, options: JarOpenOptions): void {
  if (!file.existed && options.from !== undefined && options.from !== 'default') throw JarErrors.notFound(path, options.from);
}

/** Takes the jar's lock, reads it, runs `fn`, releases the lock. `fn` calls `session.save()` to write. */
export async function withJarSession<T>(
  path: string,
  fn: (session: JarSession) => Promise<T>,
  options: JarOpenOptions = {},
): Promise<T> {
  const jarPath = await canonicalJarPath(path);
  const outPath = options.outPath === undefined ? undefined : await canonicalJarPath(options.outPath);
  const separateOut = outPath !== undefined && outPath !== jarPath;
  const release = await acquireJarLock(jarPath, options.lockTimeoutMs);
  let file: JarFileContents | undefined;
  try {
    await cleanLeftovers(jarPath);
    // read on demand from the open file (src/jar/jar-bytes.ts): the lock keeps other kr processes out
    file = await readJarFile(jarPath, 'open');
    const read = file;
    checkExists(jarPath, read, options);
    const document = parseDocument(jarPath, read);
    if (!separateOut) {
      const write = async (contents: Buffer | readonly JarPart[]) => {
        checkWritable(jarPath, read);
        await writeJarAtomic(jarPath, contents, read);
      };
      const session = new FileJarSession({ path: jarPath, document, existed: read.existed, write });
      return await fn(session);
    }
    // --out: the jar is only read; the result (also when nothing changed) goes to the other file, under its own lock
    const releaseOut = await acquireJarLock(outPath, options.lockTimeoutMs);
    try {
      await cleanLeftovers(outPath);
      // only what replacing it needs: its mode, owner and which file it is
      const previous = jarFileStatus(outPath);
      const session = new FileJarSession({
        path: jarPath,
        document,
        existed: read.existed,
        writeUnchanged: true,
        write: async (contents) => {
          // an out file its owner made read-only is not replaced either
          checkWritable(outPath, previous);
          await writeJarAtomic(outPath, contents, previous.existed ? previous : { ...read, existed: false, identity: undefined });
        },
      });
      return await fn(session);
    } finally {
      await releaseOut();
    }
  } catch (error) {
    throw named(jarPath, error);
  } finally {
    file?.contents.close();
    await release();
  }
}

/** A session without the lock, for -WhatIf: it reads, matches and applies, but `save()` throws. */
export async function openJarReadOnly(path: string, options: JarOpenOptions = {}): Promise<JarSession> {
  const jarPath = await canonicalJarPath(path);
  const file = await readJarFile(jarPath);
  checkExists(jarPath, file, options);
  return new FileJarSession({ path: jarPath, document: parseDocument(jarPath, file), existed: file.existed, write: null });
}

/**
 * The cookies in another format's text: a new document of `format` holding every cookie (what
 * the format cannot hold is reported in `lost`: SameSite in cookies.txt, a wget port in JSON).
 */
export function convertCookies(cookies: readonly JarCookie[], format: JarFormat): { contents: Buffer; lost: string[] } {
  const document: JarDocument = format === 'netscape' ? NetscapeDocument.empty() : JsonJarDocument.empty(format);
  const lost = new Set<string>();
  const appended = cookies.map((cookie, k) => {
    if (format === 'netscape' && cookie.sameSite !== undefined) lost.add('SameSite (cookies.txt has no field for it)');
    if (format !== 'netscape' && cookie.port !== undefined) lost.add("wget's port (JSON jars have no field for it)");
    return { cookie, tough: toToughCookie(cookie, k) };
  });
  const edits = { removed: new Set<number>(), replaced: new Map(), appended };
  return { contents: document.serialize(edits), lost: [...lost] };
}

/** Writes `contents` to `path` atomically (new file 0600), under the path's lock. */
export async function writeJarFile(path: string, contents: Buffer): Promise<void> {
  const target = await canonicalJarPath(path);
  const release = await acquireJarLock(target);
  try {
    await cleanLeftovers(target);
    const previous = jarFileStatus(target);
    checkWritable(target, previous);
    await writeJarAtomic(target, contents, previous);
  } finally {
    await release();
  }
}
