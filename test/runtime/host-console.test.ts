// The console host on in-memory streams: colour rules, stream prefixes, machine (quiet)
// mode, and the non-interactive host failing prompts at once.
import { PassThrough } from 'node:stream';
import { BindingErrors } from '../../src/params/errors.js';
import { ConsoleHost, detectInteractive, isCiEnvironment, shouldUseColor } from '../../src/runtime/host-console.js';
import { confirmPrompt } from '../../src/runtime/should-process.js';
import { formatError } from '../../src/runtime/format.js';
import { formatOutputObject } from '../../src/runtime/out-default.js';
import { Hashtable } from '../../src/params/values.js';

function stream(isTTY: boolean): PassThrough & { isTTY: boolean; text(): string } {
  const s = new PassThrough() as PassThrough & { isTTY: boolean; text(): string };
  s.isTTY = isTTY;
  let buffer = '';
  s.on('data', (chunk: Buffer) => (buffer += chunk.toString()));
  s.text = () => buffer;
  return s;
}

test('colour: --no-color, then NO_COLOR, then FORCE_COLOR, then TTY', () => {
  expect(shouldUseColor({}, true)).toBe(true);
  expect(shouldUseColor({}, false)).toBe(false);
  expect(shouldUseColor({}, true, true)).toBe(false);
  expect(shouldUseColor({ NO_COLOR: '1' }, true)).toBe(false);
  expect(shouldUseColor({ NO_COLOR: '' }, true)).toBe(true);
  expect(shouldUseColor({ FORCE_COLOR: '1' }, false)).toBe(true);
  expect(shouldUseColor({ FORCE_COLOR: '0' }, true)).toBe(false);
  expect(shouldUseColor({ FORCE_COLOR: '1', NO_COLOR: '1' }, true)).toBe(false);
  expect(shouldUseColor({ FORCE_COLOR: '1' }, true, true)).toBe(false);
});

test('interactive only with TTY stdin and stdout, no CI, no --non-interactive', () => {
  const tty = { isTTY: true } as unknown as NodeJS.ReadableStream & { isTTY: boolean };
  const pipe = { isTTY: false } as unknown as NodeJS.ReadableStream & { isTTY: boolean };
  const out = { isTTY: true } as unknown as NodeJS.WritableStream & { isTTY: boolean };
  const outPipe = {} as NodeJS.WritableStream;
  expect(detectInteractive(tty, out, {})).toBe(true);
  expect(detectInteractive(pipe, out, {})).toBe(false);
  expect(detectInteractive(tty, outPipe, {})).toBe(false);
  expect(detectInteractive(tty, out, { CI: 'true' })).toBe(false);
  expect(detectInteractive(tty, out, { CI: 'false' })).toBe(true);
  expect(detectInteractive(tty, out, {}, true)).toBe(false);
  expect(isCiEnvironment({ CI: '1' })).toBe(true);
  expect(isCiEnvironment({})).toBe(false);
});

test('streams get PowerShell prefixes; colour only when allowed', () => {
  const stdout = stream(false);
  const host = new ConsoleHost({ stdin: stream(false), stdout, stderr: stream(false), env: {} });
  host.writeVerbose('v');
  host.writeWarning('w');
  host.writeDebug('d');
  host.writeInformation('i', []);
  host.writeWhatIf('What if: x');
  host.writeOutput('plain');
  expect(stdout.text()).toBe('VERBOSE: v\nWARNING: w\nDEBUG: d\ni\nWhat if: x\nplain\n');
  expect(host.color).toBe(false);

  const coloured = stream(true);
  const tty = new ConsoleHost({ stdin: stream(true), stdout: coloured, stderr: stream(true), env: {} });
  tty.writeWarning('w');
  expect(coloured.text()).toBe('\u001b[33mWARNING: w\u001b[39m\n');

  const noColor = stream(true);
  new ConsoleHost({ stdin: stream(true), stdout: noColor, stderr: stream(true), env: { NO_COLOR: '1' } }).writeWarning('w');
  expect(noColor.text()).toBe('WARNING: w\n');
});

