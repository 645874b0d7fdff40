// The JSON jars users hold (Playwright storageState, Puppeteer cookie arrays, tough-cookie's
// serialized jar) are read, edited in place and written back: every byte kr did not remove
// stays as it was, including number spellings JSON.parse would round, escapes, key order,
// indentation and fields kr does not know. JSON that is no jar kr knows is refused by name.

import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJarReadOnly, withJarSession } from '../../src/jar/index.js';
import { parseJsonText } from '../../src/jar/json-text.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kr-json-jar-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const URL_ = new URL('http://127.0.0.1:8080/');
const DELETE = '.AspNetCore.Cookies=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/; samesite=lax; httponly';

/** Signs out the default auth cookie on a jar written from `text`; returns the file afterwards. */
async function removeAuthCookie(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  await withJarSession(path, async (jar) => {
    expect(jar.requestCookies(URL_).map((c) => c.name)).toContain('.AspNetCore.Cookies');
    const changes = jar.applySetCookies(URL_, [DELETE]);
    expect(changes.removed.map((c) => c.name)).toEqual(['.AspNetCore.Cookies']);
    await jar.save();
  }, { from: '--jar' });
  return readFile(path, 'utf8');
}

const PLAYWRIGHT = `{
  "cookies": [
    {
      "name": "theme",
      "value": "dark \\u00e9\\/x",
      "domain": "127.0.0.1",
      "path": "/",
      "expires": 12345678901234567890,
      "httpOnly": false,
      "secure": false,
      "sameSite": "Lax",
      "partitionKey": { "topLevelSite": "http://127.0.0.1", "n": -0, "big": 1e400 }
    },
    {
      "name": ".AspNetCore.Cookies",
      "value": "CfDJ8secret",
      "domain": "127.0.0.1",
      "path": "/",
      "expires": -1,
      "httpOnly": true,
      "secure": false,
      "sameSite": "Lax"
    },
    {
      "name": "_session",
      "value": "idp",
      "domain": ".idp.example",
      "path": "/",
      "expires": 1999999999.5,
      "httpOnly": true,
      "secure": true,
      "sameSite": "None"
    }
  ],
  "origins": [
    { "origin": "http://127.0.0.1:8080", "localStorage": [ { "name": "token", "value": "1.0E+2" } ] }
  ]
}
`;

describe('Playwright storageState', () => {
  it('removes the auth cookie object and keeps every other byte', async () => {
    const after = await removeAuthCookie('state.json', PLAYWRIGHT);
    const start = PLAYWRIGHT.indexOf(',\n    {\n      "name": ".AspNetCore.Cookies"');
    const end = PLAYWRIGHT.indexOf('\n    }', start) + '\n    }'.length;
    expect(after).toBe(PLAYWRIGHT.slice(0, start) + PLAYWRIGHT.slice(end));
    expect(after).toContain('12345678901234567890');
    expect(after).toContain('"n": -0, "big": 1e400');
    expect(after).toContain('\\u00e9\\/x');
  });

  it('reads session cookies (expires -1), host-only and domain cookies, sameSite', async () => {
    const path = join(dir, 'state.json');
    await writeFile(path, PLAYWRIGHT);
    const jar = await openJarReadOnly(path, { from: '--jar' });
    expect(jar.format).toBe('playwright');
    const byName = new Map(jar.cookies().map((c) => [c.name, c]));
    expect(byName.get('.AspNetCore.Cookies')).toMatchObject({ expires: null, hostOnly: true, httpOnly: true, sameSite: 'lax' });
    expect(byName.get('_session')).toMatchObject({ domain: 'idp.example', hostOnly: false, secure: true, sameSite: 'none' });
    expect(jar.requestCookies(new URL('https://login.idp.example/')).map((c) => c.name)).toEqual(['_session']);
  });

  it('removing the first, the last or every cookie leaves valid JSON in the same layout', async () => {
    const one = (name: string) => `{"name":"${name}","value":"v","domain":"127.0.0.1","path":"/","expires":-1,"httpOnly":true,"secure":false,"sameSite":"Lax"}`;
    for (const cookies of [[one('.AspNetCore.Cookies'), one('b')], [one('a'), one('.AspNetCore.Cookies')], [one('.AspNetCore.Cookies')]]) {
      const text = `{"cookies":[${cookies.join(',')}],"origins":[]}`;
      const after = await removeAuthCookie('compact.json', text);
      expect(() => JSON.parse(after)).not.toThrow();
      const kept = cookies.filter((c) => !c.includes('.AspNetCore'));
      expect(after).toBe(`{"cookies":[${kept.join(',')}],"origins":[]}`);
    }
  });

  it('a cookie the server sets is added in the file\'s own shape and indentation', async () => {
    const path = join(dir, 'state.json');
    await writeFile(path, PLAYWRIGHT);
    await withJarSession(path, async (jar) => {
      jar.applySetCookies(URL_, ['fresh=1; path=/; httponly; samesite=strict']);
      await jar.save();
    });
    const after = await readFile(path, 'utf8');
    const parsed = JSON.parse(after) as { cookies: Record<string, unknown>[] };
    expect(parsed.cookies.at(-1)).toEqual({
      name: 'fresh', value: '1', domain: '127.0.0.1', path: '/', expires: -1, httpOnly: true, secure: false, sameSite: 'Strict',
    });
    expect(after).toContain('\n    {\n      "name": "fresh",');
    expect(after.startsWith(PLAYWRIGHT.slice(0, PLAYWRIGHT.indexOf('\n  ],\n  "origins"')))).toBe(true);
  });
});

