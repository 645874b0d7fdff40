// Peer 3, RFC 7009 revocation at a real authorization server (oidc-provider with
// `revocation` on): tokens kr knows from its token store are revoked by
// `kr --follow ... Invoke-KrCookieSignOut -AuthKind OAuth2`, and introspection then says
// inactive. Failure: the server down, with the jar and the token store left as they were
// so the sign-out can be retried.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenStore } from '../../src/aspnet/token-store.js';
import { startIdp, type Idp } from '../support/idp.js';
import { loginThroughIdp, writeNetscapeJar, type LoginResult } from '../support/oidc-login.js';
import { ensureBuilt, errorsOf, reportOf, runKr, type KrRun } from './kr-process.js';
import { startRpApp, type RpApp } from './rp-app.js';

const SECRET_ENV = 'KR_E2E_OAUTH_SECRET';

let app: RpApp;
let idp: Idp;
let dir: string;

beforeAll(async () => {
  ensureBuilt();
  app = await startRpApp();
  idp = await startIdp({ redirectUris: [`${app.url}/signin-oidc`], revocation: true, introspection: true });
});
afterAll(async () => {
  await idp.close();
  await app.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kr-e2e-oauth-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const paths = () => ({ jar: join(dir, 'jar.txt'), tokens: join(dir, 'tokens.json'), config: join(dir, 'kr.json') });

async function signIn(revocationEndpoint: string): Promise<LoginResult> {
  const login = await loginThroughIdp({ issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, redirectUri: `${app.url}/signin-oidc` });
  const session = new URL(`${app.url}/test/session?scheme=github`);
  const response = await fetch(session);
  for (const line of response.headers.getSetCookie()) await login.jar.setCookie(line, session.href);
  await writeNetscapeJar(login.jar, paths().jar);
  const store = await TokenStore.open(paths().tokens);
  store.set('github', app.url, { access_token: login.tokens.access_token, refresh_token: login.tokens.refresh_token });
  await store.save();
  await writeFile(
    paths().config,
    JSON.stringify({
      url: `${app.url}/`,
      schemes: { github: { kind: 'OAuth2', clientId: idp.clientId, clientSecretEnv: SECRET_ENV, revocationEndpoint } },
    }),
  );
  return login;
}

function signOut(): Promise<KrRun> {
  const p = paths();
  return runKr(
    ['--follow', '--json', '--jar', p.jar, '--config', p.config, 'Invoke-KrCookieSignOut', '-Scheme', 'github', '-AuthKind', 'OAuth2', '-RedirectUri', '/bye'],
    { cwd: dir, env: { KR_TOKENS: p.tokens, [SECRET_ENV]: idp.clientSecret } },
  );
}

describe('kr Invoke-KrCookieSignOut -AuthKind OAuth2 with revocation', () => {
  it('revokes the refresh and access tokens it knows; introspection then says inactive', async () => {
    const login = await signIn(`${idp.issuer}/token/revocation`);
    const refresh = login.tokens.refresh_token!;
    expect(refresh).toBeDefined();
    expect((await idp.introspect(login.tokens.access_token)).active).toBe(true);
    expect((await idp.introspect(refresh)).active).toBe(true);

    const run = await signOut();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = reportOf(run);
    expect(report).toMatchObject({ signedOut: ['Cookies.github'], revoked: ['refresh_token', 'access_token'] });
    expect(report.follow).toMatchObject({ stoppedBecause: 'final-response', final: { url: `${app.url}/bye`, status: 200 } });
    for (const secret of [refresh, login.tokens.access_token, idp.clientSecret]) expect(run.stdout).not.toContain(secret);

    expect((await idp.introspect(refresh)).active).toBe(false);
    expect((await idp.introspect(login.tokens.access_token)).active).toBe(false);
    expect(await readFile(paths().jar, 'utf8')).not.toContain('.AspNetCore.Cookies.github');
    expect((await TokenStore.open(paths().tokens)).get('github', app.url)).toBeUndefined();
  });

  it('the server down: exits 1 naming the failed revocation; jar and token store byte-identical, the tokens still live', async () => {
    const down = await startIdp();
    await down.close();
    const login = await signIn(`${down.issuer}/token/revocation`);
    const jarBefore = await readFile(paths().jar);
    const tokensBefore = await readFile(paths().tokens);
    const run = await signOut();
    expect(run.status).toBe(1);
    const [error] = errorsOf(run);
    expect(error.errorId).toMatch(/^OAuthRevocationFailed/);
    expect(error.message).toContain('ECONNREFUSED');
    expect(await readFile(paths().jar)).toEqual(jarBefore);
    expect(await readFile(paths().tokens)).toEqual(tokensBefore);
    expect((await idp.introspect(login.tokens.refresh_token!)).active).toBe(true);
  });
});
