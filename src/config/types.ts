// kr's configuration: the scheme registrations a server would make with AddAuthentication()
// .AddCookie(...).AddOpenIdConnect(...), plus where the app lives. The file format:
//
//   {
//     "url": "https://app.example/",          // request URL when --url / KR_URL are absent
//     "pathBase": "/app",                     // ASP.NET PathBase (the app's mount point)
//     "schemes": {
//       "Cookies": {
//         "kind": "Cookies",
//         "cookieName": ".AspNetCore.Cookies", // default .AspNetCore.<escaped scheme>
//         "domain": "app.example",
//         "path": "/",                        // default PathBase, or /
//         "loginPath": "/Account/Login",
//         "logoutPath": "/Account/Logout",
//         "accessDeniedPath": "/Account/AccessDenied",
//         "returnUrlParameter": "ReturnUrl",
//         "secure": "SameAsRequest",          // SameAsRequest | Always | None
//         "sameSite": "Lax",                  // Lax | Strict | None | Unspecified
//         "httpOnly": true
//       },
//       "oidc": {
//         "kind": "Oidc",
//         "authority": "http://127.0.0.1:4000",
//         "issuer": "http://127.0.0.1:4000",  // optional, checked against discovery
//         "metadataAddress": "http://127.0.0.1:4000/.well-known/openid-configuration",
//         "clientId": "app",
//         "clientSecretEnv": "KR_OIDC_SECRET",  // the NAME of the variable holding the secret
//         "idTokenHintEnv": "KR_ID_TOKEN",      // optional: variable holding an id_token to send as id_token_hint
//         "logoutHintEnv": "KR_LOGOUT_HINT",    // optional: variable holding the user (e.g. an email) to send as logout_hint
//         "signedOutCallbackPath": "/signout-callback-oidc",
//         "signedOutRedirectUri": "/",
//         "cookieScheme": "Cookies.oidc",       // the linked cookie scheme; default Cookies.<scheme>
//         "saveTokens": true
//       },
//       "github": {
//         "kind": "OAuth2",
//         "authorizationEndpoint": "https://github.com/login/oauth/authorize",
//         "tokenEndpoint": "https://github.com/login/oauth/access_token",
//         "revocationEndpoint": "https://example/revoke",
//         "clientId": "abc",
//         "clientSecretEnv": "KR_GITHUB_SECRET",
//         "callbackPath": "/signin-oauth",
//         "cookieScheme": "Cookies.github",
//         "saveTokens": true
//       }
//     }
//   }
//
// (Comments are for this page only: the file itself is strict JSON.) Every field but
// "kind" is optional unless noted in validate.ts; unknown fields are errors. Secrets never
// live in the file: it names the environment variable that holds them.

import type { SameSiteMode } from '../aspnet/set-cookie.js';
import type { CookieSecurePolicy } from '../aspnet/cookie-options.js';
import type { SchemeKind } from '../aspnet/authentication.js';

export type { SchemeKind } from '../aspnet/authentication.js';

export interface CookieSchemeConfig {
  kind: 'Cookies';
  cookieName?: string;
  domain?: string;
  path?: string;
  loginPath?: string;
  logoutPath?: string;
  accessDeniedPath?: string;
  returnUrlParameter?: string;
  secure?: CookieSecurePolicy;
  sameSite?: SameSiteMode;
  httpOnly?: boolean;
}

export interface OidcSchemeConfig {
  kind: 'Oidc';
  /** The OpenID Provider (discovery at `<authority>/.well-known/openid-configuration`). */
  authority?: string;
  /** Expected issuer; also the discovery base when `authority` is absent. */
  issuer?: string;
  /** Full discovery document URL; takes precedence over `authority`. */
  metadataAddress?: string;
  clientId: string;
  /** Name of the environment variable that holds the client secret (not needed for logout). */
  clientSecretEnv?: string;
  /** Name of the environment variable that may hold an id_token for id_token_hint. Default `KR_ID_TOKEN`. */
  idTokenHintEnv?: string;
  /** Name of the environment variable that may hold a logout_hint (who is signing out, e.g. an email). Default `KR_LOGOUT_HINT`. */
  logoutHintEnv?: string;
  /** Default `/signout-callback-oidc`. */
  signedOutCallbackPath?: string;
  /** Default `/`. */
  signedOutRedirectUri?: string;
  cookieScheme?: string;
  saveTokens?: boolean;
}

export interface OAuth2SchemeConfig {
  kind: 'OAuth2';
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  revocationEndpoint?: string;
  clientId?: string;
  clientSecretEnv?: string;
  callbackPath?: string;
  cookieScheme?: string;
  saveTokens?: boolean;
}

export type SchemeConfig = CookieSchemeConfig | OidcSchemeConfig | OAuth2SchemeConfig;

export interface KrConfig {
  /** The file it came from (absolute), for messages. */
  readonly file: string;
  readonly url?: string;
  readonly pathBase?: string;
  /** A page only a signed-in user may see (e.g. /me): what -Verify and a sign-out proof ask. */
  readonly probePath?: string;
  /** The app's own logout endpoint (a path), which -ServerLogout calls with the session first. */
  readonly logoutEndpoint?: string;
  readonly logoutMethod?: 'GET' | 'POST';
  /** For a POST logout: the hidden field holding the antiforgery token on the endpoint's page. */
  readonly logoutAntiforgeryField?: string;
  /** For a POST logout: the cookie holding the antiforgery token (e.g. `XSRF-TOKEN`), sent back in `logoutAntiforgeryHeader`. */
  readonly logoutAntiforgeryCookie?: string;
  /** The header for logoutAntiforgeryCookie's token. Default `X-XSRF-TOKEN`. */
  readonly logoutAntiforgeryHeader?: string;
  /** Scheme name (case-sensitive, as ASP.NET) -> registration, in file order. */
  readonly schemes: ReadonlyMap<string, SchemeConfig>;
}

export const SCHEME_KINDS: readonly SchemeKind[] = ['Cookies', 'Oidc', 'OAuth2'];
