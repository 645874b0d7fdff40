// JarSession.count() is what a sign-out report's "kept" uses instead of cookies().length
// (which builds every cookie of a 100,000-cookie jar): both must always agree, on jars
// with duplicates, expired and session cookies, mixed-case domains, comments, #HttpOnly_
// lines, CRLF, garbage lines, and after a sign-out on some of the domains.

import fc from 'fast-check';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJarReadOnly, withJarSession } from '../../src/jar/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kr-jar-count-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NOW = Math.floor(Date.now() / 1000);
const domainArb = fc.constantFrom('a.example.com', 'A.Example.com', 'example.com', 'b.example.com', 'c.test', 'xn--bcher-kva.example', 'b\u00fccher.example');
const cookieLine = fc
  .record({
    domain: domainArb,
    dot: fc.boolean(),
    httpOnly: fc.boolean(),
    path: fc.constantFrom('/', '/app', '/App'),
    secure: fc.boolean(),
    expires: fc.constantFrom('0', '', String(NOW + 86400), String(NOW - 86400), '-1', '2000000000'),
    name: fc.constantFrom('sid', 'Sid', 'theme', '.AspNetCore.Cookies', '\u00e9t\u00e9'),
    value: fc.string({ maxLength: 8 }).map((v) => v.replace(/[\t\r\n]/g, '')),
    sixFields: fc.boolean(),
  })
  .map((c) => {
    const domain = c.dot ? `.${c.domain}` : c.domain;
    const fields = [`${c.httpOnly ? '#HttpOnly_' : ''}${domain}`, c.dot ? 'TRUE' : 'FALSE', c.path, c.secure ? 'TRUE' : 'FALSE', c.expires, c.name];
    return c.sixFields ? fields.join('\t') : [...fields, c.value].join('\t');
  });
const otherLine = fc.constantFrom('# a comment', '', '   ', 'garbage without tabs', 'a\tb\tc', '#httponly_x.example\tFALSE\t/\tFALSE\t0\tn\tv');
const jarText = fc
  .tuple(fc.array(fc.oneof({ weight: 4, arbitrary: cookieLine }, { weight: 1, arbitrary: otherLine }), { maxLength: 30 }), fc.boolean())
  .map(([lines, crlf]) => `# Netscape HTTP Cookie File\n${lines.join('\n')}\n`.replaceAll('\n', crlf ? '\r\n' : '\n'));

test('count() equals cookies().length, before and after a sign-out', async () => {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(jarText, fc.constantFrom('http://a.example.com/', 'https://b.example.com/app', 'http://c.test/'), async (text, url) => {
      const path = join(dir, `jar-${n++}.txt`);
      await writeFile(path, text);
      const readOnly = await openJarReadOnly(path);
      expect(readOnly.count()).toBe(readOnly.cookies().length);
      await withJarSession(path, async (session) => {
        const sent = session.requestCookies(new URL(url));
        session.applySetCookies(
          new URL(url),
          sent.map((c) => `${c.name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=${c.path}`),
        );
        expect(session.count()).toBe(session.cookies().length);
      });
    }),
    { numRuns: 300 },
  );
});
