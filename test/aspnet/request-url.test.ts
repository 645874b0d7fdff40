// Request URL resolution: explicit sources first, then the jar, then a documented default.
import { resolveRequestUrl, sitesHolding } from '../../src/aspnet/request-url.js';
import { parseConfig } from '../../src/config/validate.js';
import type { JarCookie } from '../../src/jar/types.js';

const cookie = (name: string, domain: string, extra: Partial<JarCookie> = {}): JarCookie => ({
  name,
  value: 'secret-value',
  domain,
  hostOnly: true,
  path: '/',
  secure: false,
  httpOnly: true,
  expires: null,
  ...extra,
});

const base = { env: {}, config: null, scheme: 'Cookies', kind: 'Cookies' as const, jarCookies: [] as JarCookie[] };

describe('resolveRequestUrl', () => {
  test('--url, then KR_URL, then config url', () => {
    const config = parseConfig('{"url":"https://from-config.example/"}', 'kr.config.json');
    const env = { KR_URL: 'http://from-env.example/' };
    expect(resolveRequestUrl({ ...base, url: 'http://flag.example/x', env, config }).url.href).toBe('http://flag.example/x');
    expect(resolveRequestUrl({ ...base, env, config }).source).toBe('KR_URL');
    expect(resolveRequestUrl({ ...base, config }).url.href).toBe('https://from-config.example/');
  });

  test('one site in the jar holds the cookie: https when Secure, its path', () => {
    const r = resolveRequestUrl({
      ...base,
      jarCookies: [cookie('.AspNetCore.Cookies', 'app.example', { secure: true, path: '/app' }), cookie('other', 'x.example')],
    });
    expect([r.url.href, r.source]).toEqual(['https://app.example/app', 'jar']);
    expect(r.note).toContain('.AspNetCore.Cookies');
  });

  test('chunk cookies count, and a site is one site', () => {
    expect(
      sitesHolding(
        '.AspNetCore.Cookies',
        [cookie('.AspNetCore.CookiesC1', 'a.example'), cookie('.AspNetCore.CookiesC2', 'a.example', { secure: true })],
        0,
      ),
    ).toEqual(['https://a.example/']);
    expect(sitesHolding('.AspNetCore.Cookies', [cookie('.AspNetCore.CookiesX', 'a.example')], 0)).toEqual([]);
  });

  test('several sites: AmbiguousRequestUrl listing them, no values', () => {
    let err: unknown;
    try {
      resolveRequestUrl({ ...base, jarCookies: [cookie('.AspNetCore.Cookies', 'b.example'), cookie('.AspNetCore.Cookies', 'a.example')] });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ errorId: 'AmbiguousRequestUrl', exitCode: 2 });
    const message = (err as Error).message;
    expect(message).toContain('http://a.example/, http://b.example/');
    expect(message).toContain('--url');
    expect(message).not.toContain('secret-value');
  });

  test('expired cookies are ignored; none gives the default with a note', () => {
    const r = resolveRequestUrl({ ...base, jarCookies: [cookie('.AspNetCore.Cookies', 'a.example', { expires: 10 })], now: 100 });
    expect([r.url.href, r.source]).toEqual(['http://localhost/', 'default']);
    expect(r.note).toBeDefined();
  });

  test('the Oidc kind looks for the linked cookie scheme', () => {
    const r = resolveRequestUrl({ ...base, scheme: 'oidc', kind: 'Oidc', jarCookies: [cookie('.AspNetCore.Cookies.oidc', 'idp.example')] });
    expect(r.url.href).toBe('http://idp.example/');
  });

  test.each(['ftp://x/', 'not a url', '/relative', 'https://user:pw@'])('rejects %p without echoing credentials', (url) => {
    expect(() => resolveRequestUrl({ ...base, url })).toThrow(expect.objectContaining({ errorId: 'InvalidRequestUrl', exitCode: 2 }));
    try {
      resolveRequestUrl({ ...base, url });
    } catch (e) {
      expect((e as Error).message).not.toContain('pw');
    }
  });
});
