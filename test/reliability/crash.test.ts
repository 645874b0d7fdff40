// SIGKILL at random moments while kr rewrites a 10 MB jar, 50 times: the jar must always
// be the old file or the new one, byte for byte (temp file + fsync + rename), it must
// parse, and the next run must neither find temp files left behind nor be blocked by the
// dead process's lock.

import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateJar, random } from '../../bench/jar-fixture.js';
import { median } from '../../bench/measure.js';
import { openJarReadOnly } from '../../src/jar/index.js';
import { ensureBuilt, krBin, krEnv, runKr } from './kr-process.js';

const KILLS = 50;
/** Two folders, two jars, killed side by side: the machines CI runs on have two cores. */
const LANES = 2;
let dirs: string[] = [];

beforeAll(async () => {
  ensureBuilt();
  dirs = await Promise.all(Array.from({ length: LANES }, () => mkdtemp(join(tmpdir(), 'kr-rel-crash-'))));
});
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * Runs kr under coreutils `timeout -s KILL`, so the SIGKILL comes on time from a process of its
 * own: a timer here fires late whenever the other lane's jar check keeps this event loop busy,
 * and kr would then have finished. Returns 'SIGKILL' or kr's exit status, and the run's ms.
 */
function killAfter(dir: string, args: readonly string[], env: NodeJS.ProcessEnv, delayMs: number): Promise<{ ended: 'SIGKILL' | number | null; ms: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('timeout', ['-s', 'KILL', `${delayMs / 1000}s`, process.execPath, krBin, ...args], { cwd: dir, env, stdio: 'ignore' });
    // timeout signals its process group, itself included: it dies of the KILL too (or says 137)
    child.on('close', (status, signal) => resolve({ ended: signal === 'SIGKILL' || status === 137 ? 'SIGKILL' : status, ms: Date.now() - started }));
  });
}

/**
 * Waits until no running process has the jar on its command line: timeout's own exit does not
 * wait for the SIGKILLed kr to finish dying, and "the next run" means after the crash, not
 * during it. (A dead, unreaped kr, a zombie, counts as gone: kr's lock code treats it so.)
 */
async function untilGone(jar: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
    const cmdlines = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')));
    if (!cmdlines.some((c) => c.split('\0').includes(jar))) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`a killed kr on ${jar} was still running after 5 s`);
}

const leftovers = async (dir: string) => (await readdir(dir)).filter((name) => name !== 'jar.txt');

interface Outcomes {
  old: number;
  new: number;
  killed: number;
  leftBehind: number;
}

async function killRepeatedly(dir: string, fixture: ReturnType<typeof generateJar>, kills: number, seed: number): Promise<Outcomes> {
  const jar = join(dir, 'jar.txt');
  const args = ['--jar', jar, '--url', fixture.url, 'Invoke-KrCookieSignOut'];
  const env = krEnv(dir);

  // one full run: how long a rewrite takes here, and the new file it must produce
  await writeFile(jar, fixture.contents);
  const started = Date.now();
  const full = await runKr(args, { cwd: dir, env });
  // durations of whole runs: each run the kill came too late for adds one, so the kill times
  // follow the machine's load (one first measurement let many kills land after kr had finished)
  const durations = [Date.now() - started];
  expect(full.status).toBe(0);
  expect((await readFile(jar)).equals(fixture.expected)).toBe(true);

  const next = random(seed);
  const outcomes: Outcomes = { old: 0, new: 0, killed: 0, leftBehind: 0 };
  for (let i = 0; i < kills; i++) {
    await writeFile(jar, fixture.contents);
    // most kills land in the second half of the run, where the file is written and renamed
    const delay = Math.round(median(durations) * (0.25 + 0.7 * next()));
    const { ended, ms } = await killAfter(dir, args, env, delay);
    if (ended === 'SIGKILL') {
      outcomes.killed++;
      await untilGone(jar);
    } else durations.push(ms);
    const now = await readFile(jar);
    const isOld = now.equals(fixture.contents);
    const isNew = now.equals(fixture.expected);
    if (!isOld && !isNew) throw new Error(`kill ${i} at ${delay} ms (seed ${seed}) left a jar that is neither the old nor the new file`);
    outcomes[isOld ? 'old' : 'new']++;
    const session = await openJarReadOnly(jar);
    expect(session.warnings).toEqual([]);

    if ((await leftovers(dir)).length > 0) outcomes.leftBehind++;

    // the next run takes over the dead process's lock, removes its temp file and finishes
    const after = await runKr(args, { cwd: dir, env, timeoutMs: 30_000 });
    if (after.status !== 0) throw new Error(`run after kill ${i} (seed ${seed}): exit ${after.status} ${after.signal ?? ''} ${after.stderr}`);
    expect((await readFile(jar)).equals(fixture.expected)).toBe(true);
    expect(await leftovers(dir)).toEqual([]);
  }
  return outcomes;
}

test(`${KILLS} SIGKILLs during the rewrite of a 10 MB jar: old or new file, never anything else`, async () => {
  const fixture = generateJar(90_000, 9_000);
  expect(fixture.contents.length).toBeGreaterThan(10_000_000);
  const seed = Number(process.env.KR_CRASH_SEED ?? Date.now() % 100000);
  const lanes = await Promise.all(dirs.map((dir, lane) => killRepeatedly(dir, fixture, KILLS / LANES, seed + lane)));
  const total = lanes.reduce((sum, o) => ({ old: sum.old + o.old, new: sum.new + o.new, killed: sum.killed + o.killed, leftBehind: sum.leftBehind + o.leftBehind }));
  if (process.env.KR_CRASH_REPORT === '1') process.stderr.write(`crash outcomes (seed ${seed}): ${JSON.stringify(total)}\n`);
  // the kills really hit running processes
  expect(total.killed).toBeGreaterThan(KILLS / 2);
  expect(total.old).toBeGreaterThan(0);
}, 170_000);
