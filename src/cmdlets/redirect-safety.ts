// Which redirect targets kr will put in a Location header on the user's behalf: ASP.NET's
// host-relative rule (CookieAuthenticationHandler.IsHostRelative: `/` or `/x`, never `//x`
// or `/\x`, which browsers read as another host), or an absolute http(s) URL the user named
// on purpose. Anything else (`javascript:`, `data:`, a bare `x`, CR/LF header injection)
// is a usage error before any file is touched.

import { ExitCode, KrError } from '../params/errors.js';
import { isLocalUrl } from '../aspnet/cookie-handler.js';
import { redactUrl } from '../aspnet/openid.js';

const SHOWN_LIMIT = 80;

function isAbsoluteHttpUrl(value: string): boolean {
  // Spelled out in full: URL parsers also accept `http:evil.example` or `https:\\evil.example`
  // for another host, forms a reader of the command line would not take for absolute URLs.
  if (!/^https?:\/\/[^/\\]/i.test(value) || value.includes('\\')) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** The value as it may appear in a message: control characters escaped, query secrets redacted, bounded. */
function shown(value: string): string {
  const safe = isAbsoluteHttpUrl(value) ? redactUrl(value) : value;
  // eslint-disable-next-line no-control-regex
  const escaped = safe.replace(/[\x00-\x1f\x7f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > SHOWN_LIMIT ? `${escaped.slice(0, SHOWN_LIMIT)}…` : escaped;
}

export function unsafeRedirectUri(parameter: string, value: string): KrError {
  return new KrError(
    'UnsafeRedirectUri',
    `Cannot use '${shown(value)}' as ${parameter}: a redirect target must be a host-relative path ('/x', not '//x' or '/\\x') or an absolute http or https URL, without spaces or control characters.`,
    { category: 'InvalidArgument', exitCode: ExitCode.Usage },
  );
}

/** True for a target kr may redirect to. */
export function isSafeRedirectUri(value: string): boolean {
  // Printable ASCII only: anything else would break (or inject into) the Location header.
  if (!/^[\x21-\x7e]+$/.test(value)) return false;
  return isLocalUrl(value) || isAbsoluteHttpUrl(value);
}

/** Returns the value, or throws UnsafeRedirectUri (exit 2) naming the parameter it came from. */
export function checkRedirectUri(value: string, parameter: string): string {
  if (!isSafeRedirectUri(value)) throw unsafeRedirectUri(parameter, value);
  return value;
}
