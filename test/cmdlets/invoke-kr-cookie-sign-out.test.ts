// Invoke-KrCookieSignOut through the runspace on real jar files: the Cookies kind, -Redirect,
// -Properties, redirect safety, unknown schemes, -WhatIf, -Confirm, OAuth2 without a
// provider, the report object and its summary, and the canary that must never be printed.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatOutputObject } from '../../src/runtime/out-default.js';
import { CANARY, OTHER_COOKIES, chunkedAuthCookie, netscapeJar, reportOf, workspace, type Workspace } from './sign-out-fixtures.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await workspace();
});
afterEach(() => ws.dispose());

const signedIn = () => ws.writeJar([...chunkedAuthCookie('.AspNetCore.Cookies', 2), ...OTHER_COOKIES]);

/** The jar's lines that are not the given cookie names (comments and other cookies). */
const linesWithout = (text: string, names: readonly string[]) =>
  text.split('\n').filter((line) => !names.some((n) => line.split('\t')[5] === n));

describe('Invoke-KrCookieSignOut -AuthKind Cookies', () => {
  it('removes the auth cookie and every chunk, keeps every other line byte for byte, and reports it', async () => {
    const before = await signedIn();
    const ran = await ws.run('Invoke-KrCookieSignOut -Verbose');
    expect(ran.result.exitCode).toBe(0);
    const after = await ws.readJar();
    const authNames = ['.AspNetCore.Cookies', '.AspNetCore.CookiesC1', '.AspNetCore.CookiesC2'];
    expect(after.split('\n')).toEqual(linesWithout(before, authNames).filter((l) => !l.startsWith('#HttpOnly_127.0.0.1')));
    expect(after).toContain('other.example');
    expect(after).toContain('theme\tdark');

    const report = reportOf(ran);
    expect(report).toMatchObject({
      signedOut: ['Cookies'],
      removed: authNames.map((name) => ({ name, domain: '127.0.0.1', path: '/' })),
      kept: 3,
      response: { status: 200, location: null },
      jar: { path: ws.jar, format: 'netscape' },
      url: 'http://127.0.0.1/',
      authenticated: true,
    });
    expect(report.whatIf).toBeUndefined();
    expect((report.response as { setCookie: string[] }).setCookie).toEqual(
      authNames.map((n) => `${n}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/; samesite=lax; httponly`),
    );
    expect(formatOutputObject(ran.result.output[0])).toEqual([
      "Signed out of 'Cookies' on 127.0.0.1: removed .AspNetCore.Cookies (+2 chunks)",
    ]);
    // -Verbose: each Set-Cookie delete line, values redacted
    expect(ran.result.verbose.filter((v) => v.startsWith('Set-Cookie: '))).toHaveLength(3);
    expect(ran.everything).not.toContain(CANARY);
  });

  it('with --url, signs out only the site it names, when several sites hold the auth cookie', async () => {
    const before = await ws.writeJar([...chunkedAuthCookie('.AspNetCore.Cookies', 1), ...chunkedAuthCookie('.AspNetCore.Cookies', 1, 'app.example')]);
    const ambiguous = await ws.run('Invoke-KrCookieSignOut');
    expect(ambiguous.result.exitCode).toBe(2);
    expect(ambiguous.result.errors[0].errorId).toBe('AmbiguousRequestUrl,Invoke-KrCookieSignOut');
    expect(await ws.readJar()).toBe(before);

    const ran = await ws.run('Invoke-KrCookieSignOut', { settings: { url: 'http://app.example/' } });
    expect(ran.result.exitCode).toBe(0);
    const after = await ws.readJar();
    expect(after).not.toContain('app.example');
    expect(after.match(/127\.0\.0\.1/g)).toHaveLength(2);
    expect(reportOf(ran)).toMatchObject({ url: 'http://app.example/', kept: 2 });
  });

  it('signs out a named scheme by its default cookie name and leaves the Cookies scheme alone', async () => {
    await ws.writeJar([...chunkedAuthCookie('.AspNetCore.MyCookieScheme', 1), ...chunkedAuthCookie('.AspNetCore.Cookies', 1)]);
    const ran = await ws.run("Invoke-KrCookieSignOut -Scheme 'MyCookieScheme' -Debug");
    expect(ran.result.exitCode).toBe(0);
    const after = await ws.readJar();
    expect(after).not.toContain('MyCookieScheme');
    expect(after).toContain('.AspNetCore.CookiesC1');
    expect(ran.everything).not.toContain(CANARY);
  });

  it('warns when the deletion misses: the app set its cookie under /app, the scheme says path /', async () => {
    const underApp = chunkedAuthCookie('.AspNetCore.Cookies', 1).map((c) => ({ ...c, path: '/app' }));
    const before = await ws.writeJar([...underApp, ...OTHER_COOKIES]);
    const ran = await ws.run('Invoke-KrCookieSignOut', { settings: { url: 'http://127.0.0.1/app/home' } });
    expect(ran.result.exitCode).toBe(0);
    // the jar does what a browser does with `path=/` deletions: keeps the /app cookies
    expect(await ws.readJar()).toBe(before);
    expect(ran.result.warnings).toEqual(
      ['.AspNetCore.Cookies', '.AspNetCore.CookiesC1'].map(
        (name) =>
          `The jar's '${name}' (127.0.0.1, path /app) was sent, but the sign-out deletes it with path=/, which does not match it, ` +
          "so the jar keeps it. Give the 'Cookies' scheme the path (and domain) the app sets its cookie with, in kr.config.json.",
      ),
    );
    expect(formatOutputObject(ran.result.output[0])).toEqual([
      "Signed out of 'Cookies' on 127.0.0.1: removed no cookie; the jar keeps .AspNetCore.Cookies, .AspNetCore.CookiesC1 (see the warning)",
    ]);
    expect(ran.everything).not.toContain(CANARY);

    // configured as the app is, the same sign-out removes them and warns about nothing
    await ws.writeConfig({ schemes: { Cookies: { kind: 'Cookies', path: '/app' } } });
    const fixed = await ws.run('Invoke-KrCookieSignOut', { settings: { url: 'http://127.0.0.1/app/home' } });
    expect(fixed.result.warnings).toEqual([]);
    expect(await ws.readJar()).not.toContain('.AspNetCore.Cookies');
  });

  it('when not signed in: changes nothing, says so on the information stream, exits 0', async () => {
    const before = await ws.writeJar(OTHER_COOKIES);
    const ran = await ws.run('Invoke-KrCookieSignOut');
    expect(ran.result.exitCode).toBe(0);
    expect(await ws.readJar()).toBe(before);
    expect(ran.result.information.join('\n')).toMatch(/^Not signed in to 'Cookies' on /);
    expect(reportOf(ran)).toMatchObject({ signedOut: [], removed: [], authenticated: false, kept: 3 });
    // said once, on the information stream, not repeated by the report's summary
    expect(formatOutputObject(ran.result.output[0]).join('\n')).not.toMatch(/Not signed in/);
  });

  it('warns about jar lines it cannot read, with their line numbers, and keeps them byte for byte', async () => {
    const good = netscapeJar([...chunkedAuthCookie('.AspNetCore.Cookies', 1), ...OTHER_COOKIES]);
    const broken = `${good}127.0.0.1\tFALSE\t/\tFALSE\n\u0000\u0001garbage ${CANARY}\n`;
    await writeFile(ws.jar, broken);
    const ran = await ws.run('Invoke-KrCookieSignOut');
    expect(ran.result.exitCode).toBe(0);
    const brokenLines = broken.split('\n').length - 2;
    expect(ran.result.warnings.join('\n')).toContain(`jar.txt:${brokenLines}: expected 7 TAB-separated fields, found 4`);
    expect(ran.result.warnings.join('\n')).toContain(`jar.txt:${brokenLines + 1}:`);
    const after = await ws.readJar();
    expect(after).not.toContain('.AspNetCore.CookiesC1');
    expect(after.endsWith(`127.0.0.1\tFALSE\t/\tFALSE\n\u0000\u0001garbage ${CANARY}\n`)).toBe(true);
    expect(ran.result.warnings.join('\n')).not.toContain(CANARY);
  });

  it('treats an auth cookie with a missing chunk as not signed in', async () => {
    const before = await ws.writeJar(chunkedAuthCookie('.AspNetCore.Cookies', 3).filter((c) => !c.name.endsWith('C2')));
    const ran = await ws.run('Invoke-KrCookieSignOut');
    expect(ran.result.exitCode).toBe(0);
    expect(await ws.readJar()).toBe(before);
  });

  it('-Redirect answers 302 to the configured LoginPath', async () => {
    await signedIn();
    await ws.writeConfig({ schemes: { Cookies: { kind: 'Cookies', loginPath: '/Account/Login' } } });
    const ran = await ws.run('Invoke-KrCookieSignOut -Redirect', { settings: { config: ws.config } });
    expect(ran.result.exitCode).toBe(0);
    expect(reportOf(ran).response).toMatchObject({ status: 302, location: '/Account/Login' });
    expect(formatOutputObject(ran.result.output[0])).toContain('Redirect: 302 -> /Account/Login');
  });

  it("-Redirect answers 302 to '/' when no LoginPath is configured, signed in or not", async () => {
    await ws.writeJar(OTHER_COOKIES);
    const ran = await ws.run('Invoke-KrCookieSignOut -Redirect');
    expect(ran.result.exitCode).toBe(0);
    expect(reportOf(ran).response).toMatchObject({ status: 302, location: '/' });
  });

  it("-Redirect on a scheme that is not a registered cookie scheme answers 400 and fails (exit 1)", async () => {
    const before = await signedIn();
    await ws.writeConfig({ schemes: { Cookies: { kind: 'Cookies' } } });
    const ran = await ws.run("Invoke-KrCookieSignOut -Scheme 'Nope' -Redirect", { settings: { config: ws.config } });
    expect(ran.result.exitCode).toBe(1);
    expect(reportOf(ran).response).toMatchObject({ status: 400, location: null });
    expect(ran.result.errors.map((e) => [e.errorId, e.message])).toEqual([
      ['AuthenticationSchemeNotFound,Invoke-KrCookieSignOut', "Authentication scheme 'Nope' not found."],
    ]);
    expect(await ws.readJar()).toBe(before);
  });

  it("an unknown scheme with a config present fails with ASP.NET's message (exit 1), jar intact", async () => {
    const before = await signedIn();
    await ws.writeConfig({ schemes: { Cookies: { kind: 'Cookies' } } });
    const ran = await ws.run("Invoke-KrCookieSignOut -Scheme 'Nope'", { settings: { config: ws.config } });
    expect(ran.result.exitCode).toBe(1);
    expect(ran.result.errors[0].message).toBe(
      `No sign-out authentication handler is registered for the scheme 'Nope'. The registered sign-out schemes are: Cookies. Did you forget to call AddAuthentication().AddCookie("Nope",...)?`,
    );
    expect(await ws.readJar()).toBe(before);
  });

  it('an invalid config fails before ShouldProcess: no What if line, no prompt, exit 2, error names file and field', async () => {
    const before = await ws.writeJar(chunkedAuthCookie('.AspNetCore.Cookies', 1));
    await ws.writeConfig({ schemes: { Cookies: { kind: 'Cookie' } } });
    const ran = await ws.run('Invoke-KrCookieSignOut -WhatIf');
    expect(ran.result.exitCode).toBe(2);
    expect(ran.result.whatIf).toEqual([]);
    expect(ran.result.errors[0].errorId).toBe('ConfigInvalid,Invoke-KrCookieSignOut');
    expect(ran.result.errors[0].message).toContain('schemes.Cookies.kind');
    // the config file's position is named, but not marked under the command text
    const shown = ran.host.lines.filter((l) => l.stream === 'error').map((l) => l.text);
    expect(shown.join('\n')).toMatch(/At .*kr\.config\.json:\d+ char:\d+/);
    expect(shown.some((l) => l.startsWith('+ Invoke-KrCookieSignOut'))).toBe(false);
    expect(await ws.readJar()).toBe(before);
  });

  it("-Properties become AuthenticationProperties items; '.redirect' sets the redirect", async () => {
    await signedIn();
    const ran = await ws.run("Invoke-KrCookieSignOut -Properties @{ '.redirect' = '/goodbye'; reason = 'ci'; n = 3 }");
    expect(ran.result.exitCode).toBe(0);
    expect(reportOf(ran)).toMatchObject({ signedOut: ['Cookies'], response: { status: 302, location: '/goodbye' } });
  });

  it('-Properties without .redirect sign out without a redirect', async () => {
    await signedIn();
    const ran = await ws.run("Invoke-KrCookieSignOut -Properties @{ reason = 'ci' }");
    expect(reportOf(ran)).toMatchObject({ signedOut: ['Cookies'], response: { status: 200, location: null } });
  });

  it.each([
    ["-RedirectUri '//evil.example/x'", '-RedirectUri'],
    ["-RedirectUri '/\\evil.example'", '-RedirectUri'],
    ["-RedirectUri 'javascript:alert(1)'", '-RedirectUri'],
    ['-RedirectUri "/x`r`nSet-Cookie: a=b"', '-RedirectUri'],
    ["-RedirectUri 'relative/path'", '-RedirectUri'],
    ["-Properties @{ '.redirect' = '//evil.example' }", "-Properties '.redirect'"],
  ])('refuses the unsafe redirect %s (UnsafeRedirectUri, exit 2, nothing changed)', async (args, parameter) => {
    const before = await signedIn();
    const ran = await ws.run(`Invoke-KrCookieSignOut ${args}`);
    expect(ran.result.exitCode).toBe(2);
    expect(ran.result.errors[0].errorId).toBe('UnsafeRedirectUri,Invoke-KrCookieSignOut');
    expect(ran.result.errors[0].message).toContain(`as ${parameter}:`);
    expect(ran.result.errors[0].message).not.toMatch(/[\r\n]/);
    expect(await ws.readJar()).toBe(before);
  });

  it('accepts absolute http(s) redirect targets', async () => {
    await ws.writeJar([...chunkedAuthCookie('.AspNetCore.Cookies.github', 1)]);
    const ran = await ws.run("Invoke-KrCookieSignOut -Scheme github -AuthKind OAuth2 -RedirectUri 'https://app.example/bye'");
    expect(ran.result.exitCode).toBe(0);
    expect(reportOf(ran).response).toMatchObject({ status: 302, location: 'https://app.example/bye' });
  });

  it('-R is ambiguous between -Redirect and -RedirectUri, as in PowerShell', async () => {
    const ran = await ws.run('Invoke-KrCookieSignOut -R');
    expect(ran.result.exitCode).toBe(2);
    expect(ran.result.errors[0].message).toBe(
      "Parameter cannot be processed because the parameter name 'R' is ambiguous. Possible matches include: -Redirect -RedirectUri.",
    );
  });
});

