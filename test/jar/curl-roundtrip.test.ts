// Jars written by real curl, edited by kr, read again by real curl.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withJarSession } from '../../src/jar/index.js';
import { startCookieApp } from '../support/cookie-app.js';
import type { CookieApp } from '../support/cookie-app.js';
import { curl } from '../support/curl.js';

const HOST = 'app.kr.test';

let dir: string;
let app: CookieApp;
let base: string;
let resolve: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kr-jar-curl-'));
  app = await startCookieApp({ domainCookie: 'kr.test' });
  base = `http://${HOST}:${app.port}`;
  resolve = [`${HOST}:${app.port}:127.0.0.1`];
});
afterEach(async () => {
  await app.close();
  await rm(dir, { recursive: true, force: true });
});

function diff(a: string, b: string): Promise<string> {
  return new Promise((done, fail) => {
    execFile('diff', [a, b], (error, stdout) => {
      if (error && error.code !== 1) fail(error);
      else done(stdout);
    });
  });
}

/** name -> value of a Cookie header. */
function cookieMap(header: string | undefined): Map<string, string> {
  return new Map(
    (header ?? '')
      .split('; ')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
}

async function loginWithCurl(): Promise<{ jar: string; original: string; sent: Map<string, string> }> {
  const jar = join(dir, 'cookies.txt');
  expect((await curl(`${base}/Account/Login`, { cookiesTo: jar, resolve })).status).toBe(200);
  expect((await curl(`${base}/me`, { cookiesFrom: jar, resolve })).status).toBe(200);
  const original = await readFile(jar, 'utf8');
  return { jar, original, sent: cookieMap(app.lastCookieHeader('/me')) };
}

describe('a jar written by curl', () => {
  it('holds plain, HttpOnly, session, domain and chunked cookies as kr reads them', async () => {
    const { jar, original } = await loginWithCurl();
    expect(original).toContain(`#HttpOnly_${HOST}\tFALSE\t/\tFALSE\t`);
    expect(original).toContain('\tsession-id\t');
    expect(original).toContain('.kr.test\tTRUE\t/\tFALSE\t');
    await withJarSession(jar, async (session) => {
      expect(session.warnings).toEqual([]);
      const byName = new Map(session.requestCookies(new URL(`${base}/`)).map((c) => [c.name, c]));
      expect([...byName.keys()].sort()).toEqual(
        ['.AspNetCore.Cookies', '.AspNetCore.CookiesC1', '.AspNetCore.CookiesC2', '.AspNetCore.CookiesC3', 'pref', 'session-id', 'theme', 'tracking'].sort(),
      );
      expect(byName.get('.AspNetCore.Cookies')).toMatchObject({ value: 'chunks-3', httpOnly: true, hostOnly: true });
      expect(byName.get('session-id')?.expires).toBeNull();
      expect(byName.get('pref')).toMatchObject({ domain: 'kr.test', hostOnly: false });
      expect(byName.get('tracking')?.value).toBe('a=b c');
    });
  });

  it('loses exactly one line when kr removes one cookie, and curl then sends exactly the rest', async () => {
    const { jar, original, sent } = await loginWithCurl();
    const before = join(dir, 'before.txt');
    await import('node:fs/promises').then((fs) => fs.writeFile(before, original));
    await withJarSession(jar, async (session) => {
      const changes = session.applySetCookies(new URL(`${base}/`), ['theme=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/']);
      expect(changes.removed.map((c) => c.name)).toEqual(['theme']);
      await session.save();
    });
    const changed = (await diff(before, jar)).split('\n').filter((l) => l.startsWith('<') || l.startsWith('>'));
    expect(changed).toEqual([expect.stringMatching(new RegExp(`^< ${HOST.replaceAll('.', '\\.')}\tFALSE\t/\tFALSE\t\\d+\ttheme\tdark$`))]);

    expect((await curl(`${base}/me`, { cookiesFrom: jar, resolve })).status).toBe(200);
    const expected = new Map(sent);
    expected.delete('theme');
    expect(cookieMap(app.lastCookieHeader('/me'))).toEqual(expected);
  });

  it('applies the app\'s own chunked sign-out: every auth chunk goes, the rest stays byte for byte', async () => {
    const { jar, original, sent } = await loginWithCurl();
    // what the ASP.NET-like app answers a sign-out with, as curl received it
    const logout = await curl(`${base}/Account/Logout`, { cookiesFrom: jar, resolve });
    expect(logout.setCookies).toHaveLength(4);
    await withJarSession(jar, async (session) => {
      const changes = session.applySetCookies(new URL(`${base}/Account/Logout`), logout.setCookies);
      expect(changes.removed.map((c) => c.name).sort()).toEqual(
        ['.AspNetCore.Cookies', '.AspNetCore.CookiesC1', '.AspNetCore.CookiesC2', '.AspNetCore.CookiesC3'],
      );
      await session.save();
    });
    const kept = original.split('\n').filter((l) => !l.includes('.AspNetCore.Cookies'));
    expect(await readFile(jar, 'utf8')).toBe(kept.join('\n'));

    expect((await curl(`${base}/me`, { cookiesFrom: jar, resolve })).status).toBe(401);
    const expected = new Map([...sent].filter(([name]) => !name.startsWith('.AspNetCore.Cookies')));
    expect(cookieMap(app.lastCookieHeader('/me'))).toEqual(expected);
  });
});
