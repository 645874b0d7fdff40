// The authentication service for one kr invocation, as the server's startup would have
// built it: every scheme of the config file (plus the linked cookie scheme of each
// Oidc/OAuth2 scheme, which Kestrun registers alongside it). Without a config file, the
// requested scheme is registered implicitly with ASP.NET's defaults, so a plain curl jar
// works with no set-up. With a config file, nothing is guessed: a scheme it does not name
// stays unregistered and ASP.NET's "No sign-out authentication handler" error follows.
// An empty scheme name (`-Scheme ''`, or `$null`, which the cmdlet's [string] parameter turns
// into '') is never guessed: no server registers a scheme without a name.

import type { KrConfig, SchemeConfig } from '../config/types.js';
import { AuthenticationService } from './authentication.js';
import type { SchemeKind } from './authentication.js';
import { handlerFactoryFor } from './handler-factories.js';
import type { HandlerFactories, HandlerFactoryInput } from './handler-factories.js';
import { linkedCookieScheme } from './linked-scheme.js';

export interface SchemeRequest {
  scheme: string;
  kind: SchemeKind;
}

export interface BuildServiceOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /** Factories for this build only (tests, embedders); else the registered ones. */
  factories?: Partial<HandlerFactories>;
  /** More schemes the invocation will sign out (e.g. the deprecated -OidcScheme form). */
  alsoRequested?: readonly SchemeRequest[];
}

export function buildAuthenticationService(
  config: KrConfig | null,
  requestedScheme: string,
  requestedKind: SchemeKind,
  options: BuildServiceOptions = {},
): AuthenticationService {
  const service = new AuthenticationService();
  const env = options.env ?? {};
  const add = (scheme: string, kind: SchemeKind, entry: SchemeConfig | undefined, implicit: boolean) => {
    const input: HandlerFactoryInput = { scheme, options: entry, config, env };
    if (kind !== 'Cookies') input.linkedCookieScheme = linkedCookieScheme(config, scheme);
    const handler = handlerFactoryFor(kind, options.factories)(input as never);
    service.addScheme({ name: scheme, kind, handler, implicit });
  };

  if (config) {
    for (const [name, entry] of config.schemes) add(name, entry.kind, entry, false);
    for (const [name, entry] of config.schemes) {
      if (entry.kind === 'Cookies') continue;
      const linked = linkedCookieScheme(config, name);
      if (!service.getScheme(linked)) add(linked, 'Cookies', undefined, true);
    }
    return service;
  }

  for (const { scheme, kind } of [{ scheme: requestedScheme, kind: requestedKind }, ...(options.alsoRequested ?? [])]) {
    // An Oidc scheme cannot be guessed (it needs an authority); its linked cookie scheme can.
    if (scheme === '') continue;
    const cookieScheme = kind === 'Cookies' ? scheme : linkedCookieScheme(null, scheme);
    if (!service.getScheme(cookieScheme)) add(cookieScheme, 'Cookies', undefined, true);
  }
  return service;
}
