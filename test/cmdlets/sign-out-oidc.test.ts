// Invoke-KrCookieSignOut -AuthKind Oidc / OAuth2 and the deprecated -OidcScheme, against a
// real oidc-provider on 127.0.0.1: discovery, the end-session URL's parameters, the provider
// accepting kr's post-logout redirect, revocation, and the failures (IdP unreachable, no
// end-session endpoint) that must leave the jar intact.

import { readFile } from 'node:fs/promises';
import { END_SESSION_MISSING_MESSAGE } from '../../src/aspnet/openid.js';
import { TokenStore } from '../../src/aspnet/token-store.js';
import { startIdp, type Idp } from '../support/idp.js';
import { loginThroughIdp, parseFirstForm, type LoginResult } from '../support/oidc-login.js';
import { CANARY, chunkedAuthCookie, reportOf, workspace, type Workspace } from './sign-out-fixtures.js';

const APP = 'http://127.0.0.1:5997';
const SECRET_ENV = 'KR_TEST_OIDC_SECRET';

let idp: Idp;
let login: LoginResult;
let ws: Workspace;

beforeAll(async () => {
  idp = await startIdp({ redirectUris: [`${APP}/signin-oidc`], postLogoutRedirectUris: [`${APP}/signout-callback-oidc`] });
  login = await loginThroughIdp({ issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, redirectUri: `${APP}/signin-oidc` });
});
afterAll(() => idp.close());
beforeEach(async () => {
  ws = await workspace();
});
afterEach(() => ws.dispose());

const env = () => ({ [SECRET_ENV]: idp.clientSecret });

async function setUp(authority = idp.issuer, jarCookie = '.AspNetCore.Cookies.oidc'): Promise<string> {
  await ws.writeConfig({
    url: `${APP}/`,
    schemes: {
      Cookies: { kind: 'Cookies' },
      oidc: { kind: 'Oidc', authority, clientId: idp.clientId, clientSecretEnv: SECRET_ENV },
      github: { kind: 'OAuth2', clientId: idp.clientId, clientSecretEnv: SECRET_ENV, revocationEndpoint: `${idp.issuer}/token/revocation` },
    },
  });
  const store = await TokenStore.open(ws.tokens);
  store.set('oidc', APP, { id_token: login.tokens.id_token, access_token: login.tokens.access_token });
  await store.save();
  return ws.writeJar([...chunkedAuthCookie(jarCookie, 2), { name: 'theme', value: 'dark' }]);
}

const secrets = () => [CANARY, login.tokens.id_token, login.tokens.access_token, idp.clientSecret];

describe('Invoke-KrCookieSignOut -AuthKind Oidc', () => {
  it('removes the linked cookie, then redirects to end_session_endpoint with id_token_hint, post_logout_redirect_uri, state and client_id', async () => {
    await setUp();
    const ran = await ws.run("Invoke-KrCookieSignOut -Scheme 'oidc' -AuthKind Oidc -RedirectUri '/signed-out' -Verbose -Debug", {
      settings: { config: ws.config },
      env: env(),
    });
    expect(ran.result.errors).toEqual([]);
    expect(ran.result.exitCode).toBe(0);
    const jar = await ws.readJar();
    expect(jar).not.toContain('Cookies.oidc');
    expect(jar).toContain('theme\tdark');

    const report = reportOf(ran);
    expect(report).toMatchObject({ signedOut: ['Cookies.oidc', 'oidc'], authenticated: true, response: { status: 302 } });
    const location = new URL((report.response as { location: string }).location);
    expect(`${location.origin}${location.pathname}`).toBe(`${idp.issuer}/session/end`);
    expect(location.searchParams.get('id_token_hint')).toBe('***');
    expect(location.searchParams.get('post_logout_redirect_uri')).toBe(`${APP}/signout-callback-oidc`);
    expect(location.searchParams.get('client_id')).toBe(idp.clientId);
    // the state is a secret (it completes the logout): shown redacted, kept in the store
    expect(location.searchParams.get('state')).toBe('***');
    const store = await TokenStore.open(ws.tokens);
    const [state] = store.pendingLogoutStates();
    expect(state).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(store.peekPendingLogout(state)).toMatchObject({ scheme: 'oidc', redirectUri: `${APP}/signed-out` });
    expect(store.get('oidc', APP)).toBeUndefined();

    // -Verbose names each HTTP request (discovery).
    expect(ran.result.verbose).toContain(`HTTP GET ${idp.issuer}/.well-known/openid-configuration -> 200`);
    for (const secret of secrets()) expect(ran.everything).not.toContain(secret);

    // The provider accepts what kr sent: the logout form, then a 303 to the registered callback with the state.
    const real = new URL(location);
    real.searchParams.set('id_token_hint', login.tokens.id_token);
    real.searchParams.set('state', state);
    const page = await fetch(real, { headers: { cookie: await login.jar.getCookieString(real.href) } });
    expect(page.status).toBe(200);
    const form = parseFirstForm(await page.text(), real)!;
    const confirm = await fetch(form.action, {
      method: 'POST',
      headers: { cookie: await login.jar.getCookieString(form.action.href), 'content-type': 'application/x-www-form-urlencoded' },
      body: form.fields.toString(),
      redirect: 'manual',
    });
    expect(confirm.status).toBe(303);
    expect(confirm.headers.get('location')).toBe(`${APP}/signout-callback-oidc?state=${state}`);
  });

  it('-WhatIf plans the logout without touching the jar or the token store', async () => {
    await setUp();
    const jarBefore = await readFile(ws.jar);
    const storeBefore = await readFile(ws.tokens);
    const ran = await ws.run("Invoke-KrCookieSignOut -Scheme 'oidc' -AuthKind Oidc -WhatIf", { settings: { config: ws.config }, env: env() });
    expect(ran.result.exitCode).toBe(0);
    expect((await readFile(ws.jar)).equals(jarBefore)).toBe(true);
    expect((await readFile(ws.tokens)).equals(storeBefore)).toBe(true);
    const report = reportOf(ran);
    expect(report).toMatchObject({ whatIf: true, response: { status: 302 } });
    expect((report.removed as unknown[]).length).toBe(3);
    expect((report.response as { location: string }).location).toContain(`${idp.issuer}/session/end?id_token_hint=***`);
    for (const secret of secrets()) expect(ran.everything).not.toContain(secret);
  });

  it('fails with exit 1 and leaves the jar intact when the IdP cannot be reached', async () => {
    const before = await setUp('http://127.0.0.1:9');
    const ran = await ws.run("Invoke-KrCookieSignOut -Scheme 'oidc' -AuthKind Oidc", { settings: { config: ws.config }, env: env() });
    expect(ran.result.exitCode).toBe(1);
    expect(ran.result.errors[0].errorId).toBe('OidcDiscoveryFailed,Invoke-KrCookieSignOut');
    expect(ran.result.errors[0].message).toContain('http://127.0.0.1:9');
    expect(await ws.readJar()).toBe(before);
  });

  it("fails with ASP.NET's text (exit 1) when the provider has no end-session endpoint", async () => {
    const bare = await startIdp({ endSession: false });
    try {
      const before = await setUp(bare.issuer);
      const ran = await ws.run("Invoke-KrCookieSignOut -Scheme 'oidc' -AuthKind Oidc", { settings: { config: ws.config }, env: env() });
      expect(ran.result.exitCode).toBe(1);
      expect(ran.result.errors[0].message).toBe(END_SESSION_MISSING_MESSAGE);
      expect(await ws.readJar()).toBe(before);
    } finally {
      await bare.close();
    }
  });

  it('without a config the Oidc scheme is not registered: ASP.NET message, exit 1', async () => {
    const before = await ws.writeJar(chunkedAuthCookie('.AspNetCore.Cookies.oidc', 1));
    const ran = await ws.run("Invoke-KrCookieSignOut -Scheme 'oidc' -AuthKind Oidc");
    expect(ran.result.exitCode).toBe(1);
    expect(ran.result.errors[0].message).toMatch(/^No sign-out authentication handler is registered for the scheme 'oidc'\./);
    expect(await ws.readJar()).toBe(before);
  });
});

