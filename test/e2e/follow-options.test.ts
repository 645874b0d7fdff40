// --follow's knobs: `--max-hops` and `--timeout` on the command line (a bad value is a usage
// error, exit 2) and the same settings through the embedding API (KrSettings).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommandLine } from '../../src/cli/program.js';
import { createRunspace, RecordingHost } from '../../src/index.js';
import { ensureBuilt, runKr } from './kr-process.js';
import { startRpApp, type RpApp } from './rp-app.js';

let app: RpApp;
let dir: string;

beforeAll(async () => {
  ensureBuilt();
  app = await startRpApp();
});
afterAll(() => app.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kr-e2e-options-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('command line', () => {
  it('--follow, --max-hops and --timeout become settings', () => {
    const parsed = parseCommandLine(['--follow', '--max-hops', '3', '--timeout', '2.5', 'Invoke-KrCookieSignOut']);
    expect(parsed).toMatchObject({ kind: 'run', options: { settings: { follow: true, maxHops: 3, timeout: 2.5 } } });
  });

  it.each([
    [['--max-hops', '0'], 'expected a whole number above 0.'],
    [['--max-hops', '1.5'], 'expected a whole number above 0.'],
    [['--timeout', 'soon'], 'expected a number of seconds above 0.'],
  ])('%j is a usage error (exit 2)', async (args, why) => {
    const run = await runKr([...args, 'Invoke-KrCookieSignOut'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(why);
  });
});

describe('embedding API', () => {
  it('settings { follow, maxHops } make the runspace follow; a final page within the hop limit is success', async () => {
    const jar = join(dir, 'jar.txt');
    const host = app.url.replace('http://', '').split(':')[0];
    await writeFile(jar, `# Netscape HTTP Cookie File\n\n#HttpOnly_${host}\tFALSE\t/\tFALSE\t0\t.AspNetCore.Cookies\tticket\n${host}\tFALSE\t/\tFALSE\t0\ttheme\tdark\n`);
    const run = (settings: Record<string, unknown>) =>
      createRunspace({ host: new RecordingHost(), settings: { jar, url: `${app.url}/`, ...settings }, env: { HOME: dir }, cwd: dir }).invoke(
        'Invoke-KrCookieSignOut -Redirect',
      );
    const limited = await run({ follow: true, maxHops: 1, timeout: 5 });
    // one hop is enough here: GET / answers 200
    expect(limited.exitCode).toBe(0);
    const report = JSON.parse(JSON.stringify(limited.output[0])) as { follow: { hops: unknown[]; stoppedBecause: string } };
    expect(report.follow).toMatchObject({ stoppedBecause: 'final-response', hops: [{ method: 'GET', url: `${app.url}/`, status: 200 }] });
    expect(await readFile(jar, 'utf8')).not.toContain('.AspNetCore.Cookies');
    const without = await run({});
    expect(JSON.parse(JSON.stringify(without.output[0]))).not.toHaveProperty('follow');
  });
});
