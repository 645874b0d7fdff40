// Peer 1, real curl and a cookie-auth app (startCookieApp): curl signs in writing jar.txt
// (a chunked .AspNetCore.Cookies plus unrelated cookies); `-WhatIf` leaves it byte-identical;
// `kr --jar jar.txt --url ... Invoke-KrCookieSignOut` signs out; curl with the same jar is
// then refused (401) and still sends the unrelated cookies. Failure: the app down under
// --follow, with the local sign-out saved.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCookieApp, type CookieApp } from '../support/cookie-app.js';
import { curl } from '../support/curl.js';
import { cookieValues, ensureBuilt, errorsOf, reportOf, runKr } from './kr-process.js';

let app: CookieApp;
let dir: string;
let jar: string;

beforeAll(async () => {
  ensureBuilt();
  app = await startCookieApp({ chunks: 3 });
});
afterAll(() => app.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kr-e2e-cookie-'));
  jar = join(dir, 'jar.txt');
  await curl(`${app.url}/Account/Login`, { cookiesTo: jar });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const AUTH_LINE = /\t\.AspNetCore\.Cookies(C\d+)?\t/;

describe('curl + a cookie-auth app + kr', () => {
  it('-WhatIf changes nothing; the sign-out makes curl unauthorised while it keeps sending the other cookies', async () => {
    const signedIn = await curl(`${app.url}/me`, { cookiesFrom: jar });
    expect(signedIn.status).toBe(200);
    const original = await readFile(jar);
    expect(original.toString()).toContain('.AspNetCore.CookiesC3');
    const secrets = await cookieValues(jar);

    const preview = await runKr(['--jar', 'jar.txt', '--url', `${app.url}/`, 'Invoke-KrCookieSignOut', '-WhatIf'], { cwd: dir });
    expect(preview.status).toBe(0);
    expect(preview.stdout).toContain('What if: Performing the operation "SignOut" on target "Cookies".');
    expect(await readFile(jar)).toEqual(original);

    const run = await runKr(['--json', '--jar', 'jar.txt', '--url', `${app.url}/`, 'Invoke-KrCookieSignOut'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(reportOf(run)).toMatchObject({ signedOut: ['Cookies'], authenticated: true });
    for (const secret of secrets) expect(run.stdout + run.stderr).not.toContain(secret);
    const after = (await readFile(jar, 'utf8')).split('\n');
    expect(after).toEqual(original.toString().split('\n').filter((line) => !AUTH_LINE.test(line)));

    const me = await curl(`${app.url}/me`, { cookiesFrom: jar });
    expect(me.status).toBe(401);
    const sent = app.cookieNames(app.lastCookieHeader('/me'));
    expect(sent).toEqual(expect.arrayContaining(['theme', 'session-id', 'tracking']));
    expect(sent.filter((name) => name.startsWith('.AspNetCore.Cookies'))).toEqual([]);
  });

  it('the app down under --follow: exits 1 naming the refused connection; the local sign-out is saved, the rest byte for byte', async () => {
    const original = (await readFile(jar, 'utf8')).split('\n');
    const down = await startCookieApp();
    await down.close();
    const run = await runKr(['--follow', '--json', '--jar', 'jar.txt', '--url', `${down.url}/`, 'Invoke-KrCookieSignOut', '-Redirect'], {
      cwd: dir,
    });
    // the jar's cookies are host-only for 127.0.0.1, so they match the closed port too
    expect(run.status).toBe(1);
    const [error] = errorsOf(run);
    expect(error.errorId).toMatch(/^FollowRequestFailed/);
    expect(error.message).toContain(`GET ${down.url}/ failed`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(reportOf(run).follow).toMatchObject({ stoppedBecause: 'request-failed', final: null, hops: [{ method: 'GET', status: null }] });
    expect((await readFile(jar, 'utf8')).split('\n')).toEqual(original.filter((line) => !AUTH_LINE.test(line)));
    // still a jar curl reads
    const me = await curl(`${app.url}/me`, { cookiesFrom: jar });
    expect(me.status).toBe(401);
    expect(app.cookieNames(app.lastCookieHeader('/me'))).toContain('theme');
  });
});
