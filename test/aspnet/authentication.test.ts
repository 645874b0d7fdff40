// AuthenticationService: ordinal scheme registry and SignOutAsync dispatch with ASP.NET's texts.
import { AuthenticationProperties, AuthenticationService } from '../../src/aspnet/authentication.js';
import type { AuthenticationHandler } from '../../src/aspnet/authentication.js';
import { HttpContext } from '../../src/aspnet/context.js';
import { CookieAuthenticationHandler } from '../../src/aspnet/cookie-handler.js';
import { ExitCode } from '../../src/params/errors.js';
import { Hashtable } from '../../src/params/values.js';

const oauth = (scheme: string): AuthenticationHandler => ({
  scheme,
  handlerTypeName: 'OAuthHandler`1',
  canSignOut: false,
  signOut: async () => undefined,
});

function service(...schemes: [string, AuthenticationHandler][]) {
  const s = new AuthenticationService();
  for (const [name, handler] of schemes) s.addScheme({ name, kind: 'Cookies', handler, implicit: false });
  return s;
}

const ctx = () => new HttpContext({ url: 'http://app.example/', cookies: [{ name: '.AspNetCore.Cookies', value: 'v' }] });

describe('AuthenticationService.signOut', () => {
  test('dispatches to the handler', async () => {
    const s = service(['Cookies', new CookieAuthenticationHandler('Cookies')]);
    const c = ctx();
    expect(s.isAuthenticated(c, 'Cookies')).toBe(true);
    await s.signOut(c, 'Cookies', null);
    expect(c.response.setCookie).toHaveLength(1);
  });

  test('unknown scheme: ASP.NET text, listing the sign-out schemes only', async () => {
    const s = service(['Cookies', new CookieAuthenticationHandler('Cookies')], ['oauth', oauth('oauth')], ['Other', new CookieAuthenticationHandler('Other')]);
    const err = await s.signOut(ctx(), 'Nope', null).catch((e: unknown) => e);
    expect(err).toMatchObject({
      errorId: 'SignOutSchemeNotFound',
      category: 'InvalidOperation',
      exitCode: ExitCode.Failure,
      message:
        "No sign-out authentication handler is registered for the scheme 'Nope'. The registered sign-out schemes are: Cookies, Other. Did you forget to call AddAuthentication().AddCookie(\"Nope\",...)?",
    });
  });

  test('unknown scheme with no sign-out schemes at all', async () => {
    await expect(new AuthenticationService().signOut(ctx(), 'Cookies')).rejects.toMatchObject({
      errorId: 'SignOutSchemeNotFound',
      message: 'No sign-out authentication handlers are registered. Did you forget to call AddAuthentication().AddCookie("Cookies",...)?',
    });
  });

  test('scheme names are case-sensitive (StringComparer.Ordinal)', async () => {
    const s = service(['Cookies', new CookieAuthenticationHandler('Cookies')]);
    expect(s.getScheme('cookies')).toBeUndefined();
    await expect(s.signOut(ctx(), 'cookies')).rejects.toMatchObject({ errorId: 'SignOutSchemeNotFound' });
  });

  test('a handler that cannot sign out', async () => {
    const s = service(['Cookies', new CookieAuthenticationHandler('Cookies')], ['github', oauth('github')]);
    await expect(s.signOut(ctx(), 'github')).rejects.toMatchObject({
      errorId: 'SignOutHandlerNotSupported',
      category: 'InvalidOperation',
      message:
        "The authentication handler registered for scheme 'github' is 'OAuthHandler`1' which cannot be used for SignOutAsync. The registered sign-out schemes are: Cookies.",
    });
  });

  test('a handler that cannot sign out, and no sign-out schemes', async () => {
    await expect(service(['github', oauth('github')]).signOut(ctx(), 'github')).rejects.toMatchObject({
      message:
        "The authentication handler registered for scheme 'github' is 'OAuthHandler`1' which cannot be used for SignOutAsync. Did you forget to call AddAuthentication().AddCookie(\"Cookies\") and SignOutAsync(\"Cookies\",...)?",
    });
  });

  test('a scheme registered twice', () => {
    const s = service(['Cookies', new CookieAuthenticationHandler('Cookies')]);
    expect(() => s.addScheme({ name: 'Cookies', kind: 'Cookies', handler: new CookieAuthenticationHandler('Cookies'), implicit: false })).toThrow(
      'Scheme already exists: Cookies',
    );
  });
});

describe('AuthenticationProperties', () => {
  test('from a hashtable: values through ToString(), .redirect is RedirectUri', () => {
    const p = AuthenticationProperties.fromHashtable(Hashtable.from({ '.redirect': '/x', n: 5, b: true, nil: null }));
    expect(p.redirectUri).toBe('/x');
    expect([...p.items]).toEqual([
      ['.redirect', '/x'],
      ['n', '5'],
      ['b', 'True'],
      ['nil', ''],
    ]);
    p.redirectUri = undefined;
    expect(p.items.has('.redirect')).toBe(false);
  });
});