describe('Puppeteer cookie arrays', () => {
  const PUPPETEER = `[
\t{"name":".AspNetCore.Cookies","value":"x","domain":"127.0.0.1","path":"/","expires":-1,"size":20,"httpOnly":true,"secure":false,"session":true,"priority":"Medium","sourceScheme":"NonSecure"},
\t{"name":"keep","value":"y","domain":".example.com","path":"/","expires":1.7e9,"size":5,"httpOnly":false,"secure":true,"session":false,"sameSite":"Strict","partitionKey":{"topLevelSite":"https://a.example","hasCrossSiteAncestor":false}}
]`;

  it('is recognised, and removing one object keeps the other exactly, extra fields and all', async () => {
    const after = await removeAuthCookie('cookies.json', PUPPETEER);
    expect(after).toBe(`[\n${PUPPETEER.split('\n')[2]}\n]`);
  });
});

describe('tough-cookie JSON', () => {
  const TOUGH = JSON.stringify(
    {
      version: 'tough-cookie@6.1.0',
      storeType: 'MemoryCookieStore',
      rejectPublicSuffixes: true,
      extra: 'KEEP',
      cookies: [
        { key: '.AspNetCore.Cookies', value: 's', domain: '127.0.0.1', path: '/', hostOnly: true, creation: '2026-01-01T00:00:00.000Z' },
        { key: 'keep', value: 'v', domain: '127.0.0.1', path: '/', hostOnly: true, creation: '2026-01-01T00:00:00.000Z', unknown: 'X' },
      ],
    },
    null,
    4,
  ).replace('"X"', '12345678901234567890');

  it('keeps numbers JSON.parse would round and the file\'s indentation', async () => {
    const after = await removeAuthCookie('tough.json', TOUGH);
    expect(after).toContain('"unknown": 12345678901234567890');
    expect(after).toBe(TOUGH.replace(/\n {8}\{\n {12}"key": "\.AspNetCore\.Cookies"[^}]*\},/, ''));
  });
});

describe('JSON kr does not know is refused, never read as an empty jar', () => {
  it.each([
    ['an object without cookies', '{"foo": 1}'],
    ['cookies that are not an array', '{"cookies": {"a": 1}, "origins": []}'],
    ['origins that are not an array', '{"cookies": [], "origins": 3}'],
    ['an unknown tough-cookie version', '{"version": "tough-cookie@99.0.0", "cookies": []}'],
    ['a version that is not tough-cookie\'s', '{"version": 1, "cookies": []}'],
    ['an array of numbers', '[1, 2]'],
    ['a cookies array of unknown objects', '{"cookies": [{"id": 1}]}'],
  ])('%s: JarFormatNotRecognized, exit 1, the file untouched', async (_what, text) => {
    const path = join(dir, 'x.json');
    await writeFile(path, text);
    await expect(withJarSession(path, async () => undefined)).rejects.toMatchObject({ errorId: 'JarFormatNotRecognized', exitCode: 1 });
    await expect(openJarReadOnly(path)).rejects.toMatchObject({ errorId: 'JarFormatNotRecognized' });
    expect(await readFile(path, 'utf8')).toBe(text);
  });

  it('invalid JSON is JarUnreadable with an offset, and never quotes the file', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, '{"cookies": [{"name": "a", "value": "SECRET-VALUE" ');
    const error = await openJarReadOnly(path).catch((e: unknown) => e);
    expect(error).toMatchObject({ errorId: 'JarUnreadable' });
    expect((error as Error).message).toMatch(/offset \d+/);
    expect((error as Error).message).not.toContain('SECRET');
  });
});

