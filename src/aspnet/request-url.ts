// The URL of the simulated request. In order: --url, KR_URL, the config's "url". With
// none of those, the jar decides: if exactly one site holds the scheme's auth cookie (its
// base name or a chunk `NameC<n>`), that site is used (https when the cookie is Secure,
// the cookie's path); several sites are an error asking for --url. An empty jar, or one
// without that cookie, gives http://localhost/ with a note: nothing would be deleted
// there anyway, and the sign-out still reports what ASP.NET would have sent.
// Cookies do not record a port (but wget's do), so an inferred URL uses the scheme's default port.

import type { KrConfig } from '../config/types.js';
import type { JarCookie } from '../jar/types.js';
import type { SchemeKind } from './authentication.js';
import { HttpErrors } from './errors.js';
import { authCookieName } from './linked-scheme.js';
import { isHttpUrl } from './url.js';

export const DEFAULT_REQUEST_URL = 'http://localhost/';
export const URL_ENV = 'KR_URL';

export type RequestUrlSource = '--url' | 'KR_URL' | 'config' | 'jar' | 'default';

export interface RequestUrlInput {
  /** The --url option's value, if given. */
  url?: string;
  env: Readonly<Record<string, string | undefined>>;
  config: KrConfig | null;
  scheme: string;
  kind: SchemeKind;
  /** Every cookie in the jar (JarSession.cookies()). */
  jarCookies: readonly Pick<JarCookie, 'name' | 'domain' | 'path' | 'secure' | 'expires' | 'port'>[];
  /** Epoch seconds, for skipping expired cookies; default now. */
  now?: number;
}

export interface ResolvedRequestUrl {
  url: URL;
  source: RequestUrlSource;
  /** The auth cookie name the jar was searched for. */
  cookieName: string;
  /** For a person: how the URL was chosen when it was not given. */
  note?: string;
}

export function resolveRequestUrl(input: RequestUrlInput): ResolvedRequestUrl {
  const cookieName = authCookieName(input.config, input.scheme, input.kind);
  const given: [string | undefined, RequestUrlSource, string][] = [
    [input.url, '--url', '--url'],
    [input.env[URL_ENV], 'KR_URL', 'KR_URL'],
    [input.config?.url, 'config', input.config ? `${input.config.file} (url)` : 'config'],
  ];
  for (const [value, source, label] of given) {
    if (value === undefined || value === '') continue;
    if (!isHttpUrl(value)) throw HttpErrors.invalidRequestUrl(value, label);
    return { url: new URL(value), source, cookieName };
  }

  const sites = sitesHolding(cookieName, input.jarCookies, input.now ?? Date.now() / 1000);
  if (sites.length === 1) {
    return {
      url: new URL(sites[0]),
      source: 'jar',
      cookieName,
      note: `Using ${sites[0]}, the only site in the jar holding '${cookieName}'.`,
    };
  }
  if (sites.length > 1) throw HttpErrors.ambiguousRequestUrl(input.scheme, cookieName, sites);
  return {
    url: new URL(DEFAULT_REQUEST_URL),
    source: 'default',
    cookieName,
    note: `No --url, KR_URL or config url, and no site in the jar holds '${cookieName}': using ${DEFAULT_REQUEST_URL}.`,
  };
}

/** Distinct `scheme://host/path` of live cookies named `name` or `name` + `C<n>` (names without case, as ASP.NET reads them). */
export function sitesHolding(
  name: string,
  cookies: RequestUrlInput['jarCookies'],
  now: number,
): string[] {
  const base = name.toLowerCase();
  const isAuthCookie = (n: string) => {
    const lower = n.toLowerCase();
    return lower === base || (lower.startsWith(`${base}c`) && /^[0-9]+$/.test(lower.slice(base.length + 1)));
  };
  // host + path -> secure: one site even when its chunks differ in the Secure flag.
  const sites = new Map<string, boolean>();
  for (const c of cookies) {
    if (!isAuthCookie(c.name)) continue;
    if (c.expires !== null && c.expires !== 0 && c.expires <= now) continue;
    const host = c.domain.replace(/^\./, '');
    const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
    // wget records the port a cookie came from (`host:port` in its domain column)
    const site = hostPart + (c.port !== undefined ? `:${c.port}` : '') + (c.path.startsWith('/') ? c.path : '/');
    sites.set(site, (sites.get(site) ?? false) || c.secure);
  }
  return [...sites].map(([site, secure]) => `${secure ? 'https' : 'http'}://${site}`).sort();
}
