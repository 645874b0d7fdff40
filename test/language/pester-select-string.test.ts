// Cases from PowerShell's own Select-String.Tests.ps1 (test/powershell/Modules/
// Microsoft.PowerShell.Utility), run as written there where kr can: its string and file
// actions, -Context, -Raw, -Quiet, -NotMatch, -AllMatches, -SimpleMatch and -Culture. The
// highlighting cases are left out: kr never emphasises the match (as -NoEmphasis).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorOf, out, run } from './run.js';

const ONE = '$testinputone = "hello","Hello","goodbye"; ';
const TWO = '$testinputtwo = "hello","Hello"; ';
// the test file, written into the runspace's own folder (PowerShell's TestDrive)
const FILE =
  '$testInputFile = Join-Path $PWD testfile1.txt; ' +
  'Set-Content $testInputFile -NoNewline -Value ("This is a text string, and another string`nThis is the second line`nThis is the third line`nThis is the fourth line`nNo matches"); ';

describe('Select-String.Tests.ps1: string actions', () => {
  const cases: [string, unknown[]][] = [
    [TWO + '$result = $testinputtwo | Select-String -Pattern "hello"; $result.GetType().Name', ['Object[]']],
    [TWO + '$result = $testinputtwo | Select-String -Pattern "hello" -CaseSensitive; $result.GetType().FullName', ['Microsoft.PowerShell.Commands.MatchInfo']],
    [TWO + '$testinputtwo | Select-String -Pattern "hello" -CaseSensitive | ForEach-Object { "$_" }', ['hello']],
    [TWO + '(($testinputtwo | Select-String -Pattern "hello" -ca) | ForEach-Object Line) -join ","', ['hello']],
    ['$result = Select-String -InputObject "some stuff", "other stuff" -Pattern "other"; $result.GetType().Name; $result.Line', ['MatchInfo', 'some stuff other stuff']],
    ['(Select-String -InputObject "some stuff", "other stuff" -Pattern "neither") -eq $null', [true]],
    [TWO + '$testinputtwo | Select-String -Quiet "hello" -CaseSensitive', [true]],
    [TWO + '($testinputtwo | Select-String -Quiet "goodbye") -eq $null', [true]],
    [ONE + '$testinputone | Select-String -Pattern "goodbye" -NotMatch | ForEach-Object Line', ['hello', 'Hello']],
    [ONE + '($testinputone | Select-String -Pattern "l" -NoEmphasis | Out-String) -split "`n" | Where-Object { $_ }', ['hello', 'Hello']],
    [TWO + '($testinputtwo | Select-String -Pattern "hello" -CaseSensitive -Raw).GetType().Name', ['String']],
    [ONE + '($testinputone | Select-String -Pattern "l" -AllMatches)[0].Matches.Count', [2]],
    [ONE + '($testinputone | Select-String -Pattern "l" -SimpleMatch)[1].Matches[0].Index', [2]],
    [ONE + '($testinputone | Select-String -Pattern "o" -List).Count', [1]],
    ['("a1b22" | Select-String "(?<n>\\d+)" -AllMatches).Matches.Value -join ","', ['1,22']],
    ['$m = "hello" | Select-String "l"; $m.LineNumber, $m.Filename, $m.Path, $m.Pattern, $m.IgnoreCase', [1, 'InputStream', 'InputStream', 'l', true]],
    ['("a", "b", "a" | Select-String a)[1].LineNumber', [3]],
  ];
  it.each(cases)('%s', async (script, expected) => {
    expect(await out(script)).toEqual(expected);
  });

  it('-Raw with -Quiet is a parameter-set error, exit 2', async () => {
    const error = await errorOf(ONE + '$testinputone | Select-String -Pattern "hello" -Raw -Quiet -ErrorAction Stop');
    expect(error.errorId).toBe('AmbiguousParameterSet,Select-String');
    expect(error.exitCode).toBe(2);
  });
});

