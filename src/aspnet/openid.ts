// kr's only door to openid-client. The library is imported lazily (a dynamic import the
// first time an OIDC/OAuth2 scheme is signed out) so that `kr Get-Help` and cookie-only
// sign-outs never pay for loading it. Every HTTP request openid-client makes goes through
// `customFetch`, which is where -Verbose's request trace comes from; URLs are redacted
// before anyone sees them, and error messages never carry a token or a client secret.

import type { ClientAuth, Configuration, CustomFetch, ServerMetadata } from 'openid-client';
import { KrError } from '../params/errors.js';

type OpenIdClientModule = typeof import('openid-client');

let loading: Promise<OpenIdClientModule> | undefined;

function loadOpenIdClient(): Promise<OpenIdClientModule> {
  loading ??= import('openid-client');
  return loading;
}

/** One HTTP request made on kr's behalf, safe to print (query secrets already redacted). */
export interface HttpTraceEntry {
  method: string;
  url: string;
  /** Absent when the request failed before a response arrived. */
  status?: number;
  /** Why the request failed (never a secret). */
  error?: string;
}

export type HttpTrace = (entry: HttpTraceEntry) => void;

export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface OpenIdClientOptions {
  /** Called once per HTTP request, after it completed or failed. */
  trace?: HttpTrace;
  /** Seconds for each request (openid-client's default is 30). */
  timeoutSeconds?: number;
  /**
   * How the client authenticates at the token/revocation endpoints. Default:
   * `client_secret_basic` with a secret (OpenID Connect Registration's default), `none` without.
   */
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
}

/** Query parameters whose values are secrets or single-use credentials. */
const SECRET_QUERY_PARAMETERS = new Set([
  'id_token_hint',
  'id_token',
  'access_token',
  'refresh_token',
  'token',
  'code',
  'code_verifier',
  'client_secret',
  'client_assertion',
  'assertion',
  'logout_token',
  'password',
  'xsrf',
  // kr's state keys a pending logout in the token store: whoever holds it can complete that logout
  'state',
]);

export const REDACTED = '***';

/** The URL with secret query values (and any userinfo password) replaced by `***`. */
export function redactUrl(input: string | URL): string {
  let url: URL;
  try {
    url = new URL(input.toString());
  } catch {
    return REDACTED;
  }
  if (url.password) url.password = REDACTED;
  const redacted = new URLSearchParams();
  let changed = false;
  for (const [name, value] of url.searchParams) {
    const secret = SECRET_QUERY_PARAMETERS.has(name.toLowerCase());
    changed ||= secret;
    redacted.append(name, secret ? REDACTED : value);
  }
  if (changed) url.search = redacted.toString();
  return url.toString();
}

/** 127.0.0.0/8, ::1 and localhost (including `*.localhost`, which resolves to loopback by RFC 6761). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return v4 !== null && v4.slice(1).every((part) => Number(part) <= 255);
}

/**
 * Plain http is only acceptable when the traffic never leaves the machine (a test IdP);
 * anything else would send client secrets and tokens in clear text.
 */
function assertTransportAllowed(url: URL, what: string): boolean {
  if (url.protocol === 'https:') return false;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return true;
  if (url.protocol === 'http:') {
    throw new KrError(
      'OidcInsecureIssuer',
      `The ${what} '${redactUrl(url)}' uses http:// on a host that is not loopback; kr allows http only for 127.0.0.0/8, ::1 and localhost. Use an https:// URL.`,
      { category: 'SecurityError' },
    );
  }
  throw new KrError('OidcInvalidIssuer', `The ${what} '${redactUrl(url)}' is not an http(s) URL.`, {
    category: 'InvalidArgument',
  });
}

interface ErrorLike {
  message?: unknown;
  name?: unknown;
  code?: unknown;
  cause?: unknown;
  error?: unknown;
  error_description?: unknown;
}

// Duck-typed rather than `instanceof Error`: fetch's errors can come from another realm
// (jest's VM modules, worker threads), where instanceof is false.
function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === 'object' && value !== null && typeof (value as ErrorLike).message === 'string';
}

/** openid-client's catch-all wrapper says nothing its cause does not say better. */
const UNINFORMATIVE = new Set(['something went wrong']);

