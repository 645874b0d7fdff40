// Invoke-KrCookieSignOut's metadata, declared once: the binder, Get-Help, the generated
// docs/cmdlets/Invoke-KrCookieSignOut.md and the examples test all read this object.
// Parameter order follows Kestrun's param block (Scheme, AuthKind, Redirect, RedirectUri,
// Properties) so an ambiguous `-R` lists `-Redirect -RedirectUri` as PowerShell does.
// Every example here runs in test/docs/examples.test.ts: change one, change its fixture.

import type { CommandDeclaration } from '../params/metadata.js';

export const SIGN_OUT_AUTH_KINDS = ['Cookies', 'OAuth2', 'Oidc'] as const;

export const OIDC_SCHEME_DEPRECATION = "-OidcScheme is deprecated; use -Scheme <name> -AuthKind Oidc instead (e.g. -Scheme 'oidc' -AuthKind Oidc).";

const NOTES = `kr runs the sign-out against a simulated ASP.NET Core HTTP context: the request carries
the cookies your jar (--jar, KR_COOKIE_JAR, ~/.kr/cookies.txt) would send to the request URL
(--url, KR_URL, the config's "url", else the one site in the jar holding the auth cookie),
and the response's Set-Cookie lines are applied back to the jar, which is rewritten losslessly
(every other line byte for byte) under a lock. Schemes come from kr.config.json (--config,
KR_CONFIG); without a config file the requested cookie scheme is registered with ASP.NET's
defaults. Saved OIDC/OAuth2 tokens are read from the token store (--tokens, KR_TOKENS,
~/.kr/tokens.json). Cookie values and tokens are never printed, in any mode.

Exit codes: 0 signed out, not signed in, -WhatIf, or the confirmation answered No;
1 the sign-out failed (unknown scheme with a config file, IdP unreachable, no end-session
endpoint, 400 for -Redirect on an unknown scheme); 2 usage or binding error (UnsafeRedirectUri
included); 3 a confirmation was needed but kr is not interactive.

Differences from Kestrun:
- OAuth2 works: upstream's OAuth2 branch calls a helper with a missing argument and answers
  302 without a Location. kr signs out the linked cookie scheme (the configured cookieScheme,
  else 'Cookies.' + the scheme name) and answers 302 with Location = -RedirectUri; when the config names
  a revocation endpoint (or an authority that advertises one) and the token store holds the
  scheme's tokens, they are revoked (RFC 7009) and removed from the store.
- -Properties is honoured for every AuthKind (upstream passes it only for Cookies); its
  '.redirect' item is the AuthenticationProperties RedirectUri. For Oidc and OAuth2 an
  explicit -RedirectUri wins over '.redirect'.
- -OidcScheme still works, as a deprecated form with a warning: it keeps the old semantics
  (sign out -Scheme as a cookie scheme, then the -OidcScheme scheme with -RedirectUri, then
  302), so the upstream page's example 3 runs. Write -Scheme 'oidc' -AuthKind Oidc instead.
- The upstream page's errors are corrected: -RedirectUri is used by Oidc AND OAuth2 (not
  "only when OidcScheme is specified"), -OidcScheme is not a current parameter, and there
  are no "Fill in" placeholders. Inputs and outputs are documented.
- "Authenticated" means the request carries the scheme's auth cookie with every chunk: kr
  cannot decrypt the ticket (it is protected with the server's Data Protection keys). A
  partial chunk set counts as not signed in, as ASP.NET would fail to read it.
- The OIDC 'state' is an opaque random value keying a pending-logout record in kr's token
  store (holding the final RedirectUri), not ASP.NET's data-protected properties.
- id_token_hint comes from the environment variable the scheme names (default KR_ID_TOKEN),
  else from the id token saved in the token store at login for that scheme and site.
- Redirect targets are checked: -RedirectUri and '.redirect' must be host-relative ('/x',
  not '//x' or '/\\x') or absolute http(s) URLs; anything else is UnsafeRedirectUri (exit 2).
- Pipeline input (kr's addition; Kestrun's INPUTS are none): Scheme, AuthKind, RedirectUri and
  Properties by property name, and kr's own -Url and -Jar, so "Import-Csv sessions.csv |
  Invoke-KrCookieSignOut" signs out each row (one report, one ShouldProcess per object).
- -OutJar (the CLI's --out) is kr's own: the result goes to another file, the jar stays as it was.
- A jar given with --jar or KR_COOKIE_JAR must exist (JarNotFound, exit 1) and be a format kr
  reads (JarFormatNotRecognized, exit 1): "not signed in" is said only of a jar kr has read.
- Output: instead of [void], kr writes one report object (see OUTPUTS) and a one-line summary.
- A Set-Cookie deletion that does not match a cookie the request sent (the app set it with
  another path or domain than the scheme's options) leaves that cookie in the jar, as a
  browser would; kr warns, naming the stored and the deleted path and domain.`;

