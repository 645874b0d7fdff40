// A scripted browser-like login through an OpenID Provider's dev interactions, the way a CI
// login script would do it: authorization code + PKCE built with openid-client, every
// cookie the provider sets (`_session`, `_interaction`, ...) kept in one tough-cookie jar,
// then the code exchanged for tokens.
//
//   const login = await loginThroughIdp({ issuer: idp.issuer, clientId: idp.clientId,
//     clientSecret: idp.clientSecret, redirectUri: `${app}/signin-oidc`, jarPath });
//   login.tokens.id_token, login.jar (tough-cookie), login.callbackUrl (redirect_uri?code=...)
//
// The redirect_uri itself is not requested (the code would be spent twice); a test that
// needs the app's own session cookie sets it through the app with `login.jar`.
// With `jarPath` the jar is written as a curl/Netscape cookies.txt (mode 0600).

import { chmod, writeFile } from 'node:fs/promises';
import * as client from 'openid-client';
import { CookieJar } from 'tough-cookie';

export interface LoginOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Write the jar here as a Netscape cookies.txt after the login. */
  jarPath?: string;
  /** Start from an existing jar (e.g. one that already holds the app's cookies). */
  jar?: CookieJar;
  /** The dev-interaction login name; becomes the `sub`. Default `kr-test-user`. */
  login?: string;
  scope?: string;
  maxHops?: number;
}

export interface LoginHop {
  method: string;
  url: string;
  status: number;
}

export interface LoginResult {
  tokens: { id_token: string; access_token: string; refresh_token?: string; expires_in?: number };
  claims: Record<string, unknown>;
  jar: CookieJar;
  /** The redirect_uri the provider sent the browser back to (with code, state, iss). */
  callbackUrl: URL;
  config: client.Configuration;
  hops: LoginHop[];
  /** The dev-interaction prompts answered, in order: `['login', 'consent']` for a fresh jar, `[]` with a live IdP session. */
  prompts: string[];
}

interface ParsedForm {
  action: URL;
  fields: URLSearchParams;
}

const decodeEntities = (value: string) =>
  value
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCharCode(parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return match ? decodeEntities(match[2] ?? match[3] ?? '') : undefined;
}

/** The first <form> of a page: its action and its named inputs with their values. */
export function parseFirstForm(html: string, base: URL): ParsedForm | undefined {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return undefined;
  const action = new URL(attribute(form[1], 'action') ?? base.href, base);
  const fields = new URLSearchParams();
  for (const input of form[2].matchAll(/<input\b[^>]*>/gi)) {
    const name = attribute(input[0], 'name');
    if (name) fields.append(name, attribute(input[0], 'value') ?? '');
  }
  return { action, fields };
}

const sameEndpoint = (a: URL, b: URL) => a.origin === b.origin && a.pathname === b.pathname;

/** One request as a browser would send it: the jar's cookies out, every Set-Cookie back in. */
async function browserRequest(jar: CookieJar, url: URL, init: { method: string; body?: URLSearchParams }): Promise<Response> {
  const cookie = await jar.getCookieString(url.href);
  const headers: Record<string, string> = { accept: 'text/html,application/json' };
  if (cookie) headers.cookie = cookie;
  if (init.body) headers['content-type'] = 'application/x-www-form-urlencoded';
  const response = await fetch(url, { method: init.method, headers, body: init.body?.toString(), redirect: 'manual' });
  for (const line of response.headers.getSetCookie()) await jar.setCookie(line, url.href, { ignoreError: true });
  return response;
}

export async function loginThroughIdp(options: LoginOptions): Promise<LoginResult> {
  const issuer = new URL(options.issuer);
  const config = await client.discovery(
    issuer,
    options.clientId,
    options.clientSecret,
    client.ClientSecretBasic(options.clientSecret),
    { execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [] },
  );
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: options.redirectUri,
    scope: options.scope ?? 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });

  const jar = options.jar ?? new CookieJar();
  const redirectUri = new URL(options.redirectUri);
  const hops: LoginHop[] = [];
  const prompts: string[] = [];
  let next: { url: URL; method: string; body?: URLSearchParams } = { url: authorizationUrl, method: 'GET' };
  let callbackUrl: URL | undefined;

  for (let hop = 0; hop < (options.maxHops ?? 20) && !callbackUrl; hop++) {
    const response = await browserRequest(jar, next.url, next);
    hops.push({ method: next.method, url: next.url.origin + next.url.pathname, status: response.status });
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const target = new URL(location, next.url);
      if (sameEndpoint(target, redirectUri)) callbackUrl = target;
      else next = { url: target, method: 'GET' };
      continue;
    }
    const html = await response.text();
    const form = response.status === 200 ? parseFirstForm(html, next.url) : undefined;
    if (!form) {
      throw new Error(`login stopped at ${next.method} ${next.url.origin}${next.url.pathname}: status ${response.status}, no form`);
    }
    const prompt = form.fields.get('prompt');
    if (prompt === 'login') {
      form.fields.set('login', options.login ?? 'kr-test-user');
      form.fields.set('password', 'any-password');
    } else if (prompt !== 'consent') {
      throw new Error(`login stopped at a form that is neither the login nor the consent prompt (${form.action.pathname})`);
    }
    prompts.push(prompt);
    next = { url: form.action, method: 'POST', body: form.fields };
  }
  if (!callbackUrl) throw new Error(`login did not reach ${options.redirectUri} within ${options.maxHops ?? 20} hops`);
  if (callbackUrl.searchParams.has('error')) {
    throw new Error(`the provider refused the login: ${callbackUrl.searchParams.get('error')} ${callbackUrl.searchParams.get('error_description') ?? ''}`);
  }

  const grant = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: codeVerifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  });
  if (!grant.id_token) throw new Error('the provider returned no id_token');
  const result: LoginResult = {
    tokens: {
      id_token: grant.id_token,
      access_token: grant.access_token,
      refresh_token: grant.refresh_token,
      expires_in: grant.expires_in,
    },
    claims: { ...(grant.claims() ?? {}) },
    jar,
    callbackUrl,
    config,
    hops,
    prompts,
  };
  if (options.jarPath) await writeNetscapeJar(jar, options.jarPath);
  return result;
}

/** curl's cookies.txt: 7 TAB-separated fields; `#HttpOnly_` prefix for HttpOnly cookies; expiry 0 = session. */
export async function writeNetscapeJar(jar: CookieJar, path: string): Promise<void> {
  const serialized = await jar.serialize();
  const lines = ['# Netscape HTTP Cookie File', '# https://curl.se/docs/http-cookies.html', '# This file was generated by kr tests! Edit at your own risk.', ''];
  const now = Math.floor(Date.now() / 1000);
  for (const c of serialized.cookies) {
    const domain = String(c.domain ?? '');
    const hostOnly = c.hostOnly !== false;
    const expires = c.expires && c.expires !== 'Infinity' ? Math.floor(Date.parse(String(c.expires)) / 1000) : 0;
    // tough-cookie keeps a deleted cookie as an expired one until the next read: never write it.
    if (expires !== 0 && expires <= now) continue;
    lines.push(
      [
        `${c.httpOnly ? '#HttpOnly_' : ''}${hostOnly ? domain : `.${domain}`}`,
        hostOnly ? 'FALSE' : 'TRUE',
        String(c.path ?? '/'),
        c.secure ? 'TRUE' : 'FALSE',
        String(expires),
        String(c.key ?? ''),
        String(c.value ?? ''),
      ].join('\t'),
    );
  }
  await writeFile(path, `${lines.join('\n')}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
}
