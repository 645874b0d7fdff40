// The authentication service: a registry of schemes and SignOutAsync dispatch, after
// ASP.NET's AuthenticationSchemeProvider (an ordinal, case-sensitive dictionary kept in
// registration order) and AuthenticationService (its exact error texts, in errors.ts).

import type { HttpContext } from './context.js';
import { HttpErrors } from './errors.js';
import { AuthenticationProperties } from './authentication-properties.js';

export { AuthenticationProperties } from './authentication-properties.js';

export type SchemeKind = 'Cookies' | 'Oidc' | 'OAuth2';

export interface AuthenticationHandler {
  /** The scheme name this handler was registered under. */
  readonly scheme: string;
  /** The .NET type name ASP.NET puts in its errors, e.g. `CookieAuthenticationHandler`. */
  readonly handlerTypeName: string;
  /** True for an IAuthenticationSignOutHandler (cookies, OpenID Connect); false for OAuth. */
  readonly canSignOut: boolean;
  signOut(context: HttpContext, properties: AuthenticationProperties): Promise<void>;
  /** Whether the request carries this scheme's authentication (kr's stand-in for AuthenticateAsync). */
  isAuthenticated?(context: HttpContext): boolean;
}

export interface AuthenticationScheme {
  readonly name: string;
  readonly kind: SchemeKind;
  readonly handler: AuthenticationHandler;
  /** True when kr registered the scheme with ASP.NET's defaults rather than from a config file. */
  readonly implicit: boolean;
}

export class AuthenticationService {
  private readonly schemes = new Map<string, AuthenticationScheme>();

  /** AuthenticationSchemeProvider.AddScheme: a second registration of a name is an error. */
  addScheme(scheme: AuthenticationScheme): void {
    if (this.schemes.has(scheme.name)) throw HttpErrors.schemeAlreadyExists(scheme.name);
    this.schemes.set(scheme.name, scheme);
  }

  tryAddScheme(scheme: AuthenticationScheme): boolean {
    if (this.schemes.has(scheme.name)) return false;
    this.schemes.set(scheme.name, scheme);
    return true;
  }

  /** Ordinal lookup: `cookies` is not `Cookies`, as in ASP.NET. */
  getScheme(name: string): AuthenticationScheme | undefined {
    return this.schemes.get(name);
  }

  allSchemes(): AuthenticationScheme[] {
    return [...this.schemes.values()];
  }

  signOutSchemeNames(): string[] {
    return this.allSchemes()
      .filter((s) => s.handler.canSignOut)
      .map((s) => s.name);
  }

  /** True when the scheme is registered and its handler sees an authenticated request. */
  isAuthenticated(context: HttpContext, scheme: string): boolean {
    return this.getScheme(scheme)?.handler.isAuthenticated?.(context) ?? false;
  }

  /** AuthenticationService.SignOutAsync(context, scheme, properties). */
  async signOut(context: HttpContext, scheme: string, properties?: AuthenticationProperties | null): Promise<void> {
    const registered = this.getScheme(scheme);
    if (!registered) throw HttpErrors.signOutSchemeNotFound(scheme, this.signOutSchemeNames());
    const handler = registered.handler;
    if (!handler.canSignOut) {
      throw HttpErrors.signOutHandlerNotSupported(scheme, handler.handlerTypeName, this.signOutSchemeNames());
    }
    context.trace(`SignOutAsync('${scheme}') -> ${handler.handlerTypeName}`);
    await handler.signOut(context, properties ?? new AuthenticationProperties());
  }
}
