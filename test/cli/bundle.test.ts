// The built executable (scripts/bundle-kr.mjs): dist/bin/kr.cjs runs the esbuild bundle from
// the V8 code cache the build made. That cache must be one this Node accepts, and runs under
// other Node flags (which V8 ties a cache to) must keep their own instead of overwriting it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { ensureBuilt, krBin } from '../shell/kr-process.js';

const binDir = dirname(krBin);
const caches = () => readdirSync(binDir).filter((name) => name.endsWith('.cache'));
const shipped = () => {
  const name = caches().find((n) => /^kr-bundle-[0-9a-f]+\.cache$/.test(n));
  if (name === undefined) throw new Error(`no shipped code cache in ${binDir}: ${caches().join(', ')}`);
  return join(binDir, name);
};

function runKr(nodeFlags: string[], args: string[], extraEnv: NodeJS.ProcessEnv = {}): number | null {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extraEnv };
  delete env.NODE_OPTIONS;
  delete env.KR_EXTRA_CMDLETS;
  return spawnSync(process.execPath, [...nodeFlags, krBin, ...args], { env, encoding: 'utf8' }).status;
}

beforeAll(() => ensureBuilt());

test('the shipped code cache is one this Node accepts for the bundle', () => {
  // the bundle is the loader's function, wrapper included, and pure ASCII (read as latin1)
  const source = readFileSync(join(binDir, 'kr-bundle.cjs'), 'latin1');
  expect(source.startsWith('(function (exports, require, module, __filename, __dirname, __krBundle) {')).toBe(true);
  expect([...readFileSync(join(binDir, 'kr-bundle.cjs'))].every((b) => b < 0x80)).toBe(true);
  const script = new Script(source, {
    filename: join(binDir, 'kr-bundle.cjs'),
    cachedData: readFileSync(shipped()),
  });
  expect(script.cachedDataRejected).toBe(false);
});

test('a run under other Node flags keeps its own cache per user (XDG), never in the install folder', () => {
  const before = readFileSync(shipped());
  const installed = caches();
  const xdg = mkdtempSync(join(tmpdir(), 'kr-xdg-'));
  expect(runKr(['--max-old-space-size=300'], ['--version'], { XDG_CACHE_HOME: xdg })).toBe(0);
  const own = readdirSync(join(xdg, 'kr', 'code-cache'));
  expect(own).toEqual([expect.stringMatching(new RegExp(`^kr-bundle-[0-9a-f]+-${process.version.replace(/\./g, '\\.')}-[0-9a-f]+\\.cache$`))]);
  // the second such run reads it (and rewrites nothing)
  const made = readFileSync(join(xdg, 'kr', 'code-cache', own[0]));
  expect(runKr(['--max-old-space-size=300'], ['--version'], { XDG_CACHE_HOME: xdg })).toBe(0);
  expect(readFileSync(join(xdg, 'kr', 'code-cache', own[0])).equals(made)).toBe(true);
  // the install folder has the shipped cache only, as it was
  expect(caches()).toEqual(installed);
  expect(readFileSync(shipped()).equals(before)).toBe(true);
  // and a plain run still starts from the shipped cache without rewriting it or making another
  expect(runKr([], ['--version'], { XDG_CACHE_HOME: xdg })).toBe(0);
  expect(readFileSync(shipped()).equals(before)).toBe(true);
  expect(readdirSync(join(xdg, 'kr', 'code-cache'))).toEqual(own);
});

test('a directory or a garbage file where the per-user cache goes is no cache: kr still runs', () => {
  const xdg = mkdtempSync(join(tmpdir(), 'kr-xdg-'));
  expect(runKr(['--max-old-space-size=300'], ['--version'], { XDG_CACHE_HOME: xdg })).toBe(0);
  const [own] = readdirSync(join(xdg, 'kr', 'code-cache'));
  const path = join(xdg, 'kr', 'code-cache', own);
  rmSync(path);
  mkdirSync(path);
  expect(runKr(['--max-old-space-size=300'], ['--version'], { XDG_CACHE_HOME: xdg })).toBe(0);
  rmSync(path, { recursive: true });
  writeFileSync(path, 'not a V8 code cache');
  expect(runKr(['--max-old-space-size=300'], ['--version'], { XDG_CACHE_HOME: xdg })).toBe(0);
  // a rejected cache is replaced by a good one at exit
  expect(readFileSync(path, 'utf8')).not.toBe('not a V8 code cache');
});

test('the bundle runs what it loads on demand, from the code cache and without it: redirection to a file, Get-KrCookie fingerprints', () => {
  // a dynamic import() inside a Script compiled from a code cache fails ("A dynamic import
  // callback was not specified"): the built bundle must hold none, and both runs must work
  const dir = mkdtempSync(join(tmpdir(), 'kr-bundle-run-'));
  const jar = join(dir, 'jar.txt');
  writeFileSync(jar, '# Netscape HTTP Cookie File\nlocalhost\tFALSE\t/\tFALSE\t0\tsid\tsecret-value\n');
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', HOME: dir };
  delete env.NODE_OPTIONS;
  delete env.KR_EXTRA_CMDLETS;
  const script = `Get-KrCookie -Jar '${jar}' | Select-Object -ExpandProperty Fingerprint; 'x' > '${join(dir, 'out.txt')}'; Get-Content '${join(dir, 'out.txt')}'`;
  for (const attempt of [1, 2]) {
    const ran = spawnSync(process.execPath, [krBin, '-c', script], { env, encoding: 'utf8', cwd: dir });
    expect({ attempt, status: ran.status, stderr: ran.stderr }).toEqual({ attempt, status: 0, stderr: '' });
    expect(ran.stdout.split('\n')).toEqual([expect.stringMatching(/^[0-9a-f]{12}$/), 'x', '']);
  }
  expect(readFileSync(join(binDir, 'kr-bundle.cjs'), 'latin1')).not.toMatch(/\bimport\("node:/);
});