describe('Invoke-KrCookieSignOut -WhatIf and -Confirm', () => {
  it('-WhatIf leaves the jar byte-identical and says what would be removed and where it would redirect', async () => {
    await signedIn();
    const before = await readFile(ws.jar);
    const ran = await ws.run('Invoke-KrCookieSignOut -WhatIf -Redirect');
    expect(ran.result.exitCode).toBe(0);
    expect((await readFile(ws.jar)).equals(before)).toBe(true);
    expect(ran.result.whatIf).toEqual(['What if: Performing the operation "SignOut" on target "Cookies".']);
    const report = reportOf(ran);
    expect(report).toMatchObject({ whatIf: true, signedOut: ['Cookies'], response: { status: 302, location: '/' } });
    expect((report.removed as unknown[]).length).toBe(3);
    expect(formatOutputObject(ran.result.output[0])).toEqual([
      "What if: signing out of 'Cookies' on 127.0.0.1 would remove .AspNetCore.Cookies (+2 chunks)",
      'What if: Redirect: 302 -> /',
    ]);
    expect(ran.everything).not.toContain(CANARY);
  });

  it('$WhatIfPreference previews too', async () => {
    await signedIn();
    const before = await ws.readJar();
    const ran = await ws.run('$WhatIfPreference = $true; Invoke-KrCookieSignOut');
    expect(reportOf(ran).whatIf).toBe(true);
    expect(await ws.readJar()).toBe(before);
  });

  it('-WhatIf works with no jar file (the built-in default) and no config: nothing is created', async () => {
    const ran = await ws.run('Invoke-KrCookieSignOut -WhatIf', { settings: { jar: undefined } });
    expect(ran.result.exitCode).toBe(0);
    expect(reportOf(ran)).toMatchObject({ whatIf: true, removed: [], url: 'http://localhost/' });
    const defaultJar = join(ws.dir, '.kr', 'cookies.txt');
    expect(ran.everything).toContain(`kr's default jar '${defaultJar}' does not exist`);
    await expect(readFile(defaultJar)).rejects.toThrow(/ENOENT/);
  });

  it('an explicit jar that does not exist is JarNotFound, exit 1, with and without -WhatIf; nothing is created', async () => {
    for (const code of ['Invoke-KrCookieSignOut -WhatIf', 'Invoke-KrCookieSignOut -Confirm:$false']) {
      const ran = await ws.run(code);
      expect(ran.result.exitCode).toBe(1);
      expect(ran.result.errors[0]).toMatchObject({ errorId: 'JarNotFound,Invoke-KrCookieSignOut' });
      expect(ran.result.output).toEqual([]);
      await expect(readFile(ws.jar)).rejects.toThrow(/ENOENT/);
    }
    const viaEnv = await ws.run('Invoke-KrCookieSignOut', { settings: { jar: undefined }, env: { KR_COOKIE_JAR: ws.jar } });
    expect(viaEnv.result.errors[0].message).toContain('(from KR_COOKIE_JAR)');
  });

  it('-Confirm answered No changes nothing and writes no report', async () => {
    const before = await signedIn();
    const ran = await ws.run('Invoke-KrCookieSignOut -Confirm', { answers: ['n'] });
    expect(ran.result.exitCode).toBe(0);
    expect(ran.host.prompts[0].message).toBe('Are you sure you want to perform this action?\nPerforming the operation "SignOut" on target "Cookies".');
    expect(ran.result.output).toEqual([]);
    expect(await ws.readJar()).toBe(before);
  });

  it('-Confirm answered Yes signs out', async () => {
    await signedIn();
    const ran = await ws.run('Invoke-KrCookieSignOut -Confirm', { answers: ['y'] });
    expect(reportOf(ran).signedOut).toEqual(['Cookies']);
    expect(await ws.readJar()).not.toContain('.AspNetCore.Cookies\tchunks');
  });

  it('-Confirm without an interactive host fails with exit 3 and changes nothing', async () => {
    const before = await signedIn();
    const ran = await ws.run('Invoke-KrCookieSignOut -Confirm', { interactive: false });
    expect(ran.result.exitCode).toBe(3);
    expect(await ws.readJar()).toBe(before);
  });
});

