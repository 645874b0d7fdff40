// A small node:http server that behaves like an ASP.NET Core app with cookie
// authentication, for tests that drive real curl (or kr) against loopback. It records the
// Cookie header of every request so a test can assert exactly what a client sent.

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CookieAppOptions {
  /** Auth cookie name; ASP.NET's default for the "Cookies" scheme. */
  cookieName?: string;
  /** How many chunks the auth ticket is split into (ASP.NET's chunking cookie manager). 0 = one plain cookie. */
  chunks?: number;
  /**
   * Bytes per chunk. ASP.NET's is 4050, but curl (since 7.86) sends at most 8190 bytes of
   * Cookie header and silently drops cookies past that, so a real-size 3-chunk ticket never
   * reaches the app through curl. The default keeps 3 chunks well under curl's cap.
   */
  chunkSize?: number;
  /** When set, login also sets `pref=compact; domain=<domainCookie>` (reach it through curl --resolve). */
  domainCookie?: string;
  /** Mark every cookie Secure (tests over plain http leave this off). */
  secure?: boolean;
  loginPath?: string;
  logoutPath?: string;
  /** Sessions live server-side (ASP.NET's ITicketStore): the logout endpoint ends the session, so its old cookie no longer opens /me. */
  ticketStore?: boolean;
  /**
   * The logout endpoint wants a POST with an antiforgery token, as ASP.NET's antiforgery does:
   * 'form' serves a page (GET) with the token in a `__RequestVerificationToken` hidden field and
   * its cookie half in `.AspNetCore.Antiforgery.kr`; 'cookie-header' sets `XSRF-TOKEN` (GET) and
   * wants it back in an `X-XSRF-TOKEN` header. A POST without the right token is 400.
   */
  antiforgery?: 'form' | 'cookie-header';
}

export interface RecordedRequest {
  method: string;
  /** Path and query. */
  url: string;
  /** The Cookie header as received; undefined when none was sent. */
  cookie: string | undefined;
  /** Set-Cookie lines the app answered with. */
  setCookies: string[];
}

export interface CookieApp {
  /** Base URL, e.g. `http://127.0.0.1:43123` (no trailing slash). */
  url: string;
  port: number;
  cookieName: string;
  /** Every request, oldest first. */
  requests: RecordedRequest[];
  /** The Cookie header of the last request to `path` (any path when omitted). */
  lastCookieHeader(path?: string): string | undefined;
  /** The cookie names a Cookie header carried, in order. */
  cookieNames(header: string | undefined): string[];
  /** Tickets the app issued and still accepts. */
  readonly issuedTickets: ReadonlySet<string>;
  close(): Promise<void>;
}

/** ASP.NET's ChunkingCookieManager.DefaultChunkSize. */
export const ASPNET_CHUNK_SIZE = 4050;
const CURL_FRIENDLY_CHUNK_SIZE = 1200;
const DELETED = 'expires=Thu, 01 Jan 1970 00:00:00 GMT';
const NO_CACHE: Record<string, string> = {
  'Cache-Control': 'no-cache,no-store',
  Pragma: 'no-cache',
  Expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
};

function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

function httpDate(msFromNow: number): string {
  return new Date(Date.now() + msFromNow).toUTCString();
}

