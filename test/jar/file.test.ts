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

/**
 * A killed process nobody reaps: `sh` starts a child that exits at once, then becomes `sleep`,
 * which never waits for it. kill(pid, 0) still succeeds on it; it will never release anything.
 */
async function zombie(): Promise<{ pid: number; end: () => void }> {
  const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  // until the child has exited, it is a live process, not a zombie
  for (let i = 0; i < 200 && !(await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')).includes(') Z'); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(await readFile(`/proc/${pid}/stat`, 'utf8')).toContain(') Z');
  return { pid, end: () => parent.kill('SIGKILL') };
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

  it('is taken over from a holder that was killed and never reaped (a zombie still answers kill 0)', async () => {
    const holder = await zombie();
    try {
      await writeFile(`${path}.lock`, `${holder.pid}\n${hostname()}\n${Date.now()}\n`);
      await writeFile(join(dir, `.cookies.txt.lock-tmp-${holder.pid}-abcdef`), 'x');
      await removeTheme();
      expect(await readdir(dir)).toEqual(['cookies.txt']);
    } finally {
      holder.end();
    }
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
