// Proving a sign-out by asking the app: Test-KrSession before and after, and
// Invoke-KrCookieSignOut -Verify replaying the old cookies (kept in memory only) against the
// config's probePath. Against an app that keeps sessions server-side (a ticket store), a
// client-side-only sign-out is SessionStillValid (exit 1); once the app's own logout ended the
// session, the replay gets 401 and kr exits 0.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
  app = await startCookieApp({ chunks: 2, ticketStore: true });
});
afterAll(() => app.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kr-verify-'));
  jar = join(dir, 'jar.txt');
  await curl(`${app.url}/Account/Login`, { cookiesTo: jar });
  await writeFile(join(dir, 'kr.config.json'), JSON.stringify({ url: `${app.url}/`, probePath: '/me', schemes: { Cookies: { kind: 'Cookies' } } }));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const state = async (assert?: string) =>
  runKr(['--json', 'Test-KrSession', `${app.url}/me`, '-Jar', jar, ...(assert ? ['-Assert', assert] : [])], { cwd: dir });

describe('Test-KrSession', () => {
  it('says Live with the signed-in jar; -Assert SignedOut then fails with SessionAssertionFailed, exit 1', async () => {
    const live = await state();
    expect(live.status).toBe(0);
    expect(JSON.parse(live.stdout).output).toEqual([{ State: 'Live', Status: 200, Location: null, Url: `${app.url}/me` }]);
    const asserted = await state('SignedOut');
    expect(asserted.status).toBe(1);
    expect(errorsOf(asserted)[0].errorId).toBe('SessionAssertionFailed,Test-KrSession');
    for (const secret of await cookieValues(jar)) expect(asserted.stdout + asserted.stderr).not.toContain(secret);
  });
});

describe('Invoke-KrCookieSignOut -Verify', () => {
  it('a client-side-only sign-out against a ticket store is SessionStillValid, exit 1; the jar lost the cookie anyway', async () => {
    const secrets = await cookieValues(jar);
    const ran = await runKr(['--json', '--jar', jar, 'Invoke-KrCookieSignOut', '-Verify'], { cwd: dir });
    expect(ran.status).toBe(1);
    expect(errorsOf(ran)[0].errorId).toBe('SessionStillValid,Invoke-KrCookieSignOut');
    expect(reportOf(ran).verified).toEqual({ probe: `${app.url}/me`, before: 200, after: 200, replayAccepted: true });
    expect(await readFile(jar, 'utf8')).not.toContain('.AspNetCore.Cookies\t');
    for (const secret of secrets) expect(ran.stdout + ran.stderr).not.toContain(secret);
    // the jar itself no longer gets in: Test-KrSession agrees
    expect(JSON.parse((await state('SignedOut')).stdout).output[0].State).toBe('SignedOut');
  });

  it('once the app\'s own logout ended the session, the replay gets 401 and kr exits 0', async () => {
    // the app's logout, with the session (what a browser's logout click does)
    const logout = await curl(`${app.url}/Account/Logout`, { cookiesFrom: jar });
    expect(logout.status).toBe(200);
    const ran = await runKr(['--json', '--jar', jar, 'Invoke-KrCookieSignOut', '-Verify'], { cwd: dir });
    expect(ran.status).toBe(0);
    expect(reportOf(ran).verified).toEqual({ probe: `${app.url}/me`, before: 401, after: 401, replayAccepted: false });
  });
});

describe('-ServerLogout: the app\'s own logout, with the session, first', () => {
  it('ends the server-side session: the -Verify replay gets 401 and kr exits 0; Test-KrSession agrees', async () => {
    await writeFile(
      join(dir, 'kr.config.json'),
      JSON.stringify({ url: `${app.url}/`, probePath: '/me', logoutEndpoint: '/Account/Logout', schemes: { Cookies: { kind: 'Cookies' } } }),
    );
    expect(JSON.parse((await state()).stdout).output[0].State).toBe('Live');
    const ran = await runKr(['--json', '--jar', jar, 'Invoke-KrCookieSignOut', '-ServerLogout', '-Verify'], { cwd: dir });
    expect([ran.status, errorsOf(ran)]).toEqual([0, []]);
    const report = reportOf(ran);
    expect(report.serverLogout).toMatchObject({ url: `${app.url}/Account/Logout`, status: 200 });
    expect((report.serverLogout as { removed: { name: string }[] }).removed.map((c) => c.name)).toContain('.AspNetCore.Cookies');
    expect(report.verified).toEqual({ probe: `${app.url}/me`, before: 401, after: 401, replayAccepted: false });
    expect(await readFile(jar, 'utf8')).not.toContain('.AspNetCore.Cookies\t');
    expect(JSON.parse((await state('SignedOut')).stdout).output[0].State).toBe('SignedOut');
  });

  it('without a configured endpoint it is ServerLogoutNotConfigured (exit 2) and nothing changes', async () => {
    const before = await readFile(jar, 'utf8');
    const ran = await runKr(['--json', '--jar', jar, 'Invoke-KrCookieSignOut', '-ServerLogout'], { cwd: dir });
    expect(ran.status).toBe(2);
    expect(errorsOf(ran)[0].errorId).toBe('ServerLogoutNotConfigured,Invoke-KrCookieSignOut');
    expect(await readFile(jar, 'utf8')).toBe(before);
  });
});

describe("-ServerLogout through ASP.NET's antiforgery: a POST with the token from the page's form, or from a cookie in a header", () => {
  for (const mode of ['form', 'cookie-header'] as const) {
    it(`${mode}: kr reads the token as a browser or script client would, the POST ends the session, -Verify agrees`, async () => {
      const guarded = await startCookieApp({ chunks: 2, ticketStore: true, antiforgery: mode });
      try {
        const own = join(dir, `${mode}.txt`);
        await curl(`${guarded.url}/Account/Login`, { cookiesTo: own });
        const antiforgery = mode === 'form' ? { logoutAntiforgeryField: '__RequestVerificationToken' } : { logoutAntiforgeryCookie: 'XSRF-TOKEN', logoutAntiforgeryHeader: 'X-XSRF-TOKEN' };
        await writeFile(
          join(dir, 'kr.config.json'),
          JSON.stringify({ url: `${guarded.url}/`, probePath: '/me', logoutEndpoint: '/Account/Logout', logoutMethod: 'POST', ...antiforgery, schemes: { Cookies: { kind: 'Cookies' } } }),
        );
        const secrets = await cookieValues(own);
        const ran = await runKr(['--json', '--jar', own, 'Invoke-KrCookieSignOut', '-ServerLogout', '-Verify'], { cwd: dir });
        expect([ran.status, errorsOf(ran)]).toEqual([0, []]);
        expect(reportOf(ran).serverLogout).toMatchObject({ status: 200 });
        expect(reportOf(ran).verified).toMatchObject({ after: 401, replayAccepted: false });
        const posts = guarded.requests.filter((r) => r.method === 'POST');
        expect(posts).toHaveLength(1);
        // the token travelled as the app asked; no value of any cookie reached the output
        for (const secret of [...secrets, ...(await cookieValues(own))]) expect(ran.stdout + ran.stderr).not.toContain(secret);
      } finally {
        await guarded.close();
      }
    });
  }

  it('a POST without the token is refused by the app: ServerLogoutFailed names the status, and kr does not claim the session ended', async () => {
    const guarded = await startCookieApp({ chunks: 2, ticketStore: true, antiforgery: 'cookie-header' });
    try {
      const own = join(dir, 'no-token.txt');
      await curl(`${guarded.url}/Account/Login`, { cookiesTo: own });
      await writeFile(
        join(dir, 'kr.config.json'),
        JSON.stringify({ url: `${guarded.url}/`, logoutEndpoint: '/Account/Logout', logoutMethod: 'POST', schemes: { Cookies: { kind: 'Cookies' } } }),
      );
      const ran = await runKr(['--json', '--jar', own, 'Invoke-KrCookieSignOut', '-ServerLogout'], { cwd: dir });
      expect(ran.status).toBe(1);
      expect(errorsOf(ran)[0].errorId).toBe('ServerLogoutFailed,Invoke-KrCookieSignOut');
      expect(errorsOf(ran)[0].message).toContain('answered 400');
    } finally {
      await guarded.close();
    }
  });
});
