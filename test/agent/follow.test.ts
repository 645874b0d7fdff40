// followSignOut against real HTTP servers on loopback: redirects, cookies per site, hidden
// auto-submit forms, a person's form, the signed-out callback, every stop and its error id.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followSignOut, redactHopUrl } from '../../src/agent/follow.js';
import { pendingLogoutLanding } from '../../src/agent/signed-out-callback.js';
import { TokenStore } from '../../src/aspnet/token-store.js';
import { openJarReadOnly, withJarSession } from '../../src/jar/index.js';
import type { JarSession } from '../../src/jar/index.js';

interface Seen {
  method: string;
  path: string;
  cookie: string | undefined;
  body: string;
}

interface Site {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string, site: Site) => void;

const open: Site[] = [];

async function site(handler: Handler, host = '127.0.0.1'): Promise<Site> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method ?? 'GET', path: req.url ?? '/', cookie: req.headers.cookie, body });
      handler(req, res, body, created);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const created: Site = {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  open.push(created);
  return created;
}

const html = (res: ServerResponse, status: number, body: string, headers: Record<string, string | string[]> = {}) => {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(body);
};
const redirect = (res: ServerResponse, status: number, location: string, setCookie: string[] = []) => {
  res.writeHead(status, { location, ...(setCookie.length ? { 'set-cookie': setCookie } : {}) });
  res.end();
};

let dir: string;
let jarPath: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kr-follow-'));
  jarPath = join(dir, 'jar.txt');
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

async function jarWith(lines: string[]): Promise<JarSession> {
  await writeFile(jarPath, `# Netscape HTTP Cookie File\n\n${lines.join('\n')}\n`);
  return openJarReadOnly(jarPath);
}

describe('redirects and cookies', () => {
  it('follows a chain across two sites, sending each only its own cookies and applying every Set-Cookie', async () => {
    const idp = await site((req, res) => {
      if (req.url === '/end') redirect(res, 302, `${app.url}/back`, ['idp_session=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/']);
      else res.end();
    }, '127.0.0.2');
    const app = await site((req, res) => {
      if (req.url === '/start') redirect(res, 303, `${idp.url}/end`, ['step=1; path=/']);
      else html(res, 200, '<p>done</p>', { 'set-cookie': ['landed=yes; path=/'] });
    });
    const jar = await jarWith([
      `127.0.0.1\tFALSE\t/\tFALSE\t0\tapp_cookie\tA-VALUE`,
      `127.0.0.2\tFALSE\t/\tFALSE\t0\tidp_session\tI-VALUE`,
    ]);
    const outcome = await followSignOut({ jar, from: new URL(`${app.url}/logout`), location: '/start' });
    expect(outcome.error).toBeUndefined();
    expect(outcome.report.stoppedBecause).toBe('final-response');
    expect(outcome.report.hops.map((h) => [h.method, new URL(h.url).pathname, h.status, h.via])).toEqual([
      ['GET', '/start', 303, 'redirect'],
      ['GET', '/end', 302, 'redirect'],
      ['GET', '/back', 200, 'redirect'],
    ]);
    expect(outcome.report.hops[0].setCookies).toEqual(['step']);
    expect(outcome.report.hops[1].removed).toEqual(['idp_session']);
    expect(outcome.report.final).toEqual({ url: `${app.url}/back`, status: 200 });
    expect(app.seen[0].cookie).toBe('app_cookie=A-VALUE');
    expect(app.seen[1].cookie).toBe('app_cookie=A-VALUE; step=1');
    expect(idp.seen[0].cookie).toBe('idp_session=I-VALUE');
    expect(jar.cookies().map((c) => c.name).sort()).toEqual(['app_cookie', 'landed', 'step']);
  });

  it('turns POST into GET on 303 and keeps method and body on 307', async () => {
    const app = await site((req, res) => {
      if (req.url === '/form') html(res, 200, `<form method="post" action="/post"><input type="hidden" name="a" value="1"></form>`);
      else if (req.url === '/post') redirect(res, 307, '/again');
      else if (req.url === '/again') redirect(res, 303, '/end');
      else html(res, 200, 'end');
    });
    const outcome = await followSignOut({ jar: await jarWith([]), from: new URL(app.url), location: '/form' });
    expect(app.seen.map((s) => [s.method, s.path, s.body])).toEqual([
      ['GET', '/form', ''],
      ['POST', '/post', 'a=1'],
      ['POST', '/again', 'a=1'],
      ['GET', '/end', ''],
    ]);
    expect(outcome.report.hops.map((h) => h.via)).toEqual(['redirect', 'form', 'redirect', 'redirect']);
  });

  it('has nothing to follow without a Location', async () => {
    const outcome = await followSignOut({ jar: await jarWith([]), from: new URL('http://127.0.0.1:9/'), location: undefined });
    expect(outcome).toEqual({ report: { hops: [], final: null, stoppedBecause: 'no-redirect' } });
  });

  it('redacts token-like query values in hop URLs', () => {
    const shown = redactHopUrl(new URL('http://idp.test/end?id_token_hint=eyJabc&state=s3cr3t&post_logout_redirect_uri=http%3A%2F%2Fa%2Fcb&client_id=c'));
    expect(shown).not.toContain('eyJabc');
    expect(shown).not.toContain('s3cr3t');
    expect(new URL(shown).searchParams.get('id_token_hint')).toBe('***');
    expect(new URL(shown).searchParams.get('state')).toBe('***');
    expect(new URL(shown).searchParams.get('client_id')).toBe('c');
    expect(new URL(shown).searchParams.get('post_logout_redirect_uri')).toBe('http://a/cb');
  });
});

