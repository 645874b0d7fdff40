// ChunkingCookieManager against ASP.NET's exact Set-Cookie strings.
import { ChunkingCookieManager, parseChunksCount } from '../../src/aspnet/chunking-cookie-manager.js';
import { HttpContext } from '../../src/aspnet/context.js';
import { formatSetCookie, escapeDataString } from '../../src/aspnet/set-cookie.js';
import type { CookieOptions } from '../../src/aspnet/set-cookie.js';

const EPOCH = 'expires=Thu, 01 Jan 1970 00:00:00 GMT';
const lax: CookieOptions = { path: '/', sameSite: 'Lax', httpOnly: true };
const ctx = (cookies: [string, string][] = [], url = 'http://app.example/') =>
  new HttpContext({ url, cookies: cookies.map(([name, value]) => ({ name, value })) });

describe('SetCookieHeaderValue formatting', () => {
  test('attribute order and lower-case names', () => {
    const line = formatSetCookie('n', 'v', {
      httpOnly: true,
      sameSite: 'Strict',
      secure: true,
      path: '/p',
      domain: 'd.example',
      maxAge: 60,
      expires: new Date(0),
    });
    expect(line).toBe(`n=v; ${EPOCH}; max-age=60; domain=d.example; path=/p; secure; samesite=strict; httponly`);
  });

  test('SameSite Unspecified writes no attribute; None writes samesite=none', () => {
    expect(formatSetCookie('n', '', { sameSite: 'Unspecified' })).toBe('n=');
    expect(formatSetCookie('n', '', { sameSite: 'None', secure: true })).toBe('n=; secure; samesite=none');
  });

  test('Uri.EscapeDataString escapes what encodeURIComponent leaves', () => {
    expect(escapeDataString("a b!'()*~._-")).toBe('a%20b%21%27%28%29%2A~._-');
  });
});

describe('parseChunksCount', () => {
  test.each([
    ['chunks-3', 3],
    ['chunks-0', 0],
    ['chunks-', 0],
    ['chunks-+3', 0],
    ['Chunks-3', 0],
    ['chunks-3x', 0],
    [undefined, 0],
    ['CfDJ8...', 0],
  ])('%p -> %p', (value, n) => expect(parseChunksCount(value)).toBe(n));
});

describe('DeleteCookie', () => {
  const m = new ChunkingCookieManager();

  test('plain cookie: one delete line', () => {
    const c = ctx([['.AspNetCore.Cookies', 'ticket']]);
    expect(m.deleteCookie(c, '.AspNetCore.Cookies', lax)).toEqual(['.AspNetCore.Cookies']);
    expect(c.response.setCookie).toEqual([`.AspNetCore.Cookies=; ${EPOCH}; path=/; samesite=lax; httponly`]);
  });

  test('with a domain', () => {
    const c = ctx([['.AspNetCore.Cookies', 'ticket']]);
    m.deleteCookie(c, '.AspNetCore.Cookies', { ...lax, domain: 'app.example' });
    expect(c.response.setCookie).toEqual([
      `.AspNetCore.Cookies=; ${EPOCH}; domain=app.example; path=/; samesite=lax; httponly`,
    ]);
  });

  test('secure', () => {
    const c = ctx([['.AspNetCore.Cookies', 'ticket']], 'https://app.example/');
    m.deleteCookie(c, '.AspNetCore.Cookies', { ...lax, secure: true });
    expect(c.response.setCookie).toEqual([`.AspNetCore.Cookies=; ${EPOCH}; path=/; secure; samesite=lax; httponly`]);
  });

  test('chunked with 3 chunks: base plus C1..C3', () => {
    const c = ctx([
      ['.AspNetCore.Cookies', 'chunks-3'],
      ['.AspNetCore.CookiesC1', 'a'],
      ['.AspNetCore.CookiesC2', 'b'],
      ['.AspNetCore.CookiesC3', 'c'],
    ]);
    expect(m.deleteCookie(c, '.AspNetCore.Cookies', lax)).toEqual([
      '.AspNetCore.Cookies',
      '.AspNetCore.CookiesC1',
      '.AspNetCore.CookiesC2',
      '.AspNetCore.CookiesC3',
    ]);
    expect(c.response.setCookie).toEqual([
      `.AspNetCore.Cookies=; ${EPOCH}; path=/; samesite=lax; httponly`,
      `.AspNetCore.CookiesC1=; ${EPOCH}; path=/; samesite=lax; httponly`,
      `.AspNetCore.CookiesC2=; ${EPOCH}; path=/; samesite=lax; httponly`,
      `.AspNetCore.CookiesC3=; ${EPOCH}; path=/; samesite=lax; httponly`,
    ]);
  });

  test('chunk count higher than chunks received: ASP.NET still deletes C1..CN from the count', () => {
    const c = ctx([
      ['.AspNetCore.Cookies', 'chunks-3'],
      ['.AspNetCore.CookiesC1', 'a'],
    ]);
    m.deleteCookie(c, '.AspNetCore.Cookies', lax);
    expect(c.response.setCookie.map((l) => l.split('=')[0])).toEqual([
      '.AspNetCore.Cookies',
      '.AspNetCore.CookiesC1',
      '.AspNetCore.CookiesC2',
      '.AspNetCore.CookiesC3',
    ]);
  });

  test('stray chunks beyond the count are not deleted (only the count decides)', () => {
    const c = ctx([
      ['.AspNetCore.Cookies', 'chunks-1'],
      ['.AspNetCore.CookiesC1', 'a'],
      ['.AspNetCore.CookiesC2', 'stale'],
    ]);
    expect(m.deleteCookie(c, '.AspNetCore.Cookies', lax)).toEqual(['.AspNetCore.Cookies', '.AspNetCore.CookiesC1']);
  });

  test('no cookie in the request: the base cookie is still deleted', () => {
    const c = ctx();
    m.deleteCookie(c, '.AspNetCore.Cookies', lax);
    expect(c.response.setCookie).toEqual([`.AspNetCore.Cookies=; ${EPOCH}; path=/; samesite=lax; httponly`]);
  });

  test('Set-Cookie lines already queued for the cookie or its chunks (up to C(N+1)) are dropped first', () => {
    const c = ctx([['.AspNetCore.Cookies', 'chunks-1']]);
    c.response.appendSetCookie('.AspNetCore.Cookies=new; path=/');
    c.response.appendSetCookie('.AspNetCore.CookiesC2=new; path=/');
    c.response.appendSetCookie('other=keep; path=/');
    m.deleteCookie(c, '.AspNetCore.Cookies', lax);
    expect(c.response.setCookie).toEqual([
      'other=keep; path=/',
      `.AspNetCore.Cookies=; ${EPOCH}; path=/; samesite=lax; httponly`,
      `.AspNetCore.CookiesC1=; ${EPOCH}; path=/; samesite=lax; httponly`,
    ]);
  });

  test('request cookie names are matched without case', () => {
    const c = ctx([['.aspnetcore.cookies', 'chunks-2']]);
    expect(m.deleteCookie(c, '.AspNetCore.Cookies', lax)).toHaveLength(3);
  });
});

