// OpenIdConnectHandler.signOut on the simulated HttpContext, plugged into the authentication
// service through its handler factory, against a real oidc-provider on 127.0.0.1.

import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KrConfig } from '../../src/config/types.js';
import { AuthenticationProperties } from '../../src/aspnet/authentication-properties.js';
import { buildAuthenticationService } from '../../src/aspnet/build-service.js';
import { HttpContext } from '../../src/aspnet/context.js';
import { OpenIdConnectHandler, oidcHandlerFactory } from '../../src/aspnet/oidc-handler.js';
import type { HttpTraceEntry } from '../../src/aspnet/openid.js';
import { TokenStore } from '../../src/aspnet/token-store.js';
import { isKrError } from '../../src/params/errors.js';
import { startIdp } from '../support/idp.js';
import type { Idp } from '../support/idp.js';
import { loginThroughIdp } from '../support/oidc-login.js';

const APP = 'http://127.0.0.1:5998';
const CANARY = 'eyJcanary.b4f1e0d2-not-a-real-token.sig';

describe('OpenIdConnectHandler', () => {
  let idp: Idp;
  let dir: string;
  let storePath: string;

  beforeAll(async () => {
    idp = await startIdp({
      redirectUris: [`${APP}/signin-oidc`],
      postLogoutRedirectUris: [`${APP}/signout-callback-oidc`, `${APP}/app/signout-callback-oidc`],
    });
  });
  afterAll(() => idp.close());
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kr-oidc-'));
    storePath = join(dir, 'tokens.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const configFor = (extra: Record<string, unknown> = {}): KrConfig => ({
    file: join(dir, 'kr.json'),
    schemes: new Map([['oidc', { kind: 'Oidc', authority: idp.issuer, clientId: idp.clientId, ...extra }]]) as KrConfig['schemes'],
  });

  it('redirects to the end-session endpoint with the saved id_token, the callback against PathBase, and kr state', async () => {
    const login = await loginThroughIdp({
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      redirectUri: `${APP}/signin-oidc`,
    });
    const seed = await TokenStore.open(storePath);
    seed.set('oidc', APP, { id_token: login.tokens.id_token, access_token: login.tokens.access_token });
    await seed.save();

    const store = await TokenStore.open(storePath);
    const http: HttpTraceEntry[] = [];
    const service = buildAuthenticationService(configFor(), 'oidc', 'Oidc', {
      factories: { Oidc: oidcHandlerFactory({ tokenStore: store, trace: (e) => http.push(e) }) },
    });
    const steps: string[] = [];
    const context = new HttpContext({ url: `${APP}/app/account/logout`, pathBase: '/app', trace: (s) => steps.push(s) });
    const properties = new AuthenticationProperties();
    properties.redirectUri = '/bye';
    await service.signOut(context, 'oidc', properties);

    expect(context.response.status).toBe(302);
    const location = new URL(context.response.location!);
    expect(location.origin + location.pathname).toBe(`${idp.issuer}/session/end`);
    expect(location.searchParams.get('id_token_hint')).toBe(login.tokens.id_token);
    expect(location.searchParams.get('post_logout_redirect_uri')).toBe(`${APP}/app/signout-callback-oidc`);
    expect(location.searchParams.get('client_id')).toBe(idp.clientId);
    const state = location.searchParams.get('state')!;
    expect(state).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    // The local cookie is not this handler's business.
    expect(context.response.setCookie).toEqual([]);

    const after = await TokenStore.open(storePath);
    expect(after.get('oidc', APP)).toBeUndefined();
    expect(after.peekPendingLogout(state)).toMatchObject({
      scheme: 'oidc',
      origin: APP,
      redirectUri: `${APP}/bye`,
      postLogoutRedirectUri: `${APP}/app/signout-callback-oidc`,
    });
    expect((await stat(storePath)).mode & 0o777).toBe(0o600);

    const record = context.signOuts.at(-1)!;
    expect(record).toMatchObject({ scheme: 'oidc', handlerTypeName: 'OpenIdConnectHandler', cookiesDeleted: [] });
    const shown = JSON.stringify({ steps, http, record });
    expect(shown).not.toContain(login.tokens.id_token);
    expect(shown).not.toContain(login.tokens.access_token);
    expect(http.map((e) => `${e.method} ${e.url} ${e.status}`)).toEqual([
      `GET ${idp.issuer}/.well-known/openid-configuration 200`,
    ]);

    // The provider accepts what kr sent: with the provider session it answers the logout form.
    const page = await fetch(location, { headers: { cookie: await login.jar.getCookieString(location.href) } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="logout" value="yes"');
  });

  it('defaults RedirectUri to SignedOutRedirectUri made absolute, and sends no hint when none is known', async () => {
    const store = await TokenStore.open(storePath);
    const handler = new OpenIdConnectHandler('oidc', { authority: idp.issuer, clientId: idp.clientId }, { tokenStore: store });
    const context = new HttpContext({ url: `${APP}/app/x`, pathBase: '/app' });
    await handler.signOut(context, new AuthenticationProperties());
    const location = new URL(context.response.location!);
    expect(location.searchParams.has('id_token_hint')).toBe(false);
    expect(handler.lastSignOut?.idTokenHint).toBeUndefined();
    expect(handler.lastSignOut?.redirectUri).toBe(`${APP}/app/`);
    expect((await TokenStore.open(storePath)).peekPendingLogout(location.searchParams.get('state')!)?.redirectUri).toBe(
      `${APP}/app/`,
    );
  });

  it('takes the one-shot hint from KR_ID_TOKEN (or the configured variable) over the store, never printing it', async () => {
    const store = await TokenStore.open(storePath);
    store.set('oidc', APP, { id_token: 'stored-id-token-value' });
    const steps: string[] = [];
    const handler = new OpenIdConnectHandler(
      'oidc',
      { authority: idp.issuer, clientId: idp.clientId, idTokenHintEnv: 'MY_HINT' },
      { tokenStore: store, env: { MY_HINT: CANARY, KR_ID_TOKEN: 'ignored' } },
    );
    const context = new HttpContext({ url: `${APP}/`, trace: (s) => steps.push(s) });
    await handler.signOut(context, new AuthenticationProperties());
    expect(new URL(context.response.location!).searchParams.get('id_token_hint')).toBe(CANARY);
    expect(handler.lastSignOut?.idTokenHint).toBe('env');
    expect(handler.lastSignOut?.redactedLocation).not.toContain(CANARY);
    expect(steps.join('\n')).not.toContain(CANARY);
    expect(steps.join('\n')).toContain('id_token_hint from the environment');
  });

  it('plans without touching the response or the token store (for -WhatIf)', async () => {
    const store = await TokenStore.open(storePath);
    store.set('oidc', APP, { id_token: CANARY });
    await store.save();
    const handler = new OpenIdConnectHandler('oidc', { authority: idp.issuer, clientId: idp.clientId }, { tokenStore: store });
    const context = new HttpContext({ url: `${APP}/` });
    const plan = await handler.plan(context, new AuthenticationProperties());
    expect(plan.idTokenHint).toBe('token-store');
    expect(plan.postLogoutRedirectUri).toBe(`${APP}/signout-callback-oidc`);
    expect(context.response.status).toBe(200);
    expect(context.response.location).toBeUndefined();
    expect(store.changed).toBe(false);
    expect((await TokenStore.open(storePath)).get('oidc', APP)).toEqual({ id_token: CANARY });
  });

  it("fails with ASP.NET's text when the provider has no end_session_endpoint", async () => {
    const bare = await startIdp({ endSession: false });
    try {
      const handler = new OpenIdConnectHandler('oidc', { authority: bare.issuer, clientId: bare.clientId });
      const context = new HttpContext({ url: `${APP}/` });
      const error = await handler.signOut(context, new AuthenticationProperties()).catch((e: unknown) => e);
      expect(isKrError(error) && error.errorId).toBe('OidcEndSessionEndpointMissing');
      expect((error as Error).message).toBe(
        'Cannot redirect to the end session endpoint, the configuration may be missing or invalid.',
      );
      expect(context.response.status).toBe(200);
    } finally {
      await bare.close();
    }
  });

  it('names the issuer when discovery fails, and leaves the token store alone', async () => {
    const store = await TokenStore.open(storePath);
    store.set('oidc', APP, { id_token: CANARY });
    await store.save();
    const down = await startIdp();
    const issuer = down.issuer;
    await down.close();
    const handler = new OpenIdConnectHandler(
      'oidc',
      { authority: issuer, clientId: 'c', clientSecretEnv: 'SECRET' },
      { tokenStore: store, env: { SECRET: 'canary-client-secret-99' } },
    );
    const error = await handler.signOut(new HttpContext({ url: `${APP}/` }), new AuthenticationProperties()).catch((e: unknown) => e);
    expect(isKrError(error) && error.errorId).toBe('OidcDiscoveryFailed');
    expect((error as Error).message).toContain(issuer);
    expect((error as Error).message).not.toContain(CANARY);
    expect((error as Error).message).not.toContain('canary-client-secret-99');
    expect((await TokenStore.open(storePath)).get('oidc', APP)).toEqual({ id_token: CANARY });
  });

  it('refuses a non-loopback http authority and a configured issuer that does not match', async () => {
    const insecure = new OpenIdConnectHandler('oidc', { authority: 'http://idp.example.test', clientId: 'c' });
    await expect(insecure.signOut(new HttpContext({ url: `${APP}/` }), new AuthenticationProperties())).rejects.toMatchObject({
      errorId: 'OidcInsecureIssuer',
    });
    const mismatch = new OpenIdConnectHandler('oidc', {
      metadataAddress: `${idp.issuer}/.well-known/openid-configuration`,
      issuer: 'http://127.0.0.1:1/',
      clientId: idp.clientId,
    });
    await expect(mismatch.signOut(new HttpContext({ url: `${APP}/` }), new AuthenticationProperties())).rejects.toMatchObject({
      errorId: 'OidcIssuerMismatch',
    });
  });

  it('is the registered Oidc handler once imported, using KR_TOKENS for its token store, opened on first use', async () => {
    const login = await loginThroughIdp({
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      redirectUri: `${APP}/signin-oidc`,
    });
    const seed = await TokenStore.open(storePath);
    seed.set('oidc', APP, { id_token: login.tokens.id_token });
    await seed.save();
    const service = buildAuthenticationService(configFor(), 'oidc', 'Oidc', { env: { KR_TOKENS: storePath } });
    const handler = service.getScheme('oidc')?.handler;
    expect(handler).toBeInstanceOf(OpenIdConnectHandler);
    const context = new HttpContext({ url: `${APP}/` });
    await service.signOut(context, 'oidc', new AuthenticationProperties());
    expect(new URL(context.response.location!).searchParams.get('id_token_hint')).toBe(login.tokens.id_token);
    expect((await TokenStore.open(storePath)).get('oidc', APP)).toBeUndefined();
  });
});
