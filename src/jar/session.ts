// A JarSession over one parsed jar file. Matching and Set-Cookie processing are
// tough-cookie's (a browser's rules); the file stays the source of truth for everything
// else. Only cookies whose domain could match a URL the session is asked about (the host
// and its parent domains) are loaded into tough-cookie, so a huge jar costs one parse.

import { Cookie, CookieJar, MemoryCookieStore } from 'tough-cookie';
import type { JarChanges, JarCookie, JarFormat, JarSession, JarWarning } from './types.js';
import type { DocumentEdits, JarDocument, StoredEntry, WrittenCookie } from './document.js';
import type { JarPart } from './jar-bytes.js';
import { identity, isExpired, sameStoredCookie, toJarCookie, toToughCookie } from './convert.js';
import { JarErrors } from './errors.js';

export interface SessionInit {
  path: string;
  document: JarDocument;
  existed: boolean;
  /** Writes the new contents atomically; null for a read-only session. */
  write: ((contents: Buffer | readonly JarPart[]) => Promise<void>) | null;
  /** Write on save() even when nothing changed (--out: the other file must hold the result). */
  writeUnchanged?: boolean;
}

/** tough-cookie's options for a jar that must work on loopback (127.0.0.1, localhost). */
const TOUGH_OPTIONS = { rejectPublicSuffixes: true, allowSpecialUseDomain: true, looseMode: true } as const;

/**
 * A URL's hostname is an IP address when it holds a colon (IPv6, brackets stripped) or is
 * four decimal numbers (the URL parser normalises every IPv4 spelling to that). Cheaper
 * than node:net's isIP, whose IPv6 regex costs milliseconds to compile at start-up.
 */
const isIpAddress = (host: string): boolean => host.includes(':') || /^\d+\.\d+\.\d+\.\d+$/.test(host);

/** The host and each parent domain: every cookie domain that can domain-match `hostname`. */
export function candidateDomains(hostname: string): string[] {
  let host = hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (isIpAddress(host)) return [host];
  const labels = host.split('.');
  return labels.map((_, i) => labels.slice(i).join('.'));
}

/** MemoryCookieStore answers callbacks synchronously; this turns that into a return value. */
function allCookies(store: MemoryCookieStore): Cookie[] {
  let result: Cookie[] | undefined;
  let failure: Error | null = null;
  store.getAllCookies((error, cookies) => {
    failure = error;
    result = cookies;
  });
  if (failure !== null) throw failure;
  if (result === undefined) throw new Error('MemoryCookieStore.getAllCookies did not answer synchronously');
  return result;
}

function putCookie(store: MemoryCookieStore, cookie: Cookie): void {
  let failure: Error | null = null;
  store.putCookie(cookie, (error) => {
    failure = error;
  });
  if (failure !== null) throw failure;
}

function diff(
  before: ReadonlyMap<string, JarCookie>,
  after: ReadonlyMap<string, JarCookie>,
  withSameSite: boolean,
): JarChanges {
  const changes: JarChanges = { removed: [], added: [], updated: [] };
  for (const [id, cookie] of before) {
    const now = after.get(id);
    if (now === undefined) changes.removed.push(cookie);
    else if (!sameStoredCookie(cookie, now, withSameSite)) changes.updated.push(now);
  }
  for (const [id, cookie] of after) if (!before.has(id)) changes.added.push(cookie);
  return changes;
}

const hasChanges = (c: JarChanges) => c.removed.length + c.added.length + c.updated.length > 0;

export class FileJarSession implements JarSession {
  readonly path: string;
  readonly format: JarFormat;
  readonly existed: boolean;
  private readonly document: JarDocument;
  private readonly write: SessionInit['write'];
  /** One clock for the whole session, so "expired" means the same thing before and after. */
  private readonly openedAt = Math.floor(Date.now() / 1000);
  private readonly loadedDomains = new Set<string>();
  private readonly store = new MemoryCookieStore();
  private readonly tough = new CookieJar(this.store, TOUGH_OPTIONS);
  /** Every file entry of a loaded cookie identity (duplicates included), to delete or rewrite them. */
  private readonly origins = new Map<string, StoredEntry[]>();
  /** The loaded cookies as the file had them (live ones only). */
  private readonly baseline = new Map<string, JarCookie>();
  private version = 0;
  private savedVersion = 0;
  /** count() as of a version and set of loaded domains (save() counts while the disk syncs). */
  private counted: { version: number; domains: number; count: number } | undefined;
  private wroteOnce = false;
  private readonly writeUnchanged: boolean;

  constructor(init: SessionInit) {
    this.path = init.path;
    this.document = init.document;
    this.format = init.document.format;
    this.existed = init.existed;
    this.write = init.write;
    this.writeUnchanged = init.writeUnchanged === true;
  }

  get warnings(): readonly JarWarning[] {
    return this.document.warnings;
  }

