// How a configured scheme becomes a handler. Cookies are built here; OpenID Connect and
// OAuth2 handlers live in their own module (oidc-handler.ts), which plugs in with
// registerHandlerFactory so this file never imports it. Until one is registered, ASP.NET's
// shape is kept: an Oidc scheme is a sign-out handler (that reports it is unavailable),
// an OAuth2 scheme is an OAuthHandler, which cannot sign out.

import type { KrConfig, OAuth2SchemeConfig, OidcSchemeConfig } from '../config/types.js';
import type { CookieSchemeConfig } from '../config/types.js';
import { ExitCode, KrError } from '../params/errors.js';
import type { AuthenticationHandler, SchemeKind } from './authentication.js';
import { CookieAuthenticationHandler } from './cookie-handler.js';

interface ConfigOfKind {
  Cookies: CookieSchemeConfig;
  Oidc: OidcSchemeConfig;
  OAuth2: OAuth2SchemeConfig;
}

export interface HandlerFactoryInput<K extends SchemeKind = SchemeKind> {
  scheme: string;
  /** The scheme's entry in the config file; undefined for a scheme kr registers implicitly. */
  options: ConfigOfKind[K] | undefined;
  /** The whole config (null when there is no file). */
  config: KrConfig | null;
  /** For Oidc/OAuth2: the linked cookie scheme's name. */
  linkedCookieScheme?: string;
  /** Where secrets named by the config (`clientSecretEnv`) are read from. */
  env: Readonly<Record<string, string | undefined>>;
}

export type HandlerFactory<K extends SchemeKind = SchemeKind> = (input: HandlerFactoryInput<K>) => AuthenticationHandler;

type FactoryTable = { [K in SchemeKind]: HandlerFactory<K> };

const cookieFactory: HandlerFactory<'Cookies'> = ({ scheme, options }) =>
  new CookieAuthenticationHandler(scheme, {
    cookieName: options?.cookieName,
    domain: options?.domain,
    path: options?.path,
    secure: options?.secure,
    sameSite: options?.sameSite,
    httpOnly: options?.httpOnly,
    loginPath: options?.loginPath,
    logoutPath: options?.logoutPath,
    accessDeniedPath: options?.accessDeniedPath,
    returnUrlParameter: options?.returnUrlParameter,
  });

const pendingOidcFactory: HandlerFactory<'Oidc'> = ({ scheme }) => ({
  scheme,
  handlerTypeName: 'OpenIdConnectHandler',
  canSignOut: true,
  async signOut() {
    throw new KrError(
      'OidcHandlerUnavailable',
      `The OpenID Connect handler for scheme '${scheme}' is not available in this build of kr.`,
      { category: 'NotImplemented', exitCode: ExitCode.Failure },
    );
  },
});

// OAuthHandler<TOptions> is generic, so ASP.NET's error shows GetType().Name: OAuthHandler`1.
const oauthFactory: HandlerFactory<'OAuth2'> = ({ scheme }) => ({
  scheme,
  handlerTypeName: 'OAuthHandler`1',
  canSignOut: false,
  async signOut() {
    throw new Error('OAuthHandler cannot sign out');
  },
});

const DEFAULT_FACTORIES: FactoryTable = { Cookies: cookieFactory, Oidc: pendingOidcFactory, OAuth2: oauthFactory };
const registered: Partial<FactoryTable> = {};

/** Installs the handler factory for a kind (the OIDC module calls this when imported). */
export function registerHandlerFactory<K extends SchemeKind>(kind: K, factory: HandlerFactory<K>): void {
  (registered as Record<SchemeKind, HandlerFactory<K>>)[kind] = factory;
}

/** The factory in force for a kind: an override, a registered one, or kr's default. */
export function handlerFactoryFor<K extends SchemeKind>(kind: K, overrides?: Partial<FactoryTable>): HandlerFactory<K> {
  return (overrides?.[kind] ?? registered[kind] ?? DEFAULT_FACTORIES[kind]) as HandlerFactory<K>;
}

export type { FactoryTable as HandlerFactories };
