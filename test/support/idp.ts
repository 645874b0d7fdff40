// A real, certified OpenID Provider (oidc-provider 9) running in-process on 127.0.0.1 for
// tests. One registered confidential client; dev interactions (any login, any password);
// RP-initiated logout whose confirmation page is an auto-submit form of hidden fields, as
// real IdPs render it for a valid id_token_hint; revocation and introspection; PKCE
// required. Nothing leaves loopback.
//
//   const idp = await startIdp({ redirectUris: [`${app}/signin-oidc`],
//                                postLogoutRedirectUris: [`${app}/signout-callback-oidc`] });
//   ... idp.issuer, idp.clientId, idp.clientSecret, await idp.introspect(token) ...
//   await idp.close();
//
// Routes (oidc-provider defaults): /.well-known/openid-configuration, /auth, /token,
// /interaction/:uid (dev login + consent forms), /session/end, /session/end/confirm,
// /token/revocation, /token/introspection, /jwks, /me.
// oidc-provider prints development notices ("Unsupported runtime" on Node 20, dev keys,
// dev interactions); they are expected and filtered out of the console while an IdP runs.

import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Provider, ProviderContext } from 'oidc-provider';

export interface TestAccount {
  sub: string;
  email?: string;
  name?: string;
}

export interface StartIdpOptions {
  clientId?: string;
  clientSecret?: string;
  /** Registered redirect_uris (the app's /signin-oidc). Default: one placeholder on 127.0.0.1. */
  redirectUris?: string[];
  /** Registered post_logout_redirect_uris (the app's /signout-callback-oidc). */
  postLogoutRedirectUris?: string[];
  /** RP-initiated logout (end_session_endpoint). Default true; false = metadata without it. */
  endSession?: boolean;
  /** Default true. */
  revocation?: boolean;
  /** Default true. */
  introspection?: boolean;
  /** The account every dev-interaction login resolves to (the login name becomes `sub`). */
  account?: Omit<TestAccount, 'sub'>;
  /**
   * The logout page: 'auto-submit' (default) always submits itself; 'ask-without-hint' does so
   * for a valid id_token_hint only and otherwise asks "Sign out?" with a yes and a no button,
   * as Keycloak and oidc-provider's own page do.
   */
  logoutPage?: 'auto-submit' | 'ask-without-hint';
  /** After the logout, a front-channel logout page (an iframe per RP, then a meta refresh on to the post-logout redirect) instead of the 303. */
  frontChannelPage?: boolean;
}

export interface Idp {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash, as the provider advertises it). */
  issuer: string;
  provider: Provider;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** Errors the provider reported while handling requests (for diagnosing a failing test). */
  serverErrors: unknown[];
  /** Every request the provider received: method + path (with query). */
  requests: { method: string; url: string }[];
  /** RFC 7662 introspection with the registered client's credentials. */
  introspect(token: string): Promise<{ active: boolean; [claim: string]: unknown }>;
  close(): Promise<void>;
}

/** Names of the provider's cookies (as kept by a user agent). */
export const IDP_SESSION_COOKIE = '_session';

const DEFAULT_CLIENT_ID = 'kr-test-client';
const DEFAULT_CLIENT_SECRET = 'kr-test-client-secret-0123456789abcdef';

// Filter the provider's notices out of the console, for as long as any IdP is running.
let quietDepth = 0;
let restoreConsole: (() => void) | undefined;

