import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CookieJar, MemoryCookieStore } from 'tough-cookie';
import { openJarReadOnly, withJarSession } from '../../src/jar/index.js';

const SITE = new URL('http://127.0.0.1:5000/Account/Logout');
const DELETE = (name: string) => `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/; samesite=lax; httponly`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kr-jar-json-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A jar written the way a tough-cookie user writes one: JSON.stringify(jar.serializeSync()). */
function toughJar(indent: number): string {
  const jar = new CookieJar(new MemoryCookieStore(), { allowSpecialUseDomain: true });
  jar.setCookieSync('.AspNetCore.Cookies=ticket; path=/; samesite=lax; httponly; expires=Wed, 01 Jan 2031 00:00:00 GMT', SITE.href);
  jar.setCookieSync('theme=dark; path=/', SITE.href);
  jar.setCookieSync('pref=1; domain=example.test; path=/', 'http://app.example.test/');
  const serialized = { ...jar.serializeSync(), extraTopLevel: { kept: true } };
  return JSON.stringify(serialized, null, indent) + '\n';
}

describe('tough-cookie JSON jars', () => {
  it('reads the cookies with tough-cookie\'s fields', async () => {
    const path = join(dir, 'jar.json');
    await writeFile(path, toughJar(2));
    const session = await openJarReadOnly(path);
    expect(session.format).toBe('tough-json');
    expect(session.requestCookies(SITE)).toEqual([
      { name: '.AspNetCore.Cookies', value: 'ticket', domain: '127.0.0.1', hostOnly: true, path: '/', secure: false, httpOnly: true, expires: 1924992000, sameSite: 'lax' },
      { name: 'theme', value: 'dark', domain: '127.0.0.1', hostOnly: true, path: '/', secure: false, httpOnly: false, expires: null },
    ]);
  });

  it.each([0, 2])('removes one cookie and keeps everything else as it was (indent %i)', async (indent) => {
    const path = join(dir, 'jar.json');
    const original = toughJar(indent);
    await writeFile(path, original);
    await withJarSession(path, async (session) => {
      session.applySetCookies(SITE, [DELETE('.AspNetCore.Cookies')]);
      await session.save();
    });
    const expected = JSON.parse(original) as { cookies: { key: string }[] };
    expected.cookies = expected.cookies.filter((c) => c.key !== '.AspNetCore.Cookies');
    expect(await readFile(path, 'utf8')).toBe(JSON.stringify(expected, null, indent) + '\n');
    // and tough-cookie itself still reads it
    const reread = CookieJar.deserializeSync(await readFile(path, 'utf8'));
    expect(reread.getCookiesSync(SITE.href).map((c) => c.key)).toEqual(['theme']);
  });

  it('never writes tombstones, and writes new cookies tough-cookie can read back', async () => {
    const path = join(dir, 'jar.json');
    await writeFile(path, toughJar(2));
    await withJarSession(path, async (session) => {
      session.applySetCookies(SITE, [DELETE('theme'), 'fresh=new; path=/; samesite=strict']);
      await session.save();
    });
    const saved = JSON.parse(await readFile(path, 'utf8')) as { extraTopLevel: unknown; cookies: { key: string; expires?: string }[] };
    expect(saved.extraTopLevel).toEqual({ kept: true });
    expect(saved.cookies.map((c) => c.key)).toEqual(['.AspNetCore.Cookies', 'pref', 'fresh']);
    expect(saved.cookies.some((c) => c.expires === '1970-01-01T00:00:00.000Z')).toBe(false);
    const reread = CookieJar.deserializeSync(JSON.stringify(saved));
    expect(reread.getCookiesSync(SITE.href).map((c) => `${c.key}=${c.value}`)).toEqual(['.AspNetCore.Cookies=ticket', 'fresh=new']);
  });

  it('a new .json jar is written in tough-cookie\'s form', async () => {
    const path = join(dir, 'new.json');
    await withJarSession(path, async (session) => {
      expect(session.format).toBe('tough-json');
      session.applySetCookies(SITE, ['a=1; path=/']);
      await session.save();
    });
    const reread = CookieJar.deserializeSync(await readFile(path, 'utf8'));
    expect(reread.getCookiesSync(SITE.href).map((c) => c.cookieString())).toEqual(['a=1']);
  });

  it('warns about entries that are not cookies and keeps them', async () => {
    const path = join(dir, 'jar.json');
    const text = JSON.stringify({ cookies: [42, { key: 'a', value: 'v', domain: '127.0.0.1', path: '/', hostOnly: true }] });
    await writeFile(path, text);
    await withJarSession(path, async (session) => {
      expect(session.warnings).toEqual([{ line: 0, message: 'cookies[0] is not a valid cookie; kept unchanged' }]);
      session.applySetCookies(SITE, [DELETE('a')]);
      await session.save();
    });
    expect(await readFile(path, 'utf8')).toBe('{"cookies":[42]}');
  });

  it('refuses broken JSON without quoting it, and leaves the file alone', async () => {
    const path = join(dir, 'jar.json');
    const broken = '{"cookies":[{"key":"a","value":"SECRET-VALUE"';
    await writeFile(path, broken);
    const failure = withJarSession(path, async (session) => {
      await session.save();
    });
    await expect(failure).rejects.toMatchObject({ errorId: 'JarUnreadable', category: 'ReadError' });
    await failure.catch((error: Error) => expect(error.message).not.toContain('SECRET'));
    expect(await readFile(path, 'utf8')).toBe(broken);
  });
});
