// Asking the app whether a session is live: one GET with a given Cookie header, no redirects
// followed, the body never read. A 2xx answer means the app let the request in; 401/403, or a
// redirect to a login page, means it did not; anything else is Unknown. kr uses it to prove a
// sign-out (Test-KrSession, Invoke-KrCookieSignOut -Verify), since an ASP.NET cookie sign-out
// only asks the browser to drop its cookie: without a server-side ticket store the old cookie
// still opens the app until it expires.

import { KrError } from '../params/errors.js';
import { describeCause, redactUrl } from '../aspnet/openid.js';

export type SessionState = 'Live' | 'SignedOut' | 'Unknown';

export interface ProbeResult {
  /** Redacted. */
  url: string;
  status: number | null;
  /** Redacted; null when there was none. */
  location: string | null;
  state: SessionState;
}

const LOGIN_PATH = /\/(account\/)?(log-?in|sign-?in)\b|\/login\b|\/signin\b/i;

/** How a probe's answer reads: 2xx (or one of `live`) Live; 401/403 or a redirect to a login page SignedOut. */
export function sessionState(status: number, location: string | null, live: readonly number[] = []): SessionState {
  if (live.includes(status) || (live.length === 0 && status >= 200 && status < 300)) return 'Live';
  if (status === 401 || status === 403) return 'SignedOut';
  if (status >= 300 && status < 400 && location !== null && LOGIN_PATH.test(location)) return 'SignedOut';
  return 'Unknown';
}

/** GET `url` with `cookieHeader` (never logged); throws ProbeFailed (exit 1) when no answer came. */
export async function probe(url: URL, cookieHeader: string | undefined, options: { timeoutSeconds?: number; signal?: AbortSignal; live?: readonly number[] } = {}): Promise<ProbeResult> {
  const timeout = AbortSignal.timeout((options.timeoutSeconds ?? 10) * 1000);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'GET',
      redirect: 'manual',
      signal,
      headers: { accept: 'text/html,application/json;q=0.9,*/*;q=0.8', 'user-agent': 'kr/probe', ...(cookieHeader ? { cookie: cookieHeader } : {}) },
    });
  } catch (error) {
    throw new KrError('ProbeFailed', `Asking ${redactUrl(url)} whether the session is live failed: ${timeout.aborted ? 'no answer in time' : describeCause(error)}.`, {
      category: 'ConnectionError',
    });
  }
  await response.body?.cancel().catch(() => undefined);
  const location = response.headers.get('location');
  return {
    url: redactUrl(url),
    status: response.status,
    location: location === null ? null : redactUrl(new URL(location, url)),
    state: sessionState(response.status, location, options.live),
  };
}
