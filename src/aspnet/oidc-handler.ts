// OpenIdConnectHandler.SignOutAsync (RP-initiated logout), through openid-client:
// discovery -> end_session_endpoint -> 302 to it with id_token_hint, post_logout_redirect_uri
// and state. Like ASP.NET it does not delete the local cookie: the cmdlet signs out the
// linked cookie scheme first.
//
// kr's `state`: ASP.NET puts the AuthenticationProperties (the final RedirectUri), protected
// with the app's data-protection keys, in `state`, and the app's /signout-callback-oidc
// unprotects them to land the user. kr holds no such keys, so its state is an opaque random
// value (openid-client's randomState: 32 random bytes, base64url) that keys a pending-logout
// record in kr's token store, holding the final RedirectUri (absolute). `--follow` finds the
// record by the `state` the provider echoes to the callback and lands on that RedirectUri
// (the app itself, unable to read kr's state, falls back to its SignedOutRedirectUri).

import type { Configuration } from 'openid-client';
import type { OidcSchemeConfig } from '../config/types.js';
import { KrError } from '../params/errors.js';
import type { AuthenticationHandler } from './authentication.js';
import type { AuthenticationProperties } from './authentication-properties.js';
import type { HttpContext } from './context.js';
import { HttpErrors } from './errors.js';
import { registerHandlerFactory } from './handler-factories.js';
import type { HandlerFactory } from './handler-factories.js';
import { discover, endSessionUrl, randomState, redactUrl } from './openid.js';
import type { HttpTrace, TokenEndpointAuthMethod } from './openid.js';
import { idTokenFromEnv, lazyTokenStore, redactToken, resolveTokenStore, resolveTokenStorePath, sessionOrigin } from './token-store.js';
import type { Env, TokenStore, TokenStoreSource } from './token-store.js';

/** The scheme's registration: the config file's Oidc entry (a config entry can be passed as it is). */
export type OidcSchemeSettings = Omit<OidcSchemeConfig, 'kind' | 'cookieScheme' | 'saveTokens'> & {
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
};

export interface OpenIdHandlerDeps {
  env?: Env;
  /**
   * Where saved tokens are found and the pending logout is recorded; saved by the handler.
   * A function is called on first use (see lazyTokenStore). Absent: no saved tokens are known.
   */
  tokenStore?: TokenStoreSource;
  /** Each HTTP request made (for -Verbose). */
  trace?: HttpTrace;
  timeoutSeconds?: number;
  /**
   * --follow: the saved tokens (the id_token a retry needs for id_token_hint) stay in the store
   * until the provider has sent the user agent back to the signed-out callback
   * (signed-out-callback.ts removes them there); a follow that fails leaves them, so running the
   * same command again completes the logout. Without it kr hands the logout to whoever follows
   * the redirect and forgets the tokens at once, as before.
   */
  keepTokensUntilConfirmed?: boolean;
}

export const DEFAULT_SIGNED_OUT_CALLBACK_PATH = '/signout-callback-oidc';
export const DEFAULT_SIGNED_OUT_REDIRECT_URI = '/';
export const DEFAULT_ID_TOKEN_HINT_ENV = 'KR_ID_TOKEN';
export const DEFAULT_LOGOUT_HINT_ENV = 'KR_LOGOUT_HINT';

export type IdTokenHintSource = 'env' | 'token-store';

/** What a sign-out will do / did. `location` holds the id token: print `redactedLocation`. */
export interface OidcSignOutPlan {
  scheme: string;
  issuer: string;
  endSessionEndpoint: string;
  /** The real end-session URL (a secret when it carries id_token_hint). */
  location: string;
  redactedLocation: string;
  postLogoutRedirectUri: string;
  /** The final landing place after the provider returns to the callback (absolute). */
  redirectUri: string;
  state: string;
  idTokenHint?: IdTokenHintSource;
}

export class OpenIdConnectHandler implements AuthenticationHandler {
  readonly handlerTypeName = 'OpenIdConnectHandler';
  readonly canSignOut = true;
  /** The last sign-out's plan (for the cmdlet's report). */
  lastSignOut: OidcSignOutPlan | undefined;
  private configuration: Promise<Configuration> | undefined;

