// HTTP headers as ASP.NET's IHeaderDictionary holds them: names compared without case,
// each name carrying an ordered list of values (Set-Cookie needs every line kept apart).

export class HeaderMap implements Iterable<[string, string[]]> {
  private readonly entries = new Map<string, { name: string; values: string[] }>();

  static from(init: Iterable<[string, string]> | Record<string, string> | undefined): HeaderMap {
    const map = new HeaderMap();
    if (!init) return map;
    const pairs = Symbol.iterator in init ? (init as Iterable<[string, string]>) : Object.entries(init);
    for (const [name, value] of pairs) map.append(name, value);
    return map;
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  /** All values joined with a comma, as StringValues.ToString() does; undefined when absent. */
  get(name: string): string | undefined {
    const entry = this.entries.get(name.toLowerCase());
    return entry ? entry.values.join(',') : undefined;
  }

  getAll(name: string): string[] {
    return [...(this.entries.get(name.toLowerCase())?.values ?? [])];
  }

  /** Replaces every value of the header (an empty list removes it). */
  set(name: string, value: string | readonly string[]): void {
    const values = typeof value === 'string' ? [value] : [...value];
    const key = name.toLowerCase();
    if (values.length === 0) {
      this.entries.delete(key);
      return;
    }
    this.entries.set(key, { name: this.entries.get(key)?.name ?? name, values });
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const entry = this.entries.get(key);
    if (entry) entry.values.push(value);
    else this.entries.set(key, { name, values: [value] });
  }

  delete(name: string): boolean {
    return this.entries.delete(name.toLowerCase());
  }

  /** Header names in first-set order, with the spelling first used. */
  names(): string[] {
    return [...this.entries.values()].map((e) => e.name);
  }

  *[Symbol.iterator](): IterableIterator<[string, string[]]> {
    for (const e of this.entries.values()) yield [e.name, [...e.values]];
  }

  toJSON(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [name, values] of this) out[name] = values;
    return out;
  }
}