describe('Select-String.Tests.ps1: filesystem actions', () => {
  const cases: [string, unknown[]][] = [
    [FILE + '$result = Select-String $testInputFile -Pattern "string"; $result.GetType().Name', ['MatchInfo']],
    [FILE + '$result = Select-String $testInputFile -Pattern "in"; $result.GetType().Name; $result[0].GetType().FullName', ['Object[]', 'Microsoft.PowerShell.Commands.MatchInfo']],
    [FILE + '"$(Select-String $testInputFile -Pattern "string")"', ['testfile1.txt:1:This is a text string, and another string']],
    [FILE + '"$(Select-String $testInputFile -Pattern "second")"', ['testfile1.txt:2:This is the second line']],
    [
      FILE + '$r = Select-String in $testInputFile; $r[0].Line; $r[1].Line; $r[2].Line; $r[3].Line; $r.Count',
      ['This is a text string, and another string', 'This is the second line', 'This is the third line', 'This is the fourth line', 4],
    ],
    [FILE + '(Select-String for $testInputFile) -eq $null', [true]],
    [FILE + '(Select-String third $testInputFile -Context 1 | Out-String) -split "`n" | Where-Object { $_ }', ['  testfile1.txt:2:This is the second line', '> testfile1.txt:3:This is the third line', '  testfile1.txt:4:This is the fourth line']],
    [FILE + '$m = Select-String third $testInputFile -Context 1; $m.Context.PreContext; $m.Context.PostContext', ['This is the second line', 'This is the fourth line']],
    [FILE + '$m = Select-String third $testInputFile -Context 2, 0; $m.Context.PreContext.Count; $m.Context.PostContext.Count', [2, 0]],
    [FILE + '(Select-String is $testInputFile -CaseSensitive).count', [4]],
    [FILE + '"$(Select-String "matc*" $testInputFile -CaseSensitive)"; "$(Select-String "matc*" $testInputFile -ca)"', ['testfile1.txt:5:No matches', 'testfile1.txt:5:No matches']],
    [FILE + '$r = Select-String in $testInputFile -Raw; $r[0]; $r[3]; $r.Count', ['This is a text string, and another string', 'This is the fourth line', 4]],
    [FILE + 'Select-String second $testInputFile -Raw -Context 2,2', ['This is the second line']],
    [FILE + '(Select-String line ./testfile*.txt -List).LineNumber', [2]],
    [FILE + '(Select-String -LiteralPath $testInputFile -Pattern "^No").Filename', ['testfile1.txt']],
  ];
  it.each(cases)('%s', async (script, expected) => {
    expect(await out(script)).toEqual(expected);
  });

  it('a missing file is a non-terminating PathNotFound: the script goes on', async () => {
    const ran = await run('Select-String x ./missing.txt; "after"');
    expect(ran.errors.map((e) => e.errorId)).toEqual(['PathNotFound,Select-String']);
    expect(ran.output).toEqual(['after']);
  });

  it('an invalid regular expression is a terminating InvalidRegex', async () => {
    expect((await errorOf('"x" | Select-String "("')).errorId).toBe('InvalidRegex,Select-String');
  });
});

describe('Select-String.Tests.ps1: -Culture', () => {
  it('-Culture without -SimpleMatch: CannotSpecifyCultureWithoutSimpleMatch', async () => {
    expect((await errorOf('"1" | Select-String -Pattern "hello" -Culture "ru-RU"')).errorId).toBe('CannotSpecifyCultureWithoutSimpleMatch,Select-String');
  });

  const cultures: [string, string, string | null, boolean][] = [
    ['file', 'tr-TR', 'file', false],
    ['fIle', 'tr-TR', null, false],
    ['fIle', 'tr-TR', null, true],
    ['f\u0130le', 'tr-TR', 'file', false],
    ['file', 'en-US', 'file', false],
    ['fIle', 'en-US', 'file', false],
    ['fIle', 'en-US', null, true],
    ['file', 'Ordinal', 'file', false],
    ['fIle', 'Ordinal', 'file', false],
    ['fIle', 'Ordinal', null, true],
    ['file', 'Invariant', 'file', false],
    ['fIle', 'Invariant', 'file', false],
    ['fIle', 'Invariant', null, true],
  ];
  it.each(cultures)("'file' | Select-String -Pattern %s -Culture %s -SimpleMatch gives %s (case-sensitive: %s)", async (pattern, culture, expected, caseSensitive) => {
    const ran = await run(`'file' | Select-String -Pattern '${pattern}' -Culture ${culture} -SimpleMatch -CaseSensitive:$${caseSensitive} | ForEach-Object Line`);
    expect(ran.errors).toEqual([]);
    expect(ran.output).toEqual(expected === null ? [] : [expected]);
  });
});

describe('Select-String -Encoding', () => {
  it('reads the file in the encoding asked for: UTF-8 by default, latin1 byte for byte, ascii with ? for bytes above 0x7F', async () => {
    // "café" in UTF-8 (c3 a9), then a latin1 line "naïve" (ef)
    const file = join(mkdtempSync(join(tmpdir(), 'kr-sls-')), 'enc.txt');
    writeFileSync(file, Buffer.from([0x63, 0x61, 0x66, 0xc3, 0xa9, 0x0a, 0x6e, 0x61, 0xef, 0x76, 0x65]));
    const path = `-LiteralPath '${file}'`;
    expect(await out(`(Select-String ${path} -Pattern "café").LineNumber`)).toEqual([1]);
    expect(await out(`(Select-String ${path} -Pattern "naïve" -Encoding latin1).LineNumber`)).toEqual([2]);
    expect(await out(`(Select-String ${path} -Pattern "café" -Encoding ascii) -eq $null`)).toEqual([true]);
    expect(await out(`(Select-String ${path} -Pattern "caf\\?\\?" -Encoding ascii).Line`)).toEqual(['caf??']);
  });
});
