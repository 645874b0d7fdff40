// The app's side of an OIDC sign-out, as `--follow` finishes it. ASP.NET's
// /signout-callback-oidc unprotects `state` and redirects to the RedirectUri it carries;
// kr's state is a key into its token store instead (oidc-handler.ts), so when the provider
// sends the user agent back to the callback with that state, kr takes the pending logout
// (one landing per state) and goes on to its RedirectUri. A logout that kept the scheme's tokens
// for a retry (--follow) removes them here, once the provider has confirmed it.

import type { SignedOutCallback } from './follow.js';
import type { OidcSignOutPlan } from '../aspnet/oidc-handler.js';
import { resolveTokenStore } from '../aspnet/token-store.js';
import type { TokenStoreSource } from '../aspnet/token-store.js';

const sameEndpoint = (a: URL, b: URL) => a.origin === b.origin && a.pathname === b.pathname;

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * A SignedOutCallback backed by the token store's pending logouts. `plan` (the sign-out this
 * run started) is the fallback when no store recorded it, e.g. a store that could not be written.
 */
export function pendingLogoutLanding(store: TokenStoreSource | undefined, plan?: OidcSignOutPlan): SignedOutCallback {
  let landed = false;
  return async (url) => {
    const state = url.searchParams.get('state');
    if (state === null || state === '') return undefined;
    const tokens = await resolveTokenStore(store);
    const record = tokens?.peekPendingLogout(state);
    if (record !== undefined) {
      const callback = parse(record.postLogoutRedirectUri);
      if (callback === undefined || !sameEndpoint(callback, url)) return undefined;
      tokens?.takePendingLogout(state);
      // the provider confirmed the logout: now the tokens kept for a retry can go
      if (record.tokensKept === true) tokens?.remove(record.scheme, record.origin);
      tokens?.dropPendingLogouts(record.scheme, record.origin);
      await tokens?.save();
      return parse(record.redirectUri);
    }
    if (plan === undefined || landed || plan.state !== state) return undefined;
    const callback = parse(plan.postLogoutRedirectUri);
    if (callback === undefined || !sameEndpoint(callback, url)) return undefined;
    landed = true;
    return parse(plan.redirectUri);
  };
}
