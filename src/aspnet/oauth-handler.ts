// The OAuth2 kind. ASP.NET's OAuthHandler<TOptions> is a remote authentication handler
// without SignOutAsync, so the authentication service refuses it with ASP.NET's text; the
// cmdlet (kr's choice) signs out the linked cookie scheme and redirects to RedirectUri
// itself. What this handler adds is the optional RFC 7009 revocation of the tokens kr knows
// for the scheme (token store), at the configured revocation endpoint or the one in the
// issuer's metadata. Reports name token types, never values.

import type { Configuration } from 'openid-client';
import type { AuthenticationHandler } from './authentication.js';
import type { HttpContext } from './context.js';
import { HttpErrors } from './errors.js';
import { registerHandlerFactory } from './handler-factories.js';
import type { HandlerFactory } from './handler-factories.js';
import { configureStatic, discover, redactUrl, revoke } from './openid.js';
import type { TokenEndpointAuthMethod, TokenTypeHint } from './openid.js';
import { defaultOpenIdDeps } from './oidc-handler.js';
import type { OpenIdHandlerDeps } from './oidc-handler.js';
import { resolveTokenStore, sessionOrigin } from './token-store.js';

/** The scheme's registration (structurally the config file's OAuth2 entry). */
export interface OAuthSchemeSettings {
  clientId?: string;
  clientSecretEnv?: string;
  revocationEndpoint?: string;
  /** An issuer whose discovery metadata may name a revocation_endpoint. */
  authority?: string;
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
}

export type RevocationSkipReason = 'no-tokens' | 'no-endpoint' | 'no-client-id';

export interface RevocationReport {
  scheme: string;
  /** Redacted revocation endpoint, when one was known. */
  endpoint?: string;
  /** Token types revoked, in the order sent. */
  revoked: TokenTypeHint[];
  /** Why nothing was sent, when nothing was. */
  skipped?: RevocationSkipReason;
  /** Whether the scheme's saved tokens were removed from the token store. */
  tokensRemoved: boolean;
}

// Refresh token first: at most servers revoking it ends the grant, and so its access tokens.
const REVOCATION_ORDER: readonly TokenTypeHint[] = ['refresh_token', 'access_token'];

export class OAuthHandler implements AuthenticationHandler {
  /** The .NET type name (`GetType().Name` of the generic OAuthHandler<OAuthOptions>). */
  readonly handlerTypeName = 'OAuthHandler`1';
  readonly canSignOut = false;

  constructor(
    readonly scheme: string,
    readonly settings: OAuthSchemeSettings,
    private readonly deps: OpenIdHandlerDeps = {},
  ) {}

  /** Never reached through the authentication service (canSignOut is false); guards direct callers. */
  async signOut(): Promise<void> {
    throw HttpErrors.signOutHandlerNotSupported(this.scheme, this.handlerTypeName, []);
  }

  /** Which token types a revocation would send (for -WhatIf); no request is made. */
  async pendingRevocation(context: HttpContext): Promise<TokenTypeHint[]> {
    const store = await resolveTokenStore(this.deps.tokenStore);
    const tokens = store?.get(this.scheme, sessionOrigin(context.request.url)) ?? {};
    return REVOCATION_ORDER.filter((kind) => tokens[kind] !== undefined);
  }

  /**
   * Revokes the scheme's saved refresh and access tokens, then removes them from the token
   * store (and saves it). A failed revocation leaves the store as it was, so it can be retried.
   */
  async revokeTokens(context: HttpContext): Promise<RevocationReport> {
    const report: RevocationReport = { scheme: this.scheme, revoked: [], tokensRemoved: false };
    const store = await resolveTokenStore(this.deps.tokenStore);
    const origin = sessionOrigin(context.request.url);
    const tokens = store?.get(this.scheme, origin) ?? {};
    const kinds = REVOCATION_ORDER.filter((kind) => tokens[kind] !== undefined);
    if (kinds.length === 0) {
      context.trace(`${this.scheme}: no saved tokens to revoke`);
      return { ...report, skipped: 'no-tokens' };
    }
    if (!this.settings.clientId) return { ...report, skipped: 'no-client-id' };

    const config = await this.configuration(this.settings.clientId);
    const endpoint = config?.serverMetadata().revocation_endpoint;
    if (!config || !endpoint) {
      context.trace(`${this.scheme}: no revocation endpoint configured; ${kinds.join(', ')} not revoked`);
      return { ...report, skipped: 'no-endpoint' };
    }
    report.endpoint = redactUrl(endpoint);
    for (const kind of kinds) {
      await revoke(config, tokens[kind] as string, kind);
      report.revoked.push(kind);
      context.trace(`${this.scheme}: ${kind} revoked at ${report.endpoint}`);
    }
    if (store?.remove(this.scheme, origin)) {
      await store.save();
      report.tokensRemoved = true;
    }
    return report;
  }

  private async configuration(clientId: string): Promise<Configuration | undefined> {
    const { settings, deps } = this;
    const secret = (settings.clientSecretEnv ? deps.env?.[settings.clientSecretEnv] : undefined) || undefined;
    const options = {
      trace: deps.trace,
      timeoutSeconds: deps.timeoutSeconds,
      tokenEndpointAuthMethod: settings.tokenEndpointAuthMethod,
    };
    if (settings.revocationEndpoint) {
      return configureStatic({ revocationEndpoint: settings.revocationEndpoint }, clientId, secret, options);
    }
    if (settings.authority) return discover(new URL(settings.authority), clientId, secret, options);
    return undefined;
  }
}

export function createOAuthHandler(
  scheme: string,
  settings: OAuthSchemeSettings,
  deps: OpenIdHandlerDeps = {},
): OAuthHandler {
  return new OAuthHandler(scheme, settings, deps);
}

/** The `OAuth2` handler factory for buildAuthenticationService / registerHandlerFactory. */
export function oauthHandlerFactory(deps: OpenIdHandlerDeps = {}): HandlerFactory<'OAuth2'> {
  return ({ scheme, options, env }) => new OAuthHandler(scheme, options ?? {}, { ...deps, env: deps.env ?? env });
}

// Importing this module makes `OAuth2` schemes OAuthHandlers that can revoke (see oidc-handler.ts).
registerHandlerFactory('OAuth2', ({ scheme, options, env }) =>
  new OAuthHandler(scheme, options ?? {}, defaultOpenIdDeps(env)),
);
