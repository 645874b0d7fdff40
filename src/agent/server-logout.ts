// The app's own logout, called with the session before kr removes the cookie locally: an
// ASP.NET cookie sign-out only asks the browser to forget its cookie, so an app that keeps
// sessions server-side (ITicketStore) ends them only when its logout endpoint runs. GET, or POST
// with the antiforgery token read as ASP.NET's antiforgery hands it out: from the hidden field the
// form tag helper writes on the endpoint's page (its cookie half travels in the jar), or from a
// cookie (`XSRF-TOKEN`) sent back in a header (`X-XSRF-TOKEN`), as script clients do. The
// response's Set-Cookie lines are applied to the jar as a browser would.

import type { JarChanges, JarSession } from '../jar/types.js';
import { KrError } from '../params/errors.js';
import { attributesOf } from './auto-form.js';
import { scanHtml } from './html-scan.js';
import { describeCause, redactUrl } from '../aspnet/openid.js';

export interface LogoutEndpoint {
  path: string;
  method: 'GET' | 'POST';
  /** For POST: the hidden field that holds the antiforgery token on the endpoint's page. */
  antiforgeryField?: string;
  /** For POST: the cookie that holds the antiforgery token (ASP.NET's pattern for script clients, e.g. `XSRF-TOKEN`)... */
  antiforgeryCookie?: string;
  /** ...sent back in this header (default `X-XSRF-TOKEN`). */
  antiforgeryHeader?: string;
}

export interface ServerLogoutResult {
  /** Redacted. */
  url: string;
  status: number;
  changes: JarChanges;
}

const cookieHeader = (jar: JarSession, url: URL) =>
  jar
    .requestCookies(url)
    .map((c) => `${c.name}=${c.value}`)
    .join('; ');

async function send(jar: JarSession, url: URL, init: RequestInit, signal?: AbortSignal): Promise<Response> {
  const header = cookieHeader(jar, url);
  try {
    return await fetch(url, { ...init, redirect: 'manual', signal, headers: { ...(init.headers as Record<string, string>), ...(header ? { cookie: header } : {}), 'user-agent': 'kr/server-logout' } });
  } catch (error) {
    throw new KrError('ServerLogoutFailed', `The app's logout ${init.method ?? 'GET'} ${redactUrl(url)} failed: ${describeCause(error)}.`, { category: 'ConnectionError' });
  }
}

/** The hidden field's value on a page (linear scan), or undefined. */
function hiddenField(html: string, field: string): string | undefined {
  for (const piece of scanHtml(html.slice(0, 2 * 1024 * 1024))) {
    if (piece.kind !== 'start' || piece.name !== 'input') continue;
    const attributes = attributesOf(piece.text);
    if (attributes.get('name') === field) return attributes.get('value') ?? '';
  }
  return undefined;
}

/** The cookie's value as the jar would send it to `url`, or undefined. */
function cookieValue(jar: JarSession, url: URL, name: string): string | undefined {
  return jar.requestCookies(url).find((c) => c.name === name)?.value;
}

export async function serverLogout(jar: JarSession, base: URL, endpoint: LogoutEndpoint, signal?: AbortSignal): Promise<ServerLogoutResult> {
  const url = new URL(endpoint.path, base);
  let body: URLSearchParams | undefined;
  const headers: Record<string, string> = {};
  if (endpoint.method === 'POST' && endpoint.antiforgeryCookie !== undefined) {
    let token = cookieValue(jar, url, endpoint.antiforgeryCookie);
    if (token === undefined) {
      // not in the jar yet: the endpoint's page (a GET) hands it out, as it would to a browser
      const page = await send(jar, url, { method: 'GET' }, signal);
      jar.applySetCookies(url, page.headers.getSetCookie());
      await page.body?.cancel().catch(() => undefined);
      token = cookieValue(jar, url, endpoint.antiforgeryCookie);
    }
    if (token === undefined) {
      throw new KrError('ServerLogoutFailed', `The app's logout ${redactUrl(url)} set no '${endpoint.antiforgeryCookie}' cookie to read the antiforgery token from.`, { category: 'InvalidResult' });
    }
    headers[endpoint.antiforgeryHeader ?? 'X-XSRF-TOKEN'] = token;
  }
  if (endpoint.method === 'POST' && endpoint.antiforgeryField !== undefined) {
    const page = await send(jar, url, { method: 'GET' }, signal);
    jar.applySetCookies(url, page.headers.getSetCookie());
    const token = hiddenField(await page.text(), endpoint.antiforgeryField);
    if (token === undefined) {
      throw new KrError('ServerLogoutFailed', `The app's logout page ${redactUrl(url)} has no '${endpoint.antiforgeryField}' field to read the antiforgery token from.`, { category: 'InvalidResult' });
    }
    body = new URLSearchParams({ [endpoint.antiforgeryField]: token });
  }
  if (body) headers['content-type'] = 'application/x-www-form-urlencoded';
  const response = await send(jar, url, { method: endpoint.method, headers, ...(body ? { body: body.toString() } : {}) }, signal);
  await response.body?.cancel().catch(() => undefined);
  const changes = jar.applySetCookies(url, response.headers.getSetCookie());
  if (response.status >= 400) {
    throw new KrError('ServerLogoutFailed', `The app's logout ${endpoint.method} ${redactUrl(url)} answered ${response.status}: the server-side session may still be alive.`, { category: 'ProtocolError' });
  }
  return { url: redactUrl(url), status: response.status, changes };
}
