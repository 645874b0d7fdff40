// runCli's last guard: a bug that escapes the runspace is reported like any failure (an
// errorId, exit 1, one JSON document with --json), never as a crash with a stack trace.
import { Readable, Writable } from 'node:stream';
import { runCli, type CliIo } from '../../src/cli/main.js';

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** An io whose environment throws when read: kr's own code fails outside any cmdlet. */
function brokenIo(): CliIo & { stdout: Collect; stderr: Collect } {
  const env = new Proxy({}, {
    get: (_target, key) => {
      if (typeof key === 'string' && key.startsWith('KR_')) throw new TypeError('environment exploded');
      return undefined;
    },
  });
  return { stdin: Readable.from([]), stdout: new Collect(), stderr: new Collect(), env, cwd: process.cwd() };
}

test('an unexpected exception in kr itself is exit 1 with a one-line report', async () => {
  const io = brokenIo();
  const code = await runCli(['Invoke-KrCookieSignOut', '-WhatIf'], io);
  expect(code).toBe(1);
  expect(io.stderr.text).toBe('kr: kr failed unexpectedly (this is a bug in kr): TypeError: environment exploded\n');
  expect(io.stdout.text).toBe('');
});

test('with --json the unexpected exception is the one JSON document, errorId UnhandledException', async () => {
  const io = brokenIo();
  const code = await runCli(['--json', 'Invoke-KrCookieSignOut', '-WhatIf'], io);
  expect(code).toBe(1);
  const doc = JSON.parse(io.stdout.text) as { errors: { errorId: string }[]; exitCode: number };
  expect(doc.errors.map((e) => e.errorId)).toEqual(['UnhandledException']);
  expect(doc.exitCode).toBe(1);
  expect(io.stderr.text).toBe('');
});