describe('the JSON scanner', () => {
  it('accepts exactly what JSON.parse accepts on tricky inputs', () => {
    const cases = ['0', '-0', '1e400', '"\\u0000"', '[]', '{}', '[1,]', '{"a":1,}', '01', '"\t"', '.5', '1.', 'tru', '[1 2]', '{"a" 1}', ' [ ] ', '"\\x"', '{"a":[{"b":null}]}'];
    for (const text of cases) {
      let native = true;
      try {
        JSON.parse(text);
      } catch {
        native = false;
      }
      let ours = true;
      try {
        parseJsonText(text);
      } catch {
        ours = false;
      }
      expect([text, ours]).toEqual([text, native]);
    }
  });

  it('a field nested 100,000 deep is neither a stack overflow nor lost: kept byte for byte', async () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const text = `{"cookies":[{"name":".AspNetCore.Cookies","value":"v","domain":"127.0.0.1","path":"/","expires":-1},{"name":"k","value":"v","domain":"127.0.0.1","path":"/","expires":-1,"deep":${deep}}],"origins":[]}`;
    const after = await removeAuthCookie('deep.json', text);
    expect(after).toBe(`{"cookies":[{"name":"k","value":"v","domain":"127.0.0.1","path":"/","expires":-1,"deep":${deep}}],"origins":[]}`);
  });
});

describe('--out', () => {
  it('writes the result to another file in the same format and leaves the jar byte for byte', async () => {
    const path = join(dir, 'state.json');
    const out = join(dir, 'after.json');
    await writeFile(path, PLAYWRIGHT);
    await withJarSession(path, async (jar) => {
      jar.applySetCookies(URL_, [DELETE]);
      await jar.save();
    }, { outPath: out });
    expect(await readFile(path, 'utf8')).toBe(PLAYWRIGHT);
    const written = JSON.parse(await readFile(out, 'utf8')) as { cookies: { name: string }[]; origins: unknown[] };
    expect(written.cookies.map((c) => c.name)).toEqual(['theme', '_session']);
    expect(written.origins).toHaveLength(1);
  });

  it('an existing out file keeps its mode; a directory or a read-only file as the out file is refused, left as it was', async () => {
    const path = join(dir, 'state.json');
    await writeFile(path, PLAYWRIGHT);
    const kept = join(dir, 'kept.json');
    await writeFile(kept, 'old');
    await chmod(kept, 0o640);
    await withJarSession(path, (jar) => jar.save(), { outPath: kept });
    expect(await readFile(kept, 'utf8')).toBe(PLAYWRIGHT);
    expect((await stat(kept)).mode & 0o777).toBe(0o640);
    const folder = join(dir, 'folder.json');
    await mkdir(folder);
    await expect(withJarSession(path, (jar) => jar.save(), { outPath: folder })).rejects.toMatchObject({ errorId: 'JarUnreadable' });
    expect((await stat(folder)).isDirectory()).toBe(true);
    const locked = join(dir, 'locked.json');
    await writeFile(locked, 'mine');
    await chmod(locked, 0o444);
    await expect(withJarSession(path, (jar) => jar.save(), { outPath: locked })).rejects.toMatchObject({ errorId: 'JarWriteProtected' });
    expect(await readFile(locked, 'utf8')).toBe('mine');
  });

  it('writes the out file even when nothing changed', async () => {
    const path = join(dir, 'state.json');
    const out = join(dir, 'copy.json');
    await writeFile(path, PLAYWRIGHT);
    await withJarSession(path, (jar) => jar.save(), { outPath: out });
    expect(await readFile(out, 'utf8')).toBe(PLAYWRIGHT);
  });
});