/** The messages of an error and its causes, e.g. `fetch failed: connect ECONNREFUSED 127.0.0.1:9`. */
/** A fetch Response (openid-client puts the one it refused in an error's `cause`). */
function isResponseLike(value: unknown): value is { status: number; statusText?: string; url?: string } {
  return typeof value === 'object' && value !== null && typeof (value as { status?: unknown }).status === 'number' && typeof (value as { headers?: unknown }).headers === 'object';
}

/** What a server's answer was: `http://idp/.well-known/openid-configuration answered 500 Internal Server Error`. */
function describeResponse(response: { status: number; statusText?: string; url?: string }): string {
  const where = response.url ? `${redactUrl(response.url)} ` : '';
  return `${where}answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
}

export function describeCause(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 6; depth++) {
    if (isResponseLike(current)) {
      parts.push(describeResponse(current));
      break;
    }
    if (isErrorLike(current)) {
      const { code, error: oauthError, error_description: description } = current;
      const message = current.message as string;
      const text = message || (typeof code === 'string' ? code : String(current.name ?? ''));
      const informative = !(UNINFORMATIVE.has(text) && isErrorLike(current.cause));
      if (text && informative && !parts.includes(text)) parts.push(text);
      // openid-client's ResponseBodyError carries the server's OAuth error fields.
      if (typeof oauthError === 'string') {
        parts.push(typeof description === 'string' && description ? `${oauthError} (${description})` : oauthError);
      }
      current = current.cause;
    } else {
      if (typeof current === 'string' && !parts.includes(current)) parts.push(current);
      break;
    }
  }
  // "unexpected HTTP (response) status code" says less than the status itself, when it is known
  const answered = parts.some((p) => / answered \d{3}/.test(p) || p.startsWith('answered '));
  return (answered ? parts.filter((p) => !/unexpected HTTP/.test(p)) : parts).join(': ') || 'unknown error';
}

/** Removes every occurrence of the given secrets from a message (defence in depth for server-echoed text). */
export function scrubSecrets(message: string, secrets: readonly (string | undefined)[]): string {
  let out = message;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}

function tracingFetch(trace: HttpTrace | undefined): CustomFetch {
  return async (url, options) => {
    const method = options.method ?? 'GET';
    try {
      const response = await fetch(url, options as RequestInit);
      trace?.({ method, url: redactUrl(url), status: response.status });
      return response;
    } catch (error) {
      trace?.({ method, url: redactUrl(url), error: describeCause(error) });
      throw error;
    }
  };
}

function clientAuth(
  client: OpenIdClientModule,
  clientSecret: string | undefined,
  method: TokenEndpointAuthMethod | undefined,
): ClientAuth {
  const chosen = method ?? (clientSecret ? 'client_secret_basic' : 'none');
  if (chosen === 'none') return client.None();
  return chosen === 'client_secret_post' ? client.ClientSecretPost(clientSecret) : client.ClientSecretBasic(clientSecret);
}

/**
 * OpenID Connect discovery of `issuer` (its `/.well-known/openid-configuration`).
 * http issuers are refused before any request unless they are loopback.
 */
export async function discover(
  issuer: URL,
  clientId: string,
  clientSecret?: string,
  options: OpenIdClientOptions = {},
): Promise<Configuration> {
  const insecure = assertTransportAllowed(issuer, 'OpenID Provider issuer');
  const client = await loadOpenIdClient();
  try {
    return await client.discovery(
      issuer,
      clientId,
      clientSecret === undefined ? undefined : { client_secret: clientSecret },
      clientAuth(client, clientSecret, options.tokenEndpointAuthMethod),
      {
        [client.customFetch]: tracingFetch(options.trace),
        timeout: options.timeoutSeconds,
        execute: insecure ? [client.allowInsecureRequests] : [],
      },
    );
  } catch (error) {
    throw new KrError(
      'OidcDiscoveryFailed',
      `Discovery of the OpenID Provider '${redactUrl(issuer)}' failed: ${scrubSecrets(describeCause(error), [clientSecret])}`,
      { category: 'ConnectionError' },
    );
  }
}

/** Endpoints named in a scheme's configuration, for OAuth2 schemes that have no discovery document. */
export interface StaticEndpoints {
  /** Defaults to the origin of the first endpoint given. */
  issuer?: string;
  revocationEndpoint?: string;
  introspectionEndpoint?: string;
  endSessionEndpoint?: string;
}

/** A client configuration from explicit endpoints (no network request). */
export async function configureStatic(
  endpoints: StaticEndpoints,
  clientId: string,
  clientSecret?: string,
  options: OpenIdClientOptions = {},
): Promise<Configuration> {
  const named = [endpoints.revocationEndpoint, endpoints.introspectionEndpoint, endpoints.endSessionEndpoint].filter(
    (e): e is string => e !== undefined,
  );
  const issuer = endpoints.issuer ?? (named[0] === undefined ? undefined : new URL(named[0]).origin);
  if (issuer === undefined) {
    throw new KrError('OidcInvalidIssuer', 'The scheme configuration names neither an issuer nor any endpoint.', {
      category: 'InvalidArgument',
    });
  }
  let insecure = false;
  for (const url of [issuer, ...named]) insecure = assertTransportAllowed(new URL(url), 'endpoint') || insecure;
  const client = await loadOpenIdClient();
  const server: ServerMetadata = {
    issuer,
    revocation_endpoint: endpoints.revocationEndpoint,
    introspection_endpoint: endpoints.introspectionEndpoint,
    end_session_endpoint: endpoints.endSessionEndpoint,
  };
  const config = new client.Configuration(
    server,
    clientId,
    clientSecret === undefined ? undefined : { client_secret: clientSecret },
    clientAuth(client, clientSecret, options.tokenEndpointAuthMethod),
  );
  config[client.customFetch] = tracingFetch(options.trace);
  if (options.timeoutSeconds !== undefined) config.timeout = options.timeoutSeconds;
  if (insecure) client.allowInsecureRequests(config);
  return config;
}

export interface EndSessionParameters {
  idTokenHint?: string;
  /** Who is signing out (OIDC RP-Initiated Logout 1.0 `logout_hint`), when known. */
  logoutHint?: string;
  postLogoutRedirectUri: string;
  state: string;
}

/** ASP.NET's OpenIdConnectHandler text when the provider has no end_session_endpoint. */
export const END_SESSION_MISSING_MESSAGE =
  'Cannot redirect to the end session endpoint, the configuration may be missing or invalid.';

/**
 * The RP-initiated logout URL: id_token_hint when an id token is known, logout_hint when the user
 * is, and always client_id (openid-client adds it; RP-Initiated Logout 1.0 §2, and Keycloak 18+
 * asks a person without one of the two). Contains the id token: redact before printing.
 */
export async function endSessionUrl(config: Configuration, parameters: EndSessionParameters): Promise<URL> {
  if (!config.serverMetadata().end_session_endpoint) {
    throw new KrError('OidcEndSessionEndpointMissing', END_SESSION_MISSING_MESSAGE, { category: 'InvalidOperation' });
  }
  const client = await loadOpenIdClient();
  const query: Record<string, string> = {};
  if (parameters.idTokenHint) query.id_token_hint = parameters.idTokenHint;
  if (parameters.logoutHint) query.logout_hint = parameters.logoutHint;
  query.post_logout_redirect_uri = parameters.postLogoutRedirectUri;
  query.state = parameters.state;
  return client.buildEndSessionUrl(config, query);
}

export type TokenTypeHint = 'access_token' | 'refresh_token';

/** RFC 7009 revocation of one token. */
export async function revoke(config: Configuration, token: string, hint: TokenTypeHint): Promise<void> {
  const endpoint = config.serverMetadata().revocation_endpoint;
  if (!endpoint) {
    throw new KrError(
      'OAuthRevocationEndpointMissing',
      `The authorization server '${redactUrl(config.serverMetadata().issuer)}' has no revocation_endpoint; configure one to revoke tokens.`,
      { category: 'InvalidOperation' },
    );
  }
  const client = await loadOpenIdClient();
  try {
    await client.tokenRevocation(config, token, { token_type_hint: hint });
  } catch (error) {
    const secret = config.clientMetadata().client_secret;
    throw new KrError(
      'OAuthRevocationFailed',
      `Revocation of the ${hint} at '${redactUrl(endpoint)}' failed: ${scrubSecrets(describeCause(error), [
        token,
        typeof secret === 'string' ? secret : undefined,
      ])}`,
      { category: 'ProtocolError' },
    );
  }
}

/** A random, unguessable value (openid-client's generator: 32 bytes, base64url). */
export async function randomState(): Promise<string> {
  return (await loadOpenIdClient()).randomState();
}
