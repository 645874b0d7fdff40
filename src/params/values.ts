// PowerShell values as kr carries them after parsing and evaluation.
// (Literal parsing of argument expressions is added to this file by the binder work.)

export type PsValue = string | number | boolean | null | PsValue[] | Hashtable;

/**
 * PowerShell's @{ } hashtable: case-insensitive keys, insertion order kept,
 * the key's original spelling kept for display.
 */
export class Hashtable {
  private readonly entries = new Map<string, { key: string; value: PsValue }>();

  static from(record: Record<string, PsValue>): Hashtable {
    const table = new Hashtable();
    for (const [k, v] of Object.entries(record)) table.set(k, v);
    return table;
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key.toLowerCase());
  }

  get(key: string): PsValue | undefined {
    return this.entries.get(key.toLowerCase())?.value;
  }

  /** Sets (or replaces) a key; returns false when the key was already present. */
  set(key: string, value: PsValue): boolean {
    const folded = key.toLowerCase();
    const existed = this.entries.has(folded);
    this.entries.set(folded, { key: existed ? this.entries.get(folded)!.key : key, value });
    return !existed;
  }

  keys(): string[] {
    return [...this.entries.values()].map((e) => e.key);
  }

  *[Symbol.iterator](): IterableIterator<[string, PsValue]> {
    for (const e of this.entries.values()) yield [e.key, e.value];
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of this) out[k] = toJsonValue(v);
    return out;
  }
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export function toJsonValue(value: PsValue | undefined): JsonValue {
  if (value === undefined) return null;
  if (value instanceof Hashtable) return value.toJSON() as JsonValue;
  if (Array.isArray(value)) return value.map(toJsonValue);
  return value;
}

/** PowerShell's ToString() of a value, as used for AuthenticationProperties items and messages. */
export function psToString(value: PsValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value instanceof Hashtable) return 'System.Collections.Hashtable';
  if (Array.isArray(value)) return value.map(psToString).join(' ');
  return String(value);
}
