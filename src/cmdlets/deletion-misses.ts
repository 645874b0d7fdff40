// A sign-out deletes a cookie by name *and* domain/path: the jar, like a browser, drops only
// the stored cookie those match. When the app set its cookie with another path or domain
// than the scheme's options say (path /app while kr's config says /), the deletion misses
// and the session stays in the jar. That is what a browser would do too, but the user asked
// kr to sign out: these are the cookies to warn about, with what to change.

import { Cookie } from 'tough-cookie';
import type { JarCookie } from '../jar/types.js';

export interface DeletionMiss {
  name: string;
  /** Where the jar holds it. */
  stored: { domain: string; path: string };
  /** What the sign-out's Set-Cookie named (domain absent: host-only). */
  deleted: { domain?: string; path: string };
}

const same = (a: JarCookie, b: JarCookie): boolean => a.name === b.name && a.domain === b.domain && a.path === b.path;

/**
 * The cookies the request sent that the response tried to delete (an expired Set-Cookie of
 * the same name) but that are still in the jar afterwards.
 */
export function deletionMisses(sent: readonly JarCookie[], setCookieLines: readonly string[], removed: readonly JarCookie[], now = Date.now()): DeletionMiss[] {
  const deletions = new Map<string, { domain?: string; path: string }>();
  for (const line of setCookieLines) {
    // parsed as the jar parses it when it applies the line (src/jar/session.ts)
    const parsed = Cookie.parse(line, { loose: true });
    if (!parsed) continue;
    const expiry = parsed.expiryTime();
    if (expiry === undefined || expiry > now) continue;
    deletions.set(parsed.key, { domain: parsed.domain ?? undefined, path: parsed.path ?? '/' });
  }
  return sent.flatMap((cookie) => {
    const deleted = deletions.get(cookie.name);
    if (!deleted || removed.some((r) => same(r, cookie))) return [];
    return [{ name: cookie.name, stored: { domain: cookie.domain, path: cookie.path }, deleted }];
  });
}

/** The warning for one miss: what the jar holds, what the sign-out named, which option to set. */
export function describeMiss(miss: DeletionMiss, scheme: string): string {
  const target = `${miss.deleted.domain !== undefined ? `domain=${miss.deleted.domain}; ` : ''}path=${miss.deleted.path}`;
  return (
    `The jar's '${miss.name}' (${miss.stored.domain}, path ${miss.stored.path}) was sent, but the sign-out deletes it with ` +
    `${target}, which does not match it, so the jar keeps it. Give the '${scheme}' scheme the path (and domain) the app ` +
    `sets its cookie with, in kr.config.json.`
  );
}