describe('Invoke-KrCookieSignOut -AuthKind OAuth2 (no provider)', () => {
  it('signs out the linked cookie scheme and answers 302 with Location = -RedirectUri', async () => {
    await ws.writeJar([...chunkedAuthCookie('.AspNetCore.Cookies.github', 2), ...OTHER_COOKIES]);
    await ws.writeConfig({ url: 'http://127.0.0.1/', schemes: { github: { kind: 'OAuth2', clientId: 'abc' } } });
    const ran = await ws.run("Invoke-KrCookieSignOut -Scheme 'github' -AuthKind OAuth2 -RedirectUri '/bye'", {
      settings: { config: ws.config },
    });
    expect(ran.result.exitCode).toBe(0);
    expect(reportOf(ran)).toMatchObject({
      signedOut: ['Cookies.github'],
      response: { status: 302, location: '/bye' },
      authenticated: true,
      revoked: [],
    });
    expect(await ws.readJar()).not.toContain('Cookies.github');
  });

  it("uses the '.redirect' property when -RedirectUri is not given", async () => {
    await ws.writeJar(chunkedAuthCookie('.AspNetCore.Cookies.github', 1));
    const ran = await ws.run("Invoke-KrCookieSignOut github OAuth2 -Properties @{ '.redirect' = '/from-props' }");
    expect(reportOf(ran).response).toMatchObject({ status: 302, location: '/from-props' });
  });

  it('an OAuth2 scheme missing from the config fails with exit 1', async () => {
    const before = await ws.writeJar(chunkedAuthCookie('.AspNetCore.Cookies.github', 1));
    await ws.writeConfig({ schemes: { Cookies: { kind: 'Cookies' } } });
    const ran = await ws.run('Invoke-KrCookieSignOut -Scheme github -AuthKind OAuth2', { settings: { config: ws.config } });
    expect(ran.result.exitCode).toBe(1);
    expect(ran.result.errors[0].errorId).toBe('SignOutSchemeNotFound,Invoke-KrCookieSignOut');
    expect(await ws.readJar()).toBe(before);
  });
});

