// Regression tests for the outside attack of issue 10, one per numbered break: hangs and
// runaway resources (FIFOs and devices, lock states, quadratic HTML, unbounded bodies, timer
// range, deep nesting), lost data (token store races, symlinks, signals, file modes) and
// leaks (secrets in error texts, an open redirect through a tab, the shell history).

import { execFileSync, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, statSync } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { firstForm, pageText } from '../../src/agent/auto-form.js';
import { isLocalUrl } from '../../src/aspnet/cookie-handler.js';
import { followSignOut } from '../../src/agent/follow.js';
import { TokenStore } from '../../src/aspnet/token-store.js';
import { withJarSession } from '../../src/jar/index.js';
import { acquireJarLock } from '../../src/jar/file.js';
import { SecretSet } from '../../src/params/secrets.js';
import { invokeKrCookieSignOutDeclaration } from '../../src/cmdlets/sign-out-declaration.js';
import { MASK, maskSecrets } from '../../src/shell/history.js';
import { ensureBuilt, krBin, krEnv, runKr } from './kr-process.js';

let dir: string;
beforeAll(() => ensureBuilt());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kr-attack-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const AUTH_LINE = '#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\t.AspNetCore.Cookies\tAUTH-SECRET-VALUE-1\n';
const KEEP_LINE = '127.0.0.1\tFALSE\t/\tFALSE\t0\ttheme\tdark\n';

function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server })));
}
const close = (server: Server) => new Promise<void>((resolve) => {
  server.closeAllConnections();
  server.close(() => resolve());
});

describe('1. files that are no regular file, or too large', () => {
  it('a FIFO as --jar, --config or --tokens is refused at once, never waited on', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await writeFile(join(dir, 'jar.txt'), AUTH_LINE);
    const cases: [string[], string][] = [
      [['--jar', fifo, 'Invoke-KrCookieSignOut'], 'JarUnreadable'],
      [['--jar', 'jar.txt', '--config', fifo, 'Invoke-KrCookieSignOut'], 'ConfigUnreadable'],
      [['--jar', 'jar.txt', '--tokens', fifo, '--url', 'http://127.0.0.1/', 'Invoke-KrCookieSignOut', '-AuthKind', 'Oidc', '-Scheme', 'oidc'], 'TokenStoreUnreadable'],
    ];
    for (const [args, id] of cases) {
      const ran = await runKr(['--json', ...args], { cwd: dir, env: krEnv(dir), timeoutMs: 15_000 });
      expect(ran.signal).toBeNull();
      expect(ran.status).toBe(1);
      const ids = (JSON.parse(ran.stdout) as { errors: { errorId: string }[] }).errors.map((e) => e.errorId.split(',')[0]);
      // an Oidc sign-out without a config stops at the missing scheme; the store is read first for its secrets
      if (id === 'TokenStoreUnreadable') expect(ran.stdout).not.toContain('Maximum call stack');
      else expect(ids).toContain(id);
    }
  });

  it('/dev/zero as --config is ConfigUnreadable, and a config past 1 MiB says so', async () => {
    const zero = await runKr(['--json', '--config', '/dev/zero', 'Invoke-KrCookieSignOut', '-WhatIf'], { cwd: dir, env: krEnv(dir), timeoutMs: 15_000 });
    expect(zero.status).toBe(1);
    expect(zero.stdout).toContain('ConfigUnreadable');
    expect(zero.stdout).toContain('not a regular file');
    const big = join(dir, 'big.json');
    await writeFile(big, `{"schemes":{},"x":"${'a'.repeat(1024 * 1024)}"}`);
    const ran = await runKr(['--json', '--config', big, 'Invoke-KrCookieSignOut', '-WhatIf'], { cwd: dir, env: krEnv(dir) });
    expect(ran.status).toBe(1);
    expect(ran.stdout).toContain('larger than 1048576 bytes');
  });

  it('a token store that is a FIFO is TokenStoreUnreadable in-process too', async () => {
    const fifo = join(dir, 'tokens.json');
    execFileSync('mkfifo', [fifo]);
    await expect(TokenStore.open(fifo)).rejects.toMatchObject({ errorId: 'TokenStoreUnreadable' });
  });
});

