// Linked cookie schemes: Kestrun registers an OpenID Connect or OAuth2 scheme S together
// with a cookie scheme that holds the signed-in session, named by the scheme's configured
// cookie scheme or `Cookies.S`. Its cookie follows ASP.NET's default naming
// (`.AspNetCore.` + escaped scheme name, e.g. `.AspNetCore.Cookies.oidc`) unless configured.

import type { KrConfig } from '../config/types.js';
import type { SchemeKind } from './authentication.js';
import { defaultCookieName } from './cookie-options.js';

export const LINKED_COOKIE_SCHEME_PREFIX = 'Cookies.';

/** The cookie scheme an Oidc/OAuth2 scheme signs its users in with. */
export function linkedCookieScheme(config: KrConfig | null, scheme: string): string {
  const entry = config?.schemes.get(scheme);
  if (entry && entry.kind !== 'Cookies' && entry.cookieScheme) return entry.cookieScheme;
  return LINKED_COOKIE_SCHEME_PREFIX + scheme;
}

/** The auth cookie name of a cookie scheme: configured, else ASP.NET's default. */
export function cookieNameOf(config: KrConfig | null, cookieScheme: string): string {
  const entry = config?.schemes.get(cookieScheme);
  if (entry?.kind === 'Cookies' && entry.cookieName) return entry.cookieName;
  return defaultCookieName(cookieScheme);
}

/** The cookie that shows a user is signed in to `scheme`: its own for Cookies, the linked scheme's otherwise. */
export function authCookieName(config: KrConfig | null, scheme: string, kind: SchemeKind): string {
  return cookieNameOf(config, kind === 'Cookies' ? scheme : linkedCookieScheme(config, scheme));
}
