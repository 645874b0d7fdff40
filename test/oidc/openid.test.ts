// src/aspnet/openid.ts against a real oidc-provider on 127.0.0.1: discovery and its transport
// rule, the end-session URL (and the provider's verdict on it), revocation, redaction.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isKrError } from '../../src/params/errors.js';
import type { KrError } from '../../src/params/errors.js';
import {
  END_SESSION_MISSING_MESSAGE,
  discover,
  endSessionUrl,
  isLoopbackHost,
  redactUrl,
  revoke,
} from '../../src/aspnet/openid.js';
import type { HttpTraceEntry } from '../../src/aspnet/openid.js';
import { startIdp } from '../support/idp.js';
import type { Idp } from '../support/idp.js';
import { loginThroughIdp, parseFirstForm } from '../support/oidc-login.js';
import type { LoginResult } from '../support/oidc-login.js';

const APP = 'http://127.0.0.1:5999';
const CALLBACK = `${APP}/signout-callback-oidc`;

async function rejection(promise: Promise<unknown>): Promise<KrError> {
  try {
    await promise;
  } catch (error) {
    if (isKrError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('openid: against a real OpenID Provider', () => {
  let idp: Idp;
  let login: LoginResult;

  beforeAll(async () => {
    idp = await startIdp({ redirectUris: [`${APP}/signin-oidc`], postLogoutRedirectUris: [CALLBACK] });
    login = await loginThroughIdp({
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      redirectUri: `${APP}/signin-oidc`,
    });
  });
  afterAll(() => idp.close());

  it('discovers a loopback http issuer and traces the request', async () => {
    const trace: HttpTraceEntry[] = [];
    const config = await discover(new URL(idp.issuer), idp.clientId, idp.clientSecret, { trace: (e) => trace.push(e) });
    expect(config.serverMetadata().issuer).toBe(idp.issuer);
    expect(config.serverMetadata().end_session_endpoint).toBe(`${idp.issuer}/session/end`);
    expect(trace).toEqual([{ method: 'GET', url: `${idp.issuer}/.well-known/openid-configuration`, status: 200 }]);
  });

  it('refuses a non-loopback http issuer before making any request', async () => {
    const trace: HttpTraceEntry[] = [];
    const before = idp.requests.length;
    for (const issuer of ['http://idp.example.test', 'http://127.0.0.1.example.test:8080', 'http://10.0.0.1']) {
      const error = await rejection(discover(new URL(issuer), 'c', undefined, { trace: (e) => trace.push(e) }));
      expect(error.errorId).toBe('OidcInsecureIssuer');
      expect(error.exitCode).toBe(1);
      expect(error.message).toContain(new URL(issuer).href);
    }
    expect(trace).toEqual([]);
    expect(idp.requests.length).toBe(before);
  });

  it('knows which hosts are loopback', () => {
    for (const host of ['127.0.0.1', '127.255.0.9', 'localhost', 'app.localhost', '[::1]', '::1']) {
      expect(isLoopbackHost(host)).toBe(true);
    }
    for (const host of ['128.0.0.1', '127.0.0.1.nip.io', 'localhost.example', '10.0.0.1', '::2', '127.0.0.256']) {
      expect(isLoopbackHost(host)).toBe(false);
    }
  });

  it('turns an unreachable issuer into OidcDiscoveryFailed naming the issuer and the cause', async () => {
    const issuer = `http://127.0.0.1:${await closedPort()}`;
    const trace: HttpTraceEntry[] = [];
    const error = await rejection(discover(new URL(issuer), 'c', 'canary-secret-3c1f9', { trace: (e) => trace.push(e) }));
    expect(error.errorId).toBe('OidcDiscoveryFailed');
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain(`'${issuer}/'`);
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message).not.toContain('canary-secret-3c1f9');
    expect(trace).toHaveLength(1);
    expect(trace[0].error).toMatch(/ECONNREFUSED/);
  });

  it('turns a server that is not an OpenID Provider into OidcDiscoveryFailed', async () => {
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"nope":1}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const error = await rejection(discover(new URL(issuer), 'c'));
      expect(error.errorId).toBe('OidcDiscoveryFailed');
      expect(error.message).toContain(issuer);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('a discovery endpoint that answers 500 is named with its URL and status, not "unexpected HTTP status code"', async () => {
    const server = createServer((_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end('boom'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const error = await rejection(discover(new URL(issuer), 'c'));
      expect(error.errorId).toBe('OidcDiscoveryFailed');
      expect(error.message).toContain(`${issuer}/.well-known/openid-configuration answered 500 Internal Server Error`);
      expect(error.message).not.toMatch(/unexpected HTTP/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('builds an end-session URL with id_token_hint, post_logout_redirect_uri, state and client_id', async () => {
    const config = await discover(new URL(idp.issuer), idp.clientId);
    const url = await endSessionUrl(config, { idTokenHint: login.tokens.id_token, postLogoutRedirectUri: CALLBACK, state: 'st-1' });
    expect(url.origin + url.pathname).toBe(`${idp.issuer}/session/end`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      id_token_hint: login.tokens.id_token,
      post_logout_redirect_uri: CALLBACK,
      state: 'st-1',
      client_id: idp.clientId,
    });
    const shown = redactUrl(url);
    expect(shown).not.toContain(login.tokens.id_token);
    expect(new URL(shown).searchParams.get('id_token_hint')).toBe('***');
    expect(new URL(shown).searchParams.get('state')).toBe('***');
  });

  it('sends logout_hint when the user is known, and client_id with or without an id token', async () => {
    const config = await discover(new URL(idp.issuer), idp.clientId);
    const url = await endSessionUrl(config, { logoutHint: 'user@example.test', postLogoutRedirectUri: CALLBACK, state: 'st-2' });
    expect(Object.fromEntries(url.searchParams)).toEqual({ logout_hint: 'user@example.test', post_logout_redirect_uri: CALLBACK, state: 'st-2', client_id: idp.clientId });
  });

  it('is accepted by the provider (logout form with the session) and completes to the callback with state', async () => {
    const config = await discover(new URL(idp.issuer), idp.clientId);
    const url = await endSessionUrl(config, { idTokenHint: login.tokens.id_token, postLogoutRedirectUri: CALLBACK, state: 'st-2' });
    const cookie = await login.jar.getCookieString(url.href);
    expect(cookie).toContain('_session=');
    const page = await fetch(url, { headers: { cookie }, redirect: 'manual' });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/oops|error/i);
    const form = parseFirstForm(html, url);
    expect(form?.action.href).toBe(`${idp.issuer}/session/end/confirm`);
    expect(form?.fields.get('logout')).toBe('yes');
    expect(form?.fields.get('xsrf')).toBeTruthy();
    expect(html).toMatch(/document\.forms\[0\]\.submit\(\)/);
    // Only hidden fields: nothing a person has to fill in.
    expect(html.match(/<input\b[^>]*>/g)?.every((input) => /type="hidden"/.test(input))).toBe(true);
    for (const line of page.headers.getSetCookie()) await login.jar.setCookie(line, url.href, { ignoreError: true });

    const confirm = await fetch(form!.action, {
      method: 'POST',
      headers: { cookie: await login.jar.getCookieString(form!.action.href), 'content-type': 'application/x-www-form-urlencoded' },
      body: form!.fields.toString(),
      redirect: 'manual',
    });
    expect(confirm.status).toBe(303);
    expect(confirm.headers.get('location')).toBe(`${CALLBACK}?state=st-2`);
    for (const line of confirm.headers.getSetCookie()) await login.jar.setCookie(line, form!.action.href, { ignoreError: true });
    expect(await login.jar.getCookieString(idp.issuer)).not.toMatch(/(^|; )_session=/);
  });

  it('is rejected by the provider when post_logout_redirect_uri is not registered', async () => {
    const config = await discover(new URL(idp.issuer), idp.clientId);
    const url = await endSessionUrl(config, {
      postLogoutRedirectUri: `${APP}/not-registered`,
      state: 'st-3',
    });
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('post_logout_redirect_uri not registered');
  });

  it("uses ASP.NET's text when the provider has no end_session_endpoint", async () => {
    const bare = await startIdp({ endSession: false });
    try {
      const config = await discover(new URL(bare.issuer), bare.clientId);
      expect(config.serverMetadata().end_session_endpoint).toBeUndefined();
      const error = await rejection(endSessionUrl(config, { postLogoutRedirectUri: CALLBACK, state: 's' }));
      expect(error.errorId).toBe('OidcEndSessionEndpointMissing');
      expect(error.message).toBe(END_SESSION_MISSING_MESSAGE);
      expect(error.message).toBe('Cannot redirect to the end session endpoint, the configuration may be missing or invalid.');
      expect(error.exitCode).toBe(1);
    } finally {
      await bare.close();
    }
  });

  it('revokes a real access token and a real refresh token (introspection: inactive)', async () => {
    const fresh = await loginThroughIdp({
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      redirectUri: `${APP}/signin-oidc`,
    });
    expect(fresh.tokens.refresh_token).toBeTruthy();
    expect((await idp.introspect(fresh.tokens.access_token)).active).toBe(true);
    expect((await idp.introspect(fresh.tokens.refresh_token!)).active).toBe(true);

    const trace: HttpTraceEntry[] = [];
    const config = await discover(new URL(idp.issuer), idp.clientId, idp.clientSecret, { trace: (e) => trace.push(e) });
    await revoke(config, fresh.tokens.access_token, 'access_token');
    expect((await idp.introspect(fresh.tokens.access_token)).active).toBe(false);
    await revoke(config, fresh.tokens.refresh_token!, 'refresh_token');
    expect((await idp.introspect(fresh.tokens.refresh_token!)).active).toBe(false);
    expect(trace.map((e) => `${e.method} ${e.url} ${e.status}`)).toEqual([
      `GET ${idp.issuer}/.well-known/openid-configuration 200`,
      `POST ${idp.issuer}/token/revocation 200`,
      `POST ${idp.issuer}/token/revocation 200`,
    ]);
    expect(JSON.stringify(trace)).not.toContain(fresh.tokens.access_token);
  });

  it('says clearly when the provider has no revocation endpoint', async () => {
    const bare = await startIdp({ revocation: false });
    try {
      const config = await discover(new URL(bare.issuer), bare.clientId, bare.clientSecret);
      const error = await rejection(revoke(config, 'canary-token-8d2e', 'access_token'));
      expect(error.errorId).toBe('OAuthRevocationEndpointMissing');
      expect(error.message).toContain(bare.issuer);
      expect(error.message).not.toContain('canary-token-8d2e');
    } finally {
      await bare.close();
    }
  });
});

describe('openid: redaction', () => {
  it('redacts token-bearing query values and passwords, keeps the rest', () => {
    expect(redactUrl('https://idp.test/cb?code=abc&state=s1&iss=x')).toBe('https://idp.test/cb?code=***&state=***&iss=x');
    expect(redactUrl('https://u:pw@idp.test/?access_token=a&Refresh_Token=b')).toBe(
      'https://u:***@idp.test/?access_token=***&Refresh_Token=***',
    );
    expect(redactUrl('https://idp.test/path')).toBe('https://idp.test/path');
    expect(redactUrl('not a url')).toBe('***');
  });
});