export const invokeKrCookieSignOutDeclaration: CommandDeclaration = {
  name: 'Invoke-KrCookieSignOut',
  synopsis: 'Signs out the current user by removing their authentication cookie for the given scheme.',
  description: `Wraps SignOutAsync on a simulated HTTP context whose request is built from your cookie jar,
then applies the response's Set-Cookie lines back to the jar: the scheme's authentication
cookie and all of its chunks are removed, every other cookie is kept.

-AuthKind chooses what is signed out. Cookies (the default) signs out the cookie scheme named
by -Scheme when its cookie is present; -Redirect then answers 302 to the scheme's configured
LoginPath (or '/'). Oidc signs out the scheme's linked cookie scheme and then performs
RP-initiated logout: a 302 to the OpenID Provider's end_session_endpoint with id_token_hint,
post_logout_redirect_uri and state, returning to -RedirectUri. OAuth2 signs out the linked
cookie scheme and redirects to -RedirectUri, revoking saved tokens when a revocation endpoint
is configured.

-WhatIf shows what would be removed and where the redirect would go without touching the jar
or the token store; -Confirm asks first.`,
  supportsShouldProcess: true,
  scriptFunction: true,
  confirmImpact: 'Low',
  parameterSetName: 'SimpleIdentity',
  parameters: [
    {
      name: 'Scheme',
      valueFromPipelineByPropertyName: true,
      type: 'string',
      position: 0,
      default: 'Cookies',
      help: "Authentication scheme to sign out (default 'Cookies'). For Oidc and OAuth2, the OpenID Connect or OAuth2 scheme; its linked cookie scheme is signed out with it.",
    },
    {
      name: 'AuthKind',
      valueFromPipelineByPropertyName: true,
      type: 'string',
      position: 1,
      default: 'Cookies',
      validateSet: SIGN_OUT_AUTH_KINDS,
      help:
        "Authentication kind: 'Cookies' (default), 'OAuth2', or 'Oidc'.\n" +
        "Use 'OAuth2' to sign out the scheme's linked cookie scheme and redirect to -RedirectUri (revoking saved tokens when a revocation endpoint is configured).\n" +
        "Use 'Oidc' to sign out the linked cookie scheme and the OIDC scheme (redirects to the IdP's end-session endpoint).",
    },
    {
      name: 'Redirect',
      type: 'switch',
      help:
        "If specified, redirects the user to the scheme's login path after signing out.\n" +
        "If the login path is not configured, redirects to '/'. Answers 400 when -Scheme is not a registered cookie scheme.\n" +
        'Used with the Cookies kind only; Oidc and OAuth2 redirect on their own.',
    },
    {
      name: 'RedirectUri',
      valueFromPipelineByPropertyName: true,
      type: 'string',
      position: 2,
      default: '/',
      help:
        "URI to redirect to after sign-out (default '/'). Used by Oidc (where the IdP returns after logout) and OAuth2 (the Location of the 302).\n" +
        "Must be host-relative ('/x') or an absolute http(s) URL.",
    },
    {
      name: 'Properties',
      valueFromPipelineByPropertyName: true,
      type: 'hashtable',
      position: 3,
      // items can carry secrets (a token, a session key): the shell's history masks them
      mayHoldSecrets: true,
      help: "Additional authentication properties for the SignOut call: each entry becomes an AuthenticationProperties item (value converted to a string). The '.redirect' item is the redirect target.",
    },
    {
      name: 'Url',
      type: 'string',
      valueFromPipelineByPropertyName: true,
      help: "kr's own: the URL of the simulated request for this sign-out (the CLI's --url is the default). Taken from a pipeline object's Url property, so Import-Csv sessions.csv signs out each row's site.",
    },
    {
      name: 'Jar',
      type: 'string',
      valueFromPipelineByPropertyName: true,
      help: "kr's own: the cookie jar for this sign-out (the CLI's --jar is the default); it must exist. Taken from a pipeline object's Jar property.",
    },
    {
      name: 'Verify',
      type: 'switch',
      help:
        "kr's own: prove the sign-out by asking the app. The old cookies (kept in memory only) are replayed to the config's probePath (else the request URL) after the sign-out (and after --follow); if the app still lets them in, SessionStillValid (exit 1): the sign-out was client-side only.",
    },
    {
      name: 'ServerLogout',
      type: 'switch',
      help:
        "kr's own: first call the app's own logout endpoint (the config's logoutEndpoint) with the session, so a server-side session ends too, then sign out locally. --follow does it as well when logoutEndpoint is set.",
    },
    {
      name: 'OutJar',
      type: 'string',
      help:
        "kr's own: write the jar after the sign-out to this file, in the jar's format, and leave the jar itself untouched (the CLI's --out). " +
        'A shared login state (a Playwright storageState used by many tests) then survives one test signing out.',
    },
    {
      name: 'OidcScheme',
      type: 'string',
      dontShow: true,
      deprecated: OIDC_SCHEME_DEPRECATION,
      help: 'Deprecated. Signs out -Scheme (a cookie scheme), then this OpenID Connect scheme with -RedirectUri.',
    },
  ],
  examples: [
    {
      title: 'Sign out of the default Cookies scheme',
      code: 'Invoke-KrCookieSignOut',
      remarks:
        "Signs out the current user from the default 'Cookies' scheme: the jar's .AspNetCore.Cookies cookie and all its chunks are removed; other cookies stay.",
    },
    {
      title: 'Sign out of a named cookie scheme',
      code: "Invoke-KrCookieSignOut -Scheme 'MyCookieScheme'",
      remarks: "Signs out the current user from the specified scheme (its cookie is .AspNetCore.MyCookieScheme unless the config names another).",
    },
    {
      title: 'Sign out of Cookies and OIDC with the deprecated -OidcScheme',
      code: "Invoke-KrCookieSignOut -OidcScheme 'oidc' -RedirectUri '/'",
      remarks:
        "Signs out from both Cookies and the 'oidc' scheme (configured in kr.config.json) and redirects to the provider's end-session endpoint; the provider returns to '/'. Warns that -OidcScheme is deprecated: the new form is -Scheme 'oidc' -AuthKind Oidc.",
    },
    {
      title: 'Preview a sign-out',
      code: 'Invoke-KrCookieSignOut -WhatIf',
      remarks: 'Shows the What if line, which cookies would be removed and where the redirect would go. The jar is not changed.',
    },
    {
      title: 'Sign out and go to the login page',
      code: 'Invoke-KrCookieSignOut -Redirect',
      remarks: "Signs out and answers 302 to the scheme's configured loginPath (here /Account/Login from kr.config.json), or '/' when none is configured.",
    },
    {
      title: 'Pass authentication properties',
      code: "Invoke-KrCookieSignOut -Properties @{ '.redirect' = '/goodbye'; reason = 'ci' }",
      remarks: "Each entry becomes an AuthenticationProperties item; '.redirect' makes the cookie handler answer 302 to /goodbye.",
    },
    {
      title: 'RP-initiated logout from an OpenID Provider',
      code: "Invoke-KrCookieSignOut -Scheme 'oidc' -AuthKind Oidc -RedirectUri '/signed-out'",
      remarks:
        "Removes the linked Cookies.oidc session cookie, then redirects to the provider's end_session_endpoint with id_token_hint (from the token store), post_logout_redirect_uri (/signout-callback-oidc) and state; after logout the user lands on /signed-out.",
    },
    {
      title: 'Sign out of an OAuth2 scheme',
      code: "Invoke-KrCookieSignOut -Scheme 'github' -AuthKind OAuth2 -RedirectUri '/bye'",
      remarks: "Removes the linked Cookies.github session cookie and answers 302 with Location /bye.",
    },
  ],
  inputs: [{ type: 'None', description: 'You cannot pipe objects to this cmdlet.' }],
  outputs: [
    {
      type: 'Kr.SignOutReport',
      description:
        'One object: signedOut (schemes), removed (name, domain, path of each cookie removed), kept (cookies left in the jar), response (status, location with secrets redacted, setCookie lines without values), jar (path, format), url; whatIf, authenticated and revoked when they apply. Shown to a person as a one-line summary.',
    },
  ],
  notes: NOTES,
  relatedLinks: [
    { text: 'Kestrun Invoke-KrCookieSignOut', uri: 'https://docs.kestrun.dev/pwsh/cmdlets/Invoke-KrCookieSignOut' },
    { text: 'ASP.NET Core cookie authentication', uri: 'https://learn.microsoft.com/aspnet/core/security/authentication/cookie' },
    { text: 'OpenID Connect RP-Initiated Logout 1.0', uri: 'https://openid.net/specs/openid-connect-rpinitiated-1_0.html' },
    { text: 'Get-Help' },
  ],
};
