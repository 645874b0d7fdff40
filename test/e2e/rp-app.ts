// The app of the end-to-end tests: a node:http server that plays an ASP.NET Core app with
// cookie authentication and an OpenID Connect relying party, on its own loopback address
// (127.0.0.2 where the system has it) so that its cookies and the IdP's (127.0.0.1) belong
// to different sites, as they would in production.
//
//   GET  /Account/Login          a sign-in page (user name + password)
//   POST /Account/Login          signs in: chunked .AspNetCore.Cookies + an unrelated `theme`
//   GET  /test/session?scheme=S  sets S's linked cookie `.AspNetCore.Cookies.S`: stands in for
//                                /signin-oidc, whose code exchange the test harness has done
//   GET  /me                     200 with a valid ticket in any of the app's auth cookies, else 401
//   GET  /signout-callback-oidc  ASP.NET's signed-out callback: it cannot read kr's state, so it
//                                answers 200, or redirects to `callbackRedirect` when set
//   GET  /bye, GET /             plain pages
// Every request is recorded with its Cookie header.

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RpAppOptions {
  /** Where /signout-callback-oidc redirects; default: it answers 200 itself. */
  callbackRedirect?: string;
}

export interface RpRequest {
  method: string;
  /** Path and query. */
  url: string;
  cookie: string | undefined;
}

export interface RpApp {
  /** e.g. `http://127.0.0.2:41234` (no trailing slash). */
  url: string;
  host: string;
  requests: RpRequest[];
  /** Cookie names a request to `path` carried (the last one). */
  cookiesSentTo(path: string): string[];
  close(): Promise<void>;
}

const CHUNK_SIZE = 1200;
const CHUNKS = 3;

function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && !cookies.has(part.slice(0, eq).trim())) cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return cookies;
}

const page = (res: ServerResponse, status: number, title: string, body = `<h1>${title}</h1>`) => {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!DOCTYPE html><html><head><title>${title}</title></head><body>${body}</body></html>`);
};

function listen(server: Server, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export async function startRpApp(options: RpAppOptions = {}): Promise<RpApp> {
  const requests: RpRequest[] = [];
  const tickets = new Set<string>();
  const expires = () => new Date(Date.now() + 14 * 24 * 3600 * 1000).toUTCString();
  const newTicket = (length: number) => {
    const ticket = `CfDJ8${randomBytes(length).toString('base64url').slice(0, length - 5)}`;
    tickets.add(ticket);
    return ticket;
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://app.invalid');
    const cookies = parseCookies(req.headers.cookie);
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', cookie: req.headers.cookie });
    req.resume();
    const attrs = `expires=${expires()}; path=/; samesite=lax; httponly`;

    if (url.pathname === '/Account/Login' && req.method === 'POST') {
      const ticket = newTicket(CHUNK_SIZE * (CHUNKS - 1) + 100);
      const lines = [`.AspNetCore.Cookies=chunks-${CHUNKS}; ${attrs}`];
      for (let i = 0; i < CHUNKS; i++) lines.push(`.AspNetCore.CookiesC${i + 1}=${ticket.slice(i * CHUNK_SIZE, (i + 1) * CHUNK_SIZE)}; ${attrs}`);
      lines.push(`theme=dark; expires=${expires()}; path=/`);
      res.writeHead(302, { location: '/', 'set-cookie': lines });
      res.end();
    } else if (url.pathname === '/Account/Login') {
      page(res, 200, 'Sign in', '<form method="post"><input name="username"><input type="password" name="password"><button>Sign in</button></form>');
    } else if (url.pathname === '/test/session') {
      const scheme = url.searchParams.get('scheme') ?? 'oidc';
      res.writeHead(200, { 'content-type': 'text/plain', 'set-cookie': [`.AspNetCore.Cookies.${scheme}=${newTicket(300)}; ${attrs}`] });
      res.end('signed in');
    } else if (url.pathname === '/me') {
      const signedIn = [...cookies].some(([name, value]) => {
        if (!name.startsWith('.AspNetCore.Cookies') || /C\d+$/.test(name)) return false;
        const chunked = /^chunks-(\d+)$/.exec(value);
        const ticket = chunked ? Array.from({ length: Number(chunked[1]) }, (_, i) => cookies.get(`${name}C${i + 1}`) ?? '').join('') : value;
        return tickets.has(ticket);
      });
      page(res, signedIn ? 200 : 401, signedIn ? 'Me' : 'Unauthorized');
    } else if (url.pathname === '/signout-callback-oidc') {
      if (options.callbackRedirect !== undefined) {
        res.writeHead(302, { location: options.callbackRedirect });
        res.end();
      } else page(res, 200, 'Signed out callback');
    } else if (url.pathname === '/bye') {
      page(res, 200, 'Bye', '<h1>You are signed out</h1>');
    } else if (url.pathname === '/') {
      page(res, 200, 'Home');
    } else {
      page(res, 404, 'Not found');
    }
  });

  let host = '127.0.0.2';
  try {
    await listen(server, host);
  } catch {
    // systems without the whole 127/8 on loopback (macOS): share the IdP's address
    host = '127.0.0.1';
    await listen(server, host);
  }
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    host,
    requests,
    cookiesSentTo(path: string) {
      const matching = requests.filter((r) => r.url.split('?')[0] === path);
      return [...parseCookies(matching[matching.length - 1]?.cookie).keys()];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