describe('2. the jar lock honours its timeout in every state, without spinning', () => {
  // in a fresh process: the CPU time of this test worker also counts its garbage collector's
  // threads, still busy with earlier test files' garbage
  const fileModule = join(dirname(krBin), '..', 'src', 'jar', 'file.js');
  async function timesOutQuietly(jar: string): Promise<void> {
    ensureBuilt();
    const script = `const { acquireJarLock } = await import(${JSON.stringify(pathToFileURL(fileModule).href)});
const cpu = process.cpuUsage();
let id;
try { await acquireJarLock(${JSON.stringify(jar)}, 600); } catch (error) { id = error.errorId; }
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ id, ms: (used.user + used.system) / 1000 }));`;
    const ran = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    const { id, ms } = JSON.parse(ran) as { id: string; ms: number };
    expect(id).toBe('JarLocked');
    // a busy loop would burn the whole 600 ms; backing off costs a few ms
    expect(ms).toBeLessThan(300);
  }

  it('a dangling symlink as the lock', async () => {
    const jar = join(dir, 'jar.txt');
    await symlink(join(dir, 'nowhere'), `${jar}.lock`);
    await timesOutQuietly(jar);
  });

  it('a directory as the lock, older than the stale age', async () => {
    const jar = join(dir, 'jar.txt');
    await mkdir(`${jar}.lock`);
    const old = new Date(Date.now() - 3600_000);
    await utimes(`${jar}.lock`, old, old);
    await timesOutQuietly(jar);
  });

  it('a stale lock with a leftover .lock.break directory', async () => {
    const jar = join(dir, 'jar.txt');
    await writeFile(`${jar}.lock`, `999999\n${(await import('node:os')).hostname()}\n0\n`);
    await mkdir(`${jar}.lock.break`);
    await timesOutQuietly(jar);
  });

  it('a stale lock with a fresh leftover .break file waits without spinning; an old one is recovered', async () => {
    const jar = join(dir, 'jar.txt');
    const { hostname } = await import('node:os');
    await writeFile(`${jar}.lock`, `999999\n${hostname()}\n0\n`);
    await writeFile(`${jar}.lock.break`, '');
    await timesOutQuietly(jar);
    const old = new Date(Date.now() - 3600_000);
    await utimes(`${jar}.lock.break`, old, old);
    const release = await acquireJarLock(jar, 2000);
    await release();
    expect(existsSync(`${jar}.lock.break`)).toBe(false);
  });
});

describe('3. HTML scanning is linear and abortable', () => {
  it.each([
    ['<form', 800_000],
    ['<!--', 800_000],
    ['<input ', 800_000],
    ['<a href="x" ', 400_000],
  ])('%s repeated (%i bytes) is scanned at once', (unit, size) => {
    const page = unit.repeat(Math.ceil(size / unit.length));
    expect(() => firstForm(page, new URL('http://127.0.0.1/'))).not.toThrow();
    expect(typeof pageText(page)).toBe('string');
  });

  it('an aborted signal stops the scan', () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    expect(() => firstForm('<p>x</p>'.repeat(10_000), new URL('http://127.0.0.1/'), controller.signal)).toThrow('stop');
  });

  it('forms are still read as before: hidden fields, a person\'s controls, controls outside naming the form', () => {
    const url = new URL('http://127.0.0.1/page');
    expect(firstForm('<!-- <form action="/no"> --><form method="post" action="/ok"><input type="hidden" name="a" value="1&amp;2"></form>', url)).toMatchObject({
      kind: 'auto-submit',
      method: 'POST',
      action: new URL('http://127.0.0.1/ok'),
    });
    // the outside button names the form (a lone "Yes": a confirmation); the <input> in the script is no control
    const confirm = firstForm('<form id="f"></form><button form="f" type="submit">Yes</button><script>"<input>"</script>', url);
    expect(confirm).toMatchObject({ kind: 'confirm', button: 'Yes' });
    const person = firstForm('<form id="f"></form><button form="f" type="submit">Maybe</button><script>"<input>"</script>', url);
    expect(person).toMatchObject({ kind: 'needs-person', controls: ['button'] });
    expect(firstForm('<form><input type="password" name="pw" value=">"></form>', url)).toMatchObject({ asksForPassword: true });
  });
});

