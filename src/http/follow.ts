// `--follow`: after the simulated response is applied to the jar, kr becomes the user
// agent and finishes the sign-out over real HTTP, the way a browser would: it follows each
// Location, sends only the cookies the jar matches for each URL (tough-cookie's rules, so
// nothing crosses sites), applies every Set-Cookie on the way, submits auto-submit forms of
// hidden fields (auto-form.ts) and stops at the first final page.
//
// Stops (FollowReport.stoppedBecause):
//   final-response   a non-redirect answer below 400 with nothing to submit       success
//   sign-in-page     a page asking for a password: the session there is over      success
//   no-redirect      the simulated response had no Location: nothing to follow    success
//   needs-person     a form with visible controls, not on the app's own origin    FollowNeedsPerson
//   error-status     a final answer of 400 or more                                FollowErrorStatus
//   too-many-hops    more than maxHops requests would be needed                   FollowTooManyHops
//   unsafe-location  a Location or form action that is not http(s)               FollowUnsafeLocation
//   request-failed   no response (refused, reset, DNS)                            FollowRequestFailed
//   timeout          no complete response within timeoutSeconds                   FollowTimeout
//   aborted          the run was interrupted (Ctrl+C)                             FollowInterrupted
//
// Needing a person is a failure (exit 1): a CI job that asked for --follow wants to know the
// provider session may still be alive. Forms on the app's own origin (its login page after
// -Redirect) are where a sign-out ends, not a question, so they count as final.
//
// The jar is the caller's: it holds the lock, and saves what was learned, also on failure.

import type { JarCookie, JarSession } from '../jar/types.js';
import type { KrError } from '../params/errors.js';
import { firstForm, pageText } from './auto-form.js';
import { FollowErrors } from './follow-errors.js';
import { REDACTED, describeCause, redactUrl, scrubSecrets } from './openid.js';

export const DEFAULT_MAX_HOPS = 10;
export const DEFAULT_FOLLOW_TIMEOUT_SECONDS = 10;

export type FollowStopReason =
  | 'final-response'
  | 'sign-in-page'
  | 'no-redirect'
  | 'needs-person'
  | 'error-status'
  | 'too-many-hops'
  | 'unsafe-location'
  | 'request-failed'
  | 'timeout'
  | 'aborted';

/** How a request came about: a Location, a submitted form, or the signed-out callback's landing. */
export type HopCause = 'redirect' | 'form' | 'signed-out-callback';

export interface FollowHop {
  method: string;
  /** Redacted: token-like query values (id_token_hint, code, state, ...) are `***`. */
  url: string;
  /** null when no response arrived. */
  status: number | null;
  /** Names of cookies this response added or changed in the jar. */
  setCookies: string[];
  /** Names of cookies this response removed from the jar. */
  removed: string[];
  via: HopCause;
}

export interface FollowReport {
  hops: FollowHop[];
  /** The last response received; null when none was. */
  final: { url: string; status: number } | null;
  stoppedBecause: FollowStopReason;
}

export interface FollowOutcome {
  report: FollowReport;
  /** Set for every stop that is a failure (see the table above). */
  error?: KrError;
}

/**
 * Called with each URL kr requested and its status. When it is the app's signed-out callback
 * for a sign-out kr started (`state` names a pending logout), it takes that record and returns
 * the final RedirectUri, where kr goes unless the app itself answered with a redirect.
 */
export type SignedOutCallback = (url: URL) => Promise<URL | undefined>;

export interface FollowOptions {
  jar: JarSession;
  /** The simulated request's URL: a relative Location resolves against it, and it names the app's origin. */
  from: URL;
  /** The simulated response's Location (undefined: nothing to follow). */
  location: string | undefined;
  /** Default DEFAULT_MAX_HOPS: requests kr may make. */
  maxHops?: number;
  /** Default DEFAULT_FOLLOW_TIMEOUT_SECONDS, per request (connect to last body byte). */
  timeoutSeconds?: number;
  signal?: AbortSignal;
  signedOutCallback?: SignedOutCallback;
  /** Each hop as it completes (for -Verbose). */
  onHop?: (hop: FollowHop) => void;
}

