// 20 node processes edit one jar at once, each removing a different cookie: the lock must
// make every update survive. The jar module is bundled with esbuild so plain `node` runs it.

import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const WORKERS = 20;
const SITE = 'http://127.0.0.1:5000/Account/Logout';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kr-jar-concurrency-'));
  await build({
    entryPoints: [resolve('src/jar/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: join(dir, 'jar.mjs'),
    logLevel: 'silent',
  });
  await writeFile(
    join(dir, 'worker.mjs'),
    `import { withJarSession } from './jar.mjs';
const [jar, name] = process.argv.slice(2);
await withJarSession(jar, async (session) => {
  const { removed } = session.applySetCookies(new URL(${JSON.stringify(SITE)}), [
    name + '=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/; samesite=lax; httponly',
  ]);
  if (removed.length !== 1) throw new Error('expected to remove ' + name);
  await session.save();
}, { lockTimeoutMs: 30000 });
`,
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => done({ code, stderr }));
  });
}

it('20 processes each removing a different cookie: all 20 gone, all others intact', async () => {
  const jar = join(dir, 'cookies.txt');
  const header = '# Netscape HTTP Cookie File\n# kept comment\n\n';
  const line = (name: string) => `127.0.0.1\tFALSE\t/\tFALSE\t0\t${name}\tvalue-of-${name}\n`;
  const victims = Array.from({ length: WORKERS }, (_, i) => `victim${i}`);
  const keepers = Array.from({ length: 30 }, (_, i) => `keep${i}`);
  // interleave, so every removal lands between kept lines
  const body = keepers.map((k, i) => line(k) + (victims[i] !== undefined ? line(victims[i]) : '')).join('');
  await writeFile(jar, header + body + 'garbage line kept\n');

  const results = await Promise.all(victims.map((name) => run([join(dir, 'worker.mjs'), jar, name])));
  for (const result of results) expect(result).toEqual({ code: 0, stderr: '' });

  expect(await readFile(jar, 'utf8')).toBe(header + keepers.map(line).join('') + 'garbage line kept\n');
  const { readdir } = await import('node:fs/promises');
  expect((await readdir(dir)).sort()).toEqual(['cookies.txt', 'jar.mjs', 'worker.mjs']);
});
