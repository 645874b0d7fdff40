// Get-KrCookie, Remove-KrCookie, ConvertTo-KrCookieJar and Export-KrCookieJar on every jar
// format: values never shown, removals as a browser would make them with everything else kept
// byte for byte, and conversions that real readers (Python's http.cookiejar) accept.

import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRunspace, RecordingHost } from '../../src/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kr-cookie-cmdlets-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const JAR =
  '# Netscape HTTP Cookie File\n' +
  '#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\t.AspNetCore.Cookies\tAUTH-VALUE-SECRET\n' +
  '.idp.example\tTRUE\t/\tTRUE\t1999999999\t_session\tIDP-VALUE-SECRET\n' +
  'login.idp.example\tFALSE\t/\tTRUE\t0\tidp.xsrf\tXSRF-VALUE-SECRET\n' +
  '127.0.0.1\tFALSE\t/\tFALSE\t0\ttheme\tdark\n';

async function run(code: string) {
  const host = new RecordingHost({ interactive: false, env: { HOME: dir }, cwd: dir });
  const rs = createRunspace({ host, env: { HOME: dir }, cwd: dir });
  const result = await rs.invoke(code);
  return { ...result, text: JSON.stringify(result) + host.lines.map((l) => l.text).join('\n') };
}

describe('Get-KrCookie', () => {
  it('lists cookies with every attribute but the value, in table, JSON and verbose alike', async () => {
    await writeFile(join(dir, 'jar.txt'), JAR);
    const ran = await run('Get-KrCookie -Jar jar.txt -Verbose; Get-KrCookie -Jar jar.txt | ConvertTo-Json; Get-KrCookie -Jar jar.txt | Out-String');
    expect(ran.errors).toEqual([]);
    for (const secret of ['AUTH-VALUE-SECRET', 'IDP-VALUE-SECRET', 'XSRF-VALUE-SECRET']) expect(ran.text).not.toContain(secret);
    const cookies = JSON.parse(JSON.stringify(ran.output.slice(0, 4))) as Record<string, unknown>[];
    expect(cookies.map((c) => c.Name)).toEqual(['.AspNetCore.Cookies', 'theme', '_session', 'idp.xsrf']);
    expect(cookies[2]).toMatchObject({ Domain: 'idp.example', HostOnly: false, Secure: true, Session: false, Site: 'https://idp.example/', ValueLength: 16, Format: 'netscape' });
    expect(cookies[2].Fingerprint).toMatch(/^[0-9a-f]{12}$/);
  });

  it('selects by -Name and -Domain wildcards and by -Url', async () => {
    await writeFile(join(dir, 'jar.txt'), JAR);
    const names = async (args: string) => (await run(`Get-KrCookie ${args} -Jar jar.txt | ForEach-Object Name`)).output;
    expect(await names("'.aspnetcore.*'")).toEqual(['.AspNetCore.Cookies']);
    expect(await names("-Domain '*idp.example'")).toEqual(['_session', 'idp.xsrf']);
    expect(await names("-Url 'https://login.idp.example/'")).toEqual(['_session', 'idp.xsrf']);
  });

  it('reads Playwright storageState too; a missing -Jar is JarNotFound', async () => {
    await writeFile(join(dir, 'state.json'), JSON.stringify({ cookies: [{ name: 'a', value: 'SECRET-A', domain: 'x.test', path: '/', expires: -1, httpOnly: false, secure: false, sameSite: 'Strict' }], origins: [] }));
    const ran = await run('Get-KrCookie -Jar state.json');
    expect(JSON.parse(JSON.stringify(ran.output))).toMatchObject([{ Name: 'a', SameSite: 'Strict', Format: 'playwright' }]);
    expect((await run('Get-KrCookie -Jar nope.txt')).errors[0].errorId).toBe('JarNotFound,Get-KrCookie');
  });
});

