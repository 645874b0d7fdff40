// Expressions as PowerShell evaluates them: arithmetic with left-operand typing, comparison
// (case rules, arrays on the left filter), the string operators, ranges, casts, member access
// and methods, indexing and slices, string expansion rules, here-strings.

import { errorOf, out } from './run.js';

describe('arithmetic and precedence', () => {
  it.each([
    ['1 + 2 * 3', [7]],
    ['(1 + 2) * 3', [9]],
    ['10 / 4', [2.5]],
    ['10 % 4', [2]],
    ['"1" + 2', ['12']],
    ['1 + "2"', [3]],
    ['"ab" * 3', ['ababab']],
    ['-5 + 2', [-3]],
    ['2 + 3 -eq 5', [true]],
    ['1, 2 + 3', [1, 2, 3]],
    ['(1, 2) + (3, 4)', [1, 2, 3, 4]],
    ['1..4', [1, 2, 3, 4]],
    ['3..1', [3, 2, 1]],
    ["'{0}-{1}' -f 'a', 2", ['a-2']],
    ["'{0:N2}' -f 3.14159", ['3.14']],
    ["'{0,5}|' -f 'ab'", ['   ab|']],
    ['0x10 + 1kb', [1040]],
    ['$x = 5; $x += 2; $x *= 3; $x', [21]],
    ['$i = 1; $i++; $i', [2]],
    ['$n = $null; $n ?? "default"', ['default']],
    ['$true ? "yes" : "no"', ['yes']],
  ])('%s', async (code, expected) => {
    expect(await out(code)).toEqual(expected);
  });

  it('a trailing operator is ExpectedValueExpression', async () => {
    expect((await errorOf('1 +')).errorId).toBe('ExpectedValueExpression');
  });

  it('dividing by zero is a runtime error, the script goes on', async () => {
    const { run } = await import('./run.js');
    const ran = await run('1 / 0; "after"');
    expect(ran.output).toEqual(['after']);
    expect(ran.errors[0].message).toBe('Attempted to divide by zero.');
  });
});

describe('comparison', () => {
  it.each([
    ["'ABC' -eq 'abc'", [true]],
    ["'ABC' -ceq 'abc'", [false]],
    ["'abc' -ieq 'ABC'", [true]],
    ['1 -eq "1"', [true]],
    ['"10" -lt 9', [true]],
    ['10 -lt "9"', [false]],
    ['1, 2, 3, 2 -eq 2', [2, 2]],
    ['1, 2, 3 -gt 1', [2, 3]],
    ['1, 2, 3 -contains 2', [true]],
    ['2 -in 1, 2, 3', [true]],
    ['4 -notin 1, 2, 3', [true]],
    ["'kr.config.json' -like '*.json'", [true]],
    ["'abc' -notlike 'A*'", [false]],
    ["'abc' -clike 'A*'", [false]],
    ["'a-1' -match '^(?<l>[a-z])-(\\d)$'; $Matches.l; $Matches[2]", [true, 'a', '1']],
    ["'x' -notmatch 'y'", [true]],
    ['$null -eq $null', [true]],
    ['-not $false', [true]],
    ['!1', [false]],
    ['$true -and $false', [false]],
    ['$false -or 1', [true]],
    ['$true -xor $true', [false]],
    ['5 -band 3', [1]],
    ['5 -bor 3', [7]],
  ])('%s', async (code, expected) => {
    expect(await out(code)).toEqual(expected);
  });
});

describe('string operators', () => {
  it.each([
    ["'a,b,c' -split ','", ['a', 'b', 'c']],
    ["'a1b2c' -split '\\d', 2", ['a', 'b2c']],
    ['-split " a  b "', ['a', 'b']],
    ["'a', 'b' -join '+'", ['a+b']],
    ["-join ('a', 'b')", ['ab']],
    ["'hello' -replace 'l', 'L'", ['heLLo']],
    ["'John Smith' -replace '(\\w+) (\\w+)', '$2, $1'", ['Smith, John']],
    ["'abc' -creplace 'A', 'x'", ['abc']],
    ['5 -is [int]', [true]],
    ["'5' -is [string]", [true]],
    ["'5' -as [int]", [5]],
    ["'x' -as [int]", [null]],
    ['@{} -is [hashtable]', [true]],
  ])('%s', async (code, expected) => {
    expect(await out(code)).toEqual(expected);
  });
});

