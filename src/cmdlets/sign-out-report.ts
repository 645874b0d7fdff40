// The one object Invoke-KrCookieSignOut writes: plain data for `--json` (and -OutVariable),
// and, through the runtime's displayLines hook, a one-line summary for a person:
//   Signed out of 'Cookies' on 127.0.0.1:5000: removed .AspNetCore.Cookies (+2 chunks)
//   Redirect: 302 -> /Account/Login
// Nothing in it is a secret: cookies by name/domain/path, Set-Cookie lines with their
// values stripped, the Location with token parameters redacted.

import type { FollowReport } from '../agent/follow.js';
import { redactUrl } from '../aspnet/openid.js';
import type { JarFormat } from '../jar/types.js';
import { displayLines, FormattedData } from '../runtime/format.js';

export interface RemovedCookie {
  name: string;
  domain: string;
  path: string;
}

export interface SignOutResponseSummary {
  status: number;
  /** Redacted (no id_token_hint or other token values); null when the response has no Location. */
  location: string | null;
  /** Set-Cookie lines with every value emptied (`name=; expires=...`). */
  setCookie: string[];
}

export interface SignOutReportData {
  signedOut: string[];
  removed: RemovedCookie[];
  kept: number;
  response: SignOutResponseSummary;
  jar: { path: string; format: JarFormat };
  url: string;
  whatIf?: boolean;
  authenticated?: boolean;
  revoked?: string[];
  /** With -ServerLogout: the app's own logout kr called first, and the cookies its answer removed. */
  serverLogout?: { url: string; status: number; removed: RemovedCookie[] };
  /** With -Verify: the replay of the old cookies against the probe, before and after the server-side part. */
  verified?: { probe: string; before: number | null; after: number | null; replayAccepted: boolean };
  /** With --follow: each request kr made as the user agent, where it ended and why it stopped. */
  follow?: FollowReport;
}

/** What the summary needs besides the data (kept out of the serialised object). */
export interface SignOutSummaryContext {
  scheme: string;
  /** The text of a 4xx answer (e.g. `Authentication scheme 'X' not found.`). */
  responseText?: string;
  /** Cookies the sign-out's deletions missed (a warning says why). */
  missed?: readonly string[];
}

/** `name=value; attrs` -> `name=; attrs`. */
export function stripSetCookieValue(line: string): string {
  return line.replace(/^([^=;]*)=[^;]*/, '$1=');
}

const REDACTED_ORIGIN = 'http://kr.invalid';

/** A Location for printing: absolute URLs through redactUrl, relative ones keep their path. */
export function redactLocation(location: string | undefined): string | null {
  if (location === undefined) return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(location)) return redactUrl(location);
  const redacted = redactUrl(new URL(location, REDACTED_ORIGIN));
  return redacted.startsWith(REDACTED_ORIGIN) ? redacted.slice(REDACTED_ORIGIN.length) : redacted;
}

/** `.AspNetCore.Cookies (+2 chunks), theme`: chunk cookies `<base>C<n>` folded into their base. */
export function describeRemoved(removed: readonly RemovedCookie[]): string {
  const names = [...new Set(removed.map((c) => c.name))];
  const lower = new Set(names.map((n) => n.toLowerCase()));
  const chunkOf = (name: string): string | undefined => {
    const match = /^(.*)C\d+$/i.exec(name);
    return match && lower.has(match[1].toLowerCase()) ? match[1].toLowerCase() : undefined;
  };
  const chunks = new Map<string, number>();
  for (const n of names) {
    const base = chunkOf(n);
    if (base !== undefined) chunks.set(base, (chunks.get(base) ?? 0) + 1);
  }
  return names
    .filter((n) => chunkOf(n) === undefined)
    .map((n) => {
      const count = chunks.get(n.toLowerCase()) ?? 0;
      return count === 0 ? n : `${n} (+${count} chunk${count === 1 ? '' : 's'})`;
    })
    .join(', ');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** `Follow: POST http://idp/session/end/confirm -> 303, removed _session` per hop, then where it stopped. */
export function followLines(follow: FollowReport): string[] {
  const lines = follow.hops.map((hop) => {
    const cookies = [
      hop.setCookies.length > 0 ? `set ${hop.setCookies.join(', ')}` : '',
      hop.removed.length > 0 ? `removed ${hop.removed.join(', ')}` : '',
    ].filter(Boolean);
    return `Follow: ${hop.method} ${hop.url} -> ${hop.status ?? 'no response'}${cookies.length > 0 ? `, ${cookies.join('; ')}` : ''}`;
  });
  const ended = follow.final ? ` at ${follow.final.url} (${follow.final.status})` : '';
  lines.push(`Follow: ${follow.hops.length} request${follow.hops.length === 1 ? '' : 's'}, stopped${ended}: ${follow.stoppedBecause}`);
  return lines;
}

// The class has exactly the data's fields (declaration merging): they are listed once, above.
export interface SignOutReport extends SignOutReportData {}

export class SignOutReport extends FormattedData<SignOutReportData> {
  /** Only the summary line needs it: private, so not in `--json`. */
  readonly #summary: SignOutSummaryContext;

  constructor(data: SignOutReportData, summary: SignOutSummaryContext) {
    super(data);
    this.#summary = summary;
  }

  [displayLines](): string[] {
    const { scheme, responseText, missed = [] } = this.#summary;
    const stillHeld = missed.length > 0 ? `; the jar keeps ${[...new Set(missed)].join(', ')} (see the warning)` : '';
    const host = hostOf(this.url);
    const removed = this.removed.length > 0 ? describeRemoved(this.removed) : '';
    const lines: string[] = [];
    if (this.serverLogout !== undefined) {
      const gone = this.serverLogout.removed.length > 0 ? `; its answer removed ${describeRemoved(this.serverLogout.removed)}` : '';
      lines.push(`Server logout: ${this.serverLogout.url} answered ${this.serverLogout.status}${gone}`);
    }
    if (this.whatIf) {
      lines.push(
        removed
          ? `What if: signing out of '${scheme}' on ${host} would remove ${removed}${stillHeld}`
          : `What if: signing out of '${scheme}' on ${host} would remove no cookie${this.authenticated === false ? ' (not signed in)' : stillHeld}`,
      );
    } else if (removed) {
      lines.push(`Signed out of '${scheme}' on ${host}: removed ${removed}${stillHeld}`);
    } else if (this.signedOut.length > 0) {
      lines.push(`Signed out of '${scheme}' on ${host}: ${stillHeld ? `removed no cookie${stillHeld}` : 'no cookie to remove'}`);
    } else if (this.authenticated !== false) {
      // (not signed in: the information record already says so, in fuller words)
      lines.push(`Not signed in to '${scheme}' on ${host}: nothing removed`);
    }
    const prefix = this.whatIf ? 'What if: ' : '';
    const { status, location } = this.response;
    if (location !== null) lines.push(`${prefix}Redirect: ${status} -> ${location}`);
    else if (status >= 400) lines.push(`${prefix}Response: ${status}${responseText ? ` ${responseText}` : ''}`);
    if (this.revoked && this.revoked.length > 0) {
      lines.push(`${prefix}${this.whatIf ? 'Would revoke' : 'Revoked'}: ${this.revoked.join(', ')}`);
    }
    if (this.follow) lines.push(...followLines(this.follow));
    return lines;
  }
}
