// Cookie stores as users have them, written and read back by the real tools: Playwright's
// API request context (playwright-core, no browser needed) saves a storageState that kr
// signs out of and Playwright then loads again; wget writes a jar from a non-default port
// (`host:port` in its domain column) that kr signs out of without --url and wget reads back.
// And what must never be "not signed in, exit 0": a --jar that does not exist.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { request } from 'playwright-core';
import { startCookieApp, type CookieApp } from '../support/cookie-app.js';
import { ensureBuilt, errorsOf, reportOf, runKr } from './kr-process.js';

const run = promisify(execFile);
let app: CookieApp;
let dir: string;

beforeAll(async () => {
  ensureBuilt();
  app = await startCookieApp();
});
afterAll(() => app.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kr-stores-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function playwrightStatus(statePath: string, path: string): Promise<number> {
  const context = await request.newContext({ storageState: statePath });
  try {
    return (await context.get(`${app.url}${path}`, { maxRedirects: 0 })).status();
  } finally {
    await context.dispose();
  }
}

describe('Playwright storageState', () => {
  it('written by Playwright, signed out by kr, loaded again by Playwright: no longer gets in; origins and other cookies kept', async () => {
    const state = join(dir, 'state.json');
    const login = await request.newContext();
    await login.get(`${app.url}/Account/Login`);
    const saved = await login.storageState();
    // an e2e suite's auth setup also stores localStorage per origin
    saved.origins.push({ origin: app.url, localStorage: [{ name: 'k', value: 'v' }] });
    await writeFile(state, JSON.stringify(saved, null, 2));
    await login.dispose();
    expect(await playwrightStatus(state, '/me')).toBe(200);
    const before = JSON.parse(await readFile(state, 'utf8')) as { cookies: { name: string }[] };

    const preview = await runKr(['--jar', state, '--url', `${app.url}/`, 'Invoke-KrCookieSignOut', '-WhatIf'], { cwd: dir });
    expect(preview.status).toBe(0);
    expect(preview.stdout).toContain('would remove');

    const signOut = await runKr(['--json', '--jar', state, '--url', `${app.url}/`, 'Invoke-KrCookieSignOut'], { cwd: dir });
    expect(signOut.status).toBe(0);
    expect(reportOf(signOut)).toMatchObject({ authenticated: true, jar: { format: 'playwright' } });
    const after = JSON.parse(await readFile(state, 'utf8')) as { cookies: { name: string }[]; origins: unknown[] };
    expect(after.cookies.map((c) => c.name)).toEqual(before.cookies.map((c) => c.name).filter((n) => !n.startsWith('.AspNetCore.Cookies')));
    expect(after.origins).toEqual(saved.origins);
    expect(await playwrightStatus(state, '/me')).toBe(401);
  });

  it('--out keeps the shared login state: the copy is signed out, the original still gets in', async () => {
    const state = join(dir, 'state.json');
    const out = join(dir, 'signed-out.json');
    const login = await request.newContext();
    await login.get(`${app.url}/Account/Login`);
    await login.storageState({ path: state });
    await login.dispose();
    const original = await readFile(state);

    const signOut = await runKr(['--jar', state, '--out', out, '--url', `${app.url}/`, 'Invoke-KrCookieSignOut'], { cwd: dir });
    expect(signOut.status).toBe(0);
    expect(await readFile(state)).toEqual(original);
    expect(await playwrightStatus(out, '/me')).toBe(401);
    expect(await playwrightStatus(state, '/me')).toBe(200);
  });
});

describe('wget', () => {
  it('a jar wget wrote from a non-default port (host:port domains) is signed out without --url, and wget reads the result', async () => {
    const jar = join(dir, 'wget.txt');
    const wget = (path: string, save: boolean) =>
      run('wget', ['-q', '-O', '/dev/null', '--load-cookies', jar, ...(save ? ['--save-cookies', jar, '--keep-session-cookies'] : []), `${app.url}${path}`]).then(
        () => 0,
        (error: { code?: number }) => error.code ?? -1,
      );
    await writeFile(jar, '');
    expect(await wget('/Account/Login', true)).toBe(0);
    const text = await readFile(jar, 'utf8');
    expect(text).toContain(`127.0.0.1:${app.port}\t`);
    expect(await wget('/me', false)).toBe(0);

    const signOut = await runKr(['--json', '--jar', jar, 'Invoke-KrCookieSignOut'], { cwd: dir });
    expect(signOut.status).toBe(0);
    expect(reportOf(signOut)).toMatchObject({ url: `${app.url}/`, authenticated: true });
    expect((reportOf(signOut).removed as { name: string }[]).map((c) => c.name)).toContain('.AspNetCore.Cookies');
    const after = await readFile(jar, 'utf8');
    expect(after.split('\n')).toEqual(text.split('\n').filter((line) => !/\t\.AspNetCore\.Cookies(C\d+)?\t/.test(line)));
    // wget exits 6 ("authentication failure") for the 401
    expect(await wget('/me', false)).toBe(6);
  });
});

describe('a jar kr did not read is never "not signed in"', () => {
  it('--jar naming a missing file: JarNotFound, exit 1, nothing created (also with -WhatIf and --json)', async () => {
    const missing = join(dir, 'nope.txt');
    for (const extra of [[], ['-WhatIf']]) {
      const ran = await runKr(['--json', '--jar', missing, 'Invoke-KrCookieSignOut', ...extra], { cwd: dir });
      expect(ran.status).toBe(1);
      expect(errorsOf(ran).map((e) => e.errorId)).toEqual(['JarNotFound,Invoke-KrCookieSignOut']);
      await expect(readFile(missing)).rejects.toThrow(/ENOENT/);
    }
  });

  it('a JSON file that is no jar kr knows: JarFormatNotRecognized, exit 1, the file untouched', async () => {
    const path = join(dir, 'state.json');
    const text = '{"cookies": {"name": ".AspNetCore.Cookies"}}';
    await writeFile(path, text);
    const ran = await runKr(['--jar', path, 'Invoke-KrCookieSignOut'], { cwd: dir });
    expect(ran.status).toBe(1);
    expect(ran.stderr).toContain('JarFormatNotRecognized');
    expect(ran.stdout).not.toContain('Not signed in');
    expect(await readFile(path, 'utf8')).toBe(text);
  });
});
