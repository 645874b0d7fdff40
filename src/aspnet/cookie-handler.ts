// CookieAuthenticationHandler.HandleSignOutAsync, step by step (REFERENCE.md §3):
// read the auth cookie, (session store: n/a), SigningOut, delete through the chunking
// cookie manager, then ApplyHeaders (no-cache headers and the redirect rules).

import type { AuthenticationHandler } from './authentication.js';
import type { AuthenticationProperties } from './authentication-properties.js';
import { ChunkingCookieManager } from './chunking-cookie-manager.js';
import type { HttpContext } from './context.js';
import { buildCookieOptions, resolveCookieOptions } from './cookie-options.js';
import type { CookieAuthenticationOptions, CookieAuthenticationOptionsInit, CookieSigningOutContext } from './cookie-options.js';
import type { SignOutRecord } from './sign-out-record.js';

const NO_CACHE = 'no-cache';
const NO_CACHE_NO_STORE = 'no-cache,no-store';
const EPOCH_DATE = 'Thu, 01 Jan 1970 00:00:00 GMT';

export class CookieAuthenticationHandler implements AuthenticationHandler {
  readonly handlerTypeName = 'CookieAuthenticationHandler';
  readonly canSignOut = true;
  readonly options: CookieAuthenticationOptions;
  readonly cookieManager = new ChunkingCookieManager();

  constructor(
    readonly scheme: string,
    options: CookieAuthenticationOptionsInit | CookieAuthenticationOptions = {},
  ) {
    this.options = isResolved(options) ? options : resolveCookieOptions(scheme, options);
  }

  /**
   * kr cannot decrypt the ticket (it is protected with the server's Data Protection keys),
   * so "authenticated" means the request carries the auth cookie with every chunk: the
   * state in which ASP.NET would go on to unprotect it.
   */
  isAuthenticated(context: HttpContext): boolean {
    return this.cookieManager.read(context, this.options.cookieName).complete;
  }

  async signOut(context: HttpContext, properties: AuthenticationProperties): Promise<void> {
    const name = this.options.cookieName;
    const read = this.cookieManager.read(context, name);
    const authenticated = read.complete;
    context.trace(
      read.value === undefined
        ? `${this.scheme}: no '${name}' cookie in the request (not authenticated)`
        : read.chunkCount > 0
          ? `${this.scheme}: '${name}' cookie in ${read.chunkCount} chunks` +
            (read.missingChunks.length > 0 ? `, missing ${read.missingChunks.join(', ')}` : '')
          : `${this.scheme}: '${name}' cookie received`,
    );
    // No SessionStore: the ticket (and any session key in it) cannot be read, so there is
    // no server-side entry kr could remove.

    const signingOut: CookieSigningOutContext = {
      context,
      scheme: this.scheme,
      properties,
      cookieOptions: buildCookieOptions(this.options, context),
    };
    await this.options.events.signingOut?.(signingOut);

    const deleted = this.cookieManager.deleteCookie(context, name, signingOut.cookieOptions);
    context.trace(`${this.scheme}: deleting ${deleted.map((n) => `'${n}'`).join(', ')}`);

    // Only honour the ReturnUrl query parameter on the logout path (PathString equality ignores case).
    const onLogoutPath =
      this.options.logoutPath !== '' && context.request.path.toLowerCase() === this.options.logoutPath.toLowerCase();
    const redirectUri = this.applyHeaders(context, onLogoutPath, signingOut.properties);

    const record: SignOutRecord = {
      scheme: this.scheme,
      handlerTypeName: this.handlerTypeName,
      authenticated,
      cookiesDeleted: deleted,
    };
    if (redirectUri !== undefined) record.redirectUri = redirectUri;
    context.signOuts.push(record);
  }

  /** ApplyHeaders(shouldRedirect: true, ...); returns the redirect target, if any. */
  private applyHeaders(context: HttpContext, honourReturnUrl: boolean, properties: AuthenticationProperties): string | undefined {
    const { request, response } = context;
    response.headers.set('Cache-Control', NO_CACHE_NO_STORE);
    response.headers.set('Pragma', NO_CACHE);
    response.headers.set('Expires', EPOCH_DATE);
    if (response.status !== 200) return undefined;

    let redirectUri = properties.redirectUri;
    if (honourReturnUrl && (redirectUri === undefined || redirectUri === '')) {
      // The query string is not trusted: only a host-relative path may come from it.
      const fromQuery = request.queryValue(this.options.returnUrlParameter);
      redirectUri = fromQuery !== undefined && isLocalUrl(fromQuery) && isWritableHeader(fromQuery) ? fromQuery : undefined;
    }
    if (redirectUri === undefined) return undefined;

    // CookieAuthenticationEvents.OnRedirectToReturnUrl: an AJAX request gets only Location.
    if (isAjaxRequest(context)) response.location = redirectUri;
    else response.redirect(redirectUri);
    context.trace(`${this.scheme}: redirect to ${describeRedirect(redirectUri)}`);
    return redirectUri;
  }
}

/** CookieAuthenticationHandler.IsHostRelative: `/` or `/x`, never `//host` or `/\host`. */
export function isHostRelative(path: string): boolean {
  if (path === '') return false;
  if (path.length === 1) return path === '/';
  return path[0] === '/' && path[1] !== '/' && path[1] !== '\\';
}

/**
 * ASP.NET's IsLocalUrl (UrlHelper, .NET 6+): host-relative, and no control character anywhere
 * after the first '/'. The check must see the value as the URL parser will: WHATWG parsers
 * drop TAB, CR and LF, so `/\t/evil.example` would become `//evil.example`, another host. As a
 * last guard, the value resolved against a placeholder origin must stay on that origin.
 */
export function isLocalUrl(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (!isHostRelative(value) || /[\x00-\x1f\x7f\\]/.test(value)) return false;
  try {
    return new URL(value, 'http://kr.invalid/').host === 'kr.invalid';
  } catch {
    return false;
  }
}

/**
 * kr's addition: a ReturnUrl that Kestrel could not write as a Location header (control
 * characters such as CR/LF, or non-ASCII) is dropped instead of failing the request.
 */
function isWritableHeader(value: string): boolean {
  return !/[^\t\x20-\x7e]/.test(value);
}

function isAjaxRequest(context: HttpContext): boolean {
  return (
    context.request.queryValue('X-Requested-With') === 'XMLHttpRequest' ||
    context.request.headers.get('X-Requested-With') === 'XMLHttpRequest'
  );
}

// A redirect target may carry tokens in its query: the trace shows only its path.
function describeRedirect(uri: string): string {
  const q = uri.search(/[?#]/);
  return q === -1 ? uri : `${uri.slice(0, q)}?…`;
}

function isResolved(
  options: CookieAuthenticationOptionsInit | CookieAuthenticationOptions,
): options is CookieAuthenticationOptions {
  return 'expireTimeSpanSeconds' in options;
}