export async function startCookieApp(options: CookieAppOptions = {}): Promise<CookieApp> {
  const cookieName = options.cookieName ?? '.AspNetCore.Cookies';
  const chunks = options.chunks ?? 3;
  const chunkSize = options.chunkSize ?? CURL_FRIENDLY_CHUNK_SIZE;
  const loginPath = (options.loginPath ?? '/Account/Login').toLowerCase();
  const logoutPath = (options.logoutPath ?? '/Account/Logout').toLowerCase();
  const secure = options.secure ? '; secure' : '';
  const requests: RecordedRequest[] = [];
  const issuedTickets = new Set<string>();

  /** Reassembles the ticket the way ChunkingCookieManager.GetRequestCookie does. */
  function ticketOf(cookies: Map<string, string>): string | undefined {
    const base = cookies.get(cookieName);
    if (base === undefined) return undefined;
    const chunked = /^chunks-(\d+)$/.exec(base);
    if (chunked === null) return base;
    let ticket = '';
    for (let i = 1; i <= Number(chunked[1]); i++) {
      const chunk = cookies.get(`${cookieName}C${i}`);
      if (chunk === undefined) return undefined;
      ticket += chunk;
    }
    return ticket;
  }

  function login(res: ServerResponse): string[] {
    // big enough to need exactly `chunks` chunks, like a real ticket with claims
    const length = chunks > 0 ? chunkSize * (chunks - 1) + 100 : 200;
    const ticket = `CfDJ8${randomBytes(length).toString('base64url').slice(0, length - 5)}`;
    issuedTickets.add(ticket);
    const attrs = `expires=${httpDate(14 * 24 * 3600 * 1000)}; path=/${secure}; samesite=lax; httponly`;
    const lines: string[] = [];
    if (chunks > 0) {
      lines.push(`${cookieName}=chunks-${chunks}; ${attrs}`);
      for (let i = 0; i < chunks; i++) {
        lines.push(`${cookieName}C${i + 1}=${ticket.slice(i * chunkSize, (i + 1) * chunkSize)}; ${attrs}`);
      }
    } else {
      lines.push(`${cookieName}=${ticket}; ${attrs}`);
    }
    lines.push(`theme=dark; expires=${httpDate(365 * 24 * 3600 * 1000)}; path=/${secure}`);
    lines.push(`session-id=s-${randomBytes(8).toString('hex')}; path=/${secure}`);
    lines.push(`tracking=a=b c; expires=${httpDate(30 * 24 * 3600 * 1000)}; path=/${secure}`);
    if (options.domainCookie !== undefined) {
      lines.push(`pref=compact; expires=${httpDate(30 * 24 * 3600 * 1000)}; domain=${options.domainCookie}; path=/${secure}`);
    }
    res.statusCode = 200;
    return lines;
  }

  /** CookieAuthenticationHandler.HandleSignOutAsync: delete what was received, then maybe redirect. */
  function logout(res: ServerResponse, url: URL, cookies: Map<string, string>): string[] {
    const deleteLine = (name: string) => `${name}=; ${DELETED}; path=/${secure}; samesite=lax; httponly`;
    const lines: string[] = [];
    const base = cookies.get(cookieName);
    if (options.ticketStore) {
      const ticket = ticketOf(cookies);
      if (ticket !== undefined) issuedTickets.delete(ticket);
    }
    if (base !== undefined) {
      lines.push(deleteLine(cookieName));
      const chunked = /^chunks-(\d+)$/.exec(base);
      for (let i = 1; chunked !== null && i <= Number(chunked[1]); i++) {
        if (cookies.has(`${cookieName}C${i}`)) lines.push(deleteLine(`${cookieName}C${i}`));
      }
    }
    for (const [name, value] of Object.entries(NO_CACHE)) res.setHeader(name, value);
    const returnUrl = url.searchParams.get('ReturnUrl');
    const hostRelative =
      returnUrl !== null && returnUrl.startsWith('/') && !returnUrl.startsWith('//') && !returnUrl.startsWith('/\\');
    if (hostRelative) {
      res.statusCode = 302;
      res.setHeader('Location', returnUrl);
    } else {
      res.statusCode = 200;
    }
    return lines;
  }

  /** The antiforgery step of a logout: GET hands out the token, a POST must bring it back; undefined: go on with the logout. */
  function antiforgery(req: { method?: string; headers: Record<string, string | string[] | undefined> }, res: ServerResponse, cookies: Map<string, string>, body: string): string[] | undefined {
    const mode = options.antiforgery;
    if (mode === undefined) return undefined;
    if (req.method !== 'POST') {
      const token = `af-${randomBytes(12).toString('hex')}`;
      res.statusCode = 200;
      res.setHeader('content-type', 'text/html');
      if (mode === 'cookie-header') return [`XSRF-TOKEN=${token}; path=/; samesite=strict`];
      res.setHeader('x-kr-page', `<form method="post"><input name="__RequestVerificationToken" type="hidden" value="${token}" /><button>Log out</button></form>`);
      return [`.AspNetCore.Antiforgery.kr=${token}; path=/; samesite=strict; httponly`];
    }
    const expected = cookies.get(mode === 'cookie-header' ? 'XSRF-TOKEN' : '.AspNetCore.Antiforgery.kr');
    const given = mode === 'cookie-header' ? req.headers['x-xsrf-token'] : new URLSearchParams(body).get('__RequestVerificationToken');
    if (expected === undefined || given !== expected) {
      res.statusCode = 400;
      return [];
    }
    return undefined;
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://app.invalid');
    const path = url.pathname.toLowerCase();
    const cookies = parseCookieHeader(req.headers.cookie);
    let body = '';
    if (req.method === 'POST') for await (const chunk of req) body += String(chunk);
    let setCookies: string[] = [];
    if (path === loginPath) setCookies = login(res);
    else if (path === logoutPath) setCookies = antiforgery(req, res, cookies, body) ?? logout(res, url, cookies);
    else if (path === '/me') {
      const ticket = ticketOf(cookies);
      res.statusCode = ticket !== undefined && issuedTickets.has(ticket) ? 200 : 401;
    } else res.statusCode = 404;
    if (setCookies.length > 0) res.setHeader('Set-Cookie', setCookies);
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', cookie: req.headers.cookie, setCookies });
    req.resume();
    const page = res.getHeader('x-kr-page');
    if (page !== undefined) res.removeHeader('x-kr-page');
    res.end(page !== undefined ? String(page) : String(res.statusCode));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    cookieName,
    requests,
    issuedTickets,
    lastCookieHeader(path?: string) {
      const matching = path === undefined ? requests : requests.filter((r) => r.url.split('?')[0] === path);
      return matching[matching.length - 1]?.cookie;
    },
    cookieNames(header: string | undefined) {
      return [...parseCookieHeader(header).keys()];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
