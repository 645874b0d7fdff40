// The built `kr` executable running Invoke-KrCookieSignOut: -WhatIf on the built-in defaults
// (no jar, no config), a jar written by real curl against the cookie app (only the auth
// cookie and its chunks go), the --json report, the human summary, and the canary.
// Needs `npx tsc -p tsconfig.build.json` first (`npm test` builds).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCookieApp, type CookieApp } from '../support/cookie-app.js';
import { curl } from '../support/curl.js';

const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const kr = join(root, 'dist/bin/kr.cjs');
let dir: string;
let app: CookieApp;

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [kr, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: dir, KR_TOKENS: join(dir, 'tokens.json'), NO_COLOR: '1' },
    input: '',
    timeout: 20000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  app = await startCookieApp({ chunks: 3 });
});
afterAll(() => app.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kr-signout-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function curlJar(): Promise<{ path: string; text: string; secrets: string[] }> {
  const path = join(dir, 'jar.txt');
  await curl(`${app.url}/Account/Login`, { cookiesTo: path });
  const text = readFileSync(path, 'utf8');
  const secrets = text
    .split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => l.split('\t')[6])
    .filter((v) => v.length > 8);
  return { path, text, secrets };
}

describe('kr Invoke-KrCookieSignOut', () => {
  it('-WhatIf works with no jar and no config (built-in defaults)', () => {
    const r = run(['Invoke-KrCookieSignOut', '-WhatIf']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('What if: Performing the operation "SignOut" on target "Cookies".');
    expect(r.stdout).toContain("What if: signing out of 'Cookies' on localhost would remove no cookie (not signed in)");
    expect(existsSync(join(dir, '.kr', 'cookies.txt'))).toBe(false);
  });

  it('on a jar written by real curl removes the auth cookie and its chunks and nothing else', async () => {
    const { path, text, secrets } = await curlJar();
    expect(text).toContain('.AspNetCore.CookiesC3');
    const r = run(['--jar', 'jar.txt', 'Invoke-KrCookieSignOut', '-Verbose']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const auth = /\t\.AspNetCore\.Cookies(C\d+)?\t/;
    const after = readFileSync(path, 'utf8');
    expect(after.split('\n')).toEqual(text.split('\n').filter((line) => !auth.test(line)));
    expect(r.stdout).toMatch(/^Signed out of 'Cookies' on 127\.0\.0\.1: removed \.AspNetCore\.Cookies \(\+3 chunks\)$/m);
    expect(r.stdout).toContain('VERBOSE: Set-Cookie: .AspNetCore.CookiesC3=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/; samesite=lax; httponly');
    for (const secret of secrets) expect(r.stdout).not.toContain(secret);

    // curl, reading the edited jar, is no longer signed in but keeps its other cookies.
    const me = await curl(`${app.url}/me`, { cookiesFrom: path });
    expect(me.status).toBe(401);
    expect(app.cookieNames(app.lastCookieHeader('/me'))).toEqual(expect.arrayContaining(['theme', 'session-id']));
  });

  it('--json prints the envelope with the plain report in output', async () => {
    const { path, secrets } = await curlJar();
    const r = run(['--json', '--jar', path, 'Invoke-KrCookieSignOut', '-Redirect', '-Verbose', '-Debug']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const doc = JSON.parse(lines[0]) as { output: Record<string, unknown>[]; exitCode: number; command: string };
    expect(doc.command).toBe('Invoke-KrCookieSignOut');
    expect(doc.output).toHaveLength(1);
    const report = doc.output[0];
    expect(Object.keys(report).sort()).toEqual(['authenticated', 'jar', 'kept', 'removed', 'response', 'signedOut', 'url']);
    expect(report).toMatchObject({
      signedOut: ['Cookies'],
      kept: 3,
      jar: { path, format: 'netscape' },
      url: 'http://127.0.0.1/',
      response: { status: 302, location: '/' },
    });
    expect((report.removed as { name: string }[]).map((c) => c.name).sort()).toEqual([
      '.AspNetCore.Cookies',
      '.AspNetCore.CookiesC1',
      '.AspNetCore.CookiesC2',
      '.AspNetCore.CookiesC3',
    ]);
    for (const line of (report.response as { setCookie: string[] }).setCookie) expect(line).toMatch(/^[^=]+=; /);
    for (const secret of secrets) expect(r.stdout).not.toContain(secret);
  });

  it('an unsafe -RedirectUri is a usage error (exit 2) naming UnsafeRedirectUri', async () => {
    const { path, text } = await curlJar();
    const r = run(['--jar', path, 'Invoke-KrCookieSignOut', '-AuthKind', 'OAuth2', '-RedirectUri', '//evil.example']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('UnsafeRedirectUri,Invoke-KrCookieSignOut');
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});
