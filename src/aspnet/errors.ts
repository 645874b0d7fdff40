// Errors raised by the simulated ASP.NET Core side. Texts are ASP.NET's (REFERENCE.md §3,
// AuthenticationService.cs) so a user can search them; the ids are kr's API.

import { ExitCode, KrError } from '../params/errors.js';
import type { KrErrorInit } from '../params/errors.js';
import { redactUrl } from './url.js';

const invalidOperation = (errorId: string, message: string, init?: KrErrorInit) =>
  new KrError(errorId, message, { category: 'InvalidOperation', exitCode: ExitCode.Failure, ...init });

const list = (schemes: readonly string[]) => schemes.join(', ');

export const HttpErrors = {
  /** AuthenticationService.CreateMissingSignOutHandlerException, both variants. */
  signOutSchemeNotFound: (scheme: string, signOutSchemes: readonly string[], init?: KrErrorInit) => {
    const footer = ` Did you forget to call AddAuthentication().AddCookie("${scheme}",...)?`;
    const message =
      signOutSchemes.length === 0
        ? `No sign-out authentication handlers are registered.${footer}`
        : `No sign-out authentication handler is registered for the scheme '${scheme}'. The registered sign-out schemes are: ${list(signOutSchemes)}.${footer}`;
    return invalidOperation('SignOutSchemeNotFound', message, init);
  },

  /** AuthenticationService.CreateMismatchedSignOutHandlerException, both variants. */
  signOutHandlerNotSupported: (
    scheme: string,
    handlerTypeName: string,
    signOutSchemes: readonly string[],
    init?: KrErrorInit,
  ) => {
    const mismatch = `The authentication handler registered for scheme '${scheme}' is '${handlerTypeName}' which cannot be used for SignOutAsync. `;
    const message =
      signOutSchemes.length === 0
        ? `${mismatch}Did you forget to call AddAuthentication().AddCookie("Cookies") and SignOutAsync("Cookies",...)?`
        : `${mismatch}The registered sign-out schemes are: ${list(signOutSchemes)}.`;
    return invalidOperation('SignOutHandlerNotSupported', message, init);
  },

  /** AuthenticationSchemeProvider.AddScheme. */
  schemeAlreadyExists: (scheme: string, init?: KrErrorInit) =>
    invalidOperation('SchemeAlreadyExists', `Scheme already exists: ${scheme}`, init),

  /** Kestrel refuses to write such a header value (the request would fail with 500). */
  invalidHeaderCharacter: (code: number, init?: KrErrorInit) =>
    invalidOperation(
      'InvalidHeaderCharacter',
      `Invalid non-ASCII or control character in header: 0x${code.toString(16).toUpperCase().padStart(4, '0')}`,
      init,
    ),

  /** PathString's guard: configured paths must start with '/'. */
  invalidPathString: (value: string, init?: KrErrorInit) =>
    new KrError('InvalidPathString', `The path in 'value' must start with '/'. (got '${value}')`, {
      category: 'InvalidArgument',
      exitCode: ExitCode.Usage,
      ...init,
    }),

  /** ChunkingCookieManager.AppendResponseCookie when the options leave no room for data. */
  cookieChunkTooSmall: (init?: KrErrorInit) =>
    invalidOperation(
      'CookieChunkTooSmall',
      'The cookie key and options are larger than ChunksSize, leaving no room for data.',
      init,
    ),

  /** ChunkingCookieManager with ThrowForPartialCookies (a FormatException in ASP.NET). */
  incompleteChunkedCookie: (found: number, expected: number, totalSize: number, init?: KrErrorInit) =>
    new KrError(
      'IncompleteChunkedCookie',
      `The chunked cookie is incomplete. Only ${found} of the expected ${expected} chunks were found, totaling ${totalSize} characters. A client size limit may have been exceeded.`,
      { category: 'InvalidData', exitCode: ExitCode.Failure, ...init },
    ),

  invalidRequestUrl: (value: string, source: string, init?: KrErrorInit) =>
    new KrError(
      'InvalidRequestUrl',
      `The request URL from ${source} is not an absolute http or https URL: '${redactUrl(value)}'.`,
      { category: 'InvalidArgument', exitCode: ExitCode.Usage, ...init },
    ),

  ambiguousRequestUrl: (scheme: string, cookieName: string, sites: readonly string[], init?: KrErrorInit) =>
    new KrError(
      'AmbiguousRequestUrl',
      `Cannot choose a request URL for scheme '${scheme}': the cookie '${cookieName}' is held by ${sites.length} sites in the jar (${sites.join(', ')}). Pass --url (or set KR_URL) to name one.`,
      { category: 'InvalidArgument', exitCode: ExitCode.Usage, ...init },
    ),
};
