// What a sign-out holds or sends that must never be shown, registered with the invocation's
// SecretSet so the runspace scrubs every text leaving kr of it: URL credentials (--url, KR_URL,
// the config's URLs), client secrets and id token hints named by the config (also as the
// `Authorization: Basic` value), saved tokens, and the value of every cookie the jar sends.

import type { KrConfig } from '../config/types.js';
import type { TokenStore } from '../aspnet/token-store.js';
import type { JarCookie, JarSession } from '../jar/types.js';
import type { SecretSet } from '../params/secrets.js';

const URL_FIELDS = ['authority', 'issuer', 'metadataAddress', 'revocationEndpoint', 'tokenEndpoint', 'authorizationEndpoint'] as const;

export function registerConfiguredSecrets(
  secrets: SecretSet,
  options: { url?: string; env: Readonly<Record<string, string | undefined>>; config: KrConfig | null },
): void {
  const { env, config } = options;
  secrets.addUrlCredentials(options.url);
  secrets.addUrlCredentials(env.KR_URL);
  secrets.add(env.KR_ID_TOKEN);
  if (config === null) return;
  secrets.addUrlCredentials(config.url);
  for (const scheme of config.schemes.values()) {
    const fields = scheme as unknown as Record<string, unknown>;
    for (const key of URL_FIELDS) if (typeof fields[key] === 'string') secrets.addUrlCredentials(fields[key]);
    const clientId = typeof fields.clientId === 'string' ? fields.clientId : '';
    if (typeof fields.clientSecretEnv === 'string') secrets.addBasic(clientId, env[fields.clientSecretEnv]);
    if (typeof fields.idTokenHintEnv === 'string') secrets.add(env[fields.idTokenHintEnv]);
  }
}

/** Every token the store holds (a sign-out may send or revoke any of them). */
export function registerStoredTokens(secrets: SecretSet, store: TokenStore): void {
  secrets.addAll(store.tokenValues());
}

/** The jar, with the value of every cookie it hands out for a request registered as a secret. */
export function revealingJar(jar: JarSession, secrets: SecretSet, onRequest?: (url: URL, cookies: readonly JarCookie[]) => void): JarSession {
  return new Proxy(jar, {
    get(target, property) {
      if (property === 'requestCookies') {
        return (url: URL) => {
          const cookies = target.requestCookies(url);
          onRequest?.(url, cookies);
          secrets.addAll(cookies.map((cookie) => cookie.value));
          return cookies;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
