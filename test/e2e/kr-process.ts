// The built `kr` executable for end-to-end tests. It runs as a child process WITHOUT
// blocking the test's event loop (spawnSync would freeze the in-process servers kr talks to),
// with a clean environment: only what the test passes, plus PATH and HOME.

import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CookieJar } from 'tough-cookie';
import { openJarReadOnly } from '../../src/jar/index.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const KR = join(ROOT, 'dist/bin/kr.cjs');

/**
 * `npm test` builds first; a direct jest run builds when src/ is newer than dist/. The shell
 * tests' builder is shared so that no test spawns kr while another rewrites dist/ under it.
 */
export { ensureBuilt } from '../shell/kr-process.js';

export interface KrRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runKr(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<KrRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [KR, ...args],
      {
        cwd: options.cwd,
        env: { PATH: process.env.PATH ?? '', HOME: options.cwd, NO_COLOR: '1', ...options.env },
        timeout: 30000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

/** The `--json` envelope's first output object (the sign-out report). */
export function reportOf(run: KrRun): Record<string, unknown> & { follow?: FollowJson } {
  const doc = JSON.parse(run.stdout) as { output: Record<string, unknown>[] };
  return doc.output[0] as Record<string, unknown> & { follow?: FollowJson };
}

export function errorsOf(run: KrRun): { errorId: string; message: string }[] {
  return (JSON.parse(run.stdout) as { errors: { errorId: string; message: string }[] }).errors;
}

export interface FollowJson {
  hops: { method: string; url: string; status: number | null; setCookies: string[]; removed: string[]; via: string }[];
  final: { url: string; status: number } | null;
  stoppedBecause: string;
}

/** A cookies.txt (as kr left it) loaded into tough-cookie, for the login harness to continue with. */
export async function toughJarFromFile(path: string): Promise<CookieJar> {
  const session = await openJarReadOnly(path);
  const jar = new CookieJar(undefined, { allowSpecialUseDomain: true, rejectPublicSuffixes: false });
  for (const c of session.cookies()) {
    const parts = [`${c.name}=${c.value}`, `Path=${c.path}`];
    if (!c.hostOnly) parts.push(`Domain=${c.domain}`);
    if (c.secure) parts.push('Secure');
    if (c.httpOnly) parts.push('HttpOnly');
    if (c.expires !== null) parts.push(`Expires=${new Date(c.expires * 1000).toUTCString()}`);
    await jar.setCookie(parts.join('; '), `${c.secure ? 'https' : 'http'}://${c.domain}${c.path}`);
  }
  return jar;
}

/** Values of every cookie in a cookies.txt: secrets that must never reach kr's output. */
export async function cookieValues(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.includes('\t'))
    .map((line) => line.split('\t')[6] ?? '')
    .filter((value) => value.length >= 8);
}
