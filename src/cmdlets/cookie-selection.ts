// What Get-KrCookie and Remove-KrCookie share: which jar (-Jar, else --jar, KR_COOKIE_JAR, the
// default), which cookies (-Name and -Domain with PowerShell's wildcards, -Url: those a user
// agent would send there), and a cookie as an object a person or a script may see: never its
// value, only its length and a short SHA-256 fingerprint to tell two values apart.

import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { resolveJarLocation, type JarLocation } from '../jar/index.js';
import type { JarCookie, JarFormat, JarSession } from '../jar/types.js';
import { PsCustomObject } from '../runtime/ps-objects.js';
import { wildcardToRegex } from '../runtime/operators.js';
import type { Cmdlet } from '../runtime/cmdlet.js';

export const SELECTION_PARAMETERS = [
  { name: 'Name', type: 'string[]' as const, position: 0, valueFromPipelineByPropertyName: true, help: 'Cookie names; * and ? wildcards, any case.' },
  { name: 'Domain', type: 'string[]' as const, valueFromPipelineByPropertyName: true, help: 'Cookie domains (without the leading dot); wildcards allowed.' },
  { name: 'Url', type: 'string' as const, help: 'Only the cookies a browser would send to this URL.' },
  { name: 'Jar', type: 'string' as const, help: 'The cookie jar (default: --jar, KR_COOKIE_JAR, ~/.kr/cookies.txt).' },
];

export function jarLocationOf(cmdlet: Cmdlet, jar: string | undefined): JarLocation {
  const { settings, env, cwd } = cmdlet.context;
  return resolveJarLocation({ jar: jar || settings.jar, env: { ...env }, home: env.HOME ?? homedir(), cwd });
}

const matches = (patterns: readonly string[] | undefined, value: string) => patterns === undefined || patterns.some((p) => wildcardToRegex(p, false).test(value));

/** The jar's cookies that -Name, -Domain and -Url select. */
export function selectCookies(jar: JarSession, names: readonly string[] | undefined, domains: readonly string[] | undefined, url: string | undefined): JarCookie[] {
  const pool = url === undefined ? jar.cookies() : jar.requestCookies(new URL(url));
  return pool.filter((c) => matches(names, c.name) && matches(domains, c.domain));
}

/** SHA-256 of a value, hex (the bundle loads node:crypto on first use: scripts/bundle-plugins.mjs). */
export type Fingerprinter = (value: string) => string;

export async function fingerprinter(): Promise<Fingerprinter> {
  return (value) => createHash('sha256').update(value).digest('hex').slice(0, 12);
}

/** A cookie for output: every attribute, the value's length and fingerprint, never the value. */
export function cookieObject(cookie: JarCookie, format: JarFormat, fingerprint: Fingerprinter): PsCustomObject {
  const scheme = cookie.secure ? 'https' : 'http';
  return PsCustomObject.from([
    ['Name', cookie.name],
    ['Domain', cookie.domain],
    ['Path', cookie.path],
    ['Secure', cookie.secure],
    ['HttpOnly', cookie.httpOnly],
    ['SameSite', cookie.sameSite === undefined ? null : cookie.sameSite.charAt(0).toUpperCase() + cookie.sameSite.slice(1)],
    ['Expires', cookie.expires === null ? null : new Date(cookie.expires * 1000).toISOString()],
    ['Session', cookie.expires === null],
    ['HostOnly', cookie.hostOnly],
    ['Site', `${scheme}://${cookie.domain}${cookie.port !== undefined ? `:${cookie.port}` : ''}${cookie.path}`],
    ['Format', format],
    ['ValueLength', cookie.value.length],
    ['Fingerprint', fingerprint(cookie.value)],
  ]);
}