describe('GetRequestCookie and AppendResponseCookie', () => {
  test('reassembles chunks; a missing chunk returns the chunks-N marker and is incomplete', () => {
    const m = new ChunkingCookieManager();
    const full = ctx([
      ['k', 'chunks-2'],
      ['kC1', 'ab'],
      ['kC2', 'cd'],
    ]);
    expect(m.read(full, 'k')).toEqual({ value: 'abcd', chunkCount: 2, missingChunks: [], complete: true });
    const partial = ctx([
      ['k', 'chunks-2'],
      ['kC1', 'ab'],
    ]);
    expect(m.read(partial, 'k')).toEqual({ value: 'chunks-2', chunkCount: 2, missingChunks: ['kC2'], complete: false });
    m.throwForPartialCookies = true;
    expect(() => m.read(partial, 'k')).toThrow(
      expect.objectContaining({
        errorId: 'IncompleteChunkedCookie',
        message:
          'The chunked cookie is incomplete. Only 1 of the expected 2 chunks were found, totaling 2 characters. A client size limit may have been exceeded.',
      }),
    );
  });

  test('a value over the chunk size becomes chunks-N plus N cookies, each within 4050 characters', () => {
    const m = new ChunkingCookieManager();
    const c = ctx();
    const value = 'x'.repeat(10000);
    m.appendResponseCookie(c, '.AspNetCore.Cookies', value, lax);
    const lines = c.response.setCookie;
    expect(lines[0]).toBe('.AspNetCore.Cookies=chunks-3; path=/; samesite=lax; httponly');
    expect(lines).toHaveLength(4);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(4050);
    const back = ctx(lines.map((l) => l.split(';')[0].split('=') as [string, string]));
    expect(m.getRequestCookie(back, '.AspNetCore.Cookies')).toBe(value);
  });

  test('a small value is one cookie', () => {
    const c = ctx();
    new ChunkingCookieManager().appendResponseCookie(c, 'k', 'v', lax);
    expect(c.response.setCookie).toEqual(['k=v; path=/; samesite=lax; httponly']);
  });
});

describe('chunking round trip (property)', () => {
  test('any cookie-safe value comes back whole; every line fits the chunk size', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{0,20000}$/), fc.boolean(), (value, secure) => {
        const m = new ChunkingCookieManager();
        const c = ctx();
        m.appendResponseCookie(c, '.AspNetCore.Cookies', value, { ...lax, secure });
        const lines = c.response.setCookie;
        for (const l of lines) expect(l.length).toBeLessThanOrEqual(4050);
        const back = ctx(lines.map((l) => l.split(';')[0].split('=') as [string, string]));
        expect(m.getRequestCookie(back, '.AspNetCore.Cookies') ?? '').toBe(value);
        // Deleting what was sent removes every line's cookie.
        const deleted = m.deleteCookie(back, '.AspNetCore.Cookies', lax);
        expect(deleted).toEqual(lines.map((l) => l.split('=')[0]));
      }),
      { numRuns: 60 },
    );
  });
});
