// Peer 2, a real OpenID Provider (oidc-provider on 127.0.0.1) and an app playing the relying
// party (127.0.0.2): sign in through the provider's dev interactions (code + PKCE) keeping
// every cookie in one jar, then `kr --follow ... Invoke-KrCookieSignOut -AuthKind Oidc`
// ends the app session, completes RP-initiated logout at the provider (its auto-submit
// form), lands on the callback and then on -RedirectUri. Afterwards the provider asks for a
// login again. Failures: the provider down, and the provider refusing the redirect.

import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenStore } from '../../src/aspnet/token-store.js';
import { IDP_SESSION_COOKIE, startIdp, type Idp } from '../support/idp.js';
import { loginThroughIdp, writeNetscapeJar, type LoginResult } from '../support/oidc-login.js';
import { cookieValues, ensureBuilt, errorsOf, reportOf, runKr, toughJarFromFile, type KrRun } from './kr-process.js';
import { startRpApp, type RpApp } from './rp-app.js';

const SECRET_ENV = 'KR_E2E_OIDC_SECRET';

let app: RpApp;
let idp: Idp;
let dir: string;

beforeAll(async () => {
  ensureBuilt();
  app = await startRpApp();
  idp = await startIdp({ redirectUris: [`${app.url}/signin-oidc`], postLogoutRedirectUris: [`${app.url}/signout-callback-oidc`] });
});
afterAll(async () => {
  await idp.close();
  await app.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kr-e2e-oidc-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const paths = () => ({ jar: join(dir, 'jar.txt'), tokens: join(dir, 'tokens.json'), config: join(dir, 'kr.json') });

/** What a CI login script does: log in at the provider, get the app's session cookie, save the id token for kr. */
async function signIn(config: Record<string, unknown> = {}, provider: Idp = idp): Promise<LoginResult> {
  const login = await loginThroughIdp({ issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret, redirectUri: `${app.url}/signin-oidc` });
  const session = new URL(`${app.url}/test/session?scheme=oidc`);
  const response = await fetch(session, { headers: { cookie: await login.jar.getCookieString(session.href) } });
  for (const line of response.headers.getSetCookie()) await login.jar.setCookie(line, session.href);
  await writeNetscapeJar(login.jar, paths().jar);
  const store = await TokenStore.open(paths().tokens);
  store.set('oidc', app.url, { id_token: login.tokens.id_token });
  await store.save();
  await writeFile(
    paths().config,
    JSON.stringify({
      url: `${app.url}/`,
      schemes: { oidc: { kind: 'Oidc', authority: provider.issuer, clientId: provider.clientId, clientSecretEnv: SECRET_ENV, ...config } },
    }),
  );
  return login;
}

function signOut(extra: string[] = [], cmdletArgs: string[] = [], provider: Idp = idp): Promise<KrRun> {
  const p = paths();
  return runKr(
    ['--follow', '--json', '--jar', p.jar, '--url', `${app.url}/`, '--config', p.config, ...extra, 'Invoke-KrCookieSignOut', '-Scheme', 'oidc', '-AuthKind', 'Oidc', '-RedirectUri', '/bye', ...cmdletArgs],
    { cwd: dir, env: { KR_TOKENS: p.tokens, [SECRET_ENV]: provider.clientSecret } },
  );
}

/** Whether the provider still has a session for the jar: a new authorization needs no login. */
async function providerSessionAlive(provider: Idp): Promise<boolean> {
  const again = await loginThroughIdp({
    issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret, redirectUri: `${app.url}/signin-oidc`,
    jar: await toughJarFromFile(paths().jar),
  });
  return again.prompts.length === 0;
}

const jarNames = async () =>
  (await readFile(paths().jar, 'utf8'))
    .split('\n')
    .filter((line) => line.includes('\t'))
    .map((line) => line.split('\t')[5]);

function expectNoSecrets(run: KrRun, secrets: readonly string[]): void {
  for (const secret of secrets) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
}

describe('kr --follow Invoke-KrCookieSignOut -AuthKind Oidc against oidc-provider', () => {
  it('signs out of the app and the provider, lands on -RedirectUri, and the provider asks for a login again', async () => {
    const login = await signIn();
    expect(login.prompts).toEqual(['login', 'consent']);
    expect(await jarNames()).toEqual(expect.arrayContaining(['.AspNetCore.Cookies.oidc', IDP_SESSION_COOKIE]));
    // control: while the provider session lives, a new authorization needs no login
    const again = await loginThroughIdp({
      issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, redirectUri: `${app.url}/signin-oidc`,
      jar: await toughJarFromFile(paths().jar),
    });
    expect(again.prompts).toEqual([]);
    const secrets = [...(await cookieValues(paths().jar)), login.tokens.id_token, idp.clientSecret];
    const seenByIdp = idp.requests.length;

    const run = await signOut();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = reportOf(run);
    expect(report.signedOut).toEqual(['Cookies.oidc', 'oidc']);
    const follow = report.follow!;
    expect(follow.stoppedBecause).toBe('final-response');
    expect(follow.final).toEqual({ url: `${app.url}/bye`, status: 200 });
    const steps = follow.hops.map((h) => [h.method, new URL(h.url).origin + new URL(h.url).pathname, h.status, h.via]);
    expect(steps).toEqual([
      ['GET', `${idp.issuer}/session/end`, 200, 'redirect'],
      ['POST', `${idp.issuer}/session/end/confirm`, 303, 'form'],
      ['GET', `${app.url}/signout-callback-oidc`, 200, 'redirect'],
      ['GET', `${app.url}/bye`, 200, 'signed-out-callback'],
    ]);
    expect(follow.hops[1].removed).toContain(IDP_SESSION_COOKIE);
    const shownEnd = new URL(follow.hops[0].url);
    expect(shownEnd.searchParams.get('id_token_hint')).toBe('***');
    expect(shownEnd.searchParams.get('post_logout_redirect_uri')).toBe(`${app.url}/signout-callback-oidc`);

    // the provider really got the id token as id_token_hint, and the registered post-logout redirect
    const end = idp.requests.slice(seenByIdp).map((r) => new URL(r.url, idp.issuer)).find((u) => u.pathname === '/session/end')!;
    expect(end.searchParams.get('id_token_hint')).toBe(login.tokens.id_token);
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${app.url}/signout-callback-oidc`);
    // the provider's cookies never went to the app, and the app's never to the provider
    expect(app.cookiesSentTo('/signout-callback-oidc')).not.toContain(IDP_SESSION_COOKIE);
    if (app.host !== '127.0.0.1') expect(app.cookiesSentTo('/bye')).toEqual([]);
    expect(idp.serverErrors).toEqual([]);

    // the jar: app session and provider session gone; the pending logout used up, the tokens forgotten
    const names = await jarNames();
    expect(names).not.toContain('.AspNetCore.Cookies.oidc');
    expect(names).not.toContain(IDP_SESSION_COOKIE);
    const store = await TokenStore.open(paths().tokens);
    expect(store.get('oidc', app.url)).toBeUndefined();
    expect(JSON.parse(await readFile(paths().tokens, 'utf8')).pendingLogouts).toEqual({});
    expectNoSecrets(run, secrets);

    // a new authorization request asks for a login again
    const after = await loginThroughIdp({
      issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, redirectUri: `${app.url}/signin-oidc`,
      jar: await toughJarFromFile(paths().jar),
    });
    expect(after.prompts[0]).toBe('login');
  });

  it('prints each hop for a person', async () => {
    await signIn();
    const p = paths();
    const run = await runKr(
      ['--follow', '--jar', p.jar, '--config', p.config, 'Invoke-KrCookieSignOut', '-Scheme', 'oidc', '-AuthKind', 'Oidc', '-RedirectUri', '/bye'],
      { cwd: dir, env: { KR_TOKENS: p.tokens, [SECRET_ENV]: idp.clientSecret } },
    );
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(new RegExp(`^Follow: POST ${idp.issuer}/session/end/confirm -> 303, .*removed .*${IDP_SESSION_COOKIE}`, 'm'));
    expect(run.stdout).toContain(`Follow: 4 requests, stopped at ${app.url}/bye (200): final-response`);
  });

  it('the provider down: exits 1 naming the failed discovery, and the jar and token store stay byte-identical', async () => {
    const down = await startIdp();
    await down.close();
    await signIn({ authority: down.issuer });
    const jarBefore = await readFile(paths().jar);
    const tokensBefore = await readFile(paths().tokens);
    const run = await signOut();
    expect(run.status).toBe(1);
    const [error] = errorsOf(run);
    expect(error.errorId).toMatch(/^OidcDiscoveryFailed/);
    expect(error.message).toContain('ECONNREFUSED');
    expect(await readFile(paths().jar)).toEqual(jarBefore);
    expect(await readFile(paths().tokens)).toEqual(tokensBefore);
  });

  it('the provider refusing the post-logout redirect: exits 1 with its reason; the app cookie is gone, the provider session (honestly) not', async () => {
    const login = await signIn({ signedOutCallbackPath: '/not-registered-callback' });
    const secrets = [...(await cookieValues(paths().jar)), login.tokens.id_token];
    const copy = join(dir, 'before.txt');
    await copyFile(paths().jar, copy);
    const run = await signOut();
    expect(run.status).toBe(1);
    const [error] = errorsOf(run);
    expect(error.errorId).toMatch(/^FollowErrorStatus/);
    expect(error.message).toContain('post_logout_redirect_uri not registered');
    expect(error.message).toContain(`GET ${idp.issuer}/session/end?`);
    expect(reportOf(run).follow).toMatchObject({ stoppedBecause: 'error-status', final: { status: 400 } });
    expectNoSecrets(run, secrets);

    // saved up to the failure: the app's linked cookie is gone; the provider re-sent its session
    // cookie on the way (same value, a rolling expiry); every other line is as it was
    const session = /\t_session(\.sig)?\t/;
    const withoutExpiry = (line: string) => line.split('\t').filter((_, i) => i !== 4).join('\t');
    const before = (await readFile(copy, 'utf8')).split('\n');
    const after = (await readFile(paths().jar, 'utf8')).split('\n');
    expect(after.filter((line) => !session.test(line))).toEqual(
      before.filter((line) => !line.includes('\t.AspNetCore.Cookies.oidc\t') && !session.test(line)),
    );
    expect(after.filter((line) => session.test(line)).map(withoutExpiry)).toEqual(before.filter((line) => session.test(line)).map(withoutExpiry));
    expect(await jarNames()).toContain(IDP_SESSION_COOKIE);
    const still = await loginThroughIdp({
      issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, redirectUri: `${app.url}/signin-oidc`,
      jar: await toughJarFromFile(paths().jar),
    });
    expect(still.prompts).toEqual([]);
  });

  it('a failed follow keeps the id_token: with the config fixed, the same command completes the logout with id_token_hint', async () => {
    const login = await signIn({ signedOutCallbackPath: '/not-registered-callback' });
    const first = await signOut();
    expect(first.status).toBe(1);
    expect(errorsOf(first)[0].errorId).toMatch(/^FollowErrorStatus/);
    // the provider did not confirm: the id token a retry needs is still there, with the pending logout
    let store = await TokenStore.open(paths().tokens);
    expect(store.get('oidc', app.url)?.id_token).toBe(login.tokens.id_token);
    expect(Object.values(JSON.parse(await readFile(paths().tokens, 'utf8')).pendingLogouts)).toEqual([expect.objectContaining({ scheme: 'oidc', tokensKept: true })]);

    // the config fixed (the registered callback), the same command again
    const config = JSON.parse(await readFile(paths().config, 'utf8'));
    delete config.schemes.oidc.signedOutCallbackPath;
    await writeFile(paths().config, JSON.stringify(config));
    const seenByIdp = idp.requests.length;
    const second = await signOut();
    expect({ status: second.status, stderr: second.stderr }).toEqual({ status: 0, stderr: '' });
    expect(reportOf(second).follow).toMatchObject({ stoppedBecause: 'final-response', final: { url: `${app.url}/bye`, status: 200 } });
    const end = idp.requests.slice(seenByIdp).map((r) => new URL(r.url, idp.issuer)).find((u) => u.pathname === '/session/end')!;
    expect(end.searchParams.get('id_token_hint')).toBe(login.tokens.id_token);
    expect(await jarNames()).not.toContain(IDP_SESSION_COOKIE);

    // confirmed now: the tokens are forgotten and no pending logout is left (the failed one included)
    store = await TokenStore.open(paths().tokens);
    expect(store.get('oidc', app.url)).toBeUndefined();
    expect(JSON.parse(await readFile(paths().tokens, 'utf8')).pendingLogouts).toEqual({});
    // and the provider's session has ended: a new authorization asks for a login
    const after = await loginThroughIdp({
      issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, redirectUri: `${app.url}/signin-oidc`,
      jar: await toughJarFromFile(paths().jar),
    });
    expect(after.prompts[0]).toBe('login');
  });

  it('--max-hops 1 stops after the provider page: exits 1 with FollowTooManyHops, the app cookie removed and saved', async () => {
    await signIn();
    const run = await signOut(['--max-hops', '1']);
    expect(run.status).toBe(1);
    expect(errorsOf(run)[0].errorId).toMatch(/^FollowTooManyHops/);
    expect(errorsOf(run)[0].message).toContain(`POST ${idp.issuer}/session/end/confirm`);
    expect(reportOf(run).follow?.hops).toHaveLength(1);
    const names = await jarNames();
    expect(names).not.toContain('.AspNetCore.Cookies.oidc');
    expect(names).toContain(IDP_SESSION_COOKIE);
  });
});

describe('providers as they behave: a "Sign out?" page without a hint, a front-channel logout page', () => {
  let askIdp: Idp;
  let frontIdp: Idp;
  const registered = () => ({ redirectUris: [`${app.url}/signin-oidc`], postLogoutRedirectUris: [`${app.url}/signout-callback-oidc`] });
  beforeAll(async () => {
    askIdp = await startIdp({ ...registered(), logoutPage: 'ask-without-hint' });
    frontIdp = await startIdp({ ...registered(), frontChannelPage: true });
  });
  afterAll(async () => {
    await askIdp.close();
    await frontIdp.close();
  });

  /** Signs in at `provider` and forgets the id token: kr can send client_id, not id_token_hint. */
  async function signInWithoutHint(provider: Idp): Promise<void> {
    await signIn({}, provider);
    const store = await TokenStore.open(paths().tokens);
    store.remove('oidc', app.url);
    await store.save();
  }

  it('no hint, no -Confirm:$false: stops with FollowNeedsPerson naming the page and its yes button; the provider session lives', async () => {
    await signInWithoutHint(askIdp);
    const run = await signOut([], [], askIdp);
    expect(run.status).toBe(1);
    const [error] = errorsOf(run);
    expect(error.errorId).toMatch(/^FollowNeedsPerson/);
    expect(error.message).toContain(`${askIdp.issuer}/session/end?`);
    expect(error.message).toContain("'Yes, sign me out'");
    expect(error.message).toContain('-Confirm:$false');
    // kr sent client_id, as RP-Initiated Logout 1.0 asks without a hint
    const end = askIdp.requests.map((r) => new URL(r.url, askIdp.issuer)).filter((u) => u.pathname === '/session/end').at(-1)!;
    expect(end.searchParams.get('client_id')).toBe(askIdp.clientId);
    expect(end.searchParams.has('id_token_hint')).toBe(false);
    expect(await providerSessionAlive(askIdp)).toBe(true);
  });

  it('no hint, -Confirm:$false: kr presses the yes button, the provider session ends, the logout lands on -RedirectUri', async () => {
    await signInWithoutHint(askIdp);
    const run = await signOut([], ['-Confirm:$false'], askIdp);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const follow = reportOf(run).follow!;
    expect(follow.hops.map((h) => [h.method, new URL(h.url).pathname, h.status, h.via])).toEqual([
      ['GET', '/session/end', 200, 'redirect'],
      ['POST', '/session/end/confirm', 303, 'form'],
      ['GET', '/signout-callback-oidc', 200, 'redirect'],
      ['GET', '/bye', 200, 'signed-out-callback'],
    ]);
    expect(await jarNames()).not.toContain(IDP_SESSION_COOKIE);
    expect(await providerSessionAlive(askIdp)).toBe(false);
  });

  it('with a valid hint the same provider submits its own page: no question, no -Confirm:$false needed', async () => {
    await signIn({}, askIdp);
    const run = await signOut([], [], askIdp);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(await providerSessionAlive(askIdp)).toBe(false);
  });

  it('a front-channel logout page (iframes, then a meta refresh) is followed on to the callback, its iframes not loaded', async () => {
    await signIn({}, frontIdp);
    const run = await signOut([], [], frontIdp);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    const follow = reportOf(run).follow!;
    expect(follow.hops.map((h) => [h.method, new URL(h.url).pathname, h.status, h.via])).toEqual([
      ['GET', '/session/end', 200, 'redirect'],
      ['POST', '/session/end/confirm', 200, 'form'],
      ['GET', '/signout-callback-oidc', 200, 'refresh'],
      ['GET', '/bye', 200, 'signed-out-callback'],
    ]);
    expect(app.cookiesSentTo('/frontchannel-logout')).toEqual([]);
    const store = await TokenStore.open(paths().tokens);
    expect(store.get('oidc', app.url)).toBeUndefined();
    expect(await providerSessionAlive(frontIdp)).toBe(false);
  });
});