describe('4. --follow streams bodies with a limit on the decoded size', () => {
  async function followTo(handler: Parameters<typeof createServer>[1], maxBodyBytes?: number) {
    const { url, server } = await listen(handler);
    try {
      const jarPath = join(dir, 'jar.txt');
      await writeFile(jarPath, KEEP_LINE);
      return await withJarSession(jarPath, (jar) => followSignOut({ jar, from: new URL(`${url}/`), location: '/page', maxBodyBytes }));
    } finally {
      await close(server);
    }
  }

  it('a page over the limit stops the hop with FollowBodyTooLarge', async () => {
    const outcome = await followTo((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    }, 1024 * 1024);
    expect(outcome.error?.errorId).toBe('FollowBodyTooLarge');
    expect(outcome.report.stoppedBecause).toBe('body-too-large');
  });

  it('a gzip bomb is stopped at the decoded limit (default 2 MiB)', async () => {
    const bomb = gzipSync(Buffer.alloc(256 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const before = process.memoryUsage().rss;
    const outcome = await followTo((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    expect(outcome.error?.errorId).toBe('FollowBodyTooLarge');
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });
});

describe('5. --timeout and --max-hops ranges', () => {
  it.each([['--timeout', '4294968'], ['--timeout', '2147484'], ['--max-hops', '100000']])('%s %s is kr\'s usage error, exit 2', async (option, value) => {
    const ran = await runKr(['--json', option, value, 'Invoke-KrCookieSignOut', '-WhatIf'], { cwd: dir, env: krEnv(dir) });
    expect(ran.status).toBe(2);
    expect(ran.stdout).toContain('expected at most');
    expect(ran.stdout + ran.stderr).not.toContain('out of range');
  });
});

describe('6. deep nesting is a named error, never a stack overflow', () => {
  it('@{a=...} 2,000 deep is NestingTooDeep (exit 2)', async () => {
    const deep = `${'@{a='.repeat(2000)}1${'}'.repeat(2000)}`;
    const ran = await runKr(['--json', '-c', `Invoke-KrCookieSignOut -WhatIf -Properties ${deep}`], { cwd: dir, env: krEnv(dir) });
    expect(ran.status).toBe(2);
    expect(ran.stdout).toContain('NestingTooDeep');
    expect(ran.stdout).not.toContain('UnhandledException');
  });

  it('a config 100,000 deep is ConfigInvalid naming the depth', async () => {
    const config = join(dir, 'deep.json');
    await writeFile(config, `{"schemes":{},"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const ran = await runKr(['--json', '--config', config, 'Invoke-KrCookieSignOut', '-WhatIf'], { cwd: dir, env: krEnv(dir) });
    expect(ran.status).toBe(2);
    expect(ran.stdout).toContain('ConfigInvalid');
    expect(ran.stdout).toContain('Nested more than 64 levels deep');
    expect(ran.stdout).not.toContain('UnhandledException');
  });
});

describe('7. the token store under parallel processes', () => {
  it('32 processes each removing its own entry and adding a pending logout: every change lands', async () => {
    const store = join(dir, 'tokens.json');
    const sessions: Record<string, Record<string, { id_token: string }>> = {};
    for (let k = 0; k < 32; k++) sessions[`http://site${k}.test`] = { oidc: { id_token: `token-${k}` } };
    await writeFile(store, JSON.stringify({ version: 1, sessions, pendingLogouts: {}, keep: { unknown: true } }));
    const script = `
      const { TokenStore } = await import(${JSON.stringify(join(krBin, '..', '..', 'src', 'aspnet', 'token-store.js'))});
      const k = Number(process.argv[1]);
      const store = await TokenStore.open(${JSON.stringify(store)});
      store.remove('oidc', 'http://site' + k + '.test');
      store.addPendingLogout('state-' + k, { scheme: 'oidc', origin: 'x', redirectUri: 'http://x/', postLogoutRedirectUri: 'http://x/cb' });
      await store.save();`;
    const exits = await Promise.all(
      Array.from({ length: 32 }, (_, k) => new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script, String(k)], { stdio: 'ignore' });
        child.on('close', resolve);
      })),
    );
    expect(exits).toEqual(Array(32).fill(0));
    const after = JSON.parse(await readFile(store, 'utf8')) as { sessions: object; pendingLogouts: object; keep: unknown };
    expect(after.sessions).toEqual({});
    expect(Object.keys(after.pendingLogouts)).toHaveLength(32);
    expect(after.keep).toEqual({ unknown: true });
    expect(existsSync(`${store}.lock`)).toBe(false);
  }, 60_000);
});

describe('8. the token store: symlinks, unknown fields, leftovers', () => {
  it('a symlinked store is written through to its target; unknown fields stay; kr\'s own temp files are cleaned', async () => {
    const real = join(dir, 'real', 'tokens.json');
    await mkdir(join(dir, 'real'));
    await writeFile(real, JSON.stringify({ version: 1, note: 'mine', sessions: { 'http://a.test': { oidc: { id_token: 'ID-TOKEN-1', custom: 7 } } } }));
    const link = join(dir, 'tokens.json');
    await symlink(real, link);
    await chmod(real, 0o640);
    await writeFile(join(dir, 'real', '.tokens.json.kr-tmp-1-abc'), 'LEFTOVER-TOKEN');
    const store = await TokenStore.open(link);
    store.set('oidc', 'http://a.test', { id_token: 'ID-TOKEN-2' });
    await store.save();
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    const written = JSON.parse(await readFile(real, 'utf8')) as { note: string; sessions: Record<string, Record<string, Record<string, unknown>>> };
    expect(written.note).toBe('mine');
    expect(written.sessions['http://a.test'].oidc).toMatchObject({ id_token: 'ID-TOKEN-2', custom: 7 });
    expect(await readdir(join(dir, 'real'))).toEqual(['tokens.json']);
    expect((await stat(real)).mode & 0o777).toBe(0o640);
  });

  it('a new store is created with mode 0600', async () => {
    const path = join(dir, 'new', 'tokens.json');
    const store = await TokenStore.open(path);
    store.set('oidc', 'http://a.test', { id_token: 'ID-TOKEN-3' });
    await store.save();
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });
});

describe('9. SIGTERM during --follow', () => {
  it('exits 143 with the local sign-out saved and no lock left', async () => {
    // the hop -Redirect makes is never answered: kr is stopped while it waits (an answered hop
    // would let kr finish first, and the signal would test nothing)
    const { url, server } = await listen(() => undefined);
    try {
      const jar = join(dir, 'jar.txt');
      await writeFile(jar, AUTH_LINE.replace('127.0.0.1', '127.0.0.1') + KEEP_LINE);
      const child = spawn(process.execPath, [krBin, '--follow', '--jar', jar, '--url', `${url}/`, 'Invoke-KrCookieSignOut', '-Redirect'], {
        env: krEnv(dir),
        stdio: 'ignore',
      });
      // the hop is under way once the server saw it
      await new Promise<void>((resolve) => server.once('request', () => resolve()));
      child.kill('SIGTERM');
      const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(status).toBe(143);
      expect(await readFile(jar, 'utf8')).toBe(KEEP_LINE);
      expect(existsSync(`${jar}.lock`)).toBe(false);
    } finally {
      await close(server);
    }
  });
});

describe('10. file modes', () => {
  it('a setgid jar keeps its mode whole after a rewrite', async () => {
    const jar = join(dir, 'jar.txt');
    await writeFile(jar, AUTH_LINE + KEEP_LINE);
    await chmod(jar, 0o2640);
    const before = statSync(jar).mode & 0o7777;
    const ran = await runKr(['--jar', jar, '--url', 'http://127.0.0.1/', 'Invoke-KrCookieSignOut'], { cwd: dir, env: krEnv(dir) });
    expect(ran.status).toBe(0);
    expect(await readFile(jar, 'utf8')).toBe(KEEP_LINE);
    expect(statSync(jar).mode & 0o7777).toBe(before);
  });

  it('a jar its owner made read-only (0444) is not replaced: JarWriteProtected, exit 1, unchanged', async () => {
    const jar = join(dir, 'jar.txt');
    await writeFile(jar, AUTH_LINE + KEEP_LINE);
    await chmod(jar, 0o444);
    const ran = await runKr(['--json', '--jar', jar, '--url', 'http://127.0.0.1/', 'Invoke-KrCookieSignOut'], { cwd: dir, env: krEnv(dir) });
    expect(ran.status).toBe(1);
    expect(ran.stdout).toContain('JarWriteProtected');
    expect(await readFile(jar, 'utf8')).toBe(AUTH_LINE + KEEP_LINE);
    expect(statSync(jar).mode & 0o777).toBe(0o444);
  });
});

describe('11. secrets never leave kr, in any encoding it produced', () => {
  it('a password in --url is not printed by the HTTP client\'s error', async () => {
    const jar = join(dir, 'jar.txt');
    await writeFile(jar, AUTH_LINE);
    const ran = await runKr(['--json', '--follow', '--jar', jar, '--url', 'http://user:PASSWORD-SECRET@127.0.0.1:9/', 'Invoke-KrCookieSignOut', '-Redirect'], {
      cwd: dir,
      env: krEnv(dir),
    });
    expect(ran.stdout + ran.stderr).not.toContain('PASSWORD-SECRET');
    expect(ran.stdout + ran.stderr).not.toContain('AUTH-SECRET-VALUE-1');
  });

  it('a cookie the server echoes into a redirect URL, and a later page quoting it, are masked', async () => {
    const { url, server } = await listen((req, res) => {
      const cookie = /SESSION=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? '';
      if (req.url?.startsWith('/Account/Login')) {
        res.writeHead(302, { location: `/echo?c=${encodeURIComponent(cookie)}` });
        return res.end();
      }
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end(`<p>bad session ${cookie} ${Buffer.from(cookie).toString('base64')}</p>`);
    });
    try {
      const jar = join(dir, 'jar.txt');
      await writeFile(jar, `${AUTH_LINE}127.0.0.1\tFALSE\t/\tFALSE\t0\tSESSION\tSESSION-SECRET-VALUE\n`);
      const ran = await runKr(['--json', '--follow', '--jar', jar, '--url', `${url}/`, 'Invoke-KrCookieSignOut', '-Redirect', '-Verbose'], { cwd: dir, env: krEnv(dir) });
      expect(ran.status).toBe(1);
      expect(ran.stdout).toContain('FollowErrorStatus');
      for (const secret of ['SESSION-SECRET-VALUE', Buffer.from('SESSION-SECRET-VALUE').toString('base64'), 'AUTH-SECRET-VALUE-1']) {
        expect(ran.stdout + ran.stderr).not.toContain(secret);
      }
    } finally {
      await close(server);
    }
  });

  it('the SecretSet masks raw, URL-encoded, form-encoded and base64 forms, and Basic credentials', () => {
    const secrets = new SecretSet();
    secrets.addBasic('app client', "s3cr3t!*'()");
    const forms = [
      "s3cr3t!*'()",
      encodeURIComponent("s3cr3t!*'()"),
      Buffer.from("app client:s3cr3t!*'()").toString('base64'),
      Buffer.from('app+client:s3cr3t%21%2A%27%28%29').toString('base64'),
    ];
    for (const form of forms) expect(secrets.scrub(`x ${form} y`)).toBe('x *** y');
  });
});

describe('12. open redirect through characters the URL parser drops', () => {
  it.each(['/\t/127.0.0.2:18080/evil', '/\\evil', '//evil', '/\r\n/evil', '/%09/x'.replace('%09', '\t')])('IsLocalUrl refuses %j', (value) => {
    expect(isLocalUrl(value)).toBe(false);
  });

  it('a ReturnUrl with an encoded tab is not followed to another host', async () => {
    const jar = join(dir, 'jar.txt');
    await writeFile(jar, AUTH_LINE);
    const ran = await runKr(['--json', '--jar', jar, '--url', 'http://127.0.0.1/Account/Logout?ReturnUrl=%2F%09%2F127.0.0.2:18080%2Fevil', 'Invoke-KrCookieSignOut'], {
      cwd: dir,
      env: krEnv(dir),
    });
    expect(ran.status).toBe(0);
    const report = (JSON.parse(ran.stdout) as { output: { response: { location: string | null; status: number } }[] }).output[0];
    expect(report.response.location).toBeNull();
    expect(isLocalUrl('/bye?x=1')).toBe(true);
  });
});

describe('13. the history masks -Properties', () => {
  it('values of -Properties are masked before they are saved', () => {
    const line = "Invoke-KrCookieSignOut -Properties @{ token = 'TOKEN-SECRET' } -WhatIf";
    const masked = maskSecrets(line, [{ declaration: invokeKrCookieSignOutDeclaration }]);
    expect(masked).not.toContain('TOKEN-SECRET');
    expect(masked).toContain(MASK);
  });
});
