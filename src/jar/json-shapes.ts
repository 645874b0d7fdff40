// The cookie objects of the JSON jars kr edits: what each tool writes for one cookie, read
// into kr's JarCookie and written back in the tool's own shape.
//   tough-cookie  CookieJar.serializeSync(): { key, value, domain, path, expires (ISO date or
//                 "Infinity"), hostOnly, creation, lastAccessed, sameSite, ... }
//   Playwright    storageState().cookies: { name, value, domain, path, expires (seconds, -1 =
//                 session), httpOnly, secure, sameSite: "Strict" | "Lax" | "None" }
//   Puppeteer     page.cookies() / browser.cookies(): Playwright's fields plus size, session,
//                 priority, sourceScheme, partitionKey, ... (kept as they are)
// Playwright and Puppeteer write a domain cookie's domain with a leading dot and a host-only
// cookie's without, as Chromium stores them.

import { Cookie } from 'tough-cookie';
import type { JarCookie } from './types.js';
import { toJarCookie } from './convert.js';

export type JsonScalar = string | number | boolean | null;
export type JsonJarFormat = 'tough-json' | 'playwright' | 'puppeteer';

export interface CookieShape {
  /** The fields this shape writes; a rewritten cookie object keeps every other field as it was. */
  readonly managed: ReadonlySet<string>;
  /** The cookie of one object (its scalar fields, plus `extensions` for tough-cookie); undefined when it is not one. */
  read(fields: Record<string, unknown>): { cookie: JarCookie; tough?: Cookie } | undefined;
  /** The fields to write for `cookie` (tough-cookie's own object when the shape keeps one). */
  write(cookie: JarCookie, tough: Cookie): [string, unknown][];
}

/** 9999-12-31T23:59:59Z: later expiries (Chromium writes up to 400 days, tools far more) are read as this. */
const MAX_EXPIRY_SECONDS = 253_402_300_799;

const SAME_SITE: Record<string, JarCookie['sameSite']> = { strict: 'strict', lax: 'lax', none: 'none' };
const SAME_SITE_OUT = { strict: 'Strict', lax: 'Lax', none: 'None' } as const;

const toughShape: CookieShape = {
  managed: new Set(Cookie.serializableProperties),
  read(fields) {
    const tough = Cookie.fromJSON(fields);
    if (tough === undefined || typeof tough.key !== 'string' || !tough.domain) return undefined;
    return { cookie: toJarCookie(tough), tough };
  },
  write(_cookie, tough) {
    return Object.entries(tough.toJSON());
  },
};

/** Playwright's and Puppeteer's common reading: Chromium's cookie as JSON. */
function readBrowserCookie(fields: Record<string, unknown>): { cookie: JarCookie } | undefined {
  const { name, value, domain } = fields;
  if (typeof name !== 'string' || typeof domain !== 'string' || domain === '' || domain === '.') return undefined;
  const path = typeof fields.path === 'string' && fields.path.startsWith('/') ? fields.path : '/';
  // whole seconds within what a Date holds, as kr's cookie (tough-cookie's Date) keeps them: a
  // cookie read and not changed must compare equal to itself after that round trip
  const expires =
    typeof fields.expires === 'number' && fields.expires > 0 && fields.session !== true ? Math.min(Math.floor(fields.expires), MAX_EXPIRY_SECONDS) : null;
  const cookie: JarCookie = {
    name,
    value: typeof value === 'string' ? value : '',
    domain: domain.replace(/^\./, '').toLowerCase(),
    hostOnly: !domain.startsWith('.'),
    path,
    secure: fields.secure === true,
    httpOnly: fields.httpOnly === true,
    expires,
  };
  const sameSite = typeof fields.sameSite === 'string' ? SAME_SITE[fields.sameSite.toLowerCase()] : undefined;
  if (sameSite !== undefined) cookie.sameSite = sameSite;
  return { cookie };
}

function browserFields(cookie: JarCookie): [string, unknown][] {
  return [
    ['name', cookie.name],
    ['value', cookie.value],
    ['domain', cookie.hostOnly ? cookie.domain : `.${cookie.domain}`],
    ['path', cookie.path],
    ['expires', cookie.expires ?? -1],
    ['httpOnly', cookie.httpOnly],
    ['secure', cookie.secure],
  ];
}

const playwrightShape: CookieShape = {
  managed: new Set(['name', 'value', 'domain', 'path', 'expires', 'httpOnly', 'secure', 'sameSite']),
  read: readBrowserCookie,
  // Playwright requires sameSite; Chromium's default for a cookie without one is Lax
  write: (cookie) => [...browserFields(cookie), ['sameSite', SAME_SITE_OUT[cookie.sameSite ?? 'lax']]],
};

const puppeteerShape: CookieShape = {
  managed: new Set(['name', 'value', 'domain', 'path', 'expires', 'size', 'httpOnly', 'secure', 'session', 'sameSite']),
  read: readBrowserCookie,
  write: (cookie) => {
    const fields = browserFields(cookie);
    fields.splice(5, 0, ['size', cookie.name.length + cookie.value.length]);
    fields.push(['session', cookie.expires === null]);
    if (cookie.sameSite !== undefined) fields.push(['sameSite', SAME_SITE_OUT[cookie.sameSite]]);
    return fields;
  },
};

export const COOKIE_SHAPES: Record<JsonJarFormat, CookieShape> = {
  'tough-json': toughShape,
  playwright: playwrightShape,
  puppeteer: puppeteerShape,
};
