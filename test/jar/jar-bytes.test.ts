// A cookies.txt read from the open file (src/jar/jar-bytes.ts) must mean exactly what the same
// bytes mean in memory: the index pass sees the file in 256 kB line-aligned chunks, so lines
// that straddle a chunk's end, a line longer than a chunk, CRLF, a byte order mark (only at the
// file's start) and a last line without EOL are the cases to get right. The save copies the
// untouched ranges from the file; a file another program changed meanwhile is refused.

import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BufferBytes, FileBytes } from '../../src/jar/jar-bytes.js';
import { NetscapeDocument } from '../../src/jar/netscape.js';
import { withJarSession } from '../../src/jar/index.js';

const CHUNK = 256 * 1024;
const NO_EDITS = { removed: new Set<number>(), replaced: new Map(), appended: [] };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kr-jar-bytes-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const line = (host: string, name: string, value: string, eol = '\n') => `${host}\tFALSE\t/\tFALSE\t0\t${name}\t${value}${eol}`;

/** A jar of about `bytes` bytes whose lines end at varying places, so chunk ends fall mid-line. */
function bigJar(bytes: number, eol = '\n'): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const text = line(`h${i % 97}.example.com`, `c${i}`, 'v'.repeat(i % 131), eol);
    lines.push(text);
    size += text.length;
  }
  return lines.join('');
}

/** Everything the document says about a file: the same whether it is read in memory or from the file. */
function summary(doc: NetscapeDocument) {
  const domains = [...doc.domains()].sort();
  return {
    warnings: doc.warnings,
    count: doc.countCookies(new Set(), 0),
    entries: domains.map((domain) => doc.entriesFor([domain]).map((e) => [e.index, e.cookie])),
  };
}

async function bothWays(contents: Buffer) {
  const path = join(dir, 'jar.txt');
  await writeFile(path, contents);
  // the caller closes `file` once it is done with `fileDoc`
  const file = FileBytes.open(path);
  const fromFile = new NetscapeDocument(file);
  const inMemory = new NetscapeDocument(new BufferBytes(contents));
  return { fromFile: summary(fromFile), inMemory: summary(inMemory), fileDoc: fromFile, file };
}

describe('FileBytes against BufferBytes', () => {
  it.each([
    ['LF lines across many chunks', bigJar(3 * CHUNK + 12345)],
    ['CRLF lines across many chunks', bigJar(2 * CHUNK + 777, '\r\n')],
    ['no EOL after the last line', bigJar(CHUNK + 99).slice(0, -1)],
  ])('%s: the same cookies, counts and warnings', async (_, text) => {
    const { fromFile, inMemory, file } = await bothWays(Buffer.from(text));
    file.close();
    expect(fromFile.entries.length).toBeGreaterThan(0);
    expect(fromFile).toEqual(inMemory);
  });

  it('a line longer than a chunk is read whole (and refused as too long, kept)', async () => {
    const long = line('long.example.com', 'big', 'x'.repeat(CHUNK + 5000));
    const text = bigJar(CHUNK - 1000) + long + line('after.example.com', 'a', '1');
    const { fromFile, inMemory, file } = await bothWays(Buffer.from(text));
    file.close();
    expect(fromFile).toEqual(inMemory);
    expect(fromFile.warnings).toEqual([expect.objectContaining({ message: expect.stringMatching(/too long/) })]);
    expect(fromFile.entries.flat().some(([, cookie]) => (cookie as { domain: string }).domain === 'after.example.com')).toBe(true);
  });

  it('a byte order mark counts only at the start of the file, not at the start of a chunk', async () => {
    const head = Buffer.from('\uFEFF' + line('first.example.com', 'a', '1'));
    // pad so that the next line starts exactly at the first chunk's end, itself beginning with BOM bytes
    const filler = bigJar(CHUNK - head.length - 4000);
    const used = head.length + Buffer.byteLength(filler);
    const pad = line('pad.example.com', 'p', 'q'.repeat(CHUNK - used - line('pad.example.com', 'p', '').length));
    const chunkEnd = Buffer.concat([head, Buffer.from(filler + pad)]);
    expect(chunkEnd.length).toBe(CHUNK);
    const text = Buffer.concat([chunkEnd, Buffer.from('\uFEFF' + line('bom.example.com', 'b', '2')), Buffer.from(line('last.example.com', 'c', '3'))]);
    const { fromFile, inMemory, file } = await bothWays(text);
    file.close();
    expect(fromFile).toEqual(inMemory);
    const domains = fromFile.entries.flat().map(([, cookie]) => (cookie as { domain: string }).domain);
    expect(domains).toContain('first.example.com');
    // mid-file, the BOM bytes are part of the domain field, as in memory
    expect(domains).not.toContain('bom.example.com');
  });

  it('once closed it reads nothing, not even through a reused fd number', async () => {
    const path = join(dir, 'jar.txt');
    await writeFile(path, bigJar(CHUNK + 10));
    const file = FileBytes.open(path);
    file.close();
    // a new file opened now may get the closed fd's number
    await writeFile(join(dir, 'other.txt'), 'x'.repeat(1000));
    const other = openSync(join(dir, 'other.txt'), 'r');
    try {
      expect(() => file.slice(0, 10)).toThrow(/closed/);
      expect(() => file.whole()).toThrow(/closed/);
      expect(() => file.forEachLines(() => undefined)).toThrow(/closed/);
      expect(() => file.assertUnchanged()).toThrow(/closed/);
    } finally {
      closeSync(other);
    }
  });

  it('serialising without edits gives the file back byte for byte, from ranges of the file', async () => {
    const text = Buffer.from(bigJar(2 * CHUNK + 3) + '# a comment\n\n' + line('z.example.com', 'z', 'é'));
    const { fileDoc, file } = await bothWays(text);
    const parts = fileDoc.serializeParts(NO_EDITS);
    expect(parts.some((part) => !Buffer.isBuffer(part))).toBe(true);
    expect(fileDoc.serialize(NO_EDITS).equals(text)).toBe(true);
    file.close();
  });
});