// Kestrun's cmdlet is a PowerShell advanced function: its [string] parameters turn $null into ''
// (a compiled cmdlet would keep null; test/acceptance/powershell.test.ts has one of those).
describe('$null for the [string] parameters, as the advanced function binds it', () => {
  it("-Scheme $null is the scheme '' (not the default): What if names it, and no server registers it", async () => {
    const before = await signedIn();
    const ran = await ws.run('Invoke-KrCookieSignOut -Scheme $null -WhatIf');
    expect(ran.result.whatIf).toEqual(['What if: Performing the operation "SignOut" on target "".']);
    expect(ran.result.exitCode).toBe(1);
    expect(ran.result.errors[0].errorId).toBe('SignOutSchemeNotFound,Invoke-KrCookieSignOut');
    const redirect = await ws.run("Invoke-KrCookieSignOut -Scheme '' -Redirect");
    expect(redirect.result.errors[0]).toMatchObject({ errorId: 'AuthenticationSchemeNotFound,Invoke-KrCookieSignOut', message: "Authentication scheme '' not found." });
    expect(await ws.readJar()).toBe(before);
  });

  it("-RedirectUri $null (and '') is no redirect target: the default '/' applies", async () => {
    await signedIn();
    for (const value of ['$null', "''"]) {
      const ran = await ws.run(`Invoke-KrCookieSignOut -AuthKind OAuth2 -Scheme api -RedirectUri ${value} -WhatIf`);
      expect([value, ran.result.exitCode]).toEqual([value, 0]);
      expect(reportOf(ran)).toMatchObject({ response: { status: 302, location: '/' } });
    }
  });

  it('an array for a [string] parameter is refused, as an advanced function refuses it (never joined, never a silent sign-out)', async () => {
    await signedIn();
    const before = await ws.readJar();
    for (const code of ["Invoke-KrCookieSignOut -Scheme 'My',App -WhatIf", 'Invoke-KrCookieSignOut -Scheme a, -WhatIf', 'Invoke-KrCookieSignOut -AuthKind Oidc,Cookies']) {
      const ran = await ws.run(code);
      expect(ran.result.exitCode).toBe(2);
      expect(ran.result.whatIf).toEqual([]);
      expect(ran.result.errors[0]).toMatchObject({ errorId: 'ParameterArgumentTransformationError,Invoke-KrCookieSignOut' });
      expect(ran.result.errors[0].message).toMatch(/^Cannot process argument transformation on parameter '(Scheme|AuthKind)'\. Cannot convert value to type System\.String\.$/);
    }
    expect(await ws.readJar()).toBe(before);
  });

  it('a switch given a string is the advanced-function message', async () => {
    const ran = await ws.run("Invoke-KrCookieSignOut -Redirect:'yes' -WhatIf");
    expect(ran.result.errors[0]).toMatchObject({
      errorId: 'ParameterArgumentTransformationError,Invoke-KrCookieSignOut',
      message:
        "Cannot process argument transformation on parameter 'Redirect'. Cannot convert value \"yes\" to type \"System.Boolean\". Boolean parameters accept only Boolean values and numbers, such as $True, $False, 1 or 0.",
    });
  });

  it('-AuthKind $null is the argument "" for ValidateSet', async () => {
    const ran = await ws.run('Invoke-KrCookieSignOut -AuthKind $null');
    expect(ran.result.errors[0]).toMatchObject({
      errorId: 'ParameterArgumentValidationError,Invoke-KrCookieSignOut',
      message:
        'Cannot validate argument on parameter \'AuthKind\'. The argument "" does not belong to the set "Cookies,OAuth2,Oidc" specified by the ValidateSet attribute. Supply an argument that is in the set and then try the command again.',
    });
  });
});