describe('Invoke-KrCookieSignOut -OidcScheme (deprecated)', () => {
  it('warns with the new form and keeps the old semantics: sign out -Scheme, then the OIDC scheme, then 302', async () => {
    await setUp(idp.issuer, '.AspNetCore.Cookies');
    const ran = await ws.run("Invoke-KrCookieSignOut -OidcScheme 'oidc' -RedirectUri '/'", { settings: { config: ws.config }, env: env() });
    expect(ran.result.exitCode).toBe(0);
    expect(ran.result.warnings).toEqual([
      "-OidcScheme is deprecated; use -Scheme <name> -AuthKind Oidc instead (e.g. -Scheme 'oidc' -AuthKind Oidc).",
    ]);
    expect(await ws.readJar()).not.toContain('.AspNetCore.Cookies');
    const report = reportOf(ran);
    expect(report).toMatchObject({ signedOut: ['Cookies', 'oidc'], response: { status: 302 } });
    expect((report.response as { location: string }).location.startsWith(`${idp.issuer}/session/end?`)).toBe(true);
  });
});

describe('Invoke-KrCookieSignOut -AuthKind OAuth2 with revocation', () => {
  it('revokes the saved access token at the configured endpoint (RFC 7009) and redirects', async () => {
    const fresh = await loginThroughIdp({ issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, redirectUri: `${APP}/signin-oidc` });
    await setUp(idp.issuer, '.AspNetCore.Cookies.github');
    const store = await TokenStore.open(ws.tokens);
    store.set('github', APP, { access_token: fresh.tokens.access_token });
    await store.save();
    expect((await idp.introspect(fresh.tokens.access_token)).active).toBe(true);

    const ran = await ws.run("Invoke-KrCookieSignOut -Scheme 'github' -AuthKind OAuth2 -RedirectUri '/bye' -Verbose", {
      settings: { config: ws.config },
      env: env(),
    });
    expect(ran.result.errors).toEqual([]);
    expect(reportOf(ran)).toMatchObject({ signedOut: ['Cookies.github'], revoked: ['access_token'], response: { status: 302, location: '/bye' } });
    expect((await idp.introspect(fresh.tokens.access_token)).active).toBe(false);
    expect((await TokenStore.open(ws.tokens)).get('github', APP)).toBeUndefined();
    expect(await ws.readJar()).not.toContain('Cookies.github');
    expect(ran.result.verbose.some((v) => v.startsWith(`HTTP POST ${idp.issuer}/token/revocation -> 200`))).toBe(true);
    expect(ran.everything).not.toContain(fresh.tokens.access_token);
    expect(ran.everything).not.toContain(idp.clientSecret);
  });
});