describe('forms', () => {
  it('submits a form_post page of hidden fields (its noscript button is for browsers without JavaScript)', async () => {
    const app = await site((req, res) => {
      if (req.url === '/cb') html(res, 200, 'signed in');
      else res.end();
    });
    const idp = await site((req, res) =>
      html(
        res,
        200,
        `<html><head><script>document.forms[0].submit()</script></head><body>
        <form method="post" action="${app.url}/cb"><input type="hidden" name="code" value="c&amp;1"/><input type="hidden" name="state" value="st"/>
        <noscript><button autofocus type="submit">Continue</button></noscript></form></body></html>`,
      ),
    );
    const outcome = await followSignOut({ jar: await jarWith([]), from: new URL(app.url), location: `${idp.url}/auth` });
    expect(outcome.error).toBeUndefined();
    expect(app.seen[0]).toMatchObject({ method: 'POST', path: '/cb', body: 'code=c%261&state=st' });
    expect(outcome.report.hops[1]).toMatchObject({ method: 'POST', via: 'form', status: 200 });
  });

  it("a provider's 'Sign out?' page stops with FollowNeedsPerson naming its yes button; pressConfirmation (-Confirm:$false) presses it", async () => {
    const app = await site((_req, res) => html(res, 200, 'app'));
    const idp = await site((req, res) => {
      // oidc-provider's own logout page: the choice is a pair of buttons outside the form
      if (req.method === 'GET')
        html(
          res,
          200,
          `<form id="op.logoutForm" method="post" action="/confirm"><input type="hidden" name="xsrf" value="x"/></form>
           <button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
           <button type="submit" form="op.logoutForm">No, stay signed in</button>`,
        );
      else html(res, 200, 'posted');
    });
    const outcome = await followSignOut({ jar: await jarWith([]), from: new URL(app.url), location: `${idp.url}/end?id_token_hint=tok` });
    expect(outcome.report.stoppedBecause).toBe('needs-person');
    expect(outcome.error?.errorId).toBe('FollowNeedsPerson');
    expect(outcome.error?.message).toContain(`confirm the sign-out at ${idp.url}/end?id_token_hint=***`);
    expect(outcome.error?.message).toContain("'Yes, sign me out'");
    expect(idp.seen.map((s) => s.method)).toEqual(['GET']);

    const pressed = await followSignOut({ jar: await jarWith([]), from: new URL(app.url), location: `${idp.url}/end`, pressConfirmation: true });
    expect(pressed.error).toBeUndefined();
    expect(pressed.report.hops.map((h) => [h.method, new URL(h.url).pathname, h.via])).toEqual([['GET', '/end', 'redirect'], ['POST', '/confirm', 'form']]);
    expect(idp.seen.at(-1)?.body).toBe('xsrf=x&logout=yes');
  });

  it('stops at a form with a field to fill on another site: FollowNeedsPerson, nothing submitted, -Confirm:$false or not', async () => {
    const app = await site((_req, res) => html(res, 200, 'app'));
    const idp = await site((_req, res) => html(res, 200, '<form method="post" action="/why"><input type="hidden" name="x" value="1"><textarea name="reason"></textarea><button>Sign out</button></form>'));
    const outcome = await followSignOut({ jar: await jarWith([]), from: new URL(app.url), location: `${idp.url}/end`, pressConfirmation: true });
    expect(outcome.report.stoppedBecause).toBe('needs-person');
    expect(outcome.error?.message).toContain(`needs a person at ${idp.url}/end`);
    expect(outcome.error?.message).toContain('textarea "reason"');
    expect(idp.seen.map((s) => s.method)).toEqual(['GET']);
  });

  it("ends at the app's own page with a form, and at a sign-in page anywhere", async () => {
    const app = await site((_req, res) => html(res, 200, '<form method="post"><input name="q"><button>Search</button></form>'));
    const own = await followSignOut({ jar: await jarWith([]), from: new URL(app.url), location: '/bye' });
    expect(own).toMatchObject({ report: { stoppedBecause: 'final-response' } });
    expect(own.error).toBeUndefined();
    const idp = await site((_req, res) => html(res, 200, '<form method="post"><input name="login"><input type="password" name="password"></form>'));
    const login = await followSignOut({ jar: await jarWith([]), from: new URL(app.url), location: `${idp.url}/login` });
    expect(login.report.stoppedBecause).toBe('sign-in-page');
    expect(login.error).toBeUndefined();
  });
});

