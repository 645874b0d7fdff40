// 32 `kr` processes at once on one jar, each signing out a different site: the jar lock
// must make every sign-out land, and every other line must stay byte for byte, in 5 rounds.

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, krEnv, runKr, siteJar, without } from './kr-process.js';

const PROCESSES = 32;
const ROUNDS = 5;
let dir: string;

beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'kr-rel-concurrency-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

test(`${PROCESSES} concurrent sign-outs on one jar, ${ROUNDS} rounds: all land, nothing else changes`, async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const jar = siteJar(PROCESSES, (s, name) => `r${round}-s${s}-${name}`);
    const path = join(dir, 'jar.txt');
    await writeFile(path, jar.text);
    const runs = await Promise.all(
      jar.sites.map((site) =>
        runKr(['--jar', path, '--url', site.url, '--json', 'Invoke-KrCookieSignOut'], { cwd: dir, env: krEnv(dir), timeoutMs: 60_000 }),
      ),
    );
    runs.forEach((run, i) => {
      if (run.status !== 0) throw new Error(`round ${round}, site ${i}: exit ${run.status} ${run.signal ?? ''}\n${run.stdout}${run.stderr}`);
      const report = (JSON.parse(run.stdout) as { output: { removed: { name: string; domain: string }[] }[] }).output[0];
      expect(report.removed.map((c) => `${c.domain} ${c.name}`).sort()).toEqual(
        ['.AspNetCore.Cookies', '.AspNetCore.CookiesC1', '.AspNetCore.CookiesC2'].map((n) => `${jar.sites[i].host} ${n}`),
      );
    });
    const after = await readFile(path, 'utf8');
    expect(after).toBe(without(jar.text, jar.sites.flatMap((s) => s.authLines)));
    // no lock or temp file survives a round
    expect((await readdir(dir)).filter((name) => name !== 'jar.txt')).toEqual([]);
  }
});
