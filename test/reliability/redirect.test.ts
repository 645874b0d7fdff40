// Redirect safety. -RedirectUri (and a `.redirect` property) must be host-relative, ASP.NET's
// rule (`/x`, never `//x` or `/\x`), or an absolute http(s) URL; `javascript:`, protocol-
// relative and backslash tricks and CR/LF header injection are rejected with a clear
// UnsafeRedirectUri (exit 2) before the jar is touched. A ReturnUrl on the logout path that
// is not host-relative is ignored, as ASP.NET ignores it. `--follow` never follows a
// Location or form action that is not http(s), and never requests it.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, krEnv, runKr, type KrRun } from './kr-process.js';

let dir: string;
let server: Server;
let origin: string;
const requests: string[] = [];

const JAR = '# Netscape HTTP Cookie File\n#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\t.AspNetCore.Cookies\tREDIRECT-CANARY\n127.0.0.1\tFALSE\t/\tFALSE\t0\ttheme\tdark\n';
const jarPath = () => join(dir, 'jar.txt');

/** Pages whose only way on is a Location or form the user agent must not take. */
const HOSTILE: Record<string, { status: number; location?: string; body?: string }> = {
  '/to-javascript': { status: 302, location: 'javascript:alert(1)' },
  '/to-file': { status: 302, location: 'file:///etc/passwd' },
  '/to-data': { status: 303, location: 'data:text/html,<script>alert(1)</script>' },
  '/to-ftp': { status: 301, location: 'ftp://127.0.0.1/x' },
  '/to-vbscript': { status: 307, location: 'VBScript:msgbox(1)' },
  '/form-javascript': {
    status: 200,
    body: '<html><body onload="document.forms[0].submit()"><form method="post" action="javascript:alert(1)"><input type="hidden" name="a" value="b"></form></body></html>',
  },
};

beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'kr-rel-redirect-'));
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    req.resume();
    const page = HOSTILE[new URL(req.url ?? '/', 'http://x').pathname];
    if (page === undefined) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    res.writeHead(page.status, { ...(page.location ? { location: page.location } : {}), 'content-type': 'text/html' });
    res.end(page.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => writeFile(jarPath(), JAR));

function kr(args: readonly string[]): Promise<KrRun> {
  return runKr(['--json', '--jar', jarPath(), '--url', `${origin}/`, ...args], { cwd: dir, env: krEnv(dir) });
}

function errorsOf(run: KrRun): { errorId: string; message: string }[] {
  return (JSON.parse(run.stdout) as { errors: { errorId: string; message: string }[] }).errors;
}

const UNSAFE = [
  'javascript:alert(1)',
  'JavaScript:alert(document.cookie)',
  '//evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  'data:text/html,<script>alert(1)</script>',
  'evil.example',
  '/ok\r\nSet-Cookie: injected=1',
  '/ok\nLocation: //evil.example',
  '/ok\r',
  '/has space',
  ' /leading-space',
  'ftp://127.0.0.1/x',
  'http:evil.example',
  'https:\\\\evil.example',
  'http:/\\evil.example',
  'https://evil.example\\@127.0.0.1/',
];

describe('unsafe redirect targets are refused before anything changes', () => {
  test.each(UNSAFE)('-RedirectUri %j', async (target) => {
    for (const kind of ['Oidc', 'OAuth2', 'Cookies']) {
      const run = await kr(['Invoke-KrCookieSignOut', '-AuthKind', kind, '-Scheme', kind === 'Cookies' ? 'Cookies' : 'x', '-RedirectUri', target]);
      expect({ kind, status: run.status, ids: errorsOf(run).map((e) => e.errorId.split(',')[0]) }).toEqual({ kind, status: 2, ids: ['UnsafeRedirectUri'] });
      const message = errorsOf(run)[0].message;
      expect(message).toContain('host-relative');
      // the message shows control characters escaped: it cannot inject lines itself
      expect(message).not.toMatch(/[\r\n]/);
    }
    const property = await kr(['Invoke-KrCookieSignOut', '-Properties', `@{ '.redirect' = '${target.replaceAll("'", "''")}' }`]);
    expect(errorsOf(property).map((e) => e.errorId.split(',')[0])).toEqual(['UnsafeRedirectUri']);
    expect(await readFile(jarPath(), 'utf8')).toBe(JAR);
  });

  test('safe targets pass: host-relative paths and absolute http(s) URLs', async () => {
    for (const target of ['/', '/home?x=1#top', `${origin}/bye`, 'https://app.example/after']) {
      await writeFile(jarPath(), JAR);
      const run = await kr(['Invoke-KrCookieSignOut', '-Properties', `@{ '.redirect' = '${target}' }`]);
      expect(run.status).toBe(0);
      const report = (JSON.parse(run.stdout) as { output: { response: { status: number; location: string } }[] }).output[0];
      expect(report.response).toMatchObject({ status: 302, location: target });
    }
  });
});

test('a ReturnUrl on the logout path is used only when host-relative, as ASP.NET does', async () => {
  const cases: [string, string | null][] = [
    ['/home', '/home'],
    ['//evil.example', null],
    ['/\\evil.example', null],
    ['https://evil.example/', null],
    ['javascript:alert(1)', null],
  ];
  for (const [returnUrl, location] of cases) {
    await writeFile(jarPath(), JAR);
    const url = `${origin}/Account/Logout?ReturnUrl=${encodeURIComponent(returnUrl)}`;
    const run = await runKr(['--json', '--jar', jarPath(), '--url', url, 'Invoke-KrCookieSignOut'], { cwd: dir, env: krEnv(dir) });
    expect(run.status).toBe(0);
    const report = (JSON.parse(run.stdout) as { output: { response: { location: string | null } }[] }).output[0];
    expect({ returnUrl, location: report.response.location }).toEqual({ returnUrl, location });
  }
});

describe('--follow stops at a Location or form action that is not http(s)', () => {
  test.each(Object.keys(HOSTILE))('%s', async (path) => {
    requests.length = 0;
    const run = await runKr(
      ['--follow', '--json', '--jar', jarPath(), '--url', `${origin}/`, 'Invoke-KrCookieSignOut', '-Properties', `@{ '.redirect' = '${origin}${path}' }`],
      { cwd: dir, env: krEnv(dir) },
    );
    expect(run.status).toBe(1);
    const doc = JSON.parse(run.stdout) as { errors: { errorId: string; message: string }[]; output: { follow?: { stoppedBecause: string } }[] };
    expect(doc.errors.map((e) => e.errorId.split(',')[0])).toEqual(['FollowUnsafeLocation']);
    expect(doc.output[0].follow?.stoppedBecause).toBe('unsafe-location');
    // one request, to the page itself: nothing was fetched for the unsafe target
    expect(requests).toEqual([path]);
    expect(run.stdout + run.stderr).not.toContain('REDIRECT-CANARY');
    // the sign-out itself still happened and was saved
    expect(await readFile(jarPath(), 'utf8')).not.toContain('.AspNetCore.Cookies');
  });
});
