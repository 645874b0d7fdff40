// Every example in every built-in cmdlet's metadata (the ones Get-Help -Examples and the
// generated docs/cmdlets pages show) runs here, through the runspace, against the set-up its
// remarks describe, and its effect is asserted. An example without a fixture fails the
// suite, so the docs cannot rot (DESIGN.md property 7).

import { builtinCmdlets } from '../../src/cmdlets/index.js';
import { TokenStore } from '../../src/aspnet/token-store.js';
import type { KrSettings } from '../../src/runtime/cmdlet.js';
import { formatOutputObject } from '../../src/runtime/out-default.js';
import { startIdp, type Idp } from '../support/idp.js';
import { loginThroughIdp, type LoginResult } from '../support/oidc-login.js';
import { CORE_FIXTURES } from './core-example-fixtures.js';
import { CANARY, OTHER_COOKIES, chunkedAuthCookie, reportOf, workspace, type Ran, type Workspace } from '../cmdlets/sign-out-fixtures.js';

const APP = 'http://127.0.0.1:5996';
const SECRET_ENV = 'KR_EXAMPLE_OIDC_SECRET';

interface Setup {
  settings?: KrSettings;
  env?: Record<string, string>;
}

interface Fixture {
  setUp(ws: Workspace): Promise<Setup>;
  check(ran: Ran, ws: Workspace): Promise<void>;
}

let idp: Idp;
let login: LoginResult;

async function oidcSetUp(ws: Workspace, sessionCookie: string): Promise<Setup> {
  await ws.writeConfig({
    url: `${APP}/`,
    schemes: {
      Cookies: { kind: 'Cookies' },
      oidc: { kind: 'Oidc', authority: idp.issuer, clientId: idp.clientId, clientSecretEnv: SECRET_ENV },
    },
  });
  const store = await TokenStore.open(ws.tokens);
  store.set('oidc', APP, { id_token: login.tokens.id_token });
  await store.save();
  await ws.writeJar([...chunkedAuthCookie(sessionCookie, 2), ...OTHER_COOKIES]);
  return { settings: { config: ws.config }, env: { [SECRET_ENV]: idp.clientSecret } };
}

const signedInJar = async (ws: Workspace, cookie = '.AspNetCore.Cookies'): Promise<Setup> => {
  await ws.writeJar([...chunkedAuthCookie(cookie, 2), ...OTHER_COOKIES]);
  return {};
};

const removedNames = (ran: Ran) => (reportOf(ran).removed as { name: string }[]).map((c) => c.name);

