// Fixtures for the core cmdlets' documented examples (Where-Object, Select-Object, ...):
// each runs in a workspace and its documented effect is asserted (examples.test.ts runs them).

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ran, Workspace } from '../cmdlets/sign-out-fixtures.js';

interface Fixture {
  setUp(ws: Workspace): Promise<{ settings?: Record<string, unknown>; env?: Record<string, string> }>;
  check(ran: Ran, ws: Workspace): Promise<void>;
}

const none = async () => ({});
const servers: import('node:http').Server[] = [];
const json = (ran: Ran) => JSON.parse(JSON.stringify(ran.result.output)) as unknown[];

const COOKIE_JAR =
  '#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\t.AspNetCore.Cookies\tchunks-2\n#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\t.AspNetCore.CookiesC1\ta\n' +
  '#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\t.AspNetCore.CookiesC2\tb\n.idp.example\tTRUE\t/\tTRUE\t0\t_session\ts\n127.0.0.1\tFALSE\t/\tFALSE\t0\ttheme\tdark\n';
const cookieJar = async (ws: Workspace) => {
  await writeFile(join(ws.dir, 'jar.txt'), COOKIE_JAR);
  return {};
};

export const CORE_FIXTURES: Record<string, Fixture> = {
  "[pscustomobject]@{ Name = 'a'; N = 1 }, [pscustomobject]@{ Name = 'bb'; N = 22 } | Format-Table": {
    setUp: none,
    check: async (ran) => expect(ran.result.output).toEqual(['', 'Name  N', '----  -', 'a     1', 'bb   22', '']),
  },
  "[pscustomobject]@{ Name = 'a'; N = 1 } | Format-List": { setUp: none, check: async (ran) => expect(ran.result.output).toEqual(['', 'Name : a', 'N    : 1', '']) },
  "'a', 'b', 'c', 'd' | Format-Wide -Column 3": { setUp: none, check: async (ran) => expect((ran.result.output as string[]).map((l) => l.replace(/ +/g, ' '))).toEqual(['', 'a b c', 'd', '']) },
  '1, 2 | Tee-Object -Variable kept | ForEach-Object { $_ * 10 }; $kept': { setUp: none, check: async (ran) => expect(ran.result.output).toEqual([10, 20, 1, 2]) },
  "[pscustomobject]@{ Name = 'a' } | Get-Member": { setUp: none, check: async (ran) => expect(json(ran)).toMatchObject([{ Name: 'Name', MemberType: 'NoteProperty', Definition: 'System.String Name' }]) },
  "[pscustomobject]@{ Url = 'http://a/'; Scheme = 'Cookies' } | Export-Csv sessions.csv": {
    setUp: none,
    check: async (_ran, ws) => expect(await readFile(join(ws.dir, 'sessions.csv'), 'utf8')).toBe('"Url","Scheme"\n"http://a/","Cookies"\n'),
  },
  "Select-String -Path ./kr.log -Pattern 'signed out'": {
    setUp: async (ws) => {
      await writeFile(join(ws.dir, 'kr.log'), 'started\nSigned out of Cookies on app.example\nstopped\n');
      return {};
    },
    check: async (ran) => expect(json(ran)).toMatchObject([{ LineNumber: 2, Line: 'Signed out of Cookies on app.example', Filename: 'kr.log', Pattern: 'signed out' }]),
  },
  "'hello', 'Hello', 'goodbye' | Select-String hello -CaseSensitive": { setUp: none, check: async (ran) => expect(json(ran)).toMatchObject([{ Line: 'hello', LineNumber: 1 }]) },
  '$answer = 42; Get-Variable answer -ValueOnly': { setUp: none, check: async (ran) => expect(ran.result.output).toEqual([42]) },
  'Set-Variable target https://app.example; $target': { setUp: none, check: async (ran) => expect(ran.result.output).toEqual(['https://app.example']) },
  '$tmp = 1; Remove-Variable tmp; $null -eq $tmp': { setUp: none, check: async (ran) => expect(ran.result.output).toEqual([true]) },
  'Test-KrSession http://127.0.0.1:5996/me -Jar jar.txt -Assert SignedOut': {
    // a loopback app that answers /me with 401 for this jar: the session is over
    async setUp(ws) {
      await writeFile(ws.jar, '');
      const { createServer } = await import('node:http');
      const server = createServer((_req, res) => {
        res.statusCode = 401;
        res.end();
      });
      await new Promise<void>((resolve) => server.listen(5996, '127.0.0.1', resolve));
      servers.push(server);
      return {};
    },
    check: async (ran) => {
      for (const server of servers.splice(0)) server.close();
      expect(json(ran)).toEqual([{ State: 'SignedOut', Status: 401, Location: null, Url: 'http://127.0.0.1:5996/me' }]);
    },
  },
  "Get-KrCookie '.AspNetCore.*' -Jar jar.txt": {
    setUp: cookieJar,
    check: async (ran) => expect(json(ran).map((c) => (c as { Name: string }).Name)).toEqual(['.AspNetCore.Cookies', '.AspNetCore.CookiesC1', '.AspNetCore.CookiesC2']),
  },
  "Remove-KrCookie -Domain 'idp.example' -Jar jar.txt -Confirm:$false": {
    setUp: cookieJar,
    check: async (_ran, ws) => {
      const text = await readFile(join(ws.dir, 'jar.txt'), 'utf8');
      expect(text).not.toContain('_session');
      expect(text).toContain('theme');
    },
  },
  'ConvertTo-KrCookieJar Playwright -Jar jar.txt | Set-Content state.json': {
    setUp: cookieJar,
    check: async (_ran, ws) => expect((JSON.parse(await readFile(join(ws.dir, 'state.json'), 'utf8')) as { cookies: unknown[] }).cookies).toHaveLength(5),
  },
  'Export-KrCookieJar Netscape cookies.txt -Jar state.json': {
    setUp: async (ws) => {
      await writeFile(join(ws.dir, 'state.json'), JSON.stringify({ cookies: [{ name: 'a', value: 'b', domain: 'x.test', path: '/', expires: -1, httpOnly: false, secure: false, sameSite: 'Lax' }], origins: [] }));
      return {};
    },
    check: async (_ran, ws) => expect(await readFile(join(ws.dir, 'cookies.txt'), 'utf8')).toContain('x.test\tFALSE\t/\tFALSE\t0\ta\tb'),
  },
  "Write-Output 'a' 'b'": { setUp: none, check: async (ran) => expect(ran.result.output).toEqual(['a', 'b']) },
  "Write-Host 'signing out'": {
    setUp: none,
    check: async (ran) => {
      expect(ran.result.output).toEqual([]);
      expect(ran.result.information).toEqual(['signing out']);
    },
  },
  "Write-Warning 'careful'": { setUp: none, check: async (ran) => expect(ran.result.warnings).toEqual(['careful']) },
  "Write-Verbose 'step 1' -Verbose": { setUp: none, check: async (ran) => expect(ran.result.verbose).toEqual(['step 1']) },
  "Write-Debug 'x=1' -Debug": { setUp: none, check: async (ran) => expect(ran.result.debug).toContain('x=1') },
  "Write-Information 'done' -InformationAction Continue": { setUp: none, check: async (ran) => expect(ran.result.information).toEqual(['done']) },
  "Write-Error 'no session' -ErrorAction SilentlyContinue": { setUp: none, check: async (ran) => expect(ran.result.output).toEqual([]) },
  '1..5 | Where-Object { $_ -gt 3 }': { setUp: none, check: async (ran) => expect(ran.result.output).toEqual([4, 5]) },
  "@{ Name = 'a' }, @{ Name = 'b' } | Where-Object Name -eq 'b'": { setUp: none, check: async (ran) => expect(json(ran)).toEqual([{ Name: 'b' }]) },
  '1..3 | ForEach-Object { $_ * 2 }': { setUp: none, check: async (ran) => expect(ran.result.output).toEqual([2, 4, 6]) },
  "@{ Name = 'a' } | ForEach-Object -MemberName Name": { setUp: none, check: async (ran) => expect(ran.result.output).toEqual(['a']) },
  '1..10 | Select-Object -First 3': { setUp: none, check: async (ran) => expect(ran.result.output).toEqual([1, 2, 3]) },
  '@{ a = 1; b = 2 } | Select-Object -Property a': { setUp: none, check: async (ran) => expect(json(ran)).toEqual([{ a: 1 }]) },
  '3, 1, 2 | Sort-Object': { setUp: none, check: async (ran) => expect(ran.result.output).toEqual([1, 2, 3]) },
  "'a', 'bb', 'c' | Group-Object Length": {
    setUp: none,
    check: async (ran) => expect(json(ran)).toEqual([{ Count: 2, Name: '1', Group: ['a', 'c'] }, { Count: 1, Name: '2', Group: ['bb'] }]),
  },
  '1..4 | Measure-Object -Sum': { setUp: none, check: async (ran) => expect(json(ran)).toMatchObject([{ Count: 4, Sum: 10 }]) },
  "'x' | Out-Null": { setUp: none, check: async (ran) => expect(ran.result.output).toEqual([]) },
  '@{ a = 1 } | Out-String': { setUp: none, check: async (ran) => expect(String(ran.result.output[0])).toMatch(/^Name +Value\n-+ +-+\na +1\n/m) },
  "[pscustomobject]@{ Name = 'a'; N = 1 } | Out-String -Stream": { setUp: none, check: async (ran) => expect(ran.result.output).toEqual(['', 'Name N', '---- -', 'a    1', '']) },
  '@{ a = 1 } | ConvertTo-Json -Compress': { setUp: none, check: async (ran) => expect(ran.result.output).toEqual(['{"a":1}']) },
  '\'{"a":1}\' | ConvertFrom-Json': { setUp: none, check: async (ran) => expect(json(ran)).toEqual([{ a: 1 }]) },
  '"Url,Scheme", "http://a/,Cookies" | ConvertFrom-Csv': { setUp: none, check: async (ran) => expect(json(ran)).toEqual([{ Url: 'http://a/', Scheme: 'Cookies' }]) },
  '[pscustomobject]@{ a = 1 } | ConvertTo-Csv': { setUp: none, check: async (ran) => expect(ran.result.output).toEqual(['"a"', '"1"']) },
  'Import-Csv sessions.csv | Invoke-KrCookieSignOut -WhatIf': {
    async setUp(ws) {
      await writeFile(join(ws.dir, 'sessions.csv'), `Url,Scheme,Jar\nhttp://127.0.0.1/,Cookies,${ws.jar}\nhttp://127.0.0.1/,Other,${ws.jar}\n`);
      await writeFile(ws.jar, '');
      return {};
    },
    check: async (ran) => {
      expect(ran.result.whatIf).toEqual(['What if: Performing the operation "SignOut" on target "Cookies".', 'What if: Performing the operation "SignOut" on target "Other".']);
      expect(ran.result.output).toHaveLength(2);
    },
  },
  'Get-Content ./sessions.csv -Raw': {
    setUp: async (ws) => {
      await writeFile(join(ws.dir, 'sessions.csv'), 'a,b\n1,2\n');
      return {};
    },
    check: async (ran) => expect(ran.result.output).toEqual(['a,b\n1,2\n']),
  },
  "Set-Content ./note.txt 'hello'": { setUp: none, check: async (_ran, ws) => expect(await readFile(join(ws.dir, 'note.txt'), 'utf8')).toBe('hello\n') },
  "Add-Content ./note.txt 'more'": {
    setUp: async (ws) => {
      await writeFile(join(ws.dir, 'note.txt'), 'first\n');
      return {};
    },
    check: async (_ran, ws) => expect(await readFile(join(ws.dir, 'note.txt'), 'utf8')).toBe('first\nmore\n'),
  },
  'Get-Date -Format o': { setUp: none, check: async (ran) => expect(String(ran.result.output[0])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) },
  'Start-Sleep -Milliseconds 10': { setUp: none, check: async (ran) => expect(ran.result.output).toEqual([]) },
  'Test-Path ~/.kr/cookies.txt': { setUp: none, check: async (ran) => expect(ran.result.output).toEqual([false]) },
  'Join-Path /tmp jar.txt': { setUp: none, check: async (ran) => expect(ran.result.output).toEqual(['/tmp/jar.txt']) },
  'Split-Path /tmp/jar.txt -Leaf': { setUp: none, check: async (ran) => expect(ran.result.output).toEqual(['jar.txt']) },
};
