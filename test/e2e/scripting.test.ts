// The README's "Scripting sign-outs" scripts, run as written by the real kr against jars that
// real curl wrote for five loopback apps: a batch sign-out of 50 sessions from a CSV (every
// session's auth cookie gone, every other line byte for byte; with -WhatIf nothing changes),
// and a script function with ShouldProcess checking a report.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCookieApp, type CookieApp } from '../support/cookie-app.js';
import { curl } from '../support/curl.js';
import { ensureBuilt, runKr, KR } from './kr-process.js';
import { TmuxSession, tmuxAvailable } from '../support/tmux.js';

const CHOICE_LINE = '[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"):';

const README = new URL('../../README.md', import.meta.url);
const AUTH_LINE = /\t\.AspNetCore\.Cookies(C\d+)?\t/;

/** The powershell blocks of the README's "Scripting sign-outs" section, in order. */
async function readmeScripts(): Promise<string[]> {
  const text = await readFile(README, 'utf8');
  const section = text.slice(text.indexOf('## Scripting sign-outs'), text.indexOf('\n## ', text.indexOf('## Scripting sign-outs') + 5));
  return [...section.matchAll(/```powershell\n([\s\S]*?)```/g)].map((m) => m[1]);
}

let apps: CookieApp[];
let dir: string;
beforeAll(async () => {
  ensureBuilt();
  apps = await Promise.all(Array.from({ length: 5 }, () => startCookieApp({ chunks: 2 })));
});
afterAll(() => Promise.all(apps.map((a) => a.close())));
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kr-scripting-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** 50 sessions (or `perApp` per app): ten signed-in curl jars per app; the CSV lists them. */
async function sessions(perApp = 10): Promise<Map<string, string>> {
  const jars = new Map<string, string>();
  const rows = ['Url,Scheme,Jar'];
  for (const [a, app] of apps.entries()) {
    for (let k = 0; k < perApp; k++) {
      const jar = join(dir, `app${a}-user${k}.txt`);
      await curl(`${app.url}/Account/Login`, { cookiesTo: jar });
      jars.set(jar, await readFile(jar, 'utf8'));
      rows.push(`${app.url}/,Cookies,${jar}`);
    }
  }
  await writeFile(join(dir, 'sessions.csv'), `${rows.join('\n')}\n`);
  return jars;
}

describe("the README's Scripting sign-outs", () => {
  it('the batch script signs out all 50 sessions over 5 sites; everything else stays byte for byte', async () => {
    const [batch] = await readmeScripts();
    const before = await sessions();
    await writeFile(join(dir, 'batch.ps1'), batch);
    const ran = await runKr(['-f', 'batch.ps1'], { cwd: dir, env: { HOME: dir } });
    expect([ran.status, ran.stderr]).toEqual([0, '']);
    expect(ran.stdout).toContain('signed out 50 of 50 sessions');
    for (const [jar, text] of before) {
      expect(text).toMatch(AUTH_LINE);
      expect(await readFile(jar, 'utf8')).toBe(text.split('\n').filter((line) => !AUTH_LINE.test(line)).join('\n'));
    }
    // run again: nothing left to remove, the script says so and fails
    const again = await runKr(['-f', 'batch.ps1'], { cwd: dir, env: { HOME: dir } });
    expect(again.status).toBe(1);
    expect(again.stdout).toContain('signed out 0 of 50 sessions');
  }, 120_000);

  it('with -WhatIf the batch changes nothing and previews every row', async () => {
    const before = await sessions();
    const ran = await runKr(['-c', 'Import-Csv sessions.csv | Invoke-KrCookieSignOut -WhatIf | Measure-Object | ForEach-Object Count'], { cwd: dir, env: { HOME: dir } });
    expect(ran.status).toBe(0);
    expect(ran.stdout.match(/What if: Performing the operation "SignOut" on target "Cookies"\./g)).toHaveLength(50);
    expect(ran.stdout).toMatch(/^50$/m);
    for (const [jar, text] of before) expect(await readFile(jar, 'utf8')).toBe(text);
  }, 120_000);

  it('the function script signs out with ShouldProcess and reports what it removed', async () => {
    const [, fn] = await readmeScripts();
    const jar = join(dir, 'jar.txt');
    await curl(`${apps[0].url}/Account/Login`, { cookiesTo: jar });
    await writeFile(join(dir, 'fn.ps1'), fn);
    const ran = await runKr(['-f', 'fn.ps1'], { cwd: dir, env: { HOME: dir, APP_URL: `${apps[0].url}/` } });
    expect([ran.status, ran.stderr]).toEqual([0, '']);
    expect(JSON.parse(ran.stdout.trim().split('\n').pop() ?? '')).toEqual({ Url: `${apps[0].url}/`, Removed: 3 });
    expect(await readFile(jar, 'utf8')).not.toMatch(AUTH_LINE);
  });
});

const describeTty = tmuxAvailable() ? describe : describe.skip;

describeTty('a batch with -Confirm in a real pseudo-terminal (tmux)', () => {
  afterAll(() => TmuxSession.killServer());

  it('asks once per row; "A" (Yes to All) answers the rest: every session signed out, exit 0', async () => {
    const before = await sessions(2);
    const session = new TmuxSession({
      command: `NO_COLOR=1 HOME=${dir} ${process.execPath} ${KR} -c 'Import-Csv sessions.csv | Invoke-KrCookieSignOut -Confirm | Measure-Object | ForEach-Object Count'`,
      cwd: dir,
      width: 160,
      height: 40,
    }).start();
    try {
      await session.waitForText(CHOICE_LINE);
      session.type('a');
      const status = await session.exitStatus(60_000);
      expect(status).toBe(0);
      const screen = session.screen();
      expect(screen.split(CHOICE_LINE).length).toBe(2);
      expect(screen).toMatch(/^10$/m);
      for (const [jar, text] of before) expect(await readFile(jar, 'utf8')).toBe(text.split('\n').filter((line) => !AUTH_LINE.test(line)).join('\n'));
    } finally {
      session.kill();
    }
  }, 90_000);
});

describe('Ctrl+C stops a whole pipeline', () => {
  it('an endless pipeline ends with exit 130 on SIGINT', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [KR, '-c', 'function gen { $i = 0; while ($true) { $i++; $i } }; gen | ForEach-Object { $_ * 2 } | Where-Object { $_ % 1000 -eq 0 }'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // once output flows, the pipeline is running
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.kill('SIGINT');
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status).toBe(130);
  }, 30_000);
});
