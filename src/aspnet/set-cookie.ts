// Set-Cookie lines exactly as ASP.NET writes them: Response.Cookies.Append (ResponseCookies)
// builds a SetCookieHeaderValue whose ToString() uses lower-case attribute names in a fixed
// order: expires, max-age, domain, path, secure, samesite, httponly.

import type { HttpResponse } from './context.js';

/** Microsoft.AspNetCore.Http.SameSiteMode; Unspecified writes no attribute. */
export type SameSiteMode = 'Unspecified' | 'None' | 'Lax' | 'Strict';

export interface CookieOptions {
  domain?: string;
  path?: string;
  expires?: Date;
  /** Seconds. */
  maxAge?: number;
  secure?: boolean;
  sameSite?: SameSiteMode;
  httpOnly?: boolean;
  isEssential?: boolean;
}

export const UNIX_EPOCH = new Date(0);

/** SetCookieHeaderValue.ToString() for a name, an (already escaped) value and options. */
export function formatSetCookie(name: string, value: string, options: CookieOptions): string {
  let line = `${name}=${value}`;
  if (options.expires) line += `; expires=${formatHttpDate(options.expires)}`;
  if (options.maxAge !== undefined) line += `; max-age=${Math.max(0, Math.trunc(options.maxAge))}`;
  if (options.domain !== undefined && options.domain !== null) line += `; domain=${options.domain}`;
  if (options.path !== undefined && options.path !== null) line += `; path=${options.path}`;
  if (options.secure) line += '; secure';
  const sameSite = options.sameSite ?? 'Unspecified';
  if (sameSite !== 'Unspecified') line += `; samesite=${sameSite.toLowerCase()}`;
  if (options.httpOnly) line += '; httponly';
  return line;
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const twoDigits = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * .NET's "r" (RFC 1123) format: Date#toUTCString's text, written out here because V8's first
 * toUTCString costs ~0.9 ms (of every sign-out's start) and the getUTC* parts ~0.1 ms. Years
 * outside 1000-9999 (.NET's DateTime stops at 9999; V8 pads differently) and invalid dates are
 * V8's own.
 */
export function formatHttpDate(date: Date): string {
  const year = date.getUTCFullYear();
  if (!(year >= 1000 && year <= 9999)) return date.toUTCString();
  return `${DAY_NAMES[date.getUTCDay()]}, ${twoDigits(date.getUTCDate())} ${MONTH_NAMES[date.getUTCMonth()]} ${year} ${twoDigits(date.getUTCHours())}:${twoDigits(date.getUTCMinutes())}:${twoDigits(date.getUTCSeconds())} GMT`;
}

/**
 * Uri.EscapeDataString: RFC 3986 unreserved characters stay, everything else is
 * percent-encoded (unlike encodeURIComponent, which leaves !'()* alone).
 */
export function escapeDataString(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * ResponseCookies.Append: the value is escaped with Uri.EscapeDataString; the name is not
 * (cookie name encoding is off by default since ASP.NET Core 5).
 */
export function appendResponseCookie(response: HttpResponse, name: string, value: string, options: CookieOptions): void {
  response.appendSetCookie(formatSetCookie(name, escapeDataString(value), options));
}
