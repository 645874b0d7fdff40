// The sign-out itself, on one jar session: resolve the request URL, build the request from
// the jar's cookies, register the schemes, run the handlers REFERENCE.md §1 names for the
// AuthKind (with kr's choices), and apply the response's Set-Cookie lines back to the jar.
// The same code previews a -WhatIf run: the jar is then a read-only session (changes stay in
// memory), the OIDC handler only plans (no token store write) and nothing is revoked.
// Saving the jar is the caller's job, so a failure anywhere here leaves the file untouched.

import type { KrConfig } from '../config/types.js';
import { AuthenticationProperties } from '../aspnet/authentication-properties.js';
import type { AuthenticationService, SchemeKind } from '../aspnet/authentication.js';
import { buildAuthenticationService } from '../aspnet/build-service.js';
import { HttpContext } from '../aspnet/context.js';
import { CookieAuthenticationHandler } from '../aspnet/cookie-handler.js';
import { HttpErrors } from '../aspnet/errors.js';
import { linkedCookieScheme } from '../aspnet/linked-scheme.js';
import { OAuthHandler, oauthHandlerFactory } from '../aspnet/oauth-handler.js';
import { OpenIdConnectHandler, defaultOpenIdDeps, oidcHandlerFactory } from '../aspnet/oidc-handler.js';
import type { HttpTrace } from '../aspnet/openid.js';
import { resolveRequestUrl } from '../aspnet/request-url.js';
import type { JarChanges, JarSession } from '../jar/types.js';
import type { Hashtable } from '../params/values.js';
import { checkRedirectUri } from './redirect-safety.js';
import { deletionMisses, type DeletionMiss } from './deletion-misses.js';

export interface SignOutRequest {
  scheme: string;
  kind: SchemeKind;
  redirectUri: string;
  /** -RedirectUri was given (it then wins over a `.redirect` property for Oidc/OAuth2). */
  redirectUriBound: boolean;
  properties: Hashtable | undefined;
  redirect: boolean;
  /** The deprecated -OidcScheme: `scheme` is then a cookie scheme signed out first. */
  oidcScheme?: string;
}

export interface SignOutSurroundings {
  config: KrConfig | null;
  /** --url. */
  url?: string;
  env: Readonly<Record<string, string | undefined>>;
  /** --tokens. */
  tokens?: string;
  /** --follow: kr itself carries the logout to the provider and back, so it can wait for that before forgetting tokens. */
  follow?: boolean;
  /** Each handler step (names only). */
  trace(step: string): void;
  /** Each HTTP request made on kr's behalf (URLs already redacted). */
  httpTrace: HttpTrace;
  /** How the request URL was chosen, when kr chose it. */
  note(text: string): void;
}

export interface SignOutOutcome {
  context: HttpContext;
  url: URL;
  changes: JarChanges;
  signedOut: string[];
  /** Whether the request carried the (linked) cookie scheme's auth cookie. */
  authenticated: boolean;
  /** The Location to print (redacted by the OIDC handler when it holds an id token). */
  location?: string;
  /** Token types revoked (or, for -WhatIf, that would be). */
  revoked?: string[];
  /** The body of a 4xx answer. */
  responseText?: string;
  /** Cookies the sign-out meant to delete that the jar keeps (their domain/path differ). */
  misses: DeletionMiss[];
  /** The cookie scheme that holds the session (the linked one for Oidc/OAuth2). */
  cookieScheme: string;
}

/** The cookie scheme whose auth cookie shows the user is signed in for this request. */
function sessionScheme(request: SignOutRequest, config: KrConfig | null): { scheme: string; kind: SchemeKind } {
  if (request.oidcScheme !== undefined || request.kind === 'Cookies') return { scheme: request.scheme, kind: 'Cookies' };
  return { scheme: linkedCookieScheme(config, request.scheme), kind: 'Cookies' };
}

function propertiesOf(request: SignOutRequest): AuthenticationProperties {
  const properties = AuthenticationProperties.fromHashtable(request.properties);
  if (properties.redirectUri !== undefined) checkRedirectUri(properties.redirectUri, "-Properties '.redirect'");
  return properties;
}

/** For Oidc/OAuth2: an explicit -RedirectUri, else `.redirect`, else the default `/`. */
function finalRedirect(request: SignOutRequest, properties: AuthenticationProperties): string {
  if (request.redirectUriBound) return request.redirectUri;
  return properties.redirectUri ?? request.redirectUri;
}

function requireScheme(service: AuthenticationService, scheme: string): void {
  if (!service.getScheme(scheme)) throw HttpErrors.signOutSchemeNotFound(scheme, service.signOutSchemeNames());
}

