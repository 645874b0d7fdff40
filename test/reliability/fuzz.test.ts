// Hostile command lines: fast-check generates argv and `-c` scripts (KR_FUZZ_RUNS of them,
// 10,000 by default, from a fixed seed) and runs each through the CLI's main function in process; a few
// hundred (KR_FUZZ_SPAWNS) also run as real `kr` processes. See test/reliability/cli-fuzz.ts
// for the rules every run must keep.

import fc from 'fast-check';
import { argvs, checkOutcome, fuzzFiles, runInProcess, scripts, type FuzzFiles } from './cli-fuzz.js';
import { ensureBuilt, inLanes, krEnv, runKr } from './kr-process.js';

const RUNS = Number(process.env.KR_FUZZ_RUNS ?? 10_000);
const SPAWNS = Number(process.env.KR_FUZZ_SPAWNS ?? 200);
// `npm test` replays one fixed seed, so CI's verdict never depends on the draw; the nightly
// script draws a fresh seed each run (KR_FUZZ_SEED=random) to look where CI does not.
const DEFAULT_SEED = 20261201;
const SEED = process.env.KR_FUZZ_SEED === 'random' ? undefined : Number(process.env.KR_FUZZ_SEED ?? DEFAULT_SEED);
/** Jest's time limits grow with the counts (scripts/fuzz-nightly.sh runs far more). */
const inProcessLimit = Math.max(600_000, RUNS * 20);
const spawnLimit = Math.max(600_000, SPAWNS * 2_000);
let files: FuzzFiles;

beforeAll(async () => {
  files = await fuzzFiles();
});
afterAll(async () => {
  await files.dispose();
});

test(`${RUNS} generated command lines in process: every run ends, exit 0-3 (or a script's own exit n), failures carry an errorId`, async () => {
  const argvRuns = Math.ceil(RUNS * 0.6);
  await fc.assert(
    fc.asyncProperty(argvs(files), async (argv) => {
      await files.reset();
      checkOutcome(argv, await runInProcess(argv, files));
    }),
    { numRuns: argvRuns, seed: SEED },
  );
  await fc.assert(
    fc.asyncProperty(scripts, fc.boolean(), async (script, json) => {
      await files.reset();
      const argv = [...(json ? ['--json'] : []), '--jar', files.jar, '--url', 'http://127.0.0.1/', '-c', script];
      checkOutcome(argv, await runInProcess(argv, files));
    }),
    { numRuns: RUNS - argvRuns, seed: SEED },
  );
}, inProcessLimit);

test(`${SPAWNS} generated command lines as real kr processes`, async () => {
  ensureBuilt();
  // an OS argument cannot hold a NUL byte (the in-process cases cover those)
  const samples = fc.sample(argvs(files), { numRuns: SPAWNS, seed: SEED }).map((argv) => argv.map((arg) => arg.replaceAll('\0', '\u2400')));
  await inLanes(
    2,
    samples.map((argv) => async () => {
      const started = performance.now();
      // the two lanes share the fuzz files: a sign-out by one is just another starting state for the other
      const run = await runKr(argv, { cwd: files.dir, env: krEnv(files.dir), timeoutMs: 20_000 });
      const exitCode = run.status ?? -1;
      // a process pays start-up on top of the work: the hang bound is for the work
      checkOutcome(argv, { exitCode, stdout: run.stdout, stderr: run.stderr, ms: Math.max(0, performance.now() - started - 2000) });
    }),
  );
}, spawnLimit);
