// src/cli/process-io.ts in real child processes: kr's output reaches a socket (Node's spawn),
// a shell pipe (FIFO), a file, /dev/null and a full non-blocking pipe (EAGAIN: the rest goes through the
// real stream) complete and in order; a reader that went away is an EPIPE 'error' event; and a
// -WhatIf sign-out on pipes does not load Node's stream, net, tty, fs/promises or os modules at all.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, krBin } from '../shell/kr-process.js';

const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
let dir: string;
let writer: string;

const LINES = 20_000; // about 400 kB: several times a pipe's 64 kB buffer
const expected = Array.from({ length: LINES }, (_, i) => `line ${i} ${'x'.repeat(10)}\n`).join('');

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'kr-process-io-'));
  writer = join(dir, 'writer.mjs');
  // writes the lines to stdout (one write each), then says on stderr which writer it used and
  // whether Node's real stdout stream was made (net is what a pipe's stream loads)
  writeFileSync(
    writer,
    `import { processIo } from ${JSON.stringify(join(root, 'dist/src/cli/process-io.js'))};
const io = processIo();
io.stdout.on('error', (e) => { io.stderr.write('error ' + e.code + '\\n'); process.exit(7); });
for (let i = 0; i < ${LINES}; i++) io.stdout.write('line ' + i + ' ' + 'x'.repeat(10) + '\\n');
const stream = process.moduleLoadList.includes('NativeModule net') ? 'the real stream' : 'no stream';
io.stderr.write('writer ' + io.stdout.constructor.name + ', ' + stream + '\\n');
`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('to a socket (what spawn gives a child): everything, in order, without the stream', () => {
  const r = spawnSync(process.execPath, [writer], { encoding: 'utf8', maxBuffer: 10_000_000 });
  expect(r.stderr).toBe('writer FdWriter, no stream\n');
  expect(r.stdout === expected).toBe(true);
});

test('to a shell pipe and to a file: everything, in order', () => {
  const out = join(dir, 'out.txt');
  const r = spawnSync('bash', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(writer)} | cat > ${JSON.stringify(out)}`], { encoding: 'utf8' });
  expect(r.stderr).toBe('writer FdWriter, no stream\n');
  expect(readFileSync(out, 'utf8') === expected).toBe(true);
  const file = join(dir, 'file.txt');
  spawnSync('bash', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(writer)} > ${JSON.stringify(file)}`]);
  expect(readFileSync(file, 'utf8') === expected).toBe(true);
});

test('to /dev/null: the fd writer, no stream; a terminal still gets the real stream', () => {
  const r = spawnSync('bash', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(writer)} > /dev/null`], { encoding: 'utf8' });
  expect(r.stderr).toBe('writer FdWriter, no stream\n');
  // another character device (a pseudo-terminal from `script`) is not /dev/null
  const tty = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(writer)} 2>&1 >/dev/tty | tail -1`, '/dev/null'], { encoding: 'utf8', maxBuffer: 10_000_000 });
  if (tty.error) return; // no util-linux script here
  expect(tty.stdout).toContain('writer');
  expect(tty.stdout).not.toContain('writer FdWriter');
});

test('a full non-blocking pipe (EAGAIN) hands the rest to the real stream: nothing lost or reordered', () => {
  // python makes the pipe non-blocking and reads only after a pause, so the writer hits EAGAIN
  const script = `
import fcntl, os, subprocess, sys, time
r, w = os.pipe()
fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
p = subprocess.Popen([sys.argv[1], sys.argv[2]], stdout=w, stderr=subprocess.PIPE)
os.close(w)
time.sleep(0.5)
data = b''
while True:
    chunk = os.read(r, 65536)
    if not chunk:
        break
    data += chunk
err = p.stderr.read()
p.wait()
sys.stdout.buffer.write(data)
sys.stderr.buffer.write(err)
`;
  const r = spawnSync('python3', ['-c', script, process.execPath, writer], { encoding: 'utf8', maxBuffer: 10_000_000 });
  expect(r.stderr).toBe('writer FdWriter, the real stream\n');
  expect(r.stdout.length).toBe(expected.length);
  expect(r.stdout === expected).toBe(true);
});

test('a reader that went away: an EPIPE error event, as with the real stream', () => {
  const r = spawnSync('bash', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(writer)} | head -c 10 > /dev/null; echo "status \${PIPESTATUS[0]}" >&2`], {
    encoding: 'utf8',
  });
  expect(r.stderr).toContain('error EPIPE');
  expect(r.stderr).toContain('status 7');
});

test('kr -WhatIf on pipes: the right output, and no stream, net, tty, fs/promises or os module loaded', () => {
  const loaded = join(dir, 'modules.txt');
  const preload = join(dir, 'modules.cjs');
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(loaded)}, process.moduleLoadList.join('\\n')));`);
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: dir, NO_COLOR: '1' };
  delete env.KR_EXTRA_CMDLETS; // the bundled executable, as users run it
  const r = spawnSync(process.execPath, ['-r', preload, krBin, 'Invoke-KrCookieSignOut', '-WhatIf'], { cwd: dir, encoding: 'utf8', env });
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('What if: Performing the operation "SignOut" on target "Cookies".');
  const modules = readFileSync(loaded, 'utf8').split('\n');
  expect(modules.filter((m) => /^NativeModule (stream|net|tty|readline)$/.test(m))).toEqual([]);
  // the reads go through src/io/read.ts; fs/promises (and the readline and watcher modules
  // its FileHandle brings) and os load only when kr writes
  expect(modules.filter((m) => /^NativeModule (fs\/promises|internal\/readline\/interface|os)$/.test(m))).toEqual([]);
});

test("kr -WhatIf does not start libuv's thread pool (its reads are synchronous): as many threads as node -e 0", () => {
  const threads = join(dir, 'threads.txt');
  const preload = join(dir, 'threads.cjs');
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(threads)}, String(require('node:fs').readdirSync('/proc/self/task').length)));`);
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: dir, NO_COLOR: '1' };
  delete env.KR_EXTRA_CMDLETS;
  const jar = join(dir, 'threads-jar.txt');
  writeFileSync(jar, '# Netscape HTTP Cookie File\nwww.example.com\tFALSE\t/\tFALSE\t0\t.AspNetCore.Cookies\tsecret\n');
  spawnSync(process.execPath, ['-r', preload, '-e', '0'], { env });
  const baseline = Number(readFileSync(threads, 'utf8'));
  const r = spawnSync(process.execPath, ['-r', preload, krBin, '--jar', jar, '--url', 'https://www.example.com/', 'Invoke-KrCookieSignOut', '-WhatIf'], { cwd: dir, encoding: 'utf8', env });
  expect(r.stdout).toContain('would remove .AspNetCore.Cookies');
  expect(Number(readFileSync(threads, 'utf8'))).toBe(baseline);
  // a sign-out's fsyncs wait for the disk on the pool (the count runs meanwhile): the check above can tell
  const signedOut = spawnSync(process.execPath, ['-r', preload, krBin, '--jar', jar, '--url', 'https://www.example.com/', 'Invoke-KrCookieSignOut'], { cwd: dir, encoding: 'utf8', env });
  expect(signedOut.stdout).toContain('removed .AspNetCore.Cookies');
  expect(readFileSync(jar, 'utf8')).toBe('# Netscape HTTP Cookie File\n');
  expect(Number(readFileSync(threads, 'utf8'))).toBeGreaterThan(baseline);
});
