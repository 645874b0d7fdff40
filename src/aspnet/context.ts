// A simulated ASP.NET Core HttpContext: the request a browser holding the jar would send
// (URL + the cookies the jar matches for it, passed in as data so this file knows nothing
// of jars) and the response a handler builds (status, headers, Set-Cookie lines, Location).
// The cmdlet glues the two: jar -> request cookies, response Set-Cookie -> jar.

import { HeaderMap } from './header-map.js';
import { HttpErrors } from './errors.js';
import { RequestCookieCollection } from './request-cookies.js';
import type { RequestCookie } from './request-cookies.js';
import type { SignOutRecord } from './sign-out-record.js';

export type { RequestCookie } from './request-cookies.js';

/** Receives one line per step a handler takes. Lines name cookies and schemes, never values. */
export type TraceHook = (step: string) => void;

export interface HttpContextInit {
  url: URL | string;
  cookies?: Iterable<RequestCookie>;
  method?: string;
  /** The app's mount point (ASP.NET PathBase), e.g. `/app`; default none. */
  pathBase?: string;
  headers?: Record<string, string> | Iterable<[string, string]>;
  trace?: TraceHook;
}

export class HttpRequest {
  readonly url: URL;
  readonly method: string;
  /** `http` or `https`. */
  readonly scheme: 'http' | 'https';
  /** Host as ASP.NET's HostString: the name plus `:port` when the URL names a non-default port. */
  readonly host: string;
  readonly hostname: string;
  readonly port: number;
  readonly pathBase: string;
  /** Decoded path below PathBase (`/` at least), as ASP.NET's Request.Path. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly isHttps: boolean;
  readonly cookies: RequestCookieCollection;
  readonly headers: HeaderMap;

  constructor(init: HttpContextInit) {
    const url = new URL(String(init.url));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw HttpErrors.invalidRequestUrl(url.protocol, 'the HTTP context');
    }
    this.url = url;
    this.method = (init.method ?? 'GET').toUpperCase();
    this.scheme = url.protocol === 'https:' ? 'https' : 'http';
    this.isHttps = this.scheme === 'https';
    this.host = url.host;
    this.hostname = url.hostname;
    this.port = url.port ? Number(url.port) : this.isHttps ? 443 : 80;
    const fullPath = decodePath(url.pathname);
    const base = normalisePathBase(init.pathBase);
    if (base && startsWithSegments(fullPath, base)) {
      this.pathBase = fullPath.slice(0, base.length);
      this.path = fullPath.slice(base.length);
    } else {
      this.pathBase = '';
      this.path = fullPath;
    }
    this.query = new URLSearchParams(url.search);
    this.cookies = new RequestCookieCollection(init.cookies ?? []);
    this.headers = HeaderMap.from(init.headers);
  }

  /** Request.Query[key] as a string: keys compared without case, several values joined with ','. */
  queryValue(key: string): string | undefined {
    const wanted = key.toLowerCase();
    const values: string[] = [];
    for (const [k, v] of this.query) if (k.toLowerCase() === wanted) values.push(v);
    return values.length === 0 ? undefined : values.join(',');
  }
}

export class HttpResponse {
  status = 200;
  readonly headers = new HeaderMap();

  /** Every Set-Cookie line, in the order the handlers appended them. */
  get setCookie(): string[] {
    return this.headers.getAll('Set-Cookie');
  }

  get location(): string | undefined {
    return this.headers.get('Location');
  }

  set location(value: string | undefined) {
    if (value === undefined) this.headers.delete('Location');
    else this.headers.set('Location', checkHeaderValue(value));
  }

  /** HttpResponse.Redirect(location): 302 + Location. */
  redirect(location: string): void {
    this.status = 302;
    this.location = location;
  }

  appendSetCookie(line: string): void {
    this.headers.append('Set-Cookie', checkHeaderValue(line));
  }
}

export class HttpContext {
  readonly request: HttpRequest;
  readonly response = new HttpResponse();
  /** Per-request state shared between handlers (HttpContext.Items). */
  readonly items = new Map<string, unknown>();
  /** What each sign-out did, in order, for the cmdlet's report. */
  readonly signOuts: SignOutRecord[] = [];
  private readonly traceHook: TraceHook | undefined;

  constructor(init: HttpContextInit) {
    this.request = new HttpRequest(init);
    this.traceHook = init.trace;
  }

  trace(step: string): void {
    this.traceHook?.(step);
  }
}

/** Kestrel refuses to write a header value holding a control or non-ASCII character (tab aside). */
export function checkHeaderValue(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c > 0x7e) throw HttpErrors.invalidHeaderCharacter(c);
  }
  return value;
}

// ASP.NET decodes the path except for %2F, which would change the segments.
function decodePath(pathname: string): string {
  const path = pathname || '/';
  try {
    return path
      .split(/%2f/i)
      .map((part) => decodeURIComponent(part))
      .join('%2F');
  } catch {
    return path;
  }
}

function normalisePathBase(pathBase: string | undefined): string {
  if (!pathBase || pathBase === '/') return '';
  const withSlash = pathBase.startsWith('/') ? pathBase : `/${pathBase}`;
  return withSlash.endsWith('/') ? withSlash.slice(0, -1) : withSlash;
}

/** PathString.StartsWithSegments: case-insensitive, and only on a segment boundary. */
function startsWithSegments(path: string, base: string): boolean {
  if (path.length < base.length) return false;
  if (path.slice(0, base.length).toLowerCase() !== base.toLowerCase()) return false;
  return path.length === base.length || path[base.length] === '/';
}
