// AuthenticationProperties: string items carried through sign-out. Kestrun's cmdlet fills
// Items from -Properties (key -> value.ToString()); RedirectUri is the `.redirect` item.

import { psToString } from '../params/values.js';
import type { Hashtable } from '../params/values.js';

const REDIRECT_URI_KEY = '.redirect';

export class AuthenticationProperties {
  /** Ordinal keys, as Dictionary<string, string?> in ASP.NET. */
  readonly items = new Map<string, string>();

  constructor(items?: Iterable<[string, string]>) {
    if (items) for (const [k, v] of items) this.items.set(k, v);
  }

  /** From a PowerShell hashtable: every value through ToString(); a $null value becomes ''. */
  static fromHashtable(table: Hashtable | null | undefined): AuthenticationProperties {
    const props = new AuthenticationProperties();
    if (table) for (const [key, value] of table) props.items.set(key, psToString(value));
    return props;
  }

  get redirectUri(): string | undefined {
    return this.items.get(REDIRECT_URI_KEY);
  }

  set redirectUri(value: string | undefined) {
    if (value === undefined) this.items.delete(REDIRECT_URI_KEY);
    else this.items.set(REDIRECT_URI_KEY, value);
  }

  clone(): AuthenticationProperties {
    return new AuthenticationProperties(this.items);
  }
}
