import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withJarSession } from '../../src/jar/index.js';

const SITE = new URL('http://127.0.0.1:5000/Account/Logout');
const DELETE = (name: string) => `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/; samesite=lax; httponly`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kr-jar-malformed-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const line = (text: string) => Buffer.from(text + '\n', 'utf8');

describe('a jar with lines kr cannot parse', () => {
  const hugePrefix = Buffer.from('127.0.0.1\tFALSE\t/\tFALSE\t0\thuge\t');
  const victim = line('127.0.0.1\tFALSE\t/\tFALSE\t0\t.AspNetCore.Cookies\tsecret-ticket');
  const parts: [string, Buffer][] = [
    ['header', line('# Netscape HTTP Cookie File')],
    ['garbage', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x9c, 0x80, 0x0a])],
    ['keep-1', line('127.0.0.1\tFALSE\t/\tFALSE\t0\ttheme\tdark')],
    ['huge', Buffer.concat([hugePrefix, Buffer.alloc(1024 * 1024, 0x61), Buffer.from('\n')])],
    ['five', line('127.0.0.1\tFALSE\t/\tFALSE\tfive-fields-secret')],
    ['victim', victim],
    ['nul', Buffer.from('127.0.0.1\tFALSE\t/\tFALSE\t0\tn\tv\x00lue\n', 'latin1')],
    ['latin1', Buffer.from('127.0.0.1\tFALSE\t/\tFALSE\t0\tname\tcaf\xe9\r\n', 'latin1')],
    ['keep-2', line('#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\tkept\tyes')],
  ];
  const file = Buffer.concat(parts.map(([, b]) => b));

  it('warns with line numbers (no values), keeps those lines and removes only the deleted cookie', async () => {
    const path = join(dir, 'cookies.txt');
    await writeFile(path, file);
    const warnings = await withJarSession(path, async (session) => {
      expect(session.requestCookies(SITE).map((c) => c.name)).toEqual(['theme', '.AspNetCore.Cookies', 'kept']);
      session.applySetCookies(SITE, [DELETE('.AspNetCore.Cookies')]);
      await session.save();
      return session.warnings;
    });
    expect(warnings).toEqual([
      { line: 2, message: 'line contains NUL bytes; kept unchanged' },
      { line: 4, message: `line is ${hugePrefix.length + 1024 * 1024} bytes long, too long to be a cookie; kept unchanged` },
      { line: 5, message: 'expected 7 TAB-separated fields, found 5; kept unchanged' },
      { line: 7, message: 'line contains NUL bytes; kept unchanged' },
      { line: 8, message: 'line is not valid UTF-8; kept unchanged' },
    ]);
    for (const w of warnings) expect(w.message).not.toMatch(/secret|dark|caf/);
    const expected = Buffer.concat(parts.filter(([name]) => name !== 'victim').map(([, b]) => b));
    expect((await readFile(path)).equals(expected)).toBe(true);
  });

  it('keeps a file that is binary garbage from start to end byte for byte while adding a cookie', async () => {
    const path = join(dir, 'cookies.txt');
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256));
    await writeFile(path, garbage);
    await withJarSession(path, async (session) => {
      expect(session.warnings.length).toBeGreaterThan(0);
      expect(session.warnings.every((w) => w.line > 0)).toBe(true);
      session.applySetCookies(SITE, ['a=1; path=/']);
      await session.save();
    });
    const saved = await readFile(path);
    expect(saved.subarray(0, garbage.length).equals(garbage)).toBe(true);
    expect(saved.subarray(garbage.length).toString()).toBe('\n127.0.0.1\tFALSE\t/\tFALSE\t0\ta\t1\n');
  });
});
