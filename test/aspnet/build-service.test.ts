// buildAuthenticationService: config schemes, linked cookie schemes, implicit registration.
import { buildAuthenticationService } from '../../src/aspnet/build-service.js';
import { HttpContext } from '../../src/aspnet/context.js';
import { CookieAuthenticationHandler } from '../../src/aspnet/cookie-handler.js';
import { authCookieName, cookieNameOf, linkedCookieScheme } from '../../src/aspnet/linked-scheme.js';
import { parseConfig } from '../../src/config/validate.js';

const config = parseConfig(
  JSON.stringify({
    schemes: {
      Cookies: { kind: 'Cookies', loginPath: '/login' },
      oidc: { kind: 'Oidc', authority: 'http://127.0.0.1:4000', clientId: 'app' },
      github: { kind: 'OAuth2', cookieScheme: 'GitHubCookies' },
      GitHubCookies: { kind: 'Cookies', cookieName: 'gh' },
    },
  }),
  '/tmp/kr.config.json',
);

describe('linked cookie schemes', () => {
  test('Cookies.<scheme> unless configured; cookie names follow ASP.NET defaults', () => {
    expect(linkedCookieScheme(config, 'oidc')).toBe('Cookies.oidc');
    expect(linkedCookieScheme(null, 'OpenIDConnect')).toBe('Cookies.OpenIDConnect');
    expect(linkedCookieScheme(config, 'github')).toBe('GitHubCookies');
    expect(cookieNameOf(config, 'Cookies.oidc')).toBe('.AspNetCore.Cookies.oidc');
    expect(authCookieName(config, 'github', 'OAuth2')).toBe('gh');
    expect(authCookieName(null, 'Cookies', 'Cookies')).toBe('.AspNetCore.Cookies');
  });
});

describe('buildAuthenticationService', () => {
  test('with a config: its schemes in order, plus the implicit linked cookie scheme', () => {
    const s = buildAuthenticationService(config, 'Cookies', 'Cookies');
    expect(s.allSchemes().map((x) => [x.name, x.kind, x.handler.handlerTypeName, x.implicit])).toEqual([
      ['Cookies', 'Cookies', 'CookieAuthenticationHandler', false],
      ['oidc', 'Oidc', 'OpenIdConnectHandler', false],
      ['github', 'OAuth2', 'OAuthHandler`1', false],
      ['GitHubCookies', 'Cookies', 'CookieAuthenticationHandler', false],
      ['Cookies.oidc', 'Cookies', 'CookieAuthenticationHandler', true],
    ]);
    const cookies = s.getScheme('Cookies')?.handler as CookieAuthenticationHandler;
    expect(cookies.options.loginPath).toBe('/login');
    expect(cookies.options.loginPathConfigured).toBe(true);
  });

  test('with a config, an unknown scheme is not registered: ASP.NET error', async () => {
    const s = buildAuthenticationService(config, 'Other', 'Cookies');
    await expect(s.signOut(new HttpContext({ url: 'http://h/' }), 'Other')).rejects.toMatchObject({
      errorId: 'SignOutSchemeNotFound',
      message: expect.stringContaining('The registered sign-out schemes are: Cookies, oidc, GitHubCookies, Cookies.oidc.'),
    });
  });

  test('an OAuth2 scheme cannot sign out', async () => {
    const s = buildAuthenticationService(config, 'github', 'OAuth2');
    await expect(s.signOut(new HttpContext({ url: 'http://h/' }), 'github')).rejects.toMatchObject({
      errorId: 'SignOutHandlerNotSupported',
    });
  });

  test('without a config: the requested cookie scheme with ASP.NET defaults', async () => {
    const s = buildAuthenticationService(null, 'Cookies', 'Cookies');
    expect(s.allSchemes().map((x) => [x.name, x.implicit])).toEqual([['Cookies', true]]);
    const c = new HttpContext({ url: 'http://h/' });
    await s.signOut(c, 'Cookies');
    expect(c.response.setCookie).toEqual(['.AspNetCore.Cookies=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/; samesite=lax; httponly']);
  });

  test('without a config, an Oidc request registers only its linked cookie scheme', () => {
    const s = buildAuthenticationService(null, 'oidc', 'Oidc', { alsoRequested: [{ scheme: 'Cookies', kind: 'Cookies' }] });
    expect(s.allSchemes().map((x) => x.name)).toEqual(['Cookies.oidc', 'Cookies']);
  });

  test('factories plug in without editing this module', async () => {
    const calls: string[] = [];
    const s = buildAuthenticationService(config, 'oidc', 'Oidc', {
      env: { SECRET: 'x' },
      factories: {
        Oidc: ({ scheme, options, linkedCookieScheme: linked }) => {
          calls.push(`${scheme}:${options?.authority}:${linked}`);
          return { scheme, handlerTypeName: 'OpenIdConnectHandler', canSignOut: true, signOut: async () => undefined };
        },
      },
    });
    await s.signOut(new HttpContext({ url: 'http://h/' }), 'oidc');
    expect(calls).toEqual(['oidc:http://127.0.0.1:4000:Cookies.oidc']);
  });

  test('the default Oidc placeholder reports it is unavailable', async () => {
    const s = buildAuthenticationService(config, 'oidc', 'Oidc');
    await expect(s.signOut(new HttpContext({ url: 'http://h/' }), 'oidc')).rejects.toMatchObject({
      errorId: 'OidcHandlerUnavailable',
    });
  });
});
