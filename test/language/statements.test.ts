// Statements: if/elseif/else, the loops with break/continue and labels, switch (-Wildcard,
// -Regex, script block conditions, default, arrays), try/catch/finally with typed catches,
// throw, return, exit.

import { errorOf, out, run } from './run.js';

describe('control flow', () => {
  it.each([
    ['if ($false) { 1 } elseif ($true) { 2 } else { 3 }', [2]],
    ['if (0) { "no" } else { "else" }', ['else']],
    ['if (@()) { "no" } else { "empty array is false" }', ['empty array is false']],
    ['if ("False") { "non-empty string is true" }', ['non-empty string is true']],
    ['$i = 0; while ($i -lt 3) { $i; $i++ }', [0, 1, 2]],
    ['$i = 0; do { $i; $i++ } while ($i -lt 2)', [0, 1]],
    ['$i = 5; do { $i } until ($true)', [5]],
    ['for ($i = 0; $i -lt 3; $i++) { $i }', [0, 1, 2]],
    ['foreach ($x in 1..5) { if ($x -eq 2) { continue }; if ($x -eq 4) { break }; $x }', [1, 3]],
    [':outer foreach ($a in 1..3) { foreach ($b in 1..3) { if ($b -eq 2) { continue outer }; "$a$b" } }', ['11', '21', '31']],
    ['foreach ($x in $null) { "never" }; "done"', ['done']],
    ['foreach ($h in @{ a = 1 }) { $h.a }', [1]],
  ])('%s', async (code, expected) => {
    expect(await out(code)).toEqual(expected);
  });
});

describe('switch', () => {
  it.each([
    ["switch ('b') { 'a' { 1 } 'b' { 2 } default { 3 } }", [2]],
    ["switch ('z') { 'a' { 1 } default { 'd' } }", ['d']],
    ["switch -Wildcard ('file.json') { '*.txt' { 't' } '*.json' { 'j' } }", ['j']],
    ["switch -Regex ('abc123') { '^\\d' { 'digit' } '\\d+$' { $Matches[0] } }", ['123']],
    ['switch (5) { { $_ -gt 3 } { "big" } { $_ -gt 1 } { "also" } }', ['big', 'also']],
    ['switch (1, 2, 3) { 2 { "two" } default { $_ } }', [1, 'two', 3]],
    ['switch (1, 2, 3) { 2 { "two"; break } default { $_ } }', [1, 'two']],
    ["switch ('A') { 'a' { 'ci' } }", ['ci']],
    ["switch -CaseSensitive ('A') { 'a' { 'ci' } default { 'cs' } }", ['cs']],
  ])('%s', async (code, expected) => {
    expect(await out(code)).toEqual(expected);
  });
});

describe('try, catch, finally, throw', () => {
  it.each([
    ['try { throw "boom" } catch { "caught $_" }', ['caught boom']],
    ['try { throw "x" } catch { $_.Exception.Message; $_.FullyQualifiedErrorId }', ['x', 'x']],
    ['try { 1 } finally { "fin" }', [1, 'fin']],
    ['try { [int]"x" } catch [System.Management.Automation.RuntimeException] { "runtime" }', ['runtime']],
    ['try { Nope-Command } catch [System.Management.Automation.CommandNotFoundException] { "cnf" } catch { "other" }', ['cnf']],
    ['try { Write-Output -Bogus 1 } catch [System.Management.Automation.ParameterBindingException] { "binding" }', ['binding']],
    ['try { try { throw "in" } finally { "inner fin" } } catch { "outer $_" }', ['inner fin', 'outer in']],
    ['try { Write-Error "we" -ErrorAction Stop } catch { "stopped: $($_.Exception.Message)" }', ['stopped: we']],
  ])('%s', async (code, expected) => {
    expect(await out(code)).toEqual(expected);
  });

  it('an uncaught throw ends the script with exit 1; its ErrorId is its text', async () => {
    const ran = await run('"before"; throw "it broke"; "after"');
    expect(ran.output).toEqual(['before']);
    expect(ran.exitCode).toBe(1);
    expect(ran.errors).toEqual([{ errorId: 'it broke', category: 'OperationStopped', message: 'it broke' }]);
  });

  it('a try without catch or finally is MissingCatchOrFinally', async () => {
    expect((await errorOf('try { 1 }')).errorId).toBe('MissingCatchOrFinally');
  });
});

describe('exit and return', () => {
  it('exit n ends the script with n', async () => {
    const ran = await run('"a"; exit 7; "b"');
    expect(ran.output).toEqual(['a']);
    expect(ran.exitCode).toBe(7);
    expect(ran.exited).toBe(true);
  });

  it('return leaves a function with its value', async () => {
    expect(await out('function f { "one"; return "two"; "three" }; f')).toEqual(['one', 'two']);
  });
});
