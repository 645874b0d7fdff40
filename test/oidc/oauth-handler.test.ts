// OAuthHandler: ASP.NET's "cannot sign out" through the service, and RFC 7009 revocation
// of the tokens kr knows, against a real oidc-provider (introspection says inactive after).

import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KrConfig } from '../../src/config/types.js';
import { AuthenticationProperties } from '../../src/aspnet/authentication-properties.js';
import { buildAuthenticationService } from '../../src/aspnet/build-service.js';
import { HttpContext } from '../../src/aspnet/context.js';
import { OAuthHandler, oauthHandlerFactory } from '../../src/aspnet/oauth-handler.js';
import type { HttpTraceEntry } from '../../src/aspnet/openid.js';
import { TokenStore } from '../../src/aspnet/token-store.js';
import { isKrError } from '../../src/params/errors.js';
import { startIdp } from '../support/idp.js';
import type { Idp } from '../support/idp.js';
import { loginThroughIdp } from '../support/oidc-login.js';

const APP = 'http://127.0.0.1:5997';
const CANARY = 'canary-access-token-5e8b21';

describe('OAuthHandler', () => {
  let idp: Idp;
  let dir: string;
  let store: TokenStore;

  beforeAll(async () => {
    idp = await startIdp({ redirectUris: [`${APP}/signin-oauth`] });
  });
  afterAll(() => idp.close());
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kr-oauth-'));
    store = await TokenStore.open(join(dir, 'tokens.json'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const env = () => ({ KR_TEST_SECRET: idp.clientSecret });
  const settings = () => ({
    clientId: idp.clientId,
    clientSecretEnv: 'KR_TEST_SECRET',
    revocationEndpoint: `${idp.issuer}/token/revocation`,
  });

  it("cannot sign out through the service, with ASP.NET's text", async () => {
    const config: KrConfig = {
      file: join(dir, 'kr.json'),
      schemes: new Map([['github', { kind: 'OAuth2', ...settings() }]]) as KrConfig['schemes'],
    };
    const service = buildAuthenticationService(config, 'github', 'OAuth2', {
      env: env(),
      factories: { OAuth2: oauthHandlerFactory({ tokenStore: store }) },
    });
    expect(service.getScheme('github')?.handler).toBeInstanceOf(OAuthHandler);
    const error = await service
      .signOut(new HttpContext({ url: `${APP}/` }), 'github', new AuthenticationProperties())
      .catch((e: unknown) => e);
    expect(isKrError(error) && error.errorId).toBe('SignOutHandlerNotSupported');
    expect((error as Error).message).toContain("is 'OAuthHandler`1' which cannot be used for SignOutAsync");
  });

  it('revokes the saved refresh and access tokens, reports the types and removes them from the store', async () => {
    const login = await loginThroughIdp({
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      redirectUri: `${APP}/signin-oauth`,
    });
    store.set('github', APP, { access_token: login.tokens.access_token, refresh_token: login.tokens.refresh_token });
    const http: HttpTraceEntry[] = [];
    const steps: string[] = [];
    const handler = new OAuthHandler('github', settings(), { tokenStore: store, env: env(), trace: (e) => http.push(e) });
    const context = new HttpContext({ url: `${APP}/somewhere`, trace: (s) => steps.push(s) });
    expect(await handler.pendingRevocation(context)).toEqual(['refresh_token', 'access_token']);

    const report = await handler.revokeTokens(context);
    expect(report).toEqual({
      scheme: 'github',
      endpoint: `${idp.issuer}/token/revocation`,
      revoked: ['refresh_token', 'access_token'],
      tokensRemoved: true,
    });
    expect((await idp.introspect(login.tokens.access_token)).active).toBe(false);
    expect((await idp.introspect(login.tokens.refresh_token!)).active).toBe(false);
    expect((await TokenStore.open(store.path)).get('github', APP)).toBeUndefined();
    expect(http.map((e) => `${e.method} ${e.url} ${e.status}`)).toEqual([
      `POST ${idp.issuer}/token/revocation 200`,
      `POST ${idp.issuer}/token/revocation 200`,
    ]);
    const shown = JSON.stringify({ report, http, steps });
    expect(shown).not.toContain(login.tokens.access_token);
    expect(shown).not.toContain(login.tokens.refresh_token);
    expect(shown).not.toContain(idp.clientSecret);
  });

  it("finds the revocation endpoint in the issuer's metadata", async () => {
    const login = await loginThroughIdp({
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      redirectUri: `${APP}/signin-oauth`,
    });
    store.set('github', APP, { access_token: login.tokens.access_token });
    const handler = new OAuthHandler(
      'github',
      { clientId: idp.clientId, clientSecretEnv: 'KR_TEST_SECRET', authority: idp.issuer },
      { tokenStore: store, env: env() },
    );
    const report = await handler.revokeTokens(new HttpContext({ url: `${APP}/` }));
    expect(report.revoked).toEqual(['access_token']);
    expect((await idp.introspect(login.tokens.access_token)).active).toBe(false);
  });

  it('skips, and keeps the tokens, when no endpoint is known; skips when no tokens are known', async () => {
    store.set('github', APP, { access_token: CANARY });
    const noEndpoint = new OAuthHandler('github', { clientId: 'c' }, { tokenStore: store });
    expect(await noEndpoint.revokeTokens(new HttpContext({ url: `${APP}/` }))).toEqual({
      scheme: 'github',
      revoked: [],
      tokensRemoved: false,
      skipped: 'no-endpoint',
    });
    expect(store.get('github', APP)).toEqual({ access_token: CANARY });

    const noTokens = new OAuthHandler('other', settings(), { tokenStore: store, env: env() });
    expect((await noTokens.revokeTokens(new HttpContext({ url: `${APP}/` }))).skipped).toBe('no-tokens');
  });

  describe('when the server refuses', () => {
    let echo: Server;
    let endpoint: string;
    beforeAll(async () => {
      // A hostile-ish server that echoes the request body (the token) in its error description.
      echo = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'invalid_request', error_description: `bad request: ${decodeURIComponent(body)}` }));
        });
      });
      await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
      endpoint = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/revoke`;
    });
    afterAll(async () => {
      echo.closeAllConnections();
      await new Promise<void>((resolve) => echo.close(() => resolve()));
    });

    it('fails with OAuthRevocationFailed naming the endpoint, never the token or the secret, and keeps the store', async () => {
      store.set('github', APP, { access_token: CANARY });
      const http: HttpTraceEntry[] = [];
      const handler = new OAuthHandler(
        'github',
        { clientId: 'c', clientSecretEnv: 'S', revocationEndpoint: endpoint, tokenEndpointAuthMethod: 'client_secret_post' },
        { tokenStore: store, env: { S: 'canary-secret-0c4d' }, trace: (e) => http.push(e) },
      );
      const error = await handler.revokeTokens(new HttpContext({ url: `${APP}/` })).catch((e: unknown) => e);
      expect(isKrError(error) && error.errorId).toBe('OAuthRevocationFailed');
      const message = (error as Error).message;
      expect(message).toContain(endpoint);
      expect(message).toContain('invalid_request');
      // The server echoed the token: it was scrubbed, not merely absent.
      expect(message).toContain('token=***');
      expect(message).not.toContain(CANARY);
      expect(message).not.toContain('canary-secret-0c4d');
      expect(JSON.stringify(http)).not.toContain(CANARY);
      expect(http).toEqual([{ method: 'POST', url: endpoint, status: 400 }]);
      expect(store.get('github', APP)).toEqual({ access_token: CANARY });
    });
  });
});
