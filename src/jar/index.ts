// The jar module's public face: where the jar is, and sessions on it.

import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { JarDocument } from './document.js';
import type { JarFormat, JarSession } from './types.js';
import { JarErrors } from './errors.js';
import { acquireJarLock, canonicalJarPath, cleanLeftovers, readJarFile, writeJarAtomic } from './file.js';
import type { JarFileContents } from './file.js';
import { JarFormatError, ToughJsonDocument, looksLikeJson } from './json.js';
import { NetscapeDocument } from './netscape.js';
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

/** `--jar`, then `KR_COOKIE_JAR`, then `~/.kr/cookies.txt`; relative paths are from `cwd`. */
export function resolveJarPath(opts: { jar?: string; env: Record<string, string | undefined>; home: string; cwd: string }): string {
  const chosen = [opts.jar, opts.env.KR_COOKIE_JAR].find((p): p is string => p !== undefined && p !== '');
  return expandPath(chosen ?? join(opts.home || homedir(), DEFAULT_JAR_RELATIVE_PATH), opts.home || homedir(), opts.cwd);
}

/** Content-based: a JSON object is tough-cookie's serialized jar, anything else curl's cookies.txt. */
export function detectJarFormat(text: string): JarFormat {
  return looksLikeJson(text) ? 'tough-json' : 'netscape';
}

function parseDocument(path: string, file: JarFileContents): JarDocument {
  if (!file.existed || file.contents.length === 0) {
    // a new jar is cookies.txt unless its name asks for JSON
    return path.toLowerCase().endsWith('.json') ? ToughJsonDocument.empty() : NetscapeDocument.empty();
  }
  // the first bytes are enough to tell the formats apart
  const head = file.contents.toString('utf8', 0, Math.min(file.contents.length, 4096));
  if (detectJarFormat(head) === 'netscape') return new NetscapeDocument(file.contents);
  try {
    return new ToughJsonDocument(file.contents.toString('utf8'));
  } catch (error) {
    if (error instanceof JarFormatError) throw JarErrors.unreadable(path, error.message);
    throw error;
  }
}

/** Takes the jar's lock, reads it, runs `fn`, releases the lock. `fn` calls `session.save()` to write. */
export async function withJarSession<T>(
  path: string,
  fn: (session: JarSession) => Promise<T>,
  options: { lockTimeoutMs?: number } = {},
): Promise<T> {
  const jarPath = await canonicalJarPath(path);
  const release = await acquireJarLock(jarPath, options.lockTimeoutMs);
  try {
    await cleanLeftovers(jarPath);
    const file = await readJarFile(jarPath);
    const session = new FileJarSession({
      path: jarPath,
      document: parseDocument(jarPath, file),
      existed: file.existed,
      write: (contents) => writeJarAtomic(jarPath, contents, file),
    });
    return await fn(session);
  } finally {
    await release();
  }
}

/** A session without the lock, for -WhatIf: it reads, matches and applies, but `save()` throws. */
export async function openJarReadOnly(path: string): Promise<JarSession> {
  const jarPath = await canonicalJarPath(path);
  const file = await readJarFile(jarPath);
  return new FileJarSession({ path: jarPath, document: parseDocument(jarPath, file), existed: file.existed, write: null });
}