describe('casts and types', () => {
  it.each([
    ['[int]"42"', [42]],
    ['[int]2.5', [2]],
    ['[int]3.5', [4]],
    ['[string]42', ['42']],
    ['[bool]"x"', [true]],
    ['[bool]""', [false]],
    ['[bool]0', [false]],
    ['[array]1', [1]],
    ['([array]1).Count', [1]],
    ['[int]::MaxValue', [2147483647]],
    ["[string]::IsNullOrEmpty('')", [true]],
    ["[string]::Join('-', ('a', 'b'))", ['a-b']],
    ['[math]::Max(3, 7)', [7]],
    ['$o = [pscustomobject]@{ Name = "a"; N = 1 }; $o.Name; $o.N', ['a', 1]],
    ['([ordered]@{ b = 1; a = 2 }).Keys', ['b', 'a']],
  ])('%s', async (code, expected) => {
    expect(await out(code)).toEqual(expected);
  });

  it('an unknown type is TypeNotFound', async () => {
    expect(await errorOf('[Nope.Type]"x"')).toMatchObject({ errorId: 'TypeNotFound', message: 'Unable to find type [Nope.Type].' });
  });

  it('a failed conversion names the value and the type', async () => {
    expect((await errorOf('[int]"abc"')).message).toBe('Cannot convert value "abc" to type "System.Int32". Error: "Input string was not in a correct format."');
  });
});

describe('members, methods, indexing', () => {
  it.each([
    ["'hello'.Length", [5]],
    ["'hello'.ToUpper()", ['HELLO']],
    ["'a b'.Split(' ')", ['a', 'b']],
    ["' x '.Trim()", ['x']],
    ["'hello'.Substring(1, 3)", ['ell']],
    ["'hello'.Replace('l', '')", ['heo']],
    ["'hello'.StartsWith('he')", [true]],
    ['(1, 2, 3).Count', [3]],
    ['@(1, 2, 3)[0]', [1]],
    ['@(1, 2, 3)[-1]', [3]],
    ['@(1, 2, 3, 4)[1..2]', [2, 3]],
    ['@(1, 2, 3)[0, 2]', [1, 3]],
    ["'abc'[1]", ['b']],
    ['$h = @{ a = 1 }; $h.a; $h["a"]; $h.Count; $h.ContainsKey("A")', [1, 1, 1, true]],
    ['$h = @{ a = 1 }; $h.b = 2; $h.Keys.Count', [2]],
    ['$a = @(@{ N = 1 }, @{ N = 2 }); $a.N', [1, 2]],
    ['$x = $null; $x.Length; $x.Count', [0, 0]],
  ])('%s', async (code, expected) => {
    expect(await out(code)).toEqual(expected);
  });

  it('a method on $null is InvokeMethodOnNull', async () => {
    expect((await errorOf('$null.ToString()')).errorId).toBe('InvokeMethodOnNull');
  });

  it('an unknown method is MethodNotFound', async () => {
    expect((await errorOf("'x'.Frobnicate()")).message).toBe("Method invocation failed because [System.String] does not contain a method named 'Frobnicate'.");
  });
});

