// Scripts through the real `kr`: -c, -f (with $args) and stdin; every statement form
// (`;`/newlines, `#` and `<# #>` comments, assignments, variables as arguments and in
// "double quotes"), the preference variables and what they change, $LASTEXITCODE and $?,
// and a terminating error that stops the script with its exit code and its location.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, runKr, writeTestCmdlets, type KrRun } from './kr-process.js';

let dir: string;
let env: Record<string, string>;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'kr-scripts-'));
  env = { KR_EXTRA_CMDLETS: writeTestCmdlets(dir), HOME: dir };
}, 120000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const kr = (args: string[], input = ''): KrRun => runKr(args, { cwd: dir, env, input });
const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

function script(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('statements', () => {
  test('`;` and newlines separate statements; # and <# #> are comments', () => {
    const r = kr(['-c', "Test-Echo one; Test-Echo two # not an argument\n<# a block\ncomment #> Test-Echo three\n\n# only a comment"]);
    expect(r.status).toBe(0);
    expect(lines(r.stdout)).toEqual(['one', 'two', 'three']);
  });

  test('assignments of literal values, variables as arguments and inside double quotes', () => {
    const r = kr(['-c', "$scheme = 'oidc'; $n = 42; $list = 'a', 'b'; Test-Echo $scheme; Test-Echo \"$scheme-x\"; Test-Echo -Value $n; Test-Echo $list; Test-Echo '$scheme'"]);
    expect(r.stderr).toBe('');
    expect(lines(r.stdout)).toEqual(['oidc', 'oidc-x', '42', 'a|b', '$scheme']);
  });

  test('a variable reaches a real cmdlet parameter: -Scheme $scheme', () => {
    const r = kr(['-c', "$scheme = 'App'; Invoke-KrCookieSignOut -Scheme $scheme -WhatIf"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('What if: Performing the operation "SignOut" on target "App".');
  });
});

describe('$LASTEXITCODE and $?', () => {
  test('are set after each command: success, a non-terminating error, an assignment', () => {
    const r = kr(['-c', 'Test-Echo ok; Test-Echo "$LASTEXITCODE $?"; Test-Echo x -Fail; Test-Echo "$LASTEXITCODE $?"; $a = 1; Test-Echo "$?"']);
    expect(lines(r.stdout)).toEqual(['ok', '0 True', 'x', '1 False', 'True']);
    expect(r.stderr).toContain('Test-Echo: test failure');
    // kr's choice (CI-friendly): a script that wrote any error exits 1, even when later commands succeeded.
    expect(r.status).toBe(1);
  });

  test('a non-terminating error as the last command makes the exit code 1', () => {
    expect(kr(['-c', 'Test-Echo x -Fail']).status).toBe(1);
  });

  test('on their own they are written out; only commands set $LASTEXITCODE, an assignment keeps it', () => {
    const r = kr(['-c', 'Test-Echo x -Fail; $LASTEXITCODE; $?; $a = 1; $LASTEXITCODE']);
    expect(lines(r.stdout)).toEqual(['x', '1', 'True', '1']);
  });
});

describe('expression statements and exit', () => {
  test('a value on its own goes to the output: strings, numbers, booleans, arrays one item at a time', () => {
    const r = kr(['-c', "'text'; 42; $true\n$n = 'a', 'b'; $n; \"$n-x\""]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(lines(r.stdout)).toEqual(['text', '42', 'True', 'a', 'b', 'a b-x']);
    const json = JSON.parse(kr(['--json', '-c', "'text'; 42; 1, 2"]).stdout) as { output: unknown[] };
    expect(json.output).toEqual(['text', 42, 1, 2]);
  });

  test('exit n ends the script with exit code n; later statements do not run', () => {
    const r = kr(['-c', 'Test-Echo a; exit 4; Test-Echo b']);
    expect(r.status).toBe(4);
    expect(lines(r.stdout)).toEqual(['a']);
    expect(kr(['-c', 'Test-Echo a; exit']).status).toBe(0);
  });

  test('the process ends with the code modulo 256, as pwsh on Linux; --json reports that code', () => {
    expect(kr(['-c', 'exit -1']).status).toBe(255);
    expect(kr(['-c', 'exit 257']).status).toBe(1);
    const r = kr(['--json', '-c', 'exit -2']);
    expect(r.status).toBe(254);
    expect((JSON.parse(r.stdout) as { exitCode: number }).exitCode).toBe(254);
  });

  test('exit decides over earlier errors: exit 0 after a failure is 0, exit $LASTEXITCODE passes it on', () => {
    expect(kr(['-c', 'Test-Echo x -Fail; exit 0']).status).toBe(0);
    expect(kr(['-c', 'Test-Echo x -Fail; Test-Echo ok; exit $LASTEXITCODE']).status).toBe(0);
    expect(kr(['-c', 'Test-Echo ok; Test-Echo x -Fail; exit $LASTEXITCODE']).status).toBe(1);
  });

  test('exit in a script file, on stdin, and an exit code that is not a number', () => {
    expect(kr(['-f', script('exit.ps1', 'Test-Echo in-file\nexit 7\nTest-Echo never\n')]).status).toBe(7);
    expect(kr([], 'Test-Echo piped\nexit 6\nTest-Echo never\n')).toMatchObject({ status: 6, stdout: 'piped\n' });
    const bad = kr(['-c', "exit 'soon'"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('Cannot convert value "soon" to type "System.Int32".');
    expect(bad.stderr).toContain('FullyQualifiedErrorId : InvalidCastFromStringToInteger');
  });
});

describe('preference variables', () => {
  test('$WhatIfPreference = $true makes a ShouldProcess cmdlet print What if and not act', () => {
    const r = kr(['-c', '$WhatIfPreference = $true; Test-Secret App']);
    expect(r.status).toBe(0);
    expect(lines(r.stdout)).toEqual(['What if: Performing the operation "Use" on target "App".']);
    // -WhatIf:$false beats the preference.
    expect(lines(kr(['-c', '$WhatIfPreference = $true; Test-Secret App -WhatIf:$false']).stdout)).toEqual(['used App']);
  });

  test("$ConfirmPreference = 'Low' makes it prompt; with no terminal that is exit 3", () => {
    expect(kr(['-c', 'Test-Secret App']).status).toBe(0);
    const r = kr(['-c', "$ConfirmPreference = 'Low'; Test-Secret App; Test-Echo 'not reached'"]);
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('kr is in NonInteractive mode. Read and Prompt functionality is not available.');
    expect(r.stderr).toContain('FullyQualifiedErrorId : HostNonInteractive,Test-Secret');
  });

  test("$VerbosePreference = 'Continue' shows verbose records", () => {
    expect(kr(['-c', 'Test-Echo a']).stdout).not.toContain('VERBOSE:');
    expect(lines(kr(['-c', "$VerbosePreference = 'Continue'; Test-Echo a"]).stdout)).toEqual(['VERBOSE: echoing', 'a']);
  });

  test("$ErrorActionPreference = 'Stop' turns a non-terminating error into the end of the script", () => {
    const goesOn = kr(['-c', 'Test-Echo a -Fail; Test-Echo b']);
    expect(lines(goesOn.stdout)).toEqual(['a', 'b']);
    const stops = kr(['-c', "$ErrorActionPreference = 'Stop'; Test-Echo a -Fail; Test-Echo b"]);
    expect(stops.stdout).toBe('');
    expect(stops.status).toBe(1);
    expect(stops.stderr).toContain('test failure');
  });

  test('a wrong value for a preference variable is a terminating usage error', () => {
    const r = kr(['-c', "$ConfirmPreference = 'Often'; Test-Echo a"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('InvalidPreferenceValue');
  });
});

describe('kr -f script.ps1 [args]', () => {
  test('runs the file with its arguments as $args', () => {
    const path = script('args.ps1', '# greet\n$greeting = "hello"\nTest-Echo "$greeting"\nTest-Echo $args\n');
    const r = kr(['-f', path, 'one', 'two']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(lines(r.stdout)).toEqual(['hello', 'one|two']);
  });

  test('a failing statement writes its error with where it was, the script goes on, and the exit code is that error\'s: file:line char:column', () => {
    const path = script('fails.ps1', "Test-Echo before\n# a comment\n    Test-Throw\nTest-Echo after\n");
    const r = kr(['-f', path]);
    expect(r.status).toBe(5);
    // the failing statement ends; the script goes on (PowerShell's statement-terminating error)
    expect(lines(r.stdout)).toEqual(['before', 'after']);
    expect(lines(r.stderr)).toEqual([
      'Test-Throw: it broke',
      `At ${path}:3 char:5`,
      '+     Test-Throw',
      '+     ~~~~~~~~~~',
      '    + CategoryInfo          : InvalidOperation: (:) [Test-Throw], KrError',
      '    + FullyQualifiedErrorId : TestTerminating,Test-Throw',
    ]);
  });

  test('a binding error marks the offending token on its line', () => {
    const path = script('binding.ps1', "Test-Echo a\nTest-Echo b -Nope 1\n");
    const r = kr(['-f', path]);
    expect(r.status).toBe(2);
    expect(lines(r.stdout)).toEqual(['a']);
    const err = lines(r.stderr);
    expect(err[0]).toBe("Test-Echo: A parameter cannot be found that matches parameter name 'Nope'.");
    expect(err.slice(1, 4)).toEqual([`At ${path}:2 char:13`, '+ Test-Echo b -Nope 1', '+             ~~~~~']);
  });

  test('a parse error anywhere stops the script before it runs', () => {
    const path = script('parse.ps1', "Test-Echo a\nTest-Echo 'open\n");
    const r = kr(['-f', path]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('The string is missing the terminator');
    expect(r.stderr).toContain(`At ${path}:2 char:11`);
  });

  test('a missing script file is exit 2 with its path', () => {
    const r = kr(['-f', join(dir, 'nope.ps1')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`The script file '${join(dir, 'nope.ps1')}' was not found.`);
    expect(kr(['-c', 'Test-Echo', '-f', 'x.ps1']).status).toBe(2);
  });
});

describe('statements from stdin', () => {
  test('echo "Test-Echo" | kr runs them; errors say At line:N char:M', () => {
    const r = kr([], "Test-Echo one\n$x = 'two'\nTest-Echo $x\nTest-Throw\nTest-Echo three\n");
    expect(r.status).toBe(5);
    expect(lines(r.stdout)).toEqual(['one', 'two', 'three']);
    expect(r.stderr).toContain('At line:4 char:1');
  });

  test('--json prints one result document for stdin statements; nothing on stdin is the usage error', () => {
    const r = kr(['--json'], 'Test-Echo a; Test-Echo b');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { output: string[]; exitCode: number };
    expect(doc.output).toEqual(['a', 'b']);
    const none = kr([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('missing the cmdlet to run');
  });
});
