// Acceptance, from the outside (REFERENCE.md §1, §3, §4): jars written by real clients
// (curl 7.88, Python's http.cookiejar.MozillaCookieJar, tough-cookie 6) and by hand (a
// Firefox-style export, CRLF, a UTF-8 BOM, IPv6, localhost, domain/path/Secure cookies,
// expired lines), signed out through the built `kr` executable. Each case checks the jar
// afterwards line for line (only the signed-out lines gone), the --json report, the exit
// code, that no cookie value reaches stdout/stderr, that -WhatIf leaves the file byte for
// byte, and, where a server can listen, that real curl then sends exactly the rest. One OIDC
// case (§3, §5) checks the end-session message kr builds against a real oidc-provider.

import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CookieJar } from 'tough-cookie';
import { startCookieApp, type CookieApp } from '../support/cookie-app.js';
import { curl } from '../support/curl.js';
import { startIdp } from '../support/idp.js';
import { ensureBuilt, runKr, type KrRun } from '../e2e/kr-process.js';

interface Report {
  signedOut: string[];
  removed: { name: string; domain: string; path: string }[];
  kept: number;
  authenticated: boolean;
  response: { status: number; location: string | null; setCookie: string[] };
}
interface JsonDoc {
  output: Report[];
  errors: { errorId: string; message: string }[];
  warnings: string[];
  exitCode: number;
}

const HEADER = '# Netscape HTTP Cookie File\n';
const DELETED = 'expires=Thu, 01 Jan 1970 00:00:00 GMT';

let dir: string;
beforeAll(() => ensureBuilt());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kr-accept-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function line(domain: string, path: string, secure: boolean, expiry: number | '', name: string, value: string, httpOnly = false): string {
  const subdomains = domain.startsWith('.') ? 'TRUE' : 'FALSE';
  return `${httpOnly ? '#HttpOnly_' : ''}${domain}\t${subdomains}\t${path}\t${secure ? 'TRUE' : 'FALSE'}\t${expiry}\t${name}\t${value}`;
}

async function kr(jar: string, url: string, args: readonly string[], extra: readonly string[] = []): Promise<KrRun & { doc: JsonDoc }> {
  const run = await runKr(['--json', '--jar', jar, '--url', url, ...extra, 'Invoke-KrCookieSignOut', ...args], { cwd: dir });
  return { ...run, doc: JSON.parse(run.stdout) as JsonDoc };
}

/** Values that must never be printed: every jar line's value of 8+ characters. */
function secretsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.includes('\t'))
    .map((l) => l.split('\t')[6] ?? '')
    .filter((v) => v.length >= 8);
}

/**
 * Signs out `jar` (a file in `dir` holding `text`) and checks what every case shares: -WhatIf
 * leaves the bytes alone; the real run exits 0, prints no secret, and leaves the file equal to
 * the original minus exactly the lines `gone` picks.
 */
async function signOutChecked(
  file: string,
  text: string | Buffer,
  url: string,
  args: readonly string[],
  gone: (line: string) => boolean,
  extra: readonly string[] = [],
): Promise<Report> {
  const jar = join(dir, file);
  const original = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  await writeFile(jar, original);
  const preview = await runKr(['--jar', jar, '--url', url, ...extra, 'Invoke-KrCookieSignOut', ...args, '-WhatIf'], { cwd: dir });
  expect(preview.status).toBe(0);
  expect(await readFile(jar)).toEqual(original);

  const run = await kr(jar, url, args, extra);
  expect(run.doc.errors).toEqual([]);
  expect(run.status).toBe(0);
  for (const secret of secretsOf(original.toString('utf8'))) expect(run.stdout + run.stderr + preview.stdout + preview.stderr).not.toContain(secret);
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  const expected = original
    .toString('utf8')
    .split(eol)
    .filter((l) => !gone(l))
    .join(eol);
  expect((await readFile(jar)).toString('utf8')).toBe(expected);
  return run.doc.output[0];
}

