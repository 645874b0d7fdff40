// Helpers for the reliability tests that spawn the real `kr` executable: the build
// (dist/bin/kr.cjs, made by `npm test` before jest; rebuilt when src/ is newer, see test/shell/kr-process.ts),
// an async runner with a hang timeout, and jars of many signed-in sites.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const krBin = join(root, 'dist/bin/kr.cjs');

/** The shell tests' build: tsc into a scratch folder renamed into dist/ under a lock, only when src/ is newer. */
export { ensureBuilt } from '../shell/kr-process.js';

export interface KrRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: no colour, no prompts, nothing from the user's home. */
export function krEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, NO_COLOR: '1', CI: '1', KR_TOKENS: join(home, 'tokens.json'), ...extra };
  return env;
}

export function runKr(args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number; input?: string }): Promise<KrRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [krBin, ...args], { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs `tasks` with at most `limit` at a time, in order of the array; results in the same order. */
export async function inLanes<T>(limit: number, tasks: readonly (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }),
  );
  return results;
}

export interface SiteJar {
  text: string;
  /** Per site: its URL and the jar lines a sign-out there removes. */
  sites: { url: string; host: string; authLines: string[] }[];
}

/**
 * A cookies.txt with `sites` signed-in sites (`site<i>.kr-test`, each with a chunked
 * `.AspNetCore.Cookies` and other cookies that must survive), comments and a blank line.
 */
export function siteJar(sites: number, valueOf: (site: number, name: string) => string = (s, n) => `v${s}-${n.length}`): SiteJar {
  const lines = ['# Netscape HTTP Cookie File', '# reliability test jar', ''];
  const out: SiteJar['sites'] = [];
  for (let s = 0; s < sites; s++) {
    const host = `site${s}.kr-test`;
    const auth = [
      `#HttpOnly_${host}\tFALSE\t/\tFALSE\t0\t.AspNetCore.Cookies\tchunks-2`,
      `#HttpOnly_${host}\tFALSE\t/\tFALSE\t0\t.AspNetCore.CookiesC1\t${valueOf(s, 'C1')}`,
      `#HttpOnly_${host}\tFALSE\t/\tFALSE\t0\t.AspNetCore.CookiesC2\t${valueOf(s, 'C2')}`,
    ];
    lines.push(
      `${host}\tFALSE\t/\tFALSE\t0\ttheme\t${valueOf(s, 'theme')}`,
      auth[0],
      `# site ${s}`,
      auth[1],
      `.${host}\tTRUE\t/\tFALSE\t2000000000\tconsent\t${valueOf(s, 'consent')}`,
      auth[2],
      `${host}\tFALSE\t/other\tFALSE\t0\t.AspNetCore.Cookies\t${valueOf(s, 'other-path')}`,
    );
    out.push({ url: `http://${host}/`, host, authLines: auth });
  }
  return { text: `${lines.join('\n')}\n`, sites: out };
}

/** The jar text without the given lines (each removed once), as a lossless sign-out leaves it. */
export function without(text: string, removed: readonly string[]): string {
  const drop = new Set(removed);
  return text
    .split('\n')
    .filter((line) => !drop.has(line))
    .join('\n');
}
