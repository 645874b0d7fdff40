// PowerShell's variable scopes: global (the runspace's), script (one per script run), and a
// new local scope per function call whose parent is the caller's (dynamic scoping). A name
// is looked up from the current scope outwards; an assignment writes the current scope
// unless qualified (`$global:x`, `$script:x`, `$local:x`, `$private:x`).

import type { PsValue } from '../params/values.js';

export type ScopeKind = 'global' | 'script' | 'function';

export class Scope {
  private readonly variables = new Map<string, { name: string; value: PsValue }>();
  /**
   * A function's scope: where the records its body's commands write are also collected for the
   * function's own -ErrorVariable, -WarningVariable and -InformationVariable (PowerShell's
   * streams of a function carry what its commands wrote).
   */
  streamCapture?: { errors: unknown[]; warnings: string[]; information: string[] };

  constructor(
    readonly kind: ScopeKind,
    readonly parent?: Scope,
  ) {}

  /** The nearest scope of `kind` (the global one has no parent). */
  nearest(kind: ScopeKind): Scope {
    let scope: Scope | undefined = this;
    while (scope !== undefined) {
      if (scope.kind === kind || (kind === 'script' && scope.kind === 'global')) return scope;
      scope = scope.parent;
    }
    return this.root();
  }

  root(): Scope {
    let scope: Scope = this;
    while (scope.parent !== undefined) scope = scope.parent;
    return scope;
  }

  /** The variable from this scope outwards; undefined when no scope has it. */
  lookup(name: string): { name: string; value: PsValue } | undefined {
    const folded = name.toLowerCase();
    for (let scope: Scope | undefined = this; scope !== undefined; scope = scope.parent) {
      const hit = scope.variables.get(folded);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  getOwn(name: string): PsValue | undefined {
    return this.variables.get(name.toLowerCase())?.value;
  }

  hasOwn(name: string): boolean {
    return this.variables.has(name.toLowerCase());
  }

  /** Sets in this scope (the first spelling of a name is kept). */
  set(name: string, value: PsValue): void {
    const folded = name.toLowerCase();
    this.variables.set(folded, { name: this.variables.get(folded)?.name ?? name, value });
  }

  remove(name: string): boolean {
    return this.variables.delete(name.toLowerCase());
  }

  /** Every variable visible from here, innermost first wins. */
  visible(): { name: string; value: PsValue }[] {
    const seen = new Map<string, { name: string; value: PsValue }>();
    for (let scope: Scope | undefined = this; scope !== undefined; scope = scope.parent) {
      for (const [key, v] of scope.variables) if (!seen.has(key)) seen.set(key, v);
    }
    return [...seen.values()];
  }
}