  constructor(
    readonly scheme: string,
    readonly settings: OidcSchemeSettings,
    private readonly deps: OpenIdHandlerDeps = {},
  ) {
    checkPath(settings.signedOutCallbackPath);
  }

  /** Discovery (once per handler). */
  discover(): Promise<Configuration> {
    this.configuration ??= this.runDiscovery();
    this.configuration.catch(() => (this.configuration = undefined));
    return this.configuration;
  }

  private async runDiscovery(): Promise<Configuration> {
    const { settings, deps } = this;
    const target = settings.metadataAddress ?? settings.authority ?? settings.issuer;
    if (!target) {
      throw new KrError(
        'OidcAuthorityMissing',
        `The OpenID Connect scheme '${this.scheme}' has no authority, issuer or metadataAddress to discover.`,
        { category: 'InvalidArgument' },
      );
    }
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new KrError('OidcInvalidIssuer', `The OpenID Provider address of scheme '${this.scheme}' is not a URL.`, {
        category: 'InvalidArgument',
      });
    }
    const secret = settings.clientSecretEnv ? deps.env?.[settings.clientSecretEnv] : undefined;
    const config = await discover(url, settings.clientId, secret || undefined, {
      trace: deps.trace,
      timeoutSeconds: deps.timeoutSeconds,
      tokenEndpointAuthMethod: settings.tokenEndpointAuthMethod,
    });
    const advertised = config.serverMetadata().issuer;
    if (settings.issuer && new URL(settings.issuer).href !== new URL(advertised).href) {
      throw new KrError(
        'OidcIssuerMismatch',
        `The OpenID Provider at '${redactUrl(url)}' advertises issuer '${redactUrl(advertised)}', not the configured '${redactUrl(settings.issuer)}'.`,
        { category: 'SecurityError' },
      );
    }
    return config;
  }

  /** Everything a sign-out would do, without touching the response or the token store (for -WhatIf). */
  async plan(context: HttpContext, properties: AuthenticationProperties): Promise<OidcSignOutPlan> {
    return (await this.prepare(context, properties, await resolveTokenStore(this.deps.tokenStore))).plan;
  }

  private async prepare(
    context: HttpContext,
    properties: AuthenticationProperties,
    store: TokenStore | undefined,
  ): Promise<{ plan: OidcSignOutPlan; hint?: string }> {
    const { request } = context;
    const config = await this.discover();
    const metadata = config.serverMetadata();
    const callbackPath = this.settings.signedOutCallbackPath ?? DEFAULT_SIGNED_OUT_CALLBACK_PATH;
    // BuildRedirectUri: scheme://host + OriginalPathBase + path.
    const appBase = `${request.scheme}://${request.host}${request.pathBase}`;
    const postLogoutRedirectUri = `${appBase}${callbackPath}`;

    let redirectUri = properties.redirectUri;
    if (!redirectUri) {
      const configured = this.settings.signedOutRedirectUri ?? DEFAULT_SIGNED_OUT_REDIRECT_URI;
      // BuildRedirectUriIfRelative; a blank one falls back to the current request.
      redirectUri = configured.trim()
        ? configured.startsWith('/')
          ? `${appBase}${configured}`
          : configured
        : `${appBase}${request.path}${request.url.search}`;
    }
    // The callback answers with Redirect(RedirectUri): a relative one resolves against it.
    const landing = new URL(redirectUri, postLogoutRedirectUri).href;

    const { token: idTokenHint, source } = this.idTokenHint(context, store);
    const state = await randomState();
    const logoutHint = (this.deps.env ?? {})[this.settings.logoutHintEnv ?? DEFAULT_LOGOUT_HINT_ENV]?.trim() || undefined;
    const url = await endSessionUrl(config, { idTokenHint, logoutHint, postLogoutRedirectUri, state });
    const plan: OidcSignOutPlan = {
      scheme: this.scheme,
      issuer: metadata.issuer,
      endSessionEndpoint: metadata.end_session_endpoint ?? '',
      location: url.href,
      redactedLocation: redactUrl(url),
      postLogoutRedirectUri,
      redirectUri: landing,
      state,
    };
    if (source) plan.idTokenHint = source;
    return { plan, hint: idTokenHint };
  }

  async signOut(context: HttpContext, properties: AuthenticationProperties): Promise<void> {
    const store = await resolveTokenStore(this.deps.tokenStore);
    const { plan, hint } = await this.prepare(context, properties, store);
    const origin = sessionOrigin(context.request.url);
    context.trace(
      `${this.scheme}: end-session endpoint ${redactUrl(plan.endSessionEndpoint)}` +
        (plan.idTokenHint
          ? `, id_token_hint from ${plan.idTokenHint === 'env' ? 'the environment' : 'the token store'} ${redactToken(hint)}`
          : ', no id_token_hint known'),
    );
    if (store) {
      const keep = this.deps.keepTokensUntilConfirmed === true;
      store.addPendingLogout(plan.state, {
        scheme: this.scheme,
        origin,
        redirectUri: plan.redirectUri,
        postLogoutRedirectUri: plan.postLogoutRedirectUri,
        ...(keep ? { tokensKept: true } : {}),
      });
      if (keep) context.trace(`${this.scheme}: saved tokens kept in ${store.path} until the provider confirms the logout`);
      else if (store.remove(this.scheme, origin)) context.trace(`${this.scheme}: saved tokens removed from ${store.path}`);
      await store.save();
    }
    context.response.redirect(plan.location);
    context.trace(`${this.scheme}: redirect to ${plan.redactedLocation}`);
    context.signOuts.push({
      scheme: this.scheme,
      handlerTypeName: this.handlerTypeName,
      // RP-initiated logout does not depend on being signed in (no authenticated check
      // upstream); whether the app session existed is the linked cookie scheme's record.
      authenticated: false,
      cookiesDeleted: [],
      redirectUri: plan.redactedLocation,
    });
    this.lastSignOut = plan;
  }

  private idTokenHint(context: HttpContext, store: TokenStore | undefined): { token?: string; source?: IdTokenHintSource } {
    const env = this.deps.env ?? {};
    const fromEnv = idTokenFromEnv({ KR_ID_TOKEN: env[this.settings.idTokenHintEnv ?? DEFAULT_ID_TOKEN_HINT_ENV] });
    // An explicit hint for this run wins over what was saved at login.
    if (fromEnv) return { token: fromEnv, source: 'env' };
    const saved = store?.get(this.scheme, sessionOrigin(context.request.url))?.id_token;
    return saved ? { token: saved, source: 'token-store' } : {};
  }
}