export async function runSignOut(
  jar: JarSession,
  request: SignOutRequest,
  around: SignOutSurroundings,
  mode: 'run' | 'whatIf',
): Promise<SignOutOutcome> {
  const { config, env } = around;
  const session = sessionScheme(request, config);
  // The deprecated form names a cookie scheme in -Scheme, whatever -AuthKind says.
  const kind: SchemeKind = request.oidcScheme !== undefined ? 'Cookies' : request.kind;
  const resolved = resolveRequestUrl({
    url: around.url,
    env,
    config,
    scheme: request.scheme,
    kind,
    // read only when no URL was given: listing a 100,000-cookie jar is most of a sign-out's cost
    get jarCookies() {
      return jar.cookies();
    },
  });
  if (resolved.note) around.note(resolved.note);
  const url = resolved.url;
  const sent = jar.requestCookies(url);
  const context = new HttpContext({
    url,
    cookies: sent,
    pathBase: config?.pathBase,
    trace: (step) => around.trace(step),
  });

  const deps = { ...defaultOpenIdDeps(env, around.tokens, around.httpTrace), keepTokensUntilConfirmed: around.follow === true };
  const service = buildAuthenticationService(
    config,
    request.scheme,
    kind,
    {
      env,
      factories: { Oidc: oidcHandlerFactory(deps), OAuth2: oauthHandlerFactory(deps) },
      alsoRequested: request.oidcScheme !== undefined ? [{ scheme: request.oidcScheme, kind: 'Oidc' }] : [],
    },
  );

  const properties = propertiesOf(request);
  const authenticated = service.isAuthenticated(context, session.scheme);
  const outcome: SignOutOutcome = {
    context,
    url,
    changes: { removed: [], added: [], updated: [] },
    signedOut: [],
    authenticated,
    misses: [],
    cookieScheme: session.scheme,
  };

  if (request.oidcScheme !== undefined || request.kind === 'Oidc') {
    const oidcScheme = request.oidcScheme ?? request.scheme;
    requireScheme(service, session.scheme);
    requireScheme(service, oidcScheme);
    await service.signOut(context, session.scheme, properties.clone());
    outcome.signedOut.push(session.scheme);
    const oidcProperties = properties.clone();
    oidcProperties.redirectUri = finalRedirect(request, properties);
    const handler = service.getScheme(oidcScheme)?.handler;
    if (mode === 'whatIf' && handler instanceof OpenIdConnectHandler) {
      const plan = await handler.plan(context, oidcProperties);
      context.response.redirect(plan.redactedLocation);
      outcome.location = plan.redactedLocation;
    } else {
      await service.signOut(context, oidcScheme, oidcProperties);
      outcome.location = handler instanceof OpenIdConnectHandler ? handler.lastSignOut?.redactedLocation : context.response.location;
    }
    outcome.signedOut.push(oidcScheme);
  } else if (request.kind === 'OAuth2') {
    if (config) requireScheme(service, request.scheme);
    requireScheme(service, session.scheme);
    await service.signOut(context, session.scheme, properties.clone());
    outcome.signedOut.push(session.scheme);
    context.response.redirect(finalRedirect(request, properties));
    outcome.location = context.response.location;
    const handler = service.getScheme(request.scheme)?.handler;
    if (handler instanceof OAuthHandler) {
      const configured = handler.settings.revocationEndpoint !== undefined || handler.settings.authority !== undefined;
      if (mode === 'whatIf') outcome.revoked = configured ? await handler.pendingRevocation(context) : [];
      else outcome.revoked = (await handler.revokeTokens(context)).revoked;
    }
  } else {
    const registered = service.getScheme(request.scheme);
    if (!registered && !request.redirect) requireScheme(service, request.scheme);
    if (authenticated) {
      await service.signOut(context, request.scheme, properties);
      outcome.signedOut.push(request.scheme);
    }
    if (request.redirect) {
      if (registered?.kind === 'Cookies' && registered.handler instanceof CookieAuthenticationHandler) {
        const { loginPath, loginPathConfigured } = registered.handler.options;
        context.response.redirect(loginPathConfigured && loginPath ? loginPath : '/');
      } else {
        context.response.status = 400;
        context.response.location = undefined;
        outcome.responseText = `Authentication scheme '${request.scheme}' not found.`;
      }
    }
    outcome.location = context.response.location;
  }

  outcome.changes = jar.applySetCookies(url, context.response.setCookie);
  outcome.misses = deletionMisses(sent, context.response.setCookie, outcome.changes.removed);
  return outcome;
}