  private ensureLoaded(hostname: string): void {
    const fresh = candidateDomains(hostname).filter((domain) => !this.loadedDomains.has(domain));
    if (fresh.length === 0) return;
    for (const domain of fresh) this.loadedDomains.add(domain);
    const last = new Map<string, StoredEntry>();
    for (const entry of this.document.entriesFor(fresh)) {
      const id = identity(entry.cookie);
      // a later line for the same cookie replaces an earlier one, as when curl reads the file
      putCookie(this.store, entry.tough ?? toToughCookie(entry.cookie, entry.index));
      last.set(id, entry);
      const origin = this.origins.get(id);
      if (origin === undefined) this.origins.set(id, [entry]);
      else origin.push(entry);
    }
    for (const [id, entry] of last) {
      if (!isExpired(entry.cookie, this.openedAt)) this.baseline.set(id, entry.cookie);
    }
  }

  /** The loaded cookies as they are now, without expired ones (tough-cookie's tombstones). */
  private current(): Map<string, { cookie: JarCookie; tough: Cookie }> {
    const now = new Map<string, { cookie: JarCookie; tough: Cookie }>();
    for (const tough of allCookies(this.store)) {
      const cookie = toJarCookie(tough);
      if (!isExpired(cookie, this.openedAt)) now.set(identity(cookie), { cookie, tough });
    }
    return now;
  }

  private currentCookies(): Map<string, JarCookie> {
    return new Map([...this.current()].map(([id, { cookie }]) => [id, cookie]));
  }

  cookies(): readonly JarCookie[] {
    const result = new Map<string, JarCookie>();
    for (const domain of this.document.domains()) {
      if (this.loadedDomains.has(domain)) continue;
      for (const entry of this.document.entriesFor([domain])) {
        if (!isExpired(entry.cookie, this.openedAt)) result.set(identity(entry.cookie), entry.cookie);
      }
    }
    for (const [id, cookie] of this.currentCookies()) result.set(id, cookie);
    return [...result.values()];
  }

  count(): number {
    const counted = this.counted;
    if (counted !== undefined && counted.version === this.version && counted.domains === this.loadedDomains.size) return counted.count;
    const count = this.document.countCookies(this.loadedDomains, this.openedAt) + this.current().size;
    this.counted = { version: this.version, domains: this.loadedDomains.size, count };
    return count;
  }

  requestCookies(url: URL): JarCookie[] {
    this.ensureLoaded(url.hostname);
    return this.tough.getCookiesSync(url.href).map(toJarCookie);
  }

  applySetCookies(url: URL, setCookieLines: readonly string[]): JarChanges {
    this.ensureLoaded(url.hostname);
    const before = this.currentCookies();
    for (const line of setCookieLines) {
      const parsed = Cookie.parse(line, { loose: true });
      if (parsed === undefined || !this.document.accepts(toJarCookie(parsed))) continue;
      // a browser ignores a Set-Cookie it must reject (wrong domain, public suffix, ...)
      this.tough.setCookieSync(line, url.href, { ignoreError: true });
    }
    const changes = diff(before, this.currentCookies(), this.format !== 'netscape');
    if (hasChanges(changes)) this.version++;
    return changes;
  }

  changes(): JarChanges {
    return diff(this.baseline, this.currentCookies(), this.format !== 'netscape');
  }

  private edits(): DocumentEdits {
    const removed = new Set<number>();
    const replaced = new Map<number, WrittenCookie>();
    const appended: WrittenCookie[] = [];
    const now = this.current();
    const withSameSite = this.format !== 'netscape';
    for (const [id, origin] of this.origins) {
      const was = this.baseline.get(id);
      const is = now.get(id);
      if (is === undefined) {
        // an expired line that nobody touched stays as it was
        if (was !== undefined) for (const entry of origin) removed.add(entry.index);
        continue;
      }
      if (was !== undefined && sameStoredCookie(was, is.cookie, withSameSite)) continue;
      // rewrite the line a reader uses (the last), and drop duplicates it would shadow
      const target = origin[origin.length - 1];
      replaced.set(target.index, is);
      for (const entry of origin) if (entry !== target) removed.add(entry.index);
    }
    for (const [id, written] of now) if (!this.origins.has(id)) appended.push(written);
    return { removed, replaced, appended };
  }

  async save(): Promise<void> {
    if (this.write === null) throw JarErrors.readOnly(this.path);
    if (this.version === this.savedVersion && !(this.writeUnchanged && !this.wroteOnce)) return;
    const edits = this.edits();
    const version = this.version;
    // edits are always against the file as read: once written, a net-zero edit must still be written back
    if (this.wroteOnce || this.writeUnchanged || edits.removed.size + edits.replaced.size + edits.appended.length > 0) {
      const writing = this.write(this.document.serializeParts?.(edits) ?? this.document.serialize(edits));
      // the write's own work is done; while the disk syncs (tens of ms), count what the jar keeps,
      // which the sign-out's report asks for next (~10 ms on a 100,000-cookie jar)
      try {
        this.count();
      } finally {
        await writing;
      }
      this.wroteOnce = true;
    }
    this.savedVersion = version;
  }
}
