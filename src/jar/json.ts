// tough-cookie's serialized jar (`CookieJar.serializeSync()` written as JSON). Unknown
// top-level fields and every cookie object kr does not change are written back as they
// were read; the indentation and line endings of the file are kept.

import { Cookie } from 'tough-cookie';
import type { JarWarning } from './types.js';
import type { DocumentEdits, JarDocument, StoredEntry } from './document.js';
import { identity, isExpired, toJarCookie } from './convert.js';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Layout {
  indent: string;
  eol: string;
  trailingEol: boolean;
}

function detectLayout(text: string): Layout {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /^\uFEFF?\s*\{\r?\n([ \t]+)\S/.exec(text)?.[1] ?? '';
  return { indent, eol, trailingEol: /\r?\n$/.test(text) };
}

/** Thrown for a file that is not a tough-cookie jar at all; the caller names the file. */
export class JarFormatError extends Error {}

export class ToughJsonDocument implements JarDocument {
  readonly format = 'tough-json' as const;
  private readonly byDomain = new Map<string, StoredEntry[]>();
  readonly warnings: JarWarning[] = [];
  private readonly root: JsonObject;
  private readonly rawCookies: unknown[];
  private readonly layout: Layout;

  constructor(text: string) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      // JSON.parse's message quotes the file's text, which may hold cookie values
      throw new JarFormatError('it starts like JSON but is not valid JSON');
    }
    if (!isObject(parsed) || !Array.isArray(parsed.cookies)) {
      throw new JarFormatError('it is JSON but not a tough-cookie jar (no "cookies" array)');
    }
    this.root = parsed;
    this.rawCookies = parsed.cookies;
    this.layout = detectLayout(text);
    this.rawCookies.forEach((raw, index) => {
      const tough = isObject(raw) ? Cookie.fromJSON(raw) : undefined;
      if (tough === undefined || typeof tough.key !== 'string' || !tough.domain) {
        // JSON has no useful line numbers once parsed: line 0 and the array position instead
        this.warnings.push({ line: 0, message: `cookies[${index}] is not a valid cookie; kept unchanged` });
        return;
      }
      const cookie = toJarCookie(tough);
      const list = this.byDomain.get(cookie.domain);
      if (list === undefined) this.byDomain.set(cookie.domain, [{ index, cookie, tough }]);
      else list.push({ index, cookie, tough });
    });
  }

  static empty(): ToughJsonDocument {
    return new ToughJsonDocument(
      `${JSON.stringify({ version: 'tough-cookie@6.1.0', storeType: 'MemoryCookieStore', rejectPublicSuffixes: true, cookies: [] }, null, 2)}\n`,
    );
  }

  domains(): Iterable<string> {
    return this.byDomain.keys();
  }

  entriesFor(domains: readonly string[]): readonly StoredEntry[] {
    return domains.flatMap((domain) => this.byDomain.get(domain) ?? []).sort((a, b) => a.index - b.index);
  }

  countCookies(skip: ReadonlySet<string>, nowSeconds: number): number {
    const live = new Set<string>();
    for (const [domain, entries] of this.byDomain) {
      if (skip.has(domain)) continue;
      for (const { cookie } of entries) if (!isExpired(cookie, nowSeconds)) live.add(identity(cookie));
    }
    return live.size;
  }

  accepts(): boolean {
    return true;
  }

  serialize(edits: DocumentEdits): Buffer {
    const cookies: unknown[] = [];
    this.rawCookies.forEach((raw, index) => {
      if (edits.removed.has(index)) return;
      const replacement = edits.replaced.get(index);
      cookies.push(replacement === undefined ? raw : replacement.tough.toJSON());
    });
    for (const added of edits.appended) cookies.push(added.tough.toJSON());
    const root = { ...this.root, cookies };
    let text = JSON.stringify(root, null, this.layout.indent);
    if (this.layout.eol === '\r\n') text = text.replaceAll('\n', '\r\n');
    if (this.layout.trailingEol) text += this.layout.eol;
    return Buffer.from(text, 'utf8');
  }
}

/** Content-based: a JSON object is tough-cookie's form, anything else is read as cookies.txt. */
export function looksLikeJson(text: string): boolean {
  return /^\uFEFF?\s*\{/.test(text);
}
