// The request's cookies as ASP.NET's RequestCookieCollection sees them: names compared
// without case (StringComparer.OrdinalIgnoreCase) and, for a name sent twice, the first
// value wins (CookieHeaderParserShared only adds a name it has not seen).

export interface RequestCookie {
  name: string;
  /** A secret: never print it. */
  value: string;
}

export class RequestCookieCollection implements ReadonlyMap<string, string> {
  private readonly store = new Map<string, RequestCookie>();

  constructor(cookies: Iterable<RequestCookie> = []) {
    for (const c of cookies) {
      const key = c.name.toLowerCase();
      if (!this.store.has(key)) this.store.set(key, { name: c.name, value: c.value });
    }
  }

  get size(): number {
    return this.store.size;
  }

  get(name: string): string | undefined {
    return this.store.get(name.toLowerCase())?.value;
  }

  has(name: string): boolean {
    return this.store.has(name.toLowerCase());
  }

  /** The name as the client spelled it (chunk deletes reuse the server's spelling, not this). */
  spelling(name: string): string | undefined {
    return this.store.get(name.toLowerCase())?.name;
  }

  *keys(): MapIterator<string> {
    for (const c of this.store.values()) yield c.name;
  }

  *values(): MapIterator<string> {
    for (const c of this.store.values()) yield c.value;
  }

  *entries(): MapIterator<[string, string]> {
    for (const c of this.store.values()) yield [c.name, c.value];
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  forEach(callback: (value: string, key: string, map: ReadonlyMap<string, string>) => void, thisArg?: unknown): void {
    for (const c of this.store.values()) callback.call(thisArg, c.value, c.name, this);
  }
}