test('errors go to stderr, PowerShell-style, with the offending token marked', () => {
  const stdout = stream(false);
  const stderr = stream(false);
  const host = new ConsoleHost({ stdin: stream(false), stdout, stderr, env: {} });
  const error = BindingErrors.namedParameterNotFound('Foo', { position: { start: 7, end: 11 }, commandName: 'Test-X' });
  host.writeError(error, { source: 'Test-X -Foo bar' });
  expect(stdout.text()).toBe('');
  expect(stderr.text()).toBe(
    [
      "Test-X: A parameter cannot be found that matches parameter name 'Foo'.",
      '+ Test-X -Foo bar',
      '+        ~~~~',
      '    + CategoryInfo          : InvalidArgument: (:) [Test-X], ParameterBindingException',
      '    + FullyQualifiedErrorId : NamedParameterNotFound,Test-X',
      '',
    ].join('\n'),
  );
});

test('quiet (--json) mode shows nothing', () => {
  const stdout = stream(true);
  const stderr = stream(true);
  const host = new ConsoleHost({ stdin: stream(true), stdout, stderr, env: {}, quiet: true });
  host.writeOutput('x');
  host.writeWarning('w');
  host.writeError(BindingErrors.commandNotFound('X'));
  expect(stdout.text() + stderr.text()).toBe('');
});

test('the non-interactive host rejects a prompt at once with exit 3', async () => {
  const host = new ConsoleHost({ stdin: stream(false), stdout: stream(false), stderr: stream(false), env: {} });
  expect(host.interactive).toBe(false);
  await expect(host.promptChoice(confirmPrompt('SignOut', 'Cookies'))).rejects.toMatchObject({
    errorId: 'HostNonInteractive',
    exitCode: 3,
  });
  const forced = new ConsoleHost({ stdin: stream(true), stdout: stream(true), stderr: stream(true), env: {}, interactive: false });
  await expect(forced.promptChoice(confirmPrompt('SignOut', 'Cookies'))).rejects.toMatchObject({ exitCode: 3 });
});

test("output objects render as PowerShell's Out-Default does: strings as they are, small objects as tables, dictionaries as Name/Value", () => {
  expect(formatOutputObject('text')).toEqual(['text']);
  expect(formatOutputObject({ Name: 'Get-Help', Synopsis: 'x' })).toEqual(['', 'Name     Synopsis', '----     --------', 'Get-Help x', '']);
  expect(formatOutputObject(Hashtable.from({ a: 1, b: true }))).toEqual(['', `Name${' '.repeat(27)}Value`, `----${' '.repeat(27)}-----`, `a${' '.repeat(30)}1`, `b${' '.repeat(30)}True`, '']);
  expect(formatOutputObject(null)).toEqual([]);
});

test('the console host holds a table back until it can size it, and shows the rows before the next warning', async () => {
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  const out = stream(false);
  const host = new ConsoleHost({ stdin: stream(false), stdout: out, stderr: stream(false), env: {}, interactive: false });
  host.writeOutput({ a: 'x' });
  host.writeOutput({ a: 'longer' });
  await tick();
  expect(out.text()).toBe('');
  host.writeWarning('careful');
  host.writeOutput({ a: 'the longest value' });
  host.endOutput();
  await tick();
  expect(out.text().split('\n')).toEqual(['', 'a', '-', 'x', 'longer', 'WARNING: careful', 'the l…', '', '']);
});

test('CommandNotFoundException shows the unknown name as its head', () => {
  const lines = formatError(BindingErrors.commandNotFound('Nope', { token: 'Nope', position: { start: 0, end: 4 } }), 'Nope -x');
  expect(lines[0]).toBe("Nope: The term 'Nope' is not recognized as a name of a cmdlet, function, script file, or executable program.");
  expect(lines[2]).toBe('+ ~~~~');
  expect(lines[4]).toBe('    + FullyQualifiedErrorId : CommandNotFoundException');
});

test('an error at offset 0 of a text that starts with a line break marks the first (empty) line', () => {
  // the fuzzer's argv ["\n"]: lastIndexOf('\n', -1) finds the break at 0, which once made the column -1
  const lines = formatError(BindingErrors.commandNotFound('x', { token: 'x', position: { start: 0, end: 1 } }), '\nx');
  expect(lines[1]).toBe('+ ');
  expect(lines[2]).toBe('+ ~');
});