function quietProviderNotices(): void {
  if (quietDepth++ > 0) return;
  const { warn, info } = console;
  // eslint-disable-next-line no-control-regex
  const isNotice = (args: unknown[]) => typeof args[0] === 'string' && /^(\x1b\[[0-9;]*m)?oidc-provider /.test(args[0]);
  console.warn = (...args: unknown[]) => (isNotice(args) ? undefined : warn.apply(console, args));
  console.info = (...args: unknown[]) => (isNotice(args) ? undefined : info.apply(console, args));
  restoreConsole = () => {
    console.warn = warn;
    console.info = info;
  };
}

function releaseProviderNotices(): void {
  if (--quietDepth > 0) return;
  restoreConsole?.();
  restoreConsole = undefined;
}

const htmlEscape = (value: string) =>
  value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Renders oidc-provider's confirm form (`<form id="op.logoutForm" ...><input type="hidden" name="xsrf" ...></form>`)
 * as an auto-submitting page with only hidden fields, adding `logout=yes` (sign out of the whole IdP session).
 */
async function autoSubmitLogoutSource(ctx: ProviderContext, form: string): Promise<void> {
  const withLogout = form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>');
  ctx.type = 'html';
  ctx.body = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Signing out</title></head>
<body onload="document.forms[0].submit()">
${withLogout}
<noscript><p>Signing out of ${htmlEscape(ctx.host)}: JavaScript is off, submit the form to continue.</p></noscript>
<script>document.forms[0].submit()</script>
</body></html>`;
}

/** A valid id_token_hint: the auto-submit page; none: a "Sign out?" page with a yes and a no button (oidc-provider's default markup). */
async function askWithoutHintLogoutSource(ctx: ProviderContext, form: string): Promise<void> {
  if (ctx.oidc.entities.IdTokenHint !== undefined) return autoSubmitLogoutSource(ctx, form);
  ctx.type = 'html';
  ctx.body = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Sign-out</title></head>
<body><div><h1>Do you want to sign-out from ${htmlEscape(ctx.host)}?</h1>
${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>
</div></body></html>`;
}

async function plainPage(ctx: ProviderContext, title: string, text: string): Promise<void> {
  ctx.type = 'html';
  ctx.body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><pre>${htmlEscape(text)}</pre></body></html>`;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startIdp(options: StartIdpOptions = {}): Promise<Idp> {
  quietProviderNotices();
  const server = createServer();
  try {
    const port = await listen(server);
    const issuer = `http://127.0.0.1:${port}`;
    const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
    const clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
    const redirectUris = options.redirectUris ?? ['http://127.0.0.1/signin-oidc'];
    const postLogoutRedirectUris = options.postLogoutRedirectUris ?? ['http://127.0.0.1/signout-callback-oidc'];
    const account = options.account ?? { email: 'user@example.test', name: 'Test User' };

    const { default: ProviderClass } = await import('oidc-provider');
    const provider = new ProviderClass(issuer, {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: redirectUris,
          post_logout_redirect_uris: postLogoutRedirectUris,
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      cookies: { keys: ['kr-test-idp-cookie-key-1', 'kr-test-idp-cookie-key-0'] },
      pkce: { required: () => true },
      scopes: ['openid', 'offline_access', 'email', 'profile'],
      claims: { openid: ['sub'], email: ['email'], profile: ['name'] },
      findAccount: async (_ctx: unknown, sub: string) => ({
        accountId: sub,
        claims: async () => ({ sub, ...account }),
      }),
      // A refresh token for every code exchange, so revocation tests have one without
      // the offline_access + prompt=consent dance.
      issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(grant: string): boolean }) =>
        client.grantTypeAllowed('refresh_token'),
      features: {
        devInteractions: { enabled: true },
        rpInitiatedLogout: {
          enabled: options.endSession ?? true,
          logoutSource: options.logoutPage === 'ask-without-hint' ? askWithoutHintLogoutSource : autoSubmitLogoutSource,
          postLogoutSuccessSource: (ctx: ProviderContext) => plainPage(ctx, 'Signed out', 'You are signed out.'),
        },
        revocation: {
          enabled: options.revocation ?? true,
          allowedPolicy: async (_ctx: unknown, client: { clientId: string }, token: { clientId?: string }) =>
            token.clientId === client.clientId,
        },
        introspection: {
          enabled: options.introspection ?? true,
          allowedPolicy: async () => true,
        },
      },
      renderError: (ctx: ProviderContext, out: Record<string, string>) =>
        plainPage(ctx, 'oops! something went wrong', Object.entries(out).map(([k, v]) => `${k}: ${v}`).join('\n')),
    });

    if (options.frontChannelPage === true) {
      // the page real IdPs show after a logout: each RP's front-channel URL in an iframe, then on (meta refresh and script)
      provider.use(async (ctx, next) => {
        await next();
        const location = ctx.response.get('location');
        if (ctx.path !== '/session/end/confirm' || ctx.status !== 303 || !location) return;
        const frames = postLogoutRedirectUris.map((u) => `<iframe src="${htmlEscape(new URL('/frontchannel-logout', u).href)}" style="display:none"></iframe>`).join('');
        ctx.status = 200;
        ctx.remove('location');
        ctx.type = 'html';
        ctx.body = `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=${htmlEscape(location)}"><title>Signing out</title></head><body>${frames}<script>window.location.href = ${JSON.stringify(location)};</script></body></html>`;
      });
    }

    const serverErrors: unknown[] = [];
    provider.on('server_error', (_ctx, error) => serverErrors.push(error));
    const requests: { method: string; url: string }[] = [];
    const callback = provider.callback();
    server.on('request', (req, res) => {
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '/' });
      callback(req, res);
    });

    let closed = false;
    return {
      issuer,
      provider,
      clientId,
      clientSecret,
      redirectUris,
      postLogoutRedirectUris,
      serverErrors,
      requests,
      async introspect(token: string) {
        const response = await fetch(`${issuer}/token/introspection`, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ token }).toString(),
        });
        if (!response.ok) throw new Error(`introspection answered ${response.status}`);
        return (await response.json()) as { active: boolean };
      },
      async close() {
        if (closed) return;
        closed = true;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        releaseProviderNotices();
      },
    };
  } catch (error) {
    server.closeAllConnections();
    server.close();
    releaseProviderNotices();
    throw error;
  }
}
