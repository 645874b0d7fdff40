// CookieAuthenticationOptions with ASP.NET's defaults (CookieAuthenticationOptions ctor and
// PostConfigureCookieAuthenticationOptions), and CookieBuilder.Build for one request.

import type { HttpContext } from './context.js';
import { HttpErrors } from './errors.js';
import { escapeDataString } from './set-cookie.js';
import type { CookieOptions, SameSiteMode } from './set-cookie.js';
import type { AuthenticationProperties } from './authentication-properties.js';

export type CookieSecurePolicy = 'SameAsRequest' | 'Always' | 'None';

/** CookieAuthenticationDefaults. */
export const COOKIE_DEFAULTS = {
  cookiePrefix: '.AspNetCore.',
  loginPath: '/Account/Login',
  logoutPath: '/Account/Logout',
  accessDeniedPath: '/Account/AccessDenied',
  returnUrlParameter: 'ReturnUrl',
  expireTimeSpanSeconds: 14 * 24 * 60 * 60,
} as const;

/** The context CookieAuthenticationEvents.SigningOut receives; a hook may change the options. */
export interface CookieSigningOutContext {
  readonly context: HttpContext;
  readonly scheme: string;
  readonly properties: AuthenticationProperties;
  cookieOptions: CookieOptions;
}

export interface CookieAuthenticationEvents {
  signingOut?(context: CookieSigningOutContext): void | Promise<void>;
}

/** What a caller (or the config file) may set; everything else takes ASP.NET's default. */
export interface CookieAuthenticationOptionsInit {
  cookieName?: string;
  domain?: string;
  /** Unset = the request's PathBase, or `/`. */
  path?: string;
  secure?: CookieSecurePolicy;
  sameSite?: SameSiteMode;
  httpOnly?: boolean;
  loginPath?: string;
  logoutPath?: string;
  accessDeniedPath?: string;
  returnUrlParameter?: string;
  events?: CookieAuthenticationEvents;
}

export interface CookieAuthenticationOptions {
  readonly cookieName: string;
  readonly domain: string | undefined;
  readonly path: string | undefined;
  readonly secure: CookieSecurePolicy;
  readonly sameSite: SameSiteMode;
  readonly httpOnly: boolean;
  readonly loginPath: string;
  /** False when LoginPath is ASP.NET's default rather than configured (Kestrun's -Redirect falls back to `/`). */
  readonly loginPathConfigured: boolean;
  readonly logoutPath: string;
  readonly accessDeniedPath: string;
  readonly returnUrlParameter: string;
  readonly expireTimeSpanSeconds: number;
  readonly slidingExpiration: boolean;
  readonly events: CookieAuthenticationEvents;
}

/** `.AspNetCore.` + Uri.EscapeDataString(scheme), as PostConfigureCookieAuthenticationOptions names it. */
export function defaultCookieName(scheme: string): string {
  return COOKIE_DEFAULTS.cookiePrefix + escapeDataString(scheme);
}

export function resolveCookieOptions(scheme: string, init: CookieAuthenticationOptionsInit = {}): CookieAuthenticationOptions {
  return {
    cookieName: init.cookieName || defaultCookieName(scheme),
    domain: init.domain || undefined,
    path: init.path || undefined,
    secure: init.secure ?? 'SameAsRequest',
    sameSite: init.sameSite ?? 'Lax',
    httpOnly: init.httpOnly ?? true,
    loginPath: pathString(init.loginPath ?? COOKIE_DEFAULTS.loginPath),
    loginPathConfigured: init.loginPath !== undefined,
    logoutPath: pathString(init.logoutPath ?? COOKIE_DEFAULTS.logoutPath),
    accessDeniedPath: pathString(init.accessDeniedPath ?? COOKIE_DEFAULTS.accessDeniedPath),
    returnUrlParameter: init.returnUrlParameter ?? COOKIE_DEFAULTS.returnUrlParameter,
    expireTimeSpanSeconds: COOKIE_DEFAULTS.expireTimeSpanSeconds,
    slidingExpiration: true,
    events: init.events ?? {},
  };
}

/**
 * Options.Cookie.Build(context) (a RequestPathBaseCookieBuilder), with Expires cleared
 * as the handler's BuildCookieOptions does.
 */
export function buildCookieOptions(options: CookieAuthenticationOptions, context: HttpContext): CookieOptions {
  const path = options.path ?? context.request.pathBase;
  return {
    domain: options.domain,
    path: path ? path : '/',
    sameSite: options.sameSite,
    httpOnly: options.httpOnly,
    isEssential: true,
    secure: options.secure === 'Always' || (options.secure === 'SameAsRequest' && context.request.isHttps),
  };
}

/** PathString's rule: empty, or starting with '/'. */
function pathString(value: string): string {
  if (value !== '' && !value.startsWith('/')) throw HttpErrors.invalidPathString(value);
  return value;
}