describe('failures', () => {
  it('never follows a non-http Location: FollowUnsafeLocation', async () => {
    const app = await site((req, res) => {
      if (req.url === '/one') redirect(res, 302, 'file:///etc/passwd');
      else html(res, 200, '<form action="javascript:alert(1)"><input type="hidden" name="a" value="b"></form>');
    });
    const outcome = await followSignOut({ jar: await jarWith([]), from: new URL(app.url), location: '/one' });
    expect(outcome.error?.errorId).toBe('FollowUnsafeLocation');
    expect(outcome.error?.message).toContain("'file:///etc/passwd'");
    expect(outcome.report.hops).toHaveLength(1);
    const first = await followSignOut({ jar: await jarWith([]), from: new URL(app.url), location: 'ftp://127.0.0.1/x' });
    expect(first).toMatchObject({ report: { stoppedBecause: 'unsafe-location', hops: [] } });
    const form = await followSignOut({ jar: await jarWith([]), from: new URL(app.url), location: '/page' });
    expect(form.error?.errorId).toBe('FollowUnsafeLocation');
    expect(app.seen.map((s) => s.path)).toEqual(['/one', '/page']);
  });

  it('stops after maxHops requests: FollowTooManyHops', async () => {
    const app = await site((req, res) => redirect(res, 302, `/loop${Number(req.url?.slice(5) || 0) + 1}`));
    const outcome = await followSignOut({ jar: await jarWith([]), from: new URL(app.url), location: '/loop0', maxHops: 3 });
    expect(outcome.error?.errorId).toBe('FollowTooManyHops');
    expect(outcome.error?.message).toContain('/loop3');
    expect(app.seen).toHaveLength(3);
    expect(outcome.report.stoppedBecause).toBe('too-many-hops');
  });

  it('reports a closed port: FollowRequestFailed naming the cause', async () => {
    const gone = await site(() => undefined);
    await gone.close();
    const outcome = await followSignOut({ jar: await jarWith([]), from: new URL(gone.url), location: '/x' });
    expect(outcome.error?.errorId).toBe('FollowRequestFailed');
    expect(outcome.error?.message).toMatch(/ECONNREFUSED/);
    expect(outcome.report.hops).toEqual([{ method: 'GET', url: `${gone.url}/x`, status: null, setCookies: [], removed: [], via: 'redirect' }]);
    expect(outcome.report.final).toBeNull();
  });

  it('gives up on a silent server: FollowTimeout', async () => {
    const slow = await site(() => undefined);
    const outcome = await followSignOut({ jar: await jarWith([]), from: new URL(slow.url), location: '/wait', timeoutSeconds: 0.2 });
    expect(outcome.error?.errorId).toBe('FollowTimeout');
    expect(outcome.report.stoppedBecause).toBe('timeout');
  });

  it('stops at an error page, quoting its text without any secret it echoes: FollowErrorStatus', async () => {
    const idp = await site((req, res) => {
      const hint = new URL(req.url ?? '/', 'http://x').searchParams.get('id_token_hint');
      html(res, 400, `<html><head><title>oops</title></head><body><h1>oops! something went wrong</h1><pre>error: invalid_request
error_description: post_logout_redirect_uri not registered (hint ${hint}, cookie ${req.headers.cookie})</pre></body></html>`);
    });
    const jar = await jarWith([`127.0.0.1\tFALSE\t/\tFALSE\t0\t_session\tSESSION-SECRET`]);
    const outcome = await followSignOut({ jar, from: new URL('http://127.0.0.2:1/'), location: `${idp.url}/end?id_token_hint=TOKEN-SECRET` });
    expect(outcome.error?.errorId).toBe('FollowErrorStatus');
    expect(outcome.error?.message).toContain('answered 400: oops! something went wrong error: invalid_request error_description: post_logout_redirect_uri not registered');
    expect(outcome.error?.message).not.toContain('TOKEN-SECRET');
    expect(outcome.error?.message).not.toContain('SESSION-SECRET');
    expect(outcome.report.final).toEqual({ url: `${idp.url}/end?id_token_hint=***`, status: 400 });
  });

  it('leaves what it learned before a failure in the jar, for the caller to save', async () => {
    const app = await site((req, res) => redirect(res, 302, 'http://127.0.0.1:9/unreachable', ['.AspNetCore.Cookies=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/']));
    await writeFile(jarPath, `# Netscape HTTP Cookie File\n\n127.0.0.1\tFALSE\t/\tFALSE\t0\t.AspNetCore.Cookies\tT\n127.0.0.1\tFALSE\t/\tFALSE\t0\ttheme\tdark\n`);
    const outcome = await withJarSession(jarPath, async (jar) => {
      const result = await followSignOut({ jar, from: new URL(app.url), location: '/logout' });
      await jar.save();
      return result;
    });
    expect(outcome.error?.errorId).toBe('FollowRequestFailed');
    const saved = await readFile(jarPath, 'utf8');
    expect(saved).not.toContain('.AspNetCore.Cookies');
    expect(saved).toContain('theme\tdark');
  });
});