describe('strings', () => {
  it.each([
    ['$n = "kr"; "hi $n!"', ['hi kr!']],
    ['$n = "kr"; "${n}x"', ['krx']],
    ['$n = "kr"; "$($n.ToUpper())"', ['KR']],
    ['$h = @{ a = 1 }; "$h.a"', ['System.Collections.Hashtable.a']],
    ['$s = "ab"; "$s.Length"', ['ab.Length']],
    ['$a = 1, 2; "$a"', ['1 2']],
    ['$a = 1, 2; $OFS = "-"; "$a"', ['1-2']],
    ["'$n stays'", ['$n stays']],
    ['"a`tb"', ['a\tb']],
    ['"quote""d"', ['quote"d']],
    ["'it''s'", ["it's"]],
    ['"`u{1F600}"', ['\u{1F600}']],
    ['@"\nline $(1 + 1)\n"@', ['line 2']],
    ["@'\nraw $x\n'@", ['raw $x']],
  ])('%j', async (code, expected) => {
    expect(await out(code)).toEqual(expected);
  });

  it('an unterminated string is TerminatorExpectedAtEndOfString', async () => {
    expect((await errorOf('"abc')).errorId).toBe('TerminatorExpectedAtEndOfString');
  });
});

describe('type literals', () => {
  it("a type's own members (`[int].FullName`, `(1).GetType().Name`), -is [psobject] only for what PowerShell wraps", async () => {
    const { out } = await import('./run.js');
    expect(await out('[int].FullName; (1).GetType().Name; [string].Name; [int].5; [int]::MaxValue')).toEqual(['System.Int32', 'Int32', 'String', 0, 2147483647]);
    expect(await out("'hello' -is [psobject]; 1 -is [psobject]; [pscustomobject]@{a=1} -is [psobject]")).toEqual([false, false, true]);
  });

  it("a type is shown as PowerShell's type view: IsPublic IsSerial Name BaseType", async () => {
    const { formatObjects } = await import('../../src/runtime/out-default.js');
    const { run } = await import('./run.js');
    const lines = formatObjects((await run('[int]; [string]')).output);
    expect(lines.slice(0, 5)).toEqual(['', `IsPublic IsSerial Name${' '.repeat(37)}BaseType`, `-------- -------- ----${' '.repeat(37)}--------`, `True     True     Int32${' '.repeat(36)}System.ValueType`, `True     True     String${' '.repeat(35)}System.Object`]);
  });
});

describe('intrinsic members scripts reach for', () => {
  it('.Where() and .ForEach() on collections and scalars, with modes, property names, methods and types', async () => {
    const { out } = await import('./run.js');
    expect(await out('(1,2,3,4).Where({ $_ -gt 1 }) -join ","; (1,2,3,4).Where({ $_ -gt 1 }, "First") -join ","; (1,2,3,4).Where({ $_ -gt 1 }, "Last", 2) -join ","')).toEqual(['2,3,4', '2', '3,4']);
    expect(await out('(1,2,3,4).Where({ $_ -eq 3 }, "SkipUntil") -join ","; (1,2,3,4).Where({ $_ -eq 3 }, "Until") -join ","; $a, $b = (1,2,3,4).Where({ $_ % 2 }, "Split"); $a -join ","; $b -join ","')).toEqual(['3,4', '1,2', '1,3', '2,4']);
    expect(await out('(1,2,3).ForEach({ $_ * 2 }) -join ","; ("a","bb").ForEach("Length") -join ","; ("a","b").ForEach("ToUpper") -join ","; ("1","2").ForEach([int]) -join ","; (5).ForEach({ $_ + 1 })')).toEqual(['2,4,6', '1,2', 'A,B', '1,2', 6]);
  });

  it("a hashtable's GetEnumerator() gives Name/Key/Value entries; dates have ToString(format) and the Add* methods", async () => {
    const { out } = await import('./run.js');
    expect(await out('$h = @{b=2;a=1}; ($h.GetEnumerator() | Sort-Object Name | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ","')).toEqual(['a=1,b=2']);
    expect(await out('$d = Get-Date "2024-01-30T10:00:00Z"; $d.AddDays(2).ToUniversalTime().ToString("yyyy-MM-dd"); $d.AddHours(-10).Hour -ge 0')).toEqual(['2024-02-01', true]);
  });
});