/** Query parameters follow also hides in hop URLs, on top of openid.ts's token names. */
const FOLLOW_SECRET_QUERY = new Set(['state', 'session_state', 'sid', 'samlrequest', 'samlresponse', 'relaystate']);

export function redactHopUrl(url: URL): string {
  const copy = new URL(redactUrl(url));
  let changed = false;
  const params = new URLSearchParams();
  for (const [name, value] of copy.searchParams) {
    const hide = FOLLOW_SECRET_QUERY.has(name.toLowerCase());
    changed ||= hide;
    params.append(name, hide ? REDACTED : value);
  }
  if (changed) copy.search = params.toString();
  return copy.toString();
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const USER_AGENT = 'kr/--follow';
const ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';

interface NextRequest {
  method: string;
  url: URL;
  body?: URLSearchParams;
  via: HopCause;
}

const isHttp = (url: URL) => url.protocol === 'http:' || url.protocol === 'https:';
const cookieHeader = (cookies: readonly JarCookie[]) => cookies.map((c) => `${c.name}=${c.value}`).join('; ');

/** Fetch's method rewrite on redirects, as browsers do it (Fetch standard, HTTP-redirect fetch). */
function redirectedMethod(status: number, method: string): { method: string; keepBody: boolean } {
  if (status === 307 || status === 308) return { method, keepBody: true };
  if (status === 303 && method !== 'HEAD') return { method: 'GET', keepBody: false };
  if ((status === 301 || status === 302) && method === 'POST') return { method: 'GET', keepBody: false };
  return { method, keepBody: false };
}

function parseTarget(raw: string, base: URL): URL | undefined {
  try {
    return new URL(raw, base);
  } catch {
    return undefined;
  }
}

/** Shows a location the way a message may: redacted when it parses, else only its scheme. */
function showLocation(raw: string, base: URL): string {
  const target = parseTarget(raw, base);
  if (target !== undefined) return target.protocol === 'javascript:' || target.protocol === 'data:' ? `${target.protocol}…` : redactHopUrl(target);
  return raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
}

const isHtml = (response: Response) => /\b(html|xhtml)\b/i.test(response.headers.get('content-type') ?? '');

/** Why a request got no (complete) response: the run was interrupted, it timed out, or the network said no. */
function failure(
  error: unknown,
  method: string,
  shown: string,
  timeout: { signal: AbortSignal; seconds: number },
  secrets: readonly string[],
  interrupted: AbortSignal | undefined,
): [FollowStopReason, KrError] {
  if (interrupted?.aborted) return ['aborted', FollowErrors.interrupted(method, shown)];
  if (timeout.signal.aborted) return ['timeout', FollowErrors.timeout(method, shown, timeout.seconds)];
  return ['request-failed', FollowErrors.requestFailed(method, shown, scrubSecrets(describeCause(error), secrets))];
}

export async function followSignOut(options: FollowOptions): Promise<FollowOutcome> {
  const maxHops = options.maxHops ?? DEFAULT_MAX_HOPS;
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_FOLLOW_TIMEOUT_SECONDS;
  const appOrigin = options.from.origin;
  const hops: FollowHop[] = [];
  let final: FollowReport['final'] = null;
  const stop = (stoppedBecause: FollowStopReason, error?: KrError): FollowOutcome =>
    error === undefined ? { report: { hops, final, stoppedBecause } } : { report: { hops, final, stoppedBecause }, error };

  if (options.location === undefined || options.location === '') return stop('no-redirect');
  const first = parseTarget(options.location, options.from);
  if (first === undefined || !isHttp(first)) {
    return stop('unsafe-location', FollowErrors.unsafeLocation(`the sign-out response`, showLocation(options.location, options.from)));
  }
  let next: NextRequest = { method: 'GET', url: first, via: 'redirect' };

  for (;;) {
    const shown = redactHopUrl(next.url);
    if (hops.length >= maxHops) return stop('too-many-hops', FollowErrors.tooManyHops(maxHops, `${next.method} ${shown}`));
    const { method, url, body, via } = next;
    const sent = options.jar.requestCookies(url);
    // what a server might echo back into an error page
    const secrets = [...sent.map((c) => c.value), ...url.searchParams.values(), ...(body?.values() ?? [])];
    const headers: Record<string, string> = { accept: ACCEPT, 'user-agent': USER_AGENT };
    if (sent.length > 0) headers.cookie = cookieHeader(sent);
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';

    const timeout = AbortSignal.timeout(timeoutSeconds * 1000);
    const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: body?.toString(), redirect: 'manual', signal });
    } catch (error) {
      hops.push({ method, url: shown, status: null, setCookies: [], removed: [], via });
      return stop(...failure(error, method, shown, { signal: timeout, seconds: timeoutSeconds }, secrets, options.signal));
    }
    const changes = options.jar.applySetCookies(url, response.headers.getSetCookie());
    const hop: FollowHop = {
      method,
      url: shown,
      status: response.status,
      setCookies: [...changes.added, ...changes.updated].map((c) => c.name),
      removed: changes.removed.map((c) => c.name),
      via,
    };
    hops.push(hop);
    final = { url: shown, status: response.status };
    options.onHop?.(hop);
    const landing = await options.signedOutCallback?.(url);
    const redirecting = REDIRECT_STATUSES.has(response.status) && response.headers.has('location');
    let text: string | undefined;
    try {
      if (!redirecting && landing === undefined && (response.status >= 400 || isHtml(response))) text = await response.text();
      else await response.body?.cancel();
    } catch (error) {
      return stop(...failure(error, method, shown, { signal: timeout, seconds: timeoutSeconds }, secrets, options.signal));
    }

    const location = response.headers.get('location');
    if (REDIRECT_STATUSES.has(response.status) && location !== null) {
      const target = parseTarget(location, url);
      if (target === undefined || !isHttp(target)) {
        return stop('unsafe-location', FollowErrors.unsafeLocation(`${method} ${shown}`, showLocation(location, url)));
      }
      const rewrite = redirectedMethod(response.status, method);
      next = { method: rewrite.method, url: target, body: rewrite.keepBody ? body : undefined, via: 'redirect' };
      continue;
    }
    if (landing !== undefined) {
      // ASP.NET's callback ends with Redirect(properties.RedirectUri); kr holds those properties
      next = { method: 'GET', url: landing, via: 'signed-out-callback' };
      continue;
    }
    if (response.status >= 400) {
      const why = scrubSecrets(text === undefined ? '' : isHtml(response) ? pageText(text) : pageText(text, 200), secrets);
      return stop('error-status', FollowErrors.errorStatus(method, shown, response.status, why));
    }
    const form = text === undefined ? undefined : firstForm(text, url);
    if (form === undefined) return stop('final-response');
    if (form.kind === 'needs-person') {
      if (form.asksForPassword) return stop('sign-in-page');
      if (url.origin === appOrigin) return stop('final-response');
      return stop('needs-person', FollowErrors.needsPerson(shown, form.controls));
    }
    if (!isHttp(form.action)) {
      return stop('unsafe-location', FollowErrors.unsafeLocation(`the form at ${shown}`, showLocation(form.action.href, url)));
    }
    if (form.method === 'GET') {
      const action = new URL(form.action);
      action.search = form.fields.toString();
      next = { method: 'GET', url: action, via: 'form' };
    } else {
      next = { method: 'POST', url: form.action, body: form.fields, via: 'form' };
    }
  }
}