describe('the signed-out callback', () => {
  async function storeWithPending(app: Site, state: string): Promise<string> {
    const path = join(dir, 'tokens.json');
    const store = await TokenStore.open(path);
    store.addPendingLogout(state, {
      scheme: 'oidc',
      origin: app.url,
      redirectUri: `${app.url}/bye`,
      postLogoutRedirectUri: `${app.url}/signout-callback-oidc`,
    });
    await store.save();
    return path;
  }

  it('goes on to the pending logout’s RedirectUri when the app answers the callback itself, and takes the record', async () => {
    const app = await site((_req, res) => html(res, 200, 'ok'));
    const tokens = await storeWithPending(app, 'STATE-1');
    const outcome = await followSignOut({
      jar: await jarWith([]),
      from: new URL(app.url),
      location: `/signout-callback-oidc?state=STATE-1`,
      signedOutCallback: pendingLogoutLanding(() => TokenStore.open(tokens)),
    });
    expect(outcome.error).toBeUndefined();
    expect(app.seen.map((s) => s.path)).toEqual(['/signout-callback-oidc?state=STATE-1', '/bye']);
    expect(outcome.report.hops.map((h) => h.via)).toEqual(['redirect', 'signed-out-callback']);
    expect(outcome.report.hops[0].url).toBe(`${app.url}/signout-callback-oidc?state=***`);
    expect((await TokenStore.open(tokens)).peekPendingLogout('STATE-1')).toBeUndefined();
  });

  it('follows the app when it answers the callback with a redirect', async () => {
    const app = await site((req, res) => (req.url?.startsWith('/signout-callback-oidc') ? redirect(res, 302, '/home') : html(res, 200, 'home')));
    const tokens = await storeWithPending(app, 'STATE-2');
    const outcome = await followSignOut({
      jar: await jarWith([]),
      from: new URL(app.url),
      location: `/signout-callback-oidc?state=STATE-2`,
      signedOutCallback: pendingLogoutLanding(() => TokenStore.open(tokens)),
    });
    expect(app.seen.map((s) => s.path)).toEqual(['/signout-callback-oidc?state=STATE-2', '/home']);
    expect(outcome.report.final?.url).toBe(`${app.url}/home`);
  });

  it('ignores a state it does not know, or the right state on another path', async () => {
    const app = await site((_req, res) => html(res, 200, 'ok'));
    const tokens = await storeWithPending(app, 'STATE-3');
    const landing = pendingLogoutLanding(() => TokenStore.open(tokens));
    expect(await landing(new URL(`${app.url}/signout-callback-oidc?state=OTHER`))).toBeUndefined();
    expect(await landing(new URL(`${app.url}/elsewhere?state=STATE-3`))).toBeUndefined();
    expect((await landing(new URL(`${app.url}/signout-callback-oidc?state=STATE-3`)))?.href).toBe(`${app.url}/bye`);
  });
});