/** A server that records each request's Cookie header (sets nothing), on `host`. */
async function startEcho(host: string): Promise<{ port: number; last: () => string | undefined; close: () => Promise<void> }> {
  const seen: (string | undefined)[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.headers.cookie);
    req.resume();
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    last: () => seen[seen.length - 1],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function namesSent(header: string | undefined): string[] {
  return (header ?? '')
    .split(';')
    .map((p) => p.trim().split('=')[0])
    .filter((n) => n !== '')
    .sort();
}

const deleteLine = (name: string, attrs = 'path=/; samesite=lax; httponly') => `${name}=; ${DELETED}; ${attrs}`;

describe('jars written by real clients', () => {
  let app: CookieApp;
  beforeAll(async () => {
    app = await startCookieApp({ chunks: 3 });
  });
  afterAll(() => app.close());

  it('curl 7.88 jar with a chunked ticket: chunks-N + C1..C3 deleted in order, the rest byte for byte, curl then sends exactly the rest', async () => {
    const jar = join(dir, 'curl.txt');
    await curl(`${app.url}/Account/Login`, { cookiesTo: jar });
    const text = await readFile(jar, 'utf8');
    expect(text.startsWith(HEADER)).toBe(true);
    const report = await signOutChecked('curl.txt', text, `${app.url}/`, [], (l) => /\t\.AspNetCore\.Cookies(C\d)?\t/.test(l));
    expect(report.signedOut).toEqual(['Cookies']);
    // removed lists the jar's order (curl writes newest first); Set-Cookie is ASP.NET's order
    expect(report.removed.map((r) => r.name).sort()).toEqual(['.AspNetCore.Cookies', '.AspNetCore.CookiesC1', '.AspNetCore.CookiesC2', '.AspNetCore.CookiesC3']);
    expect(report.kept).toBe(3);
    expect(report.response).toEqual({
      status: 200,
      location: null,
      setCookie: ['.AspNetCore.Cookies', '.AspNetCore.CookiesC1', '.AspNetCore.CookiesC2', '.AspNetCore.CookiesC3'].map((n) => deleteLine(n)),
    });
    expect((await curl(`${app.url}/me`, { cookiesFrom: jar })).status).toBe(401);
    expect(app.cookieNames(app.lastCookieHeader('/me')).sort()).toEqual(['session-id', 'theme', 'tracking']);
  });

  it('a scheme with a space: the cookie is .AspNetCore.My%20App (URI-escaped), curl-written', async () => {
    const spaced = await startCookieApp({ chunks: 0, cookieName: '.AspNetCore.My%20App' });
    try {
      const jar = join(dir, 'myapp.txt');
      await curl(`${spaced.url}/Account/Login`, { cookiesTo: jar });
      const text = await readFile(jar, 'utf8');
      const report = await signOutChecked('myapp.txt', text, `${spaced.url}/`, ['-Scheme', 'My App'], (l) => l.includes('\t.AspNetCore.My%20App\t'));
      expect(report).toMatchObject({ signedOut: ['My App'], removed: [{ name: '.AspNetCore.My%20App' }], authenticated: true });
      expect(report.response.setCookie).toEqual([deleteLine('.AspNetCore.My%20App')]);
      expect((await curl(`${spaced.url}/me`, { cookiesFrom: jar })).status).toBe(401);
      expect(spaced.cookieNames(spaced.lastCookieHeader('/me')).sort()).toEqual(['session-id', 'theme', 'tracking']);
    } finally {
      await spaced.close();
    }
  });

  it("Python's MozillaCookieJar (session cookies with an EMPTY expiry field) is read, and its other lines stay as Python wrote them", async () => {
    const jar = join(dir, 'py.txt');
    const script = [
      'import http.cookiejar, urllib.request, sys',
      'cj = http.cookiejar.MozillaCookieJar(sys.argv[2])',
      'urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cj)).open(sys.argv[1]).read()',
      'cj.save(ignore_discard=True, ignore_expires=True)',
    ].join('\n');
    await new Promise<void>((resolve, reject) =>
      execFile('python3', ['-c', script, `${app.url}/Account/Login`, jar], { env: { ...process.env, NO_PROXY: '*', no_proxy: '*' } }, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
    const text = await readFile(jar, 'utf8');
    expect(text).toMatch(/\tFALSE\t\tsession-id\t/); // Python leaves a session cookie's expiry empty
    const report = await signOutChecked('py.txt', text, `${app.url}/`, [], (l) => /\t\.AspNetCore\.Cookies(C\d)?\t/.test(l));
    expect(report.removed).toHaveLength(4);
    expect(report.kept).toBe(3);
    // Python loads the file kr left: exactly the other cookies, values as they were
    const load = 'import http.cookiejar, sys\ncj = http.cookiejar.MozillaCookieJar()\ncj.load(sys.argv[1], ignore_discard=True, ignore_expires=True)\nprint(" ".join(sorted(c.name for c in cj)))';
    const names = await new Promise<string>((resolve, reject) =>
      execFile('python3', ['-c', load, jar], (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))),
    );
    expect(names).toBe('session-id theme tracking');
    // curl reads it too (it skips the lines with an empty field, as it did before kr) and the app sees no ticket
    expect((await curl(`${app.url}/me`, { cookiesFrom: jar })).status).toBe(401);
    expect(app.cookieNames(app.lastCookieHeader('/me')).sort()).toEqual(['theme', 'tracking']);
  });

  it("tough-cookie 6's serializeSync JSON: deleted cookies are gone (no tombstones), tough-cookie reads the rest, values untouched", async () => {
    const tough = new CookieJar(undefined, { allowSpecialUseDomain: true, rejectPublicSuffixes: false });
    const url = `${app.url}/`;
    await tough.setCookie('.AspNetCore.Cookies=chunks-2; path=/; httponly; samesite=lax', url);
    await tough.setCookie('.AspNetCore.CookiesC1=CfDJ8firstchunkSECRET; path=/; httponly; samesite=lax', url);
    await tough.setCookie('.AspNetCore.CookiesC2=CfDJ8secondchunkSECRET; path=/; httponly; samesite=lax', url);
    await tough.setCookie('theme=dark; path=/; max-age=3600', url);
    await tough.setCookie('enc=a%20b; path=/', url);
    const jar = join(dir, 'jar.json');
    const original = JSON.stringify(tough.serializeSync());
    await writeFile(jar, original);
    await runKr(['--jar', jar, '--url', url, 'Invoke-KrCookieSignOut', '-WhatIf'], { cwd: dir });
    expect(await readFile(jar, 'utf8')).toBe(original);

    const run = await kr(jar, url, []);
    expect(run.status).toBe(0);
    expect(run.stdout + run.stderr).not.toContain('SECRET');
    expect(run.doc.output[0]).toMatchObject({ signedOut: ['Cookies'], kept: 2 });
    expect(run.doc.output[0].removed.map((r) => r.name)).toEqual(['.AspNetCore.Cookies', '.AspNetCore.CookiesC1', '.AspNetCore.CookiesC2']);
    const after = CookieJar.deserializeSync(await readFile(jar, 'utf8'));
    expect(await after.getCookieString(url)).toBe('theme=dark; enc=a%20b');
    expect((JSON.parse(await readFile(jar, 'utf8')) as { cookies: { key: string }[] }).cookies.map((c) => c.key)).toEqual(['theme', 'enc']);
  });
});

describe('hand-written and exported jars', () => {
  it('a Firefox-style export (no header, domain cookies, future expiry) with a config domain, on an https subdomain: delete carries domain and secure', async () => {
    const config = join(dir, 'kr.json');
    await writeFile(config, JSON.stringify({ schemes: { Cookies: { kind: 'Cookies', domain: 'example.com' } } }));
    const text = [line('.example.com', '/', false, 1999999999, '.AspNetCore.Cookies', 'CfDJ8firefoxSECRET'), line('.example.com', '/', true, 1999999999, 'sid', 'abcdefghSECRET', true), ''].join('\n');
    const report = await signOutChecked('ff.txt', text, 'https://www.example.com/', [], (l) => l.includes('.AspNetCore.Cookies'), ['--config', config]);
    expect(report.removed).toEqual([{ name: '.AspNetCore.Cookies', domain: 'example.com', path: '/' }]);
    expect(report.response.setCookie).toEqual([deleteLine('.AspNetCore.Cookies', 'domain=example.com; path=/; secure; samesite=lax; httponly')]);
  });

  it('a domain cookie seen from a subdomain without a configured domain: signed out, but the host-only delete does not match it (as curl and browsers)', async () => {
    const text = HEADER + line('.example.com', '/', false, 0, '.AspNetCore.Cookies', 'CfDJ8domainSECRET') + '\n';
    const report = await signOutChecked('dom.txt', text, 'http://app.example.com:8080/', [], () => false);
    expect(report).toMatchObject({ signedOut: ['Cookies'], authenticated: true, removed: [], kept: 1 });
    expect(report.response.setCookie).toEqual([deleteLine('.AspNetCore.Cookies')]);
  });

  it('CRLF line ends are kept on every remaining line', async () => {
    const text = [HEADER.trimEnd(), line('127.0.0.1', '/', false, 0, '.AspNetCore.Cookies', 'CfDJ8crlfSECRET'), line('127.0.0.1', '/', false, 0, 'x', 'y'), ''].join('\r\n');
    const report = await signOutChecked('crlf.txt', text, 'http://127.0.0.1:5000/', [], (l) => l.includes('.AspNetCore.Cookies'));
    expect(report.kept).toBe(1);
  });

  it('a UTF-8 BOM stays at the start of the file', async () => {
    const text = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(HEADER + line('127.0.0.1', '/', false, 0, '.AspNetCore.Cookies', 'CfDJ8bomSECRET') + '\n' + line('127.0.0.1', '/', false, 0, 'x', 'y') + '\n')]);
    await signOutChecked('bom.txt', text, 'http://127.0.0.1:5000/', [], (l) => l.includes('.AspNetCore.Cookies'));
    expect((await readFile(join(dir, 'bom.txt'))).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('Secure cookies: kept for http on a public name, deleted (with secure) on https, deleted on http loopback (a secure context, as curl)', async () => {
    const secure = HEADER + line('app.example.com', '/', true, 0, '.AspNetCore.Cookies', 'CfDJ8secureSECRET', true) + '\n';
    const overHttp = await signOutChecked('s1.txt', secure, 'http://app.example.com/', [], () => false);
    expect(overHttp).toMatchObject({ signedOut: [], authenticated: false, kept: 1, response: { setCookie: [] } });
    const overHttps = await signOutChecked('s2.txt', secure, 'https://app.example.com/', [], (l) => l.includes('.AspNetCore.Cookies'));
    expect(overHttps.response.setCookie).toEqual([deleteLine('.AspNetCore.Cookies', 'path=/; secure; samesite=lax; httponly')]);
    const loopback = HEADER + line('127.0.0.1', '/', true, 0, '.AspNetCore.Cookies', 'CfDJ8loopSECRET', true) + '\n';
    const overLoopback = await signOutChecked('s3.txt', loopback, 'http://127.0.0.1:5000/', [], (l) => l.includes('.AspNetCore.Cookies'));
    expect(overLoopback.response.setCookie).toEqual([deleteLine('.AspNetCore.Cookies')]);
  });

  it('the same name on / and /app: the default path / deletes only the root one; pathBase /app deletes only the /app one', async () => {
    const text = HEADER + [line('127.0.0.1', '/app', false, 0, '.AspNetCore.Cookies', 'CfDJ8appSECRET'), line('127.0.0.1', '/', false, 0, '.AspNetCore.Cookies', 'CfDJ8rootSECRET'), ''].join('\n');
    const root = await signOutChecked('p1.txt', text, 'http://127.0.0.1/app/page', [], (l) => l.includes('\t/\t') && l.includes('.AspNetCore'));
    expect(root).toMatchObject({ removed: [{ path: '/' }], kept: 1 });
    const config = join(dir, 'pb.json');
    await writeFile(config, JSON.stringify({ pathBase: '/app', schemes: { Cookies: { kind: 'Cookies' } } }));
    const scoped = await signOutChecked('p2.txt', text, 'http://127.0.0.1/app/page', [], (l) => l.includes('\t/app\t'), ['--config', config]);
    expect(scoped).toMatchObject({ removed: [{ path: '/app' }], kept: 1 });
    expect(scoped.response.setCookie).toEqual([deleteLine('.AspNetCore.Cookies', 'path=/app; samesite=lax; httponly')]);
  });

  it('expired lines are neither a sign-in nor counted, and stay untouched when another line is removed', async () => {
    const text =
      HEADER +
      [line('127.0.0.1', '/', false, 1000, '.AspNetCore.Cookies', 'CfDJ8expiredSECRET'), line('127.0.0.1', '/', false, 0, '.AspNetCore.Other', 'CfDJ8otherSECRET'), line('127.0.0.1', '/', false, 1000, 'old', 'x'), ''].join('\n');
    const none = await signOutChecked('e1.txt', text, 'http://127.0.0.1/', [], () => false);
    expect(none).toMatchObject({ signedOut: [], authenticated: false, kept: 1 });
    const other = await signOutChecked('e2.txt', text, 'http://127.0.0.1/', ['-Scheme', 'Other'], (l) => l.includes('.AspNetCore.Other'));
    expect(other).toMatchObject({ signedOut: ['Other'], kept: 0 });
  });
});

describe('loopback names curl writes: ::1 and localhost', () => {
  for (const [host, urlHost] of [
    ['::1', '[::1]'],
    ['localhost', 'localhost'],
  ] as const) {
    it(`a curl jar for ${urlHost}: the auth cookie goes, curl then sends exactly the rest`, async () => {
      const echo = await startEcho(host === '::1' ? '::1' : '127.0.0.1');
      try {
        const url = `http://${urlHost}:${echo.port}/`;
        const text = HEADER + [line(host, '/', false, 0, '.AspNetCore.Cookies', 'CfDJ8loopbackSECRET', true), line(host, '/', false, 0, 'theme', 'dark'), ''].join('\n');
        const report = await signOutChecked('lb.txt', text, url, [], (l) => l.includes('.AspNetCore.Cookies'));
        expect(report).toMatchObject({ removed: [{ name: '.AspNetCore.Cookies', domain: host }], kept: 1 });
        await curl(url, { cookiesFrom: join(dir, 'lb.txt'), resolve: host === 'localhost' ? [`localhost:${echo.port}:127.0.0.1`] : [] });
        expect(namesSent(echo.last())).toEqual(['theme']);
      } finally {
        await echo.close();
      }
    });
  }
});

describe('redirect rules and the authentication service errors', () => {
  const auth = HEADER + line('127.0.0.1', '/', false, 0, '.AspNetCore.Cookies', 'CfDJ8redirectSECRET') + '\n';
  const cases: [string, string[], number, string | null][] = [
    ['/Account/Logout?ReturnUrl=/home', [], 302, '/home'],
    ['/account/LOGOUT?returnurl=%2Fhome%3Fa%3D1', [], 302, '/home?a=1'],
    ['/Account/Logout?ReturnUrl=//evil.example', [], 200, null],
    ['/Account/Logout?ReturnUrl=/%5Cevil', [], 200, null],
    ['/Account/Logout?ReturnUrl=http://evil.example/', [], 200, null],
    ['/Account/Logout/?ReturnUrl=/home', [], 200, null],
    ['/other?ReturnUrl=/home', [], 200, null],
    ['/Account/Logout?ReturnUrl=/home', ['-Properties', "@{'.redirect'='/bye'}"], 302, '/bye'],
  ];
  for (const [path, args, status, location] of cases) {
    it(`${path} ${args.join(' ')} -> ${status} ${location ?? ''}`, async () => {
      const report = await signOutChecked('r.txt', auth, `http://127.0.0.1:5000${path}`, args, (l) => l.includes('.AspNetCore.Cookies'));
      expect(report.response).toMatchObject({ status, location });
    });
  }

  it('ASP.NET and Kestrun error texts: unknown scheme (exit 1), -Redirect to an unregistered cookie scheme (400)', async () => {
    const jar = join(dir, 'a.txt');
    await writeFile(jar, auth);
    const config = join(dir, 'c.json');
    await writeFile(config, JSON.stringify({ schemes: { Cookies: { kind: 'Cookies' }, gh: { kind: 'OAuth2', clientId: 'x' } } }));
    const unknown = await kr(jar, 'http://127.0.0.1:5000/', ['-Scheme', 'Nope'], ['--config', config]);
    expect(unknown.status).toBe(1);
    expect(unknown.doc.errors[0].message).toBe(
      "No sign-out authentication handler is registered for the scheme 'Nope'. The registered sign-out schemes are: Cookies, Cookies.gh. Did you forget to call AddAuthentication().AddCookie(\"Nope\",...)?",
    );
    const notCookie = await kr(jar, 'http://127.0.0.1:5000/', ['-Scheme', 'gh', '-Redirect'], ['--config', config]);
    expect(notCookie.status).toBe(1);
    expect(notCookie.doc.output[0]?.response.status ?? 400).toBe(400);
    expect(notCookie.doc.errors[0].message).toBe("Authentication scheme 'gh' not found.");
    expect(await readFile(jar, 'utf8')).toBe(auth);
    const oauth = await kr(jar, 'http://127.0.0.1:5000/', ['-Scheme', 'gh', '-AuthKind', 'OAuth2', '-RedirectUri', '/bye'], ['--config', config]);
    expect(oauth.status).toBe(0);
    expect(oauth.doc.output[0]).toMatchObject({ signedOut: ['Cookies.gh'], response: { status: 302, location: '/bye' } });
  });
});

describe('OIDC sign-out message against a real oidc-provider (no --follow)', () => {
  it('linked cookie scheme Cookies.oidc deleted first, then 302 to end_session_endpoint with the absolute callback, client_id, state; no end_session_endpoint: the ASP.NET error', async () => {
    const app = 'http://127.0.0.1:5999';
    for (const endSession of [true, false]) {
      const idp = await startIdp({ redirectUris: [`${app}/signin-oidc`], postLogoutRedirectUris: [`${app}/signout-callback-oidc`], endSession });
      try {
        const config = join(dir, 'oidc.json');
        await writeFile(config, JSON.stringify({ schemes: { oidc: { kind: 'Oidc', authority: idp.issuer, clientId: idp.clientId, clientSecretEnv: 'KR_ACC_SECRET' } } }));
        const text = HEADER + [line('127.0.0.1', '/', false, 0, '.AspNetCore.Cookies.oidc', 'CfDJ8oidcSECRET', true), line('127.0.0.1', '/', false, 0, 'theme', 'dark'), ''].join('\n');
        const jar = join(dir, `oidc-${endSession}.txt`);
        await writeFile(jar, text);
        const run = await runKr(['--json', '--jar', jar, '--url', `${app}/`, '--config', config, 'Invoke-KrCookieSignOut', '-Scheme', 'oidc', '-AuthKind', 'Oidc', '-RedirectUri', '/bye'], {
          cwd: dir,
          env: { KR_ACC_SECRET: idp.clientSecret },
        });
        expect(run.stdout + run.stderr).not.toContain('CfDJ8oidcSECRET');
        expect(run.stdout + run.stderr).not.toContain(idp.clientSecret);
        const doc = JSON.parse(run.stdout) as JsonDoc;
        if (!endSession) {
          expect(run.status).toBe(1);
          expect(doc.errors[0].message).toContain('Cannot redirect to the end session endpoint, the configuration may be missing or invalid.');
          continue;
        }
        expect(doc.errors).toEqual([]);
        expect(run.status).toBe(0);
        const report = doc.output[0];
        expect(report.signedOut).toEqual(['Cookies.oidc', 'oidc']);
        expect(report.removed).toEqual([{ name: '.AspNetCore.Cookies.oidc', domain: '127.0.0.1', path: '/' }]);
        expect(report.response.status).toBe(302);
        const location = new URL(report.response.location ?? '');
        expect(`${location.origin}${location.pathname}`).toBe(`${idp.issuer}/session/end`);
        expect(location.searchParams.get('post_logout_redirect_uri')).toBe(`${app}/signout-callback-oidc`);
        expect(location.searchParams.get('client_id')).toBe(idp.clientId);
        expect(location.searchParams.get('state')).toBeTruthy();
        expect((await readFile(jar, 'utf8')).split('\n')).toEqual(text.split('\n').filter((l) => !l.includes('.AspNetCore.Cookies.oidc')));
      } finally {
        await idp.close();
      }
    }
  });
});
