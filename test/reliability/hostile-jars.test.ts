// Jars and config files kr did not write: garbage, NUL bytes, invalid UTF-8, a 1 MB line,
// a million lines, wrong JSON types. kr must say clearly what it skipped or why it stops,
// and never lose a byte it was not asked to remove.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, krEnv, runKr } from './kr-process.js';

let dir: string;
beforeAll(async () => {
  ensureBuilt();
  dir = await mkdtemp(join(tmpdir(), 'kr-rel-hostile-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SITE = 'http://127.0.0.1/';
const AUTH: readonly Buffer[] = [
  Buffer.from('#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\t.AspNetCore.Cookies\tchunks-2\n'),
  Buffer.from('#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\t.AspNetCore.CookiesC1\tHOSTILE-CANARY-1\n'),
  Buffer.from('#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\t.AspNetCore.CookiesC2\tHOSTILE-CANARY-2\n'),
];
const KEEP = Buffer.from('127.0.0.1\tFALSE\t/\tFALSE\t0\ttheme\tdark\n');

/** mulberry32 bytes: the same garbage every run. */
function garbage(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return out;
}

/** Writes `parts` as the jar, signs out, and checks the file is the input minus the auth lines. (kr's host writes warnings to stdout, as pwsh does.) */
async function signOutKeepsTheRest(name: string, parts: readonly Buffer[]): Promise<{ stdout: string; stderr: string }> {
  const path = join(dir, name);
  await writeFile(path, Buffer.concat(parts));
  const run = await runKr(['--jar', path, '--url', SITE, 'Invoke-KrCookieSignOut'], { cwd: dir, env: krEnv(dir), timeoutMs: 120_000 });
  expect({ status: run.status, stderr: run.stderr.includes('HOSTILE-CANARY') }).toEqual({ status: 0, stderr: false });
  expect(run.stdout).toMatch(/removed \.AspNetCore\.Cookies \(\+2 chunks\)/);
  const expected = Buffer.concat(parts.filter((p) => !AUTH.includes(p)));
  expect((await readFile(path)).equals(expected)).toBe(true);
  return run;
}

const HEADER = Buffer.from('# Netscape HTTP Cookie File\n\n');

test('random garbage around the cookies: warnings with line numbers, every garbage byte kept', async () => {
  const parts = [HEADER, garbage(20_000, 1), Buffer.from('\n'), AUTH[0], KEEP, garbage(20_000, 2), Buffer.from('\n'), AUTH[1], AUTH[2], garbage(5_000, 3)];
  const run = await signOutKeepsTheRest('garbage.txt', parts);
  expect(run.stdout).toMatch(/WARNING: .*garbage\.txt:\d+: .*kept unchanged/);
});

test('NUL bytes and invalid UTF-8 in cookie lines: named, kept byte for byte', async () => {
  const nul = Buffer.from('127.0.0.1\tFALSE\t/\tFALSE\t0\tnul\ta\u0000b\n', 'latin1');
  const badUtf8 = Buffer.concat([Buffer.from('127.0.0.1\tFALSE\t/\tFALSE\t0\tbad\t'), Buffer.from([0xc3, 0x28, 0xff, 0x0a])]);
  const run = await signOutKeepsTheRest('bytes.txt', [HEADER, nul, AUTH[0], badUtf8, AUTH[1], KEEP, AUTH[2]]);
  expect(run.stdout).toContain('bytes.txt:3: line contains NUL bytes; kept unchanged');
  expect(run.stdout).toContain('bytes.txt:5: line is not valid UTF-8; kept unchanged');
});

test('a 1 MB line: a warning, the line kept', async () => {
  const long = Buffer.from(`127.0.0.1\tFALSE\t/\tFALSE\t0\thuge\t${'x'.repeat(1024 * 1024)}\n`);
  const run = await signOutKeepsTheRest('long.txt', [HEADER, AUTH[0], long, AUTH[1], AUTH[2], KEEP]);
  expect(run.stdout).toMatch(/long\.txt:4: .*too long.*kept unchanged/);
});

test('1,000,000 lines: the three auth lines go, the other 999,997 stay', async () => {
  const lines: string[] = [];
  for (let i = 0; i < 1_000_000 - 5; i++) {
    lines.push(i % 4 === 0 ? `# comment ${i}` : `h${i % 5000}.kr-test\tFALSE\t/\tFALSE\t0\tc${i}\tv${i}`);
  }
  const first = Buffer.from(`${lines.slice(0, 500_000).join('\n')}\n`);
  const second = Buffer.from(`${lines.slice(500_000).join('\n')}\n`);
  const run = await signOutKeepsTheRest('million.txt', [HEADER, first, AUTH[0], AUTH[1], second, AUTH[2]]);
  expect(run.stdout).not.toContain('WARNING');
  expect(run.stderr).toBe('');
}, 180_000);

test('a file with no cookie at all: nothing removed, nothing written', async () => {
  const path = join(dir, 'binary.txt');
  const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), garbage(4096, 9)]);
  await writeFile(path, bytes);
  const run = await runKr(['--jar', path, '--url', SITE, 'Invoke-KrCookieSignOut'], { cwd: dir, env: krEnv(dir) });
  expect(run.status).toBe(0);
  expect(run.stdout + run.stderr).toMatch(/Not signed in/);
  expect((await readFile(path)).equals(bytes)).toBe(true);
});

test('a broken tough-cookie JSON jar and a folder as the jar: JarUnreadable, exit 1, file untouched', async () => {
  const path = join(dir, 'broken.json');
  await writeFile(path, '{"cookies": [ {"key": "a", ');
  const broken = await runKr(['--json', '--jar', path, '--url', SITE, 'Invoke-KrCookieSignOut'], { cwd: dir, env: krEnv(dir) });
  const doc = JSON.parse(broken.stdout) as { errors: { errorId: string; message: string }[]; exitCode: number };
  expect(doc.exitCode).toBe(1);
  expect(doc.errors[0].errorId).toMatch(/^JarUnreadable/);
  expect(await readFile(path, 'utf8')).toBe('{"cookies": [ {"key": "a", ');

  await mkdir(join(dir, 'folder.txt'));
  const folder = await runKr(['--jar', join(dir, 'folder.txt'), '--url', SITE, 'Invoke-KrCookieSignOut'], { cwd: dir, env: krEnv(dir) });
  expect(folder.status).toBe(1);
  expect(folder.stderr).toMatch(/folder\.txt.*directory/);
});

describe('config files with wrong types: ConfigInvalid (exit 2) naming the field, the jar untouched', () => {
  const cases: [string, unknown, RegExp][] = [
    ['url is a number', { url: 42 }, /url: expected an absolute http or https URL, got a number/],
    ['schemes is an array', { schemes: [] }, /schemes: expected an object/],
    ['kind is unknown', { schemes: { Cookies: { kind: 'Basic' } } }, /schemes\.Cookies\.kind/],
    ['httpOnly is a string', { schemes: { Cookies: { kind: 'Cookies', httpOnly: 'yes' } } }, /schemes\.Cookies\.httpOnly: expected true or false/],
    ['loginPath is an array', { schemes: { Cookies: { kind: 'Cookies', loginPath: ['/x'] } } }, /schemes\.Cookies\.loginPath/],
    ['an unknown field', { schemes: { Cookies: { kind: 'Cookies', cookiName: 'x' } } }, /cookiName/],
    ['the root is a string', 'Cookies', /\(root\): expected a JSON object, got a string/],
  ];
  test.each(cases)('%s', async (_title, config, message) => {
    const jar = join(dir, 'config-jar.txt');
    const text = Buffer.concat([HEADER, ...AUTH, KEEP]);
    await writeFile(jar, text);
    const configPath = join(dir, 'kr.config.json');
    await writeFile(configPath, JSON.stringify(config));
    const run = await runKr(['--json', '--config', configPath, '--jar', jar, '--url', SITE, 'Invoke-KrCookieSignOut'], { cwd: dir, env: krEnv(dir) });
    const doc = JSON.parse(run.stdout) as { errors: { errorId: string; message: string }[]; exitCode: number };
    expect(run.status).toBe(2);
    expect(doc.errors.map((e) => e.errorId.split(',')[0])).toEqual(['ConfigInvalid']);
    expect(doc.errors[0].message).toMatch(message);
    expect(doc.errors[0].message).toContain('kr.config.json:1:');
    expect((await readFile(jar)).equals(text)).toBe(true);
  });
});
