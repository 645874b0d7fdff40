// CookieAuthenticationHandler.HandleSignOutAsync: cookie deletion with the options,
// no-cache headers, and the redirect rules.
import { AuthenticationProperties } from '../../src/aspnet/authentication-properties.js';
import { HttpContext } from '../../src/aspnet/context.js';
import { CookieAuthenticationHandler, isHostRelative } from '../../src/aspnet/cookie-handler.js';
import type { CookieAuthenticationOptionsInit } from '../../src/aspnet/cookie-options.js';
import { Hashtable } from '../../src/params/values.js';

const EPOCH = 'expires=Thu, 01 Jan 1970 00:00:00 GMT';
const AUTH = '.AspNetCore.Cookies';

async function signOut(
  url: string,
  opts: { cookies?: [string, string][]; options?: CookieAuthenticationOptionsInit; props?: AuthenticationProperties; pathBase?: string; scheme?: string } = {},
) {
  const steps: string[] = [];
  const context = new HttpContext({
    url,
    pathBase: opts.pathBase,
    cookies: (opts.cookies ?? [[AUTH, 'CfDJ8secret']]).map(([name, value]) => ({ name, value })),
    trace: (s) => steps.push(s),
  });
  const handler = new CookieAuthenticationHandler(opts.scheme ?? 'Cookies', opts.options);
  await handler.signOut(context, opts.props ?? new AuthenticationProperties());
  return { context, steps, handler };
}

describe('cookie sign-out: Set-Cookie', () => {
  test('ASP.NET defaults over http', async () => {
    const { context } = await signOut('http://app.example/');
    expect(context.response.setCookie).toEqual([`${AUTH}=; ${EPOCH}; path=/; samesite=lax; httponly`]);
    expect(context.signOuts).toEqual([
      { scheme: 'Cookies', handlerTypeName: 'CookieAuthenticationHandler', authenticated: true, cookiesDeleted: [AUTH] },
    ]);
  });

  test('SameAsRequest adds secure over https; Always adds it over http; None never', async () => {
    expect((await signOut('https://app.example/')).context.response.setCookie[0]).toBe(
      `${AUTH}=; ${EPOCH}; path=/; secure; samesite=lax; httponly`,
    );
    expect((await signOut('http://app.example/', { options: { secure: 'Always' } })).context.response.setCookie[0]).toContain(
      '; secure;',
    );
    expect(
      (await signOut('https://app.example/', { options: { secure: 'None' } })).context.response.setCookie[0],
    ).not.toContain('secure');
  });

  test('configured name, domain, path, SameSite and HttpOnly', async () => {
    const { context } = await signOut('http://app.example/', {
      cookies: [['auth', 'x']],
      options: { cookieName: 'auth', domain: 'app.example', path: '/app', sameSite: 'Strict', httpOnly: false },
    });
    expect(context.response.setCookie).toEqual([`auth=; ${EPOCH}; domain=app.example; path=/app; samesite=strict`]);
  });

  test('the default path is the PathBase', async () => {
    const { context } = await signOut('http://app.example/app/Account/Logout', { pathBase: '/app' });
    expect(context.request.path).toBe('/Account/Logout');
    expect(context.response.setCookie[0]).toContain('; path=/app;');
  });

  test('the default cookie name escapes the scheme (Uri.EscapeDataString)', async () => {
    const { context } = await signOut('http://app.example/', { scheme: 'My Scheme', cookies: [] });
    expect(context.response.setCookie[0].startsWith('.AspNetCore.My%20Scheme=;')).toBe(true);
  });

  test('chunked cookie: base and every chunk', async () => {
    const { context } = await signOut('https://app.example/', {
      cookies: [
        [AUTH, 'chunks-3'],
        [`${AUTH}C1`, 'a'],
        [`${AUTH}C2`, 'b'],
        [`${AUTH}C3`, 'c'],
      ],
    });
    expect(context.response.setCookie).toEqual(
      ['', 'C1', 'C2', 'C3'].map((s) => `${AUTH}${s}=; ${EPOCH}; path=/; secure; samesite=lax; httponly`),
    );
    expect(context.signOuts[0].authenticated).toBe(true);
  });

  test('not authenticated: no cookie, or a chunk missing; the delete is still sent', async () => {
    const none = await signOut('http://app.example/', { cookies: [] });
    expect(none.context.signOuts[0].authenticated).toBe(false);
    expect(none.context.response.setCookie).toHaveLength(1);
    expect(none.handler.isAuthenticated(none.context)).toBe(false);
    const partial = await signOut('http://app.example/', { cookies: [[AUTH, 'chunks-2'], [`${AUTH}C1`, 'a']] });
    expect(partial.context.signOuts[0].authenticated).toBe(false);
    expect(partial.context.response.setCookie).toHaveLength(3);
    expect(partial.steps.join('\n')).toContain(`missing ${AUTH}C2`);
  });

  test('the SigningOut event may change the cookie options', async () => {
    const { context } = await signOut('http://app.example/', {
      options: {
        events: {
          signingOut(ctx) {
            ctx.cookieOptions = { ...ctx.cookieOptions, domain: 'changed.example' };
          },
        },
      },
    });
    expect(context.response.setCookie[0]).toContain('domain=changed.example');
  });

  test('trace names cookies, never values', async () => {
    const { steps } = await signOut('http://app.example/Account/Logout?ReturnUrl=%2Fhome%3Ftoken%3Dt0p', {});
    expect(steps.join('\n')).toContain(AUTH);
    expect(steps.join('\n')).not.toContain('CfDJ8secret');
    expect(steps.join('\n')).not.toContain('t0p');
  });
});