const FIXTURES: Record<string, Fixture> = {
  'Invoke-KrCookieSignOut': {
    setUp: (ws) => signedInJar(ws),
    async check(ran, ws) {
      expect(removedNames(ran)).toEqual(['.AspNetCore.Cookies', '.AspNetCore.CookiesC1', '.AspNetCore.CookiesC2']);
      const jar = await ws.readJar();
      expect(jar).not.toContain('.AspNetCore.Cookies\t');
      expect(jar).toContain('theme\tdark');
    },
  },
  "Invoke-KrCookieSignOut -Scheme 'MyCookieScheme'": {
    setUp: (ws) => signedInJar(ws, '.AspNetCore.MyCookieScheme'),
    async check(ran, ws) {
      expect(reportOf(ran).signedOut).toEqual(['MyCookieScheme']);
      expect(await ws.readJar()).not.toContain('MyCookieScheme');
    },
  },
  "Invoke-KrCookieSignOut -OidcScheme 'oidc' -RedirectUri '/'": {
    setUp: (ws) => oidcSetUp(ws, '.AspNetCore.Cookies'),
    async check(ran, ws) {
      expect(ran.result.warnings[0]).toMatch(/^-OidcScheme is deprecated; use -Scheme <name> -AuthKind Oidc/);
      expect(reportOf(ran)).toMatchObject({ signedOut: ['Cookies', 'oidc'], response: { status: 302 } });
      const location = new URL((reportOf(ran).response as { location: string }).location);
      expect(`${location.origin}${location.pathname}`).toBe(`${idp.issuer}/session/end`);
      const store = await TokenStore.open(ws.tokens);
      expect(location.searchParams.get('state')).toBe('***');
      expect(store.peekPendingLogout(store.pendingLogoutStates()[0])?.redirectUri).toBe(`${APP}/`);
      expect(await ws.readJar()).not.toContain('.AspNetCore.Cookies\t');
    },
  },
  'Invoke-KrCookieSignOut -WhatIf': {
    setUp: (ws) => signedInJar(ws),
    async check(ran, ws) {
      expect(ran.result.whatIf).toEqual(['What if: Performing the operation "SignOut" on target "Cookies".']);
      expect(reportOf(ran).whatIf).toBe(true);
      expect(removedNames(ran)).toHaveLength(3);
      expect(await ws.readJar()).toContain('.AspNetCore.CookiesC2');
    },
  },
  'Invoke-KrCookieSignOut -Redirect': {
    async setUp(ws) {
      await ws.writeConfig({ schemes: { Cookies: { kind: 'Cookies', loginPath: '/Account/Login' } } });
      await signedInJar(ws);
      return { settings: { config: ws.config } };
    },
    async check(ran) {
      expect(reportOf(ran).response).toMatchObject({ status: 302, location: '/Account/Login' });
      expect(formatOutputObject(ran.result.output[0])).toContain('Redirect: 302 -> /Account/Login');
    },
  },
  "Invoke-KrCookieSignOut -Properties @{ '.redirect' = '/goodbye'; reason = 'ci' }": {
    setUp: (ws) => signedInJar(ws),
    async check(ran) {
      expect(reportOf(ran)).toMatchObject({ signedOut: ['Cookies'], response: { status: 302, location: '/goodbye' } });
    },
  },
  "Invoke-KrCookieSignOut -Scheme 'oidc' -AuthKind Oidc -RedirectUri '/signed-out'": {
    setUp: (ws) => oidcSetUp(ws, '.AspNetCore.Cookies.oidc'),
    async check(ran, ws) {
      const report = reportOf(ran);
      expect(report).toMatchObject({ signedOut: ['Cookies.oidc', 'oidc'], response: { status: 302 } });
      const location = new URL((report.response as { location: string }).location);
      expect(location.searchParams.get('id_token_hint')).toBe('***');
      expect(location.searchParams.get('post_logout_redirect_uri')).toBe(`${APP}/signout-callback-oidc`);
      const store = await TokenStore.open(ws.tokens);
      expect(location.searchParams.get('state')).toBe('***');
      expect(store.peekPendingLogout(store.pendingLogoutStates()[0])?.redirectUri).toBe(`${APP}/signed-out`);
      expect(await ws.readJar()).not.toContain('Cookies.oidc');
      expect(ran.everything).not.toContain(login.tokens.id_token);
    },
  },
  "Invoke-KrCookieSignOut -Scheme 'github' -AuthKind OAuth2 -RedirectUri '/bye'": {
    setUp: (ws) => signedInJar(ws, '.AspNetCore.Cookies.github'),
    async check(ran, ws) {
      expect(reportOf(ran)).toMatchObject({ signedOut: ['Cookies.github'], response: { status: 302, location: '/bye' } });
      expect(await ws.readJar()).not.toContain('Cookies.github');
    },
  },
  'Get-Help Get-Command': {
    setUp: async () => ({}),
    async check(ran) {
      expect(String(ran.result.output[0])).toMatch(/^\nNAME\n    Get-Command\n/);
    },
  },
  'Get-Help Get-Command -Full': {
    setUp: async () => ({}),
    async check(ran) {
      expect(String(ran.result.output[0])).toContain('\nEXAMPLES\n');
    },
  },
  'Get-Help Get-Command -Parameter Name': {
    setUp: async () => ({}),
    async check(ran) {
      expect(String(ran.result.output[0])).toContain('-Name <');
    },
  },
  'Get-Command': {
    setUp: async () => ({}),
    async check(ran) {
      const names = ran.result.output.map((o) => (o as { name: string }).name);
      expect(names).toEqual(expect.arrayContaining(['Get-Command', 'Get-Help', 'Invoke-KrCookieSignOut']));
    },
  },
  'Get-Command -Name Get-Help -Syntax': {
    setUp: async () => ({}),
    async check(ran) {
      expect(ran.result.output).toEqual([expect.stringMatching(/^Get-Help \[\[-Name\] /)]);
    },
  },
  "Get-Command 'Get-*'": {
    setUp: async () => ({}),
    async check(ran) {
      expect(ran.result.output.map((o) => (o as { name: string }).name)).toEqual(['Get-Command', 'Get-Content', 'Get-Date', 'Get-Help', 'Get-KrCookie', 'Get-Member', 'Get-Variable']);
    },
  },
};

Object.assign(FIXTURES, CORE_FIXTURES);

const examples = builtinCmdlets.flatMap((c) => (c.declaration.examples ?? []).map((e) => ({ command: c.declaration.name, ...e })));

beforeAll(async () => {
  idp = await startIdp({ redirectUris: [`${APP}/signin-oidc`], postLogoutRedirectUris: [`${APP}/signout-callback-oidc`] });
  login = await loginThroughIdp({ issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, redirectUri: `${APP}/signin-oidc` });
});
afterAll(() => idp.close());

it('every documented example has a fixture here, and every fixture an example', () => {
  expect(examples.map((e) => e.code).sort()).toEqual(Object.keys(FIXTURES).sort());
});

it.each(examples.map((e) => [`${e.command}: ${e.title}`, e] as const))('%s', async (_name, example) => {
  const fixture = FIXTURES[example.code];
  expect(fixture).toBeDefined();
  const ws = await workspace();
  try {
    const setup = await fixture.setUp(ws);
    const ran = await ws.run(example.code, setup);
    expect(ran.result.errors).toEqual([]);
    expect(ran.result.exitCode).toBe(0);
    expect(ran.everything).not.toContain(CANARY);
    await fixture.check(ran, ws);
  } finally {
    await ws.dispose();
  }
});