describe('Remove-KrCookie', () => {
  it('removes an identity provider\'s cookies by domain; the app\'s lines stay byte for byte', async () => {
    await writeFile(join(dir, 'jar.txt'), JAR);
    const ran = await run("Remove-KrCookie -Domain 'idp.example', 'login.idp.example' -Jar jar.txt -Confirm:$false");
    expect(ran.errors).toEqual([]);
    expect(JSON.parse(JSON.stringify(ran.output)).map((c: { Name: string }) => c.Name)).toEqual(['_session', 'idp.xsrf']);
    expect(await readFile(join(dir, 'jar.txt'), 'utf8')).toBe(JAR.split('\n').filter((l) => !l.includes('idp.example')).join('\n'));
  });

  it('-WhatIf changes nothing; piped Get-KrCookie objects are removed', async () => {
    await writeFile(join(dir, 'jar.txt'), JAR);
    const preview = await run("Remove-KrCookie theme -Jar jar.txt -WhatIf");
    expect(preview.whatIf).toEqual(['What if: Performing the operation "Remove cookie" on target "theme (127.0.0.1/)".']);
    expect(await readFile(join(dir, 'jar.txt'), 'utf8')).toBe(JAR);
    await run("Get-KrCookie theme -Jar jar.txt | Remove-KrCookie -Jar jar.txt -Confirm:$false");
    expect(await readFile(join(dir, 'jar.txt'), 'utf8')).not.toContain('\ttheme\t');
  });

  it('without a selection it refuses to empty the jar', async () => {
    await writeFile(join(dir, 'jar.txt'), JAR);
    expect((await run('Remove-KrCookie -Jar jar.txt -Confirm:$false')).errors[0].errorId).toBe('NoCookieSelected,Remove-KrCookie');
    expect(await readFile(join(dir, 'jar.txt'), 'utf8')).toBe(JAR);
  });
});

describe('ConvertTo-KrCookieJar and Export-KrCookieJar', () => {
  it('round-trips every cookie through every format', async () => {
    await writeFile(join(dir, 'jar.txt'), JAR);
    let from = 'jar.txt';
    for (const [format, file] of [['Playwright', 'a.json'], ['Puppeteer', 'b.json'], ['ToughCookie', 'c.json'], ['Netscape', 'd.txt']]) {
      const ran = await run(`Export-KrCookieJar ${format} ${file} -Jar ${from}`);
      expect([format, ran.errors]).toEqual([format, []]);
      from = file;
    }
    const before = (await run('Get-KrCookie -Jar jar.txt | Select-Object Name, Domain, Path, Secure, HttpOnly, Expires, Fingerprint | ConvertTo-Json -Compress')).output;
    const after = (await run('Get-KrCookie -Jar d.txt | Select-Object Name, Domain, Path, Secure, HttpOnly, Expires, Fingerprint | ConvertTo-Json -Compress')).output;
    expect(after).toEqual(before);
    expect((await stat(join(dir, 'd.txt'))).mode & 0o777).toBe(0o600);
  });

  it('a Playwright state converted to cookies.txt is read by Python\'s http.cookiejar; SameSite is warned about', async () => {
    await writeFile(
      join(dir, 'state.json'),
      JSON.stringify({ cookies: [{ name: 'sid', value: 'v1', domain: '.app.test', path: '/', expires: 1999999999, httpOnly: true, secure: true, sameSite: 'Lax' }], origins: [] }),
    );
    const ran = await run('Export-KrCookieJar Netscape cookies.txt -Jar state.json');
    expect(ran.warnings).toEqual(['The Netscape format cannot hold SameSite (cookies.txt has no field for it); it is left out.']);
    const python = execFileSync('python3', ['-c', "import http.cookiejar as c,sys; j=c.MozillaCookieJar(sys.argv[1]); j.load(ignore_discard=True); print([(x.name, x.domain, x.secure, x.expires) for x in j])", join(dir, 'cookies.txt')], { encoding: 'utf8' });
    expect(python.trim()).toBe("[('sid', '.app.test', True, 1999999999)]");
  });
});