function checkPath(path: string | undefined): void {
  if (path !== undefined && path !== '' && !path.startsWith('/')) throw HttpErrors.invalidPathString(path);
}

export function createOidcHandler(
  scheme: string,
  settings: OidcSchemeSettings,
  deps: OpenIdHandlerDeps = {},
): OpenIdConnectHandler {
  return new OpenIdConnectHandler(scheme, settings, deps);
}

/**
 * The `Oidc` handler factory for buildAuthenticationService / registerHandlerFactory, closing
 * over this invocation's token store and HTTP trace. The config's env is used for secrets and
 * the id_token_hint variable unless `deps.env` is given.
 */
export function oidcHandlerFactory(deps: OpenIdHandlerDeps = {}): HandlerFactory<'Oidc'> {
  return ({ scheme, options, env }) =>
    new OpenIdConnectHandler(scheme, options ?? { clientId: '' }, { ...deps, env: deps.env ?? env });
}

/**
 * The deps a plain `kr` run uses: the token store at `--tokens` (KrSettings `tokens`), else
 * `KR_TOKENS`, else `~/.kr/tokens.json`, opened only if a handler needs it.
 */
export function defaultOpenIdDeps(env: Env, tokens?: string, trace?: HttpTrace): OpenIdHandlerDeps {
  return { env, trace, tokenStore: lazyTokenStore(resolveTokenStorePath({ tokens, env })) };
}

// Importing this module makes `Oidc` schemes real (handler-factories.ts keeps a placeholder
// until then). A run that knows `--tokens` or wants the HTTP trace passes its own factory
// through buildAuthenticationService's `factories`.
registerHandlerFactory('Oidc', ({ scheme, options, env }) =>
  new OpenIdConnectHandler(scheme, options ?? { clientId: '' }, defaultOpenIdDeps(env)),
);
