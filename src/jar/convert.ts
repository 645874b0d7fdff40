// Between the jar's view of a cookie (JarCookie) and tough-cookie's Cookie.

import { Cookie } from 'tough-cookie';
import type { JarCookie } from './types.js';

const SAME_SITE = new Set(['strict', 'lax', 'none']);

/** Session cookies have no expiry; Max-Age<=0 (-Infinity to tough-cookie) is "already expired". */
function expirySeconds(expiryMs: number | undefined): number | null {
  if (expiryMs === undefined || expiryMs === Infinity) return null;
  if (expiryMs === -Infinity) return 0;
  return Math.floor(expiryMs / 1000);
}

export function toJarCookie(cookie: Cookie): JarCookie {
  // Max-Age counts from when the cookie was received (RFC 6265), not from its last use
  const expiry = cookie.expiryTime(cookie.creation instanceof Date ? cookie.creation : undefined);
  const sameSite = cookie.sameSite?.toLowerCase();
  const jarCookie: JarCookie = {
    name: cookie.key,
    value: cookie.value,
    domain: (cookie.domain ?? '').replace(/^\./, '').toLowerCase(),
    // tough-cookie treats an unknown (null) hostOnly as a domain cookie
    hostOnly: cookie.hostOnly === true,
    path: cookie.path ?? '/',
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    expires: expirySeconds(expiry),
  };
  if (sameSite !== undefined && SAME_SITE.has(sameSite)) jarCookie.sameSite = sameSite as JarCookie['sameSite'];
  return jarCookie;
}

/**
 * A tough-cookie Cookie for a cookie read from a file. `order` becomes its creation time
 * so tough-cookie's send order (longest path first, then oldest) follows the file's order,
 * and every cookie from the file counts as older than one set during this session.
 */
export function toToughCookie(cookie: JarCookie, order: number): Cookie {
  return new Cookie({
    key: cookie.name,
    value: cookie.value,
    domain: cookie.domain,
    path: cookie.path,
    secure: cookie.secure,
    httpOnly: cookie.httpOnly,
    hostOnly: cookie.hostOnly,
    expires: cookie.expires === null ? 'Infinity' : new Date(cookie.expires * 1000),
    sameSite: cookie.sameSite,
    creation: new Date(order),
    lastAccessed: new Date(order),
  });
}

/** Browsers identify a cookie by name, domain and path. */
export function identity(cookie: { name: string; domain: string; path: string }): string {
  return `${cookie.domain}\t${cookie.path}\t${cookie.name}`;
}

/** Whether two cookies differ in anything a jar file stores. */
export function sameStoredCookie(a: JarCookie, b: JarCookie, withSameSite: boolean): boolean {
  return (
    a.value === b.value &&
    a.hostOnly === b.hostOnly &&
    a.secure === b.secure &&
    a.httpOnly === b.httpOnly &&
    a.expires === b.expires &&
    (!withSameSite || a.sameSite === b.sameSite)
  );
}

export function isExpired(cookie: JarCookie, nowSeconds: number): boolean {
  return cookie.expires !== null && cookie.expires <= nowSeconds;
}