describe('a session on a large jar read from the open file', () => {
  it('removes lines on both sides of chunk ends and keeps every other byte', async () => {
    const path = join(dir, 'cookies.txt');
    const text = bigJar(3 * CHUNK);
    await writeFile(path, text);
    const url = new URL('http://h5.example.com/');
    await withJarSession(path, async (session) => {
      const names = session.requestCookies(url).map((c) => c.name);
      expect(names.length).toBeGreaterThan(50);
      session.applySetCookies(
        url,
        names.map((name) => `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`),
      );
      await session.save();
    });
    const expected = text
      .split(/(?<=\n)/)
      .filter((l) => !l.startsWith('h5.example.com\t'))
      .join('');
    expect(await readFile(path, 'utf8')).toBe(expected);
  });

  // another program (not kr: it takes no lock) changes the jar while kr works on it
  const rewriteInPlace = async (path: string, text: string) => {
    const fd = openSync(path, 'w');
    writeSync(fd, text);
    closeSync(fd);
  };
  const renameOver = async (path: string, text: string) => {
    await writeFile(join(dir, 'curl-tmp'), text);
    await rename(join(dir, 'curl-tmp'), path);
  };
  it.each([
    ['rewrote in place', rewriteInPlace],
    ['replaced (a new file renamed over it, as curl saves)', renameOver],
  ])('a jar another program %s while kr worked is refused (JarChanged); nothing is written over it', async (_, change) => {
    const path = join(dir, 'cookies.txt');
    await writeFile(path, bigJar(CHUNK + 10));
    const theirs = line('theirs.example.com', 'mine', 'kept');
    const url = new URL('http://h5.example.com/');
    await expect(
      withJarSession(path, async (session) => {
        session.applySetCookies(url, ['c5=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/']);
        await change(path, theirs);
        await session.save();
      }),
    ).rejects.toMatchObject({ errorId: 'JarChanged' });
    expect(await readFile(path, 'utf8')).toBe(theirs);
    expect((await readdir(dir)).sort()).toEqual(['cookies.txt']);
  });

  it('one session saving twice replaces its own first save (no JarChanged)', async () => {
    const path = join(dir, 'cookies.txt');
    const text = line('a.example.com', 'x', '1') + line('a.example.com', 'y', '2') + line('b.example.com', 'z', '3');
    await writeFile(path, text);
    const url = new URL('http://a.example.com/');
    await withJarSession(path, async (session) => {
      session.applySetCookies(url, ['x=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/']);
      await session.save();
      session.applySetCookies(url, ['y=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/']);
      await session.save();
    });
    expect(await readFile(path, 'utf8')).toBe(line('b.example.com', 'z', '3'));
  });

  it('listing every cookie of a large jar (many lines read) gives them all', async () => {
    const path = join(dir, 'cookies.txt');
    const text = bigJar(2 * CHUNK);
    await writeFile(path, text);
    const lines = text.split('\n').filter((l) => l !== '').length;
    await withJarSession(path, async (session) => {
      expect(session.cookies().length).toBe(lines);
      expect(session.count()).toBe(lines);
    });
  });
});
