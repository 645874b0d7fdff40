// The README's "Scripting sign-outs" scripts, run as written by the real kr against jars that
// real curl wrote for five loopback apps: a batch sign-out of 50 sessions from a CSV (every
// session's auth cookie gone, every other line byte for byte; with -WhatIf nothing changes),
// and a script function with ShouldProcess checking a report.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCookieApp, type CookieApp } from '../support/cookie-app.js';
import { curl } from '../support/curl.js';
import { ensureBuilt, runKr } from './kr-process.js';

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

/** 50 sessions: ten signed-in curl jars per app; the CSV lists them. */
async function sessions(): Promise<Map<string, string>> {
  const jars = new Map<string, string>();
  const rows = ['Url,Scheme,Jar'];
  for (const [a, app] of apps.entries()) {
    for (let k = 0; k < 10; k++) {
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
