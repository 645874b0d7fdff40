import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { withJarSession } from '../../src/jar/index.js';

const SITE = new URL('http://127.0.0.1:5000/');
const JAR = '# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t0\ttheme\tdark\n';

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kr-jar-file-'));
  path = join(dir, 'cookies.txt');
  await writeFile(path, JAR);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited, so no one holds it. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid ?? 0;
}

async function removeTheme(): Promise<void> {
  await withJarSession(
    path,
    async (session) => {
      session.applySetCookies(SITE, ['theme=; Max-Age=0; path=/']);
      await session.save();
    },
    { lockTimeoutMs: 2000 },
  );
}

describe('the jar lock', () => {
  it('is taken over from a process that died holding it', async () => {
    await writeFile(`${path}.lock`, `${await deadPid()}\n${hostname()}\n${Date.now()}\n`);
    await removeTheme();
    expect(await readFile(path, 'utf8')).toBe('# Netscape HTTP Cookie File\n');
    expect(await readdir(dir)).toEqual(['cookies.txt']);
  });

  it('waits for a live holder, then fails with JarLocked naming the file and the holder', async () => {
    await writeFile(`${path}.lock`, `${process.pid}\n${hostname()}\n${Date.now()}\n`);
    const failure = withJarSession(path, async () => 'ran', { lockTimeoutMs: 150 });
    await expect(failure).rejects.toMatchObject({
      errorId: 'JarLocked',
      category: 'ResourceUnavailable',
      exitCode: 1,
      message: expect.stringContaining(`process ${process.pid}`),
    });
    await failure.catch((error: Error) => expect(error.message).toContain(path));
    expect(await readFile(path, 'utf8')).toBe(JAR);
  });

  it('is released after the session, also when the session throws', async () => {
    await expect(withJarSession(path, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await readdir(dir)).toEqual(['cookies.txt']);
    await removeTheme();
  });

  it('serialises sessions in one process', async () => {
    await writeFile(path, '127.0.0.1\tFALSE\t/\tFALSE\t0\ta\t1\n127.0.0.1\tFALSE\t/\tFALSE\t0\tb\t2\n');
    await Promise.all(
      ['a', 'b'].map((name) =>
        withJarSession(path, async (session) => {
          session.applySetCookies(SITE, [`${name}=; Max-Age=0; path=/`]);
          await session.save();
        }),
      ),
    );
    expect(await readFile(path, 'utf8')).toBe('');
  });
});

describe('leftovers of a killed writer', () => {
  it('removes temp files next to the jar on the next run, and nothing else', async () => {
    await writeFile(join(dir, '.cookies.txt.kr-tmp-12345-abcdef'), 'half-written');
    await writeFile(join(dir, `.cookies.txt.lock-tmp-${await deadPid()}-abcdef`), 'x');
    await writeFile(join(dir, 'other.txt'), 'mine');
    await withJarSession(path, async () => undefined);
    expect((await readdir(dir)).sort()).toEqual(['cookies.txt', 'other.txt']);
  });
});
