// `--follow`: after the simulated response is applied to the jar, kr becomes the user
// agent and finishes the sign-out over real HTTP, the way a browser would: it follows each
// Location, sends only the cookies the jar matches for each URL (tough-cookie's rules, so
// nothing crosses sites), applies every Set-Cookie on the way, submits auto-submit forms of
// hidden fields (auto-form.ts), goes on where a page's meta refresh points (front-channel
// logout pages) and stops at the first final page.
//
// Stops (FollowReport.stoppedBecause):
//   final-response   a non-redirect answer below 400 with nothing to submit       success
//   sign-in-page     a page asking for a password: the session there is over      success
//   no-redirect      the simulated response had no Location: nothing to follow    success
//   needs-person     a form with visible controls, not on the app's own origin    FollowNeedsPerson
//                    (a provider's "Sign out?" page too, unless -Confirm:$false)
//   error-status     a final answer of 400 or more                                FollowErrorStatus
//   too-many-hops    more than maxHops requests would be needed                   FollowTooManyHops
//   unsafe-location  a Location or form action that is not http(s)               FollowUnsafeLocation
//   request-failed   no response (refused, reset, DNS)                            FollowRequestFailed
//   timeout          no complete response within timeoutSeconds                   FollowTimeout
//   body-too-large   a page past maxBodyBytes decoded (--max-body)                  FollowBodyTooLarge
//   aborted          the run was interrupted (Ctrl+C)                             FollowInterrupted
//
// Needing a person is a failure (exit 1): a CI job that asked for --follow wants to know the
// provider session may still be alive. Forms on the app's own origin (its login page after
// -Redirect) are where a sign-out ends, not a question, so they count as final.
//
// The jar is the caller's: it holds the lock, and saves what was learned, also on failure.

import type { JarCookie, JarSession } from '../jar/types.js';
import type { KrError } from '../params/errors.js';
import { firstForm, metaRefresh, pageText } from './auto-form.js';
import { FollowErrors } from './follow-errors.js';
import { REDACTED, describeCause, redactUrl } from '../aspnet/openid.js';
import { SecretSet } from '../params/secrets.js';

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
  | 'body-too-large'
  | 'aborted';

/** How a request came about: a Location, a submitted form, or the signed-out callback's landing. */
export type HopCause = 'redirect' | 'form' | 'signed-out-callback' | 'refresh';

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
  /** Default DEFAULT_MAX_BODY_BYTES: the most of a page (decoded) kr reads; past it the hop stops with FollowBodyTooLarge. */
  maxBodyBytes?: number;
  /** The invocation's secrets: every cookie value sent on any hop joins them (and hop URLs are scrubbed of them). */
  secrets?: SecretSet;
  /** The user said no one is to be asked (-Confirm:$false): a provider's "Sign out?" page is confirmed (auto-form.ts ConfirmForm). */
  pressConfirmation?: boolean;
}

/** 2 MiB of decoded page: a logout or form_post page is a few KB; a bomb stops here, not at gigabytes. */
export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;

class BodyTooLarge extends Error {}

/**
 * The body as text, streamed: at most `limit` decoded bytes are held (fetch inflates gzip as the
 * stream is read, so a compression bomb is stopped at the limit too).
 */
async function readBody(response: Response, limit: number): Promise<string> {
  const reader = response.body?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
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
  scrub: (text: string) => string,
  interrupted: AbortSignal | undefined,
): [FollowStopReason, KrError] {
  if (interrupted?.aborted) return ['aborted', FollowErrors.interrupted(method, shown)];
  if (timeout.signal.aborted) return ['timeout', FollowErrors.timeout(method, shown, timeout.seconds)];
  return ['request-failed', FollowErrors.requestFailed(method, shown, scrub(describeCause(error)))];
}

export async function followSignOut(options: FollowOptions): Promise<FollowOutcome> {
  const maxHops = options.maxHops ?? DEFAULT_MAX_HOPS;
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_FOLLOW_TIMEOUT_SECONDS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // cookie values of every hop so far: a later hop's page or Location may echo an earlier one's
  const secrets = options.secrets ?? new SecretSet();
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
    const shown = secrets.scrub(redactHopUrl(next.url));
    if (hops.length >= maxHops) return stop('too-many-hops', FollowErrors.tooManyHops(maxHops, `${next.method} ${shown}`));
    const { method, url, body, via } = next;
    const sent = options.jar.requestCookies(url);
    secrets.addAll(sent.map((c) => c.value));
    // what a server might echo back into an error page: the secrets, and what this hop sent
    const echoable = new SecretSet();
    echoable.addAll([...url.searchParams.values(), ...(body?.values() ?? [])]);
    const scrub = (text: string) => echoable.scrub(secrets.scrub(text));
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
      return stop(...failure(error, method, shown, { signal: timeout, seconds: timeoutSeconds }, scrub, options.signal));
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
      if (!redirecting && landing === undefined && (response.status >= 400 || isHtml(response))) text = await readBody(response, maxBodyBytes);
      else await response.body?.cancel();
    } catch (error) {
      if (error instanceof BodyTooLarge) return stop('body-too-large', FollowErrors.bodyTooLarge(method, shown, maxBodyBytes));
      return stop(...failure(error, method, shown, { signal: timeout, seconds: timeoutSeconds }, scrub, options.signal));
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
      const why = scrub(text === undefined ? '' : isHtml(response) ? pageText(text, 300, signal) : pageText(text, 200, signal));
      return stop('error-status', FollowErrors.errorStatus(method, shown, response.status, why));
    }
    let form;
    try {
      form = text === undefined ? undefined : firstForm(text, url, signal);
    } catch (error) {
      return stop(...failure(error, method, shown, { signal: timeout, seconds: timeoutSeconds }, scrub, options.signal));
    }
    if (form === undefined) {
      // a page that moves on by itself (a front-channel logout page: iframes, then a meta refresh); its iframes are not loaded
      const refresh = text === undefined ? undefined : metaRefresh(text, url, signal);
      if (refresh === undefined) return stop('final-response');
      if (!isHttp(refresh)) return stop('unsafe-location', FollowErrors.unsafeLocation(`the page at ${shown}`, showLocation(refresh.href, url)));
      next = { method: 'GET', url: refresh, via: 'refresh' };
      continue;
    }
    if (form.kind === 'needs-person') {
      if (form.asksForPassword) return stop('sign-in-page');
      if (url.origin === appOrigin) return stop('final-response');
      return stop('needs-person', FollowErrors.needsPerson(shown, form.controls));
    }
    if (form.kind === 'confirm') {
      if (url.origin === appOrigin) return stop('final-response');
      if (options.pressConfirmation !== true) return stop('needs-person', FollowErrors.needsConfirmation(shown, form.button));
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
