// The test IdP and the scripted login that e2e tests reuse: PKCE is enforced, the jar holds
// the provider session (and is written as curl's cookies.txt), a live session skips the
// login prompt, and after the provider's logout a new authorization asks for login again.

import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIdp } from '../support/idp.js';
import type { Idp } from '../support/idp.js';
import { loginThroughIdp, parseFirstForm } from '../support/oidc-login.js';

const APP = 'http://127.0.0.1:5996';

describe('test IdP harness', () => {
  let idp: Idp;
  let dir: string;
  beforeAll(async () => {
    idp = await startIdp({
      redirectUris: [`${APP}/signin-oidc`],
      postLogoutRedirectUris: [`${APP}/signout-callback-oidc`],
      account: { email: 'ci@example.test', name: 'CI' },
    });
    dir = await mkdtemp(join(tmpdir(), 'kr-idp-'));
  });
  afterAll(async () => {
    await idp.close();
    await rm(dir, { recursive: true, force: true });
  });

  const login = (extra: Partial<Parameters<typeof loginThroughIdp>[0]> = {}) =>
    loginThroughIdp({
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      redirectUri: `${APP}/signin-oidc`,
      ...extra,
    });

  it('logs in with PKCE through the dev interactions and writes the jar as cookies.txt (0600)', async () => {
    const jarPath = join(dir, 'jar.txt');
    const result = await login({ jarPath, login: 'alice' });
    expect(result.prompts).toEqual(['login', 'consent']);
    expect(result.claims).toMatchObject({ sub: 'alice', iss: idp.issuer, aud: idp.clientId });
    expect(result.tokens.id_token.split('.')).toHaveLength(3);
    expect(result.tokens.refresh_token).toBeTruthy();
    expect(result.callbackUrl.searchParams.get('code')).toBeTruthy();

    const text = await readFile(jarPath, 'utf8');
    expect(text.startsWith('# Netscape HTTP Cookie File\n')).toBe(true);
    const session = text.split('\n').find((line) => line.split('\t')[5] === '_session');
    expect(session).toBeDefined();
    const [domain, sub, path, secure, expires] = session!.split('\t');
    expect([domain, sub, path, secure]).toEqual(['#HttpOnly_127.0.0.1', 'FALSE', '/', 'FALSE']);
    expect(Number(expires)).toBeGreaterThan(Date.now() / 1000);
    // Cookies the provider deleted on the way (interaction resume) are not written.
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('# '))) {
      const expiry = Number(line.split('\t')[4]);
      expect(expiry === 0 || expiry > Date.now() / 1000).toBe(true);
    }
    expect((await stat(jarPath)).mode & 0o777).toBe(0o600);
  });

  it('rejects an authorization request without PKCE', async () => {
    const url = new URL(`${idp.issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: idp.clientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: `${APP}/signin-oidc`,
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    const location = new URL(response.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/requires PKCE/);
  });

  it('skips the prompts while the provider session lives, and asks for login again after its logout', async () => {
    const first = await login();
    const second = await login({ jar: first.jar });
    expect(second.prompts).toEqual([]);

    const end = new URL(`${idp.issuer}/session/end`);
    end.search = new URLSearchParams({
      id_token_hint: second.tokens.id_token,
      post_logout_redirect_uri: `${APP}/signout-callback-oidc`,
      state: 'bye',
    }).toString();
    const page = await fetch(end, { headers: { cookie: await first.jar.getCookieString(end.href) } });
    const form = parseFirstForm(await page.text(), end)!;
    const confirm = await fetch(form.action, {
      method: 'POST',
      headers: {
        cookie: await first.jar.getCookieString(form.action.href),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: form.fields.toString(),
      redirect: 'manual',
    });
    expect(confirm.headers.get('location')).toBe(`${APP}/signout-callback-oidc?state=bye`);
    for (const line of confirm.headers.getSetCookie()) await first.jar.setCookie(line, form.action.href, { ignoreError: true });

    const third = await login({ jar: first.jar });
    expect(third.prompts[0]).toBe('login');
  });

  it('records the requests it served and reports no server errors', () => {
    expect(idp.requests.some((r) => r.url.startsWith('/.well-known/openid-configuration'))).toBe(true);
    expect(idp.serverErrors).toEqual([]);
  });
});
