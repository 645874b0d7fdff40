// HttpContext: the request built from a URL and cookie data, the response as a header multi-map.
import { HttpContext } from '../../src/aspnet/context.js';
import { HeaderMap } from '../../src/aspnet/header-map.js';

describe('HttpContext request', () => {
  test('URL parts, PathBase split and decoded path', () => {
    const c = new HttpContext({ url: 'https://App.Example:8443/app/Account/Log%20out?ReturnUrl=%2Fx&a=1', pathBase: '/APP' });
    const r = c.request;
    expect([r.scheme, r.isHttps, r.host, r.hostname, r.port]).toEqual(['https', true, 'app.example:8443', 'app.example', 8443]);
    expect(r.pathBase).toBe('/app');
    expect(r.path).toBe('/Account/Log out');
    expect(r.query.get('ReturnUrl')).toBe('/x');
    expect(r.queryValue('returnurl')).toBe('/x');
    expect(r.method).toBe('GET');
  });

  test('a PathBase only splits on a segment boundary; default port', () => {
    const r = new HttpContext({ url: 'http://h/application/x', pathBase: '/app' }).request;
    expect(r.pathBase).toBe('');
    expect(r.path).toBe('/application/x');
    expect(r.port).toBe(80);
  });

  test('cookies: names without case, first value wins', () => {
    const c = new HttpContext({
      url: 'http://h/',
      cookies: [
        { name: 'A', value: '1' },
        { name: 'a', value: '2' },
        { name: 'b', value: '3' },
      ],
    });
    expect(c.request.cookies.get('a')).toBe('1');
    expect(c.request.cookies.size).toBe(2);
    expect([...c.request.cookies.keys()]).toEqual(['A', 'b']);
  });

  test('only http and https', () => {
    expect(() => new HttpContext({ url: 'ftp://h/' })).toThrow(expect.objectContaining({ errorId: 'InvalidRequestUrl' }));
  });

  test('several query values are joined with a comma, as StringValues', () => {
    expect(new HttpContext({ url: 'http://h/?r=/a&R=/b' }).request.queryValue('r')).toBe('/a,/b');
  });
});

describe('HttpContext response', () => {
  test('defaults, redirect, Set-Cookie order, items and trace', () => {
    const seen: string[] = [];
    const c = new HttpContext({ url: 'http://h/', trace: (s) => seen.push(s) });
    expect(c.response.status).toBe(200);
    c.response.appendSetCookie('a=1');
    c.response.appendSetCookie('b=2');
    c.response.redirect('/next');
    c.items.set('k', 1);
    c.trace('step');
    expect(c.response.setCookie).toEqual(['a=1', 'b=2']);
    expect([c.response.status, c.response.location]).toEqual([302, '/next']);
    expect(c.response.headers.get('LOCATION')).toBe('/next');
    expect(seen).toEqual(['step']);
  });

  test('HeaderMap is case-insensitive and multi-valued', () => {
    const h = HeaderMap.from({ 'Set-Cookie': 'a' });
    h.append('set-cookie', 'b');
    expect(h.getAll('SET-COOKIE')).toEqual(['a', 'b']);
    expect(h.get('set-cookie')).toBe('a,b');
    h.set('Set-Cookie', []);
    expect(h.has('set-cookie')).toBe(false);
  });
});