describe('cookie sign-out: headers and redirects', () => {
  test('always sends the no-cache headers', async () => {
    const { context } = await signOut('http://app.example/');
    expect(context.response.headers.get('cache-control')).toBe('no-cache,no-store');
    expect(context.response.headers.get('Pragma')).toBe('no-cache');
    expect(context.response.headers.get('Expires')).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
    expect(context.response.status).toBe(200);
    expect(context.response.location).toBeUndefined();
  });

  test('properties.RedirectUri wins, anywhere, even absolute', async () => {
    const props = AuthenticationProperties.fromHashtable(Hashtable.from({ '.redirect': 'https://other.example/x' }));
    const { context } = await signOut('http://app.example/Account/Logout?ReturnUrl=/local', { props });
    expect(context.response.status).toBe(302);
    expect(context.response.location).toBe('https://other.example/x');
    expect(context.signOuts[0].redirectUri).toBe('https://other.example/x');
  });

  test('ReturnUrl is honoured on LogoutPath only, compared without case', async () => {
    const on = await signOut('http://app.example/account/LOGOUT?returnurl=%2Fhome');
    expect(on.context.response.status).toBe(302);
    expect(on.context.response.location).toBe('/home');
    const off = await signOut('http://app.example/elsewhere?ReturnUrl=%2Fhome');
    expect(off.context.response.status).toBe(200);
    expect(off.context.response.location).toBeUndefined();
  });

  test('configured LogoutPath and ReturnUrlParameter', async () => {
    const { context } = await signOut('http://app.example/bye?next=%2Fhi', {
      options: { logoutPath: '/bye', returnUrlParameter: 'next' },
    });
    expect(context.response.location).toBe('/hi');
  });

  test.each(['//evil.example/', '/\\evil.example/', 'https://evil.example/', 'evil', '', '/x\r\nSet-Cookie: a=b', '/\u00e9'])(
    'ReturnUrl %p is rejected',
    async (returnUrl) => {
      const { context } = await signOut(`http://app.example/Account/Logout?ReturnUrl=${encodeURIComponent(returnUrl)}`);
      expect(context.response.status).toBe(200);
      expect(context.response.location).toBeUndefined();
    },
  );

  test('no redirect unless the status is 200', async () => {
    const context = new HttpContext({ url: 'http://app.example/' });
    context.response.status = 400;
    const props = new AuthenticationProperties();
    props.redirectUri = '/x';
    await new CookieAuthenticationHandler('Cookies').signOut(context, props);
    expect(context.response.status).toBe(400);
    expect(context.response.location).toBeUndefined();
    expect(context.response.headers.get('Pragma')).toBe('no-cache');
  });

  test('an AJAX request gets Location without a 302', async () => {
    const context = new HttpContext({ url: 'http://app.example/', headers: { 'X-Requested-With': 'XMLHttpRequest' } });
    const props = new AuthenticationProperties();
    props.redirectUri = '/x';
    await new CookieAuthenticationHandler('Cookies').signOut(context, props);
    expect(context.response.status).toBe(200);
    expect(context.response.location).toBe('/x');
  });

  test('a RedirectUri Kestrel cannot write fails as Kestrel does', async () => {
    const props = new AuthenticationProperties();
    props.redirectUri = '/x\r\ny';
    await expect(signOut('http://app.example/', { props })).rejects.toMatchObject({
      errorId: 'InvalidHeaderCharacter',
      message: 'Invalid non-ASCII or control character in header: 0x000D',
    });
  });

  test('IsHostRelative', () => {
    expect(isHostRelative('/')).toBe(true);
    expect(isHostRelative('/a')).toBe(true);
    expect(isHostRelative('//a')).toBe(false);
    expect(isHostRelative('/\\a')).toBe(false);
    expect(isHostRelative('a/')).toBe(false);
    expect(isHostRelative('')).toBe(false);
  });

  test('a LoginPath that does not start with / is refused like PathString', () => {
    expect(() => new CookieAuthenticationHandler('Cookies', { loginPath: 'Account/Login' })).toThrow(
      expect.objectContaining({ errorId: 'InvalidPathString' }),
    );
  });
});
