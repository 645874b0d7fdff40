// Secrets through every mode: the session cookies of a real sign-in (and canary cookie
// chunks), the saved id/access/refresh tokens, the client secret in the environment. Runs
// with -WhatIf, -Verbose, -Debug, KR_TRACE_BINDING, --json, failing runs and --follow
// against a real oidc-provider and relying-party app on loopback; then the interactive
// shell in a pseudo-terminal. None may show a secret on stdout or stderr, or write one to
// the history file.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenStore } from '../../src/aspnet/token-store.js';
import { startIdp, type Idp } from '../support/idp.js';
import { loginThroughIdp, writeNetscapeJar } from '../support/oidc-login.js';
import { TmuxSession, tmuxAvailable } from '../support/tmux.js';
import { cookieValues } from '../e2e/kr-process.js';
import { startRpApp, type RpApp } from '../e2e/rp-app.js';
import { ensureBuilt, krBin, krEnv, runKr, type KrRun } from './kr-process.js';

const SECRET_ENV = 'KR_REL_OIDC_SECRET';
const CANARY_REFRESH = 'CANARY-refresh-token-5e1d';
const CANARY_ACCESS = 'CANARY-access-token-77aa';
const CANARY_COOKIE = 'CANARY-cookie-chunk-31f0';

let app: RpApp;
let idp: Idp;
let dir: string;
const paths = () => ({ jar: join(dir, 'jar.txt'), tokens: join(dir, 'tokens.json'), config: join(dir, 'kr.json'), history: join(dir, 'history') });

beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'kr-rel-secrets-'));
  app = await startRpApp();
  idp = await startIdp({ redirectUris: [`${app.url}/signin-oidc`], postLogoutRedirectUris: [`${app.url}/signout-callback-oidc`] });
});
afterAll(async () => {
  await idp?.close();
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A CI login: provider session + app session in the jar, every token saved for kr. Returns the secrets now in play. */
async function signIn(): Promise<string[]> {
  const login = await loginThroughIdp({ issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, redirectUri: `${app.url}/signin-oidc` });
  const session = new URL(`${app.url}/test/session?scheme=oidc`);
  const response = await fetch(session, { headers: { cookie: await login.jar.getCookieString(session.href) } });
  for (const line of response.headers.getSetCookie()) await login.jar.setCookie(line, session.href);
  // a chunked cookie-scheme ticket on the same site, with canary chunks
  await login.jar.setCookie('.AspNetCore.Cookies=chunks-2; path=/; httponly', `${app.url}/`);
  await login.jar.setCookie(`.AspNetCore.CookiesC1=${CANARY_COOKIE}-1; path=/; httponly`, `${app.url}/`);
  await login.jar.setCookie(`.AspNetCore.CookiesC2=${CANARY_COOKIE}-2; path=/; httponly`, `${app.url}/`);
  await writeNetscapeJar(login.jar, paths().jar);
  const store = await TokenStore.open(paths().tokens);
  const tokens = { id_token: login.tokens.id_token, access_token: login.tokens.access_token ?? CANARY_ACCESS, refresh_token: CANARY_REFRESH };
  store.set('oidc', app.url, tokens);
  await store.save();
  await writeFile(
    paths().config,
    JSON.stringify({ url: `${app.url}/`, schemes: { Cookies: { kind: 'Cookies' }, oidc: { kind: 'Oidc', authority: idp.issuer, clientId: idp.clientId, clientSecretEnv: SECRET_ENV, saveTokens: true } } }),
  );
  return [...(await cookieValues(paths().jar)), ...Object.values(tokens).filter((t): t is string => typeof t === 'string'), idp.clientSecret, CANARY_COOKIE];
}

function kr(args: readonly string[], env: Record<string, string> = {}): Promise<KrRun> {
  const p = paths();
  return runKr(['--jar', p.jar, '--config', p.config, '--tokens', p.tokens, ...args], {
    cwd: dir,
    env: krEnv(dir, { [SECRET_ENV]: idp.clientSecret, KR_HISTORY: p.history, ...env }),
    timeoutMs: 60_000,
  });
}

function expectNoSecret(label: string, text: string, secrets: readonly string[]): void {
  const leaked = secrets.filter((s) => text.includes(s));
  if (leaked.length > 0) throw new Error(`${label} shows ${leaked.length} secret(s)`);
}

const OIDC = ['Invoke-KrCookieSignOut', '-Scheme', 'oidc', '-AuthKind', 'Oidc', '-RedirectUri', '/bye'];
const LOUD = ['-Verbose', '-Debug'];

test('no mode, outcome or failure shows a cookie value, token or client secret', async () => {
  let secrets = await signIn();
  const before = await readFile(paths().jar, 'utf8');
  const previews: [string, string[], Record<string, string>?][] = [
    ['-WhatIf', [...OIDC, '-WhatIf']],
    ['-WhatIf -Verbose -Debug', [...OIDC, '-WhatIf', ...LOUD]],
    ['--json -WhatIf -Verbose -Debug', ['--json', ...OIDC, '-WhatIf', ...LOUD]],
    ['cookie scheme -WhatIf -Verbose -Debug', ['Invoke-KrCookieSignOut', '-WhatIf', ...LOUD]],
    ['binding trace', [...OIDC, '-WhatIf'], { KR_TRACE_BINDING: '1' }],
    ['unsafe -RedirectUri', ['Invoke-KrCookieSignOut', '-AuthKind', 'Oidc', '-Scheme', 'oidc', '-RedirectUri', 'javascript:alert(1)', ...LOUD]],
    ['unknown scheme', ['--json', 'Invoke-KrCookieSignOut', '-Scheme', 'nope', ...LOUD]],
    ['binding error', ['Invoke-KrCookieSignOut', '-AuthKind', 'Basic', ...LOUD]],
    ['-c script', ['-c', `$DebugPreference = 'Continue'; Invoke-KrCookieSignOut -Scheme oidc -AuthKind Oidc -WhatIf -Verbose`]],
  ];
  for (const [label, args, env] of previews) {
    const run = await kr(args, env);
    expectNoSecret(label, run.stdout + run.stderr, secrets);
  }
  // none of that touched the jar
  expect(await readFile(paths().jar, 'utf8')).toBe(before);

  // the provider unreachable: discovery fails, with the tokens and the secret loaded
  const config = await readFile(paths().config, 'utf8');
  await writeFile(paths().config, config.replace(idp.issuer, 'http://127.0.0.1:1'));
  for (const args of [['--json', ...OIDC, ...LOUD], [...OIDC, ...LOUD], ['--follow', ...OIDC, ...LOUD]]) {
    const down = await kr(args);
    expect(down.status).toBe(1);
    expectNoSecret(`provider down: ${args.join(' ')}`, down.stdout + down.stderr, secrets);
  }
  await writeFile(paths().config, config);

  const destructive: [string, string[]][] = [
    ['sign-out -Verbose -Debug', [...OIDC, ...LOUD]],
    ['--follow -Verbose -Debug', ['--follow', ...OIDC, ...LOUD]],
    ['--follow --json -Verbose -Debug', ['--follow', '--json', ...OIDC, ...LOUD]],
    ['cookie scheme --json -Verbose -Debug', ['--json', 'Invoke-KrCookieSignOut', ...LOUD]],
  ];
  for (const [label, args] of destructive) {
    secrets = [...new Set([...secrets, ...(await signIn())])];
    const run = await kr(args);
    expect({ label, status: run.status }).toEqual({ label, status: 0 });
    expectNoSecret(label, run.stdout + run.stderr, secrets);
  }
}, 180_000);

const shellTest = tmuxAvailable() ? test : test.skip;
shellTest('the interactive shell: neither the screen nor the history file shows a secret', async () => {
  const secrets = await signIn();
  const p = paths();
  const session = new TmuxSession({
    command: `${process.execPath} ${krBin} --jar ${p.jar} --config ${p.config} --tokens ${p.tokens}`,
    cwd: dir,
    env: { HOME: dir, KR_HISTORY: p.history, [SECRET_ENV]: idp.clientSecret, NO_COLOR: '1', TERM: 'xterm' },
    width: 200,
    height: 50,
  }).start();
  try {
    await session.waitFor((screen) => /PS|kr|>/.test(screen));
    for (const line of [
      `Invoke-KrCookieSignOut -Scheme oidc -AuthKind Oidc -RedirectUri /bye -WhatIf -Verbose -Debug`,
      `Invoke-KrCookieSignOut -WhatIf -Verbose`,
      `Invoke-KrCookieSignOut -Scheme nope -Debug`,
      `Invoke-KrCookieSignOut -Verbose`,
    ]) {
      session.type(line);
      session.sendKeys('Enter');
      // done when the screen ends with a fresh prompt under the typed line
      await session.waitFor((screen) => screen.includes(line) && screen.trimEnd().split('\n').pop()?.trim() === 'kr>', 30_000);
    }
    session.type('exit');
    session.sendKeys('Enter');
    const screen = await session.waitForText('__kr_exit__=');
    expectNoSecret('shell screen', screen, secrets);
  } finally {
    session.kill();
  }
  const history = await readFile(p.history, 'utf8');
  expect(history).toContain('Invoke-KrCookieSignOut -WhatIf -Verbose');
  expectNoSecret('history file', history, secrets);
}, 60_000);
